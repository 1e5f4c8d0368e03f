"""End to end: a real Celery worker over Redis makes a document's PDF."""

import os
import time

import pytest

from idm_portal.celery import app as celery_app
from idm_portal.models import GeneratedFile
from tests.workshops.document_factories import DocumentFactory
from workshops import services as document_services
from workshops.renderers import DOCUMENT_PDF

REDIS_URL = os.environ.get("REDIS_URL", "")
QUEUE = "idm-test-pipeline-worker"

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis for the worker: set REDIS_URL"),
]


def test_a_real_worker_makes_the_pdf(settings):
    import redis
    from celery.contrib.testing.worker import start_worker

    from tests.idm_portal.dead_services import broker

    settings.GENERATED_FILES_QUEUE = QUEUE
    redis.Redis.from_url(REDIS_URL).delete(QUEUE)
    with (
        broker(REDIS_URL),
        start_worker(
            celery_app, pool="solo", queues=[QUEUE], perform_ping_check=False, loglevel="WARNING"
        ),
    ):
        document = DocumentFactory.build(programme=DocumentFactory().programme)
        document_services.save_document(document=document)  # autocommit: on_commit runs now
        row = GeneratedFile.objects.get(kind=DOCUMENT_PDF, object_id=document.pk)
        deadline = time.monotonic() + 60
        while row.state not in (GeneratedFile.State.DONE, GeneratedFile.State.FAILED):
            assert time.monotonic() < deadline, f"the worker left the PDF {row.state}"
            time.sleep(0.2)
            row.refresh_from_db()

    assert row.state == GeneratedFile.State.DONE, row.error
    assert row.file.read().startswith(b"%PDF")
    assert row.attempts == 1
