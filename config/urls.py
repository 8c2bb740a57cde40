from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.admin import use_portal_authenticator_admin
from accounts.views import set_language
from admissions.views import healthz
from core.admin import hide_infrastructure_models

admin.site.site_header = _("Admissions portal – administration")
admin.site.site_title = _("Admissions portal")
admin.site.index_title = _("Session configuration")
# The admin site logs in through allauth, so that two-factor applies there too.
admin.site.login = login_required(admin.site.login)
use_portal_authenticator_admin()
hide_infrastructure_models()

urlpatterns = [
    path("", include("admissions.urls")),
    path("compte/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("candidat/", include("candidates.urls")),
    path("messages/", include("notifications.urls")),
    path("paiement/", include("payments.urls")),
    path("jury/", include("jury.urls")),
    path("epreuves/", include("selection.urls")),
    path("anglais/", include("english_test.urls")),
    path("entretiens/", include("interviews.urls")),
    path("entretien-video/", include("video_interview.urls")),
    path("recherche-entreprise/", include("company_search.urls")),
    path("cfa/", include("apprenticeship.urls")),
    path("donnees/", include("privacy.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
]
