"""Thin views: the candidate's pay page and the providers' pages; staff's list and
manual transfers. Writes go through services, reads through selectors."""

import stripe
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.permissions import role_required
from admissions.selectors import current_campaign
from candidates.models import Application

from . import selectors
from .enums import PaymentState, ProviderCode
from .forms import FlagResolveForm, ManualPaymentForm, PaymentFilterForm, ProviderChoiceForm
from .models import Payment
from .providers import CallbackStatus, InvalidCallback, candidate_providers, get_provider
from .providers.sandbox import CANCELLED, PAID, SandboxProvider
from .services import (
    DuplicateReference,
    NotFlagged,
    NothingOwed,
    payment_flag_resolve,
    payment_record_manual,
    payment_start,
)

STAFF_PAGE_SIZE = 25


def _current_application(request) -> Application:
    campaign = current_campaign()
    if campaign is None:
        raise Http404
    return get_object_or_404(
        Application.objects.select_related("campaign__fees"), campaign=campaign, candidate=request.user
    )


def _after_payment_url() -> str:
    """The dossier's review step; the candidate's home until it exists."""
    try:
        return reverse("candidates:review")
    except NoReverseMatch:
        return reverse("candidates:home")


def _own_payment(request, pk, provider):
    return get_object_or_404(
        Payment.objects.select_related("application__campaign"),
        pk=pk,
        provider=provider,
        application__candidate=request.user,
    )


@role_required(Role.CANDIDATE)
def pay(request):
    application = _current_application(request)
    providers = candidate_providers()
    form = ProviderChoiceForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        provider = get_provider(form.cleaned_data["provider"])
        try:
            payment = payment_start(application=application, provider=provider.code, actor=request.user)
            return redirect(provider.start_checkout(payment, request))
        except NothingOwed:
            messages.info(request, _("You owe nothing: your fees are paid."))
            return redirect("payments:pay")
        except stripe.StripeError:
            messages.error(
                request, _("The payment service cannot be reached. Try again later or choose another method.")
            )
            return redirect("payments:pay")
    return render(
        request,
        "payments/pay.html",
        {
            "application": application,
            "breakdown": selectors.fee_breakdown(application),
            "payments": selectors.application_payments(application),
            "form": form,
            "providers": providers,
            "next_url": _after_payment_url(),
        },
    )


@role_required(Role.CANDIDATE)
def sandbox_checkout(request, pk):
    payment = _own_payment(request, pk, ProviderCode.SANDBOX)
    if payment.state == PaymentState.CONFIRMED:
        messages.info(request, _("This payment is already confirmed."))
        return redirect(_after_payment_url())
    if payment.state != PaymentState.PENDING:
        return redirect("payments:pay")
    return render(
        request,
        "payments/sandbox_checkout.html",
        {
            "payment": payment,
            "pay_token": SandboxProvider.sign(payment, PAID),
            "cancel_token": SandboxProvider.sign(payment, CANCELLED),
        },
    )


@role_required(Role.CANDIDATE)
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
        return redirect(_after_payment_url())
    if result.status == CallbackStatus.CANCELLED:
        messages.info(request, _("The payment was cancelled. Nothing was charged."))
        return redirect("payments:pay")
    # Replayed: already received.
    messages.info(request, _("This payment confirmation was already received: nothing was recorded twice."))
    if result.payment is not None and result.payment.is_confirmed:
        return redirect(_after_payment_url())
    return redirect("payments:pay")


@role_required(Role.CANDIDATE)
def stripe_return(request, pk):
    payment = _own_payment(request, pk, ProviderCode.STRIPE)
    if payment.state == PaymentState.CONFIRMED:
        messages.success(request, _("Thank you: your payment is confirmed."))
        return redirect(_after_payment_url())
    return render(request, "payments/stripe_return.html", {"payment": payment})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        result = get_provider(ProviderCode.STRIPE).handle_callback(request)
    except InvalidCallback:
        return HttpResponseBadRequest("invalid signature")
    return JsonResponse({"received": True, "status": result.status})


@role_required(Role.ADMIN)
def staff_payment_list(request):
    form = PaymentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    payments = selectors.staff_payment_list(
        provider=filters.get("provider", ""),
        state=filters.get("state", ""),
        query=filters.get("q", ""),
        flagged=filters.get("flagged", False),
    )
    page = Paginator(payments, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "payments/staff_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@role_required(Role.ADMIN)
def manual_record(request):
    campaign = current_campaign()
    if campaign is None:
        raise Http404
    form = ManualPaymentForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = payment_record_manual(
                application=data["application"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                bank_reference=data["bank_reference"],
                actor=request.user,
            )
        except DuplicateReference:
            form.add_error("bank_reference", _("A transfer with this bank reference is already recorded."))
            return render(request, "payments/manual_form.html", {"form": form, "campaign": campaign})
        messages.success(
            request,
            _("Transfer of %(amount)s € recorded for %(candidate)s.")
            % {"amount": number_format(payment.amount, 2), "candidate": data["application"].candidate.email},
        )
        return redirect("payments:staff_list")
    return render(request, "payments/manual_form.html", {"form": form, "campaign": campaign})


@role_required(Role.ADMIN)
@require_POST
def flag_resolve(request, pk):
    """Mark a flagged payment as checked, with a mandatory note; back to the list with
    its filters (the query string of the list is kept)."""
    payment = get_object_or_404(Payment, pk=pk)
    back = reverse("payments:staff_list")
    if request.GET:
        back += "?" + request.GET.urlencode()
    form = FlagResolveForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Payment #%(pk)s: write what was checked before marking it as checked.") % {"pk": pk}
        )
        return HttpResponseRedirect(back)
    try:
        payment_flag_resolve(payment=payment, actor=request.user, note=form.cleaned_data["note"])
    except NotFlagged:
        messages.info(request, _("Payment #%(pk)s was already checked.") % {"pk": pk})
    else:
        messages.success(request, _("Payment #%(pk)s marked as checked.") % {"pk": pk})
    return HttpResponseRedirect(back)
