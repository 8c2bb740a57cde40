from django.urls import path

from . import views

app_name = "candidates"
urlpatterns = [
    path("", views.home, name="home"),
    path("dossier/identite/", views.identity, name="identity"),
    path("dossier/parcours/", views.path, name="path"),
    path("dossier/titre/", views.title, name="title"),
    path("dossier/bourse/", views.scholarship, name="scholarship"),
    path("dossier/voeux/", views.wishes, name="wishes"),
    path("dossier/voeux/<int:pk>/retirer/", views.wish_remove, name="wish_remove"),
    path("dossier/pieces/", views.documents, name="documents"),
    path("dossier/pieces/<int:type_pk>/envoi/", views.document_upload, name="document_upload"),
    path("dossier/fichiers/<int:pk>/", views.document_file, name="document"),
    path("dossier/fichiers/<int:pk>/supprimer/", views.document_remove, name="document_remove"),
    path("dossier/referents/", views.referees, name="referees"),
    path("dossier/referents/<int:pk>/relance/", views.referee_remind, name="referee_remind"),
    path("dossier/consentements/", views.consents, name="consents"),
    path("dossier/verification/", views.review, name="review"),
    path("dossier/recepisse.pdf", views.receipt, name="receipt"),
    path("voeux/<int:pk>/desistement/", views.wish_withdraw, name="wish_withdraw"),
    path("desistement/", views.withdraw_all, name="withdraw_all"),
    path("mes-donnees.zip", views.data_export, name="data_export"),
    path("avis/<str:token>/", views.referee_form, name="referee_form"),
    path("gestion/dossiers/", views.staff_list, name="staff_list"),
    path("gestion/dossiers/<int:pk>/", views.staff_detail, name="staff_detail"),
    path(
        "gestion/dossiers/<int:pk>/refus-examen/",
        views.staff_refuse_examination,
        name="staff_refuse_examination",
    ),
    path("gestion/dossiers/<int:pk>/annulation/", views.staff_void, name="staff_void"),
    path(
        "gestion/dossiers/<int:pk>/bourse/refus/",
        views.staff_scholarship_refuse,
        name="staff_scholarship_refuse",
    ),
    path(
        "gestion/dossiers/<int:pk>/bourse/acceptation/",
        views.staff_scholarship_accept,
        name="staff_scholarship_accept",
    ),
    path("gestion/pieces/<int:pk>/", views.staff_document, name="staff_document"),
]
