from django.urls import path

from accounts.enums import Role
from accounts.permissions import role_required
from admissions.views import to_session

from . import views

app_name = "jury"
urlpatterns = [
    # The home and the release page belong to a session; without the year, the session
    # with work waiting (intakes and wishes belong to theirs through their object).
    path("<int:year>/", views.home, name="home"),
    path("", role_required(*views.JURY)(to_session("jury:home")), name="home_default"),
    path("promotion/<int:pk>/", views.intake_list, name="intake"),
    path("promotion/<int:pk>/export.csv", views.intake_export, name="intake_export"),
    path("promotion/<int:pk>/decisions/", views.intake_bulk_decide, name="intake_bulk_decide"),
    path("promotion/<int:pk>/affectations/", views.intake_assignments, name="assignments"),
    path("promotion/<int:pk>/proces-verbal.pdf", views.intake_minutes, name="minutes"),
    path("dossier/<int:pk>/", views.wish_detail, name="wish"),
    path("dossier/<int:pk>/examen/", views.wish_take, name="wish_take"),
    path("dossier/<int:pk>/recevabilite/", views.wish_eligibility, name="wish_eligibility"),
    path("dossier/<int:pk>/evaluation/", views.wish_review, name="wish_review"),
    path("dossier/<int:pk>/decision/", views.wish_decide, name="wish_decide"),
    path("dossier/<int:pk>/conflit/", views.wish_conflict, name="wish_conflict"),
    path("document/<int:pk>/", views.document_download, name="document"),
    path("<int:year>/publication/", views.release, name="release"),
    path(
        "publication/",
        role_required(Role.JURY_PRESIDENT)(to_session("jury:release")),
        name="release_default",
    ),
    path("decision/<int:pk>/modifier/", views.decision_override, name="decision_override"),
]
