from django.shortcuts import render

from accounts.permissions import permission_required
from admissions.selectors import current_campaign, public_intakes


@permission_required("apprenticeship.view_backoffice")
def home(request):
    """The CFA's home: places per intake (job sheets and contracts come later)."""
    campaign = current_campaign()
    intakes = list(public_intakes(campaign)) if campaign else []
    return render(request, "apprenticeship/home.html", {"campaign": campaign, "intakes": intakes})
