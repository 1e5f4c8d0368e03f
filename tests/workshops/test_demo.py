"""`manage.py load_demo`: IDM 2008 and 2009 as IC/2009/1 gives them, and safe to rerun."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from idm_portal.demo import DEMO_PASSWORD, DEMO_USERS
from idm_portal.models import User
from workshops.models import Programme

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]

DUMPED_APPS = ["idm_portal", "workshops", "account", "auth.group"]


def dump() -> list[dict]:
    out = StringIO()
    call_command("dumpdata", *DUMPED_APPS, format="json", stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:
        row["fields"].pop("last_login", None)
    return sorted(rows, key=lambda row: (row["model"], str(row["pk"])))


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_twice_changes_nothing_the_second_time():
    load_demo()
    first = dump()
    load_demo()
    assert dump() == first
    assert Programme.objects.count() == 2


def test_demo_holds_idm_2009_with_its_two_workshops_on_the_source_dates():
    load_demo()
    idm_2009 = Programme.objects.get(year=2009)
    assert idm_2009.theme == (
        "Human Rights and Migration: Working Together for Safe, Dignified and Secure Migration"
    )
    workshops = list(idm_2009.workshops.order_by("start_date"))
    assert [(w.start_date, w.end_date) for w in workshops] == [
        (date(2009, 3, 25), date(2009, 3, 26)),
        (date(2009, 7, 9), date(2009, 7, 10)),
    ]
    assert workshops[0].title == (
        "Effective Respect for the Human Rights of Migrants: A Shared Responsibility"
    )
    assert workshops[1].title == (
        "Trafficking and Exploitation of Migrants: Ensuring Protection of Human Rights"
    )
    for workshop in workshops:
        assert workshop.agenda_items.exists()
        assert {item.day for item in workshop.agenda_items.all()} <= {
            workshop.start_date,
            workshop.end_date,
        }
    assert idm_2009.key_dates.filter(start_date=date(2009, 2, 26)).exists()


def test_demo_holds_idm_2008_with_its_workshops_and_eleven_principles():
    load_demo()
    idm_2008 = Programme.objects.get(year=2008)
    assert idm_2008.theme == "Return Migration: Challenges and Opportunities"
    assert [
        (w.title, w.start_date, w.end_date) for w in idm_2008.workshops.order_by("start_date")
    ] == [
        ("Managing Return Migration", date(2008, 4, 21), date(2008, 4, 22)),
        (
            "Enhancing the Role of Return Migration in Fostering Development",
            date(2008, 7, 7),
            date(2008, 7, 8),
        ),
    ]
    letters = list(idm_2008.principles.values_list("letter", flat=True))
    assert letters == list("abcdefghijk")
    assert idm_2008.principles.get(letter="e").heading == (
        "Voluntary return is preferable over forced return"
    )


def test_demo_accounts_cover_every_role_and_can_log_in(client):
    output = load_demo()
    assert DEMO_PASSWORD in output
    for email, *_rest in DEMO_USERS:
        assert email in output
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user, email=email).verified
    assert (
        User.objects.get(email="secretariat@example.org").groups.filter(name="Secretariat").exists()
    )
    assert User.objects.get(email="finance@example.org").groups.filter(name="Finance").exists()
    assert not User.objects.get(email="delegate@example.org").is_staff

    response = client.post(
        "/en/accounts/login/", {"login": "delegate@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_load_demo_repairs_edited_demo_rows():
    load_demo()
    workshop = Programme.objects.get(year=2009).workshops.order_by("start_date").first()
    workshop.start_date = date(2009, 3, 1)
    workshop.save()
    load_demo()
    workshop.refresh_from_db()
    assert workshop.start_date == date(2009, 3, 25)


def test_load_demo_on_a_fresh_database_prints_what_it_loaded_and_the_logins_only(tmp_path):
    """As `make run` does it: a new SQLite database, migrate, load_demo. The demo makes its
    PDFs and e-mails in-process, whose loggers printed 84 lines such as "Task … succeeded …
    : False" and "No hostname was supplied", which read like failures."""
    import os
    import subprocess
    import sys

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_", "CELERY_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )

    manage("migrate", "--verbosity=0")
    loaded = manage("load_demo")
    lines = loaded.stdout.splitlines()
    assert lines[0] == "IDM demo data loaded."
    assert [line.split()[0] for line in lines[2:-1]] == [email for email, *_rest in DEMO_USERS]
    assert loaded.stderr == ""
    assert len(lines) == 3 + len(DEMO_USERS)
