"""A worker killed mid-render: the PDF is still made, once, within a minute.

Real services: PostgreSQL (the workers are other processes, they must see the test's rows)
and Redis. Each worker is `celery -A idm_portal worker` (prefork, one pool child) on a queue
of this file's own, started in a process group of its own so that a test can kill all of it.
It loads tests.idm_portal.slow_renderer, whose PDF takes a few seconds in the render child.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/pytest tests/idm_portal/test_pipeline_worker_crash.py
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings

from idm_portal.files import services
from idm_portal.models import GeneratedFile
from tests.idm_portal.dead_services import broker
from tests.idm_portal.factories import UserFactory
from tests.idm_portal.slow_renderer import SLOW_PDF
from tests.idm_portal.test_pipeline_lease import is_alive

REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
QUEUE = "idm-test-worker-crash"
BASE_DIR = Path(__file__).resolve().parents[2]
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


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                found.append(int(stat.parent.name))
    return found


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"waited {timeout:g} s for {what}"
        time.sleep(0.05)
    return value


class Workers:
    """Starts workers against the test database and media folder; kills them all at the end."""

    def __init__(self, tmp_path: Path, media_root: Path) -> None:
        database = django_settings.DATABASES["default"]["NAME"]
        self.env = {
            **os.environ,
            "DATABASE_URL": urlsplit(DATABASE_URL)._replace(path=f"/{database}").geturl(),
            "REDIS_URL": REDIS_URL,
            "DJANGO_MEDIA_ROOT": str(media_root),
            "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
            "IDM_TEST_SLOW_RENDER_SECONDS": "3",
        }
        self.tmp_path = tmp_path
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "idm_portal", "worker"]
            + ["--pool", "prefork", "--concurrency", "1", "--queues", QUEUE]
            + ["--hostname", f"{name}@%h", "--include", "tests.idm_portal.slow_renderer"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
            + ["--loglevel", "INFO"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg takes the whole worker
        )
        self.processes[name] = process
        return process

    def kill_all_of(self, name: str) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=30)

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.tmp_path.glob("*.log")
        )

    def stop(self) -> None:
        for name in self.processes:
            self.kill_all_of(name)


@pytest.fixture
def workers(tmp_path, settings):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(QUEUE)
    settings.GENERATED_FILES_QUEUE = QUEUE
    team = Workers(tmp_path, Path(settings.MEDIA_ROOT))
    with broker(REDIS_URL):
        try:
            yield team
        finally:
            team.stop()
            client.delete(QUEUE)
            _forget_unacked_messages(client)
    print(team.logs())  # shown by pytest when the test failed


def _forget_unacked_messages(client) -> None:
    """A killed worker's message waits in Redis's `unacked` hash for the visibility timeout
    (an hour); drop this test queue's ones so that no later run meets them."""
    for tag, raw in client.hgetall("unacked").items():
        with contextlib.suppress(ValueError, IndexError, TypeError):
            if json.loads(raw)[2] == QUEUE:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


def rendering_started(row):
    """The row is running under a lease, and its holder (a pool child) has a render child."""

    def check():
        row.refresh_from_db()
        if row.state != State.RUNNING or not row.lease_holder:
            return None
        pool_child = int(row.lease_holder.split(":")[1])
        render_children = children_of(pool_child)
        return (pool_child, render_children[0]) if render_children else None

    return check


def files_on_disk(media_root) -> list[str]:
    root = Path(media_root)
    return sorted(str(p.relative_to(root)) for p in (root / "generated").rglob("*") if p.is_file())


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


def test_a_job_of_a_killed_worker_is_done_within_a_minute_by_another(workers, settings):
    workers.start("crash1")
    row = services.request_file(UserFactory(), SLOW_PDF, "en")
    wait_for(rendering_started(row), timeout=90, what="the first worker to start rendering")

    # The whole worker dies (main process, pool child, renderer): its message stays
    # unacknowledged in Redis until the visibility timeout, an hour away.
    workers.kill_all_of("crash1")
    second_worker_started = time.monotonic()
    workers.start("crash2")

    # Celery beat sends the sweep every GENERATED_FILE_SWEEP_SECONDS; the test plays beat.
    next_sweep = second_worker_started + settings.GENERATED_FILE_SWEEP_SECONDS
    while row.state not in (State.DONE, State.FAILED):
        elapsed = time.monotonic() - second_worker_started
        assert elapsed < 60, f"after {elapsed:.0f} s the PDF is still {row.state}"
        if time.monotonic() >= next_sweep:
            services.sweep()
            next_sweep += settings.GENERATED_FILE_SWEEP_SECONDS
        time.sleep(0.2)
        row.refresh_from_db()

    assert row.state == State.DONE, row.error
    assert row.attempts == 2
    assert files_on_disk(settings.MEDIA_ROOT) == [row.file.name]
    assert row.file.read().startswith(b"%PDF")
