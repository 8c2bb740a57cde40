"""Retention (issue 15): time travel across the 2021 session with the demo's default rules. At
each rule's night exactly its data is gone from the database and the storage, nothing else;
the dry run of the evening before announces exactly what the night's run does."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessLog
from django.core.files.storage import default_storage

from accounts.models import User
from candidates.models import Document, Referee
from core.models import AuditEntry
from notifications.models import OutboxMessage
from payments.models import Payment
from privacy import services
from privacy.enums import AuditAction
from privacy.models import PurgeRun

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
D = dt.date


def night_at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, services.PURGE_AT, tzinfo=PARIS)


def evening_before(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day - dt.timedelta(days=1), dt.time(20, 0), tzinfo=PARIS)


def run_on(day: dt.date) -> tuple[PurgeRun, dict, int]:
    """The dry run of the evening before, then the night's run: (run, announced, files)."""
    with time_machine.travel(evening_before(day), tick=False):
        _at, lines = services.purge_preview()
    announced = services._summary(lines)
    files = sum(len(line.result.files) for line in lines)
    with time_machine.travel(night_at(day), tick=False):
        return services.purge_run(), announced, files


EMAILS = {"not_admitted": "rejected", "enrolled": "enrolled", "withdrawn": "withdrawn", "open": "admissible"}


def facts(world, files) -> dict[str, bool]:
    """What is still there, per kind of data and dossier."""
    out = {}
    for name in ("not_admitted", "enrolled", "withdrawn", "open"):
        application = getattr(world, name)
        email = f"{EMAILS[name]}@example.org"
        out[f"{name}: documents"] = Document.objects.filter(application_id=application.pk).exists()
        out[f"{name}: files"] = any(default_storage.exists(f) for f in files[name])
        out[f"{name}: account"] = User.objects.filter(email=email).exists()
        out[f"{name}: appraisal"] = (
            Referee.objects.filter(application_id=application.pk).exclude(answers={}).exists()
        )
        out[f"{name}: payment identifiers"] = (
            Payment.objects.filter(application_id=application.pk).exclude(provider_reference="").exists()
        )
    out["login history"] = AccessLog.objects.exists()
    out["unused account"] = User.objects.filter(pk=world.unused.pk).exists()
    out["later unused account"] = User.objects.filter(pk=world.other_unused.pk).exists()
    out["referee's e-mail"] = OutboxMessage.objects.filter(recipient_email="prof@lycee.example.org").exists()
    out["audit of February 2021"] = AuditEntry.objects.filter(
        created_at__lt=dt.datetime(2021, 2, 16, tzinfo=PARIS)
    ).exists()
    return out


# The night each fact goes, with the demo's rules (None: no rule takes it).
GONE_ON = {
    # Withdrawn or never submitted: 6 months after the admissibility results (21 April 2021).
    "withdrawn: documents": D(2021, 10, 21),
    "withdrawn: files": D(2021, 10, 21),
    "withdrawn: account": D(2021, 10, 21),
    "withdrawn: appraisal": D(2021, 10, 21),
    # Referee appraisals: 6 months after the admissibility results, every dossier.
    "not_admitted: appraisal": D(2021, 10, 21),
    "enrolled: appraisal": D(2021, 10, 21),
    "open: appraisal": D(2021, 10, 21),
    # Login history: 6 months after each record (15 February 2021).
    "login history": D(2021, 8, 15),
    # Accounts never used: 12 months after the sign-up (no login).
    "unused account": D(2022, 2, 15),
    "later unused account": D(2022, 5, 26),
    # E-mails: 24 months after they were queued.
    "referee's e-mail": D(2023, 2, 15),
    # Not admitted: 24 months after the end of the session (6 December 2021).
    "not_admitted: documents": D(2023, 12, 6),
    "not_admitted: files": D(2023, 12, 6),
    "not_admitted: account": D(2023, 12, 6),
    # Audit log: 36 months after each entry.
    "audit of February 2021": D(2024, 2, 15),
    # Enrolled: 36 months after the start of classes (6 September 2021).
    "enrolled: documents": D(2024, 9, 6),
    "enrolled: files": D(2024, 9, 6),
    "enrolled: account": D(2024, 9, 6),
    # Payments: anonymised 10 years after they were made (15 February 2021).
    "not_admitted: payment identifiers": D(2031, 2, 15),
    "enrolled: payment identifiers": D(2031, 2, 15),
    "withdrawn: payment identifiers": D(2031, 2, 15),
    "open: payment identifiers": D(2031, 2, 15),
    # The open dossier (an admissible candidate still searching) is never purged.
    "open: documents": None,
    "open: files": None,
    "open: account": None,
}


def expected_on(day: dt.date) -> dict[str, bool]:
    return {fact: not (gone is not None and gone <= day) for fact, gone in GONE_ON.items()}


def test_R_DATA_1_time_travel_each_rule_takes_exactly_its_data_on_its_night(world):
    files = {
        name: world.files_of(getattr(world, name))
        for name in ("not_admitted", "enrolled", "withdrawn", "open")
    }
    assert all(files.values())
    assert facts(world, files) == expected_on(D(2021, 2, 16))
    for day in sorted({gone for gone in GONE_ON.values() if gone}):
        for night in (day - dt.timedelta(days=1), day):
            run, announced, announced_files = run_on(night)
            assert facts(world, files) == expected_on(night), night
            # The dry run of the evening before announced exactly what the night did.
            assert announced == run.counts, night
            assert announced_files == run.files_deleted, night


def test_R_DATA_1_purge_writes_counts_never_content_to_the_audit_log(world):
    run, _announced, _files = run_on(D(2023, 12, 6))
    entry = AuditEntry.objects.get(action=AuditAction.PURGE)
    assert entry.after["counts"] == run.counts
    assert entry.after["counts"]["dossier.not_admitted@2021"]["documents"] == 5
    text = str(entry.after) + entry.object_repr + entry.reason
    assert "rejected@example.org" not in text and "Alès" not in text


def test_a_hold_keeps_a_dossier_until_its_end_date(world, personas):
    with time_machine.travel(dt.datetime(2023, 11, 1, 10, tzinfo=dt.UTC), tick=False):
        services.hold_create(
            actor=personas.admin,
            application=world.not_admitted,
            reason="Appeal to the court",
            ends_on=D(2024, 1, 31),
        )
    files = world.files_of(world.not_admitted)
    run_on(D(2023, 12, 6))
    assert Document.objects.filter(application=world.not_admitted).count() == 5
    assert all(default_storage.exists(name) for name in files)
    assert User.objects.filter(email="rejected@example.org").exists()
    # Its candidate's login history stays with it (the first purge ran after the hold was placed).
    assert AccessLog.objects.filter(username="rejected@example.org").exists()
    assert not AccessLog.objects.exclude(username="rejected@example.org").exists()
    run_on(D(2024, 1, 31))
    assert Document.objects.filter(application=world.not_admitted).count() == 5
    run_on(D(2024, 2, 1))
    assert not Document.objects.filter(application=world.not_admitted).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert not User.objects.filter(email="rejected@example.org").exists()


def test_a_lifted_hold_no_longer_keeps_the_dossier(world, personas):
    with time_machine.travel(dt.datetime(2023, 11, 1, 10, tzinfo=dt.UTC), tick=False):
        hold = services.hold_create(
            actor=personas.admin, application=world.not_admitted, reason="Dispute", ends_on=D(2025, 1, 1)
        )
        services.hold_lift(actor=personas.admin, hold=hold)
    run_on(D(2023, 12, 6))
    assert not Document.objects.filter(application=world.not_admitted).exists()


def test_a_purge_run_twice_the_same_night_is_refused_and_changes_nothing(world):
    run_on(D(2023, 12, 6))
    before = (Document.objects.count(), User.objects.count(), AuditEntry.objects.count())
    with time_machine.travel(night_at(D(2023, 12, 6)) + dt.timedelta(hours=1), tick=False):
        with pytest.raises(services.PurgeAlreadyRan) as refused:
            services.purge_run()
        assert "already ran this night (at 02:30)" in refused.value.message
        assert services.purge_nightly() is None
    assert (Document.objects.count(), User.objects.count(), AuditEntry.objects.count()) == before
    assert PurgeRun.objects.count() == 1


def test_the_next_night_finds_nothing_more(world):
    run_on(D(2023, 12, 6))
    run, announced, _files = run_on(D(2023, 12, 7))
    assert run.counts == announced == {}
    assert run.files_deleted == 0
