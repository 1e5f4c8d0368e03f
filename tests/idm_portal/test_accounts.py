"""Accounts: e-mail is the login, sign-up needs a verified address, failures reveal nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.idm_portal.factories import PASSWORD, DelegateFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
SIGNUP = "/en/accounts/signup/"
VERIFICATION_SENT = "/en/accounts/confirm-email/"
WRONG_LOGIN = "The email address and/or password you specified are not correct."


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """allauth counts attempts in the cache: a local cache per test, never a shared Redis."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def log_in(client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_up_sends_a_verification_email_and_the_unverified_user_cannot_log_in(client):
    response = client.post(
        SIGNUP,
        {"email": "new.delegate@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    assert not is_logged_in(client)
    user = get_user_model().objects.get(email="new.delegate@example.org")
    assert not user.emailaddress_set.get().verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.delegate@example.org"]
    assert message.subject.startswith("[IDM] ")
    link = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/[^/\s]+/)", message.body)
    assert link, message.body

    # Before the link is followed, the right password does not let them in.
    response = log_in(client, "new.delegate@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    assert not is_logged_in(client)

    # The link shows a confirmation page; confirming verifies the address.
    confirm_url = link.group(1)
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    assert user.emailaddress_set.get().verified

    other_browser = client.__class__()
    response = log_in(other_browser, "new.delegate@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert is_logged_in(other_browser)


def test_verified_delegate_logs_in_with_email_and_password(client):
    delegate = DelegateFactory(email="dina@example.org")
    response = log_in(client, "DINA@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(delegate.pk)


def test_signup_refuses_an_address_that_has_an_account_without_saying_so_on_the_page(client):
    DelegateFactory(email="taken@example.org")
    response = client.post(
        SIGNUP, {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    # With enumeration prevention, sign-up looks the same as for a new address ...
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    # ... and the owner of the address is told by e-mail instead.
    assert get_user_model().objects.filter(email="taken@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["taken@example.org"]]


def test_wrong_password_and_unknown_email_give_the_same_message(client):
    DelegateFactory(email="known@example.org")
    wrong_password = log_in(client, "known@example.org", "not-the-password")
    unknown_email = log_in(client, "nobody@example.org", "not-the-password")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert not is_logged_in(client)
    assert wrong_password.context["form"].non_field_errors() == [WRONG_LOGIN]
    assert unknown_email.context["form"].non_field_errors() == [WRONG_LOGIN]
    assert WRONG_LOGIN in wrong_password.content.decode()


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client):
    DelegateFactory(email="target@example.org")
    refused = None
    for _attempt in range(12):
        response = log_in(client, "target@example.org", "guess")
        body = response.content.decode()
        if response.status_code == 429 or "Too many failed login attempts" in body:
            refused = response
            break
        assert WRONG_LOGIN in body
    assert refused is not None, "allauth's login_failed rate limit never refused"
    # Once limited, even the right password is refused until the window passes.
    response = log_in(client, "target@example.org", PASSWORD)
    assert not is_logged_in(client)
    assert response.status_code == 429 or "Too many failed login attempts" in (
        response.content.decode()
    )


def test_user_model_uses_email_as_the_login():
    user = get_user_model().objects.create_user(
        email="Someone@Example.ORG", password=PASSWORD, first_name="Ana", last_name="Pérez"
    )
    assert get_user_model().USERNAME_FIELD == "email"
    assert user.email == "Someone@example.org"
    assert str(user) == "Ana Pérez <Someone@example.org>"
    assert user.username is None
    assert user.check_password(PASSWORD)
    assert str(UserFactory(email="plain@example.org", first_name="", last_name="")) == (
        "plain@example.org"
    )


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    DelegateFactory(email="known@example.org")
    known = client.post("/en/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox][0] == ["known@example.org"]
