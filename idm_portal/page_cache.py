"""Whole public pages kept for anonymous visitors: every anonymous visitor of a page, in one
language, on one day, gets the same page, so it is rendered once and served from the cache.

What is kept where:
  * the store is the default cache: Redis in production (REDIS_URL, shared by every process,
    one round trip per page), local memory in the embedded default;
  * an entry is (version, body) under a key of the host, path, language and the key parts apps
    register (:func:`register_key_part`: workshops adds today's date, so that a page whose
    registration closes at midnight is never yesterday's);
  * the version is one random token in the cache. Saving or deleting a row of a model apps
    :func:`watch` (the programme, workshops, agenda, key dates, documents, funding,
    registrations, sponsorships...) draws a new one, at once and again on commit: a page
    rendered from data that a transaction is still changing is stored under the version the
    commit makes stale. Writes that bypass signals (``queryset.update()``) call :func:`bump`.
    Entries are never deleted one by one: a stale entry just never matches the version.

Never one visitor's page to another (:func:`is_shared`): only a GET without a query string,
a session cookie (so no user, menu or message kept in the session) or a message cookie is
served from or stored in the cache; a response is kept only when it is a 200 HTML page that
set no cookie but the CSRF one, queued no message, changed no session and used no CSP nonce.
The CSRF token of its forms (the language switcher) is kept as :data:`CSRF_PLACEHOLDER` and
each visitor gets its own token in place of it. While Redis is down (idm_portal.cache's
per-process stand-in answers), nothing is kept or served: a version drawn in one process would
not reach the others. A bump made during an outage is made again once Redis answers.

Headers: every page through :func:`shared_page` says ``Cache-Control: max-age=0, private``
and ``Vary: Cookie, Accept-Language``: it holds the visitor's own CSRF token and sets its
cookie, so no shared cache (a CDN, a proxy) may store it; the portal's own cache is the one.

How to use: decorate the view with :func:`shared_page`, and :func:`watch` in the app's
``AppConfig.ready()`` every model the page shows.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

ALIAS = "default"
VERSION_KEY = "page-cache:version"
# A backstop only: a kept page is dropped after this long even if nothing bumped the version.
PAGE_SECONDS = 600
CSRF_PLACEHOLDER = "kept-page-csrf-token-placeholder"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_key_parts: dict[str, Callable[[], object]] = {}
_missed_bump = False


def store():
    return caches[ALIAS]


def _is_down(cache) -> bool:
    """Whether the cache answers from its per-process stand-in (idm_portal.cache)."""
    is_down = getattr(cache, "is_down", None)
    return bool(is_down and is_down())


# --- hooks ------------------------------------------------------------------------------------


def register_key_part(name: str, part: Callable[[], object]) -> None:
    """Something besides the path and language a page depends on (today's date)."""
    _key_parts[name] = part


def watch(*models, uid: str = "page_cache") -> None:
    """Any save or delete of these models' rows makes every kept page stale."""
    for model in models:
        label = f"{uid}:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{label}:save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{label}:delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{label}:{field.name}",
                weak=False,
            )


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    bump_on_commit()


# --- the version ------------------------------------------------------------------------------


def bump() -> None:
    """A new version: every page kept until now is stale."""
    global _missed_bump
    cache = store()
    cache.set(VERSION_KEY, secrets.token_hex(8), None)
    _missed_bump = _is_down(cache)


def bump_on_commit() -> None:
    """Bump now (so that this transaction's own later reads are not served stale pages) and
    again when the transaction commits (a page rendered meanwhile from the data it was still
    changing is then stale too). Outside a transaction, on_commit runs at once."""
    bump()
    transaction.on_commit(bump)


def _current_version(cache, version) -> str:
    if version is None:  # never drawn, evicted or flushed: draw one; the first writer wins
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    return version


# --- requests and responses -------------------------------------------------------------------


def is_shared(request: HttpRequest) -> bool:
    """Whether `request` gets the page every anonymous visitor gets (see the module)."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def page_key(request: HttpRequest, kind: str = "page") -> str:
    parts = [request.get_host(), request.path, get_language()]
    parts += [f"{name}={part()}" for name, part in sorted(_key_parts.items())]
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16)
    return f"{kind}:{digest.hexdigest()}"


def page_response(request: HttpRequest, body: str, content_type: str | None = None) -> HttpResponse:
    """The kept page with the visitor's own CSRF token (which also sets its cookie)."""
    response = HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request)), content_type)
    return private(response)


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, max_age=0, private=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def keepable_body(request: HttpRequest, response: HttpResponse) -> str | None:
    """The page as every visitor may get it, or None when this response is this visitor's."""
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or response.has_header("Cache-Control")
        or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)
        or getattr(getattr(request, "session", None), "modified", False)
        or getattr(getattr(request, "_messages", None), "_queued_messages", None)
        or isinstance(getattr(request, "_csp_nonce", None), str)
    ):
        return None
    body = response.content.decode(response.charset)
    for token in set(_CSRF_INPUT.findall(body)):
        body = body.replace(token, CSRF_PLACEHOLDER)
    secret = request.META.get("CSRF_COOKIE")
    if secret and secret in body:
        return None
    return body


def shared_page(view):
    """Serve `view`'s page to anonymous visitors from the cache (see the module)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        cache = store()
        if _missed_bump and not _is_down(cache):
            bump()
        if not is_shared(request) or _is_down(cache):
            return private(view(request, *args, **kwargs))
        key = page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = _current_version(cache, found.get(VERSION_KEY))
        kept = found.get(key)
        if kept is not None and kept[0] == version:
            return page_response(request, kept[2], kept[1])
        response = view(request, *args, **kwargs)
        body = keepable_body(request, response)
        if body is not None and version is not None and not _is_down(cache):
            cache.set(key, (version, response["Content-Type"], body), PAGE_SECONDS)
        return private(response)

    return wrapper
