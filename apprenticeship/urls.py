from django.urls import path

from accounts.permissions import permission_required
from admissions.views import to_session

from . import views
from .views import backoffice, candidate, complementary, employer

app_name = "apprenticeship"
urlpatterns = [
    path("<int:year>/", views.home, name="home"),
    # Without the year: the session with work waiting for the CFA (admitted candidates).
    path(
        "",
        permission_required("apprenticeship.view_backoffice")(to_session("apprenticeship:home")),
        name="home_default",
    ),
    # The complementary list (R-ADMIT-5, R-ADMIT-6).
    path("<int:year>/liste-complementaire/", complementary.draws, name="complementary_draws"),
    path(
        "promotion/<int:pk>/liste-complementaire/tirer/",
        complementary.draw_create,
        name="complementary_draw_create",
    ),
    path("liste-complementaire/<int:pk>/", complementary.draw_detail, name="complementary_draw"),
    path(
        "liste-complementaire/<int:pk>/proces-verbal.pdf",
        complementary.draw_minutes,
        name="complementary_minutes",
    ),
    path("<int:year>/stagiaires/", complementary.trainees, name="trainees"),
    path("<int:year>/stagiaires/export.csv", complementary.trainees_export, name="trainees_export"),
    # Job sheets (R-CFA-2..4): the candidate, the employer's private link, the CFA.
    path("choix/<int:pk>/employeurs/", candidate.wish_employers, name="wish_employers"),
    path("employeur/<str:token>/", employer.employer_sheet, name="employer_sheet"),
    path("employeur/<str:token>/brouillon/", employer.employer_autosave, name="employer_autosave"),
    path("employeur/<str:token>/fiche.pdf", employer.employer_pdf, name="employer_pdf"),
    path("<int:year>/promotion/<int:pk>/", backoffice.intake_page, name="intake"),
    path("<int:year>/promotion/<int:pk>/export.csv", backoffice.intake_export, name="intake_export"),
    path("<int:year>/promotion/<int:pk>/proces-verbal.pdf", backoffice.intake_minutes, name="intake_minutes"),
    path("fiche/<int:pk>/", backoffice.sheet_page, name="sheet"),
    path("fiche/<int:pk>/avis/", backoffice.sheet_review, name="sheet_review"),
    path("fiche/<int:pk>/fiche.pdf", backoffice.sheet_pdf, name="sheet_pdf"),
    path("fiche/<int:pk>/enregistrer/", backoffice.sheet_register, name="sheet_register"),
    path("fiche/<int:pk>/diplome/", backoffice.diploma_verify, name="diploma_verify"),
    path("fiche/<int:pk>/admission/", backoffice.admit, name="admit"),
    path("fiche/<int:pk>/contrat/", backoffice.contract_new, name="contract_new"),
    path("contrat/<int:pk>/fichier/", backoffice.contract_file, name="contract_file"),
]
