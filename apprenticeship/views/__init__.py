from django.shortcuts import render

from accounts.permissions import permission_required
from admissions.selectors import public_intakes, session_or_404


@permission_required("apprenticeship.view_backoffice")
def home(request, year):
    """The CFA's home in one session: places per intake (job sheets and contracts come later)."""
    campaign = session_or_404(year)
    intakes = list(public_intakes(campaign))
    return render(request, "apprenticeship/home.html", {"campaign": campaign, "intakes": intakes})
