"""Who may do what with a dossier: a candidate with their own, the staff with all of them."""

import rules

from accounts.rules import is_admin, is_candidate, is_jury_president


@rules.predicate
def owns_dossier_item(user, item) -> bool:
    """A wish, a document or a referee of the user's own dossier."""
    return item.application.candidate_id == user.pk


# The dossier's pages read the logged-in candidate's own dossier, never one named in the URL.
rules.add_perm("candidates.edit_dossier", is_candidate)
rules.add_perm("candidates.edit_dossier_item", is_candidate & owns_dossier_item)
# The staff back-office of dossiers: the list, a dossier, its documents, refusal for
# examination, voiding, scholarship decisions.
rules.add_perm("candidates.manage_dossiers", is_admin | is_jury_president)
