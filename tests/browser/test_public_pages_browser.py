"""The public pages in a real browser: keyboard use, language switching and a phone screen."""

import pytest
from django.utils import translation

from tests.workshops.document_factories import DocumentFactory
from workshops import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def idm_2009():
    return demo.load()["2009"]


def test_keyboard_user_can_skip_to_content_and_sees_focus(page, live_server, idm_2009):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    # The focused skip link is moved on screen and has a visible outline.
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_page_and_translates_it(page, live_server, idm_2009):
    workshop = idm_2009.workshops.order_by("start_date").first()
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/fr/workshops/{workshop.slug}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "mars 2009" in page.locator("main").inner_text()
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/es/workshops/{workshop.slug}/")
    assert "marzo de 2009" in page.locator("main").inner_text()


def test_pages_fit_a_phone_screen_without_sideways_scrolling(phone, live_server, idm_2009):
    workshop = idm_2009.workshops.order_by("start_date").first()
    for path in ("/en/", "/en/programme/2009/", workshop.get_absolute_url(), "/en/accounts/login/"):
        phone.goto(f"{live_server.url}{path}")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        # Every link and button on the page is at least 24px tall (WCAG 2.2 target size).
        small = phone.evaluate(
            """[...document.querySelectorAll('main a, main button, header button')]
               .filter(el => !el.closest('p'))  // links inside a sentence are exempt
               .filter(el => el.offsetParent && el.getBoundingClientRect().height < 24)
               .map(el => el.textContent.trim())"""
        )
        assert small == [], f"{path} has tiny targets: {small}"


def test_a_wide_table_in_a_document_scrolls_in_its_own_region_on_a_phone(
    phone, live_server, idm_2009
):
    rows = "\n".join(
        f"| Ms Participant {n} | Deputy Permanent Representative | "
        f"https://www.example.org/permanent-mission/contact/{n}/details |"
        for n in range(5)
    )
    document = DocumentFactory(
        programme=idm_2009,
        symbol="IC/2009/WIDE",
        body=f"The participants:\n\n| Name | Position | Contact |\n|---|---|---|\n{rows}\n",
    )
    with translation.override("en"):
        path = document.get_absolute_url()

    phone.goto(f"{live_server.url}{path}")

    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the document page scrolls sideways by {overflow}px on a phone"
    region = phone.get_by_role("region", name="Table (scroll sideways to see all of it)")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls inside
    region.focus()
    phone.keyboard.press("ArrowRight")
    # Polled from here: the page's Content-Security-Policy forbids the eval that
    # wait_for_function needs.
    for _ in range(50):
        if phone.evaluate("document.querySelector('.table-scroll').scrollLeft") > 0:
            break
        phone.wait_for_timeout(100)
    assert phone.evaluate("document.querySelector('.table-scroll').scrollLeft") > 0


def _public_paths(idm_2009) -> list[str]:
    from workshops.models import Document, Programme, Workshop

    paths = ["/en/", "/en/accounts/login/", "/en/accounts/signup/", "/en/accounts/password/reset/"]
    paths += [f"/en/programme/{p.year}/" for p in Programme.objects.filter(is_published=True)]
    paths += [w.get_absolute_url() for w in Workshop.objects.filter(programme__is_published=True)]
    paths += [d.get_absolute_url() for d in Document.objects.filter(visibility="public")]
    return paths


def test_no_public_page_scrolls_sideways_on_a_phone(phone, live_server, idm_2009):
    """Every public page, documents included (a long URL in a footnote made IC/2009/1 794 px
    wide)."""
    demo.load_documents()
    paths = _public_paths(idm_2009)
    assert any("/documents/" in path for path in paths)
    wide = {}
    for path in paths:
        phone.goto(f"{live_server.url}{path}")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide[path] = overflow
    assert wide == {}, f"pages that scroll sideways on a phone (px): {wide}"


def test_a_document_offers_its_pdf_at_the_top_on_a_phone(phone, live_server, idm_2009):
    from workshops.models import Document

    demo.load_documents()
    document = Document.objects.get(symbol="IC/2009/1", language="en")
    phone.goto(f"{live_server.url}{document.get_absolute_url()}")
    link = phone.get_by_role("link", name="Download IC/2009/1 (PDF)").first
    assert link.is_visible()
    assert link.bounding_box()["y"] < phone.viewport_size["height"]  # on the first screen
