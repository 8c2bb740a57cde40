from .base import EnglishTestProvider, InvalidCallback, ProviderResult
from .registry import current_provider, get_provider, register

__all__ = [
    "EnglishTestProvider",
    "InvalidCallback",
    "ProviderResult",
    "current_provider",
    "get_provider",
    "register",
]
