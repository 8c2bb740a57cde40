"""Writes on the session data. Each function is one transaction and one audit entry."""

import datetime as dt

from django.db import transaction

from core.audit import audit_record

from .enums import AuditAction
from .models import Campaign, EligibleTitle, ExtraPlaces, FeeSchedule, Intake

# Higher apps react to places opened (the CFA lets waiting job sheets in, R-SESSION-2) through
# functions registered in their AppConfig.ready(): `fn(intake=, actor=)`, called inside the
# transaction, with the intake row locked.
_PLACES_OPENED = []


def register_places_opened(fn) -> None:
    if fn not in _PLACES_OPENED:
        _PLACES_OPENED.append(fn)


@transaction.atomic
def extra_places_open(*, intake: Intake, count: int, opened_by, reason: str = "") -> ExtraPlaces:
    """Open extra places on an intake (R-SESSION-2), recorded with who and when."""
    if count < 1:
        raise ValueError("At least one place must be opened.")
    # Lock the intake row: place counting elsewhere locks it too.
    Intake.objects.select_for_update().get(pk=intake.pk)
    before = intake.total_places
    extra = ExtraPlaces.objects.create(intake=intake, count=count, reason=reason, opened_by=opened_by)
    audit_record(
        actor=opened_by,
        action=AuditAction.INTAKE_EXTRA_PLACES_OPENED,
        obj=intake,
        before={"total_places": before},
        after={"total_places": before + count},
        reason=reason,
    )
    for fn in _PLACES_OPENED:
        fn(intake=intake, actor=opened_by)
    return extra


def clone_opening_default(source: Campaign, year: int) -> dt.date:
    """Where the copy of `source` opens by default: the same day of the same week, moved by
    the whole number of weeks nearest to the years between them (2021-01-11, a Monday, gives
    2022-01-10, a Monday). Every date of the copy is then moved by that interval
    (`campaign_clone`), so each keeps its weekday (tests from a Monday to a Friday stay so)
    and the gaps between dates stay the same, so the copy passes every check of the source."""
    opening = source.submission_opens_on
    years = year - source.year
    try:
        same_day = opening.replace(year=opening.year + years)
    except ValueError:  # 29 February
        same_day = opening.replace(year=opening.year + years, day=28)
    weeks = round((same_day - opening).days / 7)
    return opening + dt.timedelta(weeks=weeks)


@transaction.atomic
def campaign_clone(
    *, source: Campaign, year: int, name: str, actor, opens_on: dt.date | None = None
) -> Campaign:
    """Start a new session from an existing one: same programs, places, eligible titles,
    fees and documents; every date of the calendar moved by one interval, the one between
    the two openings (`opens_on`, by default `clone_opening_default`). Unpublished until an
    admin reviews and publishes it."""
    opens_on = opens_on or clone_opening_default(source, year)
    shift = opens_on - source.submission_opens_on

    campaign = Campaign(name=name, year=year, is_published=False)
    for field in Campaign.calendar_field_names():
        day = getattr(source, field)
        setattr(campaign, field, day + shift if day is not None else None)
    campaign.full_clean()
    campaign.save()

    fees = getattr(source, "fees", None)
    if fees is not None:
        FeeSchedule.objects.create(
            campaign=campaign,
            scholar_first=fees.scholar_first,
            scholar_additional=fees.scholar_additional,
            standard_first=fees.standard_first,
            standard_additional=fees.standard_additional,
            currency=fees.currency,
        )
    doc_map = {}
    for doc in source.document_types.all():
        old_pk = doc.pk
        doc.pk = None
        doc.campaign = campaign
        doc.save()
        doc_map[old_pk] = doc
    for intake in source.intakes.prefetch_related("eligible_titles", "document_types"):
        titles = list(intake.eligible_titles.all())
        docs = [doc_map[d.pk] for d in intake.document_types.all()]
        new_intake = Intake.objects.create(
            campaign=campaign,
            program=intake.program,
            level=intake.level,
            places=intake.places,
            min_ects=intake.min_ects,
        )
        new_intake.document_types.set(docs)
        EligibleTitle.objects.bulk_create(
            [
                EligibleTitle(
                    intake=new_intake,
                    kind=t.kind,
                    name_fr=t.name_fr,
                    name_en=t.name_en,
                    assessment=t.assessment,
                    min_ects=t.min_ects,
                    position=t.position,
                )
                for t in titles
            ]
        )
    audit_record(
        actor=actor,
        action=AuditAction.CAMPAIGN_CLONED,
        obj=campaign,
        after={"from": source.year, "shift_days": shift.days},
    )
    return campaign


@transaction.atomic
def campaign_publish(*, campaign: Campaign, actor) -> Campaign:
    """Publish a session: the public pages may show it (`selectors.public_campaign`). The
    sessions already published stay so: their candidates, jury and CFA keep working on them."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_published:
        return campaign
    campaign.full_clean()
    campaign.is_published = True
    campaign.save(update_fields=["is_published"])
    audit_record(
        actor=actor,
        action=AuditAction.CAMPAIGN_PUBLISHED,
        obj=campaign,
        before={"is_published": False},
        after={"is_published": True},
    )
    return campaign
