from django.urls import path

from . import views

app_name = "interviews"
urlpatterns = [
    # The jury (intakes, slots and bookings belong to their session through their object).
    path("promotion/<int:pk>/second-entretien/", views.calls, name="calls"),
    path("dossier/<int:pk>/second-entretien/", views.call_toggle, name="call_toggle"),
    path("promotion/<int:pk>/creneaux/", views.slots, name="slots"),
    path("creneau/<int:pk>/", views.slot_detail, name="slot"),
    path("creneau/<int:pk>/supprimer/", views.slot_delete, name="slot_delete"),
    path("reservation/<int:pk>/evaluation/", views.grade, name="grade"),
    path("reservation/<int:pk>/deplacer/", views.jury_move, name="jury_move"),
    path("reservation/<int:pk>/annuler/", views.jury_cancel, name="jury_cancel"),
    # The candidate.
    path("candidature/<int:pk>/<slug:test>/", views.book, name="book"),
    path("mon-creneau/<int:pk>/", views.booking, name="booking"),
    path("mon-creneau/<int:pk>/invitation.ics", views.booking_ics, name="booking_ics"),
    path("mon-creneau/<int:pk>/annuler/", views.booking_cancel, name="booking_cancel"),
]
