"""Staff log in through the portal's login, throttled like everyone, and reach the admin with a
second factor when ADMIN_REQUIRE_MFA is on (issue 8, item 3)."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache

from tests.idm_portal.factories import PASSWORD, DelegateFactory, SecretariatStaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
TOTP_ACTIVATE = "/en/accounts/2fa/totp/activate/"
MFA_AUTHENTICATE = "/en/accounts/2fa/authenticate/"
MFA_REAUTHENTICATE = "/en/accounts/2fa/reauthenticate/"
PASSWORD_REAUTHENTICATE = "/en/accounts/reauthenticate/"
TOO_MANY = "Too many failed login attempts"
ADMIN_PAGES = ["/admin/", "/admin/workshops/workshop/", "/admin/idm_portal/user/"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """allauth counts attempts (and used TOTP codes) in the cache: a local one per test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    settings.ADMIN_REQUIRE_MFA = True


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, computed with allauth's own helpers."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def staff_with_totp(email: str = "sana@example.org"):
    staff = SecretariatStaffFactory(email=email)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return staff, secret


# --- The admin's own login is gone: the portal's login, with its rate limits ------------------


def test_admin_login_sends_to_the_portal_login_keeping_next(client):
    response = client.get("/admin/login/", {"next": "/admin/workshops/workshop/"})
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Fworkshops%2Fworkshop%2F"


def test_the_old_admin_login_form_does_not_log_anyone_in(client):
    SecretariatStaffFactory(email="sana@example.org")
    response = client.post(
        "/admin/login/", {"username": "sana@example.org", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not is_logged_in(client)


def test_wrong_passwords_through_the_admin_entry_are_locked_out_like_any_login(client):
    SecretariatStaffFactory(email="sana@example.org")
    login_url = client.get("/admin/login/", {"next": "/admin/"})["Location"]
    refused = []
    for _attempt in range(6):
        response = client.post(login_url, {"login": "sana@example.org", "password": "guess"})
        refused.append(response.status_code == 429 or TOO_MANY in response.content.decode())
    assert refused == [False] * 5 + [True]
    # Locked: even the right password does not get in now.
    response = client.post(login_url, {"login": "sana@example.org", "password": PASSWORD})
    assert not is_logged_in(client)
    assert response.status_code == 429 or TOO_MANY in response.content.decode()


def test_staff_log_in_through_the_portal_and_land_on_the_admin_page_they_asked_for(client):
    SecretariatStaffFactory(email="sana@example.org")
    login_url = client.get("/admin/login/", {"next": "/admin/workshops/workshop/"})["Location"]
    response = client.post(login_url, {"login": "sana@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/workshops/workshop/"
    assert client.get("/admin/workshops/workshop/").status_code == 200


def test_a_logged_in_delegate_at_the_admin_login_is_told_and_not_sent_round_in_circles(client):
    client.force_login(DelegateFactory())
    response = client.get("/admin/login/", {"next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1] == ("/en/", 302)
    assert "Your account has no access to the administration." in response.content.decode()


# --- Second factor for staff (ADMIN_REQUIRE_MFA) ----------------------------------------------


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_with_mfa_required_staff_without_an_authenticator_are_sent_to_set_one_up(
    client, mfa_required, url
):
    client.force_login(SecretariatStaffFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == TOTP_ACTIVATE


def test_staff_without_an_authenticator_are_told_why_set_one_up_and_then_reach_the_admin(
    client, mfa_required
):
    staff = SecretariatStaffFactory(email="sana@example.org")
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    response = client.get("/admin/", follow=True)
    # Just logged in with the password: not asked for it again before adding an authenticator.
    assert [url for url, _status in response.redirect_chain] == [TOTP_ACTIVATE]
    assert "Staff need a second factor to open the administration" in response.content.decode()
    page = response.content.decode()
    assert "Activate Authenticator App" in page
    assert 'class="site-header"' in page  # in the portal's layout, not allauth's bare page
    assert "data:image/svg+xml;base64," in page  # the QR code to scan

    secret = response.context["form"].secret
    response = client.post(TOTP_ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    # The session was opened with the password only: one code from the app opens the admin.
    response = client.get("/admin/")
    assert response["Location"] == f"{MFA_REAUTHENTICATE}?next=%2Fadmin%2F"
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_login_older_than_the_reauthentication_timeout_must_be_confirmed(
    client, mfa_required, settings
):
    staff = SecretariatStaffFactory(email="old-session@example.org")
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    session = client.session
    for records in (v for k, v in session.items() if isinstance(v, list)):
        for record in records:
            if isinstance(record, dict) and "at" in record:
                record["at"] -= 3600  # logged in an hour ago
    session.save()
    response = client.get("/admin/", follow=True)
    assert [url for url, _status in response.redirect_chain] == [
        TOTP_ACTIVATE,
        f"{PASSWORD_REAUTHENTICATE}?next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    ]
    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == (TOTP_ACTIVATE, 302)


def test_with_mfa_required_staff_log_in_with_a_totp_code_and_reach_the_admin(client, mfa_required):
    staff, secret = staff_with_totp()
    login_url = client.get("/admin/login/", {"next": "/admin/"})["Location"]
    response = client.post(login_url, {"login": staff.email, "password": PASSWORD})
    # allauth's MFA stage: the password alone does not log in.
    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302

    response = client.post(MFA_AUTHENTICATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/workshops/workshop/").status_code == 200


def test_with_mfa_required_a_session_without_the_second_factor_must_enter_a_code(
    client, mfa_required
):
    staff, secret = staff_with_totp()
    client.force_login(staff)  # e.g. a session from before the second factor was set up
    response = client.get("/admin/workshops/workshop/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == MFA_REAUTHENTICATE
    assert parse_qs(location.query)["next"] == ["/admin/workshops/workshop/"]

    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/workshops/workshop/"
    assert client.get("/admin/workshops/workshop/").status_code == 200


def test_with_mfa_required_a_wrong_code_does_not_open_the_admin(client, mfa_required):
    staff, secret = staff_with_totp()
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD, "next": "/admin/"})
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post(MFA_AUTHENTICATE, {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_with_mfa_required_non_staff_are_treated_as_before(client, mfa_required):
    delegate = DelegateFactory()
    assert not Authenticator.objects.filter(user=delegate).exists()
    response = client.post(LOGIN, {"login": delegate.email, "password": PASSWORD})
    assert response["Location"] == "/en/"  # no second factor asked of a delegate
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_with_mfa_not_required_staff_reach_the_admin_as_today(client, settings):
    settings.ADMIN_REQUIRE_MFA = False
    client.force_login(SecretariatStaffFactory())
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Authentification à deux facteurs"), ("es", "Autenticación de doble factor")],
)
def test_the_second_factor_pages_are_in_the_portal_layout_and_the_readers_language(
    client, language, heading
):
    staff, _secret = staff_with_totp()
    response = client.post(
        f"/{language}/accounts/login/", {"login": staff.email, "password": PASSWORD}
    )
    assert response["Location"] == f"/{language}/accounts/2fa/authenticate/"
    page = client.get(response["Location"]).content.decode()
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page
    assert re.search(rf"<h1>\s*{heading}\s*</h1>", page)
