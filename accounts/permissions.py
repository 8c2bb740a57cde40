"""Who may open which view. A user without the role gets a 404 (the page does not exist
for them), an anonymous visitor is sent to the login page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .enums import Role


def role_required(*roles: Role):
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in allowed and not (Role.ADMIN in allowed and user.is_superuser):
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed
        return wrapper

    return decorator


class RoleRequiredMixin:
    """Class-based views: set `allowed_roles`."""

    allowed_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        guarded = role_required(*self.allowed_roles)(super().dispatch)
        return guarded(request, *args, **kwargs)
