"""Who may do what in personal data: named permissions for views, templates and the
permission matrix."""

import rules  # noqa: F401
