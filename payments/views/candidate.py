"""The candidate's pay page and the providers' pages (sandbox checkout, returns, webhook)."""

import stripe
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from candidates.fees import fee_breakdown
from candidates.models import Application
from core.views import show_error

from .. import selectors
from ..enums import PaymentState, ProviderCode
from ..forms import ProviderChoiceForm, SandboxCardForm
from ..models import Payment
from ..providers import CallbackStatus, InvalidCallback, candidate_providers, get_provider
from ..providers.sandbox import CANCELLED, PAID, SandboxProvider
from ..services import (
    NothingOwed,
    payment_start,
)


def _session_application(request, year) -> Application:
    campaign = session_or_404(year, user=request.user)
    return get_object_or_404(
        Application.objects.select_related("campaign__fees"), campaign=campaign, candidate=request.user
    )


def _after_payment_url(application) -> str:
    """The review step of the dossier paid for."""
    return reverse("candidates:review", args=[application.campaign.year])


def _payment_of(provider):
    """The permission's object of a provider's page: a payment through `provider` (404 for
    another), with its dossier and session; `payments.continue_payment` says whose."""
    return objectgetter(Payment.objects.select_related("application__campaign").filter(provider=provider))


@permission_required("payments.pay")
def pay(request, year):
    application = _session_application(request, year)
    providers = candidate_providers()
    form = ProviderChoiceForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        provider = get_provider(form.cleaned_data["provider"])
        try:
            payment = payment_start(application=application, provider=provider.code, actor=request.user)
            return redirect(provider.start_checkout(payment, request))
        except NothingOwed as error:
            show_error(request, error, level=messages.INFO)
            return redirect("payments:pay", year=year)
        except stripe.StripeError:
            messages.error(
                request, _("The payment service cannot be reached. Try again later or choose another method.")
            )
            return redirect("payments:pay", year=year)
    return render(
        request,
        "payments/pay.html",
        {
            "application": application,
            "breakdown": fee_breakdown(application),
            "payments": selectors.application_payments(application),
            "form": form,
            "providers": providers,
            "next_url": _after_payment_url(application),
        },
    )


@permission_required("payments.continue_payment", _payment_of(ProviderCode.SANDBOX))
def sandbox_checkout(request, pk, obj):
    payment = obj
    if payment.state == PaymentState.CONFIRMED:
        messages.info(request, _("This payment is already confirmed."))
        return redirect(_after_payment_url(payment.application))
    if payment.state != PaymentState.PENDING:
        return redirect("payments:pay", year=payment.application.campaign.year)
    return render(
        request,
        "payments/sandbox_checkout.html",
        {
            "payment": payment,
            "form": SandboxCardForm(
                initial={
                    "token": SandboxProvider.sign(payment, PAID),
                    "holder": request.user.get_full_name(),
                    "card": "4242 4242 4242 4242",
                }
            ),
            "cancel_token": SandboxProvider.sign(payment, CANCELLED),
        },
    )


@permission_required("payments.pay")
@require_POST
def sandbox_callback(request):
    provider = get_provider(ProviderCode.SANDBOX)
    try:
        result = provider.handle_callback(
            request, payments=Payment.objects.filter(application__candidate=request.user)
        )
    except InvalidCallback:
        return HttpResponseBadRequest(_("This payment confirmation is not valid. Nothing was recorded."))
    return _after_callback(request, result)


def _after_callback(request, result):
    if result.status == CallbackStatus.IGNORED:
        raise Http404
    if result.status == CallbackStatus.CONFIRMED:
        messages.success(request, _("Thank you: your payment is confirmed."))
        return redirect(_after_payment_url(result.payment.application))
    if result.status == CallbackStatus.CANCELLED:
        messages.info(request, _("The payment was cancelled. Nothing was charged."))
        return redirect("payments:pay", year=result.payment.application.campaign.year)
    # Replayed: already received.
    messages.info(request, _("This payment confirmation was already received: nothing was recorded twice."))
    if result.payment.is_confirmed:
        return redirect(_after_payment_url(result.payment.application))
    return redirect("payments:pay", year=result.payment.application.campaign.year)


@permission_required("payments.continue_payment", _payment_of(ProviderCode.STRIPE))
def stripe_return(request, pk, obj):
    payment = obj
    if payment.state == PaymentState.CONFIRMED:
        messages.success(request, _("Thank you: your payment is confirmed."))
        return redirect(_after_payment_url(payment.application))
    return render(request, "payments/stripe_return.html", {"payment": payment})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        result = get_provider(ProviderCode.STRIPE).handle_callback(request)
    except InvalidCallback:
        return HttpResponseBadRequest("invalid signature")
    return JsonResponse({"received": True, "status": result.status})
