"""Providers by code."""

from django.conf import settings

from .base import ManualProvider, PaymentProvider
from .sandbox import SandboxProvider
from .stripe_checkout import StripeProvider

_PROVIDERS: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _PROVIDERS[provider.code] = provider
    return provider


def get_provider(code: str) -> PaymentProvider:
    return _PROVIDERS[code]


def candidate_providers() -> list[PaymentProvider]:
    """The providers offered on the pay page: listed in PAYMENT_PROVIDERS, facing
    candidates, and available (Stripe needs its secret key)."""
    offered = []
    for code in settings.PAYMENT_PROVIDERS:
        provider = _PROVIDERS.get(code)
        if provider and provider.candidate_facing and provider.is_available():
            offered.append(provider)
    return offered


for _provider in (SandboxProvider(), StripeProvider(), ManualProvider()):
    register(_provider)
