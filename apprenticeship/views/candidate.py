"""The candidate's side of job sheets: invite future employers for an admissible choice."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import permission_required
from core.views import show_error

from .. import selectors
from ..forms import InviteEmployerForm
from ..services.job_sheets import JobSheetError, job_sheet_invite


def _wish(request, pk):
    return selectors.wish_for_candidate(pk)


@permission_required("apprenticeship.invite_employer", _wish)
def wish_employers(request, pk, obj):
    """The sheets of one choice and the invitation of another employer (R-CFA-2)."""
    wish = obj
    form = InviteEmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = job_sheet_invite(wish=wish, actor=request.user, **form.cleaned_data)
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": sheet.employer_email}
            )
        except JobSheetError as error:
            show_error(request, error)
        return redirect(reverse("apprenticeship:wish_employers", args=[wish.pk]))
    return render(
        request,
        "apprenticeship/wish_employers.html",
        {"wish": wish, "sheets": selectors.wish_sheets(wish), "form": form},
    )
