from django.urls import path

from admissions.selectors import public_campaign
from admissions.views import to_session

from .views import dossier, referee, staff
from .views.common import candidate_only, staff_only

app_name = "candidates"


def _open_session(user):
    return public_campaign()


# The dossier pages belong to one session, named in the address (`/candidat/2022/dossier/…`).
# The same address without the year (old links, e-mails already sent) leads to the session
# open for submission; the receipt and whole withdrawal to the candidate's latest dossier.
DOSSIER_PAGES = [
    ("dossier/identite/", dossier.identity, "identity", _open_session),
    ("dossier/parcours/", dossier.path, "path", _open_session),
    ("dossier/titre/", dossier.title, "title", _open_session),
    ("dossier/bourse/", dossier.scholarship, "scholarship", _open_session),
    ("dossier/voeux/", dossier.wishes, "wishes", _open_session),
    ("dossier/pieces/", dossier.documents, "documents", _open_session),
    ("dossier/referents/", dossier.referees, "referees", _open_session),
    ("dossier/consentements/", dossier.consents, "consents", _open_session),
    ("dossier/verification/", dossier.review, "review", _open_session),
    ("dossier/recepisse.pdf", dossier.receipt, "receipt", None),
    ("desistement/", dossier.withdraw_all, "withdraw_all", None),
]

urlpatterns = [path("", dossier.home, name="home")]
for route, view, name, choose in DOSSIER_PAGES:
    redirect_view = to_session(f"candidates:{name}", **({"choose": choose} if choose else {}))
    urlpatterns += [
        path(f"<int:year>/{route}", view, name=name),
        path(route, candidate_only(redirect_view), name=f"{name}_default"),
    ]

urlpatterns += [
    path("dossier/voeux/<int:pk>/retirer/", dossier.wish_remove, name="wish_remove"),
    path("<int:year>/dossier/pieces/<int:type_pk>/envoi/", dossier.document_upload, name="document_upload"),
    path("dossier/fichiers/<int:pk>/", dossier.document_file, name="document"),
    path("dossier/fichiers/<int:pk>/supprimer/", dossier.document_remove, name="document_remove"),
    path("dossier/referents/<int:pk>/relance/", dossier.referee_remind, name="referee_remind"),
    path("voeux/<int:pk>/desistement/", dossier.wish_withdraw, name="wish_withdraw"),
    path("mes-donnees.zip", dossier.data_export, name="data_export"),
    path("avis/<str:token>/", referee.referee_form, name="referee_form"),
    path("gestion/<int:year>/dossiers/", staff.staff_list, name="staff_list"),
    path("gestion/dossiers/", staff_only(to_session("candidates:staff_list")), name="staff_list_default"),
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
