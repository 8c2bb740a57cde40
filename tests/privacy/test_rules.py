"""Retention rules as admin data: the demo's defaults with their reasons, and bad input."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from core.retention import retention_categories
from privacy import services
from privacy.forms import RetentionRuleForm
from privacy.models import RetentionRule
from tests.privacy.conftest import audit_rule_save

pytestmark = pytest.mark.django_db


def test_the_demo_ships_a_rule_with_its_reason_for_every_category(session_2021):
    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    assert set(rules) == {category.code for category in retention_categories() if category.default}
    assert rules["payments"].action == "anonymise" and rules["payments"].duration == 120
    assert "L123-22" in rules["payments"].reason
    assert all(rule.reason for rule in rules.values())
    # Rerunning the demo keeps the admin's changes.
    RetentionRule.objects.filter(category="payments").update(duration=130)
    assert services.rules_load_defaults() == 0
    assert RetentionRule.objects.get(category="payments").duration == 130


def _form(**data):
    values = {
        "category": "notifications.outbox",
        "anchor": "record_date",
        "duration": 12,
        "unit": "months",
        "action": "delete",
        "reason": "Because.",
    }
    values.update(data)
    instance = RetentionRule.objects.filter(category=values["category"]).first()
    return RetentionRuleForm(values, instance=instance)


def test_a_negative_duration_is_refused_with_a_clear_message(session_2021):
    form = _form(duration=-3)
    assert not form.is_valid()
    assert form.errors["duration"] == ["A duration cannot be negative."]
    with pytest.raises(services.RetentionRuleError, match="negative"):
        services.rule_save(
            actor=None,
            category="core.audit",
            anchor="record_date",
            duration=-1,
            unit="days",
            action="delete",
            reason="",
            rule=RetentionRule.objects.get(category="core.audit"),
        )
    assert RetentionRule.objects.get(category="core.audit").duration == 36


def test_an_anchor_the_category_does_not_accept_is_refused(session_2021):
    form = _form(anchor="classes_start")
    assert not form.is_valid()
    assert "cannot be counted from this date; accepted: date of the record" in form.errors["anchor"][0]
    form = _form(category="dossier.not_admitted", anchor="last_login")
    assert not form.is_valid()
    assert "accepted:" in form.errors["anchor"][0]


def test_an_action_the_category_does_not_support_is_refused(session_2021):
    form = _form(action="anonymise")
    assert not form.is_valid()
    assert form.errors["action"] == ["This category of data cannot be anonymised, only deleted."]


def test_two_rules_for_one_category_are_refused(session_2021):
    form = RetentionRuleForm(
        {
            "category": "core.audit",
            "anchor": "record_date",
            "duration": 1,
            "unit": "days",
            "action": "delete",
            "reason": "x",
        }
    )
    assert not form.is_valid()
    assert "already has a rule" in form.errors["category"][0]
    with pytest.raises(services.RetentionRuleError, match="already has a rule"):
        audit_rule_save(duration=1, unit="days", existing=False)
    assert RetentionRule.objects.filter(category="core.audit").count() == 1


def test_the_admin_changes_a_rule_through_the_admin_site_audited(personas, login):
    rule = RetentionRule.objects.get(category="notifications.outbox")
    url = reverse("admin:privacy_retentionrule_change", args=[rule.pk])
    data = {
        "category": rule.category,
        "anchor": "record_date",
        "duration": "-2",
        "unit": "months",
        "action": "delete",
        "reason": "x",
    }
    page = login(personas.admin).post(url, data)
    assert page.status_code == 200
    assert "A duration cannot be negative." in page.content.decode()
    data["duration"] = "18"
    assert login(personas.admin).post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.duration == 18
    entry = AuditEntry.objects.filter(action="privacy.rule_save").latest("pk")
    assert entry.before["duration"] == 24 and entry.after["duration"] == 18
