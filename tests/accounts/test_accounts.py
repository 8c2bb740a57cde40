"""Accounts and roles (issue 2): sign-up with e-mail verification, login, password reset,
staff two-factor, brute-force cool-off, role homes."""

import datetime as dt
import re
import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from accounts.rules import is_staff_member
from tests.conftest import activate_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _last_link(body: str) -> str:
    return re.findall(r"https?://[^\s]+", body)[-1]


def _all_mail_bodies():
    """E-mails as the recipient receives them (through the outbox, then the locmem backend)."""
    return [m.body for m in mail.outbox]


def test_candidate_signs_up_verifies_email_and_lands_on_candidate_home(
    client, session_2021, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "Lea.Martin@Example.org",
                "first_name": "Léa",
                "last_name": "Martin",
                "password1": "un-mot-de-passe-solide",
                "password2": "un-mot-de-passe-solide",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="lea.martin@example.org")
    assert user.role == Role.CANDIDATE and user.first_name == "Léa"
    # Not logged in until the address is verified.
    assert client.get(reverse("candidates:home")).status_code == 302
    bodies = _all_mail_bodies()
    assert bodies, "a verification e-mail is sent"
    link = _last_link(bodies[-1])
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path)
    assert confirm.status_code == 200
    response = client.post("/" + path)
    assert EmailAddress.objects.get(user=user).verified
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and response["Location"] == reverse("candidates:home")
    assert client.get(reverse("candidates:home")).status_code == 200


def test_signup_cannot_choose_a_staff_role(client, session_2021):
    client.post(
        reverse("account_signup"),
        {
            "email": "intruder@example.org",
            "first_name": "I",
            "last_name": "N",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "role": Role.ADMIN,
        },
    )
    assert User.objects.get(email="intruder@example.org").role == Role.CANDIDATE


def test_unverified_candidate_cannot_log_in(client, session_2021):
    UserFactory(email="new@example.org", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("candidates:home")).status_code == 302


def test_password_reset_by_email(client, session_2021, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgot@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgot@example.org"})
    link = _last_link(_all_mail_bodies()[-1])
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url, {"password1": "nouveau-mot-de-passe-1", "password2": "nouveau-mot-de-passe-1"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nouveau-mot-de-passe-1")


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.CANDIDATE, "candidates:home"),
        (Role.JURY_MEMBER, "jury:home_default"),
        (Role.JURY_PRESIDENT, "jury:home_default"),
        (Role.CFA_STAFF, "apprenticeship:home_default"),
        (Role.ADMIN, "notifications:timeline_default"),
    ],
)
def test_each_role_lands_on_its_home(login, session_2021, role, home):
    user = UserFactory(role=role, is_superuser=role == Role.ADMIN)
    if is_staff_member(user):
        activate_totp(user)
    client = login(user)
    response = client.get(reverse("accounts:home"))
    assert response["Location"] == reverse(home)
    # Staff land on the session with work waiting (a redirect to its year), then the page.
    assert client.get(reverse(home), follow=True).status_code == 200


@pytest.mark.parametrize("role", [Role.JURY_MEMBER, Role.JURY_PRESIDENT, Role.CFA_STAFF, Role.ADMIN])
def test_staff_without_two_factor_is_sent_to_set_it_up(client, session_2021, role):
    user = UserFactory(role=role)
    client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"})
    response = client.get(reverse("accounts:home"), follow=True)
    # Straight to the set-up: having just logged in, no second password prompt.
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200 and 'name="code"' in response.content.decode()
    # Every other page still leads there until a code is set up.
    assert client.get(reverse("admissions:calendar"))["Location"] == reverse("mfa_activate_totp")


def test_staff_with_two_factor_must_give_a_code_at_login(client, session_2021):
    user = activate_totp(UserFactory(email="jury@example.org", role=Role.JURY_MEMBER))
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    # Not logged in before the code.
    assert client.get(reverse("jury:home", args=[2021])).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert client.get(reverse("jury:home", args=[2021])).status_code == 302

    now = time.time()
    if now % 30 > 26:  # allauth accepts the current window only
        time.sleep(30 - now % 30 + 0.2)
    code = format_hotp_value(hotp_value("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("jury:home", args=[2021])).status_code == 200


def test_admin_site_login_goes_through_two_factor(client, session_2021):
    """The Django admin's own login form would skip two-factor: it is replaced by allauth's."""
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_brute_force_cools_off_and_never_locks_for_good(client, session_2021, settings):
    """Deadline night: a candidate who mistyped their password is paused, not locked out."""
    UserFactory(email="late@example.org")
    with time_machine.travel("2021-03-09 22:00:00+01:00", tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("account_login"), {"login": "late@example.org", "password": "wrong-password"})
        response = client.post(
            reverse("account_login"), {"login": "late@example.org", "password": "correct-horse-battery"}
        )
        # Refused with a clear message (axes' page, or allauth's own rate limit: both cool off).
        assert "Trop de tentatives" in response.content.decode()
        assert client.get(reverse("candidates:home")).status_code == 302
    with time_machine.travel("2021-03-09 22:16:00+01:00", tick=False):
        response = client.post(
            reverse("account_login"), {"login": "late@example.org", "password": "correct-horse-battery"}
        )
        assert response.status_code == 302
        assert client.get(reverse("candidates:home")).status_code == 200


def test_lockout_is_per_account_and_address_not_global(client, session_2021, settings):
    UserFactory(email="victim@example.org")
    UserFactory(email="other@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("account_login"), {"login": "victim@example.org", "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": "other@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


def test_someone_elses_role_page_is_a_404(login, personas):
    client = login(personas.candidate_a)
    assert client.get(reverse("jury:home", args=[2021])).status_code == 404
    assert client.get(reverse("apprenticeship:home", args=[2021])).status_code == 404
    assert client.get(reverse("admissions:backoffice")).status_code == 404


def test_staff_sets_up_two_factor_right_after_login_without_typing_the_password_again(client):
    """Rule: staff accounts use TOTP (issue 2). The first page a new staff member sees is
    the two-factor set-up; having just logged in counts as a recent authentication, and
    only after the reauthentication timeout does allauth ask for the password again."""
    jury = UserFactory(email="premier.jour@example.org", role="jury_member")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = client.post(
            reverse("account_login"), {"login": jury.email, "password": "correct-horse-battery"}
        )
        assert response.status_code == 302
        assert client.get(reverse("jury:home", args=[2021]))["Location"] == reverse("mfa_activate_totp")
        page = client.get(reverse("mfa_activate_totp"))
        assert page.status_code == 200
        assert "Activer l'application d'authentification" in page.content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        response = client.get(reverse("mfa_activate_totp"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
