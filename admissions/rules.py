"""Who may do what with the session's configuration."""

import rules

from accounts.rules import is_admin

rules.add_perm("admissions.view_backoffice", is_admin)
# Start a session from another one, publish one: the school's administrators.
rules.add_perm("admissions.configure_sessions", is_admin)
