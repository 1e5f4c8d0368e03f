"""Celery entry points of the background queue's kinds (idm_portal.queue): generated files and
the outbox. Each loads by id and calls one service; retries go through queue.retry."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from idm_portal import queue
from idm_portal.files import services
from idm_portal.queue import outbox

# A rendering has its own limits (idm_portal.pdf); these are the outer guard.
SOFT_TIME_LIMIT = 180
TIME_LIMIT = 240


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    ignore_result=True,
)
def make_generated_file(self, file_id: int) -> str:
    try:
        # The task id lets a redelivery of this very message take over its dead run's lease.
        return services.make_file(file_id=file_id, task_id=self.request.id or "")
    except services.TransientError as exc:
        if self.request.retries >= self.max_retries:
            services.fail(file_id=file_id, error=f"Gave up after several attempts: {exc}")
            return "failed"
        # Exponential backoff with a cap: 10 s, 20 s, 40 s … 5 min.
        return queue.retry(
            self,
            exc,
            countdown=queue.backoff(self.request.retries, base=10, cap=300),
            max_retries=self.max_retries,
            run_again_in_process=True,
        )
    except SoftTimeLimitExceeded:
        services.fail(file_id=file_id, error="The rendering took too long and was stopped.")
        return "failed"


@shared_task(ignore_result=True)
def sweep_generated_files() -> int:
    return services.sweep()


# --- The outbox (idm_portal.queue.outbox) ---------------------------------------------------------


@shared_task(bind=True, acks_late=True, ignore_result=True)
def send_outbound_email(self, email_id: int) -> str:
    try:
        return outbox.send(email_id=email_id)
    except outbox.TransientEmailError as exc:
        # The row counts the attempts and turns `failed` after outbox.MAX_ATTEMPTS; in-process
        # (no broker) no retry waits inside the request: the row stays pending for the sweep.
        return queue.retry(self, exc, countdown=exc.retry_in, in_process_result="pending")


@shared_task(ignore_result=True)
def sweep_outbound_emails() -> int:
    return outbox.sweep()
