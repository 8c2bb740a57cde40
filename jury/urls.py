from django.urls import path

from accounts.permissions import permission_required
from admissions.views import to_session

from .views import dossier, intakes, override, release

app_name = "jury"
urlpatterns = [
    # The home and the release page belong to a session; without the year, the session
    # with work waiting (intakes and wishes belong to theirs through their object).
    path("<int:year>/", intakes.home, name="home"),
    path("", permission_required("jury.view_intakes")(to_session("jury:home")), name="home_default"),
    path("promotion/<int:pk>/", intakes.intake_list, name="intake"),
    path("promotion/<int:pk>/export.csv", intakes.intake_export, name="intake_export"),
    path("promotion/<int:pk>/decisions/", intakes.intake_bulk_decide, name="intake_bulk_decide"),
    path("promotion/<int:pk>/affectations/", intakes.intake_assignments, name="assignments"),
    path("promotion/<int:pk>/proces-verbal.pdf", intakes.intake_minutes, name="minutes"),
    path("dossier/<int:pk>/", dossier.wish_detail, name="wish"),
    path("dossier/<int:pk>/dossier.pdf", dossier.wish_pdf, name="wish_pdf"),
    path("dossier/<int:pk>/examen/", dossier.wish_take, name="wish_take"),
    path("dossier/<int:pk>/recevabilite/", dossier.wish_eligibility, name="wish_eligibility"),
    path("dossier/<int:pk>/evaluation/", dossier.wish_review, name="wish_review"),
    path("dossier/<int:pk>/decision/", dossier.wish_decide, name="wish_decide"),
    path("dossier/<int:pk>/conflit/", dossier.wish_conflict, name="wish_conflict"),
    path("document/<int:pk>/", dossier.document_download, name="document"),
    path("<int:year>/publication/", release.release, name="release"),
    path(
        "publication/",
        permission_required("jury.release_decisions")(to_session("jury:release")),
        name="release_default",
    ),
    path("decision/<int:pk>/modifier/", override.decision_override, name="decision_override"),
]
