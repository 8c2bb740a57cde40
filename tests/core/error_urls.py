"""The portal's URLs plus one view that fails, to see the server-error page."""

from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [*portal_urlpatterns, path("panne/", broken_view)]
