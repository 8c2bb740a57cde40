from django.urls import path

from .views import dossier, referee, staff

app_name = "candidates"
urlpatterns = [
    path("", dossier.home, name="home"),
    path("dossier/identite/", dossier.identity, name="identity"),
    path("dossier/parcours/", dossier.path, name="path"),
    path("dossier/titre/", dossier.title, name="title"),
    path("dossier/bourse/", dossier.scholarship, name="scholarship"),
    path("dossier/voeux/", dossier.wishes, name="wishes"),
    path("dossier/voeux/<int:pk>/retirer/", dossier.wish_remove, name="wish_remove"),
    path("dossier/pieces/", dossier.documents, name="documents"),
    path("dossier/pieces/<int:type_pk>/envoi/", dossier.document_upload, name="document_upload"),
    path("dossier/fichiers/<int:pk>/", dossier.document_file, name="document"),
    path("dossier/fichiers/<int:pk>/supprimer/", dossier.document_remove, name="document_remove"),
    path("dossier/referents/", dossier.referees, name="referees"),
    path("dossier/referents/<int:pk>/relance/", dossier.referee_remind, name="referee_remind"),
    path("dossier/consentements/", dossier.consents, name="consents"),
    path("dossier/verification/", dossier.review, name="review"),
    path("dossier/recepisse.pdf", dossier.receipt, name="receipt"),
    path("voeux/<int:pk>/desistement/", dossier.wish_withdraw, name="wish_withdraw"),
    path("desistement/", dossier.withdraw_all, name="withdraw_all"),
    path("mes-donnees.zip", dossier.data_export, name="data_export"),
    path("avis/<str:token>/", referee.referee_form, name="referee_form"),
    path("gestion/dossiers/", staff.staff_list, name="staff_list"),
    path("gestion/dossiers/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path(
        "gestion/dossiers/<int:pk>/refus-examen/",
        staff.staff_refuse_examination,
        name="staff_refuse_examination",
    ),
    path("gestion/dossiers/<int:pk>/annulation/", staff.staff_void, name="staff_void"),
    path("gestion/dossiers/<int:pk>/titre/", staff.staff_title_correct, name="staff_title_correct"),
    path("gestion/pieces/<int:pk>/type/", staff.staff_document_refile, name="staff_document_refile"),
    path(
        "gestion/dossiers/<int:pk>/bourse/refus/",
        staff.staff_scholarship_refuse,
        name="staff_scholarship_refuse",
    ),
    path(
        "gestion/dossiers/<int:pk>/bourse/acceptation/",
        staff.staff_scholarship_accept,
        name="staff_scholarship_accept",
    ),
    path("gestion/pieces/<int:pk>/", staff.staff_document, name="staff_document"),
]
