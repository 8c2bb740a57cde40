"""The e-mail templates the code knows about.

Each app registers its templates in its AppConfig.ready() with `register_template`; the
default content is one gettext string for the subject and one for the body (English msgid,
French in locale/fr like every other text), read in the recipient's language; admins
override it per language in the database (`EmailTemplate` rows). Bodies are plain text with
Django template syntax (`{{ placeholder }}`); only the declared placeholders (plus the
common ones) are allowed, in every language's version.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .rendering import validate_source

# Offered to every template: filled by `email_queue` itself.
COMMON_PLACEHOLDERS: dict[str, str] = {
    "site_url": _("Address of the portal"),
    "candidate_name": _("Full name of the recipient (when they have an account)"),
}


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    label: str
    placeholders: dict[str, str]
    subject: str = ""  # lazy gettext strings: their language is the one active when read
    body: str = ""

    @property
    def allowed_placeholders(self) -> dict[str, str]:
        return {**COMMON_PLACEHOLDERS, **self.placeholders}

    def default_for(self, language: str) -> tuple[str, str]:
        with translation.override(language):
            return str(self.subject), str(self.body)

    def sample_context(self) -> dict[str, str]:
        """Sample values for previews: each placeholder shows its own description."""
        return {name: f"[{description}]" for name, description in self.allowed_placeholders.items()}


_TEMPLATES: dict[str, TemplateSpec] = {}


def register_template(
    key: str,
    *,
    label: str,
    placeholders: dict[str, str],
    subject: str,
    body: str,
) -> None:
    """Declare a template and its default content (lazy gettext strings). The defaults are
    checked now in every language: a syntax error or an unknown placeholder, in the code or in
    a translation, fails at start-up, not at sending time."""
    if not isinstance(placeholders, Mapping):  # a plain list of names: tolerated, described by their name
        placeholders = {name: name for name in placeholders}
    spec = TemplateSpec(
        key=key,
        label=label,
        placeholders=dict(placeholders),
        subject=subject,
        body=body,
    )
    for language, _name in settings.LANGUAGES:
        for source in spec.default_for(language):
            validate_source(source, spec.allowed_placeholders)
    _TEMPLATES[key] = spec


def get_template(key: str) -> TemplateSpec:
    try:
        return _TEMPLATES[key]
    except KeyError:
        raise LookupError(f"No e-mail template registered under {key!r}.") from None


def all_templates() -> list[TemplateSpec]:
    return sorted(_TEMPLATES.values(), key=lambda spec: spec.key)
