"""`/healthz`: does this process reach its database, its cache and its Celery broker?

Answered by HealthCheckMiddleware, second of the middleware (after the request id): before host
validation, the HTTPS redirect, sessions, language, CSRF and page caching, so that an
orchestrator can ask over plain HTTP on the container's own address, without a login, and the
answer costs one query, one Redis PING and one broker connection, never a template. Each check
is bounded by its service's own timeouts (the database's connect timeout, the cache's and the
broker's socket timeouts), so a dead service makes a 503 quickly rather than a hung probe.

The body says each check's state and time and, for a failure, the error's class name only: an
error's text can hold a host, a user or a URL, and the endpoint is public.

    200 {"status": "ok", "checks": {"database": {"state": "ok", "ms": 0.4}, …}, "time": …}
    503 {"status": "failing", "failing": ["cache", "broker"], "checks": {…}, "time": …}
"""

from __future__ import annotations

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


def check_cache() -> str:
    from django.core.cache import caches

    cache = caches["default"]
    client = getattr(cache, "client", None)
    if client is not None and hasattr(client, "get_client"):
        # Redis itself, not idm_portal.cache's per-process stand-in, which would always answer.
        client.get_client(write=True).ping()
        return "redis"
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
    with app.connection_for_write() as connection:
        # One attempt, bounded by the broker's connect and socket timeouts (settings); Redis's
        # transport sends a PING when it opens the channel.
        connection.ensure_connection(max_retries=0)
        return connection.transport.driver_type


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
