import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    """Funding's pages keep rendered fragments in the cache (funding.selectors.stamp); each
    test starts with none, since rows a test writes in bulk bypass the stamp."""
    from django.core.cache import cache

    from funding.selectors import stamp

    cache.clear()
    stamp.forget()
    stamp_seconds, stamp.STAMP_SECONDS = stamp.STAMP_SECONDS, 0
    yield
    stamp.STAMP_SECONDS = stamp_seconds
    cache.clear()
    stamp.forget()
