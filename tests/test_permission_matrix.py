"""Every URL pattern × every persona (DESIGN.md, Permissions).

Fails when a named URL pattern has no case in `tests/permission_matrix/`: a new view must
say who may open it. The matrix reads the same rules as the views: each case names the
permission its view declares (`accounts.permissions.permission_required`), and each
persona's outcome must agree with `user.has_perm(perm, obj)`.
"""

import importlib
import inspect
import pkgutil
import re

import pytest
import rules
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse

import tests.permission_matrix as matrix_pkg
from tests.permission_matrix.foundation import ALLAUTH_PREFIXES
from tests.permissions import LOGIN, NOT_FOUND, OK, PERSONAS, PUBLIC, matches


def _all_cases():
    cases = {}
    for module_info in pkgutil.iter_modules(matrix_pkg.__path__):
        module = importlib.import_module(f"{matrix_pkg.__name__}.{module_info.name}")
        for case in getattr(module, "CASES", []):
            assert case.name not in cases, f"{case.name} is in the matrix twice"
            cases[case.name] = case
    return cases


def _pattern_views(resolver=None, namespace=""):
    """(name, view) of every named URL pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _pattern_views(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _named_patterns():
    for name, _view in _pattern_views():
        yield name


def _is_allauth(name):
    return name.startswith(ALLAUTH_PREFIXES)


def _is_admin_site(name):
    return name.startswith("admin:")


CASES = _all_cases()


def test_every_url_pattern_is_in_the_permission_matrix():
    missing = sorted(
        {name for name in _named_patterns() if not (_is_allauth(name) or _is_admin_site(name))} - set(CASES)
    )
    assert missing == [], f"URL patterns missing from tests/permission_matrix/: {missing}"


def test_matrix_has_no_stale_entries():
    known = set(_named_patterns())
    assert sorted(set(CASES) - known) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_view_declares_the_permission_the_matrix_names(name):
    views = dict(_pattern_views())
    assert getattr(views[name], "permission", None) == CASES[name].perm


def test_every_object_view_receives_the_object_its_permission_read():
    """`permission_required(perm, fn)` passes the object it checked as `obj`: the view reads
    it no more."""
    refusing = [
        name
        for name, view in _pattern_views()
        if getattr(view, "permission_object", None)
        and "obj" not in inspect.signature(inspect.unwrap(view)).parameters
    ]
    assert refusing == []


def _object_pages():
    """The GET views that check a permission on an object which some persona may read."""
    views = dict(_pattern_views())
    return sorted(
        name
        for name, case in CASES.items()
        if case.method == "get"
        and getattr(views.get(name), "permission_object", None)
        and any(case.outcome_for(p) == OK for p in PERSONAS)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", _object_pages())
def test_an_object_page_reads_its_object_once(name, personas, client):
    case = CASES[name]
    kwargs = case.setup(World(personas)) if case.setup else {}
    url = reverse(name, kwargs=kwargs or None)
    view = resolve(url).func
    reader = next(p for p in PERSONAS if case.outcome_for(p) == OK)
    obj = view.permission_object(RequestFactory().get(url), **kwargs)
    table, key = obj._meta.db_table, "uuid" if "uuid" in kwargs else obj._meta.pk.column
    by_key = re.compile(rf'FROM "{table}" .*WHERE .*"{table}"\."{key}" = .* LIMIT 21')
    client.force_login(personas.by_name()[reader], backend="django.contrib.auth.backends.ModelBackend")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    reads = [query["sql"] for query in ctx.captured_queries if by_key.search(query["sql"])]
    assert len(reads) == 1, reads


def test_every_permission_guards_a_view():
    """No rule without a view, no view naming a rule that does not exist."""
    declared = {view.permission for _name, view in _pattern_views() if hasattr(view, "permission")}
    assert declared == set(rules.permissions.permissions)


def _permission_outcomes(case, url, kwargs, personas):
    """What `has_perm` lets each persona expect, on the object the view checks."""
    if case.perm is None:
        return {}
    view = resolve(url).func
    request = RequestFactory().get(url)
    obj = view.permission_object(request, **kwargs) if view.permission_object else None
    allowed = {}
    for persona in PERSONAS:
        user = personas.by_name()[persona]
        allowed[persona] = user is not None and user.has_perm(case.perm, obj)
    return allowed


def _disagreement(case, persona, expected, allowed):
    """Why the matrix's outcome for `persona` contradicts `has_perm`, or None."""
    if persona == "anonymous":
        return None if expected == LOGIN else f"anonymous: {case.perm} asks for a login, not {expected}"
    if not allowed and expected != NOT_FOUND:
        return f"{persona}: has_perm({case.perm}) is False, the matrix says {expected}"
    if persona in case.absent_for:
        return None if allowed and expected == NOT_FOUND else f"{persona}: stale in absent_for"
    if allowed and expected == NOT_FOUND:
        return f"{persona}: has_perm({case.perm}) is True, the matrix says {expected}"
    return None


class World:
    """What a case's `setup` may use: the personas and helpers that make objects."""

    def __init__(self, personas):
        self.personas = personas
        for name, user in personas.by_name().items():
            setattr(self, name, user)
        self.president = personas.president
        self.program_x = personas.program_x
        self.program_y = personas.program_y


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_url_answers_each_persona_as_the_matrix_says(name, personas, client):
    case = CASES[name]
    kwargs = case.setup(World(personas)) if case.setup else {}
    url = reverse(name, kwargs=kwargs or None)
    # Before any request: a POST may change or delete the object.
    allowed = _permission_outcomes(case, url, kwargs, personas)
    failures = []
    for persona in PERSONAS:
        user = personas.by_name()[persona]
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = getattr(client, case.method)(url, data=case.data or {})
        expected = case.outcome_for(persona)
        if persona in allowed and (why := _disagreement(case, persona, expected, allowed[persona])):
            failures.append(why)
        if not matches(expected, response):
            location = response.headers.get("Location", "")
            failures.append(f"{persona}: expected {expected}, got {response.status_code} {location}")
    assert failures == [], f"{name} ({url}):\n" + "\n".join(failures)


@pytest.mark.django_db
def test_admin_site_is_for_admins_only(personas, client):
    """Every admin-site page: admins in, everyone else sent to a login page or refused."""
    url = reverse("admin:index")
    for persona in PERSONAS:
        user = personas.by_name()[persona]
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(url)
        if persona == "admin":
            assert response.status_code == 200, persona
        else:
            assert response.status_code == 302 and re.search(
                r"/(accounts|admin)/login/", response["Location"]
            ), persona


@pytest.mark.django_db
def test_allauth_pages_never_fail(personas, client):
    for name in sorted(n for n in _named_patterns() if _is_allauth(n)):
        try:
            url = reverse(name)
        except NoReverseMatch:  # patterns with arguments (keys, tokens): tested in tests/accounts/
            continue
        response = client.get(url)
        assert matches(PUBLIC, response), (name, response.status_code)
