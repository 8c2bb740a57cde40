"""Who may do what in live interviews: named permissions for views, templates and the
permission matrix."""

import rules  # noqa: F401
