"""Celery entry points of the generated-file pipeline: load by id, call one service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from idm_portal import outbox, services

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
        retry = self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries), throw=False)
        if self.request.is_eager:
            return retry  # eager apply() runs the retry at once instead of raising into a request
        raise retry from exc
    except SoftTimeLimitExceeded:
        services.fail(file_id=file_id, error="The rendering took too long and was stopped.")
        return "failed"


@shared_task(ignore_result=True)
def sweep_generated_files() -> int:
    return services.sweep()


# --- The outbox (idm_portal.outbox) ---------------------------------------------------------


@shared_task(bind=True, acks_late=True, ignore_result=True)
def send_outbound_email(self, email_id: int) -> str:
    try:
        return outbox.send(email_id=email_id)
    except outbox.TransientEmailError as exc:
        if self.request.is_eager:
            # In-process (no broker): no retry inside the request; the row stays pending.
            return "pending"
        # The row counts the attempts and turns `failed` after outbox.MAX_ATTEMPTS.
        raise self.retry(exc=exc, countdown=exc.retry_in, max_retries=None) from exc


@shared_task(ignore_result=True)
def sweep_outbound_emails() -> int:
    return outbox.sweep()
