import os

from celery import Celery
from celery.signals import setup_logging

# Its Celery signals carry a request's id into the tasks it starts (and into their log lines).
from idm_portal import request_context  # noqa: F401

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

app = Celery("idm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect(dispatch_uid="idm-django-logging")
def _log_through_django_settings(**kwargs) -> None:
    """Workers and beat write through settings.LOGGING (JSON lines in production, each with its
    request id), not Celery's own format; DJANGO_LOG_LEVEL sets the level, not --loglevel.
    A receiver here is what tells Celery to leave logging alone."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
