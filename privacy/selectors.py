"""Reads of the privacy app: the rules in force, the holds, the complete data download.

The data download (R-DATA-1) is generic: every model registered with
`core.retention.register_personal_data` is exported through its path to the account
(`owner`), its concrete fields (foreign keys as ids, files as their path in the zip), minus
`exclude_fields`; or by its own `export(user)`. The layout is documented in
docs/privacy.md and in the README.txt of each zip.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from admissions.models import Campaign
from candidates.models import Application
from core.retention import ANCHORS, add_months, personal_data, retention_categories

from .enums import DurationUnit, ExportState, RetentionAction
from .models import DataExport, Hold, PurgeRun, RetentionRule

FORMAT = "imt-mines-ales-admissions/data-download/1"
FILES_DIR = "files"


@dataclass(frozen=True)
class RuleInForce:
    category: object  # core.retention.RetentionCategory
    rule: RetentionRule | None

    @property
    def text(self) -> str:
        """ "24 months after the end of the session, then anonymised (statistics kept)"."""
        rule = self.rule
        if rule is None:
            return _("No rule: kept until a rule is written.")
        if rule.unit == DurationUnit.MONTHS:
            duration = ngettext("%(n)s month", "%(n)s months", rule.duration) % {"n": rule.duration}
        else:
            duration = ngettext("%(n)s day", "%(n)s days", rule.duration) % {"n": rule.duration}
        then = _("deleted") if rule.action == RetentionAction.DELETE else _("anonymised (statistics kept)")
        return _("%(duration)s after the %(anchor)s, then %(then)s") % {
            "duration": duration,
            "anchor": ANCHORS[rule.anchor].label,
            "then": then,
        }


def rules_in_force() -> list[RuleInForce]:
    """Every registered category with its rule (None when the admin has written none: then
    nothing of that category is purged)."""
    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    return [RuleInForce(category, rules.get(category.code)) for category in retention_categories()]


def rule_shift(rule, day: dt.date, *, forward: bool = True) -> dt.date:
    """`day` moved by the rule's duration."""
    sign = 1 if forward else -1
    if rule.unit == DurationUnit.MONTHS:
        return add_months(day, sign * rule.duration)
    return day + sign * dt.timedelta(days=rule.duration)


def rule_date_for(rule, campaign) -> dt.date | None:
    """The night a session-anchored rule applies to `campaign` (None: the anchor is unset)."""
    anchor = ANCHORS[rule.anchor].date(campaign)
    return None if anchor is None else rule_shift(rule, anchor)


def campaigns_all():
    return list(Campaign.objects.order_by("year"))


def holds_active(night: dt.date):
    return Hold.objects.filter(lifted_at__isnull=True, ends_on__gte=night)


def holds_list():
    return Hold.objects.select_related("application__candidate", "application__campaign", "created_by")


def purge_run_for(night: dt.date) -> PurgeRun | None:
    return PurgeRun.objects.filter(night=night).first()


def purge_runs_recent(limit: int = 10):
    return list(PurgeRun.objects.all()[:limit])


def exports_of(user):
    return DataExport.objects.filter(user=user)


def export_latest(user) -> DataExport | None:
    return exports_of(user).first()


def export_ready_of(user, pk) -> DataExport:
    return exports_of(user).get(pk=pk, state=ExportState.READY)


def applications_of(user):
    return Application.objects.filter(candidate=user).select_related("campaign").prefetch_related("wishes")


# --- the complete data download ----------------------------------------------------------


def _zip_path(label: str, obj, field, name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return f"{FILES_DIR}/{label}/{obj.pk}-{field.name}-{base}"


def _row(obj, entry, files: list) -> dict:
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in entry.exclude_fields:
            continue
        if isinstance(field, models.FileField):
            fieldfile = getattr(obj, field.name)
            if fieldfile and fieldfile.name:
                path = _zip_path(obj._meta.label_lower, obj, field, fieldfile.name)
                files.append((path, fieldfile))
                row[field.name] = path
            else:
                row[field.name] = None
        elif field.is_relation:
            row[field.attname] = getattr(obj, field.attname)
        else:
            row[field.name] = field.value_from_object(obj)
    return row


def _model_rows(entry, user, files: list) -> list[dict]:
    model = apps.get_model(entry.model)
    if entry.export is not None:
        return entry.export(user)
    if entry.model.lower() == "accounts.user":
        queryset = model.objects.filter(pk=user.pk)
    else:
        queryset = model.objects.filter(**{entry.owner: user}).distinct()
    return [_row(obj, entry, files) for obj in queryset.order_by("pk")]


def candidate_data(user) -> tuple[dict, list]:
    """(the JSON document, [(path in the zip, FieldFile)]) for `user`."""
    files: list = []
    sections = {}
    for entry in sorted(personal_data(), key=lambda e: e.model.lower()):
        if entry.excluded:
            continue
        sections[entry.model.lower()] = _model_rows(entry, user, files)
    excluded = {e.model.lower(): e.excluded for e in personal_data() if e.excluded}
    data = {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "account": user.email,
        "sections": sections,
        "not_included": excluded,
    }
    return data, files
