"""Settings switch on the environment: each case starts a fresh interpreter."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# Variables the settings read; removed from the inherited environment so that each case sees
# exactly what it sets (a developer's or CI's DATABASE_URL must not leak in).
OWN_PREFIXES = (
    "DJANGO_",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_",
    "EMAIL_",
    "DEFAULT_FROM_EMAIL",
    "ADMIN_REQUIRE_MFA",
    "MFA_ENCRYPTION_KEY",
)

PRINT_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from idm_portal.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
    "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS"),
    "CONNECT_TIMEOUT": db.get("OPTIONS", {}).get("connect_timeout"),
    "STATEMENT_TIMEOUT_MS": settings.DB_STATEMENT_TIMEOUT_MS,
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "BROKER": settings.CELERY_BROKER_URL,
    "EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "APP_EAGER": app.conf.task_always_eager,
    "APP_BROKER": app.conf.broker_url,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "ADMIN_REQUIRE_MFA": settings.ADMIN_REQUIRE_MFA,
}))
"""


def run_python(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    clean["DJANGO_SETTINGS_MODULE"] = "idm_portal.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(**env: str) -> dict:
    result = run_python(["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "idm.example.org",
        "MFA_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_nothing_set_gives_the_embedded_default():
    values = settings_under()
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert values["EAGER"] is True and values["APP_EAGER"] is True
    assert values["BROKER"].startswith("memory://")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["MEDIA_ROOT"] == str(BASE_DIR / "media")


def test_database_url_switches_to_postgresql_with_persistent_connections():
    values = settings_under(DATABASE_URL="postgres://idm:secret@db.example.org:5432/idm")
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "idm"
    assert values["CONN_MAX_AGE"] == 60


def test_postgresql_connections_give_up_connecting_after_a_timeout():
    values = settings_under(DATABASE_URL="postgres://idm@db.example.org/idm")
    assert values["CONNECT_TIMEOUT"] == 5
    assert values["CONN_HEALTH_CHECKS"] is True
    assert values["STATEMENT_TIMEOUT_MS"] == 15000


def test_database_timeouts_can_be_tuned():
    values = settings_under(
        DATABASE_URL="postgres://idm@db.example.org/idm",
        DJANGO_DB_CONNECT_TIMEOUT="3",
        DJANGO_DB_STATEMENT_TIMEOUT_MS="0",
    )
    assert values["CONNECT_TIMEOUT"] == 3
    assert values["STATEMENT_TIMEOUT_MS"] == 0


def test_conn_max_age_can_be_tuned():
    values = settings_under(
        DATABASE_URL="postgres://idm@db.example.org/idm", DJANGO_CONN_MAX_AGE="0"
    )
    assert values["CONN_MAX_AGE"] == 0


def test_redis_url_switches_celery_to_a_real_broker_and_the_cache_to_redis():
    values = settings_under(REDIS_URL="redis://cache.example.org:6379/3")
    assert values["BROKER"] == "redis://cache.example.org:6379/3"
    assert values["APP_BROKER"] == "redis://cache.example.org:6379/3"
    assert values["EAGER"] is False and values["APP_EAGER"] is False
    assert values["CACHE"] == "idm_portal.cache.FallbackRedisCache"


def test_staff_need_a_second_factor_in_production_and_the_demo_may_relax_it():
    assert settings_under()["ADMIN_REQUIRE_MFA"] is False
    assert settings_under(**production_env())["ADMIN_REQUIRE_MFA"] is True
    assert settings_under(**production_env(ADMIN_REQUIRE_MFA="0"))["ADMIN_REQUIRE_MFA"] is False
    assert settings_under(ADMIN_REQUIRE_MFA="1")["ADMIN_REQUIRE_MFA"] is True


def test_smtp_host_switches_email_to_smtp():
    values = settings_under(EMAIL_HOST="smtp.example.org")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env()
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        (production_env(DJANGO_SECRET_KEY=None), "DJANGO_SECRET_KEY"),
        (production_env(DJANGO_SECRET_KEY="too-short"), "DJANGO_SECRET_KEY"),
        (production_env(DJANGO_ALLOWED_HOSTS=None), "DJANGO_ALLOWED_HOSTS"),
        (production_env(DJANGO_ALLOWED_HOSTS=" , "), "DJANGO_ALLOWED_HOSTS"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://idm@db/idm"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"DJANGO_CONN_MAX_AGE": "abc"}, "DJANGO_CONN_MAX_AGE"),
        ({"DJANGO_DB_CONNECT_TIMEOUT": "5s"}, "DJANGO_DB_CONNECT_TIMEOUT"),
        ({"DJANGO_DB_CONNECT_TIMEOUT": "0"}, "DJANGO_DB_CONNECT_TIMEOUT"),
        ({"DJANGO_DB_STATEMENT_TIMEOUT_MS": "-1"}, "DJANGO_DB_STATEMENT_TIMEOUT_MS"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        (production_env(DJANGO_SECURE_HSTS_SECONDS="a year"), "DJANGO_SECURE_HSTS_SECONDS"),
        ({"GENERATED_FILE_LEASE_RENEW_SECONDS": "30"}, "GENERATED_FILE_LEASE_RENEW_SECONDS"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_malformed_or_missing_variable_stops_the_start_naming_it(env, variable):
    result = run_python(["manage.py", "check"], **env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert variable in last_line


def _variables_read_by_settings() -> set[str]:
    import ast

    tree = ast.parse((BASE_DIR / "idm_portal" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "").startswith("env_")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
    return names


def test_every_variable_the_settings_read_is_documented():
    """The README's settings table and .env.example list every variable (PORTAL_BASE_URL, the
    address e-mail links start with, was missing from the README)."""
    variables = _variables_read_by_settings()
    assert "PORTAL_BASE_URL" in variables
    readme = (BASE_DIR / "README.md").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    assert [name for name in sorted(variables) if f"`{name}`" not in readme] == []
    assert [name for name in sorted(variables) if f"{name}=" not in example] == []


def test_make_run_on_another_port_links_e_mails_to_it():
    import subprocess

    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8102"], cwd=BASE_DIR, capture_output=True, text=True
    ).stdout
    assert "runserver 127.0.0.1:8102" in dry_run
    assert "PORTAL_BASE_URL=${PORTAL_BASE_URL:-http://127.0.0.1:8102}" in dry_run
