"""Who may do what: the role predicates (accounts/rules.py), the permissions each app builds
on them, and the navigation that shows each person the workspace they may open."""

import re
from types import SimpleNamespace

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, Permission
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts.enums import Role
from accounts.permissions import permission_required
from accounts.rules import is_admin, is_candidate, is_cfa, is_jury_member, is_jury_president, is_staff_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLE_PREDICATES = (is_candidate, is_jury_member, is_jury_president, is_cfa, is_admin, is_staff_member)


def test_no_portal_permission_has_the_name_of_a_django_model_permission():
    """A superuser keeps Django's model permissions (the admin site); a portal permission
    with the same name would be answered by the role instead and hide a model from it."""
    model_permissions = {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }
    assert model_permissions & set(rules.permissions.permissions) == set()


def test_anonymous_has_no_role_and_no_permission():
    anonymous = AnonymousUser()
    assert not any(predicate(anonymous) for predicate in ROLE_PREDICATES)
    # Every permission starts with a role: no object is needed to refuse an anonymous visitor.
    assert not any(anonymous.has_perm(perm) for perm in rules.permissions.permissions)


@pytest.mark.parametrize(
    ("role", "predicates"),
    [
        (Role.CANDIDATE, {is_candidate}),
        (Role.JURY_MEMBER, {is_jury_member, is_staff_member}),
        (Role.JURY_PRESIDENT, {is_jury_member, is_jury_president, is_staff_member}),
        (Role.CFA_STAFF, {is_cfa, is_staff_member}),
        (Role.ADMIN, {is_admin, is_staff_member}),
    ],
)
def test_each_role_is_what_its_predicates_say(role, predicates):
    user = UserFactory(role=role)
    assert {p for p in ROLE_PREDICATES if p(user)} == predicates


def test_a_superuser_is_an_admin_not_a_candidate_nor_a_jury_member(personas):
    admin = personas.admin
    assert admin.is_superuser
    assert admin.has_perm("admissions.view_backoffice")
    assert not admin.has_perm("candidates.edit_dossier")
    assert not admin.has_perm("jury.view_intakes")
    # Django's model permissions keep the superuser's pass: the admin site is unchanged.
    assert admin.has_perm("candidates.view_application")


def test_a_superuser_created_with_another_role_is_still_an_admin(session_2021):
    user = UserFactory(role=Role.CFA_STAFF, is_superuser=True)
    assert user.has_perm("admissions.view_backoffice") and user.has_perm("apprenticeship.view_backoffice")


def test_a_deactivated_account_has_no_permission(session_2021):
    user = UserFactory(role=Role.ADMIN, is_active=False)
    assert not user.has_perm("admissions.view_backoffice")


def _nav_links(client):
    page = client.get(reverse("admissions:home")).content.decode()
    nav = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', page, re.S).group(1)
    public = {reverse("admissions:programs"), reverse("admissions:fees"), reverse("admissions:calendar")}
    return [href for href in re.findall(r'href="([^"]+)"', nav) if href not in public]


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("anonymous", []),
        ("candidate_a", ["candidates:home", "notifications:inbox"]),
        ("jury_x", ["jury:home_default"]),
        ("president", ["jury:home_default", "candidates:staff_list_default"]),
        ("cfa", ["apprenticeship:home_default"]),
        ("admin", ["admissions:backoffice"]),
    ],
)
def test_navigation_shows_each_person_their_own_workspace(personas, client, persona, links):
    user = personas.president if persona == "president" else personas.by_name()[persona]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert _nav_links(client) == [reverse(name) for name in links]


def test_an_object_view_gets_the_object_its_permission_was_checked_on():
    """`permission_required(perm, fn)`: `fn` reads the object once, the view receives it as
    `obj`; someone else's object is a 404, an anonymous visitor goes to the login page."""
    owner, other = UserFactory(role=Role.CANDIDATE), UserFactory(role=Role.CANDIDATE)
    item = SimpleNamespace(name="mine", application=SimpleNamespace(candidate_id=owner.pk))
    reads = []

    def read(request, pk):
        reads.append(pk)
        return item

    @permission_required("candidates.edit_dossier_item", read)
    def view(request, pk, obj):
        return HttpResponse(obj.name)

    request = RequestFactory().get("/item/7/")
    request.user = owner
    assert view(request, pk=7).content == b"mine" and reads == [7]
    request.user = other
    with pytest.raises(Http404):
        view(request, pk=7)
    request.user = AnonymousUser()
    assert view(request, pk=7)["Location"].startswith("/accounts/login/")
