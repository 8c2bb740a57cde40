from django.urls import path

from accounts.permissions import permission_required
from admissions.views import to_session

from . import views
from .views import complementary

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
]
