"""Journeys in a real browser (Debian's chromium through Playwright), each at 1280 px and at
390 px. Every page a journey shows is photographed into tests/e2e/screenshots/ (ignored by
git: look at them after a run), checked by axe-core for serious or critical accessibility
violations, and, on the phone, checked not to scroll sideways.

axe-core comes from npm (package.json; `make test-tools` runs `npm ci`) and is served to the
page from node_modules under the page's own origin, so that the portal's Content Security
Policy (script-src 'self') stays on while it runs: no CDN, nothing bypassed.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_PATH = "/__e2e__/axe.min.js"  # answered by the browser context from node_modules

WIDTHS = {"desktop": 1280, "phone": 390}
LOCALES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}

# Only what stops or seriously hinders someone; "moderate" and "minor" are reported by axe
# but not failed on.
FAILING_IMPACTS = ("serious", "critical")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => IMPACTS.includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 6).map(n => n.target.join(' ') + ' -> '
                  + (n.failureSummary || '').replace(/\\s+/g, ' '))}));
}""".replace("IMPACTS", json.dumps(FAILING_IMPACTS))


def url(live_server, name: str, *args, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return f"{live_server.url}{reverse(name, args=args or None, kwargs=kwargs or None)}"


def path(name: str, *args, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


class Journey:
    """One person's browser: `step(name)` photographs the page and checks it (axe-core; at
    390 px, no sideways scrolling). The problems of every step are gathered, and `finish()`
    fails the test with all of them, so that one run lists every page to fix."""

    def __init__(self, chromium, *, width: int, language: str, folder: Path, origin: str):
        self.width = width
        self.language = language
        self.folder = folder
        self.origin = origin
        self.problems: list[str] = []
        self.checked: list[str] = []
        self._count = 0
        phone = width < 600
        self.context = chromium.new_context(
            locale=LOCALES[language],
            viewport={"width": width, "height": 844 if phone else 900},
            is_mobile=phone,
            has_touch=phone,
            accept_downloads=True,
        )
        self.context.route(
            f"{origin}{AXE_PATH}",
            lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"),
        )
        self.page = self.context.new_page()

    # --- moving -------------------------------------------------------------------------
    def goto(self, target: str, step: str | None = None):
        response = self.page.goto(target if target.startswith("http") else self.origin + target)
        if step:
            self.step(step)
        return response

    def click_link(self, href: str, step: str | None = None) -> None:
        """Follow the first link to `href`, as a person would (whatever its words are in the
        page's language)."""
        with self.page.expect_navigation():
            self.page.locator(f'a[href="{href}"]').first.click()
        if step:
            self.step(step)

    def submit(self, selector: str = "main form button[type=submit]", step: str | None = None):
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()
        if step:
            self.step(step)

    def fill_date(self, name: str, day: str, month: str, year: str) -> None:
        """Type a date into its Day and Year boxes and choose its month, as a person does
        (idm_portal.form_fields.DayMonthYearField); `month` is the month's number."""
        self.page.locator(f"input[name={name}_0]").fill(day)
        self.page.locator(f"select[name={name}_1]").select_option(month)
        self.page.locator(f"input[name={name}_2]").fill(year)

    def sign_in_as(self, user) -> None:
        """The session of `user` without the login form (journeys that test the form use it)."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        self.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": self.origin}])

    def log_in(self, email: str, password: str, step: str | None = None) -> None:
        self.goto(path("account_login", language=self.language), step=None)
        self.page.locator("input[name=login]").fill(email)
        self.page.locator("input[name=password]").fill(password)
        self.submit("main form button[type=submit]", step=step)

    # --- checking -----------------------------------------------------------------------
    def step(self, name: str) -> None:
        self._count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        label = f"{self._count:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"
        self.page.screenshot(path=str(self.folder / f"{label}.png"), full_page=True)
        where = f"{name} ({self.page.url.removeprefix(self.origin)})"
        self.checked.append(where)
        for violation in self.axe():
            nodes = "\n      ".join(violation["nodes"])
            self.problems.append(
                f"{where}: axe {violation['impact']} {violation['id']}: {violation['help']}"
                f"\n      {nodes}"
            )
        if self.width < 600:
            overflow = self.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                self.problems.append(f"{where}: scrolls sideways by {overflow} px")

    def axe(self) -> list[dict]:
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url=self.origin + AXE_PATH)
        return self.page.evaluate(RUN_AXE)

    def finish(self) -> None:
        assert self.checked, "the journey checked no page"
        assert not self.problems, "\n".join(self.problems)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request) -> int:
    return WIDTHS[request.param]


@pytest.fixture
def journeys(browser, live_server, width, request):  # noqa: F811
    """journeys(language=..., who=...) opens one person's browser at the test's width."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make test-tools` (npm ci) first")
    opened: list[Journey] = []

    def open_journey(*, language: str = "en", who: str = "") -> Journey:
        # tests/e2e/screenshots/<journey>-<width>[-<language>][-<who>]/<nn>-<step>.png
        module = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
        story = request.node.originalname.removeprefix("test_")[:48].strip("_")
        name = "-".join(filter(None, [module, story, request.node.callspec.id, who]))
        folder = SCREENSHOTS / name
        journey = Journey(
            browser, width=width, language=language, folder=folder, origin=live_server.url
        )
        opened.append(journey)
        return journey

    yield open_journey
    for journey in opened:
        journey.close()


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    """The live server's pages as a visitor gets them: no "English only" surprises from an
    earlier test's language, e-mails in the test's outbox."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def mail_link(address: str, pattern: str) -> str:
    """The path of the first link matching `pattern` in the last e-mail sent to `address`."""
    for message in reversed(mail.outbox):
        if address in message.to:
            found = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
            if found:
                return found.group(1)
    sent = [(m.to, m.subject) for m in mail.outbox]
    raise AssertionError(f"no e-mail to {address} with a link like {pattern}: {sent}")


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
