"""Who may do what in the CFA's workspace."""

import rules

from accounts.rules import is_admin, is_cfa

rules.add_perm("apprenticeship.view_backoffice", is_cfa | is_admin)
