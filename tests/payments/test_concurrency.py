"""Concurrency on PostgreSQL, with real threads (DESIGN.md: prove the race first).

Each race is made deterministic: the test holds `LOCK TABLE payments_payment IN SHARE
MODE`, which lets both threads read but blocks their first write to the payment table.
It releases that lock only once both threads wait on a lock. With the service's row locks
(application, then payment) the second thread waits for the first one's commit and then
sees its work; without them both threads have read "nothing yet" before either writes.

How the tests were checked to fail without the lock: `select_for_update(...)` was removed
from `_lock_application` and from the payment read in `payment_confirm`
(payments/services.py); then the first two tests below failed ("assert 1 == 2": two
pending payments; "[True, True] == [False, True]": confirmed twice, two audit entries).
The third (same Stripe event twice) still passed without them: the unique event id
guards it too. With the locks restored all pass.
"""

import hashlib
import hmac
import json
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client

from candidates import fees
from core.models import AuditEntry
from payments.enums import AuditAction, PaymentState
from payments.models import Payment, ProviderEvent
from payments.services import payment_confirm, payment_start
from tests.payments.factories import application_with_wishes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _race(*calls):
    """Run `calls` in threads while the payment table refuses writes; release when all
    wait on a lock. Returns the results (or exceptions) in order."""
    results = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:  # reported by the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE payments_payment IN SHARE MODE")
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while _waiting_on_locks() < len(calls):
            assert time.monotonic() < deadline, "the threads never met on a lock"
            time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=20)
    return results


def test_two_concurrent_starts_make_one_pending_payment():
    application = application_with_wishes(2)
    results = _race(
        lambda: payment_start(application=application, provider="sandbox", actor=None),
        lambda: payment_start(application=application, provider="sandbox", actor=None),
    )
    assert all(isinstance(r, Payment) for r in results), results
    assert results[0].pk == results[1].pk
    assert Payment.objects.filter(application=application, state=PaymentState.PENDING).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.STARTED).count() == 1


def test_R_FEES_2_two_concurrent_confirmations_record_once():
    application = application_with_wishes(1)
    payment = payment_start(application=application, provider="sandbox", actor=None)
    results = _race(
        lambda: payment_confirm(payment=Payment.objects.get(pk=payment.pk), amount=Decimal("77.00")),
        lambda: payment_confirm(payment=Payment.objects.get(pk=payment.pk), amount=Decimal("77.00")),
    )
    assert sorted(created for _payment, created in results) == [False, True], results
    assert AuditEntry.objects.filter(action=AuditAction.CONFIRMED).count() == 1
    assert fees.amount_paid(application) == Decimal("77.00")


def test_same_stripe_event_delivered_twice_at_once_confirms_once(settings):
    """A replayed webhook arriving at the same time as the original."""
    settings.STRIPE_WEBHOOK_SECRET = "whsec_concurrency"
    application = application_with_wishes(1)
    payment = payment_start(application=application, provider="stripe", actor=None)
    payload = json.dumps(
        {
            "id": "evt_same",
            "object": "event",
            "type": "checkout.session.completed",
            "data": {
                "object": {
                    "id": "cs_same",
                    "object": "checkout.session",
                    "client_reference_id": str(payment.pk),
                    "amount_total": 7700,
                    "currency": "eur",
                    "payment_status": "paid",
                }
            },
        }
    )
    stamp = int(time.time())
    signature = hmac.new(b"whsec_concurrency", f"{stamp}.{payload}".encode(), hashlib.sha256).hexdigest()

    def deliver():
        return Client().post(
            "/paiement/stripe/webhook/",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=f"t={stamp},v1={signature}",
        )

    results = _race(deliver, deliver)
    assert [r.status_code for r in results] == [200, 200], results
    assert sorted(r.json()["status"] for r in results) == ["confirmed", "replayed"]
    assert ProviderEvent.objects.filter(event_id="evt_same").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CONFIRMED).count() == 1
    assert fees.amount_paid(application) == Decimal("77.00")


def test_two_different_stripe_sessions_paid_at_once_record_both_charges(settings):
    """The candidate paid in two tabs and both webhooks arrive together: one confirms the
    payment, the other is recorded as a separate payment flagged "paid twice"."""
    settings.STRIPE_WEBHOOK_SECRET = "whsec_concurrency"
    application = application_with_wishes(1)
    payment = payment_start(application=application, provider="stripe", actor=None)

    def deliver_for(event_id, session_id):
        payload = json.dumps(
            {
                "id": event_id,
                "object": "event",
                "type": "checkout.session.completed",
                "data": {
                    "object": {
                        "id": session_id,
                        "object": "checkout.session",
                        "client_reference_id": str(payment.pk),
                        "amount_total": 7700,
                        "currency": "eur",
                        "payment_status": "paid",
                    }
                },
            }
        )
        stamp = int(time.time())
        signature = hmac.new(b"whsec_concurrency", f"{stamp}.{payload}".encode(), hashlib.sha256).hexdigest()
        return lambda: Client().post(
            "/paiement/stripe/webhook/",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=f"t={stamp},v1={signature}",
        )

    results = _race(deliver_for("evt_tab_1", "cs_tab_1"), deliver_for("evt_tab_2", "cs_tab_2"))
    assert [r.status_code for r in results] == [200, 200], results
    assert sorted(r.json()["status"] for r in results) == ["confirmed", "flagged"]
    payments = Payment.objects.filter(application=application)
    assert payments.count() == 2 and payments.filter(flagged=True).count() == 1
    assert {p.provider_reference for p in payments} == {"cs_tab_1", "cs_tab_2"}
    assert AuditEntry.objects.filter(action=AuditAction.SECOND_CHARGE).count() == 1
    assert fees.amount_paid(application) == Decimal("154.00")
