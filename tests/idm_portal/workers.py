"""Real Celery processes for the fault drills: workers (and beat) started as
`celery -A idm_portal …` against the test database and media folder, each in a process group of
its own so that a test can kill all of it. Used by test_pipeline_worker_crash.py,
test_redis_stopped.py and test_media_unwritable.py."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings

from idm_portal.models import GeneratedFile

BASE_DIR = Path(__file__).resolve().parents[2]


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


def files_on_disk(media_root) -> list[str]:
    root = Path(media_root)
    return sorted(str(p.relative_to(root)) for p in (root / "generated").rglob("*") if p.is_file())


def workers_database_url() -> str:
    """DATABASE_URL aimed at this run's test database (pytest-django's `test_…`)."""
    database = django_settings.DATABASES["default"]["NAME"]
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database}").geturl()


def rendering_started(row):
    """The row is running under a lease, and its holder (a pool child) has a render child."""

    def check():
        row.refresh_from_db()
        if row.state != GeneratedFile.State.RUNNING or not row.lease_holder:
            return None
        pool_child = int(row.lease_holder.split(":")[1])
        render_children = children_of(pool_child)
        return (pool_child, render_children[0]) if render_children else None

    return check


class Celery:
    """Starts workers and beat against the test database and media folder; kills them all at
    the end. `env` adds to (or overrides) the processes' environment."""

    def __init__(self, tmp_path: Path, *, redis_url: str, queue: str | None = None, **env) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": workers_database_url(),
            "REDIS_URL": redis_url,
            "DJANGO_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            **({"CELERY_TASK_DEFAULT_QUEUE": queue} if queue else {}),
            **env,
        }
        self.queue = queue
        self.tmp_path = tmp_path
        self.processes: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        (self.tmp_path / f"{name}.log").touch()
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "idm_portal", *arguments],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg takes the whole worker
        )
        # Its output through a pipe that this process copies to the log file: a worker whose
        # file writes a test makes fail (test_media_unwritable.py) can still log.
        threading.Thread(
            target=_copy_lines, args=(process.stdout, self.tmp_path / f"{name}.log"), daemon=True
        ).start()
        self.processes[name] = process
        return process

    def start(self, name: str, *, include: str = "") -> subprocess.Popen:
        """A worker: prefork, one pool child, on this test's queue (else the default one)."""
        return self._start(
            name,
            ["worker", "--pool", "prefork", "--concurrency", "1"]
            + (["--queues", self.queue] if self.queue else [])
            + ["--hostname", f"{name}@%h"]
            + (["--include", include] if include else [])
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
            + ["--loglevel", "INFO"],
        )

    def start_beat(self, name: str = "beat") -> subprocess.Popen:
        """Celery beat with the portal's schedule (settings.CELERY_BEAT_SCHEDULE)."""
        schedule = self.tmp_path / "beat-schedule"
        return self._start(name, ["beat", "--schedule", str(schedule), "--loglevel", "INFO"])

    def wait_until_ready(self, name: str, *, timeout: float = 90) -> None:
        log = self.tmp_path / f"{name}.log"
        wait_for(
            lambda: "ready." in log.read_text() or self.processes[name].poll() is not None,
            timeout=timeout,
            what=f"the worker {name} to be ready",
        )
        assert self.processes[name].poll() is None, self.logs()

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


def _copy_lines(source, path: Path) -> None:
    with path.open("ab") as log:
        for line in source:
            log.write(line)
            log.flush()


def forget_unacked_messages(client, queue: str) -> None:
    """A killed worker's message waits in Redis's `unacked` hash for the visibility timeout
    (an hour); drop `queue`'s ones so that no later run meets them."""
    for tag, raw in client.hgetall("unacked").items():
        with contextlib.suppress(ValueError, IndexError, TypeError):
            if json.loads(raw)[2] == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
