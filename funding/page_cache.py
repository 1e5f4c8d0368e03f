"""What funding's pages keep between requests, in each process's memory: whole pages for
anonymous visitors, fragments of the dashboard and the summary, the badge's figures.

Everything kept here is keyed on funding's stamp (:mod:`funding.selectors.stamp`), so a key
names the data it was computed from and a change of money makes new keys at once: nothing kept
can show stale money, and no entry needs deleting. The store is the ``pages`` cache (a
LocMemCache per process, ``idm_portal.settings.PAGES_CACHE``): a hit costs no round trip to
Redis, and the few entries a stamp makes (a page per language, the badge's figures) are
computed again once per process after a change. Where ``pages`` is not configured (tests that
replace CACHES) the default cache serves.

A whole page is kept only for a request that every visitor would see the same way
(:func:`is_shared`): a GET with no query string, no session cookie (so no user, menu or
session-stored message) and no message cookie. The CSRF token of the page's forms (the language
switcher) is a placeholder in what is kept and the visitor's own token in what is sent.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

ALIAS = "pages"
# A whole page, for what the stamp does not see (a programme unpublished, a workshop's title).
PAGE_SECONDS = 60
CSRF_PLACEHOLDER = "kept-page-csrf-token-placeholder"


def alias() -> str:
    return ALIAS if ALIAS in settings.CACHES else "default"


def store():
    return caches[alias()]


def key(kind: str, *parts) -> str:
    """A cache key for `kind` and its parts (a stamp holds spaces and is long: hashed)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    return f"funding-{kind}:{digest}"


def is_shared(request: HttpRequest) -> bool:
    """Whether `request` gets the page every anonymous visitor gets (see the module)."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def kept_page(page_key: str) -> str | None:
    return store().get(page_key)


def keep_page(page_key: str, body: str) -> None:
    store().set(page_key, body, PAGE_SECONDS)


def page_response(request: HttpRequest, body: str) -> HttpResponse:
    """The kept page with the visitor's own CSRF token (which also sets its cookie)."""
    return HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request)))
