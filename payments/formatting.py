from decimal import Decimal, InvalidOperation

from core.formatting import money_display


def stored_money_display(stored: str) -> str:
    """`money_display` of an amount stored as text ("99.00 EUR"); anything else as stored."""
    parts = stored.split()
    if len(parts) != 2:
        return stored
    try:
        return money_display(Decimal(parts[0]), parts[1].upper())
    except InvalidOperation:
        return stored
