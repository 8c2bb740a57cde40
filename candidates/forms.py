from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.models import DocumentType, EligibleTitle
from core.files import ACCEPT_ATTRIBUTE
from core.forms import inner_helper, segmented_field

from .enums import RATING_WORDS, Recommendation, RefereeKind, RefereeQuestions, TitleChoice
from .models import MAX_ECTS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepForm(forms.Form):
    """A step of the dossier, rendered by crispy-forms. Once the dossier is submitted the
    candidate still reads every step, each field disabled (the read-only view)."""

    def __init__(self, *args, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            for field in self.fields.values():
                field.disabled = True


class IdentityForm(StepForm):
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    birth_date = forms.DateField(
        label=_("Birth date"), widget=DATE_WIDGET, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 .()-]{6,25}$",
        max_length=30,
        error_messages={"invalid": _("Enter a phone number: digits, spaces, and an optional leading +.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    address = forms.CharField(
        label=_("Postal address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    nationality = forms.CharField(label=_("Nationality"), max_length=80, required=False)

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        if value.year < today.year - 100:
            raise forms.ValidationError(_("Check the birth date."))
        return value


class PathForm(StepForm):
    bac_series = forms.CharField(label=_("Baccalaureate series or specialities"), max_length=120)
    bac_year = forms.IntegerField(label=_("Year of the baccalaureate"), min_value=1950, max_value=2100)
    path_since_bac = forms.CharField(
        label=_("Studies since the baccalaureate"),
        help_text=_("Year by year: establishment, program, result."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_bac_year(self):
        value = self.cleaned_data["bac_year"]
        if value > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return value


class TitleForm(StepForm):
    title_choice = forms.ChoiceField(
        label=_("Kind of title"), choices=TitleChoice.choices, widget=forms.RadioSelect
    )
    listed_title = forms.ChoiceField(label=_("Title from the list"), required=False)
    title_name = forms.CharField(
        label=_("Exact name of the title"),
        max_length=255,
        required=False,
        help_text=_("Required for another French title or a foreign title."),
    )
    title_description = forms.CharField(
        label=_("Description of the title"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Content, duration, links with the program you apply to."),
    )
    title_establishment = forms.CharField(label=_("Establishment"), max_length=255, required=False)
    ects = forms.IntegerField(
        label=_("ECTS credits validated after the baccalaureate"),
        min_value=0,
        max_value=MAX_ECTS,
        help_text=_("If the diploma is in progress, the credits you will hold at its end (120 for a bac+2)."),
    )
    title_in_progress = forms.BooleanField(label=_("The diploma is still in progress"), required=False)

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = {str(t.pk): t for t in titles}
        self.fields["listed_title"].choices = [("", _("— choose —"))] + [(str(t.pk), t.label) for t in titles]

    def clean(self):
        data = super().clean()
        choice = data.get("title_choice")
        if choice == TitleChoice.LISTED:
            title = self.titles.get(data.get("listed_title") or "")
            if title is None:
                self.add_error("listed_title", _("Choose your title in the list."))
            data["listed_title"] = title
            if title is not None and not data.get("title_name"):
                data["title_name"] = title.label_fr
        else:
            data["listed_title"] = None
            if choice and not data.get("title_name"):
                self.add_error("title_name", _("Give the exact name of your title."))
            if choice and not data.get("title_description"):
                self.add_error("title_description", _("Describe your title."))
        return data


class ScholarshipForm(StepForm):
    declared = forms.TypedChoiceField(
        label=_("Are you a scholarship holder (CROUS or French State) this year?"),
        choices=[("1", _("Yes: I will attach the proof")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class WishForm(StepForm):
    intake = forms.ModelChoiceField(
        label=_("Program and entry level"), queryset=None, empty_label=_("— choose —")
    )

    def __init__(self, *args, intakes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake"].queryset = intakes
        self.fields["intake"].label_from_instance = lambda i: f"{i.program.name} – {i.get_level_display()}"


class DocumentForm(forms.Form):
    # Not `required`: the field would carry the "required" mark, which the candidate reads as
    # "this document is required" beside a document that is only asked or optional. A post
    # without a file is still refused, in words (clean_file).
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    # The content is checked once, by the upload service (core.files.validate_upload parses
    # and re-encodes it); the view shows its refusal on this field.

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file:
            raise forms.ValidationError(_("Choose a file to send."), code="required")
        return file


class RefereeForm(StepForm):
    kind = forms.ChoiceField(label=_("Who"), choices=RefereeKind.choices)
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    establishment = forms.CharField(label=_("Establishment or company"), max_length=200, required=False)

    def __init__(self, *args, candidate_email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate_email = (candidate_email or "").lower()

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if email == self.candidate_email:
            raise forms.ValidationError(_("A referee cannot be yourself."))
        return email


class ConsentForm(StepForm):
    share = forms.BooleanField(
        label=_(
            "I authorise the school to share my name, first name, phone and e-mail address with "
            "the providers of the selection tests, for organising the tests only."
        ),
        required=False,
    )
    recording = forms.BooleanField(
        label=_(
            "I accept being filmed and recorded during the tests (video interview, English test: "
            "identity-check pictures may be taken and are not graded)."
        ),
        required=False,
    )


RATING_CHOICES = [(str(points), word) for points, word in RATING_WORDS.items()]


class RefereeAnswerForm(forms.Form):
    """A referee's confidential appraisal (R-DOSSIER-6), with the questions of their kind
    (`RefereeKind.questions`): the school's (origin establishment, program head) or the
    supervisor's. Each rating is a 1-to-5 segmented control in its own fieldset.

    `answers()` is what `Referee.answers` stores (read back by `candidates.appraisals`):

        {
            "questions": "school" | "supervisor",   # RefereeQuestions; answers stored without it: "school"
            "ratings": {criterion: 1..5},           # keys of questions.criteria:
                # school: academic_level, motivation, autonomy, teamwork (RATING_CRITERIA)
                # supervisor: professional_skills, initiative, reliability, integration
            "recommendation": Recommendation value, # the question is questions.opinion_label
            "missions": "…",                        # supervisor only: the missions at work
            "comments": "…",
        }
    """

    recommendation = forms.ChoiceField(choices=Recommendation.choices, widget=forms.RadioSelect)
    comments = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)

    def __init__(self, *args, questions=RefereeQuestions.SCHOOL, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = RefereeQuestions(questions)
        self.fields["recommendation"].label = self.questions.opinion_label
        fields = {}
        if self.questions == RefereeQuestions.SUPERVISOR:
            fields["missions"] = forms.CharField(
                label=_("Missions entrusted to the candidate"),
                help_text=_("The company, the period and the main tasks."),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
            )
        for key, label in self.questions.criteria:
            fields[f"rating_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = insufficient, 5 = excellent"),
            )
        self.fields = {**fields, **self.fields}
        self.helper = inner_helper(
            layout=Layout(
                *(segmented_field(name) if name.startswith("rating_") else name for name in self.fields)
            )
        )

    def answers(self):
        data = self.cleaned_data
        answers = {
            "questions": self.questions.value,
            "ratings": {key: data[f"rating_{key}"] for key, _label in self.questions.criteria},
            "recommendation": data["recommendation"],
            "comments": data["comments"],
        }
        if "missions" in self.fields:
            answers["missions"] = data["missions"]
        return answers


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the candidate)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("A reason is required."))
        return value


class TitleCorrectionForm(ReasonForm):
    """The admissions office corrects the kind of title and the listed title (R-DOSSIER-1)."""

    title_choice = TitleForm.base_fields["title_choice"]
    listed_title = forms.ModelChoiceField(
        label=_("Title from the list"), queryset=EligibleTitle.objects.none(), required=False
    )
    field_order = ["title_choice", "listed_title", "reason"]

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listed_title"].queryset = EligibleTitle.objects.filter(pk__in=[t.pk for t in titles])

    def clean(self):
        data = super().clean()
        if data.get("title_choice") != TitleChoice.LISTED:
            data["listed_title"] = None
        elif not data.get("listed_title"):
            self.add_error("listed_title", _("Choose the title in the list."))
        return data


class DocumentRefileForm(ReasonForm):
    """The admissions office files a document under its right type."""

    document_type = forms.ModelChoiceField(
        label=_("Right document type"), queryset=DocumentType.objects.none()
    )
    field_order = ["document_type", "reason"]

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = DocumentType.objects.filter(
            campaign=document.application.campaign_id
        ).exclude(pk=document.document_type_id)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm; I understand that the fees paid are not refunded."))
