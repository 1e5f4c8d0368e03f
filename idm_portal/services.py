"""The background pipeline for generated files (PDFs of documents, reports and letters).

A request writes (or reuses) one GeneratedFile row per kind, object and language, in state
`pending`, and enqueues the Celery task with ``transaction.on_commit``. Enqueueing is bounded
in time and never raises: with the broker down the row simply stays `pending` and the periodic
sweep sends it later. The task claims the row with a conditional update, so running it twice
makes one file; the new file replaces the earlier one only once it is written, so a failed
rendering keeps the last good file.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
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


def make_file(*, file_id: int) -> str:
    """Render the file of row `file_id` if it is pending or failed; return what happened
    ("skipped", "done", "failed", "requeued" or "superseded")."""
    claimed = GeneratedFile.objects.filter(
        pk=file_id, state__in=[State.PENDING, State.FAILED]
    ).update(
        state=State.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "skipped"
    row = GeneratedFile.objects.select_related("content_type").get(pk=file_id)
    hash_at_claim = row.input_hash
    obj = row.content_type.get_all_objects_for_this_type(pk=row.object_id).first()
    if obj is None:
        fail(file_id=file_id, error="The object this file was made from no longer exists.")
        return "failed"
    try:
        renderer = get_renderer(row.kind)
        rendered_hash = input_hash(row.kind, row.language, renderer.fingerprint(obj, row.language))
        rendered = renderer.render(obj, row.language)
    except TRANSIENT_ERRORS as exc:
        GeneratedFile.objects.filter(pk=file_id, state=State.RUNNING).update(
            state=State.PENDING, error=_describe(exc)
        )
        raise TransientError(_describe(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - a renderer's error is a property of the input
        logger.warning("Generated file %s failed: %s", file_id, _describe(exc))
        fail(file_id=file_id, error=_describe(exc))
        return "failed"
    return _store(row, rendered, rendered_hash=rendered_hash, hash_at_claim=hash_at_claim)


def _store(row: GeneratedFile, rendered, *, rendered_hash: str, hash_at_claim: str) -> str:
    storage = row.file.storage
    try:
        new_name = storage.save(
            _generated_upload_to(row, rendered.filename), ContentFile(rendered.content)
        )
    except OSError as exc:
        GeneratedFile.objects.filter(pk=row.pk, state=State.RUNNING).update(
            state=State.PENDING, error=_describe(exc)
        )
        raise TransientError(_describe(exc)) from exc
    with transaction.atomic():
        current = GeneratedFile.objects.select_for_update().get(pk=row.pk)
        if current.state != State.RUNNING:
            # The sweep gave up on this run and handed the row to another one: let that win.
            storage.delete(new_name)
            return "superseded"
        old_name = current.file.name
        current.file.name = new_name
        current.file_input_hash = rendered_hash
        current.finished_at = timezone.now()
        current.error = ""
        if current.input_hash != hash_at_claim:
            # The input changed while we were rendering: this file is already out of date.
            current.state = State.PENDING
            current.queued_at = None
            outcome = "requeued"
            transaction.on_commit(lambda: enqueue(current.pk))
        else:
            current.state = State.DONE
            current.input_hash = rendered_hash
            outcome = "done"
        current.save()
    if old_name and old_name != new_name:
        try:
            storage.delete(old_name)
        except OSError:
            logger.warning("Could not delete the replaced file %s", old_name, exc_info=True)
    return outcome


def fail(*, file_id: int, error: str) -> None:
    GeneratedFile.objects.filter(pk=file_id).exclude(state=State.DONE).update(
        state=State.FAILED, error=error[:4000], finished_at=timezone.now()
    )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text if text else type(exc).__name__


def sweep(
    *, pending_after: timedelta = timedelta(minutes=1), running_after: timedelta | None = None
) -> int:
    """Re-enqueue rows left pending (the broker was down, a message was lost) and rows stuck
    running (a worker died); return how many were sent."""
    if running_after is None:
        running_after = timedelta(seconds=getattr(settings, "GENERATED_FILE_RUNNING_AFTER", 900))
    now = timezone.now()
    stuck = GeneratedFile.objects.filter(state=State.RUNNING, started_at__lt=now - running_after)
    stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED,
        error="The rendering was interrupted too many times.",
        finished_at=now,
    )
    stuck.update(state=State.PENDING, queued_at=None)
    cutoff = now - pending_after
    ids = list(
        GeneratedFile.objects.filter(state=State.PENDING)
        .filter(Q(queued_at__isnull=True, requested_at__lte=cutoff) | Q(queued_at__lte=cutoff))
        .order_by("requested_at")
        .values_list("pk", flat=True)[:500]
    )
    sent = 0
    for file_id in ids:
        try:
            sent += enqueue(file_id)
        except DatabaseError:  # pragma: no cover - logged, the next sweep tries again
            logger.exception("Sweep could not enqueue generated file %s", file_id)
    if ids:
        logger.info("Sweep re-enqueued %s of %s generated files left pending.", sent, len(ids))
    return sent
