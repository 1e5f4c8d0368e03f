"""The background pipeline for generated files (PDFs of documents, reports and letters).

A request writes (or reuses) one GeneratedFile row per kind, object and language, in state
`pending`, and enqueues the Celery task with ``transaction.on_commit``. Enqueueing is bounded
in time and never raises: with the broker down the row simply stays `pending` and the periodic
sweep sends it later. The task claims the row with a conditional update, so running it twice
makes one file; the new file replaces the earlier one only once it is written, so a failed
rendering keeps the last good file. A running row carries a lease (holder and expiry) that
the run renews while it renders: a redelivered task or the sweep takes an expired lease over
at once, and only the lease's holder may store the file, so a job is made once even when a
worker is killed mid-rendering.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.db.models import F, Q
from django.utils import timezone

from idm_portal.generated import get_renderer, input_hash
from idm_portal.models import GeneratedFile, _generated_upload_to

logger = logging.getLogger(__name__)

State = GeneratedFile.State
MAX_ATTEMPTS = 8
# Errors worth a retry: the database, the file store or the network hiccuped. Anything else
# raised by a renderer is a property of the input and ends the job in `failed` at once.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class TransientError(Exception):
    """The job could not run now; the task retries it with backoff."""


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError as KombuOperationalError

    errors: list[type[BaseException]] = [KombuOperationalError, ConnectionError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(errors)


def request_file(obj, kind: str, language: str, *, force: bool = False) -> GeneratedFile:
    """Ask for the file `kind` of `obj` in `language`. Queues a rendering when the input
    changed since the last one (or with `force`); an unchanged request queues nothing."""
    renderer = get_renderer(kind)
    wanted = input_hash(kind, language, renderer.fingerprint(obj, language))
    content_type = ContentType.objects.get_for_model(obj)
    lookup = {"kind": kind, "content_type": content_type, "object_id": obj.pk, "language": language}
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, created = GeneratedFile.objects.select_for_update().get_or_create(
                    **lookup, defaults={"input_hash": wanted, "requested_at": now}
                )
        except IntegrityError:  # created by a concurrent request between our get and insert
            row, created = GeneratedFile.objects.select_for_update().get(**lookup), False
        if not created:
            unchanged = row.input_hash == wanted
            if unchanged and not force and row.state != State.FAILED:
                return row
            if unchanged and not force and row.state == State.FAILED:
                return row  # the same input would fail the same way; "Generate PDF" forces
            row.input_hash = wanted
            row.requested_at = now
            if row.state == State.RUNNING:
                # The running task sees the new input hash when it finishes and queues again.
                row.save(update_fields=["input_hash", "requested_at"])
                return row
            row.state = State.PENDING
            row.error = ""
            row.queued_at = None
            row.save(update_fields=["input_hash", "requested_at", "state", "error", "queued_at"])
        file_id = row.pk
        transaction.on_commit(lambda: enqueue(file_id))
    return row


def enqueue(file_id: int) -> bool:
    """Send the task for `file_id` to the broker. Never raises and never blocks for long (the
    connection timeout and retry policy are in the CELERY_* settings): on a broker error the
    row stays `pending` for the sweep."""
    from idm_portal.tasks import make_generated_file

    options = {}
    # A deployment (or a test) may give PDFs a queue of their own, served by its own workers.
    if queue := getattr(settings, "GENERATED_FILES_QUEUE", None):
        options["queue"] = queue
    try:
        make_generated_file.apply_async(
            (file_id,),
            retry=True,
            retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
            **options,
        )
    except _broker_errors():
        logger.warning(
            "Could not send generated file %s to the broker; it stays pending for the sweep.",
            file_id,
            exc_info=True,
        )
        return False
    GeneratedFile.objects.filter(pk=file_id, state=State.PENDING).update(queued_at=timezone.now())
    return True


# --- Leases ------------------------------------------------------------------------------------
# A running row carries a lease: who makes the file (host, process and a run nonce, plus the
# Celery task id) and until when. Every change of a running row is a conditional UPDATE on the
# lease, so two runs can never both claim a row, nor a run that lost its lease store a file.


@dataclass(frozen=True)
class Lease:
    file_id: int
    holder: str


def _lease_length() -> timedelta:
    return timedelta(seconds=settings.GENERATED_FILE_LEASE_SECONDS)


def _lease_free(now, task_id: str) -> Q:
    """A running row whose lease may be taken over: it expired (the holder died or stalled), or
    it is held by an earlier delivery of this very task. Celery delivers a message again only
    when its earlier consumer can no longer acknowledge it (the pool child died:
    reject_on_worker_lost; or the worker's connection is gone and the visibility timeout, an
    hour, far beyond the task's time limit, passed), so that run is dead: waiting for its lease
    would only delay the job."""
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)
    if task_id:
        free |= Q(lease_task_id=task_id)
    return Q(state=State.RUNNING) & free


_NO_LEASE = {"lease_holder": "", "lease_task_id": "", "lease_expires_at": None}


def claim(*, file_id: int, task_id: str = "") -> Lease | None:
    """Take the row to make its file: a pending or failed row, or a running one whose lease is
    free (see _lease_free). One conditional UPDATE, so of two takers exactly one wins. None when
    the row is not to be made by us (done, or a live lease held by another run)."""
    now = timezone.now()
    holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"[:200]
    claimable = Q(state__in=[State.PENDING, State.FAILED]) | (
        _lease_free(now, task_id) & Q(attempts__lt=MAX_ATTEMPTS)
    )
    before = GeneratedFile.objects.filter(pk=file_id).values("state", "lease_holder").first()
    claimed = GeneratedFile.objects.filter(claimable, pk=file_id).update(
        state=State.RUNNING,
        started_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
        lease_holder=holder,
        lease_task_id=task_id,
        lease_expires_at=now + _lease_length(),
    )
    if not claimed:
        return None
    if before and before["state"] == State.RUNNING:
        logger.warning(
            "Generated file %s: took over the lease of %s (expired, or its run died).",
            file_id,
            before["lease_holder"] or "an unknown run",
        )
    return Lease(file_id=file_id, holder=holder)


def renew(*, lease: Lease) -> bool:
    """Extend `lease`; False when it is no longer ours (taken over, or the row left `running`)."""
    return bool(
        GeneratedFile.objects.filter(
            pk=lease.file_id, state=State.RUNNING, lease_holder=lease.holder
        ).update(lease_expires_at=timezone.now() + _lease_length())
    )


class LeaseKeeper:
    """Renews a lease from a thread of its own while the rendering lives (the render child of
    idm_portal.pdf, or WeasyPrint in-process); `lost` is set once the lease is not ours."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"lease-{lease.file_id}", daemon=True
        )

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        # Never wait long: a renewal stuck on the database must not hold the task.
        self._thread.join(timeout=5)

    def _run(self) -> None:
        interval = settings.GENERATED_FILE_LEASE_RENEW_SECONDS
        try:
            while not self._stop.wait(interval):
                try:
                    if not renew(lease=self.lease):
                        self.lost.set()
                        if not self._stop.is_set():  # else the run itself just ended the job
                            logger.warning(
                                "Generated file %s: the lease of %s was taken over.",
                                self.lease.file_id,
                                self.lease.holder,
                            )
                        return
                except DatabaseError:  # the next renewal may work; the lease lasts a few
                    logger.warning("Could not renew a generated file's lease", exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def make_file(*, file_id: int, task_id: str = "") -> str:
    """Make the file of row `file_id` if we can claim it; return what happened ("skipped",
    "done", "failed", "requeued" or "superseded")."""
    lease = claim(file_id=file_id, task_id=task_id)
    if lease is None:
        if _fail_interrupted(file_id=file_id, task_id=task_id):
            return "failed"
        return "skipped"
    row = GeneratedFile.objects.select_related("content_type").get(pk=file_id)
    hash_at_claim = row.input_hash
    obj = row.content_type.get_all_objects_for_this_type(pk=row.object_id).first()
    if obj is None:
        fail(
            file_id=file_id,
            error="The object this file was made from no longer exists.",
            lease=lease,
        )
        return "failed"
    with LeaseKeeper(lease) as keeper:
        try:
            renderer = get_renderer(row.kind)
            rendered_hash = input_hash(
                row.kind, row.language, renderer.fingerprint(obj, row.language)
            )
            rendered = renderer.render(obj, row.language)
        except TRANSIENT_ERRORS as exc:
            GeneratedFile.objects.filter(
                pk=file_id, state=State.RUNNING, lease_holder=lease.holder
            ).update(state=State.PENDING, error=_describe(exc), **_NO_LEASE)
            raise TransientError(_describe(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - a renderer's error is a property of the input
            logger.warning("Generated file %s failed: %s", file_id, _describe(exc))
            fail(file_id=file_id, error=_describe(exc), lease=lease)
            return "failed"
        if keeper.lost.is_set():
            return "superseded"
        new_name = _save(row, rendered, lease=lease)  # the slow part, under the renewed lease
    return _store(
        row, new_name, lease=lease, rendered_hash=rendered_hash, hash_at_claim=hash_at_claim
    )


def _fail_interrupted(*, file_id: int, task_id: str) -> bool:
    """A row whose runs keep dying (a document that crashes the worker, redelivered each time)
    ends `failed` instead of being taken over for ever."""
    return bool(
        GeneratedFile.objects.filter(
            _lease_free(timezone.now(), task_id), pk=file_id, attempts__gte=MAX_ATTEMPTS
        ).update(
            state=State.FAILED,
            error="The rendering was interrupted too many times.",
            finished_at=timezone.now(),
            **_NO_LEASE,
        )
    )


def _save(row: GeneratedFile, rendered, *, lease: Lease) -> str:
    """Write the bytes under a new name of the storage's choosing; not yet the row's file."""
    try:
        return row.file.storage.save(
            _generated_upload_to(row, rendered.filename), ContentFile(rendered.content)
        )
    except OSError as exc:
        GeneratedFile.objects.filter(
            pk=row.pk, state=State.RUNNING, lease_holder=lease.holder
        ).update(state=State.PENDING, error=_describe(exc), **_NO_LEASE)
        raise TransientError(_describe(exc)) from exc


def _store(
    row: GeneratedFile, new_name: str, *, lease: Lease, rendered_hash: str, hash_at_claim: str
) -> str:
    """Make `new_name` the row's file if the lease is still ours; else delete it."""
    storage = row.file.storage
    now = timezone.now()
    with transaction.atomic():
        current = (
            GeneratedFile.objects.select_for_update()
            .filter(pk=row.pk)
            .values("file", "input_hash")
            .first()
        )
        is_current = current is not None and current["input_hash"] == hash_at_claim
        # The lease is checked in the UPDATE that stores: a run whose lease was taken over
        # (it stalled, and the sweep or a redelivery handed the row on) changes nothing.
        stored = GeneratedFile.objects.filter(
            pk=row.pk, state=State.RUNNING, lease_holder=lease.holder
        ).update(
            file=new_name,
            file_input_hash=rendered_hash,
            finished_at=now,
            error="",
            # The input changed while we were rendering: this file is already out of date.
            state=State.DONE if is_current else State.PENDING,
            input_hash=rendered_hash if is_current else F("input_hash"),
            queued_at=F("queued_at") if is_current else None,
            **_NO_LEASE,
        )
        if stored and not is_current:
            transaction.on_commit(lambda: enqueue(row.pk))
    if not stored:
        storage.delete(new_name)
        return "superseded"
    old_name = current["file"]
    if old_name and old_name != new_name:
        try:
            storage.delete(old_name)
        except OSError:
            logger.warning("Could not delete the replaced file %s", old_name, exc_info=True)
    return "done" if is_current else "requeued"


def fail(*, file_id: int, error: str, lease: Lease | None = None) -> None:
    """End the job `failed`. With `lease`, only while that lease is ours; without, never a row
    done or running under a live lease (another run is making it)."""
    rows = GeneratedFile.objects.filter(pk=file_id)
    if lease is not None:
        rows = rows.filter(state=State.RUNNING, lease_holder=lease.holder)
    else:
        rows = rows.exclude(state=State.DONE).exclude(
            state=State.RUNNING, lease_expires_at__gt=timezone.now()
        )
    rows.update(state=State.FAILED, error=error[:4000], finished_at=timezone.now(), **_NO_LEASE)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text if text else type(exc).__name__


def sweep(*, pending_after: timedelta = timedelta(minutes=1)) -> int:
    """Send again rows left pending (the broker was down, a message was lost) and rows whose
    lease expired (their worker died: its unacknowledged message stays in Redis until the
    visibility timeout); return how many were sent. Cheap enough for every few seconds: three
    small queries on the (state, …) index when nothing is stuck."""
    now = timezone.now()
    expired = GeneratedFile.objects.filter(_lease_free(now, task_id=""))
    expired.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED,
        error="The rendering was interrupted too many times.",
        finished_at=now,
        **_NO_LEASE,
    )
    # Handed back one by one, each under its own lease predicate: a row whose holder renewed or
    # which a redelivered task took over meanwhile is left to it.
    taken_back = [
        file_id
        for file_id in expired.order_by("lease_expires_at").values_list("pk", flat=True)[:500]
        if expired.filter(pk=file_id).update(state=State.PENDING, queued_at=None, **_NO_LEASE)
    ]
    if taken_back:
        logger.warning(
            "Sweep took back %s generated files whose lease expired (a worker died).",
            len(taken_back),
        )
    cutoff = now - pending_after
    left_pending = list(
        GeneratedFile.objects.filter(state=State.PENDING)
        .filter(Q(queued_at__isnull=True, requested_at__lte=cutoff) | Q(queued_at__lte=cutoff))
        .exclude(pk__in=taken_back)
        .order_by("requested_at")
        .values_list("pk", flat=True)[:500]
    )
    ids = taken_back + left_pending
    sent = 0
    for file_id in ids:
        try:
            sent += enqueue(file_id)
        except DatabaseError:  # pragma: no cover - logged, the next sweep tries again
            logger.exception("Sweep could not enqueue generated file %s", file_id)
    if ids:
        logger.info("Sweep re-enqueued %s of %s generated files.", sent, len(ids))
    return sent
