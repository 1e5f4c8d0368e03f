"""Every page kind is valid HTML, in the three languages (W3C Nu HTML checker, vnu-jar).

The pages are those of the demo, as its users see them: public, account (allauth), delegate
and focal point. They are rendered by the test client and checked in one run of the checker
(`java -jar node_modules/vnu-jar/build/dist/vnu.jar`); `make test` and .ci/run install it
with npm (package.json). Without Java or the checker the test is skipped and says why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parents[1]
VNU = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("en", "fr", "es")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("java"), reason="the HTML checker needs Java"),
    pytest.mark.skipif(
        not VNU.exists(), reason=f"the HTML checker is not installed: run `npm install` ({VNU})"
    ),
]


def _pages(
    workshop_slug: str, programme_year: int, document_url: str, registration_pk: int
) -> dict[str, list]:
    """Who looks at which page: (url name, kwargs) lists by demo login (None: anonymous)."""
    workshop = {"slug": workshop_slug}
    return {
        None: [
            ("home", {}),
            ("workshops:programme", {"year": programme_year}),
            ("workshops:detail", workshop),
            (document_url, None),
            ("account_login", {}),
            ("account_signup", {}),
            ("account_reset_password", {}),
        ],
        "delegate@example.org": [
            ("registrations:my_registrations", {}),
            ("registrations:profile", {}),
            ("registrations:register", workshop),
            ("account_email", {}),
            ("account_change_password", {}),
            ("mfa_index", {}),
            ("registrations:cancel", {"pk": registration_pk}),
            ("registrations:confirmation_letter", {"pk": registration_pk}),
        ],
        "focalpoint@example.org": [
            ("registrations:delegation_index", {}),
            ("registrations:delegation_board", workshop),
            ("registrations:delegation_register", workshop),
            ("registrations:delegation_note_verbale", workshop),
        ],
    }


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)
    from workshops.models import Document, Workshop

    workshop = Workshop.objects.order_by("start_date").last()
    document = Document.objects.filter(visibility=Document.Visibility.PUBLIC).first()
    return workshop, document


def test_every_page_kind_is_valid_html_in_each_language(client, demo, tmp_path):
    from idm_portal.models import User

    workshop, document = demo
    from registrations.models.lifecycle import Registration

    seat = Registration.objects.filter(
        delegate__user__email="delegate@example.org", status=Registration.Status.CONFIRMED
    ).first()
    rendered = []
    for language in LANGUAGES:
        with translation.override(language):
            pages = _pages(
                workshop.slug, workshop.programme.year, document.get_absolute_url(), seat.pk
            )
            for login, names in pages.items():
                client.logout()
                if login:
                    client.force_login(User.objects.get(email=login))
                for name, kwargs in names:
                    url = name if kwargs is None else reverse(name, kwargs=kwargs)
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    path = tmp_path / f"{len(rendered):03d}.html"
                    path.write_bytes(response.content)
                    rendered.append((path.name, url))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    urls = dict(rendered)
    errors = [
        f"{urls.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(rendered) == 3 * 19
    assert errors == [], "\n".join(errors[:30])
