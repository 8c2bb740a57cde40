"""The admins' forms on the session, shared by the back-office pages and the admin site."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import inner_helper

from .models import Campaign
from .services import clone_opening_default

CLONE_DONE = _("Session created, unpublished: review its calendar and places.")


class CampaignCloneForm(forms.Form):
    """Start a new session from `source`: its year and name; the opening is filled in (same
    weekday, whole weeks later) and every other date follows it by the same interval."""

    year = forms.IntegerField(label=_("Year of the new session"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=100)
    opens_on = forms.DateField(
        label=_("Submissions open"),
        required=False,
        help_text=_(
            "Empty: the same weekday, whole weeks after the opening of %(source)s. "
            "Every date of the calendar moves by the same interval."
        ),
    )

    def __init__(self, *args, source: Campaign, **kwargs):
        year = source.year + 1
        kwargs.setdefault(
            "initial",
            {"year": year, "name": f"Session {year}", "opens_on": clone_opening_default(source, year)},
        )
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["opens_on"].help_text = self.fields["opens_on"].help_text % {"source": source.name}
        self.helper = inner_helper()

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Campaign.objects.filter(year=year).exists():
            raise forms.ValidationError(_("A session of %(year)s exists already.") % {"year": year})
        return year

    def clean(self):
        cleaned = super().clean()
        if "year" in cleaned and not cleaned.get("opens_on"):
            cleaned["opens_on"] = clone_opening_default(self.source, cleaned["year"])
        return cleaned
