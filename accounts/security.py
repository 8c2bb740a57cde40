def axes_username(request, credentials) -> str | None:
    """The account an attempt is made on, for django-axes: allauth's form field `login`,
    or the `email`/`username` given to authenticate()."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
        or request.POST.get("login")
    )
    return value.strip().lower() if value else None
