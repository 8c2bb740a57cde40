"""What the candidate's, the referee's and the staff's views share: the dossier of the
session named in the address. Refusals are shown by `core.views.show_error`."""

from django.http import Http404

from accounts.permissions import permission_required
from admissions.selectors import public_campaign, session_or_404

from .. import selectors, services
from ..models import Application

# The permissions most views of this app check (candidates/rules.py); a view about one wish,
# document or referee checks `candidates.edit_dossier_item` on it instead.
candidate_only = permission_required("candidates.edit_dossier")
staff_only = permission_required("candidates.manage_dossiers")


def own_dossier(request, year) -> Application:
    """The candidate's dossier in the session of `year`, with every relation the dossier
    pages read prefetched. Created on first visit only in the session open to the public:
    an older session shows the dossiers it has, and no new one."""
    campaign = session_or_404(year, user=request.user)
    application = selectors.application_for(user=request.user, campaign=campaign)
    if application is None:
        if campaign != public_campaign():
            raise Http404
        services.application_get_or_create(candidate=request.user, campaign=campaign)
        application = selectors.application_for(user=request.user, campaign=campaign)
    return application


def own_dossier_row(request, year) -> Application:
    """The candidate's dossier in the session of `year`, without its relations: for a write
    whose service reloads and locks what it needs (an upload: five of them per journey on
    deadline night, where the prefetched dossier was half of each one's CPU)."""
    campaign = session_or_404(year, user=request.user)
    application = Application.objects.filter(candidate=request.user, campaign=campaign).first()
    if application is None:
        return own_dossier(request, year)  # none yet: created in the open session, 404 elsewhere
    application.campaign, application.candidate = campaign, request.user
    return application
