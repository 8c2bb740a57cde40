from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import permission_required

from .models import Campaign
from .selectors import default_session, public_campaign, public_intakes


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


def healthz(request):
    """For the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
