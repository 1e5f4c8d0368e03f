"""Accounts: e-mail is the login, sign-up needs a verified address, failures reveal nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from idm_portal.models import OutboundEmail
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


def test_sign_up_sends_a_verification_email_and_the_unverified_user_cannot_log_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
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


def test_signup_refuses_an_address_that_has_an_account_without_saying_so_on_the_page(
    client, django_capture_on_commit_callbacks
):
    DelegateFactory(email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
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


def test_password_reset_does_not_reveal_whether_an_account_exists(
    client, django_capture_on_commit_callbacks
):
    DelegateFactory(email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/accounts/password/reset/", {"email": "known@example.org"})
        unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox][0] == ["known@example.org"]


# --- Sign-up timing (issue 8, item 10) -------------------------------------------------------


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that counts the passwords it hashes."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.idm_portal.test_accounts.CountingHasher"]
    CountingHasher.hashed = 0
    return CountingHasher


def sign_up(client, email: str):
    return client.post(SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.parametrize("address", ["new", "existing"])
def test_sign_up_hashes_one_password_whether_or_not_the_address_has_an_account(
    client, counting_hasher, address
):
    DelegateFactory(email="taken@example.org")
    counting_hasher.hashed = 0
    email = "taken@example.org" if address == "existing" else "fresh@example.org"
    response = sign_up(client, email)
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    assert counting_hasher.hashed == 1


@pytest.mark.parametrize(
    ("address", "subject"),
    [
        ("new", "Confirm your e-mail address for the IDM Portal"),
        ("existing", "Account Already Exists"),
    ],
)
def test_sign_up_sends_no_email_in_the_request_and_one_from_the_queue(
    client, django_capture_on_commit_callbacks, address, subject
):
    DelegateFactory(email="taken@example.org")
    email = "taken@example.org" if address == "existing" else "fresh@example.org"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = sign_up(client, email)
    assert response.status_code == 302
    assert mail.outbox == []
    row = OutboundEmail.objects.get()
    assert (row.to, row.status, row.language) == (email, OutboundEmail.Status.PENDING, "en")

    for callback in queued:  # the commit: the row goes to the (here in-process) queue
        callback()
    assert [(m.to, m.subject) for m in mail.outbox] == [([email], f"[IDM] {subject}")]
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT
    assert row.text == row.html == ""  # sign-in links do not stay in the database


def test_the_someone_tried_to_sign_up_email_reaches_the_owner_in_their_page_language(
    client, django_capture_on_commit_callbacks
):
    DelegateFactory(email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/accounts/signup/",
            {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["taken@example.org"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "/fr/accounts/" in message.body  # its links lead back to the French pages


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_page_that_needs_a_login_sends_to_the_login_in_its_own_language(client, language):
    with translation.override(language):
        page = reverse("registrations:my_registrations")
        login = reverse("account_login")
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{language}/accounts/login/")
    assert login.startswith(f"/{language}/")


@pytest.mark.parametrize(
    ("language", "words", "signature"),
    [
        ("en", "create an account on the IDM Portal", "The IDM Secretariat"),
        ("fr", "créer un compte sur le Portail du DIM", "Le Secrétariat du DIM"),
        ("es", "crear una cuenta en el Portal del DIM", "La Secretaría del DIM"),
    ],
)
def test_the_verification_e_mail_speaks_the_portals_words_in_the_users_language(
    client, django_capture_on_commit_callbacks, settings, language, words, signature
):
    settings.PORTAL_CONTACT_EMAIL = "idm-help@example.int"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/{language}/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    (message,) = mail.outbox
    assert words in message.body
    assert signature in message.body
    assert "idm-help@example.int" in message.body
    assert f"/{language}/accounts/confirm-email/" in message.body
    assert "Hello from" not in message.body and "has given your email address" not in message.body


def test_the_confirm_page_says_what_the_address_is_for(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    link = re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page = client.get(link[link.index("/en/") :]).content.decode()
    assert "Confirm that new@example.org is your e-mail address" in page
    assert "is an email address for user" not in page
