"""What the candidate's, the referee's and the staff's views share: the dossier of the
current session. Refusals are shown by `core.views.show_error`."""

from django.http import Http404

from accounts.permissions import permission_required
from admissions.selectors import current_campaign

from .. import selectors, services
from ..models import Application

# The permissions most views of this app check (candidates/rules.py); a view about one wish,
# document or referee checks `candidates.edit_dossier_item` on it instead.
candidate_only = permission_required("candidates.edit_dossier")
staff_only = permission_required("candidates.manage_dossiers")


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
