"""The portal's WSGI application plus one bare Django view (`/__bare__/`, through the whole
middleware stack): the ceiling the load runner measures in the same run."""

from django.http import HttpResponse
from django.urls import path

from config.wsgi import application  # noqa: F401 - gunicorn serves it
from config import urls


def bare(request):
    return HttpResponse("ok")


urls.urlpatterns.append(path("__bare__/", bare))
