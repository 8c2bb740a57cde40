"""Staff: the list of payments, manual transfers and clearing a payment's flag."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.views import show_error

from .. import selectors
from ..filters import PaymentFilter
from ..forms import FlagResolveForm, ManualPaymentForm
from ..models import Payment
from ..services import (
    DuplicateReference,
    NotFlagged,
    payment_flag_resolve,
    payment_record_manual,
)

STAFF_PAGE_SIZE = 25


@permission_required("payments.view_staff_list")
def staff_payment_list(request, year):
    campaign = session_or_404(year)
    filterset = PaymentFilter(request.GET or None, queryset=selectors.staff_payment_list(campaign=campaign))
    page = Paginator(filterset.qs, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    for payment in page:
        if payment.flagged:
            payment.resolve_form = FlagResolveForm(payment=payment)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "payments/staff_list.html",
        {"form": filterset.form, "page": page, "query": query.urlencode(), "campaign": campaign},
    )


@permission_required("payments.record_transfer")
def manual_record(request, year):
    campaign = session_or_404(year)
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
        except DuplicateReference as error:
            form.add_error("bank_reference", error.message)
            return render(request, "payments/manual_form.html", {"form": form, "campaign": campaign})
        messages.success(
            request,
            _("Transfer of %(amount)s € recorded for %(candidate)s.")
            % {"amount": number_format(payment.amount, 2), "candidate": data["application"].candidate.email},
        )
        return redirect("payments:staff_list", year=campaign.year)
    return render(request, "payments/manual_form.html", {"form": form, "campaign": campaign})


@permission_required("payments.resolve_flag")
@require_POST
def flag_resolve(request, pk):
    """Mark a flagged payment as checked, with a mandatory note; back to the list with
    its filters (the query string of the list is kept)."""
    payment = get_object_or_404(Payment.objects.select_related("application__campaign"), pk=pk)
    back = reverse("payments:staff_list", args=[payment.application.campaign.year])
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
    except NotFlagged as error:
        show_error(request, error, level=messages.INFO)
    else:
        messages.success(request, _("Payment #%(pk)s marked as checked.") % {"pk": pk})
    return HttpResponseRedirect(back)
