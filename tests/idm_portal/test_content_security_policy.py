"""Every response carries a Content-Security-Policy that allows scripts from our own origin
only, and no page of any kind holds something that policy would block: an inline <script>, an
on*= handler, a javascript: link, a <style> element, or a script, stylesheet or image from
another origin. A page that did would break in the browser (the handler would not run)."""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.idm_portal.factories import UserFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import MemberStateFactory, ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

# What the browser runs as a script; a <script type="application/json"> is data (allauth's).
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' blocks."""

    def __init__(self, nonces: set[str]):
        super().__init__(convert_charrefs=True)
        self.nonces = nonces
        self.blocked: list[str] = []
        self._inline: tuple[str, bool] | None = None  # (tag, has a nonce) while inside one
        self._body = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}={value!r}>")
        source = attributes.get("src") or (
            attributes.get("href") if "stylesheet" in (attributes.get("rel") or "") else None
        )
        if source and urlsplit(source).netloc and tag in ("script", "link", "img"):
            self.blocked.append(f"<{tag}> from another origin: {source}")
        executable = (attributes.get("type") or "").lower() in SCRIPT_TYPES
        if (tag == "script" and executable and "src" not in attributes) or tag == "style":
            self._inline = (tag, attributes.get("nonce") in self.nonces)
            self._body = ""

    def handle_data(self, data):
        if self._inline:
            self._body += data

    def handle_endtag(self, tag):
        if self._inline and tag == self._inline[0]:
            if self._body.strip() and not self._inline[1]:
                self.blocked.append(f"inline <{tag}>{self._body.strip()[:80]}…")
            self._inline = None


def blocked_in(response, directives) -> list[str]:
    nonces = {
        value[len("'nonce-") : -1]
        for value in directives.get("script-src", [])
        if value.startswith("'nonce-")
    }
    parser = InlineCode(nonces)
    parser.feed(response.content.decode())
    return parser.blocked


def assert_strict_policy(directives: dict[str, list[str]]) -> None:
    scripts = directives["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert [value for value in scripts if not value.startswith("'nonce-")] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.fixture
def site(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    start = timezone.localdate() + datetime.timedelta(days=30)
    programme = ProgrammeFactory(year=start.year)
    workshop = WorkshopFactory(
        programme=programme, start_date=start, end_date=start + datetime.timedelta(days=1)
    )
    state = MemberStateFactory(name="Kenya")
    DelegationFactory(member_state=state, workshop=workshop)
    registration = RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state), workshop=workshop
    )
    return {
        "programme": programme,
        "workshop": workshop,
        "document": DocumentFactory(programme=programme),
        "registration": registration,
        "delegate": registration.delegate.user,
        "newcomer": DelegateProfileFactory(member_state=state).user,
        "focal_point": FocalPointFactory(member_state=state).user,
        "staff": UserFactory(is_staff=True, is_superuser=True, verified=True),
    }


def pages(site) -> list[tuple[str, str | None, str]]:
    """(who, the user to log in or None, path) for one page of every kind."""
    workshop, registration = site["workshop"], site["registration"]
    with translation.override("en"):
        public = [
            reverse("home"),
            reverse("workshops:programme", args=[site["programme"].year]),
            workshop.get_absolute_url(),
            site["document"].get_absolute_url(),
            reverse("account_login"),
            reverse("account_signup"),
            "/en/no-such-page/",
        ]
        delegate = [
            reverse("registrations:my_registrations"),
            reverse("registrations:profile"),
        ]
        newcomer = [reverse("registrations:register", args=[workshop.slug])]
        focal_point = [
            reverse("registrations:delegation_index"),
            reverse("registrations:delegation_board", args=[workshop.slug]),
        ]
    admin = [
        reverse("admin:index"),
        reverse("admin:registrations_registration_changelist"),
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        reverse("admin:registrations_registration_add"),
        reverse("admin:workshops_workshop_change", args=[workshop.pk]),
        reverse("admin:registrations_registration_export"),
        reverse("admin:registrations_registration_history", args=[registration.pk]),
        reverse("admin:registrations_delegateprofile_history", args=[registration.delegate.pk]),
        reverse("admin:autocomplete")
        + "?app_label=registrations&model_name=delegateprofile&field_name=member_state&term=Ke",
    ]
    return (
        [("visitor", None, path) for path in public]
        + [("delegate", "delegate", path) for path in delegate]
        + [("delegate without a registration", "newcomer", path) for path in newcomer]
        + [("focal point", "focal_point", path) for path in focal_point]
        + [("staff", "staff", path) for path in admin]
    )


def test_every_kind_of_page_has_a_strict_policy_and_nothing_it_would_block(site):
    seen = []
    for who, user, path in pages(site):
        client = Client()
        if user:
            client.force_login(site[user])
        response = client.get(path)
        expected = 404 if "no-such-page" in path else 200
        assert response.status_code == expected, (who, path, response.status_code)
        directives = policy_of(response)
        assert_strict_policy(directives)
        if response["Content-Type"].startswith("text/html"):
            assert blocked_in(response, directives) == [], (who, path)
            seen.append(path)
        else:
            assert response["Content-Type"] == "application/json", path
    # The walk really looked at HTML pages (a login redirect would have left them out).
    assert len(seen) == len(pages(site)) - 1


def test_the_database_outage_page_has_the_policy_too(client, monkeypatch):
    from django.db import OperationalError

    from workshops import selectors

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "current_programme", database_down)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 503
    assert_strict_policy(directives := policy_of(response))
    assert blocked_in(response, directives) == []


def test_the_checker_finds_what_the_policy_blocks():
    """The parser itself: each of these would break or be refused under the policy."""
    html = (
        "<script>alert(1)</script>"
        '<script type="application/json">{"data": 1}</script>'
        '<script nonce="n0nce">fine()</script>'
        '<input onchange="go(event)">'
        '<a href="javascript:go()">x</a>'
        "<style>p { color: red }</style>"
        '<script src="https://cdn.example.org/lib.js"></script>'
        '<script src="/static/ours.js"></script>'
    )
    parser = InlineCode({"n0nce"})
    parser.feed(html)
    assert len(parser.blocked) == 5, parser.blocked
