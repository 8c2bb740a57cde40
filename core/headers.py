"""Permissions-Policy (ASVS 3.4): the browser features no page of the portal uses are switched
off everywhere, so that an injected script or a framed page cannot reach them.

The camera and the microphone will be needed by the video interview only. Its view opts in:

    @allow_browser_features("camera", "microphone")
    def video_interview(request): ...

and gets `camera=(self), microphone=(self)` while every other page keeps `camera=()`.
(The Content-Security-Policy comes from django-csp; see CONTENT_SECURITY_POLICY in settings.)
"""

from functools import wraps

# Denied unless a view allows them (then for our own origin only).
DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "display-capture",
    "payment",
    "usb",
    "serial",
    "bluetooth",
)


def permissions_policy(allowed=()) -> str:
    return ", ".join(f"{feature}=({'self' if feature in allowed else ''})" for feature in DENIED_FEATURES)


def allow_browser_features(*features):
    """View decorator: let this view's page use `features` (from DENIED_FEATURES)."""
    unknown = set(features) - set(DENIED_FEATURES)
    if unknown:
        raise ValueError(f"Unknown browser features: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.allowed_browser_features = features
            return response

        return wrapped

    return decorator


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        allowed = getattr(response, "allowed_browser_features", ())
        response.headers.setdefault("Permissions-Policy", permissions_policy(allowed))
        return response
