"""The account pages as a person meets them: "My account" (e-mail addresses) with one primary
action and "Remove" that does not look like it, the way to the password and, for staff, the
second factor; the sign-in and password pages in the portal's words and the three languages."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.idm_portal.factories import (
    DelegateFactory,
    EmailAddressFactory,
    SecretariatStaffFactory,
)

pytestmark = pytest.mark.django_db

SECONDARY = {"button-secondary", "button-danger", "link-button", "button-link"}


class _Buttons(HTMLParser):
    """The submit buttons inside <main>, each as (its classes, its text)."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.current = None
        self.buttons: list[tuple[set[str], str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "button" and self.in_main:
            self.current = (set((attrs.get("class") or "").split()), [])

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif tag == "button" and self.current is not None:
            classes, text = self.current
            self.buttons.append((classes, " ".join("".join(text).split())))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current[1].append(data)


def buttons(html: str) -> list[tuple[set[str], str]]:
    parser = _Buttons()
    parser.feed(html)
    return parser.buttons


def primary_buttons(html: str) -> list[str]:
    return [text for classes, text in buttons(html) if not classes & SECONDARY]


def page(client, name: str, language: str = "en") -> str:
    with translation.override(language):
        path = reverse(name)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def delegate_with_two_addresses(client):
    user = DelegateFactory(email="amina@example.org")
    EmailAddressFactory(user=user, email="amina.work@example.org", primary=False, verified=False)
    client.force_login(user)
    return user


def test_my_account_has_one_primary_button_and_remove_looks_dangerous(
    client, delegate_with_two_addresses
):
    html = page(client, "account_email")

    assert primary_buttons(html) == ["Add this address"]
    by_text = {text: classes for classes, text in buttons(html)}
    assert "button-danger" in by_text["Remove"]
    assert "button-secondary" in by_text["Make primary"]
    assert "<h1>My account</h1>" in html


def test_my_account_with_one_address_offers_nothing_that_cannot_apply(client):
    client.force_login(DelegateFactory())

    html = page(client, "account_email")

    assert primary_buttons(html) == ["Add this address"]
    assert "Remove" not in html and "Make primary" not in html


def test_my_account_and_the_menu_lead_to_the_password(client):
    client.force_login(DelegateFactory())
    password_url = reverse("account_change_password")

    html = page(client, "account_email")

    main = html.split('<main id="main"')[1]
    nav = html.split('class="site-nav"')[1].split("</nav>")[0]
    assert f'<a href="{password_url}">Change your password</a>' in main
    assert f'href="{password_url}"' in nav
    assert reverse("mfa_index") not in html  # the second factor is for staff


def test_staff_find_the_second_factor_from_their_account_and_the_menu(client):
    client.force_login(SecretariatStaffFactory(verified=True))

    html = page(client, "account_email")

    main = html.split('<main id="main"')[1]
    nav = html.split('class="site-nav"')[1].split("</nav>")[0]
    assert f'<a href="{reverse("mfa_index")}">Two-factor authentication</a>' in main
    assert f'href="{reverse("mfa_index")}"' in nav


def test_the_password_page_is_the_portals_with_one_primary_button(client):
    client.force_login(DelegateFactory())

    html = page(client, "account_change_password")

    assert "<h1>Change your password</h1>" in html
    assert primary_buttons(html) == ["Change my password"]
    assert '<label for="id_oldpassword">Current password</label>' in html
    assert f'<a href="{reverse("account_email")}">Back to my account</a>' in html


def test_sign_in_is_written_one_way_and_keeps_you_signed_in(client):
    html = page(client, "account_login")

    assert "Sign In" not in html and "Remember Me" not in html
    assert "<h1>Sign in</h1>" in html
    assert primary_buttons(html) == ["Sign in"]
    assert '<label for="id_remember">Keep me signed in</label>' in html
    assert '<label for="id_login">E-mail address</label>' in html


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("name", ["account_login", "account_email", "account_change_password"])
def test_account_pages_are_in_the_portal_layout_and_the_readers_language(client, language, name):
    if name != "account_login":
        client.force_login(DelegateFactory())

    html = page(client, name, language)

    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and "css/portal.css" in html
    with translation.override(language):
        if name == "account_change_password":  # its way back, in the page's language
            account = translation.gettext("My account")
            breadcrumb = html.split('class="breadcrumb"')[1].split("</nav>")[0]
            assert f'<a href="{reverse("account_email")}">{account}</a>' in breadcrumb
        else:
            heading = translation.gettext("Sign in" if name == "account_login" else "My account")
            assert f"<h1>{heading}</h1>" in html
    assert len(primary_buttons(html)) == 1
