from django.urls import path

from . import views

app_name = "admissions"
urlpatterns = [
    path("", views.home, name="home"),
    path("formations/", views.programs, name="programs"),
    path("frais/", views.fees, name="fees"),
    path("calendrier/", views.calendar, name="calendar"),
    path("gestion/", views.backoffice, name="backoffice"),
]
