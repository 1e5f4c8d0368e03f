"""/healthz: what docker compose (and any orchestrator) asks each web container.

200 with every check's state and time while the database, the cache and the broker answer;
503 naming what fails, quickly, when one does. It answers whatever Host header and scheme the
probe uses, without a login, a session or a template, and is never cached.

The services are real: the configured database, Redis (REDIS_URL) or a redis-server of the
test's own that it stops, a port where nothing listens, PostgreSQL behind a closed port."""

import json
import shutil
import socket
import subprocess
import time

import pytest

from idm_portal import health
from idm_portal import settings as portal_settings
from idm_portal.cache import outages
from tests.idm_portal.dead_services import broker, closed_port, silent_port
from tests.idm_portal.test_settings import production_env, run_python

pytestmark = pytest.mark.django_db

HEALTHZ = "/healthz"
# A dead Redis (refused) or PostgreSQL (refused) is answered well within this.
ANSWERS_WITHIN_SECONDS = 3.0


def get(client, **headers):
    started = time.monotonic()
    response = client.get(HEALTHZ, **headers)
    return response, json.loads(response.content), time.monotonic() - started


def use_cache_at(settings, url: str) -> None:
    settings.CACHES = portal_settings.redis_caches(url)
    outages.reset()


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, on a free port: the test may stop it."""
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (Debian: redis-server) to stop a real Redis")
    port = closed_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"]
        + ["--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    process.kill()
    process.wait(timeout=10)
    outages.reset()


def test_every_service_answering_gives_200_with_each_check_s_state_and_time(client):
    response, body, _seconds = get(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    for check in body["checks"].values():
        assert check["state"] == "ok"
        assert isinstance(check["ms"], int | float) and check["ms"] >= 0
    assert body["time"].endswith("+00:00")


def test_healthz_is_never_cached_and_costs_no_session_nor_cookie(client, django_assert_num_queries):
    client.cookies["sessionid"] = "0123456789abcdefghijklmnopqrstuv"
    with django_assert_num_queries(1):  # the database check itself; no session, no user
        response, _body, _seconds = get(client)
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Vary" not in response


def test_healthz_answers_a_probe_on_the_container_s_address_over_plain_http(client, settings):
    """docker compose asks http://127.0.0.1:8000/healthz: no allowed host, no TLS proxy."""
    settings.ALLOWED_HOSTS = ["idm.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    response, body, _seconds = get(client, HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200, response.content
    assert body["status"] == "ok"
    # Every other address still refuses that Host.
    assert client.get("/en/", HTTP_HOST="127.0.0.1:8000").status_code == 400


def test_healthz_needs_no_login_and_says_nothing_secret(client, settings):
    settings.SECRET_KEY = "a-secret-key-that-must-never-be-shown-" + "x" * 20
    response, _body, _seconds = get(client)
    text = response.content.decode()
    assert response.status_code == 200
    assert settings.SECRET_KEY not in text
    for secretish in ("password", "redis://", "postgres://", "@"):
        assert secretish not in text


def test_redis_down_gives_503_naming_the_cache_and_the_broker_quickly(client, settings):
    dead = f"redis://127.0.0.1:{closed_port()}/0"
    use_cache_at(settings, dead)
    with broker(dead):
        response, body, seconds = get(client)
    outages.reset()

    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["failing"] == ["cache", "broker"]
    assert body["checks"]["database"]["state"] == "ok"
    assert body["checks"]["cache"]["error"]  # the error's kind, not its text
    assert seconds < ANSWERS_WITHIN_SECONDS


def test_a_real_redis_stopped_turns_healthz_503_and_started_again_200(client, settings, own_redis):
    process, url = own_redis
    use_cache_at(settings, url)
    with broker(url):
        before, _body, _seconds = get(client)
        process.kill()
        process.wait(timeout=10)
        # The portal's own cache calls fall back to a per-process cache while Redis is down;
        # /healthz still says so, rather than the stand-in's "fine".
        from django.core.cache import cache

        cache.set("anything", 1)
        during, body, seconds = get(client)

    assert before.status_code == 200
    assert during.status_code == 503
    assert set(body["failing"]) == {"cache", "broker"}
    assert seconds < ANSWERS_WITHIN_SECONDS


@pytest.fixture
def silent_redis():
    """A Redis URL whose server accepts every connection and never says a word."""
    with silent_port() as port:
        yield f"redis://127.0.0.1:{port}/0"
    outages.reset()


def test_a_silent_redis_gives_503_within_the_probe_s_bound(client, settings, silent_redis):
    """Connected, then no answer: each Redis check waits REDIS_SECONDS at most, no retries."""
    use_cache_at(settings, silent_redis)
    with broker(silent_redis):
        response, body, seconds = get(client)

    assert response.status_code == 503
    assert body["failing"] == ["cache", "broker"]
    assert seconds < 2 * health.REDIS_SECONDS + 1.5


# --- The database down: the real WSGI application in a process of its own -----------------


def probe(path: str, **env: str) -> dict:
    plan = json.dumps({"steps": [{"get": path}], "urlconf": None})
    environment = production_env(
        DJANGO_ALLOWED_HOSTS="testserver", DJANGO_SECURE_SSL_REDIRECT="0", **env
    )
    result = run_python(["-m", "tests.idm_portal.wsgi_probe", plan], **environment)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])[0]


def test_database_down_gives_503_naming_the_database_within_the_connect_timeout():
    port = closed_port()
    answer = probe(
        HEALTHZ,
        DATABASE_URL=f"postgres://idm:a-database-password@127.0.0.1:{port}/idm",
        DJANGO_DB_CONNECT_TIMEOUT="2",
    )
    body = json.loads(answer["body"])

    assert answer["status"] == 503
    assert body["failing"] == ["database"]
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert "a-database-password" not in answer["body"] and str(port) not in answer["body"]
    assert answer["seconds"] < 2 + 1.5
