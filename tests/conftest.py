import pytest


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
