"""An administrator's override of a jury decision."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from core.views import show_error

from .. import selectors, services
from ..forms import OverrideForm
from ..models import Decision


@permission_required(
    "jury.override_decision",
    objectgetter(
        Decision.objects.select_related(
            "wish__application__candidate", "wish__intake__program", "wish__intake__campaign"
        )
    ),
)
def decision_override(request, pk, obj):
    """An administrator overrides a decision (released ones are otherwise final), with a
    reason kept in the audit log."""
    decision = obj
    form = OverrideForm(
        request.POST or None, level=decision.wish.intake.level, initial={"kind": decision.kind}
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_override(
                decision=decision,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except services.JuryError as exc:
            show_error(request, exc, template=_("The override is refused: %(error)s"))
        else:
            messages.success(request, _("Decision overridden; the reason is in the audit log."))
            if decision.override_applies_at:
                messages.info(
                    request,
                    _(
                        "The candidate sees it, and gets its e-mail, on the admissibility results "
                        "date (%(date)s)."
                    )
                    % {"date": date_format(decision.wish.intake.campaign.admissibility_results_on)},
                )
            return redirect("jury:decision_override", pk=decision.pk)
    log = selectors.decision_log(wish=decision.wish)
    return render(request, "jury/override.html", {"decision": decision, "form": form, "log": log})
