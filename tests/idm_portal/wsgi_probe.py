"""Runs requests through the portal's real WSGI application (idm_portal/wsgi.py, as gunicorn
does) in a process of its own, with whatever database the environment names, and prints one
JSON line with what each request answered. Used by test_database_outage.py.

    python -m tests.idm_portal.wsgi_probe '{"steps": [{"get": "/en/"}], "urlconf": null}'

A step is {"get": path, "cookie": optional}, or {"drop_connection": true}, which terminates the
database backend of the connection the previous requests left open (as a database restart or
a proxy dropping an idle connection would).
"""

import io
import json
import os
import sys
import time


def main() -> None:
    plan = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Production settings want collected static files (the manifest); the probe has none.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    overrides = {"STORAGES": storages}
    if plan.get("urlconf"):
        overrides["ROOT_URLCONF"] = plan["urlconf"]
    with override_settings(**overrides):
        from idm_portal.wsgi import application

        results = [run(step, application) for step in plan["steps"]]
    print(json.dumps(results))


def run(step: dict, application) -> dict:
    if step.get("drop_connection"):
        return drop_connection()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": step["get"],
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443",
        "HTTP_HOST": "testserver",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": step.get("accept_language", "en"),
        "HTTP_COOKIE": step.get("cookie", ""),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    started = time.monotonic()
    response = application(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        # Closing sends request_finished, where Django closes broken or obsolete connections.
        response.close()
    answer["seconds"] = time.monotonic() - started
    answer["body"] = body.decode("utf-8", "replace")
    return answer


def drop_connection() -> dict:
    import psycopg2
    from django.db import connection

    pid = connection.connection.get_backend_pid()
    killer = psycopg2.connect(**connection.get_connection_params())
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                break
            time.sleep(0.05)
    killer.close()
    return {"dropped": pid}


if __name__ == "__main__":
    main()
