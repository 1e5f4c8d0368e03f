"""People can write to the IDM Secretariat: its address is in every page's footer and in each
"write to us" message (allauth's pages said "contact us" with no address anywhere)."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

ADDRESS = "idm-help@example.int"


@pytest.fixture(autouse=True)
def _contact(settings):
    settings.PORTAL_CONTACT_EMAIL = ADDRESS


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("name", ["home", "account_login", "account_reset_password"])
def test_every_page_footer_gives_the_secretariats_address(client, name, language):
    with translation.override(language):
        page = client.get(reverse(name)).content.decode()
    footer = page[page.index('class="site-footer"') :]
    assert f'href="mailto:{ADDRESS}"' in footer


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("account_reset_password", "en"),
        ("account_reset_password_done", "fr"),
        ("account_email_verification_sent", "es"),
    ],
)
def test_the_account_pages_say_where_to_write_instead_of_contact_us(client, name, language):
    with translation.override(language):
        page = client.get(reverse(name)).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert f'href="mailto:{ADDRESS}"' in main
    assert "contact us" not in main.lower()
