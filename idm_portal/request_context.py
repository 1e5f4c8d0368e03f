"""The request id: one per web request, carried into the Celery tasks the request starts, and
written on every log line either of them writes (idm_portal.logs).

The id comes from the X-Request-ID header when a proxy sent a sane one (letters, digits and
`-_.:`, at most 64), else it is made here; the response returns it in X-Request-ID. Publishing
a task copies it into the message's headers (`before_task_publish`); the worker sets it for the
task's run (`task_prerun`) and restores what was there after (`task_postrun`), so an eager task
run inside a request keeps the request's id. One line per request ("GET /en/ 200") and one per
task a worker runs ("… finished"; DEBUG for a task run in-process) say what ran, for whom (the
user's id, never an e-mail address) and how long it took. Paths are logged with the secret
parts of a URL (a password-reset or invitation key, a survey response's id, which would tie an
anonymous answer to its author) replaced by their name.

No Django model import at module level: idm_portal.celery connects the Celery signals before
Django is set up.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

logger = logging.getLogger("idm_portal.requests")
task_logger = logging.getLogger("idm_portal.tasks")

HEADER = "X-Request-ID"
MESSAGE_HEADER = "idm_request_id"
SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
# URL keyword arguments whose values are secrets, or would link a person to an anonymous answer.
SECRET_KWARGS = frozenset({"key", "token", "uidb36", "uidb64", "response_id"})
# Health checks come every few seconds from each container's orchestrator: logged only when
# they fail.
QUIET_PATHS = frozenset({"/healthz"})

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "idm_request_id", default=None
)
_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("idm_user_id", default=None)


def request_id() -> str | None:
    return _request_id.get()


def user_id() -> int | None:
    return _user_id.get()


def sane_or_new(candidate: str | None) -> str:
    """`candidate` when it is a sane id (a proxy's), else a new one."""
    if candidate and SANE.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


# --- Web requests ---------------------------------------------------------------------------


class RequestIdMiddleware:
    """First of the middleware: sets the id, answers it in X-Request-ID, logs one line."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        rid = sane_or_new(request.headers.get(HEADER))
        request.request_id = rid
        # Left set after the response (the next request replaces it), so that Django's own
        # lines about this request (django.request's, written after the middleware) carry it.
        _request_id.set(rid)
        _user_id.set(None)
        response = self.get_response(request)
        response[HEADER] = rid
        self._log(request, response.status_code, started)
        return response

    @staticmethod
    def _log(request, status: int, started: float) -> None:
        if request.path in QUIET_PATHS and status < 400:
            return
        uid = signed_in_user_id(request)
        if uid is not None:
            _user_id.set(uid)
        path = loggable_path(request)
        logger.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "method": request.method,
                "path": path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )


def signed_in_user_id(request) -> int | None:
    """The user's id if the request already loaded its user: never a session read of its own
    (a page served without one must not cost a query for its log line)."""
    user = getattr(request, "_cached_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_KWARGS and value:
                path = path.replace(str(value), f"<{name}>")
    return path


# --- Celery tasks ---------------------------------------------------------------------------


@before_task_publish.connect(dispatch_uid="idm-request-id-publish")
def _carry_request_id(sender=None, headers=None, **kwargs) -> None:
    rid = _request_id.get()
    if rid and headers is not None and MESSAGE_HEADER not in headers:
        headers[MESSAGE_HEADER] = rid


_running: dict[str, tuple[contextvars.Token, float]] = {}


@task_prerun.connect(dispatch_uid="idm-request-id-prerun")
def _task_started(task_id=None, task=None, **kwargs) -> None:
    carried = getattr(task.request, MESSAGE_HEADER, None) if task is not None else None
    if carried is None and task is not None:
        carried = (getattr(task.request, "headers", None) or {}).get(MESSAGE_HEADER)
    # An eager task runs inside its request: it keeps the request's id.
    rid = sane_or_new(carried) if carried else (_request_id.get() or uuid.uuid4().hex)
    _running[task_id] = (_request_id.set(rid), time.monotonic())


@task_postrun.connect(dispatch_uid="idm-request-id-postrun")
def _task_finished(task_id=None, task=None, state=None, **kwargs) -> None:
    token, started = _running.pop(task_id, (None, time.monotonic()))
    name = getattr(task, "name", "?")
    # A task run in-process (eager: `make run`, load_demo, tests) is part of its request, whose
    # own line says how it went; only a worker's run gets a line at INFO.
    eager = bool(getattr(getattr(task, "request", None), "is_eager", False))
    task_logger.log(
        logging.DEBUG if eager else logging.INFO,
        "%s finished: %s",
        name,
        state,
        extra={
            "task": name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        },
    )
    if token is not None:
        try:
            _request_id.reset(token)
        except ValueError:  # set in another context (a thread pool): nothing to restore there
            _request_id.set(None)
