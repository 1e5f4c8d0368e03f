"""The background pipeline for generated files (PDFs of documents, reports and letters), one
kind of work of the background queue (idm_portal.queue).

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

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    transaction,
)
from django.db.models import F
from django.utils import timezone

from idm_portal import page_cache, queue
from idm_portal.files.leases import MAX_ATTEMPTS, NO_LEASE, Lease, LeaseKeeper, claim, lease_free
from idm_portal.files.registry import get_renderer, input_hash
from idm_portal.models import GeneratedFile, _generated_upload_to

logger = logging.getLogger(__name__)

State = GeneratedFile.State
# Errors worth a retry: the database, the file store or the network hiccuped. Anything else
# raised by a renderer is a property of the input and ends the job in `failed` at once.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class TransientError(Exception):
    """The job could not run now; the task retries it with backoff."""


def request_file(
    obj, kind: str, language: str, *, force: bool = False, retry_failed: bool = False
) -> GeneratedFile:
    """Ask for the file `kind` of `obj` in `language`. Queues a rendering when the input
    changed since the last one (or with `force`); an unchanged request queues nothing, but
    with `retry_failed` one that failed is tried again (a "try again" button: decided under
    the row's lock, so a double click queues it once)."""
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
            if unchanged and not force and row.state == State.FAILED and not retry_failed:
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
        queue.on_commit(lambda file_id: enqueue(file_id), row.pk)
    return row


def enqueue(file_id: int) -> bool:
    """Send the task for `file_id` to the broker. Never raises and never blocks for long (the
    connection timeout and retry policy are in the CELERY_* settings): on a broker error the
    row stays `pending` for the sweep."""
    from idm_portal.tasks import make_generated_file  # tasks imports this module: a cycle

    # A deployment (or a test) may give PDFs a queue of their own, served by its own workers.
    own_queue = getattr(settings, "GENERATED_FILES_QUEUE", None)
    if not queue.send(make_generated_file, file_id, what="generated file", queue=own_queue):
        return False
    GeneratedFile.objects.filter(pk=file_id, state=State.PENDING).update(queued_at=timezone.now())
    return True


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
            ).update(state=State.PENDING, error=_describe(exc), **NO_LEASE)
            raise TransientError(_describe(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - a renderer's error is a property of the input
            logger.warning("Generated file %s failed: %s", file_id, _describe(exc))
            fail(file_id=file_id, error=_describe(exc), lease=lease)
            return "failed"
        if keeper.lost.is_set():
            return "superseded"
        new_name = _save(row, rendered, lease=lease)  # the slow part, under the renewed lease
    try:
        # Recorded even when PostgreSQL dropped the connection while the file was written;
        # else the file would stay on disk, orphaned, and the job be made a second time.
        return queue.on_a_new_connection(
            lambda: _store(
                row, new_name, lease=lease, rendered_hash=rendered_hash, hash_at_claim=hash_at_claim
            ),
            what=f"generated file {file_id}",
        )
    except (OperationalError, InterfaceError):
        with contextlib.suppress(OSError):
            row.file.storage.delete(new_name)
        raise


def _fail_interrupted(*, file_id: int, task_id: str) -> bool:
    """A row whose runs keep dying (a document that crashes the worker, redelivered each time)
    ends `failed` instead of being taken over for ever."""
    return bool(
        GeneratedFile.objects.filter(
            lease_free(timezone.now(), task_id), pk=file_id, attempts__gte=MAX_ATTEMPTS
        ).update(
            state=State.FAILED,
            error="The rendering was interrupted too many times.",
            finished_at=timezone.now(),
            **NO_LEASE,
        )
    )


def _save(row: GeneratedFile, rendered, *, lease: Lease) -> str:
    """Write the bytes under a new name of the storage's choosing; not yet the row's file.
    The media folder refusing the write (full, read-only, gone) is transient: the row goes
    back to `pending` saying why, and the task retries."""
    storage = row.file.storage
    name = storage.get_available_name(_generated_upload_to(row, rendered.filename))
    try:
        return storage.save(name, ContentFile(rendered.content))
    except OSError as exc:
        # A write cut short (a full disk) leaves a truncated file under the new name. It is
        # never served (only the row's file is), but it must not stay: remove it. Never the
        # row's current file, which a storage that overwrites in place could have chosen.
        if name != row.file.name:
            with contextlib.suppress(OSError):
                storage.delete(name)
        reason = f"The file could not be stored: {exc.strerror or _describe(exc)}."
        GeneratedFile.objects.filter(
            pk=row.pk, state=State.RUNNING, lease_holder=lease.holder
        ).update(state=State.PENDING, error=reason, **NO_LEASE)
        logger.warning("Generated file %s: %s It will be tried again.", row.pk, reason)
        raise TransientError(reason) from exc


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
            **NO_LEASE,
        )
        if stored and not is_current:
            transaction.on_commit(lambda: enqueue(row.pk))
        if stored:
            # Pages showing the file's state ("being made", a link) are kept whole for
            # anonymous visitors; this UPDATE sends no signal, so they are told here.
            page_cache.bump_on_commit()
    if not stored:
        if current is not None and current["file"] == new_name:
            return "done"  # stored by an earlier try whose commit's answer was lost
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
    if rows.update(state=State.FAILED, error=error[:4000], finished_at=timezone.now(), **NO_LEASE):
        page_cache.bump_on_commit()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text if text else type(exc).__name__


def sweep(*, pending_after: timedelta = timedelta(minutes=1)) -> int:
    """Send again rows left pending (the broker was down, a message was lost) and rows whose
    lease expired (their worker died: its unacknowledged message stays in Redis until the
    visibility timeout); return how many were sent. Cheap enough for every few seconds: three
    small queries on the (state, …) index when nothing is stuck."""
    now = timezone.now()
    expired = GeneratedFile.objects.filter(lease_free(now, task_id=""))
    expired.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED,
        error="The rendering was interrupted too many times.",
        finished_at=now,
        **NO_LEASE,
    )
    # Handed back one by one, each under its own lease predicate: a row whose holder renewed or
    # which a redelivered task took over meanwhile is left to it.
    taken_back = [
        file_id
        for file_id in expired.order_by("lease_expires_at").values_list("pk", flat=True)[:500]
        if expired.filter(pk=file_id).update(state=State.PENDING, queued_at=None, **NO_LEASE)
    ]
    if taken_back:
        logger.warning(
            "Sweep took back %s generated files whose lease expired (a worker died).",
            len(taken_back),
        )
    left_pending = queue.left_pending(
        GeneratedFile.objects.filter(state=State.PENDING).exclude(pk__in=taken_back),
        asked_field="requested_at",
        sent_field="queued_at",
        cutoff=now - pending_after,
        never_sent_cutoff=queue.never_sent_cutoff(now, pending_after),
    ).values_list("pk", flat=True)[: queue.SWEEP_BATCH]
    # Looked up at call time (not passed as `enqueue`): tests hold the enqueue back.
    return queue.resend(
        taken_back + list(left_pending), lambda file_id: enqueue(file_id), what="generated files"
    )
