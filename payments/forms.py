from decimal import Decimal

from crispy_forms.layout import Field, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Application
from core.forms import inner_helper

from .enums import ProviderCode
from .models import Payment


class ProviderChoiceForm(forms.Form):
    provider = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.code, p.label) for p in providers]
        if len(providers) == 1:
            self.fields["provider"].initial = providers[0].code
        # The page's heading already says "Payment method": the legend is for screen readers.
        self.helper = inner_helper(label_class="visually-hidden")


class SandboxCardForm(forms.Form):
    """The test provider's card page, looking like a provider's: only the signed token is
    read; the name and the fictitious card number are never sent anywhere."""

    token = forms.CharField(widget=forms.HiddenInput)
    holder = forms.CharField(
        label=_("Cardholder name (test)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    card = forms.CharField(
        label=_("Card number (test)"),
        required=False,
        help_text=_("A fictitious card number: nothing is sent anywhere."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "readonly": True}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "sandbox-%s")
        super().__init__(*args, **kwargs)


class ManualPaymentForm(forms.Form):
    """A bank transfer received, recorded by staff against an application."""

    application = forms.CharField(
        label=_("Candidate e-mail or application reference"),
        max_length=254,
        help_text=_("The application of the current session."),
    )
    amount = forms.DecimalField(
        label=_("Amount received (€)"),
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
    )
    paid_on = forms.DateField(
        label=_("Date of the transfer"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=255)

    def __init__(self, *args, campaign, **kwargs):
        self.campaign = campaign
        super().__init__(*args, **kwargs)

    def clean_application(self):
        value = self.cleaned_data["application"].strip()
        application = (
            Application.objects.filter(campaign=self.campaign)
            .filter(Q(candidate__email__iexact=value) | Q(reference__iexact=value))
            .select_related("candidate")
            .first()
        )
        if application is None:
            raise forms.ValidationError(_("No application of the current session matches."))
        return application

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return paid_on

    def clean_bank_reference(self):
        reference = self.cleaned_data["bank_reference"].strip()
        if Payment.objects.filter(
            provider=ProviderCode.MANUAL, provider_reference__iexact=reference
        ).exists():
            raise forms.ValidationError(_("A transfer with this bank reference is already recorded."))
        return reference


class FlagResolveForm(forms.Form):
    """Staff mark a flagged payment as checked, saying what they did."""

    note = forms.CharField(label=_("Note"), max_length=500)

    def __init__(self, *args, payment=None, **kwargs):
        # In the list, one form per flagged payment: its label and id name the payment.
        if payment is not None:
            kwargs.setdefault("auto_id", f"flag-%s-{payment.pk}")
        super().__init__(*args, **kwargs)
        if payment is not None:
            self.fields["note"].label = _("Note on payment #%(pk)s (mandatory)") % {"pk": payment.pk}
        self.helper = inner_helper(label_class="small mb-0")
        self.helper.layout = Layout(Field("note", css_class="form-control-sm"))
