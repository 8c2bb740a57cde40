from django.urls import path

from . import views

app_name = "apprenticeship"
urlpatterns = [path("", views.home, name="home")]
