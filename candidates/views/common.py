"""What the candidate's, the referee's and the staff's views share: forms made accessible,
the dossier of the current session, errors shown as messages."""

from django import forms as djforms
from django.contrib import messages
from django.http import Http404

from accounts.enums import Role
from accounts.permissions import role_required
from admissions.selectors import current_campaign

from .. import selectors, services
from ..models import Application

candidate_only = role_required(Role.CANDIDATE)
staff_only = role_required(Role.ADMIN, Role.JURY_PRESIDENT)


def decorate(form, *, disabled=False):
    """Bootstrap classes, and errors and help texts tied to their field (aria-describedby)."""
    errors = form.errors if form.is_bound else {}
    for name, field in form.fields.items():
        bound = form[name]
        widget = field.widget
        ids = []
        if field.help_text:
            ids.append(f"{bound.auto_id}_helptext")
        if name in errors:
            ids.append(f"{bound.auto_id}_error")
        if ids:
            widget.attrs["aria-describedby"] = " ".join(ids)
        if isinstance(widget, djforms.RadioSelect | djforms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, djforms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if name in errors:
            css += " is-invalid"
        widget.attrs["class"] = css
        if disabled:
            field.disabled = True
    return form


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
