"""What funding's pages keep between requests, in each process's memory: whole pages for
anonymous visitors, fragments of the dashboard and the summary, the badge's figures.

Everything kept here is keyed on funding's stamp (:mod:`funding.selectors.stamp`), so a key
names the data it was computed from and a change of money makes new keys at once: nothing kept
can show stale money, and no entry needs deleting. The store is the ``pages`` cache (a
LocMemCache per process, ``idm_portal.settings.PAGES_CACHE``): a hit costs no round trip to
Redis, and the few entries a stamp makes (a page per language, the badge's figures) are
computed again once per process after a change. Where ``pages`` is not configured (tests that
replace CACHES) the default cache serves.

Whole pages for anonymous visitors (the public summary) are kept by the portal's generic
machinery, :mod:`idm_portal.page_cache`, whose version funding's models bump (funding.apps). What
stays here is what is kept per user or per fragment on the stamp: the donor dashboard (whole, per
contact) and the figures' fragments. Its requests' rules, the CSRF placeholder and the response
with the visitor's own token are idm_portal.page_cache's, named here for funding's views.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from idm_portal import page_cache as portal_pages

ALIAS = "pages"
# A whole page, for what the stamp does not see (a programme unpublished, a workshop's title).
PAGE_SECONDS = 60
CSRF_PLACEHOLDER = portal_pages.CSRF_PLACEHOLDER
is_shared = portal_pages.is_shared


def alias() -> str:
    return ALIAS if ALIAS in settings.CACHES else "default"


def store():
    return caches[alias()]


def key(kind: str, *parts) -> str:
    """A cache key for `kind` and its parts (a stamp holds spaces and is long: hashed)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    return f"funding-{kind}:{digest}"


def kept_page(page_key: str) -> str | None:
    return store().get(page_key)


def keep_page(page_key: str, body: str) -> None:
    store().set(page_key, body, PAGE_SECONDS)


def page_response(request: HttpRequest, body: str) -> HttpResponse:
    """The kept page with the visitor's own CSRF token (which also sets its cookie)."""
    return portal_pages.page_response(request, body)
