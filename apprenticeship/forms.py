"""Forms of job sheets, reviews and contracts: they check the input (the SIRET's checksum),
the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as siret_number

from core.forms import inner_helper

from .enums import BlockVerdict, CompanySize, ReviewDecision
from .models.job_sheets import CONTENT_FIELDS


class InviteEmployerForm(forms.Form):
    employer_name = forms.CharField(label=_("Name of your contact at the company"), max_length=150)
    employer_email = forms.EmailField(label=_("Their e-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()


def _block_key(block, part):
    return f"block_{block.pk}_{part}"


class JobSheetForm(forms.Form):
    """The employer's sheet. `draft=True` (autosave) requires nothing and keeps what is typed;
    sending requires every field and a SIRET whose checksum holds."""

    company_name = forms.CharField(label=_("Company name"), max_length=200)
    siret = forms.CharField(
        label=_("SIRET number"),
        max_length=20,
        help_text=_("14 digits, on the company's Kbis extract or payslips."),
    )
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}))
    company_size = forms.ChoiceField(label=_("Company size"), choices=[("", "—"), *CompanySize.choices])
    sector = forms.CharField(label=_("Business sector"), max_length=200)
    tutor_name = forms.CharField(label=_("Apprenticeship master: name"), max_length=150)
    tutor_position = forms.CharField(label=_("Apprenticeship master: position"), max_length=150)
    tutor_qualification = forms.CharField(
        label=_("Apprenticeship master: qualification"),
        max_length=200,
        help_text=_("Diploma and years of experience in the field."),
    )
    working_place = forms.CharField(label=_("Working place"), max_length=300)
    working_hours = forms.CharField(
        label=_("Working hours"), max_length=200, help_text=_("For example: 35 hours a week.")
    )

    def __init__(self, *args, blocks=(), draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = list(blocks)
        for block in self.blocks:
            self.fields[_block_key(block, "missions")] = forms.CharField(
                label=_("%(code)s – %(label)s: missions") % {"code": block.code, "label": block.label},
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[_block_key(block, "progression")] = forms.CharField(
                label=_("%(code)s: how the missions progress over the years of the program")
                % {"code": block.code},
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if draft:
            for field in self.fields.values():
                field.required = False
        self.draft = draft
        self.helper = inner_helper()

    @classmethod
    def initial_from(cls, sheet, blocks) -> dict:
        initial = {name: getattr(sheet, name) for name in CONTENT_FIELDS if name != "missions"}
        for block in blocks:
            entry = (sheet.missions or {}).get(block.code, {})
            initial[_block_key(block, "missions")] = entry.get("missions", "")
            initial[_block_key(block, "progression")] = entry.get("progression", "")
        return initial

    def clean_siret(self):
        value = "".join(self.cleaned_data.get("siret", "").split())
        if self.draft:
            return value[:14]
        try:
            return siret_number.validate(value)
        except StdnumError:
            raise forms.ValidationError(
                _("This SIRET number is not valid: check its 14 digits (its checksum does not hold).")
            ) from None

    def content(self) -> dict:
        data = {name: self.cleaned_data.get(name, "") for name in CONTENT_FIELDS if name != "missions"}
        data["missions"] = {
            block.code: {
                "missions": self.cleaned_data.get(_block_key(block, "missions"), ""),
                "progression": self.cleaned_data.get(_block_key(block, "progression"), ""),
            }
            for block in self.blocks
        }
        return data


class ReviewForm(forms.Form):
    """The school's verdict and comment per block, then its decision (R-CFA-3)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment to the employer and the candidate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to ask for changes or to refuse: the reason."),
    )

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = list(blocks)
        for block in self.blocks:
            self.fields[_block_key(block, "verdict")] = forms.ChoiceField(
                label=_("%(code)s – %(label)s: verdict") % {"code": block.code, "label": block.label},
                choices=[("", "—"), *BlockVerdict.choices],
            )
            self.fields[_block_key(block, "comment")] = forms.CharField(
                label=_("%(code)s: comment") % {"code": block.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([*(key for key in self.fields if key.startswith("block_")), "decision", "comment"])
        self.helper = inner_helper()

    def verdicts(self) -> dict:
        return {
            block.pk: (
                self.cleaned_data[_block_key(block, "verdict")],
                self.cleaned_data[_block_key(block, "comment")],
            )
            for block in self.blocks
        }


class ContractForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_on = forms.DateField(
        label=_("Start of the contract"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("End of the contract"), widget=forms.DateInput(attrs={"type": "date"}))
    cerfa_number = forms.CharField(label=_("Cerfa FA13 filing number"), max_length=40)
    file = forms.FileField(label=_("Signed contract (PDF)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()
