from .base import CallbackResult, CallbackStatus, InvalidCallback, PaymentProvider
from .registry import candidate_providers, get_provider, register

__all__ = [
    "CallbackResult",
    "CallbackStatus",
    "InvalidCallback",
    "PaymentProvider",
    "candidate_providers",
    "get_provider",
    "register",
]
