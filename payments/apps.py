from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from candidates.fees import FeeLedger, fee_ledger_register
from notifications.registry import register_template

CONFIRMED_TEMPLATE = "payment.confirmed"


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Processing fees and payments")

    def ready(self):
        from . import selectors  # noqa: PLC0415 - loads models: only once the app registry is ready

        # What was paid reaches the dossier's fee (candidates.fees, a lower app) through
        # its registry: candidates never imports payments.
        fee_ledger_register(
            FeeLedger(
                paid_total=selectors.paid_total,
                paid_twice=selectors.double_payment_status,
                export=selectors.application_payments_export,
            )
        )
        register_template(
            CONFIRMED_TEMPLATE,
            label=_("Payment of the processing fees confirmed"),
            placeholders={
                "amount": _("Amount received, with its currency"),
                "payment_reference": _("Number of the payment"),
                "provider": _("How it was paid"),
            },
            subject=_("Processing fees payment received"),
            body=_(
                "Hello {{ candidate_name }},\n\n"
                "We have received your payment of {{ amount }} ({{ provider }}, payment "
                "no. {{ payment_reference }}) for the processing fees of your application.\n\n"
                "Fees paid are not refunded, whatever the result of the application, nor on "
                "withdrawal.\n\n"
                "You can follow your application at {{ site_url }}\n\n"
                "The admissions office – IMT Mines Alès"
            ),
        )
