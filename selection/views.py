"""Thin views of the selection tests: the candidate's tests page, the admissibility
deliberation of an intake (list, one candidate, decisions one by one and in bulk) and its
minutes."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.views import safe_next_url, show_error
from notifications.milestones import get_action

from . import selectors, services
from .enums import AdmissibilityOutcome
from .filters import DeliberationFilterSet
from .forms import AdmissibilityForm, BulkAdmissibilityForm
from .minutes import minutes_pdf

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


@permission_required("selection.view_tests")
def tests(request, year):
    """The candidate's selection tests in one session (R-TEST-1): what each released
    decision requires, its window, what to do and its state; never a result (R-TEST-8)."""
    campaign = session_or_404(year, user=request.user)
    application = selectors.application_of(user=request.user, campaign=campaign)
    if application is None:
        raise Http404
    cards = selectors.candidate_tests(application=application)
    return render(request, "selection/tests.html", {"campaign": campaign, "cards": cards})


def _intake(request, year, pk):
    return selectors.deliberation_intake(pk=pk, year=year)


def _wish(request, pk):
    return selectors.deliberation_wish(pk)


def _release_context(campaign):
    return {
        "released_automatically_at": get_action("selection.release_admissibility").due_at(campaign),
        "results_open": timezone.now() >= services.results_open_at(campaign),
    }


@permission_required("selection.view_deliberation", _intake)
def deliberation(request, year, pk, obj):
    """Every candidate of an intake's deliberation with the tests' results side by side:
    sorted, filtered, decided in bulk by the president."""
    intake = obj
    wishes = selectors.deliberation_wishes(user=request.user, intake=intake)
    filterset = DeliberationFilterSet(request.GET or None, queryset=wishes)
    try:
        size = min(max(int(request.GET.get("size", PAGE_SIZE)), 1), MAX_PAGE_SIZE)
    except ValueError:
        size = PAGE_SIZE
    columns, page = selectors.deliberation_page(
        filterset.qs, sort=filterset.chosen_sort, size=size, number=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    can_decide = request.user.has_perm("selection.bulk_decide_admissibility", intake)
    context = {
        "intake": intake,
        "campaign": intake.campaign,
        "form": filterset.form,
        "columns": columns,
        "page": page,
        "query": query.urlencode(),
        "counts": selectors.deliberation_counts(user=request.user, intake=intake),
        "can_decide": can_decide,
        "bulk_form": BulkAdmissibilityForm(wishes=wishes) if can_decide else None,
        "can_print": request.user.has_perm("selection.deliberation_minutes", intake),
        **_release_context(intake.campaign),
    }
    return render(request, "selection/deliberation.html", context)


@permission_required("selection.bulk_decide_admissibility", _intake)
def deliberation_bulk(request, year, pk, obj):
    intake = obj
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = BulkAdmissibilityForm(
        request.POST, wishes=selectors.deliberation_wishes(user=request.user, intake=intake)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        outcome = form.cleaned_data["outcome"]
        result = services.admissibility_bulk_decide(
            wishes=form.ordered_wishes(request.POST.getlist("wishes")),
            actor=request.user,
            outcome=outcome,
            rank_in_order=form.cleaned_data["rank_in_order"],
        )
        if result.done:
            messages.success(
                request,
                _("Decision “%(outcome)s” recorded for %(count)d candidate(s).")
                % {"outcome": AdmissibilityOutcome(outcome).label, "count": len(result.done)},
            )
        for wish, message in result.refused:
            messages.error(request, f"{wish.application.candidate.get_full_name()}: {message}")
    return redirect(safe_next_url(request, reverse("selection:deliberation", args=[year, intake.pk])))


@permission_required("selection.view_deliberation_wish", _wish)
def candidate(request, pk, obj):
    """One candidate of a deliberation: every result in full, and the president's form."""
    wish = obj
    columns, rows = selectors.deliberation_rows([wish])
    row = rows[0]
    form = None
    if row.decidable and request.user.has_perm("selection.decide_admissibility", wish):
        decision = row.decision
        form = AdmissibilityForm(
            initial={"outcome": decision.outcome, "rank": decision.rank, "comment": decision.comment}
            if decision
            else None
        )
    context = {
        "wish": wish,
        "intake": wish.intake,
        "campaign": wish.intake.campaign,
        "columns": columns,
        "row": row,
        "form": form,
        **_release_context(wish.intake.campaign),
    }
    return render(request, "selection/candidate.html", context)


@permission_required("selection.decide_admissibility", _wish)
def decide(request, pk, obj):
    wish = obj
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AdmissibilityForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("selection:candidate", pk=wish.pk)
    try:
        decision = services.admissibility_decide(
            wish=wish,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            rank=form.cleaned_data["rank"],
            comment=form.cleaned_data["comment"],
        )
    except services.SelectionError as exc:
        show_error(request, exc)
        return redirect("selection:candidate", pk=wish.pk)
    if decision.is_released:
        messages.success(request, _("Decision recorded and released to the candidate."))
    else:
        messages.success(
            request, _("Decision recorded as a draft, released on the admissibility results date.")
        )
    return redirect("selection:deliberation", year=wish.intake.campaign.year, pk=wish.intake_id)


@permission_required("selection.deliberation_minutes", _intake)
def deliberation_minutes(request, year, pk, obj):
    """The admissibility minutes of an intake, as PDF (the president and the administrators)."""
    intake = obj
    pdf = minutes_pdf(intake=intake, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="pv-admissibilite-{intake.program.code}-{intake.level}-{intake.campaign.year}.pdf"'
    )
    return response
