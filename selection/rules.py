"""Who may do what in selection tests and admissibility: named permissions for views, templates and the
permission matrix. A candidate reads their own tests (never a result); the jury members of a
program read its deliberation; the president decides; the minutes are for the president and
the administrators."""

import rules

from accounts.rules import is_admin, is_candidate, is_jury_member, is_jury_president
from jury.rules import may_open_wish, sits_on_jury_of

# The tests page reads the logged-in candidate's own dossier, never one named in the URL.
rules.add_perm("selection.view_tests", is_candidate)
# The members grade the tests: they read the results side by side, the president decides.
rules.add_perm("selection.view_deliberation", is_jury_member & sits_on_jury_of)
rules.add_perm("selection.view_deliberation_wish", is_jury_member & may_open_wish)
rules.add_perm("selection.decide_admissibility", is_jury_president & may_open_wish)
rules.add_perm("selection.bulk_decide_admissibility", is_jury_president & sits_on_jury_of)
rules.add_perm("selection.deliberation_minutes", (is_jury_president & sits_on_jury_of) | is_admin)
