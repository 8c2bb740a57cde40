"""Who may do what in english test: named permissions for views, templates and the
permission matrix."""

import rules  # noqa: F401
