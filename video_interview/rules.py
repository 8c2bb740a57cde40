"""Who may do what in deferred video interview: named permissions for views, templates and the
permission matrix."""

import rules  # noqa: F401
