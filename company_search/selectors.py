"""Reads of company-search support and of the places countdown, shared by the pages, the
panels, the e-mails and the CSV export. Each list is a fixed number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from admissions.models import Campaign, ExtraPlaces, Intake, Program
from candidates.models import Application, Wish

from .enums import (
    NEED_FLAGS,
    PLACE_HOLDING_STATES,
    SEARCHING_STATES,
    Mobility,
    Region,
    RegistrationState,
    Sector,
)
from .models import Resource, SearchNeeds, SupportSettings, TrainingDay, TrainingRegistration

# --- The calendar ---------------------------------------------------------------------


def support_open(campaign, now=None) -> bool:
    """The support starts on the session's company-search date (R-CFA-1), Paris time."""
    now = now or timezone.now()
    return now >= campaign.paris_start_of(campaign.company_search_start_on)


def countdown_shown(campaign, now=None) -> bool:
    """Admissible candidates are told the places left from the admissibility results until the
    start of classes (R-ADMIT-4); a session without a start of classes keeps showing it."""
    now = now or timezone.now()
    if now < campaign.paris_start_of(campaign.admissibility_results_on):
        return False
    return campaign.classes_start_on is None or now < campaign.paris_start_of(campaign.classes_start_on)


def digest_every_days(campaign) -> int:
    settings_row = SupportSettings.objects.filter(campaign=campaign).first()
    return settings_row.digest_every_days if settings_row else SupportSettings.DEFAULT_DIGEST_EVERY_DAYS


# --- Who is supported -----------------------------------------------------------------


def own_application(*, user, campaign) -> Application | None:
    """The user's dossier in `campaign`, without the dossier pages' prefetches (one query)."""
    return Application.objects.select_related("campaign").filter(candidate=user, campaign=campaign).first()


def searching_program_ids(application) -> set[int]:
    """The programs in which the dossier still searches a host company (one query)."""
    if application is None:
        return set()
    return set(
        Wish.objects.filter(application=application, state__in=SEARCHING_STATES).values_list(
            "intake__program_id", flat=True
        )
    )


def searching_applications(campaign):
    """Dossiers of the session with a wish still searching a company, with their candidate."""
    return (
        Application.objects.filter(campaign=campaign, wishes__state__in=SEARCHING_STATES)
        .select_related("candidate")
        .distinct()
        .order_by("pk")
    )


# --- Places countdown (R-ADMIT-4) -----------------------------------------------------


@dataclass
class CountdownRow:
    intake: Intake
    places: int
    held: int

    @property
    def left(self) -> int:
        return max(self.places - self.held, 0)


def places_countdown(campaign) -> list[CountdownRow]:
    """Per intake offered: places + extra places, the wishes holding a place (job sheet
    registered, admitted, enrolled), and the places left. One query."""
    # One subquery per total: joining both tables would multiply the rows and the sums.
    extra_sum = (
        ExtraPlaces.objects.filter(intake=OuterRef("pk"))
        .order_by()
        .values("intake")
        .annotate(total=Sum("count"))
        .values("total")
    )
    held = (
        Wish.objects.filter(intake=OuterRef("pk"), state__in=PLACE_HOLDING_STATES)
        .order_by()
        .values("intake")
        .annotate(total=Count("pk"))
        .values("total")
    )
    intakes = (
        Intake.objects.filter(campaign=campaign)
        .select_related("program")
        .annotate(
            extra_total=Coalesce(Subquery(extra_sum, output_field=IntegerField()), 0),
            held_total=Coalesce(Subquery(held, output_field=IntegerField()), 0),
        )
        .order_by("level", "program__code")
    )
    rows = []
    for intake in intakes:
        intake.places_total = intake.places + intake.extra_total
        if intake.places_total > 0:
            rows.append(CountdownRow(intake=intake, places=intake.places_total, held=intake.held_total))
    return rows


# --- Needs ----------------------------------------------------------------------------


def needs_of(application) -> SearchNeeds | None:
    return SearchNeeds.objects.filter(application=application).first()


@dataclass
class ProgramNeeds:
    """The needs of one program's searching candidates, counted for the CFA."""

    program: Program
    candidates: int = 0
    answered: int = 0
    flags: Counter = field(default_factory=Counter)
    regions: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    mobility: Counter = field(default_factory=Counter)

    @property
    def flag_rows(self):
        return [(label, self.flags[name]) for name, label in NEED_FLAGS]

    @property
    def region_rows(self):
        return [(Region(code).label, n) for code, n in self.regions.most_common()]

    @property
    def sector_rows(self):
        return [(Sector(code).label, n) for code, n in self.sectors.most_common()]

    @property
    def mobility_rows(self):
        return [(label, self.mobility[value]) for value, label in Mobility.choices]


_NEEDS_VALUES = ("sectors", "regions", "mobility", *(name for name, _label in NEED_FLAGS))


def needs_by_program(campaign) -> list[ProgramNeeds]:
    """Per program, the searching candidates and their needs counted (per need, per region,
    per sector, per mobility), so that the CFA decides whether to organise a day. A candidate
    searching in two programs counts in both. Two queries."""
    needs = "application__search_needs__"
    rows = (
        Wish.objects.filter(intake__campaign=campaign, state__in=SEARCHING_STATES)
        .order_by()
        .values("intake__program_id", "application_id", *(needs + name for name in ("id", *_NEEDS_VALUES)))
    )
    by_program: dict[int, ProgramNeeds] = {}
    seen = set()
    grouped = defaultdict(list)
    for row in rows:
        key = (row["intake__program_id"], row["application_id"])
        if key in seen:
            continue
        seen.add(key)
        grouped[row["intake__program_id"]].append(row)
    programs = Program.objects.in_bulk(list(grouped))
    for program_id, program_rows in grouped.items():
        summary = by_program.setdefault(program_id, ProgramNeeds(program=programs[program_id]))
        for row in program_rows:
            summary.candidates += 1
            if row[needs + "id"] is None:
                continue
            summary.answered += 1
            for name, _label in NEED_FLAGS:
                summary.flags[name] += bool(row[needs + name])
            summary.regions.update(row[needs + "regions"] or [])
            summary.sectors.update(row[needs + "sectors"] or [])
            if row[needs + "mobility"]:
                summary.mobility[row[needs + "mobility"]] += 1
    return sorted(by_program.values(), key=lambda summary: summary.program.code)


def needs_export_rows(campaign):
    """One row per searching candidate who answered, with the programs they search in (the
    CSV export). Two queries."""
    return (
        SearchNeeds.objects.filter(
            application__campaign=campaign, application__wishes__state__in=SEARCHING_STATES
        )
        .select_related("application__candidate")
        .prefetch_related(
            Prefetch(
                "application__wishes",
                queryset=Wish.objects.filter(state__in=SEARCHING_STATES).select_related("intake__program"),
                to_attr="searching_wishes",
            )
        )
        .distinct()
        .order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )


# --- Training days and resources -----------------------------------------------------


def _with_counts(days):
    return days.annotate(
        registered_count=Count("registrations", filter=Q(registrations__state=RegistrationState.REGISTERED)),
        waiting_count=Count("registrations", filter=Q(registrations__state=RegistrationState.WAITING)),
    )


def _for_programs(queryset, program_ids):
    return queryset.filter(Q(program__isnull=True) | Q(program_id__in=program_ids))


def training_days_for_candidate(application, *, program_ids, now=None) -> list[TrainingDay]:
    """The days to come of the candidate's programs (and those for all), each with its counts
    and `mine` (the candidate's active registration or None). Two queries."""
    now = now or timezone.now()
    days = list(
        _with_counts(
            _for_programs(TrainingDay.objects.filter(campaign=application.campaign), program_ids)
            .filter(ends_at__gt=now)
            .select_related("program")
        )
    )
    mine = {
        registration.day_id: registration
        for registration in TrainingRegistration.objects.filter(
            application=application,
            day__in=[day.pk for day in days],
            state__in=(RegistrationState.REGISTERED, RegistrationState.WAITING),
        )
    }
    for day in days:
        day.mine = mine.get(day.pk)
        day.places_left = max(day.capacity - day.registered_count, 0)
    return days


def training_days_for_cfa(campaign) -> list[TrainingDay]:
    """Every day of the session with its counts. One query."""
    return list(_with_counts(TrainingDay.objects.filter(campaign=campaign).select_related("program")))


def day_registrations(day) -> list[TrainingRegistration]:
    """The day's registrations: registered first, then the waiting list in order. One query."""
    order = {RegistrationState.REGISTERED: 0, RegistrationState.WAITING: 1, RegistrationState.CANCELLED: 2}
    registrations = list(
        TrainingRegistration.objects.filter(day=day).select_related("application__candidate")
    )
    return sorted(registrations, key=lambda r: (order[r.state], r.created_at, r.pk))


def resources_for(campaign, *, program_ids) -> list[Resource]:
    return list(
        _for_programs(Resource.objects.filter(campaign=campaign), program_ids).select_related("program")
    )


def day_of_campaign(campaign, pk) -> TrainingDay | None:
    return TrainingDay.objects.filter(campaign=campaign, pk=pk).first()


def registrations_for_reminder(day_dates) -> list[TrainingRegistration]:
    """Registered candidates of the days starting on one of `day_dates` (Paris dates)."""
    return list(
        TrainingRegistration.objects.filter(
            state=RegistrationState.REGISTERED, day__starts_at__date__in=list(day_dates)
        ).select_related("day", "application__candidate")
    )


def campaigns_in_digest_period(today) -> list[Campaign]:
    """Sessions whose support has started and whose classes have not (R-ADMIT-4)."""
    return list(
        Campaign.objects.filter(company_search_start_on__lte=today).filter(
            Q(classes_start_on__isnull=True) | Q(classes_start_on__gt=today)
        )
    )
