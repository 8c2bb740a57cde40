from django.shortcuts import render

from accounts.permissions import permission_required
from admissions.selectors import session_or_404


@permission_required("apprenticeship.view_backoffice")
def home(request, year):
    """The CFA's home in one session: its sections come from the apps that add them (the job
    sheets and places per intake, the company-search support: `core.panels`)."""
    campaign = session_or_404(year)
    return render(request, "apprenticeship/home.html", {"campaign": campaign})
