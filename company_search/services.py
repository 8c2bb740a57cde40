"""Writes of company-search support (R-CFA-1) and the places digest (R-ADMIT-4): each in one
transaction, audited, e-mails queued on commit."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import audit_record
from core.formatting import datetime_display
from core.links import portal_url
from notifications.services import email_queue_many

from . import mail, selectors
from .enums import (
    NEED_FLAGS,
    REGISTRATION_TRANSITIONS,
    SEARCHING_STATES,
    AuditAction,
    RegistrationState,
)
from .errors import SupportError
from .models import SearchNeeds, TrainingDay, TrainingRegistration

# --- Needs ----------------------------------------------------------------------------

NEEDS_FIELDS = ("sectors", "regions", "mobility", *(name for name, _label in NEED_FLAGS), "comment")


def _needs_snapshot(needs) -> dict:
    return {name: getattr(needs, name) for name in NEEDS_FIELDS} if needs else {}


@transaction.atomic
def search_needs_save(*, application, actor, data: dict) -> SearchNeeds:
    """Create or update the dossier's needs (one per candidate and session)."""
    if not selectors.searching_program_ids(application):
        raise SupportError(_("The company-search support is for admissible candidates still searching."))
    needs = SearchNeeds.objects.select_for_update().filter(application=application).first()
    before = _needs_snapshot(needs)
    if needs is None:
        needs = SearchNeeds(application=application)
    for name in NEEDS_FIELDS:
        if name in data:
            setattr(needs, name, data[name])
    needs.save()
    audit_record(
        actor=actor, action=AuditAction.NEEDS_SAVED, obj=needs, before=before, after=_needs_snapshot(needs)
    )
    return needs


# --- Training days --------------------------------------------------------------------

DAY_FIELDS = ("program", "title", "description", "starts_at", "ends_at", "location", "capacity")


def _day_snapshot(day) -> dict:
    if day is None:
        return {}
    values = {name: getattr(day, name) for name in DAY_FIELDS}
    values["program"] = day.program_id
    values["starts_at"] = day.starts_at.isoformat()
    values["ends_at"] = day.ends_at.isoformat()
    return values


@transaction.atomic
def training_day_save(*, campaign, actor, data: dict, day: TrainingDay | None = None) -> TrainingDay:
    """Create a day, or change one; a larger capacity lets the waiting list in, in order. A
    capacity below the candidates already registered is refused (nobody is unregistered)."""
    if day is None:
        day, before = TrainingDay(campaign=campaign, created_by=actor), {}
    else:
        day = TrainingDay.objects.select_for_update().get(pk=day.pk, campaign=campaign)
        before = _day_snapshot(day)
        registered = day.registrations.filter(state=RegistrationState.REGISTERED).count()
        if data.get("capacity", day.capacity) < registered:
            raise SupportError(
                _("%(count)d candidates are registered: the capacity cannot be lower.")
                % {"count": registered}
            )
    for name in DAY_FIELDS:
        if name in data:
            setattr(day, name, data[name])
    day.save()
    audit_record(actor=actor, action=AuditAction.DAY_SAVED, obj=day, before=before, after=_day_snapshot(day))
    if before:
        _promote_waiting(day, actor=actor)
    return day


def registration_transition(*, registration, target: str, actor, action: AuditAction) -> TrainingRegistration:
    """The one function that changes a registration's state (REGISTRATION_TRANSITIONS)."""
    if target not in REGISTRATION_TRANSITIONS[registration.state]:
        raise SupportError(_("This registration cannot change that way."))
    before = registration.state
    registration.state = target
    registration.state_changed_at = timezone.now()
    registration.save(update_fields=["state", "state_changed_at"])
    audit_record(
        actor=actor, action=action, obj=registration, before={"state": before}, after={"state": target}
    )
    return registration


def _lock_day(day) -> TrainingDay:
    """Every change of a day's registrations starts here: the day's row locked, so that
    counting and writing cannot interleave with another request's (no over-registration)."""
    return TrainingDay.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=day.pk)


@transaction.atomic
def training_day_register(*, day, application, actor, now=None) -> TrainingRegistration:
    """Register the candidate within the capacity, or on the waiting list when the day is full."""
    now = now or timezone.now()
    day = _lock_day(day)
    if not selectors.support_open(day.campaign, now):
        raise SupportError(_("The company-search support has not started yet."))
    if day.starts_at <= now:
        raise SupportError(_("This training day has already started."))
    programs = selectors.searching_program_ids(application)
    if (
        application.campaign_id != day.campaign_id
        or not programs
        or (day.program_id is not None and day.program_id not in programs)
    ):
        raise SupportError(_("This training day is not open to you."))
    if TrainingRegistration.objects.filter(
        day=day, application=application, state__in=(RegistrationState.REGISTERED, RegistrationState.WAITING)
    ).exists():
        raise SupportError(_("You are already registered for this training day."))
    registered = day.registrations.filter(state=RegistrationState.REGISTERED).count()
    state = RegistrationState.REGISTERED if registered < day.capacity else RegistrationState.WAITING
    registration = TrainingRegistration.objects.create(day=day, application=application, state=state)
    audit_record(
        actor=actor,
        action=AuditAction.REGISTERED if state == RegistrationState.REGISTERED else AuditAction.WAITING,
        obj=registration,
        after={"state": state},
    )
    return registration


@transaction.atomic
def training_registration_cancel(*, registration, actor) -> TrainingRegistration:
    """Cancel; a freed place goes to the first on the waiting list."""
    day = _lock_day(registration.day)
    registration = TrainingRegistration.objects.select_for_update().get(pk=registration.pk)
    was_registered = registration.state == RegistrationState.REGISTERED
    registration_transition(
        registration=registration,
        target=RegistrationState.CANCELLED,
        actor=actor,
        action=AuditAction.CANCELLED,
    )
    if was_registered:
        _promote_waiting(day, actor=None)
    return registration


def _promote_waiting(day, *, actor) -> list[TrainingRegistration]:
    """With the day locked: the free places go to the waiting list, first come first served."""
    free = day.capacity - day.registrations.filter(state=RegistrationState.REGISTERED).count()
    if free <= 0:
        return []
    promoted = list(
        day.registrations.filter(state=RegistrationState.WAITING)
        .select_related("application__candidate")
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration_transition(
            registration=registration,
            target=RegistrationState.REGISTERED,
            actor=actor,
            action=AuditAction.PROMOTED,
        )
    _day_mail(mail.PROMOTED, day, promoted, occasion="promoted")
    return promoted


def _support_url(campaign) -> str:
    return portal_url(reverse("company_search:home", args=[campaign.year]))


def _day_mail(template_key, day, registrations, *, occasion) -> int:
    items = []
    for registration in registrations:
        candidate = registration.application.candidate
        with translation.override(getattr(candidate, "preferred_language", None) or "fr"):
            context = {
                "day_title": day.title,
                "day_when": datetime_display(day.starts_at),
                "day_place": day.location,
                "support_url": _support_url(day.campaign),
            }
        items.append(
            {"recipient": candidate, "context": context, "related": registration, "occasion": occasion}
        )
    return len(email_queue_many(template_key=template_key, items=items)) if items else 0


# --- Calendar-driven steps --------------------------------------------------------------


def support_invitations_run(campaign) -> int:
    """Milestone on the company-search start: each searching candidate is invited once (the
    outbox's idempotency key: template, address, dossier)."""
    applications = list(
        selectors.searching_applications(campaign).prefetch_related("wishes__intake__program")
    )
    items = []
    for application in applications:
        candidate = application.candidate
        with translation.override(getattr(candidate, "preferred_language", None) or "fr"):
            programs = ", ".join(
                sorted(
                    {w.intake.program.name for w in application.wishes.all() if w.state in SEARCHING_STATES}
                )
            )
        items.append(
            {
                "recipient": candidate,
                "context": {
                    "session": campaign.name,
                    "programs": programs,
                    "support_url": _support_url(campaign),
                },
                "related": application,
                "occasion": "invitation",
            }
        )
    return len(email_queue_many(template_key=mail.INVITATION, items=items)) if items else 0


def training_reminders_send(*, now=None) -> int:
    """The day before each training day, its registered candidates are reminded, once."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    sent = 0
    by_day: dict[int, list] = {}
    for registration in selectors.registrations_for_reminder([tomorrow]):
        by_day.setdefault(registration.day_id, []).append(registration)
    for registrations in by_day.values():
        sent += _day_mail(mail.REMINDER, registrations[0].day, registrations, occasion="reminder")
    return sent


def _places_text(rows) -> str:
    return "\n".join(
        ngettext(
            "- %(program)s, %(level)s: %(left)d of %(places)d place left",
            "- %(program)s, %(level)s: %(left)d of %(places)d places left",
            row.places,
        )
        % {
            "program": row.intake.program.name,
            "level": row.intake.get_level_display(),
            "left": row.left,
            "places": row.places,
        }
        for row in rows
    )


def places_digest_send(*, now=None) -> int:
    """Every `digest_every_days` days from the company-search start until the start of classes,
    each candidate still searching gets the places left (R-ADMIT-4). The period's number is in
    the idempotency key: one digest per period, however often the tick runs."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for campaign in selectors.campaigns_in_digest_period(today):
        every = selectors.digest_every_days(campaign)
        period = (today - campaign.company_search_start_on).days // every
        rows = selectors.places_countdown(campaign)
        texts = {}
        for language in ("fr", "en"):
            with translation.override(language):
                texts[language] = _places_text(rows)
        places_url = portal_url(reverse("company_search:places", args=[campaign.year]))
        items = []
        for application in selectors.searching_applications(campaign):
            candidate = application.candidate
            language = getattr(candidate, "preferred_language", None) or "fr"
            items.append(
                {
                    "recipient": candidate,
                    "context": {
                        "session": campaign.name,
                        "places": texts.get(language, texts["fr"]),
                        "places_url": places_url,
                    },
                    "related": application,
                    "occasion": f"places_digest:{period}",
                }
            )
        if items:
            sent += len(email_queue_many(template_key=mail.PLACES_DIGEST, items=items))
    return sent


def support_tick(*, now=None) -> int:
    """The hourly beat task: reminders of tomorrow's days and the places digests."""
    return training_reminders_send(now=now) + places_digest_send(now=now)
