from django.urls import path

from .views import candidate, staff

app_name = "payments"
urlpatterns = [
    path("", candidate.pay, name="pay"),
    path("test/<int:pk>/", candidate.sandbox_checkout, name="sandbox_checkout"),
    path("test/retour/", candidate.sandbox_callback, name="sandbox_callback"),
    path("stripe/<int:pk>/retour/", candidate.stripe_return, name="stripe_return"),
    path("stripe/webhook/", candidate.stripe_webhook, name="stripe_webhook"),
    path("gestion/", staff.staff_payment_list, name="staff_list"),
    path("gestion/virement/", staff.manual_record, name="manual_record"),
    path("gestion/<int:pk>/verifie/", staff.flag_resolve, name="flag_resolve"),
]
