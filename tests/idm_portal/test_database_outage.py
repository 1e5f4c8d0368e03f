"""A database that is down, silent or slow gives a clear 503 page quickly, never a hang or a
bare 500; the web's statement timeout cuts web requests only; a connection dropped between two
requests does not break the next one.

Requests go through the real WSGI application (idm_portal/wsgi.py, as under gunicorn) in a
process of its own with production settings (tests/idm_portal/wsgi_probe.py); the dropped
connection also under gunicorn itself, watching the worker's backend in pg_stat_activity."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.idm_portal import dead_services
from tests.idm_portal.test_settings import production_env, run_python

CONNECT_TIMEOUT = 2  # libpq's smallest
A_SESSION = "sessionid=0123456789abcdefghijklmnopqrstuv"


def probe(steps: list[dict], urlconf: str | None = None, **env: str) -> list[dict]:
    plan = json.dumps({"steps": steps, "urlconf": urlconf})
    environment = production_env(
        DJANGO_ALLOWED_HOSTS="testserver", DJANGO_SECURE_SSL_REDIRECT="0", **env
    )
    result = run_python(["-m", "tests.idm_portal.wsgi_probe", plan], **environment)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def silent_database():
    """The port of a server that accepts every connection and never says a word."""
    with dead_services.silent_port() as port:
        yield port


@pytest.fixture
def closed_port():
    """A port where nothing listens: the connection is refused at once."""
    return dead_services.closed_port()


def assert_unavailable_page(answer: dict) -> None:
    assert answer["status"] == 503, answer["body"][:2000]
    assert answer["headers"]["Retry-After"] == "30"
    assert "The portal is briefly unavailable" in answer["body"]
    assert "Server error" not in answer["body"]


@pytest.mark.parametrize("database", ["silent_database", "closed_port"])
def test_unreachable_database_answers_503_within_the_connect_timeout(request, database):
    port = request.getfixturevalue(database)
    steps = [
        {"get": "/en/"},
        # A signed-in visitor: the session and the user need the database too, and the page
        # must not try them again while it renders.
        {"get": "/en/my-registrations/", "cookie": A_SESSION},
        {"get": "/admin/", "cookie": A_SESSION},
        {"get": "/en/accounts/login/", "cookie": A_SESSION},
    ]
    answers = probe(
        steps,
        DATABASE_URL=f"postgres://idm@127.0.0.1:{port}/idm",
        DJANGO_DB_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
    )
    for step, answer in zip(steps, answers, strict=True):
        assert_unavailable_page(answer)
        # One attempt to connect per request: a second (the page retrying the session or
        # the user) would take twice the timeout.
        assert answer["seconds"] < CONNECT_TIMEOUT + 1.5, step


def test_unavailable_page_is_in_the_language_of_the_address(closed_port):
    [answer] = probe(
        [{"get": "/fr/", "accept_language": "es"}],
        DATABASE_URL=f"postgres://idm@127.0.0.1:{closed_port}/idm",
    )
    assert answer["status"] == 503
    assert '<html lang="fr">' in answer["body"]


# --- On the real PostgreSQL ----------------------------------------------------------------


@pytest.fixture
def postgres_url(transactional_db):
    """The URL of this run's test database (migrated), for the probe's own process."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.mark.postgres
def test_web_statement_longer_than_the_timeout_is_cancelled_and_answered_503(postgres_url):
    fast, slow = probe(
        [{"get": "/slow/10/"}, {"get": "/slow/5000/"}],
        urlconf="tests.idm_portal.slow_urls",
        DATABASE_URL=postgres_url,
        DJANGO_DB_STATEMENT_TIMEOUT_MS="300",
    )
    assert fast["status"] == 200
    assert_unavailable_page(slow)
    assert slow["seconds"] < 3


@pytest.mark.postgres
def test_workers_and_commands_are_not_cut_by_the_web_statement_timeout(postgres_url):
    """manage.py (migrate, load_demo, shell) and the Celery worker never load wsgi.py."""
    code = (
        "from django.db import connection\n"
        "from idm_portal.celery import app\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT pg_sleep(0.6)')\n"
        "print('finished')\n"
    )
    result = run_python(
        ["manage.py", "shell", "-c", code],
        **production_env(DATABASE_URL=postgres_url, DJANGO_DB_STATEMENT_TIMEOUT_MS="300"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "finished" in result.stdout


@pytest.mark.postgres
def test_a_connection_dropped_between_two_requests_does_not_break_the_next(postgres_url):
    first, dropped, second = probe(
        [{"get": "/en/"}, {"drop_connection": True}, {"get": "/en/"}],
        DATABASE_URL=postgres_url,
    )
    assert first["status"] == 200
    assert dropped["dropped"]
    assert second["status"] == 200, second["body"][:2000]


# --- Under gunicorn ----------------------------------------------------------------------------


@pytest.fixture
def gunicorn(postgres_url, tmp_path):
    """The portal under gunicorn (one sync worker, as in docker-compose.yml's web service) on
    this run's test database, its connections named so that the test can find them."""
    from tests.idm_portal.test_settings import BASE_DIR

    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    log = (tmp_path / "gunicorn.log").open("w")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    environment["DATABASE_URL"] = f"{postgres_url}?application_name={GUNICORN_APP}"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "idm_portal.wsgi", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)
    print((tmp_path / "gunicorn.log").read_text()[-3000:])  # shown when the test failed


GUNICORN_APP = "idm-drop-drill"


def gunicorn_backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s ORDER BY pid",
            [GUNICORN_APP],
        )
        return [pid for (pid,) in cursor.fetchall()]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.postgres
def test_under_gunicorn_a_connection_dropped_between_two_requests_does_not_break_the_next(
    gunicorn,
):
    assert fetch(f"{gunicorn}/en/") == 200
    # The worker keeps its connection between requests (CONN_MAX_AGE) ...
    [kept] = gunicorn_backends()
    assert fetch(f"{gunicorn}/en/") == 200
    assert gunicorn_backends() == [kept]

    # ... which PostgreSQL then drops (a restart, a failover, a proxy's idle timeout).
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [kept])
    deadline = time.monotonic() + 5
    while gunicorn_backends():
        assert time.monotonic() < deadline, "the backend did not end"
        time.sleep(0.05)

    # The next request checks the connection (CONN_HEALTH_CHECKS), opens a new one, answers.
    assert fetch(f"{gunicorn}/en/") == 200
    assert fetch(f"{gunicorn}/en/programme/") in (200, 404)
    [new] = gunicorn_backends()
    assert new != kept
