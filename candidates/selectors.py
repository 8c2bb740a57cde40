"""Reads shared by the candidate's pages, the staff pages and the exports, with the
select_related/prefetch_related that keep their query counts flat."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions.enums import DocumentCondition, DocumentRequirement, EntryLevel, TitleKind
from admissions.models import DocumentType, EligibleTitle, Intake
from core.formatting import money_display

from .enums import OPEN_STATES, DocumentState, Eligibility, RefereeKind, WishState
from .fees import amount_owed, charged_among, charged_wishes, with_paid_total
from .models import Application, Document, DossierChange, Referee, Wish


def late_document_codes():
    return tuple(settings.PORTAL_LATE_DOCUMENT_CODES)


def _wish_prefetch():
    return Prefetch(
        "wishes",
        # In the order the candidate gave them (issue 16), not the programs' order.
        queryset=Wish.objects.select_related("intake__program")
        .prefetch_related(
            Prefetch("intake__document_types", queryset=DocumentType.objects.order_by("position", "code")),
        )
        .order_by("created_at", "pk"),
    )


def _current_documents_prefetch():
    return Prefetch(
        "documents",
        queryset=Document.objects.filter(state=DocumentState.CURRENT).select_related("document_type"),
        to_attr="current_documents",
    )


def _dossier_prefetches():
    """What every dossier page reads: the wishes (with intake, program and the intake's
    document types), the current documents and the referees."""
    return (_wish_prefetch(), _current_documents_prefetch(), "referees")


def application_queryset():
    return with_paid_total(
        Application.objects.select_related("campaign__fees", "candidate", "listed_title").prefetch_related(
            *_dossier_prefetches()
        )
    )


def application_for(*, user, campaign) -> Application | None:
    """The user's dossier for `campaign`, ready for every dossier page (flat query count:
    the relations of `application_queryset`, prefetched the ordinary way). The request's
    user is attached, so that the pages read the object the request already holds."""
    if campaign is None:
        return None
    application = with_paid_total(
        Application.objects.select_related("campaign__fees", "listed_title").filter(
            candidate=user, campaign=campaign
        )
    ).first()
    if application is None:
        return None
    application.candidate = user
    prefetch_related_objects([application], *_dossier_prefetches())
    return application


def listed_title_choices(campaign):
    """The titles a candidate may pick, one per (kind, French name), across the session's
    open intakes (generic "other French" and "foreign" entries are separate choices)."""
    seen, choices = set(), []
    titles = (
        EligibleTitle.objects.filter(intake__in=Intake.objects.open_to_candidates().filter(campaign=campaign))
        .exclude(kind__in=[TitleKind.OTHER_FRENCH, TitleKind.FOREIGN])
        .order_by("kind", "name_fr", "pk")
    )
    for title in titles:
        key = (title.kind, title.name_fr)
        if key not in seen:
            seen.add(key)
            choices.append(title)
    return choices


@dataclass
class ChecklistItem:
    document_type: DocumentType
    required: bool
    document: Document | None = None
    late_allowed: bool = False

    @property
    def requirement(self):
        """ "required", "asked" or "optional": the mark the candidate and staff read."""
        return self.document_type.requirement

    @property
    def missing(self) -> bool:
        return self.required and self.document is None


def _condition_applies(application, condition) -> bool:
    if condition == DocumentCondition.SCHOLARSHIP:
        return application.declares_scholarship
    if condition == DocumentCondition.DIPLOMA_IN_PROGRESS:
        return application.title_in_progress
    if condition == DocumentCondition.FOREIGN_TITLE:
        return application.is_foreign_title
    return True  # always, optional


def document_checklist(application) -> list[ChecklistItem]:
    """The documents asked of this candidate: the union of their wishes' intake checklists,
    filtered by condition; `required` = indispensable (R-DOSSIER-2)."""
    types = {}
    for wish in charged_wishes(application):
        for document_type in wish.intake.document_types.all():
            types.setdefault(document_type.pk, document_type)
    current = {
        d.document_type_id: d
        for d in getattr(application, "current_documents", None)
        or application.documents.filter(state=DocumentState.CURRENT).select_related("document_type")
    }
    late_codes = late_document_codes()
    items = []
    for document_type in sorted(types.values(), key=lambda t: (t.position, t.code)):
        if not _condition_applies(application, document_type.condition):
            continue
        required = document_type.requirement == DocumentRequirement.REQUIRED
        items.append(
            ChecklistItem(
                document_type=document_type,
                required=required,
                document=current.get(document_type.pk),
                late_allowed=application.title_in_progress and document_type.code in late_codes,
            )
        )
    return items


def document_request(application, document_type) -> ChecklistItem | None:
    """The one entry of `document_checklist` for `document_type`, without its current
    document, in one query: what an upload checks (is it asked, may it come late). An upload
    must not pay for reading the whole dossier: on deadline night, and seven times for
    each candidate the demo tells."""
    if not _condition_applies(application, document_type.condition):
        return None
    wishes = Wish.objects.filter(application=application, intake__document_types=document_type).only("state")
    if not charged_among(application, wishes):
        return None
    return ChecklistItem(
        document_type=document_type,
        required=document_type.requirement == DocumentRequirement.REQUIRED,
        late_allowed=application.title_in_progress and document_type.code in late_document_codes(),
    )


@dataclass(frozen=True)
class MissingItem:
    """One thing still missing before submission, and the page where the candidate provides
    it: a URL name taking the session's year."""

    label: str
    step: str

    def __str__(self) -> str:
        return str(self.label)


@dataclass
class Completeness:
    missing: list = field(default_factory=list)
    missing_documents: list = field(default_factory=list)
    owed: Decimal = Decimal("0.00")

    @property
    def items(self) -> list[MissingItem]:
        """Every missing item in one checklist, the unpaid fee included, each with its page."""
        items = list(self.missing)
        items += [
            MissingItem(_("Document: %(name)s") % {"name": document_type.name}, "candidates:documents")
            for document_type in self.missing_documents
        ]
        if self.owed > 0:
            items.append(
                MissingItem(
                    _("Processing fees: %(amount)s to pay") % {"amount": money_display(self.owed)},
                    "payments:pay",
                )
            )
        return items

    @property
    def complete(self) -> bool:
        return not self.missing and not self.missing_documents and self.owed == 0

    @property
    def complete_but_fee(self) -> bool:
        return not self.missing and not self.missing_documents


def dossier_completeness(application, *, checklist=None, owed=None) -> Completeness:
    """What is still missing before the dossier may be submitted (R-DOSSIER-1..3)."""
    result = Completeness()
    if not application.birth_date or not application.phone:
        result.missing.append(MissingItem(_("Identity and contact details"), "candidates:identity"))
    if not application.title_choice or application.ects is None:
        result.missing.append(MissingItem(_("The title held or in progress"), "candidates:title"))
    wishes = charged_wishes(application)
    if not wishes:
        result.missing.append(MissingItem(_("At least one choice"), "candidates:wishes"))
    if any(w.eligibility == Eligibility.INELIGIBLE for w in wishes):
        result.missing.append(
            MissingItem(_("Remove the choices you are not eligible for"), "candidates:wishes")
        )
    # 1st year: the jury judges on the "avis de poursuite d'études" (or the program head's
    # appraisal), so one is required (notice §5.1). 2nd year: appraisals are judged "if
    # provided" (notice §5.2), so a dossier with only 2nd-year wishes may go without.
    referees = list(application.referees.all())
    needs_referee = not wishes or any(w.intake.level == EntryLevel.YEAR_1 for w in wishes)
    if needs_referee and not any(
        r.kind in (RefereeKind.ORIGIN_ESTABLISHMENT, RefereeKind.PROGRAM_HEAD) for r in referees
    ):
        result.missing.append(
            MissingItem(
                _("The origin establishment's contact or the program head (referee)"), "candidates:referees"
            )
        )
    if not (application.consent_share_at and application.consent_recording_at):
        result.missing.append(MissingItem(_("Both consents"), "candidates:consents"))
    checklist = checklist if checklist is not None else document_checklist(application)
    result.missing_documents = [item.document_type for item in checklist if item.missing]
    result.owed = owed if owed is not None else (amount_owed(application) if wishes else Decimal("0.00"))
    return result


_CHECKED_STEPS = (
    "candidates:identity",
    "candidates:title",
    "candidates:wishes",
    "candidates:documents",
    "candidates:referees",
    "candidates:consents",
)


def dossier_steps_done(application, completeness=None) -> dict[str, bool]:
    """Which steps of the dossier are done, by the step's URL name, for the marks of the step
    list: a step is done when nothing it provides is missing. The scholarship step has no
    mark: "no scholarship" is an answer, so it is never "to do"."""
    completeness = completeness if completeness is not None else dossier_completeness(application)
    to_fix = {item.step for item in completeness.items}
    done = {step: step not in to_fix for step in _CHECKED_STEPS}
    done["candidates:path"] = bool(
        application.bac_series and application.bac_year and application.path_since_bac
    )
    # The documents asked follow the wishes: none is "done" before the wishes are settled.
    done["candidates:documents"] = done["candidates:documents"] and done["candidates:wishes"]
    done["candidates:review"] = application.is_submitted
    return done


def dossier_changes(application) -> list[DossierChange]:
    """The dated changes of a submitted dossier (R-DOSSIER-1), oldest first: what the
    candidate's pages, the staff page and the receipt list."""
    return list(DossierChange.objects.filter(application=application).order_by("at", "pk"))


# --- Timeline ---------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    label: str
    date: object
    done: bool
    end: object = None


def released_state(wish, campaign, now=None) -> str:
    """What the candidate may see: jury decisions stay "under review" before the file-review
    results date, and admissibility decisions "pre-admissible" before their date."""
    now = now or timezone.now()
    state = wish.state
    if state in (
        WishState.REJECTED,
        WishState.PRE_ADMISSIBLE,
        WishState.ADMISSIBLE,
        WishState.NOT_ADMISSIBLE,
    ):
        if now < campaign.paris_start_of(campaign.review_results_on):
            return WishState.UNDER_REVIEW
        if state == WishState.NOT_ADMISSIBLE and now < campaign.paris_start_of(
            campaign.admissibility_results_on
        ):
            return WishState.PRE_ADMISSIBLE
    return state


def wish_timeline(wish, application, now=None) -> list[TimelineEntry]:
    """Per wish: what happened and what comes next, dated from the campaign calendar."""
    campaign = application.campaign
    now = now or timezone.now()
    today = timezone.localdate(now)
    entries = [TimelineEntry(_("Choice added"), timezone.localtime(wish.created_at).date(), True)]
    if application.submitted_at:
        entries.append(
            TimelineEntry(_("Dossier submitted"), timezone.localtime(application.submitted_at).date(), True)
        )
    else:
        entries.append(
            TimelineEntry(
                _("Submission deadline (midnight, Paris time)"), campaign.submission_deadline, False
            )
        )
    if wish.state in (WishState.WITHDRAWN, WishState.VOIDED, WishState.REFUSED_EXAMINATION):
        entries.append(
            TimelineEntry(WishState(wish.state).label, timezone.localtime(wish.state_changed_at).date(), True)
        )
        return entries
    entries.append(
        TimelineEntry(
            _("File-review results"), campaign.review_results_on, today >= campaign.review_results_on
        )
    )
    entries.append(
        TimelineEntry(
            _("Selection tests (if pre-admissible)"),
            campaign.tests_start_on,
            today > campaign.tests_end_on,
            campaign.tests_end_on,
        )
    )
    entries.append(
        TimelineEntry(
            _("Admissibility results"),
            campaign.admissibility_results_on,
            today >= campaign.admissibility_results_on,
        )
    )
    entries.append(
        TimelineEntry(
            _("Company-search support starts"),
            campaign.company_search_start_on,
            today >= campaign.company_search_start_on,
        )
    )
    if campaign.classes_start_on:
        entries.append(
            TimelineEntry(
                _("Start of classes"), campaign.classes_start_on, today >= campaign.classes_start_on
            )
        )
    return entries


# --- Staff --------------------------------------------------------------------------------


def staff_application_list(*, campaign):
    """The staff list: dossiers of `campaign` with what the table shows, in a fixed number of
    queries whatever the page size (wishes, documents and payments are prefetched/annotated).
    `candidates.filters.StaffApplicationFilter` narrows it."""
    return with_paid_total(
        Application.objects.filter(campaign=campaign)
        .select_related("candidate", "campaign__fees")
        .prefetch_related(*_dossier_prefetches())
        .order_by("-submitted_at", "candidate__last_name", "pk")
    )


def referee_from_token(token: str) -> Referee | None:
    return (
        Referee.objects.select_related("application__candidate", "application__campaign")
        .filter(token=token)
        .first()
    )


# --- sessions where a person has work (registered with admissions in apps.ready) ---------------


def sessions_of_own_dossiers(user) -> Q:
    """A candidate works on every session where they have a dossier."""
    return Q(applications__candidate=user)


def sessions_with_live_dossiers(user) -> Q:
    """Staff work on the sessions with submitted dossiers still alive (not all refused,
    withdrawn or voided)."""
    return Q(
        applications__submitted_at__isnull=False,
        applications__wishes__state__in=OPEN_STATES - {WishState.DRAFT},
    )
