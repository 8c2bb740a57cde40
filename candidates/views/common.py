"""What the candidate's, the referee's and the staff's views share: the dossier of the
current session, errors shown as messages."""

from django.contrib import messages
from django.http import Http404

from accounts.enums import Role
from accounts.permissions import role_required
from admissions.selectors import current_campaign

from .. import selectors, services
from ..models import Application

candidate_only = role_required(Role.CANDIDATE)
staff_only = role_required(Role.ADMIN, Role.JURY_PRESIDENT)


def campaign_or_404():
    campaign = current_campaign()
    if campaign is None:
        raise Http404
    return campaign


def own_dossier(request) -> Application:
    """The candidate's dossier in the current session, created on first visit, with every
    relation the dossier pages read prefetched."""
    campaign = campaign_or_404()
    application = selectors.application_for(user=request.user, campaign=campaign)
    if application is None:
        services.application_get_or_create(candidate=request.user, campaign=campaign)
        application = selectors.application_for(user=request.user, campaign=campaign)
    return application


def show_error(request, error):
    messages.error(request, error.message)
