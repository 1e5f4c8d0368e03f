"""PostgreSQL drops a Celery worker's connections while it works (a restart, a failover): an
e-mail the SMTP server accepted is still recorded as sent, so the sweep never sends it a second
time, and a PDF written meanwhile is still recorded at the first try, so it is made once and no
orphan file stays on disk.

Real services: a `celery -A idm_portal worker` on the test's PostgreSQL database and on Redis
(REDIS_URL, a queue of this file's own); the test terminates the worker's database connections
(pg_terminate_backend; they carry an application_name so that it finds them), for the e-mail
from the SMTP server's side as it receives the message, before it answers.
"""

import os

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection

from idm_portal.celery import app as celery_app
from idm_portal.files import services
from idm_portal.models import GeneratedFile, OutboundEmail
from idm_portal.queue import outbox
from tests.idm_portal.dead_services import broker
from tests.idm_portal.factories import UserFactory
from tests.idm_portal.slow_renderer import SLOW_PDF
from tests.idm_portal.smtp_sink import SmtpSink
from tests.idm_portal.workers import (
    Celery,
    files_on_disk,
    forget_unacked_messages,
    rendering_started,
    wait_for,
    workers_database_url,
)

REDIS_URL = os.environ.get("REDIS_URL", "")
QUEUE = "idm-test-worker-database-drop"
APPLICATION = "idm-worker-drop-drill"
State = GeneratedFile.State

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis for the worker: set REDIS_URL"),
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the worker is another process: set DATABASE_URL=postgres://...",
    ),
]


def terminate_the_workers_connections(_message) -> None:
    """From the SMTP server's thread, on a connection of its own."""
    killer = psycopg2.connect(**connection.get_connection_params())
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [APPLICATION],
        )
        terminated.extend(cursor.fetchall())
    killer.close()


terminated: list = []


@pytest.fixture
def worker(tmp_path):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(QUEUE)
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = QUEUE  # the e-mails' task goes to the default queue
    with SmtpSink() as smtp, broker(REDIS_URL):
        celery = Celery(
            tmp_path,
            redis_url=REDIS_URL,
            queue=QUEUE,
            DATABASE_URL=f"{workers_database_url()}?application_name={APPLICATION}",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            EMAIL_USE_TLS="0",
            IDM_TEST_SLOW_RENDER_SECONDS="3",
        )
        try:
            celery.start("worker", include="tests.idm_portal.slow_renderer")
            celery.wait_until_ready("worker")
            yield smtp
        finally:
            celery.stop()
            celery_app.conf.task_default_queue = previous
            client.delete(QUEUE)
            forget_unacked_messages(client, QUEUE)
            print(celery.logs())  # shown by pytest when the test failed


def status_of(email: OutboundEmail) -> str:
    email.refresh_from_db()
    return email.status


def test_an_email_sent_as_the_workers_connection_drops_is_marked_sent_and_never_sent_again(
    worker,
):
    smtp = worker
    terminated.clear()
    smtp.on_message = terminate_the_workers_connections
    first = outbox.queue_email(to="first@example.org", subject="First", text="Text")  # on commit
    wait_for(
        lambda: status_of(first) in (OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED),
        timeout=30,  # left `sending`, the sweep would send it again in 15 minutes
        what="the first e-mail to be marked sent",
    )
    assert terminated, "the worker had no connection to drop"
    assert (first.status, first.attempts, first.error) == (OutboundEmail.Status.SENT, 1, "")

    smtp.on_message = None
    second = outbox.queue_email(to="second@example.org", subject="Second", text="Text")
    wait_for(lambda: status_of(second) == OutboundEmail.Status.SENT, timeout=15, what="the second")
    # Each once: the sweep finds nothing left to send.
    assert outbox.sweep() == 0
    assert smtp.recipients() == ["first@example.org", "second@example.org"]


def test_a_pdf_whose_workers_connections_drop_while_it_renders_is_stored_once(worker, settings):
    """The pool child's connection (which then stores the file) and the lease keeper's are
    dropped mid-render: the file is still recorded at the first try, and only it is on disk."""
    settings.GENERATED_FILES_QUEUE = QUEUE
    row = services.request_file(UserFactory(), SLOW_PDF, "en")  # autocommit: sent now
    wait_for(rendering_started(row), timeout=90, what="the rendering")
    terminated.clear()
    terminate_the_workers_connections(None)
    assert terminated, "the worker had no connection to drop"

    wait_for(
        lambda: row.refresh_from_db() or row.state in (State.DONE, State.FAILED),
        timeout=60,
        what="the PDF",
    )
    assert (row.state, row.attempts, row.error) == (State.DONE, 1, "")
    assert files_on_disk(settings.MEDIA_ROOT) == [row.file.name]
    assert row.file.read().startswith(b"%PDF")
