from decimal import Decimal, InvalidOperation

from django.utils import formats

_CURRENCY_SYMBOLS = {"EUR": "€"}


def money_display(amount, currency: str = "EUR") -> str:
    """An amount as a person reads it in the active language, with its currency symbol."""
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True)
    return f"{number}\u00a0{_CURRENCY_SYMBOLS.get(currency, currency)}"


def stored_money_display(stored: str) -> str:
    """`money_display` of an amount stored as text ("99.00 EUR"); anything else as stored."""
    parts = stored.split()
    if len(parts) != 2:
        return stored
    try:
        return money_display(Decimal(parts[0]), parts[1].upper())
    except InvalidOperation:
        return stored
