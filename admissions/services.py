"""Writes on the session data. Each function is one transaction and one audit entry."""

from django.db import transaction

from core.audit import audit_record

from .enums import AuditAction
from .models import Campaign, EligibleTitle, ExtraPlaces, FeeSchedule, Intake


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
    return extra


@transaction.atomic
def campaign_clone(
    *, source: Campaign, year: int, name: str, actor, shift_years: int | None = None
) -> Campaign:
    """Start a new session from an existing one: same programs, places, eligible titles,
    fees and documents; the calendar moved by whole years. Unpublished until an admin
    reviews it."""
    shift = year - source.year if shift_years is None else shift_years

    def moved(day):
        if day is None:
            return None
        try:
            return day.replace(year=day.year + shift)
        except ValueError:  # 29 February
            return day.replace(year=day.year + shift, day=28)

    campaign = Campaign(name=name, year=year, is_published=False)
    for field in Campaign.calendar_field_names():
        setattr(campaign, field, moved(getattr(source, field)))
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
    audit_record(actor=actor, action=AuditAction.CAMPAIGN_CLONED, obj=campaign, after={"from": source.year})
    return campaign
