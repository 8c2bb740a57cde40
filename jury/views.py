"""Thin views of the jury back-office: scope by program (404 elsewhere), call a service,
show its message."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.models import Intake
from admissions.selectors import current_campaign
from candidates.models import Document, Wish
from core.files import serve_private_file
from core.views import safe_next_url, show_error

from . import selectors, services
from .enums import DecisionKind
from .filters import JuryWishFilter
from .forms import (
    AssignmentForm,
    BulkDecisionForm,
    ConflictForm,
    DecisionForm,
    EligibilityForm,
    OverrideForm,
    ReviewForm,
)
from .models import Decision
from .pdf import minutes_pdf

PAGE_SIZE = 25
MAX_PAGE_SIZE = 500


@permission_required("jury.view_intakes")
def home(request):
    """The jury's home: the intakes of the programs this member sits on, with counts."""
    campaign = current_campaign()
    intakes = selectors.jury_intakes(user=request.user, campaign=campaign)
    return render(request, "jury/home.html", {"campaign": campaign, "intakes": intakes})


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


@permission_required("jury.view_intake", objectgetter(Intake))
def intake_list(request, pk):
    intake = selectors.intake_for_jury(user=request.user, pk=pk)
    context = _list_context(request, intake)
    if request.user.has_perm("jury.bulk_decide", intake):
        context["bulk_form"] = BulkDecisionForm(
            level=intake.level, wishes=selectors.bulk_wishes(user=request.user, intake=intake)
        )
    return render(request, "jury/intake_list.html", context)


@permission_required("jury.bulk_decide", objectgetter(Intake))
def intake_bulk_decide(request, pk):
    intake = selectors.intake_for_jury(user=request.user, pk=pk)
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


@permission_required("jury.view_intake", objectgetter(Intake))
def intake_export(request, pk):
    """The list as CSV (UTF-8 with BOM, `;`), same selector and filters as the page."""
    intake = selectors.intake_for_jury(user=request.user, pk=pk)
    qs = _filtered_wishes(request, intake).qs
    threshold = selectors.jury_settings_for(intake.campaign).disagreement_threshold
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"jury-{intake.program.code}-{intake.level}-{intake.campaign.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Reference"),
            _("Last name"),
            _("First name"),
            _("E-mail"),
            _("Submitted at"),
            _("Title"),
            _("Eligibility ruling"),
            _("State"),
            _("Reviews"),
            _("Combined score /20"),
            _("Disagreement"),
            _("Decision (draft or released)"),
            _("Probatory tests"),
        ]
    )
    for wish in selectors.iter_with_disagreement(qs.iterator(chunk_size=500), threshold):
        candidate = wish.application.candidate
        ruling = getattr(wish, "eligibility_ruling", None)
        decision = getattr(wish, "jury_decision", None)
        submitted = wish.application.submitted_at
        writer.writerow(
            [
                wish.application.reference or "",
                candidate.last_name,
                candidate.first_name,
                candidate.email,
                date_format(timezone.localtime(submitted), "SHORT_DATETIME_FORMAT") if submitted else "",
                wish.get_eligibility_display(),
                "" if ruling is None else (_("Eligible") if ruling.eligible else _("Not eligible")),
                wish.get_state_display(),
                wish.n_reviews,
                "" if wish.combined_score is None else number_format(wish.combined_score, 2),
                _("Yes") if wish.disagreement else "",
                decision.get_kind_display() if decision else "",
                ", ".join(decision.tests) if decision else "",
            ]
        )
    return response


def _wish_context(request, wish, **forms):
    criteria = selectors.scoring_criteria(wish.intake.campaign)
    own, others = selectors.dossier_reviews(wish=wish, user=request.user)
    documents, referees = selectors.dossier_documents(wish=wish)
    decision = getattr(wish, "jury_decision", None)
    ruling = getattr(wish, "eligibility_ruling", None)
    own_scores = {s.criterion_id: s.points for s in own.score_list} if own else {}
    initial = {f"score_{k}": v for k, v in own_scores.items()}
    if own:
        initial.update(comment=own.comment, proposal=own.proposal)
    context = {
        "wish": wish,
        "application": wish.application,
        "candidate": wish.application.candidate,
        "criteria": criteria,
        "own_review": own,
        "other_reviews": others,
        "documents": documents,
        "referees": referees,
        "decision": decision,
        "ruling": ruling,
        "decidable": wish.state in services.DECIDABLE_STATES,
        "review_form": forms.get("review_form")
        or ReviewForm(criteria=criteria, level=wish.intake.level, initial=initial),
        "eligibility_form": forms.get("eligibility_form")
        or EligibilityForm(
            initial={"eligible": "yes" if ruling.eligible else "no", "comment": ruling.comment}
            if ruling
            else None
        ),
        "decision_form": forms.get("decision_form")
        or DecisionForm(
            level=wish.intake.level,
            initial={"kind": decision.kind, "tests": decision.tests, "tests_note": decision.tests_note}
            if decision
            else None,
        ),
        "conflict_form": ConflictForm(),
    }
    for review in [own, *others]:
        if review:
            scores = {s.criterion_id: s.points for s in review.score_list}
            review.rows = [(c, scores.get(c.pk)) for c in criteria]
    return context


@permission_required("jury.review_wish", objectgetter(Wish))
def wish_detail(request, pk):
    wish = selectors.wish_for_jury(user=request.user, pk=pk)
    return render(request, "jury/wish_detail.html", _wish_context(request, wish))


def _back(wish):
    return redirect("jury:wish", pk=wish.pk)


@permission_required("jury.review_wish", objectgetter(Wish))
def wish_take(request, pk):
    wish = selectors.wish_for_jury(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.wish_take_into_review(wish=wish, actor=request.user)
    except services.JuryError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The dossier is under review."))
    return _back(wish)


@permission_required("jury.review_wish", objectgetter(Wish))
def wish_eligibility(request, pk):
    wish = selectors.wish_for_jury(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = EligibilityForm(request.POST)
    if form.is_valid():
        try:
            services.eligibility_rule(
                wish=wish,
                actor=request.user,
                eligible=form.cleaned_data["eligible"],
                comment=form.cleaned_data["comment"],
            )
        except services.JuryError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Eligibility ruling recorded."))
            return _back(wish)
    return render(
        request, "jury/wish_detail.html", _wish_context(request, wish, eligibility_form=form), status=400
    )


@permission_required("jury.review_wish", objectgetter(Wish))
def wish_review(request, pk):
    wish = selectors.wish_for_jury(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    criteria = selectors.scoring_criteria(wish.intake.campaign)
    form = ReviewForm(request.POST, criteria=criteria, level=wish.intake.level)
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            services.review_save(
                wish=wish,
                reviewer=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                proposal=form.cleaned_data["proposal"],
                submit=submit,
            )
        except services.JuryError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Review submitted.") if submit else _("Review saved as a draft."))
            return _back(wish)
    return render(
        request, "jury/wish_detail.html", _wish_context(request, wish, review_form=form), status=400
    )


@permission_required("jury.decide", objectgetter(Wish))
def wish_decide(request, pk):
    wish = selectors.wish_for_jury(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST, level=wish.intake.level)
    if form.is_valid():
        try:
            services.decision_set(wish=wish, actor=request.user, **form.cleaned_data)
        except services.JuryError as exc:
            show_error(request, exc)
        else:
            messages.success(
                request, _("Decision recorded as a draft: the candidate sees it on the results date only.")
            )
            return _back(wish)
    return render(
        request, "jury/wish_detail.html", _wish_context(request, wish, decision_form=form), status=400
    )


@permission_required("jury.review_wish", objectgetter(Wish))
def wish_conflict(request, pk):
    wish = selectors.wish_for_jury(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.conflict_declare(wish=wish, member=request.user, reason=reason)
    messages.success(
        request, _("Conflict of interest recorded: this candidate's dossiers are closed to you.")
    )
    return redirect("jury:intake", pk=wish.intake_id)


@permission_required("jury.read_document", objectgetter(Document))
def document_download(request, pk):
    """A dossier's document, for the jury of its program only (never a public URL)."""
    document = get_object_or_404(
        Document.objects.filter(application__wishes__in=selectors.jury_wishes(user=request.user)).distinct(),
        pk=pk,
    )
    return serve_private_file(
        document.file, download_name=document.original_name, content_type=document.content_type
    )


@permission_required("jury.assign_reviewers", objectgetter(Intake))
def intake_assignments(request, pk):
    intake = selectors.intake_for_jury(user=request.user, pk=pk)
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


@permission_required("jury.view_intake", objectgetter(Intake))
def intake_minutes(request, pk):
    """The deliberation minutes of an intake, as PDF."""
    intake = selectors.intake_for_jury(user=request.user, pk=pk)
    pdf = minutes_pdf(intake=intake, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="pv-jury-{intake.program.code}-{intake.level}-{intake.campaign.year}.pdf"'
    )
    return response


@permission_required("jury.release_decisions")
def release(request):
    """The president's release page: what is decided, what is not, and the release button
    (refused before the file-review results date)."""
    campaign = current_campaign()
    if campaign is None:
        raise Http404
    report = None
    if request.method == "POST":
        try:
            report = services.decisions_release(campaign=campaign, actor=request.user)
        except services.ReleaseTooEarly as exc:
            show_error(request, exc)
            return redirect("jury:release")
        messages.success(
            request,
            _("%(released)d decision(s) released, %(emails)d e-mail(s) queued.")
            % {"released": report.released, "emails": report.emails},
        )
        if report.undecided:
            messages.warning(
                request, _("%(count)d dossier(s) still have no decision.") % {"count": len(report.undecided)}
            )
        return redirect("jury:release")
    context = {
        "campaign": campaign,
        "opens_at": campaign.paris_start_of(campaign.review_results_on),
        "too_early": timezone.now() < campaign.paris_start_of(campaign.review_results_on),
        "undecided": selectors.undecided_wishes(campaign=campaign),
        "counts": selectors.release_overview(campaign=campaign),
    }
    return render(request, "jury/release.html", context)


@permission_required("jury.override_decision", objectgetter(Decision))
def decision_override(request, pk):
    """An administrator overrides a decision (released ones are otherwise final), with a
    reason kept in the audit log."""
    decision = get_object_or_404(
        Decision.objects.select_related("wish__application__candidate", "wish__intake__program"), pk=pk
    )
    form = OverrideForm(
        request.POST or None, level=decision.wish.intake.level, initial={"kind": decision.kind}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_override(
                decision=decision,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except services.JuryError as exc:
            show_error(request, exc, template=_("The override is refused: %(error)s"))
        else:
            messages.success(request, _("Decision overridden; the reason is in the audit log."))
            return redirect("jury:decision_override", pk=decision.pk)
    log = selectors.decision_log(wish=decision.wish)
    return render(request, "jury/override.html", {"decision": decision, "form": form, "log": log})
