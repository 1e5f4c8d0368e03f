"""The database limit of web requests: a statement timeout on every connection a web process opens.

Only the web entry points (wsgi.py, asgi.py, and so runserver, which loads wsgi.py) call
`limit_web_statements()`. A Celery worker, a PDF job or a management command (migrate,
load_demo, a data fix) never imports them, so it is never cut by the web's limit: a positive
list of web entry points, rather than a list of exceptions that a new command could miss.
A cancelled statement raises OperationalError, which idm_portal.views.server_error answers with
the 503 page.
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def limit_web_statements() -> None:
    connection_created.connect(_set_statement_timeout, dispatch_uid="idm-web-statement-timeout")


def _set_statement_timeout(sender, connection, **kwargs) -> None:
    timeout = settings.DB_STATEMENT_TIMEOUT_MS
    if connection.vendor != "postgresql" or not timeout:
        return
    # Session level, so it holds for the connection's whole life (CONN_MAX_AGE): one round
    # trip per new connection, none per request.
    with connection.connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = %s", [int(timeout)])
