"""Who may do what in selection tests and admissibility: named permissions for views, templates and the
permission matrix."""

import rules  # noqa: F401
