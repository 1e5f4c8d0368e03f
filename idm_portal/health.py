"""`/healthz`: does this process reach its database, its cache and its Celery broker?

Answered by HealthCheckMiddleware, second of the middleware (after the request id): before host
validation, the HTTPS redirect, sessions, language, CSRF and page caching, so that an
orchestrator can ask over plain HTTP on the container's own address, without a login, and the
answer costs one query and two Redis PINGs (cache and broker), never a template. Each check
is bounded (the database by its connect timeout, each Redis by REDIS_SECONDS, with no retry),
so a dead or silent service makes a 503 quickly rather than a hung probe.

The body says each check's state and time and, for a failure, the error's class name only: an
error's text can hold a host, a user or a URL, and the endpoint is public.

    200 {"status": "ok", "checks": {"database": {"state": "ok", "ms": 0.4}, …}, "time": …}
    503 {"status": "failing", "failing": ["cache", "broker"], "checks": {…}, "time": …}
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpResponse

PATH = "/healthz"


def check_database() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


# The longest a probe waits on each Redis (cache, broker), whatever their own timeouts: with
# DJANGO_DB_CONNECT_TIMEOUT (5 s) a silent everything answers within compose's 10 s.
REDIS_SECONDS = 2.0


def check_cache() -> str:
    from django.conf import settings
    from django.core.cache import caches

    config = settings.CACHES["default"]
    if "redis" in config["BACKEND"].lower():
        # Redis itself, not idm_portal.cache's per-process stand-in, which would always answer.
        location = config["LOCATION"]
        url = location[0] if isinstance(location, list | tuple) else location.split(",")[0]
        options = config.get("OPTIONS", {})
        _redis_client(
            url,
            options.get("SOCKET_CONNECT_TIMEOUT") or REDIS_SECONDS,
            options.get("SOCKET_TIMEOUT") or REDIS_SECONDS,
        ).ping()
        return "redis"
    cache = caches["default"]
    key = "idm-healthz"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    return type(cache).__name__


def check_broker() -> str:
    from idm_portal.celery import app

    url = app.conf.broker_url or ""
    if url.startswith("memory://"):
        return "in-process"  # the embedded default: tasks run eagerly, there is no broker
    if url.startswith(("redis://", "rediss://")):
        # A PING on a kept connection: opening a kombu connection per probe costs ~20 ms.
        options = app.conf.broker_transport_options or {}
        _redis_client(
            url,
            options.get("socket_connect_timeout") or REDIS_SECONDS,
            options.get("socket_timeout") or REDIS_SECONDS,
        ).ping()
        return "redis"
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=0)
        return connection.transport.driver_type


@functools.lru_cache(maxsize=8)
def _redis_client(url: str, connect_timeout: float, timeout: float):
    """A kept client of the Redis at `url`, waiting at most REDIS_SECONDS, with no retry
    (redis-py retries a failed command up to ten times by default: a silent Redis would hold
    the probe far longer than its timeout)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=min(connect_timeout, REDIS_SECONDS),
        socket_timeout=min(timeout, REDIS_SECONDS),
        retry=Retry(NoBackoff(), 0),
    )


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


def run_checks() -> dict:
    checks = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            backend = check()
        except Exception as error:  # a health check reports every failure, it never raises
            result = {"state": "failing", "error": type(error).__name__}
        else:
            result = {"state": "ok", "backend": backend}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        checks[name] = result
    failing = [name for name, result in checks.items() if result["state"] != "ok"]
    report = {"status": "failing" if failing else "ok"}
    if failing:
        report["failing"] = failing
    report["checks"] = checks
    report["time"] = datetime.now(UTC).isoformat(timespec="seconds")
    return report


def healthz_response() -> HttpResponse:
    report = run_checks()
    response = HttpResponse(
        json.dumps(report),
        content_type="application/json",
        status=503 if report["status"] != "ok" else 200,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return healthz_response()
        return self.get_response(request)
