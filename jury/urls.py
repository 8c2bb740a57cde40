from django.urls import path

from .views import dossier, intakes, override, release

app_name = "jury"
urlpatterns = [
    path("", intakes.home, name="home"),
    path("promotion/<int:pk>/", intakes.intake_list, name="intake"),
    path("promotion/<int:pk>/export.csv", intakes.intake_export, name="intake_export"),
    path("promotion/<int:pk>/decisions/", intakes.intake_bulk_decide, name="intake_bulk_decide"),
    path("promotion/<int:pk>/affectations/", intakes.intake_assignments, name="assignments"),
    path("promotion/<int:pk>/proces-verbal.pdf", intakes.intake_minutes, name="minutes"),
    path("dossier/<int:pk>/", dossier.wish_detail, name="wish"),
    path("dossier/<int:pk>/examen/", dossier.wish_take, name="wish_take"),
    path("dossier/<int:pk>/recevabilite/", dossier.wish_eligibility, name="wish_eligibility"),
    path("dossier/<int:pk>/evaluation/", dossier.wish_review, name="wish_review"),
    path("dossier/<int:pk>/decision/", dossier.wish_decide, name="wish_decide"),
    path("dossier/<int:pk>/conflit/", dossier.wish_conflict, name="wish_conflict"),
    path("document/<int:pk>/", dossier.document_download, name="document"),
    path("publication/", release.release, name="release"),
    path("decision/<int:pk>/modifier/", override.decision_override, name="decision_override"),
]
