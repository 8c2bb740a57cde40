"""Who may do what in the CFA's workspace."""

import rules

from accounts.rules import is_admin, is_candidate, is_cfa, is_jury_member, is_jury_president
from jury.rules import sits_on_jury_of

rules.add_perm("apprenticeship.view_backoffice", is_cfa | is_admin)


@rules.predicate
def sits_on_jury_of_draw(user, draw) -> bool:
    return sits_on_jury_of(user, draw.intake)


# The complementary list (R-ADMIT-5, R-ADMIT-6): the jury president draws it for the programs
# they sit on; the president, the CFA and admins read a draw and check it (the auditor's
# replay); the CFA follows the trainees (view_backoffice).
rules.add_perm("apprenticeship.draw_complementary_lists", is_jury_president)
rules.add_perm("apprenticeship.draw_complementary_list", is_jury_president & sits_on_jury_of)
rules.add_perm(
    "apprenticeship.view_complementary_draw", is_cfa | is_admin | (is_jury_president & sits_on_jury_of_draw)
)
# --- job sheets, places, admission (R-CFA-2..4) -------------------------------------------


@rules.predicate
def owns_wish(user, wish) -> bool:
    return wish is not None and wish.application.candidate_id == user.pk


@rules.predicate
def sits_on_jury_of_sheet(user, sheet) -> bool:
    """The program head: a jury member of the sheet's program (R-CFA-3)."""
    return sheet is not None and user.jury_programs.filter(pk=sheet.intake.program_id).exists()


# The candidate invites employers for their own admissible choice.
rules.add_perm("apprenticeship.invite_employer", is_candidate & owns_wish)
# The school's review of a sheet: the CFA, and the program's jury (its head).
rules.add_perm(
    "apprenticeship.review_job_sheet", is_cfa | is_admin | (is_jury_member & sits_on_jury_of_sheet)
)
# Places, admission and contracts: the CFA.
rules.add_perm("apprenticeship.manage_admission", is_cfa | is_admin)
