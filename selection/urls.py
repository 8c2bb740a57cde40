from django.urls import path

from . import views

app_name = "selection"
urlpatterns = [
    # The candidate's tests of one session; the deliberation of an intake of that session.
    path("<int:year>/", views.tests, name="tests"),
    path("<int:year>/admissibilite/<int:pk>/", views.deliberation, name="deliberation"),
    path("<int:year>/admissibilite/<int:pk>/decisions/", views.deliberation_bulk, name="deliberation_bulk"),
    path(
        "<int:year>/admissibilite/<int:pk>/proces-verbal.pdf",
        views.deliberation_minutes,
        name="deliberation_minutes",
    ),
    # One candidate of a deliberation (the wish carries its session).
    path("admissibilite/candidat/<int:pk>/", views.candidate, name="candidate"),
    path("admissibilite/candidat/<int:pk>/decision/", views.decide, name="decide"),
]
