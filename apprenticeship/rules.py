"""Who may do what in the CFA's workspace."""

import rules

from accounts.rules import is_admin, is_candidate, is_cfa, is_jury_member

rules.add_perm("apprenticeship.view_backoffice", is_cfa | is_admin)


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
