"""Real services, dead or alive, for tests: a port where nothing listens, and Celery's broker
aimed at it or at a real Redis."""

import contextlib
import socket

from idm_portal.celery import app as celery_app


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again on leaving: nothing listens


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
