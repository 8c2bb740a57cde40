"""Writes of the privacy app: retention rules, holds, the nightly purge, the data download,
account deletion. Each one transaction and an audit entry (counts, never content)."""

import datetime as dt
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.enums import OPEN_STATES, WishState
from candidates.models import Application
from core.audit import audit_record
from core.errors import PortalError
from core.links import portal_url
from core.retention import ANCHORS, PurgeNight, PurgeResult, retention_categories, retention_category
from notifications.services.outbox import email_queue

from . import selectors, tasks  # tasks: the module, not its names: tasks imports services back
from .categories import DOCUMENTS, REFEREES, account_erase, application_erase
from .enums import EXPORT_TRANSITIONS, AuditAction, DurationUnit, ExportState, RetentionAction
from .mail import ACCOUNT_DELETED, EXPORT_READY
from .models import DataExport, Hold, PurgeRun, RetentionRule

logger = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")
# The nightly purge runs at this Paris time (the beat entry in migrations/0002).
PURGE_AT = dt.time(2, 30)


class PrivacyError(PortalError):
    pass


class RetentionRuleError(PrivacyError):
    code = "rule"


class PurgeAlreadyRan(PrivacyError):
    code = "purge_already_ran"


class DeletionRefused(PrivacyError):
    code = "deletion_refused"


# --- rules ------------------------------------------------------------------------------


def rule_errors(*, category: str, anchor: str, duration, unit: str, action: str, pk=None) -> dict[str, str]:
    """What is wrong with a rule, by field (empty when it is valid). Forms and the admin show
    these messages; `rule_save` refuses the same."""
    errors = {}
    try:
        registered = retention_category(category)
    except LookupError:
        return {"category": gettext("No such category of data.")}
    if duration is not None and duration < 0:
        errors["duration"] = gettext("A duration cannot be negative.")
    if anchor not in registered.anchors:
        accepted = ", ".join(str(ANCHORS[code].label) for code in registered.anchors)
        errors["anchor"] = gettext(
            "“%(category)s” cannot be counted from this date; accepted: %(accepted)s."
        ) % {
            "category": registered.label,
            "accepted": accepted,
        }
    if action not in registered.actions:
        errors["action"] = gettext("This category of data cannot be anonymised, only deleted.")
    if unit not in DurationUnit.values:
        errors["unit"] = gettext("Choose days or months.")
    if RetentionRule.objects.filter(category=category).exclude(pk=pk).exists():
        errors["category"] = gettext("This category of data already has a rule: change that one.")
    return errors


@transaction.atomic
def rule_save(*, actor, category, anchor, duration, unit, action, reason, rule=None) -> RetentionRule:
    errors = rule_errors(
        category=category,
        anchor=anchor,
        duration=duration,
        unit=unit,
        action=action,
        pk=rule.pk if rule else None,
    )
    if errors:
        raise RetentionRuleError(" ".join(errors.values()))
    before = {}
    if rule is None:
        rule = RetentionRule(category=category)
    else:
        before = {"anchor": rule.anchor, "duration": rule.duration, "unit": rule.unit, "action": rule.action}
    rule.anchor, rule.duration, rule.unit, rule.action, rule.reason = anchor, duration, unit, action, reason
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise RetentionRuleError(
            gettext("This category of data already has a rule: change that one.")
        ) from None
    after = {"anchor": anchor, "duration": duration, "unit": unit, "action": action}
    audit_record(
        actor=actor, action=AuditAction.RULE_SAVE, obj=rule, before=before, after=after, reason=reason
    )
    return rule


@transaction.atomic
def rules_load_defaults() -> int:
    """The default rule of every registered category that has none (admissions.demo). Seed
    data like the rest of the demo session: checked as an admin's rule, not audited."""
    created = 0
    for category in retention_categories():
        default = category.default
        if default is None or RetentionRule.objects.filter(category=category.code).exists():
            continue
        fields = {
            "category": category.code,
            "anchor": default.anchor,
            "duration": default.duration,
            "unit": default.unit,
            "action": default.action,
        }
        errors = rule_errors(**fields)
        if errors:
            raise RetentionRuleError(" ".join(errors.values()))
        # Admin data in the school's language (French first), as an admin would write it.
        with translation.override(settings.LANGUAGE_CODE):
            reason = str(default.reason)
        RetentionRule.objects.create(reason=reason, **fields)
        created += 1
    return created


# --- holds ------------------------------------------------------------------------------


@transaction.atomic
def hold_create(*, actor, application, reason: str, ends_on: dt.date) -> Hold:
    if not reason.strip():
        raise PrivacyError(_("Give the reason of the hold (a dispute, an appeal…)."))
    if ends_on < timezone.localdate():
        raise PrivacyError(_("The end date of a hold cannot be in the past."))
    hold = Hold.objects.create(application=application, reason=reason, ends_on=ends_on, created_by=actor)
    audit_record(
        actor=actor, action=AuditAction.HOLD_CREATE, obj=application, after={"until": ends_on}, reason=reason
    )
    return hold


@transaction.atomic
def hold_lift(*, actor, hold: Hold) -> Hold:
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_at"])
    audit_record(
        actor=actor, action=AuditAction.HOLD_LIFT, obj=hold.application, before={"until": hold.ends_on}
    )
    return hold


# --- the nightly purge ------------------------------------------------------------------


def purge_night_of(now: dt.datetime) -> dt.date:
    """The night a run at `now` belongs to: its Paris date."""
    return timezone.localtime(now, PARIS).date()


def purge_next_at(now: dt.datetime) -> dt.datetime:
    """The next nightly run after `now` (what the dry run announces)."""
    local = timezone.localtime(now, PARIS)
    day = local.date() if local.time() < PURGE_AT else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, PURGE_AT, tzinfo=PARIS)


@dataclass
class PlanLine:
    """One rule applied to one session (or, record-dated, to every record before `cutoff`)."""

    category: object
    rule: RetentionRule
    campaign: object = None
    due_on: dt.date | None = None
    cutoff: dt.datetime | None = None
    result: PurgeResult = field(default_factory=PurgeResult)


def _plan(night: dt.date) -> list[PlanLine]:
    lines = []
    campaigns = selectors.campaigns_all()
    for item in selectors.rules_in_force():
        rule = item.rule
        if rule is None:
            continue
        if ANCHORS[rule.anchor].per_session:
            for campaign in campaigns:
                due_on = selectors.rule_date_for(rule, campaign)
                if due_on is not None and due_on <= night:
                    lines.append(PlanLine(item.category, rule, campaign=campaign, due_on=due_on))
        else:
            # A record dated day D goes on the night D + duration: before the next midnight.
            cutoff_day = selectors.rule_shift(rule, night, forward=False) + dt.timedelta(days=1)
            lines.append(
                PlanLine(
                    item.category, rule, cutoff=dt.datetime.combine(cutoff_day, dt.time.min, tzinfo=PARIS)
                )
            )
    return lines


def purge_waiting() -> list[tuple]:
    """(category, session, anchor) of the rules that cannot apply to a session yet: the session
    does not have the anchor's date (no start of classes set). Shown to the admin."""
    waiting = []
    campaigns = selectors.campaigns_all()
    for item in selectors.rules_in_force():
        rule = item.rule
        if rule is None or not ANCHORS[rule.anchor].per_session:
            continue
        for campaign in campaigns:
            if selectors.rule_date_for(rule, campaign) is None:
                waiting.append((item.category, campaign, ANCHORS[rule.anchor].label))
    return waiting


def _night(night: dt.date, dry_run: bool) -> PurgeNight:
    held = frozenset(selectors.holds_active(night).values_list("application_id", flat=True))
    users = frozenset(Application.objects.filter(pk__in=held).values_list("candidate_id", flat=True))
    return PurgeNight(night=night, dry_run=dry_run, held_applications=held, held_users=users)


def _apply(night: PurgeNight) -> list[PlanLine]:
    lines = _plan(night.night)
    for line in lines:
        line.result = line.category.purge(
            campaign=line.campaign,
            cutoff=line.cutoff,
            action=line.rule.action,
            dry_run=night.dry_run,
            night=night,
        )
    return lines


def purge_preview(*, now: dt.datetime | None = None) -> tuple[dt.datetime, list[PlanLine]]:
    """What the next nightly run will do ("tonight this would delete: …"), changing nothing."""
    at = purge_next_at(now or timezone.now())
    with transaction.atomic():
        lines = _apply(_night(purge_night_of(at), dry_run=True))
    return at, [line for line in lines if not line.result.empty]


def _summary(lines: list[PlanLine]) -> dict:
    counts = {}
    for line in lines:
        if line.result.empty:
            continue
        key = line.category.code + (f"@{line.campaign.year}" if line.campaign else "")
        counts[key] = dict(line.result.counts)
    return counts


def purge_run(*, now: dt.datetime | None = None, actor=None) -> PurgeRun:
    """Apply every due rule, once a night: a second run the same night is refused (the data
    is gone anyway). The audit entry holds the counts, never the content; the files go from
    the storage once the database has committed."""
    now = now or timezone.now()
    night = purge_night_of(now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = PurgeRun.objects.create(night=night, started_at=now, actor=actor)
        except IntegrityError:
            done = selectors.purge_run_for(night)
            raise PurgeAlreadyRan(
                gettext("The purge already ran this night (at %(time)s); it runs again next night.")
                % {"time": timezone.localtime(done.started_at, PARIS).strftime("%H:%M")}
            ) from None
        lines = _apply(_night(night, dry_run=False))
        files = [name for line in lines for name in line.result.files]
        run.counts = _summary(lines)
        run.files_deleted = len(files)
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "files_deleted", "finished_at"])
        audit_record(
            actor=actor, action=AuditAction.PURGE, obj=run, after={"counts": run.counts, "files": len(files)}
        )
    for name in files:
        try:
            default_storage.delete(name)
        except Exception:  # the row is gone; an orphan file is logged for the operators
            logger.exception("Retention purge: could not delete %s from the storage", name)
    return run


def purge_nightly() -> PurgeRun | None:
    """The beat entry's job: the night's run, or nothing when it already ran."""
    try:
        return purge_run()
    except PurgeAlreadyRan:
        return None


# --- the complete data download -----------------------------------------------------------


README = """Everything the admissions portal of IMT Mines Alès holds about you (R-DATA-1).

data.json: {"format", "exported_at", "account", "sections": {"<app>.<model>": [rows]},
"not_included": {"<app>.<model>": "why"}}. Each row holds the record's fields; foreign keys end
in "_id"; dates are ISO 8601 (UTC). Files are under files/<app>.<model>/, named in the rows.
Sections: accounts.user (your account), candidates.* (dossiers, choices with their released
state, documents, referee requests without the referees' confidential answers, changes),
payments.*, jury.decision (released decisions), notifications.outboxmessage (every e-mail),
core.auditentry (the audit log entries about you), account.emailaddress, mfa.authenticator,
axes.* (your login history), the selection tests (selection.admissibilitydecision once released,
english_test.* with the identity-check pictures, video_interview.take with its recording,
interviews.booking), company_search.* and apprenticeship.* (job sheets without their link,
the school's reviews, the contract and its file). See docs/privacy.md in the portal's sources.
"""


def export_build(user) -> bytes:
    data, files = selectors.candidate_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for path, fieldfile in files:
            try:
                with fieldfile.storage.open(fieldfile.name, "rb") as handle:
                    archive.writestr(path, handle.read())
            except FileNotFoundError:
                logger.warning("Data download: %s is missing from the storage", fieldfile.name)
    return buffer.getvalue()


@transaction.atomic
def export_request(*, user) -> DataExport:
    """Queue the preparation of a download; the candidate is told by e-mail when it is ready.
    A download already being prepared is reused."""
    pending = selectors.exports_of(user).filter(state=ExportState.QUEUED).first()
    if pending:
        return pending
    export = DataExport.objects.create(user=user)
    audit_record(actor=user, action=AuditAction.EXPORT_REQUEST, obj=export)
    transaction.on_commit(lambda: tasks.export_prepare.delay(export.pk))
    return export


def _export_transition(export: DataExport, target: ExportState) -> None:
    if target not in EXPORT_TRANSITIONS[export.state]:
        raise PrivacyError(_("This download cannot change state any more."))
    export.state = target


def export_prepare(*, export_id: int) -> DataExport | None:
    export = DataExport.objects.select_related("user").filter(pk=export_id, state=ExportState.QUEUED).first()
    if export is None:
        return None
    content = export_build(export.user)
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export.pk)
        if export.state != ExportState.QUEUED:
            return export
        export.file.save("data.zip", ContentFile(content), save=False)
        export.size = len(content)
        export.ready_at = timezone.now()
        _export_transition(export, ExportState.READY)
        export.save()
        audit_record(actor=None, action=AuditAction.EXPORT_READY, obj=export, after={"size": export.size})
        email_queue(
            template_key=EXPORT_READY,
            recipient=export.user,
            context={"link": portal_url(reverse("privacy:my_data"))},
            related=export,
        )
    return export


# --- account deletion on request ------------------------------------------------------------


@dataclass
class DeletionPlan:
    """What deleting an account does: `blocking` dossiers must be withdrawn first."""

    blocking: list = field(default_factory=list)
    dossiers: list = field(default_factory=list)
    payments: int = 0
    payments_until: dt.date | None = None
    result: PurgeResult = field(default_factory=PurgeResult)

    @property
    def allowed(self) -> bool:
        return not self.blocking

    @property
    def documents(self) -> int:
        return self.result.counts.get(DOCUMENTS, 0)

    @property
    def referees(self) -> int:
        return self.result.counts.get(REFEREES, 0)


def _erase_all(user, applications, result: PurgeResult, *, dry_run: bool) -> None:
    """The account's dossiers, then the account (with the last dossier, or alone)."""
    night = PurgeNight(night=timezone.localdate(), dry_run=dry_run)
    for application in applications:
        application_erase(
            application, action=RetentionAction.DELETE, result=result, dry_run=dry_run, night=night
        )
    if not applications:
        account_erase(user, result=result, dry_run=dry_run, night=night)


def _blocking(application) -> bool:
    return any(w.state in OPEN_STATES and w.state != WishState.DRAFT for w in application.wishes.all())


def account_deletion_plan(*, user) -> DeletionPlan:
    plan = DeletionPlan()
    applications = list(selectors.applications_of(user))
    plan.blocking = [a for a in applications if _blocking(a)]
    plan.dossiers = applications
    payments = [p for a in applications for p in a.payments.all()]
    plan.payments = len(payments)
    rule = RetentionRule.objects.filter(category="payments").first()
    if payments and rule and rule.anchor == "record_date":
        last = max(timezone.localdate(p.created_at) for p in payments)
        plan.payments_until = selectors.rule_shift(rule, last)
    if plan.allowed:
        _erase_all(user, applications, plan.result, dry_run=True)
    return plan


@transaction.atomic
def account_delete(*, user) -> PurgeResult:
    """Delete the account on its owner's request. Refused while a choice is open (withdraw
    first). Dossiers are erased (choices deleted; payments kept, anonymised, for their legal
    period); the audit keeps counts; the confirmation goes to the address that was theirs."""
    user = User.objects.select_for_update().get(pk=user.pk)
    applications = list(selectors.applications_of(user).prefetch_related("payments"))
    if any(_blocking(a) for a in applications):
        raise DeletionRefused(_("An application is still open: withdraw it first, then delete your account."))
    if Hold.objects.filter(
        application__in=applications, lifted_at__isnull=True, ends_on__gte=timezone.localdate()
    ):
        raise DeletionRefused(
            _("A dispute keeps your dossier for now; the admissions office will tell you when it can go.")
        )
    email, language, user_id = user.email, user.preferred_language, user.pk
    result = PurgeResult()
    _erase_all(user, applications, result, dry_run=False)
    audit_record(
        actor=None,
        action=AuditAction.ACCOUNT_DELETE,
        after={"account": user_id, "counts": result.counts, "files": len(result.files)},
        reason="on request",
    )
    email_queue(
        template_key=ACCOUNT_DELETED, recipient=email, language=language, context={}, occasion=str(user_id)
    )
    files = list(result.files)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
    return result
