from django.urls import path

from . import views

app_name = "admissions"
urlpatterns = [
    path("", views.home, name="home"),
    path("formations/", views.programs, name="programs"),
    path("frais/", views.fees, name="fees"),
    path("calendrier/", views.calendar, name="calendar"),
    path("gestion/", views.backoffice, name="backoffice"),
    path("gestion/sessions/<int:year>/nouvelle/", views.session_clone, name="session_clone"),
    path("gestion/sessions/<int:year>/publier/", views.session_publish, name="session_publish"),
]
