"""The complementary list (R-ADMIT-5, R-ADMIT-6): the president's draws, a draw's page with
the auditor's replay check and its minutes, the CFA's trainees with their deadline and the
CSV export."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.models import Intake
from admissions.selectors import session_or_404
from core.exports import csv_response
from core.views import show_error

from .. import draw, selectors, services
from ..complementary_filters import TraineeFilter
from ..complementary_pdf import draw_minutes_pdf


@permission_required("apprenticeship.draw_complementary_lists")
def draws(request, year):
    """The president's page of one session: the intakes of their programs, which call for a
    complementary list, and the draw button (refused before the opening)."""
    campaign = session_or_404(year)
    programs = set(request.user.jury_programs.values_list("pk", flat=True))
    intakes = [intake for intake in selectors.intakes_for_draw(campaign) if intake.program_id in programs]
    opens_at = services.draw_opens_at(campaign)
    context = {
        "campaign": campaign,
        "intakes": intakes,
        "opens_at": opens_at,
        "too_early": opens_at is None or timezone.now() < opens_at,
        "criterion": draw.criterion_for(""),
    }
    return render(request, "apprenticeship/complementary/draws.html", context)


@permission_required(
    "apprenticeship.draw_complementary_list", objectgetter(Intake.objects.select_related("campaign"))
)
def draw_create(request, pk, obj):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    intake = obj  # the service reads it again, locked, with its places and candidates
    try:
        record = services.complementary_draw(intake=intake, actor=request.user)
    except services.DrawRefused as exc:
        show_error(request, exc)
        return redirect("apprenticeship:complementary_draws", year=intake.campaign.year)
    messages.success(
        request,
        ngettext(
            "Complementary list drawn: %(count)d candidate listed and told by e-mail.",
            "Complementary list drawn: %(count)d candidates listed and told by e-mail.",
            len(record.listed),
        )
        % {"count": len(record.listed)},
    )
    return redirect("apprenticeship:complementary_draw", pk=record.pk)


def _draw(request, pk):
    return selectors.draw_detail(pk)


def _draw_context(record):
    values = {candidate["wish"]: candidate["value"] for candidate in record.inputs.get("candidates", [])}
    for entry in record.entries.all():
        value = values.get(entry.wish_id)
        entry.value = None if value is None else Decimal(value)  # shown in the reader's number format
    criterion_labels = {criterion.key: criterion.label for criterion in draw.criteria()}
    return {
        "draw": record,
        "intake": record.intake,
        "entries": list(record.entries.all()),
        "check": services.draw_check(record),
        "criterion_label": criterion_labels.get(record.criterion, record.criterion),
        "candidates_count": len(values),
        "deadline": draw.contract_deadline(record.intake.campaign.classes_start_on),
    }


@permission_required("apprenticeship.view_complementary_draw", _draw)
def draw_detail(request, pk, obj):
    """A draw's list, its frozen inputs and the auditor's check: the replay of the inputs
    gives the list again, and the inputs still have the digest taken when drawn."""
    return render(request, "apprenticeship/complementary/draw.html", _draw_context(obj))


@permission_required("apprenticeship.view_complementary_draw", _draw)
def draw_minutes(request, pk, obj):
    context = _draw_context(obj)
    pdf = draw_minutes_pdf(context=context, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"liste-complementaire-{context['intake'].program.code}-{context['intake'].level}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _trainees_filter(request, campaign) -> TraineeFilter:
    return TraineeFilter(request.GET or None, queryset=selectors.trainees(campaign), campaign=campaign)


@permission_required("apprenticeship.view_backoffice")
def trainees(request, year):
    """The CFA's trainees of one session (the complementary lists), with their deadline."""
    campaign = session_or_404(year)
    filterset = _trainees_filter(request, campaign)
    # Not paginated: at most the capacities of the session's complementary lists.
    context = {
        "campaign": campaign,
        "form": filterset.form,
        "trainees": list(filterset.qs),
        "query": request.GET.urlencode(),
        "deadline": draw.contract_deadline(campaign.classes_start_on),
        "draws": selectors.campaign_draws(campaign),
    }
    return render(request, "apprenticeship/complementary/trainees.html", context)


@permission_required("apprenticeship.view_backoffice")
def trainees_export(request, year):
    campaign = session_or_404(year)
    deadline = draw.contract_deadline(campaign.classes_start_on)
    header = [
        _("Program"),
        _("Level"),
        _("Rank"),
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Reference"),
        _("Status"),
        _("Trainee from"),
        _("Contract deadline"),
    ]

    def rows():
        for entry in _trainees_filter(request, campaign).qs:
            wish, candidate = entry.wish, entry.wish.application.candidate
            yield [
                wish.intake.program.name,
                wish.intake.get_level_display(),
                entry.rank,
                candidate.last_name,
                candidate.first_name,
                candidate.email,
                wish.application.reference or "",
                wish.get_state_display(),
                date_format(campaign.classes_start_on, "j F Y") if campaign.classes_start_on else "",
                date_format(deadline, "j F Y") if deadline else "",
            ]

    return csv_response(f"stagiaires-{campaign.year}.csv", header, rows())
