"""Providers by code; the one in use is ENGLISH_TEST_PROVIDER."""

from django.conf import settings

from .base import EnglishTestProvider
from .generic import GenericProvider
from .sandbox import SandboxProvider

_PROVIDERS: dict[str, EnglishTestProvider] = {}


def register(provider: EnglishTestProvider) -> EnglishTestProvider:
    _PROVIDERS[provider.code] = provider
    return provider


def get_provider(code: str) -> EnglishTestProvider:
    return _PROVIDERS[code]


def current_provider() -> EnglishTestProvider:
    return _PROVIDERS[settings.ENGLISH_TEST_PROVIDER]


for _provider in (SandboxProvider(), GenericProvider()):
    register(_provider)
