"""Thin views: the candidate's inbox ("Mes messages") and the admins' session timeline."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.models import Campaign
from admissions.views import to_session

from . import selectors, services
from .milestones import get_action
from .models import OutboxAttachment, OutboxMessage


@permission_required("notifications.view_inbox")
def inbox(request):
    page = Paginator(selectors.messages_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


def _message(request, pk):
    return selectors.message_detail(pk)


@permission_required("notifications.read_message", _message)
def message_detail(request, pk: int, obj):
    return render(request, "notifications/message_detail.html", {"message": obj})


@permission_required("notifications.read_message", objectgetter(OutboxMessage))
def attachment_download(request, pk: int, attachment_pk: int, obj):
    """An attachment of the reader's own e-mail `obj` (the permission's object)."""
    attachment = get_object_or_404(OutboxAttachment, pk=attachment_pk, message=obj)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("notifications.view_timeline")
def timeline_default(request):
    """The timeline without a year (the admins' landing page): old links named the session
    as `?session=2021`; else the session with work waiting; before the first session, the
    back-office, where the admin starts one."""
    year = request.GET.get("session", "")
    if year.isdigit():
        return redirect("notifications:timeline", year=int(year))
    try:
        return to_session("notifications:timeline")(request)
    except Http404:
        return redirect("admissions:backoffice")


@permission_required("notifications.view_timeline")
def timeline(request, year):
    campaign = get_object_or_404(Campaign, year=year)
    rows = selectors.milestone_timeline(campaign)
    now = timezone.now()
    return render(
        request,
        "notifications/timeline.html",
        {
            "campaign": campaign,
            "campaigns": Campaign.objects.order_by("-year"),
            "rows": rows,
            # The step the admin watches for: the first one due after now and not run.
            "next_row": next(
                (row for row in rows if row["due_at"] and row["due_at"] > now and not row["run"]), None
            ),
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
        return redirect("notifications:timeline", year=campaign.year)
    return render(
        request,
        "notifications/rerun_confirm.html",
        {"campaign": campaign, "action": action, "due_at": action.due_at(campaign)},
    )
