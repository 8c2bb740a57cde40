"""Amounts and moments written in the reader's language. Plain dates need nothing of ours:
Django's `formats.date_format` (or a template's `date` filter) under the reader's language."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

_CURRENCY_SYMBOLS = {"EUR": "€"}


def money_display(amount, currency: str = "EUR") -> str:
    """An amount as a person reads it in the active language, with its currency symbol:
    "99,00 €" in French, "99.00 €" in English."""
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True)
    return f"{number}\u00a0{_CURRENCY_SYMBOLS.get(currency, currency)}"


@dataclass(frozen=True)
class Money:
    """An amount for an e-mail's context: written out (`money_display`) only when the e-mail
    is rendered, under the recipient's language, whoever queued it."""

    amount: Decimal
    currency: str = "EUR"

    def __str__(self) -> str:
        return money_display(self.amount, self.currency)


def datetime_display(value) -> str:
    """One moment as a person says it, in Paris time and the active language: "30 mars 2027
    à 8 h" (or "à 8 h 05"), "30 March 2027 at 8:00" - never a date and a separate time."""
    local = timezone.localtime(value)
    if local.minute:
        time = _("%(hour)d:%(minute)02d") % {"hour": local.hour, "minute": local.minute}
    else:
        time = _("%(hour)d:00") % {"hour": local.hour}
    return _("%(date)s at %(time)s") % {"date": formats.date_format(local, "j F Y"), "time": time}
