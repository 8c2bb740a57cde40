"""Who may do what in personal data: named permissions for views, templates and the
permission matrix."""

import rules

from accounts.rules import is_admin, is_candidate

# The candidate's own data page, download and account deletion.
rules.add_perm("privacy.manage_own_data", is_candidate)
# Retention rules, holds, the dry run, the register of processing (the DPO's documents).
rules.add_perm("privacy.manage_retention", is_admin)
