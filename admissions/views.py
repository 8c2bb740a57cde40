from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render

from accounts.permissions import permission_required

from .models import Campaign
from .selectors import current_campaign, public_intakes


def _campaign_or_404() -> Campaign:
    campaign = current_campaign()
    if campaign is None:
        raise Http404
    return campaign


def home(request):
    campaign = current_campaign()
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
