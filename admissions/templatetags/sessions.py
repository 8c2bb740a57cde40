"""The session chooser of the staff pages: one link per session, the current one marked."""

from django import template
from django.urls import reverse

from ..selectors import sessions_with_work

register = template.Library()


@register.inclusion_tag("includes/session_chooser.html", takes_context=True)
def session_chooser(context, url_name, current):
    """Links to the same page (`url_name`, which takes `year`) of each session the user may
    work on, those with work waiting marked."""
    sessions = sessions_with_work(context["request"].user)
    return {
        "current": current,
        "choices": [
            {
                "campaign": campaign,
                "url": reverse(url_name, kwargs={"year": campaign.year}),
                "current": current is not None and campaign.pk == current.pk,
            }
            for campaign in sessions
        ],
    }
