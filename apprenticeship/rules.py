"""Who may do what in the CFA's workspace."""

import rules

from accounts.rules import is_admin, is_cfa, is_jury_president
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
