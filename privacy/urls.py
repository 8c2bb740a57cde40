from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("confidentialite/", views.notice, name="notice"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/preparer/", views.export_request, name="export_request"),
    path("mes-donnees/<int:pk>/telecharger/", views.export_download, name="export_download"),
    path("mes-donnees/supprimer-mon-compte/", views.account_delete, name="account_delete"),
    path("conservation/", views.retention, name="retention"),
    path("conservation/purger/", views.purge_run, name="purge_run"),
    path("registre/", views.register, name="register"),
    path("registre.pdf", views.register_pdf, name="register_pdf"),
]
