"""A dead broker never fails or hangs a request; the sweep sends what was left pending.

Needs Redis only (no worker): the broker first points at a closed port, then at the real
Redis of REDIS_URL, on a queue of the test's own, whose messages the test reads back."""

import os
import time
from datetime import timedelta

import pytest

from idm_portal.celery import app as celery_app
from idm_portal.files import services
from idm_portal.models import GeneratedFile
from tests.idm_portal.dead_services import broker, closed_port
from tests.workshops.document_factories import DocumentFactory
from workshops import services as document_services
from workshops.renderers import DOCUMENT_PDF

REDIS_URL = os.environ.get("REDIS_URL", "")
QUEUE = "idm-test-pipeline-broker"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis: set REDIS_URL"),
]


@pytest.fixture
def real_broker_queue(settings):
    """Tasks are sent for real (not eager) to a queue of this test's own, emptied after."""
    import redis

    celery_app.conf.task_always_eager = False
    settings.GENERATED_FILES_QUEUE = QUEUE
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(QUEUE)
    yield client
    client.delete(QUEUE)


def test_saving_with_the_broker_down_succeeds_fast_and_the_sweep_sends_it_later(
    real_broker_queue, django_capture_on_commit_callbacks
):
    document = DocumentFactory.build(programme=DocumentFactory().programme)

    with broker(f"redis://127.0.0.1:{closed_port()}/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            document_services.save_document(document=document)
        elapsed = time.monotonic() - started
        assert services.sweep(pending_after=timedelta(0)) == 0  # still down: nothing sent

    row = GeneratedFile.objects.get(kind=DOCUMENT_PDF, object_id=document.pk)
    assert elapsed < 3, f"saving took {elapsed:.1f} s with the broker down"
    assert row.state == GeneratedFile.State.PENDING
    assert row.queued_at is None
    assert real_broker_queue.llen(QUEUE) == 0

    with broker(REDIS_URL):
        assert services.sweep(pending_after=timedelta(0)) == 1

    row.refresh_from_db()
    assert row.state == GeneratedFile.State.PENDING  # no worker here: waiting in the queue
    assert row.queued_at is not None
    assert real_broker_queue.llen(QUEUE) == 1
    # A row just sent is not sent again by the next sweep.
    with broker(REDIS_URL):
        assert services.sweep() == 0
    assert real_broker_queue.llen(QUEUE) == 1
