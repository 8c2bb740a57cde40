"""Who may do what in the English test: named permissions for views, templates and the
permission matrix. Staff pages: administrators and the jury president (not the CFA, not
the jury's members); the candidate takes their own test."""

import rules

from accounts.rules import is_admin, is_candidate, is_jury_president

is_english_staff = is_admin | is_jury_president

rules.add_perm("english_test.take_test", is_candidate)
rules.add_perm("english_test.view_results", is_english_staff)
rules.add_perm("english_test.import_results", is_english_staff)
rules.add_perm("english_test.invalidate_result", is_english_staff)
rules.add_perm("english_test.view_picture", is_english_staff)
rules.add_perm("english_test.send_invitations", is_admin)
