"""Structured logs: one JSON object per line, each with the request id of the request (or of the
task a request started) it was written for; the user's id, never an e-mail address; no
passport number, password or secret link in any line.

The lines are read as the portal writes them: through idm_portal.logs' formatter and filter,
and, for the worker, from a real `celery -A idm_portal worker` process's own output."""

import contextlib
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings

from idm_portal import logs, request_context
from idm_portal.models import OutboundEmail
from tests.idm_portal.factories import PASSWORD, UserFactory
from tests.idm_portal.test_settings import production_env, run_python

SIGNUP = "/en/accounts/signup/"
LOGIN = "/en/accounts/login/"
BASE_DIR = Path(__file__).resolve().parents[2]


class JsonLines:
    """What the portal's handler writes while the test runs, one parsed object per line."""

    def __init__(self, level: int) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(logs.JsonFormatter())
        self.handler.addFilter(logs.RequestContextFilter())
        self.level = level

    def __enter__(self):
        root = logging.getLogger()
        self.previous_level = root.level
        root.addHandler(self.handler)
        root.setLevel(self.level)
        return self

    def __exit__(self, *exc):
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.previous_level)

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def of(self, logger: str) -> list[dict]:
        return [line for line in self.lines() if line["logger"] == logger]


@pytest.fixture
def json_lines():
    with JsonLines(logging.INFO) as captured:
        yield captured


# --- The web request's line ----------------------------------------------------------------


@pytest.mark.django_db
def test_each_request_writes_one_json_line_with_its_id_status_path_and_time(client, json_lines):
    response = client.get("/en/", HTTP_X_REQUEST_ID="edge-7f3a.42")

    assert response["X-Request-ID"] == "edge-7f3a.42"
    [line] = json_lines.of("idm_portal.requests")
    assert line["request_id"] == "edge-7f3a.42"
    assert line["method"] == "GET" and line["path"] == "/en/" and line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["message"] == "GET /en/ 200"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert "user_id" not in line  # nobody signed in


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent",
    [None, "", "two words", "x" * 65, "<script>alert(1)</script>", "id\nforged: line", "ü-id"],
)
def test_a_missing_or_insane_request_id_is_replaced_by_a_new_one(client, json_lines, sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = client.get("/en/", **headers)

    made = response["X-Request-ID"]
    assert made != sent and re.fullmatch(r"[0-9a-f]{32}", made)
    [line] = json_lines.of("idm_portal.requests")
    assert line["request_id"] == made


@pytest.mark.django_db
def test_two_requests_get_two_ids(client):
    assert client.get("/en/")["X-Request-ID"] != client.get("/en/")["X-Request-ID"]


@pytest.mark.django_db
def test_a_signed_in_user_is_named_by_id_never_by_e_mail(client, json_lines):
    user = UserFactory(email="dina.private@example.org", verified=True)
    client.force_login(user)
    client.get("/en/my-registrations/")

    [line] = json_lines.of("idm_portal.requests")
    assert line["user_id"] == user.pk
    assert "dina.private" not in json_lines.text


@pytest.mark.django_db
def test_secret_parts_of_a_url_are_not_logged(client, json_lines):
    client.get("/en/accounts/password/reset/key/1z-secret-reset-key-4242/")
    client.get("/en/invitations/secret-invitation-token-4242/")

    paths = [line["path"] for line in json_lines.of("idm_portal.requests")]
    assert paths == [
        "/en/accounts/password/reset/key/<uidb36>-<key>/",
        "/en/invitations/<token>/",
    ]
    assert "4242" not in json_lines.text


# --- Passwords and passport numbers never reach a line --------------------------------------


@pytest.mark.django_db
def test_no_password_nor_passport_number_reaches_the_logs_even_at_debug(client, settings):
    from tests.registrations.factories import DelegateProfileFactory
    from tests.registrations.test_profile import PASSPORT, url, with_passport

    settings.DEBUG = True  # as in the embedded default, where Django logs the most
    profile = DelegateProfileFactory()
    with JsonLines(logging.DEBUG) as captured:
        client.post(LOGIN, {"login": profile.user.email, "password": "wrong-" + PASSWORD})
        client.post(LOGIN, {"login": profile.user.email, "password": PASSWORD})
        client.post(url(), with_passport(profile))
        client.post(url(), with_passport(profile, passport_expiry="2001-01-01"))
        client.get(url())

    profile.refresh_from_db()
    assert profile.passport_number == PASSPORT  # the details were saved
    assert len(captured.of("idm_portal.requests")) == 5
    assert PASSWORD not in captured.text
    assert PASSPORT not in captured.text
    assert "1975-06-14" not in captured.text


# --- Production writes JSON, the embedded default readable lines ----------------------------


LOG_ONE_LINE = (
    "import django, logging; django.setup(); "
    "logging.getLogger('idm_portal.probe').warning('one line %s', 42)"
)


def test_production_logs_one_json_object_per_line():
    result = run_python(["-c", LOG_ONE_LINE], **production_env())
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(text) for text in result.stderr.splitlines()]
    assert line["level"] == "WARNING" and line["logger"] == "idm_portal.probe"
    assert line["message"] == "one line 42"


def test_the_embedded_default_logs_readable_lines():
    result = run_python(["-c", LOG_ONE_LINE])
    assert result.returncode == 0, result.stderr
    assert "WARNING idm_portal.probe [None] one line 42" in result.stderr
    assert not result.stderr.lstrip().startswith("{")


def test_an_unknown_log_format_stops_the_start_naming_the_variable():
    result = run_python(["-c", LOG_ONE_LINE], DJANGO_LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be one of json, console" in result.stderr


# --- Into the Celery tasks a request starts -------------------------------------------------


def sign_up(client, request_id: str) -> str:
    """Signs a new address up; the address (new each time: allauth sends one confirmation per
    address in three minutes, counted in the shared cache)."""
    email = f"new.delegate.{uuid.uuid4().hex[:12]}@example.org"
    response = client.post(
        SIGNUP,
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        HTTP_X_REQUEST_ID=request_id,
    )
    assert response.status_code == 302
    return email


@pytest.mark.django_db
def test_an_e_mail_task_run_in_process_logs_the_request_s_id(
    client, django_capture_on_commit_callbacks
):
    """In-process (no worker) the task's line is DEBUG: the request's own line covers it."""
    with JsonLines(logging.DEBUG) as json_lines, django_capture_on_commit_callbacks(execute=True):
        address = sign_up(client, "signup-eager-1")

    email = OutboundEmail.objects.get(to=address)
    assert email.status == OutboundEmail.Status.SENT
    [task_line] = [
        line
        for line in json_lines.of("idm_portal.tasks")
        if line["task"] == "idm_portal.tasks.send_outbound_email"
    ]
    assert task_line["request_id"] == "signup-eager-1"
    assert task_line["state"] == "SUCCESS" and task_line["level"] == "DEBUG"


def test_a_task_outside_any_request_gets_an_id_of_its_own(json_lines):
    from idm_portal.celery import app

    @app.task(name="tests.idm_portal.test_logs.lonely")
    def lonely():
        logging.getLogger("idm_portal.probe").info("inside")

    request_context._request_id.set(None)
    lonely.apply()
    inside = [line for line in json_lines.lines() if line["message"] == "inside"]
    assert re.fullmatch(r"[0-9a-f]{32}", inside[0]["request_id"])


REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
QUEUE = "idm-test-request-id"


@pytest.fixture
def json_worker(tmp_path, settings):
    """`celery -A idm_portal worker` in a process of its own, writing JSON lines to a file, on
    this test's queue, where the sign-up's e-mail task is routed."""
    import redis

    from idm_portal.celery import app as celery_app
    from tests.idm_portal.dead_services import broker

    database = django_settings.DATABASES["default"]["NAME"]
    env = {
        **os.environ,
        "DATABASE_URL": urlsplit(DATABASE_URL)._replace(path=f"/{database}").geturl(),
        "REDIS_URL": REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_LOG_FORMAT": "json",
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
    }
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(QUEUE)
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "idm_portal", "worker", "--pool", "solo"]
        + ["--queues", QUEUE, "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    previous_routes = celery_app.conf.task_routes
    celery_app.conf.task_routes = {"idm_portal.tasks.send_outbound_email": {"queue": QUEUE}}
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)
    try:
        with broker(REDIS_URL):
            yield log
    finally:
        celery_app.conf.task_routes = previous_routes
        celery_app.amqp.flush_routes()
        celery_app.amqp.__dict__.pop("router", None)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        client.delete(QUEUE)
        print(log.read_text()[-3000:])  # shown by pytest when the test failed


def json_lines_of(path: Path) -> list[dict]:
    found = []
    for text in path.read_text().splitlines():
        with contextlib.suppress(ValueError):
            found.append(json.loads(text))
    return [line for line in found if isinstance(line, dict)]


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis for the worker: set REDIS_URL")
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="the worker is another process: set DATABASE_URL=postgres://...",
)
def test_a_real_worker_s_line_for_the_request_s_e_mail_carries_the_request_s_id(
    client, json_worker
):
    address = sign_up(client, "signup-worker-7")

    deadline = time.monotonic() + 60
    while True:
        done = [
            line
            for line in json_lines_of(json_worker)
            if line.get("logger") == "idm_portal.tasks"
            and line.get("task") == "idm_portal.tasks.send_outbound_email"
        ]
        if done:
            break
        assert time.monotonic() < deadline, "the worker wrote no line for the e-mail task"
        time.sleep(0.2)

    assert done[0]["request_id"] == "signup-worker-7"
    assert done[0]["state"] == "SUCCESS"
    assert OutboundEmail.objects.get(to=address).status == "sent"
    assert PASSWORD not in json_worker.read_text()
