"""The president's release of the file-review decisions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.views import show_error
from notifications.milestones import get_action

from .. import selectors, services


@permission_required("jury.release_decisions")
def release(request, year):
    """The president's release page of one session: what is decided, what is not, and the
    release button (refused before the file-review results date)."""
    campaign = session_or_404(year)
    report = None
    if request.method == "POST":
        try:
            report = services.decisions_release(campaign=campaign, actor=request.user)
        except services.ReleaseTooEarly as exc:
            show_error(request, exc)
            return redirect("jury:release", year=campaign.year)
        messages.success(
            request,
            _("%(released)d decision(s) released, %(emails)d e-mail(s) queued.")
            % {"released": report.released, "emails": report.emails},
        )
        if report.skipped:
            # Held back (withdrawn since, fee owed, eligibility not ruled): named, so that
            # the president can act on each before releasing again.
            messages.warning(
                request,
                _("%(count)d decision(s) held back: %(dossiers)s")
                % {
                    "count": len(report.skipped),
                    "dossiers": "; ".join(
                        f"{wish.application.candidate.get_full_name()} ({reason})"
                        for wish, reason in report.skipped
                    ),
                },
            )
        if report.undecided:
            messages.warning(
                request, _("%(count)d dossier(s) still have no decision.") % {"count": len(report.undecided)}
            )
        return redirect("jury:release", year=campaign.year)
    context = {
        "campaign": campaign,
        # The one moment the page gives: when the milestone releases them (08:00 Paris).
        "released_automatically_at": get_action("jury.release_decisions").due_at(campaign),
        "too_early": timezone.now() < campaign.paris_start_of(campaign.review_results_on),
        "undecided": selectors.undecided_wishes(campaign=campaign),
        "counts": selectors.release_overview(campaign=campaign),
    }
    return render(request, "jury/release.html", context)
