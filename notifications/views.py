"""Thin views: the candidate's inbox ("Mes messages") and the admins' session timeline."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.models import Campaign
from admissions.selectors import current_campaign

from . import selectors, services
from .milestones import get_action
from .models import OutboxAttachment, OutboxMessage


@permission_required("notifications.view_inbox")
def inbox(request):
    page = Paginator(selectors.messages_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@permission_required("notifications.read_message", objectgetter(OutboxMessage))
def message_detail(request, pk: int):
    try:
        message = selectors.message_of(request.user, pk)
    except OutboxMessage.DoesNotExist:
        raise Http404 from None
    return render(request, "notifications/message_detail.html", {"message": message})


@permission_required("notifications.read_message", objectgetter(OutboxMessage))
def attachment_download(request, pk: int, attachment_pk: int):
    attachment = get_object_or_404(
        OutboxAttachment, pk=attachment_pk, message_id=pk, message__user=request.user
    )
    response = HttpResponse(bytes(attachment.content), content_type=attachment.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _campaign(request) -> Campaign:
    year = request.GET.get("session")
    campaign = Campaign.objects.filter(year=year).first() if year and year.isdigit() else current_campaign()
    campaign = campaign or Campaign.objects.first()
    if campaign is None:
        raise Http404
    return campaign


@permission_required("notifications.view_timeline")
def timeline(request):
    campaign = _campaign(request)
    return render(
        request,
        "notifications/timeline.html",
        {
            "campaign": campaign,
            "campaigns": Campaign.objects.order_by("-year"),
            "rows": selectors.milestone_timeline(campaign),
        },
    )


@permission_required("notifications.rerun_milestone")
@require_http_methods(["GET", "POST"])
def milestone_rerun(request, campaign_pk: int, action_key: str):
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    try:
        action = get_action(action_key)
    except LookupError:
        raise Http404 from None
    if request.method == "POST":
        run = services.milestone_run(campaign=campaign, action_key=action.key, actor=request.user, rerun=True)
        if run is None:
            messages.error(request, _("This milestone has no date in this session."))
        elif run.error:
            messages.error(request, _("The run failed: %(error)s") % {"error": run.error})
        else:
            messages.success(
                request,
                _("“%(label)s” ran again: %(count)s e-mail(s) queued.")
                % {"label": action.label, "count": run.emails_queued},
            )
        return redirect(f"{_timeline_url()}?session={campaign.year}")
    return render(
        request,
        "notifications/rerun_confirm.html",
        {"campaign": campaign, "action": action, "due_at": action.due_at(campaign)},
    )


def _timeline_url():
    return reverse("notifications:timeline")
