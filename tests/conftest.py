import pytest
from hypothesis import HealthCheck, settings

# The suite runs on a shared two-core machine beside other work: a property test is about what
# a function answers, never how fast (speed is measured in bench/), so no example has a
# deadline and a slow data generation is no failure.
settings.register_profile(
    "idm", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("idm")

# One chromium for the whole session, shared by tests/browser and tests/e2e.
from tests.chromium import browser  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes its files under its own temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _celery_eager_unless_worker(request, settings):
    """Tasks run in-process except in tests marked `worker`, which use a real worker."""
    from idm_portal.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _english_unless_the_test_says_otherwise():
    """Every test starts in English, whatever language a request in an earlier test left
    active in this thread (LocaleMiddleware activates the page's language and keeps it)."""
    from django.utils.translation import override

    with override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Funding keeps pages and the badge's figures per process on a stamp of its data
    (funding.page_cache), the portal whole public pages (idm_portal.page_cache): each test
    starts with none kept and reads the stamp afresh, since a rolled-back test can leave the
    next one the same stamp over other data. The stamp is read on every request, so that a
    test sees its own writes at once."""
    from django.core.cache import caches

    from funding import page_cache
    from funding.selectors import stamp
    from idm_portal import page_cache as portal_pages

    page_cache.store().clear()
    # Whole public pages (idm_portal.page_cache, in Redis when REDIS_URL is set): a new version
    # makes every page an earlier test kept stale, without flushing a shared Redis database.
    portal_pages.bump()
    stamp.forget()
    stamp_seconds, stamp.STAMP_SECONDS = stamp.STAMP_SECONDS, 0
    yield
    stamp.STAMP_SECONDS = stamp_seconds
    caches[page_cache.alias()].clear()
    stamp.forget()
