"""Leases of running generated files (idm_portal.files.services makes the files).

A running row carries a lease: who makes the file (host, process and a run nonce, plus the
Celery task id) and until when. The run renews it while its rendering lives (LeaseKeeper).
Every change of a running row is a conditional UPDATE on the lease, so two runs can never both
claim a row, nor a run that lost its lease store a file. Lengths: GENERATED_FILE_LEASE_SECONDS
and GENERATED_FILE_LEASE_RENEW_SECONDS.
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
from django.db import DatabaseError, connection
from django.db.models import F, Q
from django.utils import timezone

from idm_portal.models import GeneratedFile

logger = logging.getLogger(__name__)

State = GeneratedFile.State
# Runs of one job, interrupted or retried, before it ends `failed`.
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Lease:
    file_id: int
    holder: str


def _lease_length() -> timedelta:
    return timedelta(seconds=settings.GENERATED_FILE_LEASE_SECONDS)


def lease_free(now, task_id: str) -> Q:
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


NO_LEASE = {"lease_holder": "", "lease_task_id": "", "lease_expires_at": None}


def claim(*, file_id: int, task_id: str = "") -> Lease | None:
    """Take the row to make its file: a pending or failed row, or a running one whose lease is
    free (see lease_free). One conditional UPDATE, so of two takers exactly one wins. None when
    the row is not to be made by us (done, or a live lease held by another run)."""
    now = timezone.now()
    holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"[:200]
    claimable = Q(state__in=[State.PENDING, State.FAILED]) | (
        lease_free(now, task_id) & Q(attempts__lt=MAX_ATTEMPTS)
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
                    # On a new connection: PostgreSQL may have dropped this one (a restart).
                    connection.close()
        finally:
            connection.close()  # this thread's own connection
