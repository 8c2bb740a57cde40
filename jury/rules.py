"""Who may do what in the jury back-office. A member sees the dossiers of the programs they
sit on, except those where they declared a conflict of interest; the president decides,
assigns and releases; an admin overrides a released decision. The object predicates are
the jury's scope (the selectors' `jury_wishes`, as the lists); an object view reads its object
whoever asks and lets the permission refuse it, so that a page and its permission never
disagree."""

import rules

from accounts.rules import is_admin, is_jury_member, is_jury_president

from . import selectors


@rules.predicate
def sits_on_jury_of(user, intake) -> bool:
    """The user sits on the jury of the intake's program."""
    return user.jury_programs.filter(pk=intake.program_id).exists()


@rules.predicate
def may_open_wish(user, wish) -> bool:
    """The wish is in the user's programs, seen by the jury, without a declared conflict."""
    return selectors.jury_wishes(user=user).filter(pk=wish.pk).exists()


@rules.predicate
def may_open_document(user, document) -> bool:
    """The document belongs to a dossier with a wish the user may open."""
    return selectors.jury_wishes(user=user).filter(application_id=document.application_id).exists()


rules.add_perm("jury.view_intakes", is_jury_member)
rules.add_perm("jury.view_intake", is_jury_member & sits_on_jury_of)
rules.add_perm("jury.review_wish", is_jury_member & may_open_wish)
rules.add_perm("jury.read_document", is_jury_member & may_open_document)
# Only the president classifies; members propose through their reviews (R-JURY-3/4). Who
# decides reads every member's review and proposal at once, without reviewing first.
rules.add_perm("jury.decide", is_jury_president & may_open_wish)
rules.add_perm("jury.bulk_decide", is_jury_president & sits_on_jury_of)
rules.add_perm("jury.assign_reviewers", is_jury_president & sits_on_jury_of)
rules.add_perm("jury.release_decisions", is_jury_president)
# Released decisions are final; only an admin may override one, with a reason.
rules.add_perm("jury.override_decision", is_admin)
