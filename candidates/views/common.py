"""What the candidate's, the referee's and the staff's views share: forms made accessible,
the dossier of the session named in the address, errors shown as messages."""

from django.contrib import messages
from django.http import Http404

from accounts.enums import Role
from accounts.permissions import role_required
from admissions.selectors import public_campaign, session_or_404

from .. import selectors, services
from ..models import Application

candidate_only = role_required(Role.CANDIDATE)
staff_only = role_required(Role.ADMIN, Role.JURY_PRESIDENT)


def decorate(form, *, disabled=False):
    """Bootstrap classes, and errors and help texts tied to their field (aria-describedby)."""
    from django import forms as djforms

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


def show_error(request, error):
    messages.error(request, error.message)
