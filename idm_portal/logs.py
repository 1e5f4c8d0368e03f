"""The portal's log lines: one JSON object per line in production, readable lines otherwise.

Every line carries the request id of the request (or of the task a request started) it was
written for (idm_portal.request_context). Only the fields listed in FIELDS leave the process:
a record's other attributes (Django's `request`, a task's arguments) are never written, so a
passport number or a password can reach a line only through its message, and no message of
ours names one (tests/idm_portal/test_logs.py plants both and looks for them).

Plain dicts and classes, no Django import: settings.py builds LOGGING from `config()`.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Attributes of a record written beside time, level, logger and message, in this order, when
# set (`logger.info("…", extra={"status": 200})`).
FIELDS = (
    "request_id",
    "user_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "task",
    "task_id",
    "state",
)


class RequestContextFilter(logging.Filter):
    """Adds the current request id (and signed-in user's id) to every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        from idm_portal import request_context

        if getattr(record, "request_id", None) is None:
            record.request_id = request_context.request_id()
        if getattr(record, "user_id", None) is None:
            record.user_id = request_context.user_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, FIELDS, and
    the traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


CONSOLE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
FORMATS = ("json", "console")


def config(*, log_format: str, level: str) -> dict:
    """LOGGING for `log_format` (json or console) at root level `level`."""
    if log_format not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {log_format!r}")
    formatter = (
        {"()": "idm_portal.logs.JsonFormatter"}
        if log_format == "json"
        else {"format": CONSOLE_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "idm_portal.logs.RequestContextFilter"}},
        "formatters": {"portal": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "portal",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Through the root's handler only (Django's own console handler would repeat them).
            "django": {"handlers": [], "level": "INFO"},
            # Never DEBUG: its lines are the SQL with its parameters (passport numbers).
            "django.db.backends": {"level": "INFO"},
            # Our own line per request (idm_portal.request_context) replaces runserver's.
            "django.server": {"level": "WARNING"},
            # WeasyPrint logs every layout step at INFO: keep only its warnings.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
