"""CACHES for the portal, as plain dicts (no Django import: settings.py reads them)."""


def redis_caches(url: str) -> dict:
    """CACHES for a Redis at `url` (a function so that tests can point it at a dead Redis)."""
    return {
        "default": {
            # A Redis that fails degrades to a per-process cache (logged once per outage),
            # never to a 500 nor to allauth's rate limits refusing every login.
            "BACKEND": "idm_portal.cache.FallbackRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "FALLBACK_RETRY_SECONDS": 30,
            },
            "KEY_PREFIX": "idm",
        },
        "pages": PAGES_CACHE,
    }


# Each process's own memory, for what is kept under a key that says when it is stale (funding's
# pages and figures, keyed on funding.selectors.stamp): no network round trip per request.
PAGES_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "idm-pages",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
