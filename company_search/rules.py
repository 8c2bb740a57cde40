"""Who may do what in company-search support: named permissions for views, templates and the
permission matrix."""

import rules  # noqa: F401
