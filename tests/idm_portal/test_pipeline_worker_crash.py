"""A worker killed mid-render: the PDF is still made, once, within a minute.

Real services: PostgreSQL (the workers are other processes, they must see the test's rows)
and Redis. Each worker is `celery -A idm_portal worker` (prefork, one pool child) on a queue
of this file's own, started in a process group of its own so that a test can kill all of it.
It loads tests.idm_portal.slow_renderer, whose PDF takes a few seconds in the render child.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/pytest tests/idm_portal/test_pipeline_worker_crash.py
"""

import os
import signal
import sys
import time

import pytest
from django.conf import settings as django_settings

from idm_portal.files import services
from idm_portal.models import GeneratedFile
from tests.idm_portal.dead_services import broker
from tests.idm_portal.factories import UserFactory
from tests.idm_portal.slow_renderer import SLOW_PDF
from tests.idm_portal.test_pipeline_lease import is_alive
from tests.idm_portal.workers import (
    Celery,
    files_on_disk,
    forget_unacked_messages,
    rendering_started,
    wait_for,
)

REDIS_URL = os.environ.get("REDIS_URL", "")
QUEUE = "idm-test-worker-crash"
State = GeneratedFile.State

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis for the workers: set REDIS_URL"),
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the workers are other processes: set DATABASE_URL=postgres://...",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]


class Workers(Celery):
    def start(self, name: str):
        return super().start(name, include="tests.idm_portal.slow_renderer")


@pytest.fixture
def workers(tmp_path, settings):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(QUEUE)
    settings.GENERATED_FILES_QUEUE = QUEUE
    team = Workers(tmp_path, redis_url=REDIS_URL, queue=QUEUE, IDM_TEST_SLOW_RENDER_SECONDS="3")
    with broker(REDIS_URL):
        try:
            yield team
        finally:
            team.stop()
            client.delete(QUEUE)
            forget_unacked_messages(client, QUEUE)
    print(team.logs())  # shown by pytest when the test failed


def test_a_killed_pool_child_s_job_is_taken_over_by_its_redelivery(workers, settings):
    workers.start("crash1")
    row = services.request_file(UserFactory(), SLOW_PDF, "en")  # autocommit: sent now
    pool_child, render_child = wait_for(
        rendering_started(row), timeout=90, what="the worker to start rendering"
    )

    os.kill(pool_child, signal.SIGKILL)  # the worker's main process stays up

    # The renderer does not outlive the pool child that forked it.
    wait_for(lambda: not is_alive(render_child), timeout=5, what="the render child to die")
    # Celery requeues the message (acks_late, reject_on_worker_lost); no sweep runs here, so
    # only the redelivered task can make the file, and it must not answer "skipped".
    wait_for(
        lambda: row.refresh_from_db() or row.state in (State.DONE, State.FAILED),
        timeout=60,
        what="the redelivered task to make the PDF",
    )
    assert row.state == State.DONE, row.error
    assert row.attempts == 2
    assert files_on_disk(settings.MEDIA_ROOT) == [row.file.name]
    assert row.file.read().startswith(b"%PDF")
    # Once: the next sweeps send nothing more, and nothing else is ever stored.
    assert services.sweep() == 0
    time.sleep(2)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.DONE, 2)
    assert files_on_disk(settings.MEDIA_ROOT) == [row.file.name]


def test_a_job_of_a_killed_worker_is_done_within_a_minute_by_another(workers, settings):
    workers.start("crash1")
    row = services.request_file(UserFactory(), SLOW_PDF, "en")
    wait_for(rendering_started(row), timeout=90, what="the first worker to start rendering")

    # The whole worker dies (main process, pool child, renderer): its message stays
    # unacknowledged in Redis until the visibility timeout, an hour away.
    workers.kill_all_of("crash1")
    killed_at = time.monotonic()
    workers.start("crash2")

    # Celery beat sends the sweep every GENERATED_FILE_SWEEP_SECONDS; the test plays beat.
    next_sweep = killed_at + settings.GENERATED_FILE_SWEEP_SECONDS
    while row.state not in (State.DONE, State.FAILED):
        elapsed = time.monotonic() - killed_at
        assert elapsed < 60, f"{elapsed:.0f} s after the kill the PDF is still {row.state}"
        if time.monotonic() >= next_sweep:
            services.sweep()
            next_sweep += settings.GENERATED_FILE_SWEEP_SECONDS
        time.sleep(0.2)
        row.refresh_from_db()

    assert row.state == State.DONE, row.error
    assert row.attempts == 2
    assert files_on_disk(settings.MEDIA_ROOT) == [row.file.name]
    assert row.file.read().startswith(b"%PDF")
    # Once: the next sweeps send nothing more, and nothing else is ever stored.
    assert services.sweep() == 0
    time.sleep(2)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.DONE, 2)
    assert files_on_disk(settings.MEDIA_ROOT) == [row.file.name]
