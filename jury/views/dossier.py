"""One dossier before the jury: reading it (documents, referees, reviews), taking it into
review, the eligibility ruling, the member's review, the president's decision, a conflict
of interest."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from candidates.models import Document
from core.files import serve_private_file
from core.views import show_error

from .. import selectors, services
from ..forms import ConflictForm, DecisionForm, EligibilityForm, ReviewForm
from ..pdf import dossier_pdf


def _wish(request, pk):
    return selectors.wish_detail(pk)


def _wish_context(request, wish, **forms):
    criteria = selectors.scoring_criteria(wish.intake.campaign)
    see_all = request.user.has_perm("jury.decide", wish)
    own, others = selectors.dossier_reviews(wish=wish, user=request.user, see_all=see_all)
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
        "diploma": selectors.diploma_name(wish.application),
        "criteria": criteria,
        "own_review": own,
        "other_reviews": others,
        "others_visible": see_all or bool(own and own.submitted_at),
        "documents": documents,
        "referees": referees,
        "decision": decision,
        "ruling": ruling,
        "decidable": wish.state in services.DECIDABLE_STATES,
        "review_form": forms.get("review_form")
        or ReviewForm(criteria=criteria, level=wish.intake.level, decides=see_all, initial=initial),
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


@permission_required("jury.review_wish", _wish)
def wish_detail(request, pk, obj):
    wish = obj
    return render(request, "jury/wish_detail.html", _wish_context(request, wish))


def _back(wish):
    return redirect("jury:wish", pk=wish.pk)


@permission_required("jury.review_wish", _wish)
def wish_take(request, pk, obj):
    wish = obj
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.wish_take_into_review(wish=wish, actor=request.user)
    except services.JuryError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The dossier is under review."))
    return _back(wish)


@permission_required("jury.review_wish", _wish)
def wish_eligibility(request, pk, obj):
    wish = obj
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


@permission_required("jury.review_wish", _wish)
def wish_review(request, pk, obj):
    wish = obj
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    criteria = selectors.scoring_criteria(wish.intake.campaign)
    decides = request.user.has_perm("jury.decide", wish)
    form = ReviewForm(request.POST, criteria=criteria, level=wish.intake.level, decides=decides)
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            services.review_save(
                wish=wish,
                reviewer=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                proposal=form.cleaned_data.get("proposal", ""),
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


@permission_required("jury.decide", _wish)
def wish_decide(request, pk, obj):
    wish = obj
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


@permission_required("jury.review_wish", _wish)
def wish_conflict(request, pk, obj):
    wish = obj
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.conflict_declare(wish=wish, member=request.user, reason=reason)
    messages.success(
        request, _("Conflict of interest recorded: this candidate's dossiers are closed to you.")
    )
    return redirect("jury:intake", pk=wish.intake_id)


@permission_required("jury.review_wish", _wish)
def wish_pdf(request, pk, obj):
    """The whole dossier as one PDF (cover, appraisals, every document) for reading offline
    or printing for the deliberation: the jury of its program only, as the page."""
    wish = obj
    response = HttpResponse(
        dossier_pdf(wish=wish, language=request.LANGUAGE_CODE), content_type="application/pdf"
    )
    reference = wish.application.reference or str(wish.pk)
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{reference}-{wish.intake.program.code}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("jury.read_document", objectgetter(Document))
def document_download(request, pk, obj):
    """A dossier's document, for the jury of its program only (never a public URL)."""
    document = obj
    return serve_private_file(
        document.file, download_name=document.original_name, content_type=document.content_type
    )
