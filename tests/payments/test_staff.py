"""Staff: the payments list and bank transfers recorded by hand."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates import fees
from core.models import AuditEntry
from payments.enums import AuditAction, PaymentState, ProviderCode
from payments.models import Payment
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db

LIST = reverse("payments:staff_list", args=[2021])


def resolve_url(payment):
    return reverse("payments:flag_resolve", kwargs={"pk": payment.pk})


RECORD = reverse("payments:manual_record", args=[2021])


@time_machine.travel(dt.datetime(2021, 2, 15, 10, tzinfo=dt.UTC), tick=False)
def test_R_FEES_2_admin_records_a_bank_transfer(personas, login, application_of):
    application = application_of(personas.candidate_a, programs=2)
    client = login(personas.admin)
    response = client.post(
        RECORD,
        {
            "application": personas.candidate_a.email.upper(),
            "amount": "99.00",
            "paid_on": "2021-02-12",
            "bank_reference": "VIR 2021 0042",
        },
    )
    assert response.status_code == 302 and response["Location"] == LIST
    payment = Payment.objects.get(application=application)
    assert payment.provider == ProviderCode.MANUAL and payment.state == PaymentState.CONFIRMED
    assert payment.paid_on == dt.date(2021, 2, 12) and payment.recorded_by == personas.admin
    assert fees.amount_owed(application) == Decimal("0.00")
    assert AuditEntry.objects.filter(action=AuditAction.MANUAL_RECORDED, actor=personas.admin).count() == 1


@time_machine.travel(dt.datetime(2021, 2, 15, 10, tzinfo=dt.UTC), tick=False)
def test_manual_transfer_form_refuses_a_known_reference_an_unknown_candidate_and_a_future_date(
    personas, login, application_of
):
    application_of(personas.candidate_a)
    client = login(personas.admin)
    data = {"application": personas.candidate_a.email, "amount": "77", "paid_on": "2021-02-12"}
    client.post(RECORD, {**data, "bank_reference": "VIR-1"})
    again = client.post(RECORD, {**data, "bank_reference": "vir-1"})
    assert again.status_code == 200 and "bank_reference" in again.context["form"].errors
    unknown = client.post(RECORD, {**data, "application": "nobody@example.org", "bank_reference": "VIR-2"})
    assert "application" in unknown.context["form"].errors
    future = client.post(RECORD, {**data, "paid_on": "2021-02-16", "bank_reference": "VIR-3"})
    assert "paid_on" in future.context["form"].errors
    assert Payment.objects.count() == 1


def test_only_admins_record_transfers(personas, login, application_of):
    application_of(personas.candidate_a)
    data = {"application": personas.candidate_a.email, "amount": "77", "paid_on": "2021-02-12"}
    for user in (personas.candidate_a, personas.jury_x, personas.cfa):
        assert login(user).post(RECORD, {**data, "bank_reference": "X"}).status_code == 404
    assert not Payment.objects.exists()


def test_staff_list_filters(personas, login, application_of):
    a = application_of(personas.candidate_a)
    b = application_of(personas.candidate_b)
    PaymentFactory(application=a, provider="sandbox", state=PaymentState.CONFIRMED, amount_received=77)
    PaymentFactory(application=b, provider="manual", state=PaymentState.CONFIRMED, provider_reference="VIR-9")
    PaymentFactory(application=b, provider="stripe", state=PaymentState.PENDING, flagged=True)
    client = login(personas.admin)

    def rows(**query):
        return list(client.get(LIST, query).context["page"].object_list)

    assert len(rows()) == 3
    assert [p.provider for p in rows(provider="manual")] == ["manual"]
    assert [p.state for p in rows(state="pending")] == ["pending"]
    assert {p.application_id for p in rows(q="candidate.a@")} == {a.pk}
    assert [p.provider_reference for p in rows(q="VIR-9")] == ["VIR-9"]
    assert [p.provider for p in rows(flagged="on")] == ["stripe"]


def test_staff_list_paginates(personas, login, application_of):
    application = application_of(personas.candidate_a)
    PaymentFactory.create_batch(30, application=application, state=PaymentState.CANCELLED)
    client = login(personas.admin)
    first = client.get(LIST, {"state": "cancelled"})
    assert len(first.context["page"].object_list) == 25
    assert "state=cancelled&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"state": "cancelled", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_staff_list_query_count_is_the_same_for_1_and_many_rows(personas, login, application_of):
    client = login(personas.admin)
    application = application_of(personas.candidate_a)
    PaymentFactory(application=application, recorded_by=personas.admin)
    client.get(LIST)  # warm caches (content types, session)

    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LIST).context["page"].object_list) == 1
    for user in (personas.candidate_b, personas.jury_x):
        other = application_of(user)
        PaymentFactory.create_batch(5, application=other, recorded_by=personas.admin)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST).context["page"].object_list) == 11
    assert len(many) == len(one)


def test_admin_marks_a_flagged_payment_as_checked_with_a_note(personas, login, application_of):
    application = application_of(personas.candidate_a)
    flagged = PaymentFactory(
        application=application,
        provider="stripe",
        state=PaymentState.CONFIRMED,
        amount_received=77,
        provider_reference="cs_test_2",
        flagged=True,
        flags=[{"code": "paid_twice", "first": "1"}],
    )
    other = PaymentFactory(application=application, state=PaymentState.CONFIRMED, amount_received=77)
    client = login(personas.admin)
    page = client.get(LIST, {"flagged": "on"}).content.decode()
    assert f'action="{resolve_url(flagged)}?flagged=on"' in page
    assert resolve_url(other) not in page

    # The note is mandatory: without it nothing changes.
    empty = client.post(resolve_url(flagged) + "?flagged=on", {"note": "  "})
    assert empty.status_code == 302 and empty["Location"] == LIST + "?flagged=on"
    flagged.refresh_from_db()
    assert flagged.flagged and not AuditEntry.objects.filter(action=AuditAction.FLAG_RESOLVED).exists()

    done = client.post(
        resolve_url(flagged) + "?flagged=on", {"note": "Told the candidate: no refund (R-FEES-3)"}
    )
    assert done.status_code == 302 and done["Location"] == LIST + "?flagged=on"
    flagged.refresh_from_db()
    assert not flagged.flagged and flagged.state == PaymentState.CONFIRMED
    assert AuditEntry.objects.get(action=AuditAction.FLAG_RESOLVED, actor=personas.admin).reason.startswith(
        "Told"
    )
    assert list(client.get(LIST, {"flagged": "on"}).context["page"].object_list) == []
    # A second click (another tab) changes nothing more.
    client.post(resolve_url(flagged), {"note": "again"})
    assert AuditEntry.objects.filter(action=AuditAction.FLAG_RESOLVED).count() == 1


def test_only_admins_resolve_flags(personas, login, application_of):
    application = application_of(personas.candidate_a)
    flagged = PaymentFactory(
        application=application, flagged=True, flags=[{"code": "paid_twice", "first": "1"}]
    )
    for user in (personas.candidate_a, personas.jury_x, personas.cfa):
        assert login(user).post(resolve_url(flagged), {"note": "mine"}).status_code == 404
    assert login(personas.admin).get(resolve_url(flagged)).status_code == 405
    flagged.refresh_from_db()
    assert flagged.flagged
