"""The portal's WSGI application plus one bare Django view (`/__bare__/`, through the whole
middleware stack): the ceiling the load runner measures in the same run."""

from django.http import HttpResponse
from django.urls import path

from config.wsgi import application  # noqa: F401 - gunicorn serves it; sets Django up first


def bare(request):
    # The user is read (one attribute): with a session cookie, the session and the user are
    # loaded, the floor of every signed-in page; without one, nothing is.
    return HttpResponse("ok" if request.user.is_authenticated else "anonymous")


def _add_bare_view():
    from config import urls  # after Django is set up (config.wsgi)

    urls.urlpatterns.append(path("__bare__/", bare))


_add_bare_view()
