"""Pages of company-search support: the candidate's (needs, resources, training days, places
left), the CFA's (needs per program, days and their lists, CSV) and the public places page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.exports import csv_response
from core.files import serve_private_file
from core.views import show_error

from . import selectors, services
from .enums import NEED_FLAGS, Mobility, Region, RegistrationState, Sector
from .errors import SupportError
from .forms import NeedsForm, TrainingDayForm
from .models import Resource, TrainingDay, TrainingRegistration

# --- Candidate -------------------------------------------------------------------------


def _candidate_context(request, year):
    campaign = session_or_404(year, user=request.user)
    application = selectors.own_application(user=request.user, campaign=campaign)
    program_ids = selectors.searching_program_ids(application)
    return campaign, application, program_ids


@permission_required("company_search.use_support")
def home(request, year):
    """The candidate's support page; tells those it is not for (yet) why."""
    campaign, application, program_ids = _candidate_context(request, year)
    now = timezone.now()
    context = {
        "campaign": campaign,
        "supported": bool(program_ids),
        "open": selectors.support_open(campaign, now),
    }
    if program_ids and context["open"]:
        context.update(
            needs=selectors.needs_of(application),
            days=selectors.training_days_for_candidate(application, program_ids=program_ids, now=now),
            resources=selectors.resources_for(campaign, program_ids=program_ids),
        )
    if program_ids and selectors.countdown_shown(campaign, now):
        context["countdown"] = selectors.places_countdown(campaign)
    return render(request, "company_search/home.html", context)


@permission_required("company_search.use_support")
def needs(request, year):
    """The short needs form: one per candidate and session, edited as often as needed."""
    campaign, application, program_ids = _candidate_context(request, year)
    if not program_ids or not selectors.support_open(campaign):
        raise Http404
    current = selectors.needs_of(application)
    initial = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in services.NEEDS_FIELDS}
    form = NeedsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.search_needs_save(application=application, actor=request.user, data=form.cleaned_data)
        except SupportError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Your needs are saved. You can change them at any time."))
        return redirect("company_search:home", year=campaign.year)
    return render(request, "company_search/needs.html", {"campaign": campaign, "form": form})


@permission_required(
    "company_search.register_training_day", objectgetter(TrainingDay.objects.select_related("campaign"))
)
@require_POST
def day_register(request, pk, obj):
    day = obj
    application = selectors.own_application(user=request.user, campaign=day.campaign)
    try:
        registration = services.training_day_register(day=day, application=application, actor=request.user)
    except SupportError as error:
        show_error(request, error)
    else:
        if registration.state == RegistrationState.REGISTERED:
            messages.success(request, _("You are registered for “%(day)s”.") % {"day": day.title})
        else:
            messages.info(
                request,
                _(
                    "“%(day)s” is full: you are on the waiting list. "
                    "You will be told by e-mail if a place frees up."
                )
                % {"day": day.title},
            )
    return redirect("company_search:home", year=day.campaign.year)


@permission_required(
    "company_search.cancel_registration",
    objectgetter(TrainingRegistration.objects.select_related("day__campaign", "application")),
)
@require_POST
def registration_cancel(request, pk, obj):
    registration = obj
    try:
        services.training_registration_cancel(registration=registration, actor=request.user)
    except SupportError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("company_search:home", year=registration.day.campaign.year)


@permission_required("company_search.open_resource", objectgetter(Resource))
def resource_file(request, pk, obj):
    resource = obj
    if not resource.file:
        raise Http404
    extension = resource.file.name.rpartition(".")[2]
    return serve_private_file(resource.file, download_name=f"{resource.title}.{extension}")


# --- Public ----------------------------------------------------------------------------


def places(request, year):
    """The places left per program (R-ADMIT-4), for everyone."""
    campaign = session_or_404(year)
    return render(
        request,
        "company_search/places.html",
        {"campaign": campaign, "countdown": selectors.places_countdown(campaign), "now": timezone.now()},
    )


# --- CFA -------------------------------------------------------------------------------


@permission_required("company_search.manage_support")
def manage(request, year):
    """The needs per program (to decide whether to organise a day) and the training days."""
    campaign = session_or_404(year)
    return render(
        request,
        "company_search/manage.html",
        {
            "campaign": campaign,
            "summaries": selectors.needs_by_program(campaign),
            "days": selectors.training_days_for_cfa(campaign),
        },
    )


@permission_required("company_search.manage_support")
def needs_export(request, year):
    """The needs of every candidate who answered, as a French Excel opens it."""
    campaign = session_or_404(year)
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Programs"),
        *[str(label) for _name, label in NEED_FLAGS],
        _("Sectors"),
        _("Regions"),
        _("Mobility"),
        _("Anything else"),
        _("Updated at"),
    ]
    yes, no = _("yes"), _("no")

    def rows():
        for row in selectors.needs_export_rows(campaign):
            candidate = row.application.candidate
            yield [
                candidate.last_name,
                candidate.first_name,
                candidate.email,
                ", ".join(sorted({w.intake.program.code.upper() for w in row.application.searching_wishes})),
                *[yes if getattr(row, name) else no for name, _label in NEED_FLAGS],
                ", ".join(str(Sector(code).label) for code in row.sectors if code in Sector.values),
                ", ".join(str(Region(code).label) for code in row.regions if code in Region.values),
                str(Mobility(row.mobility).label) if row.mobility else "",
                row.comment,
                timezone.localtime(row.updated_at).strftime("%d/%m/%Y %H:%M"),
            ]

    return csv_response(f"besoins-recherche-entreprise-{campaign.year}.csv", header, rows())


@permission_required("company_search.manage_support")
def day_create(request, year):
    campaign = session_or_404(year)
    form = TrainingDayForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        day = services.training_day_save(campaign=campaign, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Training day created."))
        return redirect("company_search:day_detail", pk=day.pk)
    return render(request, "company_search/day_form.html", {"campaign": campaign, "form": form})


@permission_required("company_search.manage_support")
def day_detail(request, pk):
    """A day's registrations (then its waiting list, in order) and its form."""
    day = get_object_or_404(TrainingDay.objects.select_related("campaign", "program"), pk=pk)
    form = TrainingDayForm(request.POST or None, instance=day, campaign=day.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_day_save(
                campaign=day.campaign, actor=request.user, data=form.cleaned_data, day=day
            )
        except SupportError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Training day saved."))
        return redirect("company_search:day_detail", pk=day.pk)
    return render(
        request,
        "company_search/day_detail.html",
        {
            "campaign": day.campaign,
            "day": day,
            "form": form,
            "registrations": selectors.day_registrations(day),
        },
    )
