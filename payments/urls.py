from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("", views.pay, name="pay"),
    path("test/<int:pk>/", views.sandbox_checkout, name="sandbox_checkout"),
    path("test/retour/", views.sandbox_callback, name="sandbox_callback"),
    path("stripe/<int:pk>/retour/", views.stripe_return, name="stripe_return"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("gestion/", views.staff_payment_list, name="staff_list"),
    path("gestion/virement/", views.manual_record, name="manual_record"),
    path("gestion/<int:pk>/verifie/", views.flag_resolve, name="flag_resolve"),
]
