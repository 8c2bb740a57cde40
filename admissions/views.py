from django.contrib import messages
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import permission_required

from .forms import CLONE_DONE, CampaignCloneForm
from .models import Campaign
from .selectors import default_session, public_campaign, public_intakes, publication_effects
from .services import campaign_clone, campaign_publish


def to_session(url_name: str, *, choose=default_session):
    """A view that sends an address without a session (an old link, an e-mail already sent,
    the menu) to the same page of the session `choose(user)` picks, query string kept. A
    form posted from a page opened before the change is posted again there (307)."""

    def view(request, **kwargs):
        campaign = choose(request.user)
        if campaign is None:
            raise Http404
        url = reverse(url_name, kwargs={"year": campaign.year, **kwargs})
        query = request.META.get("QUERY_STRING", "")
        response = redirect(f"{url}?{query}" if query else url)
        if request.method not in ("GET", "HEAD"):
            response.status_code = 307
        return response

    return view


def _campaign_or_404() -> Campaign:
    campaign = public_campaign()
    if campaign is None:
        raise Http404
    return campaign


def home(request):
    campaign = public_campaign()
    intakes = list(public_intakes(campaign)) if campaign else []
    return render(request, "admissions/home.html", {"campaign": campaign, "intakes": intakes})


def programs(request):
    campaign = _campaign_or_404()
    return render(
        request, "admissions/programs.html", {"campaign": campaign, "intakes": list(public_intakes(campaign))}
    )


def fees(request):
    campaign = _campaign_or_404()
    schedule = getattr(campaign, "fees", None)
    examples = []
    if schedule:
        examples = [
            (
                n,
                schedule.amount_for(scholarship=True, programs=n),
                schedule.amount_for(scholarship=False, programs=n),
            )
            for n in (1, 2, 3)
        ]
    return render(
        request, "admissions/fees.html", {"campaign": campaign, "schedule": schedule, "examples": examples}
    )


def calendar(request):
    campaign = _campaign_or_404()
    return render(request, "admissions/calendar.html", {"campaign": campaign})


@permission_required("admissions.view_backoffice")
def backoffice(request):
    """The admins' home: the sessions they configure, with links into the admin site."""
    campaigns = Campaign.objects.all()
    return render(request, "admissions/backoffice.html", {"campaigns": campaigns})


@permission_required("admissions.configure_sessions")
def session_clone(request, year):
    """Start a new session from the session of `year`: the new year, its name, its opening
    (filled in); every date moves by one interval. The copy stays unpublished."""
    source = get_object_or_404(Campaign, year=year)
    form = CampaignCloneForm(request.POST or None, source=source)
    if form.is_valid():
        new = campaign_clone(source=source, actor=request.user, **form.cleaned_data)
        messages.success(request, CLONE_DONE)
        return redirect("admin:admissions_campaign_change", new.pk)
    return render(request, "admissions/session_clone.html", {"form": form, "source": source})


@permission_required("admissions.configure_sessions")
def session_publish(request, year):
    """Publishing a session says first what it changes for whom (sessions overlap)."""
    campaign = get_object_or_404(Campaign, year=year)
    if campaign.is_published:
        return redirect("admissions:backoffice")
    if request.method == "POST":
        campaign_publish(campaign=campaign, actor=request.user)
        messages.success(request, _("%(name)s is published.") % {"name": campaign.name})
        return redirect("admissions:backoffice")
    return render(
        request,
        "admissions/session_publish.html",
        {"campaign": campaign, "effects": publication_effects(campaign)},
    )


def healthz(request):
    """For the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
