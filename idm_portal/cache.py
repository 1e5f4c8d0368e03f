"""The Redis cache, with a per-process stand-in while Redis is down.

django-redis with IGNORE_EXCEPTIONS answers every call with "nothing" when Redis is down. For
allauth's rate limits that means refusing everyone: they take a lock with ``cache.add()``,
which then never succeeds, so every login, sign-up and password reset answered 429 after a
second of waiting. Here a connection error sends the call to a local memory cache instead, so
rate limits keep working per process (looser across processes, never refusing everyone). After
a failure Redis is left alone for FALLBACK_RETRY_SECONDS, so a down Redis costs one failed
connection per process per window, not one per call; one WARNING says the cache is down and
one INFO line says it is back.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_RETRY_SECONDS = 30


class _Outages:
    """Per process (the cache handler makes one backend per thread): since when each Redis
    location is down, and when to try it again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._retry_at: dict[str, float] = {}

    def is_down(self, location: str) -> bool:
        retry_at = self._retry_at.get(location)
        return retry_at is not None and time.monotonic() < retry_at

    def failed(self, location: str, retry_seconds: float, error: BaseException) -> None:
        with self._lock:
            first = location not in self._retry_at
            self._retry_at[location] = time.monotonic() + retry_seconds
        if first:
            logger.warning(
                "Cache down (%s: %s): using a per-process cache until Redis answers again; "
                "rate limits now count per process.",
                type(error).__name__,
                error,
            )

    def succeeded(self, location: str) -> None:
        if location in self._retry_at:
            with self._lock:
                was_down = self._retry_at.pop(location, None) is not None
            if was_down:
                logger.info("Cache back: Redis answers again.")

    def reset(self) -> None:
        with self._lock:
            self._retry_at.clear()


outages = _Outages()


def _with_fallback(name: str):
    def method(self, *args, **kwargs):
        if outages.is_down(self._location):
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(RedisCache, name)(self, *args, **kwargs)
        except OUTAGE_ERRORS as error:
            outages.failed(self._location, self._retry_seconds, error)
            return getattr(self._fallback, name)(*args, **kwargs)
        outages.succeeded(self._location)
        return result

    method.__name__ = name
    return method


class FallbackRedisCache(RedisCache):
    """django-redis's cache that, on a connection error, answers from a local memory cache.

    OPTIONS: those of django-redis, plus FALLBACK_RETRY_SECONDS (default 30) and
    FALLBACK_MAX_ENTRIES (default 10000). IGNORE_EXCEPTIONS is not needed and is ignored."""

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        options = params.get("OPTIONS", {})
        # Errors must reach _with_fallback rather than be swallowed into "no value".
        self._ignore_exceptions = False
        self._location = server
        self._retry_seconds = float(options.get("FALLBACK_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        fallback_params = {
            key: params[key]
            for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
            if key in params
        }
        fallback_params["OPTIONS"] = {"MAX_ENTRIES": options.get("FALLBACK_MAX_ENTRIES", 10000)}
        # LocMemCache instances of one name share their store: one per process and location.
        self._fallback = LocMemCache(f"idm-fallback:{server}", fallback_params)

    def is_down(self) -> bool:
        """Whether calls now go to the per-process stand-in (the kept pages skip it)."""
        return outages.is_down(self._location)

    get = _with_fallback("get")
    get_many = _with_fallback("get_many")
    set = _with_fallback("set")
    set_many = _with_fallback("set_many")
    add = _with_fallback("add")
    delete = _with_fallback("delete")
    delete_many = _with_fallback("delete_many")
    has_key = _with_fallback("has_key")
    incr = _with_fallback("incr")
    decr = _with_fallback("decr")
    touch = _with_fallback("touch")
    clear = _with_fallback("clear")
