from django.urls import path

from accounts.permissions import permission_required
from admissions.views import to_session

from .views import candidate, staff

app_name = "payments"
urlpatterns = [
    # The pay page belongs to the session of its dossier; `/paiement/` (links in e-mails
    # already sent) leads to the candidate's latest dossier.
    path("<int:year>/", candidate.pay, name="pay"),
    path("", permission_required("payments.pay")(to_session("payments:pay")), name="pay_default"),
    path("test/<int:pk>/", candidate.sandbox_checkout, name="sandbox_checkout"),
    path("test/retour/", candidate.sandbox_callback, name="sandbox_callback"),
    path("stripe/<int:pk>/retour/", candidate.stripe_return, name="stripe_return"),
    path("stripe/webhook/", candidate.stripe_webhook, name="stripe_webhook"),
    path("gestion/<int:year>/", staff.staff_payment_list, name="staff_list"),
    path(
        "gestion/",
        permission_required("payments.view_staff_list")(to_session("payments:staff_list")),
        name="staff_list_default",
    ),
    path("gestion/<int:year>/virement/", staff.manual_record, name="manual_record"),
    path("gestion/<int:pk>/verifie/", staff.flag_resolve, name="flag_resolve"),
]
