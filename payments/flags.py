"""Why a payment is flagged for staff to check.

Stored on the payment as codes with their figures (`Payment.flags`), never as prose, so
that staff read the reason in their own language and code can ask "was this paid
twice?" without parsing text. Amounts are stored as strings ("99.00 EUR").
"""

from django.utils.translation import gettext as _

from .formatting import stored_money_display

# The amount received is not the amount asked when the payment started.
AMOUNT_DIFFERS = "amount_differs"
# More was received than was owed when the money arrived (the fee changed meanwhile,
# another payment came first, a transfer larger than the fee).
MORE_THAN_OWED = "more_than_owed"
# Paid in another currency than asked: recorded, never counted as paid.
OTHER_CURRENCY = "other_currency"
# A second checkout paid for a payment that already held money (two tabs).
PAID_TWICE = "paid_twice"


def flag(code: str, **figures) -> dict:
    return {"code": code, **{name: str(value) for name, value in figures.items()}}


def has(flags: list[dict], code: str) -> bool:
    return any(item.get("code") == code for item in flags)


def describe(item: dict) -> str:
    """One reason, in the active language, amounts as the reader writes them."""
    code = item.get("code")
    item = {name: stored_money_display(value) if name != "code" else value for name, value in item.items()}
    if code == AMOUNT_DIFFERS:
        return _("received %(received)s, %(asked)s asked") % item
    if code == MORE_THAN_OWED:
        return _("received %(received)s, only %(owed)s owed") % item
    if code == OTHER_CURRENCY:
        return _("paid in another currency (%(received)s, %(asked)s asked): not counted as paid") % item
    if code == PAID_TWICE:
        return _("paid twice (see payment #%(first)s)") % item
    return str(code)
