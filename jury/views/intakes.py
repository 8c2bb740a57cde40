"""The jury's intakes: its home, each intake's list of dossiers with its filters, CSV
export and bulk decisions, the assignment of reviewers and the deliberation minutes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.exports import csv_response
from core.views import safe_next_url, show_error
from notifications.milestones import get_action

from .. import selectors, services
from ..enums import DecisionKind
from ..filters import JuryWishFilter
from ..forms import AssignmentForm, BulkDecisionForm
from ..pdf import minutes_pdf

PAGE_SIZE = 25
MAX_PAGE_SIZE = 500


@permission_required("jury.view_intakes")
def home(request, year):
    """The jury's home in one session: the intakes of the programs this member sits on,
    with counts (their own reviews to submit among them); for the president, the release to
    come."""
    campaign = session_or_404(year)
    intakes = list(selectors.jury_intakes(user=request.user, campaign=campaign))
    context = {
        "campaign": campaign,
        "intakes": intakes,
        "mine_to_review": sum(intake.n_mine_to_review for intake in intakes),
        "titles_to_judge": sum(intake.n_titles_to_judge for intake in intakes),
    }
    if request.user.has_perm("jury.release_decisions"):
        # What the president prepares: the decisions to draft before their release.
        release_at = get_action("jury.release_decisions").due_at(campaign)
        context["release"] = {
            "at": release_at if release_at and release_at > timezone.now() else None,
            "drafts": selectors.release_overview(campaign=campaign).get("draft", 0),
            "undecided": selectors.undecided_wishes(campaign=campaign).count(),
        }
    return render(request, "jury/home.html", context)


def _intake(request, pk):
    return selectors.intake_detail(pk)


def _filtered_wishes(request, intake) -> JuryWishFilter:
    """The list's filters and sort, read from the query string: the page and its export."""
    return JuryWishFilter(
        request.GET or None, queryset=selectors.jury_wish_list(user=request.user, intake=intake)
    )


def _list_context(request, intake):
    filterset = _filtered_wishes(request, intake)
    qs = filterset.qs
    try:
        size = min(max(int(request.GET.get("size", PAGE_SIZE)), 1), MAX_PAGE_SIZE)
    except ValueError:
        size = PAGE_SIZE
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    threshold = selectors.jury_settings_for(intake.campaign).disagreement_threshold
    selectors.with_disagreement(page.object_list, threshold)
    query = request.GET.copy()
    query.pop("page", None)
    return {"intake": intake, "form": filterset.form, "page": page, "query": query.urlencode()}


@permission_required("jury.view_intake", _intake)
def intake_list(request, pk, obj):
    intake = obj
    context = _list_context(request, intake)
    # Who decides reads every reviewer's score and proposal; a member, once they reviewed.
    context["sees_reviews"] = request.user.has_perm("jury.bulk_decide", intake)
    if context["sees_reviews"]:
        context["bulk_form"] = BulkDecisionForm(
            level=intake.level, wishes=selectors.bulk_wishes(user=request.user, intake=intake)
        )
    return render(request, "jury/intake_list.html", context)


@permission_required("jury.bulk_decide", _intake)
def intake_bulk_decide(request, pk, obj):
    intake = obj
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = BulkDecisionForm(
        request.POST,
        level=intake.level,
        wishes=selectors.bulk_wishes(user=request.user, intake=intake),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        result = services.decisions_bulk_set(
            wishes=form.cleaned_data["wishes"],
            actor=request.user,
            kind=form.cleaned_data["kind"],
            tests=form.cleaned_data["tests"],
            tests_note=form.cleaned_data["tests_note"],
        )
        if result.done:
            messages.success(
                request,
                _("Decision “%(kind)s” recorded as a draft for %(count)d dossier(s).")
                % {"kind": DecisionKind(form.cleaned_data["kind"]).label, "count": len(result.done)},
            )
        for wish, message in result.refused:
            messages.error(request, f"{wish.application.candidate.get_full_name()}: {message}")
    return redirect(safe_next_url(request, reverse("jury:intake", args=[intake.pk])))


def _excel_number(value) -> str:
    """A decimal as a French Excel reads it (decimal comma), whatever the reader's language."""
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _reviews_cell(wish, sees_reviews: bool) -> str:
    if not (sees_reviews or wish.my_review_done):
        return ""
    return " | ".join(
        f"{review.reviewer.get_full_name()}: {_excel_number(review.total)}"
        + (f" ({review.get_proposal_display()})" if review.proposal else "")
        for review in wish.submitted_reviews
    )


@permission_required("jury.view_intake", _intake)
def intake_export(request, pk, obj):
    """The list as a French Excel opens it (UTF-8 with BOM, `;`, decimal comma), with what
    a jury compares; same selector and filters as the page."""
    intake = obj
    qs = _filtered_wishes(request, intake).qs
    threshold = selectors.jury_settings_for(intake.campaign).disagreement_threshold
    sees_reviews = request.user.has_perm("jury.bulk_decide", intake)
    header = [
        _("Reference"),
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Submitted at"),
        _("Title"),
        _("Title category"),
        _("Establishment"),
        _("ECTS credits"),
        _("Eligibility ruling"),
        _("State"),
        _("Reviews"),
        _("Reviewers' scores and proposals"),
        _("Combined score /20"),
        _("Disagreement"),
        _("Other choices"),
        _("Decision (draft or released)"),
        _("Selection tests"),
    ]

    def rows():
        for wish in selectors.iter_with_disagreement(qs.iterator(chunk_size=500), threshold):
            application = wish.application
            candidate = application.candidate
            ruling = getattr(wish, "eligibility_ruling", None)
            decision = getattr(wish, "jury_decision", None)
            submitted = application.submitted_at
            yield [
                application.reference or "",
                candidate.last_name,
                candidate.first_name,
                candidate.email,
                date_format(timezone.localtime(submitted), "SHORT_DATETIME_FORMAT") if submitted else "",
                wish.diploma + (f" ({_('in progress')})" if application.title_in_progress else ""),
                wish.get_eligibility_display(),
                application.title_establishment,
                "" if application.ects is None else application.ects,
                "" if ruling is None else (_("Eligible") if ruling.eligible else _("Not eligible")),
                wish.get_state_display(),
                wish.n_reviews,
                _reviews_cell(wish, sees_reviews),
                _excel_number(wish.combined_score),
                _("Yes") if wish.disagreement else "",
                ", ".join(
                    f"{w.intake.program.code.upper()} {w.intake.get_level_display()} "
                    f"({w.get_state_display()})"
                    for w in wish.other_wishes
                ),
                decision.get_kind_display() if decision else "",
                ", ".join(decision.get_tests_display()) if decision else "",
            ]

    return csv_response(
        f"jury-{intake.program.code}-{intake.level}-{intake.campaign.year}.csv", header, rows()
    )


@permission_required("jury.assign_reviewers", _intake)
def intake_assignments(request, pk, obj):
    intake = obj
    wishes = (
        selectors.jury_wishes(user=request.user)
        .filter(intake=intake, state__in=services.DECIDABLE_STATES)
        .select_related("application__candidate")
        .prefetch_related("jury_assignments__member")
        .order_by("application__candidate__last_name", "pk")
    )
    members = intake.program.jury_members.order_by("last_name", "first_name")
    form = AssignmentForm(request.POST or None, wishes=wishes, members=members)
    if request.method == "POST":
        try:
            if "balance" in request.POST:
                count = services.assignments_balance(intake=intake, actor=request.user)
                messages.success(request, _("%(count)d assignment(s) made.") % {"count": count})
            elif form.is_valid():
                services.assignment_create(
                    wish=form.cleaned_data["wish"], member=form.cleaned_data["member"], actor=request.user
                )
                messages.success(request, _("Assignment recorded."))
            else:
                messages.error(request, _("Choose a dossier and a member."))
        except services.JuryError as exc:
            show_error(request, exc)
        return redirect("jury:assignments", pk=intake.pk)
    return render(request, "jury/assignments.html", {"intake": intake, "wishes": wishes, "form": form})


@permission_required("jury.view_intake", _intake)
def intake_minutes(request, pk, obj):
    """The deliberation minutes of an intake, as PDF."""
    intake = obj
    pdf = minutes_pdf(intake=intake, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="pv-jury-{intake.program.code}-{intake.level}-{intake.campaign.year}.pdf"'
    )
    return response
