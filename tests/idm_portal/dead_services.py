"""Real services, dead or alive, for tests: a port where nothing listens, a port that takes
connections and never answers, Celery's broker
aimed at it or at a real Redis, and a redis-server of the test's own that it may kill."""

import contextlib
import shutil
import socket
import subprocess
import threading
import time

from idm_portal.celery import app as celery_app


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again on leaving: nothing listens


@contextlib.contextmanager
def silent_port():
    """The port of a TCP server that accepts every connection and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                held.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for client in held:
            client.close()
        server.close()


def _reset_broker_connections() -> None:
    from kombu import pools

    pools.reset()
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextlib.contextmanager
def dead_broker(url: str | None = None):
    """Tasks really sent (not eager) to a Redis broker where nothing listens."""
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = url or f"redis://127.0.0.1:{closed_port()}/0"
    celery_app.conf.task_always_eager = False
    _reset_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        _reset_broker_connections()


@contextlib.contextmanager
def broker(url: str):
    """Celery's broker aimed at `url` (eagerness left as the test set it)."""
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    _reset_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = previous
        _reset_broker_connections()


class RedisServer:
    """A redis-server of the test's own on a free port (never the shared one), which the test
    may kill and start again on the same port. No persistence, as a Redis restarted from
    nothing: whatever was queued in it before the kill is gone."""

    def __init__(self) -> None:
        self.port = closed_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def kill(self) -> None:
        """Stopped dead (SIGKILL), as a crashed or unplugged Redis."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait(timeout=10)


def has_redis_server() -> bool:
    return shutil.which("redis-server") is not None
