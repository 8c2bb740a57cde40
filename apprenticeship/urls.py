from django.urls import path

from accounts.permissions import permission_required
from admissions.views import to_session

from . import views

app_name = "apprenticeship"
urlpatterns = [
    path("<int:year>/", views.home, name="home"),
    # Without the year: the session with work waiting for the CFA (admitted candidates).
    path(
        "",
        permission_required("apprenticeship.view_backoffice")(to_session("apprenticeship:home")),
        name="home_default",
    ),
]
