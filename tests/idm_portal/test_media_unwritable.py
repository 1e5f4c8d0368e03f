"""The media folder refuses the write of a PDF (issue 15, faults): the job fails saying why, is
tried again, nothing half-written is ever served (nor left behind), the last good file stays
served meanwhile, and once the folder takes writes again the new file is made.

A real worker (`celery -A idm_portal worker`, prefork) makes the file; the fault is made at the
OS level while it renders, two ways. The tests run as root on this machine, so a `chmod` would
not stop the worker:

- **disk full mid-write**: the worker's pool child gets a file size limit of a few hundred
  bytes (`prlimit(RLIMIT_FSIZE)`, which binds root too; Python ignores SIGXFSZ, so the write
  fails with EFBIG), as a disk that fills up: the storage has begun the file and is cut short,
  leaving a truncated PDF on disk;
- **folder read-only**: the folder the file goes to is made immutable (`chattr +i`, which root
  cannot write past either): the file cannot even be created. Skipped where the filesystem or
  the user cannot set the flag.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/pytest tests/idm_portal/test_media_unwritable.py
"""

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from idm_portal.files import services
from idm_portal.models import GeneratedFile
from tests.idm_portal.dead_services import broker
from tests.idm_portal.factories import UserFactory
from tests.idm_portal.slow_renderer import SLOW_PDF
from tests.idm_portal.workers import (
    Celery,
    files_on_disk,
    forget_unacked_messages,
    rendering_started,
    wait_for,
)

REDIS_URL = os.environ.get("REDIS_URL", "")
QUEUE = "idm-test-media-unwritable"
State = GeneratedFile.State
# A task that failed to store its file is tried again after 10 s, then 20 s (tasks.py).
FIRST_RETRIES_WITHIN_SECONDS = 60

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis for the worker: set REDIS_URL"),
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the worker is another process: set DATABASE_URL=postgres://...",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, prlimit"),
]


class DiskFull:
    """Writes past LIMIT bytes fail (EFBIG) in the worker's pool child, which stores files."""

    reason = "File too large"
    LIMIT = 512

    def __init__(self, media_root: Path) -> None:
        self.pid: int | None = None
        self.before: tuple[int, int] | None = None

    def apply(self, pool_child: int) -> None:
        self.pid = pool_child
        self.before = resource.prlimit(pool_child, resource.RLIMIT_FSIZE)
        resource.prlimit(pool_child, resource.RLIMIT_FSIZE, (self.LIMIT, self.before[1]))

    def lift(self) -> None:
        if self.pid is not None and self.before is not None:
            resource.prlimit(self.pid, resource.RLIMIT_FSIZE, self.before)
            self.pid = None


class ReadOnlyFolder:
    """The folder of this kind's files immutable: no file can be created in it."""

    reason = "Operation not permitted"

    def __init__(self, media_root: Path) -> None:
        self.folder = media_root / "generated" / SLOW_PDF / "en"
        self.applied = False

    @staticmethod
    def supported(tmp_path: Path) -> bool:
        probe = tmp_path / "chattr-probe"
        probe.mkdir()
        if shutil.which("chattr") is None:
            return False
        made = subprocess.run(["chattr", "+i", str(probe)], capture_output=True)
        subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
        return made.returncode == 0

    def apply(self, pool_child: int) -> None:
        subprocess.run(["chattr", "+i", str(self.folder)], check=True, capture_output=True)
        self.applied = True

    def lift(self) -> None:
        if self.applied:
            subprocess.run(["chattr", "-i", str(self.folder)], check=True, capture_output=True)
            self.applied = False


@pytest.fixture(params=[DiskFull, ReadOnlyFolder], ids=["disk-full", "folder-read-only"])
def fault(request, tmp_path, settings):
    if request.param is ReadOnlyFolder and not ReadOnlyFolder.supported(tmp_path):
        pytest.skip("chattr +i is not available here (filesystem or capability)")
    made = request.param(Path(settings.MEDIA_ROOT))
    yield made
    made.lift()  # always: an immutable folder would outlive the test


@pytest.fixture
def worker(tmp_path, settings):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(QUEUE)
    settings.GENERATED_FILES_QUEUE = QUEUE
    celery = Celery(tmp_path, redis_url=REDIS_URL, queue=QUEUE, IDM_TEST_SLOW_RENDER_SECONDS="2")
    with broker(REDIS_URL):
        try:
            celery.start("worker", include="tests.idm_portal.slow_renderer")
            yield celery
        finally:
            celery.stop()
            client.delete(QUEUE)
            forget_unacked_messages(client, QUEUE)
    print(celery.logs())  # shown by pytest when the test failed


def is_whole_pdf(body: bytes) -> bool:
    return body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")


def test_a_pdf_the_media_folder_refuses_fails_with_the_reason_retries_and_is_never_served_half(
    worker, fault, client, settings
):
    owner = UserFactory()
    client.force_login(owner)
    row = services.request_file(owner, SLOW_PDF, "en")  # autocommit: sent now
    wait_for(
        lambda: row.refresh_from_db() or row.state == State.DONE,
        timeout=90,
        what="the first, good file",
    )
    good_name, good_url = row.file.name, row.get_download_url()
    good = client.get(good_url)
    assert good.status_code == 200
    good_bytes = b"".join(good.streaming_content)
    assert is_whole_pdf(good_bytes)
    attempts = row.attempts

    served: list[tuple[int, bytes]] = []

    def download_what_the_page_links() -> None:
        """What a reader gets from the link a page shows for the row now."""
        row.refresh_from_db()
        if not row.file:
            return
        response = client.get(row.get_download_url())
        body = b"".join(response.streaming_content) if response.status_code == 200 else b""
        served.append((response.status_code, body))

    # A new version is asked for; the media folder fails while it renders.
    services.request_file(owner, SLOW_PDF, "en", force=True)
    pool_child, _render_child = wait_for(
        rendering_started(row), timeout=60, what="the new version to be rendering"
    )
    fault.apply(pool_child)

    def failed_attempt(number: int):
        def check() -> bool:
            download_what_the_page_links()
            return row.attempts >= number and row.state == State.PENDING and bool(row.error)

        return check

    for failure in (1, 2):  # the first write and its retry both fail
        wait_for(
            failed_attempt(attempts + failure),
            timeout=FIRST_RETRIES_WITHIN_SECONDS,
            what=f"failure {failure} to be recorded",
        )
        # The job says why; staff read it beside the file in the admin.
        assert row.error == f"The file could not be stored: {fault.reason}.", row.error
        assert row.state == State.PENDING  # to be tried again, not given up
        # The last good file is still the one served; nothing half-written is left behind.
        assert files_on_disk(settings.MEDIA_ROOT) == [good_name]
        assert row.file.name == good_name

    fault.lift()
    lifted = time.monotonic()
    wait_for(
        lambda: download_what_the_page_links() or row.state == State.DONE,
        timeout=FIRST_RETRIES_WITHIN_SECONDS,
        what="the new version once the folder takes writes again",
    )
    print(f"made {time.monotonic() - lifted:.1f} s after the folder took writes again")
    assert row.attempts == attempts + 3
    assert row.error == ""
    assert row.file.name != good_name
    assert files_on_disk(settings.MEDIA_ROOT) == [row.file.name]  # the old one replaced
    fresh = client.get(row.get_download_url())
    assert fresh.status_code == 200
    assert is_whole_pdf(b"".join(fresh.streaming_content))
    assert client.get(good_url).status_code == 404

    # Throughout, whoever followed the link got the whole good file (or, from the moment the
    # new one was stored, the whole new one; a link read just before may then answer 404),
    # never a part of one.
    fresh_bytes = row.file.read()
    assert sum(body == good_bytes for _status, body in served) >= 2, served
    for status, body in served:
        assert status in (200, 404)
        assert status == 404 or body in (good_bytes, fresh_bytes)
