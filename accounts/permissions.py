"""Who may open which view. Each view names one permission of an app's `rules.py`; the
permission-matrix test reads the same name from the view. An anonymous visitor is sent to
the login page; a logged-in user without the permission gets a 404 (the page, or another
person's object, does not exist for them)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def permission_required(perm: str, fn=None):
    """`fn(request, *args, **kwargs)` returns the object the permission is about, from the
    URL's arguments (404 when there is none), whoever asks: `rules.contrib.views.objectgetter`
    of the model or of a queryset with what the page reads (`select_related`…), or a
    selector. The view receives it as its keyword argument `obj` and reads it no more: an
    object view fetches its object once. Without `fn` the permission is checked without an
    object."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if fn is None:
                if not user.has_perm(perm):
                    raise Http404
                return view(request, *args, **kwargs)
            obj = fn(request, *args, **kwargs)
            if not user.has_perm(perm, obj):
                raise Http404
            return view(request, *args, obj=obj, **kwargs)

        wrapper.permission = perm
        wrapper.permission_object = fn
        return wrapper

    return decorator
