from django.urls import path

from . import views

app_name = "company_search"
urlpatterns = [
    path("<int:year>/", views.home, name="home"),
    path("<int:year>/besoins/", views.needs, name="needs"),
    path("<int:year>/places/", views.places, name="places"),
    path("journees/<int:pk>/inscription/", views.day_register, name="day_register"),
    path("inscriptions/<int:pk>/annulation/", views.registration_cancel, name="registration_cancel"),
    path("ressources/<int:pk>/", views.resource_file, name="resource_file"),
    path("<int:year>/gestion/", views.manage, name="manage"),
    path("<int:year>/gestion/besoins.csv", views.needs_export, name="needs_export"),
    path("<int:year>/gestion/journees/nouvelle/", views.day_create, name="day_create"),
    path("gestion/journees/<int:pk>/", views.day_detail, name="day_detail"),
]
