from django.urls import path

from . import views

app_name = "video_interview"
urlpatterns = [
    path("<int:year>/choix/<int:pk>/", views.record, name="record"),
    path("<int:year>/choix/<int:pk>/debit/", views.speed, name="speed"),
    path("<int:year>/choix/<int:pk>/demarrer/", views.start, name="start"),
    path("prise/<uuid:uuid>/partie/<int:index>/", views.chunk, name="chunk"),
    path("prise/<uuid:uuid>/question/", views.question, name="question"),
    path("prise/<uuid:uuid>/interruption/", views.interrupt, name="interrupt"),
    path("prise/<uuid:uuid>/fin/", views.end, name="end"),
    path("jury/prise/<uuid:uuid>/video/", views.video, name="video"),
    path("jury/prise/<uuid:uuid>/affiche/", views.poster, name="poster"),
    path("jury/choix/<int:pk>/note/", views.grade, name="grade"),
    path("jury/choix/<int:pk>/seconde-prise/", views.grant, name="grant"),
]
