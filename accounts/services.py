"""Writes on accounts."""

from django.conf import settings


def user_language_set(*, user, language: str) -> bool:
    """Remember the language a person chose: the e-mails and PDFs sent to them later are
    written in it. Returns whether anything changed."""
    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return False
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return True
