"""The candidate's own pages: home, the nine steps of the dossier, submission, withdrawal, data."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.models import DocumentType
from admissions.selectors import public_intakes, session_or_404, sessions_with_work
from core.files import max_upload_bytes, serve_private_file
from core.views import show_error

from .. import forms as f
from .. import selectors, services
from ..enums import (
    OPEN_STATES,
    DocumentState,
    RefereeKind,
    WishState,
)
from ..fees import charged_wishes, fee_breakdown
from ..models import Application, Document, Referee, Wish
from .common import candidate_only, own_dossier, own_dossier_row

STEPS = (
    ("candidates:identity", gettext_lazy("Identity and contact")),
    ("candidates:path", gettext_lazy("Baccalaureate and studies")),
    ("candidates:title", gettext_lazy("Title held or in progress")),
    ("candidates:scholarship", gettext_lazy("Scholarship")),
    ("candidates:wishes", gettext_lazy("Choices")),
    ("candidates:documents", gettext_lazy("Documents")),
    ("candidates:referees", gettext_lazy("Referees")),
    ("candidates:consents", gettext_lazy("Consents")),
    ("candidates:review", gettext_lazy("Review, pay and submit")),
)


def _step_context(application, current, completeness=None):
    year = application.campaign.year
    done = selectors.dossier_steps_done(application, completeness)
    steps = []
    for index, (name, label) in enumerate(STEPS, start=1):
        steps.append(
            {
                "url": reverse(name, args=[year]),
                "label": label,
                "current": name == current,
                "number": index,
                "done": done.get(name),
            }
        )
    return {
        "steps": steps,
        "steps_done": sum(1 for step in steps if step["done"]),
        "next_step": _next_step(year, current),
        "current_step": current,
        "application": application,
        "campaign": application.campaign,
        "read_only": application.is_submitted,
        "changeable": _changeable(application),
        "close_at": application.campaign.submissions_close_at - dt.timedelta(seconds=1),
    }


def _next_step(year, current):
    """The URL of the step after `current` ("Save and continue"), None after the last."""
    names = [name for name, _label in STEPS]
    index = names.index(current)
    return reverse(names[index + 1], args=[year]) if index + 1 < len(names) else None


def _changeable(application) -> bool:
    """A submitted dossier's wishes and documents may still change until the deadline
    (R-DOSSIER-1); its other steps stay read-only."""
    return application.is_submitted and application.campaign.is_open_for_submission()


def _render_step(request, application, current, template, context, status=200):
    step_context = _step_context(application, current, context.get("completeness"))
    return render(request, template, {**step_context, **context}, status=status)


# --- candidate home -----------------------------------------------------------------------


@candidate_only
def home(request):
    """Every session where the candidate has a dossier, and the one open for submission
    (to start a dossier), newest first."""
    now = timezone.now()
    sessions = sessions_with_work(request.user, now)
    context = {"sessions": [_home_session(request.user, campaign, now) for campaign in sessions]}
    return render(request, "candidates/home.html", context)


def _home_session(user, campaign, now):
    application = selectors.application_for(user=user, campaign=campaign)
    context = {"campaign": campaign, "application": application, "now": now}
    if application is not None:
        wishes = list(application.wishes.all())
        context.update(
            wishes=[
                {
                    "wish": wish,
                    "state": WishState(selectors.released_state(wish, campaign, now)),
                    "timeline": selectors.wish_timeline(wish, application, now),
                    # A wish added after submission and not filed yet is removed on the
                    # wishes step, not withdrawn.
                    "can_withdraw": application.is_submitted
                    and wish.state in OPEN_STATES
                    and wish.state != WishState.DRAFT,
                }
                for wish in wishes
            ],
            completeness=None if application.is_submitted else selectors.dossier_completeness(application),
            changes=selectors.dossier_changes(application),
            can_withdraw_all=application.is_submitted and any(w.state in OPEN_STATES for w in wishes),
            submissions_open=campaign.is_open_for_submission(now),
        )
    return context


# --- steps ------------------------------------------------------------------------------------


def _simple_step(request, year, *, current, form_class, initial, save, title, intro="", form_kwargs=None):
    application = own_dossier(request, year)
    form_kwargs = {**(form_kwargs or {}), "read_only": application.is_submitted}
    if request.method == "POST" and not application.is_submitted:
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                save(application, form.cleaned_data)
            except services.DossierError as error:
                show_error(request, error)
            else:
                messages.success(request, _("Saved."))
                # "Save and continue" goes to the next step; "Save" stays.
                if "continue" in request.POST:
                    return redirect(_next_step(year, current))
                return redirect(current, year=year)
    else:
        form = form_class(initial=initial(application), **form_kwargs)
    return _render_step(
        request,
        application,
        current,
        "candidates/step_form.html",
        {"form": form, "title": title, "intro": intro},
    )


@candidate_only
def identity(request, year):
    def initial(app):
        return {
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "birth_date": app.birth_date,
            "phone": app.phone,
            "address": app.address,
            "nationality": app.nationality,
        }

    def save(app, data):
        services.application_identity_update(application=app, actor=request.user, **data)

    return _simple_step(
        request,
        year,
        current="candidates:identity",
        form_class=f.IdentityForm,
        initial=initial,
        save=save,
        title=_("Identity and contact"),
    )


@candidate_only
def path(request, year):
    def initial(app):
        return {"bac_series": app.bac_series, "bac_year": app.bac_year, "path_since_bac": app.path_since_bac}

    def save(app, data):
        services.application_path_update(application=app, actor=request.user, **data)

    return _simple_step(
        request,
        year,
        current="candidates:path",
        form_class=f.PathForm,
        initial=initial,
        save=save,
        title=_("Baccalaureate and studies since then"),
    )


@candidate_only
def title(request, year):
    campaign = session_or_404(year, user=request.user)

    def initial(app):
        return {
            "title_choice": app.title_choice,
            "listed_title": str(app.listed_title_id or ""),
            "title_name": app.title_name,
            "title_description": app.title_description,
            "title_establishment": app.title_establishment,
            "ects": app.ects,
            "title_in_progress": app.title_in_progress,
        }

    def save(app, data):
        services.application_title_update(application=app, actor=request.user, **data)

    return _simple_step(
        request,
        year,
        current="candidates:title",
        form_class=f.TitleForm,
        initial=initial,
        save=save,
        title=_("Title held or in progress"),
        intro=_(
            "Choose your bac+2 (or higher) title in the list, or declare another French title or a foreign "
            "title: the jury then judges its admissibility. A diploma still in progress may apply."
        ),
        form_kwargs={"titles": selectors.listed_title_choices(campaign)},
    )


@candidate_only
def scholarship(request, year):
    def initial(app):
        return {"declared": "1" if app.declares_scholarship else "0"} if app.pk else {}

    def save(app, data):
        services.application_scholarship_declare(
            application=app, actor=request.user, declared=data["declared"]
        )

    return _simple_step(
        request,
        year,
        current="candidates:scholarship",
        form_class=f.ScholarshipForm,
        initial=initial,
        save=save,
        title=_("Scholarship"),
        intro=_(
            "Scholarship holders (CROUS or French State) pay reduced fees, on proof attached to the dossier. "
            "If the proof is refused, the standard fee is owed."
        ),
    )


@candidate_only
def consents(request, year):
    def initial(app):
        return {"share": bool(app.consent_share_at), "recording": bool(app.consent_recording_at)}

    def save(app, data):
        services.application_consents_update(
            application=app, actor=request.user, share=data["share"], recording=data["recording"]
        )

    return _simple_step(
        request,
        year,
        current="candidates:consents",
        form_class=f.ConsentForm,
        initial=initial,
        save=save,
        title=_("Consents"),
        intro=_(
            "Both consents are required to submit your dossier. Recordings are deleted at the "
            "latest 3 months after the start of classes."
        ),
    )


@candidate_only
def wishes(request, year):
    application = own_dossier(request, year)
    intakes = public_intakes(application.campaign)
    editable = not application.is_submitted or _changeable(application)
    if request.method == "POST" and editable:
        form = f.WishForm(request.POST, intakes=intakes, read_only=False)
        if form.is_valid():
            try:
                services.wish_add(
                    application=application, intake=form.cleaned_data["intake"], actor=request.user
                )
            except services.DossierError as error:
                form.add_error("intake", error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Choice added. It is filed once its documents are attached "
                        "and the fee difference paid."
                    )
                    if application.is_submitted
                    else _("Choice added."),
                )
                return redirect("candidates:wishes", year=year)
    else:
        form = f.WishForm(intakes=intakes, read_only=not editable)
    return _render_step(
        request,
        application,
        "candidates:wishes",
        "candidates/wishes.html",
        {
            "form": form,
            "wishes": list(application.wishes.all()),
            "fees": fee_breakdown(application),
        },
    )


@permission_required(
    "candidates.edit_dossier_item", objectgetter(Wish.objects.select_related("application__campaign"))
)
@require_POST
def wish_remove(request, pk, obj):
    wish = obj
    filed = wish.state != WishState.DRAFT
    try:
        services.wish_remove(wish=wish, actor=request.user)
    except services.DossierError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Choice withdrawn.") if filed else _("Choice removed."))
    return redirect("candidates:wishes", year=wish.application.campaign.year)


@candidate_only
def documents(request, year):
    application = own_dossier(request, year)
    checklist = selectors.document_checklist(application)
    for item in checklist:
        item.form = f.DocumentForm(prefix=f"doc{item.document_type.pk}")
    return _render_step(
        request,
        application,
        "candidates:documents",
        "candidates/documents.html",
        {
            "checklist": checklist,
            "has_wishes": bool(charged_wishes(application)),
            "max_bytes": max_upload_bytes(),
        },
    )


@candidate_only
@require_POST
def document_upload(request, year, type_pk):
    application = own_dossier_row(request, year)
    document_type = get_object_or_404(DocumentType, pk=type_pk, campaign=application.campaign)
    form = f.DocumentForm(request.POST, request.FILES, prefix=f"doc{type_pk}")
    if form.is_valid():
        try:
            services.document_upload(
                application=application,
                document_type=document_type,
                uploaded_file=form.cleaned_data["file"],
                actor=request.user,
            )
        except services.DossierError as error:
            show_error(request, error)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("“%(name)s” received.") % {"name": document_type.name})
            if _sent_by_script(request):
                return HttpResponse(status=204)  # documents.js sends several files, then reloads once
            return redirect(f"{reverse('candidates:documents', args=[year])}#doctype-{type_pk}")
    application = own_dossier(request, year)  # the page again, with the refusal
    checklist = selectors.document_checklist(application)
    for item in checklist:
        item.form = (
            form
            if item.document_type.pk == document_type.pk
            else f.DocumentForm(prefix=f"doc{item.document_type.pk}")
        )
    return _render_step(
        request,
        application,
        "candidates:documents",
        "candidates/documents.html",
        {"checklist": checklist, "has_wishes": True, "max_bytes": max_upload_bytes()},
        status=400 if _sent_by_script(request) else 200,
    )


def _sent_by_script(request) -> bool:
    """An upload sent by static/js/documents.js (one request per file, with its progress)."""
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@permission_required(
    "candidates.edit_dossier_item",
    objectgetter(Document.objects.select_related("document_type", "application")),
)
def document_file(request, pk, obj):
    document = obj
    return serve_private_file(
        document.file, download_name=document.original_name, content_type=document.content_type
    )


@permission_required(
    "candidates.edit_dossier_item", objectgetter(Document.objects.select_related("application__campaign"))
)
@require_POST
def document_remove(request, pk, obj):
    document = obj
    if document.state != DocumentState.CURRENT:
        raise Http404
    try:
        services.document_remove(document=document, actor=request.user)
    except services.DossierError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Document removed."))
    return redirect("candidates:documents", year=document.application.campaign.year)


@candidate_only
def referees(request, year):
    application = own_dossier(request, year)
    if request.method == "POST" and not application.is_submitted:
        form = f.RefereeForm(request.POST, candidate_email=request.user.email)
        if form.is_valid():
            try:
                services.referee_request(application=application, actor=request.user, **form.cleaned_data)
            except services.DossierError as error:
                form.add_error("kind", error.message)
            else:
                messages.success(request, _("The referee has been sent a private link to their form."))
                return redirect("candidates:referees", year=year)
    else:
        form = f.RefereeForm(candidate_email=request.user.email, read_only=application.is_submitted)
    return _render_step(
        request,
        application,
        "candidates:referees",
        "candidates/referees.html",
        {"form": form, "referees": list(application.referees.all()), "kinds": RefereeKind},
    )


@permission_required(
    "candidates.edit_dossier_item", objectgetter(Referee.objects.select_related("application__campaign"))
)
@require_POST
def referee_remind(request, pk, obj):
    referee = obj
    try:
        services.referee_remind(referee=referee, actor=request.user)
    except services.DossierError as error:
        show_error(request, error)
    else:
        messages.success(request, _("A reminder has been sent."))
    if request.POST.get("next") == "home":
        return redirect("candidates:home")
    return redirect("candidates:referees", year=referee.application.campaign.year)


@candidate_only
def review(request, year):
    application = own_dossier(request, year)
    if request.method == "POST":
        was_submitted = application.is_submitted
        try:
            application, created = services.application_submit(application=application, actor=request.user)
        except services.DossierIncomplete:
            messages.error(request, _("Your dossier is not complete yet: see what is missing below."))
        except services.DossierError as error:
            show_error(request, error)
        else:
            if created and was_submitted:
                messages.success(
                    request,
                    _("Your added choices have been filed. An updated receipt is sent to you by e-mail."),
                )
            elif created:
                messages.success(
                    request,
                    _(
                        "Your dossier has been submitted (reference %(ref)s). "
                        "An acknowledgment of receipt is sent to you by e-mail."
                    )
                    % {"ref": application.reference},
                )
            else:
                messages.info(
                    request,
                    _("Your dossier had already been submitted (reference %(ref)s): nothing changed.")
                    % {"ref": application.reference},
                )
            return redirect("candidates:home")
        application = own_dossier(request, year)
    checklist = selectors.document_checklist(application)
    fees = fee_breakdown(application)
    completeness = selectors.dossier_completeness(application, checklist=checklist, owed=fees.owed)
    return _render_step(
        request,
        application,
        "candidates:review",
        "candidates/review.html",
        {
            "checklist": checklist,
            "fees": fees,
            "completeness": completeness,
            "wishes": list(application.wishes.all()),
            "referees": list(application.referees.all()),
            "open_now": application.campaign.is_open_for_submission(),
            "added_wishes": any(w.state == WishState.DRAFT for w in application.wishes.all()),
            "changes": selectors.dossier_changes(application),
        },
    )


@candidate_only
def receipt(request, year):
    application = own_dossier(request, year)
    if not application.is_submitted:
        raise Http404
    pdf = services.application_receipt_pdf(application=application, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.reference}.pdf"'
    return response


# --- withdrawal and data -------------------------------------------------------------------------


@permission_required(
    "candidates.edit_dossier_item",
    objectgetter(Wish.objects.select_related("intake__program", "application__campaign")),
)
def wish_withdraw(request, pk, obj):
    wish = obj
    if wish.state not in OPEN_STATES or wish.state == WishState.DRAFT:
        raise Http404
    form = f.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.wish_withdraw(wish=wish, actor=request.user)
        messages.success(request, _("Your choice has been withdrawn."))
        return redirect("candidates:home")
    return render(
        request,
        "candidates/withdraw.html",
        {"form": form, "wish": wish, "campaign": wish.application.campaign},
    )


@candidate_only
def withdraw_all(request, year):
    application = get_object_or_404(
        Application.objects.select_related("campaign"),
        candidate=request.user,
        campaign__year=year,
        submitted_at__isnull=False,
    )
    campaign = application.campaign
    form = f.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.application_withdraw(application=application, actor=request.user)
        messages.success(request, _("Your dossier has been withdrawn."))
        return redirect("candidates:home")
    return render(request, "candidates/withdraw.html", {"form": form, "wish": None, "campaign": campaign})


@candidate_only
def data_export(request):
    """The complete data download moved to the privacy app's page (R-DATA-1: audit entries and
    login history included, prepared in Celery); old links lead there."""
    return redirect("privacy:my_data")
