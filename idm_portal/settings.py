"""Settings of the IDM Portal, read from the environment with an embedded default.

With nothing set: SQLite, Celery tasks run eagerly in-process, e-mail to the console, files
under media/, DEBUG on. DATABASE_URL switches to PostgreSQL, REDIS_URL to a real Celery
broker and cache, DJANGO_DEBUG=0 to production settings (which then need DJANGO_SECRET_KEY
and DJANGO_ALLOWED_HOSTS). Every variable is listed in .env.example.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from idm_portal import cache_settings, logs, mfa_keys
from idm_portal.env import env_bool, env_int, env_list, env_str, env_url, require

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)
PRODUCTION = not DEBUG

if PRODUCTION:
    SECRET_KEY = require("DJANGO_SECRET_KEY", env_str("DJANGO_SECRET_KEY"), "when DJANGO_DEBUG=0")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too short: use at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    require("DJANGO_ALLOWED_HOSTS", ",".join(ALLOWED_HOSTS), "when DJANGO_DEBUG=0")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "django-insecure-local-development-key-only"
    ALLOWED_HOSTS = env_list(
        "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
    )

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin app (PortalAdminConfig): its TranslationAdmin widgets and static files.
    "modeltranslation",
    "idm_portal",
    "workshops",
    "funding",
    "registrations",
    "surveys",
    "idm_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "simple_history",
    "import_export",
]

MIDDLEWARE = [
    # The request id on every log line and response; /healthz before host checks and redirects.
    "idm_portal.request_context.RequestIdMiddleware",
    "idm_portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "idm_portal.urls"
WSGI_APPLICATION = "idm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "idm_portal.context_processors.portal",
            ],
            "builtins": ["idm_portal.templatetags.kept_extends"],  # {% extends %}, kept
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "pgsql", "sqlite"))
# Read even when unused, so that a typo fails at start rather than on the next deployment.
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", 60)
# A database that accepts connections but never answers must not hang a request until gunicorn
# kills the worker: libpq gives up connecting after this many seconds (it rounds 1 up to 2;
# 0 would mean "wait for ever", hence refused). Every process gets it.
DB_CONNECT_TIMEOUT = env_int("DJANGO_DB_CONNECT_TIMEOUT", 5)
if DB_CONNECT_TIMEOUT < 1:
    raise ImproperlyConfigured("DJANGO_DB_CONNECT_TIMEOUT must be at least 1 (seconds).")
# Web requests only: idm_portal/db.py sets it on each connection a web process opens (wsgi.py,
# asgi.py, runserver), so that Celery workers, PDF jobs and management commands (migrate,
# load_demo) are never cut by it. 0 = no limit.
DB_STATEMENT_TIMEOUT_MS = env_int("DJANGO_DB_STATEMENT_TIMEOUT_MS", 15000)
if DB_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured("DJANGO_DB_STATEMENT_TIMEOUT_MS must be 0 (no limit) or more.")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL,
                conn_max_age=CONN_MAX_AGE,
                conn_health_checks=True,
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DB_CONNECT_TIMEOUT
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache ---------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))


# The cache settings (Redis with its per-process fallback, and each process's page cache)
# are in idm_portal/cache_settings.py: plain dicts, importable before Django is set up.
redis_caches = cache_settings.redis_caches
PAGES_CACHE = cache_settings.PAGES_CACHE

if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": PAGES_CACHE,
    }

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host, or kombu warns on each use
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "idm")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A dead broker never hangs a request: connect fast, retry briefly, give up (the sweep requeues).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis's default, spelled out because the generated-file leases rely on it: a message is
    # delivered again only after an hour, far beyond a task's time limit and retry countdown.
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["registrations-expire-seat-offers"] = {
    "task": "registrations.tasks.expire_seat_offers",
    "schedule": 15 * 60,
}
# Passport details are erased this many days after the delegate's last workshop ends.
PASSPORT_RETENTION_DAYS = env_int("PASSPORT_RETENTION_DAYS", 30)
CELERY_BEAT_SCHEDULE["registrations-erase-expired-passport-details"] = {
    "task": "registrations.tasks.erase_expired_passport_details",
    "schedule": 24 * 60 * 60,
}
# Committed pledges not paid by their due date: one reminder to the donor's contacts, once per
# pledge and due date (funding.services.reminders), so running it again sends nothing.
CELERY_BEAT_SCHEDULE["funding-remind-overdue-pledges"] = {
    "task": "funding.tasks.remind_overdue_pledges",
    "schedule": 24 * 60 * 60,
}
# --- Generated files (PDFs): leases and the sweep ---------------------------------------------
# A running job holds a lease of GENERATED_FILE_LEASE_SECONDS, renewed every
# GENERATED_FILE_LEASE_RENEW_SECONDS while its rendering lives (two renewals may fail, e.g. a
# short database failover, before the lease lapses). The sweep, every
# GENERATED_FILE_SWEEP_SECONDS, sends again rows left pending and rows whose lease expired
# (their worker died), so a killed worker's job restarts within lease + sweep seconds. Each
# message expires after one period, so sweeps never pile up while no worker is running.
GENERATED_FILE_LEASE_SECONDS = env_int("GENERATED_FILE_LEASE_SECONDS", 30)
GENERATED_FILE_LEASE_RENEW_SECONDS = env_int("GENERATED_FILE_LEASE_RENEW_SECONDS", 10)
GENERATED_FILE_SWEEP_SECONDS = env_int("GENERATED_FILE_SWEEP_SECONDS", 15)
if not 0 < GENERATED_FILE_LEASE_RENEW_SECONDS < GENERATED_FILE_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "GENERATED_FILE_LEASE_RENEW_SECONDS must be above 0 and below "
        "GENERATED_FILE_LEASE_SECONDS, or a live rendering would lose its lease."
    )
if GENERATED_FILE_SWEEP_SECONDS <= 0:
    raise ImproperlyConfigured("GENERATED_FILE_SWEEP_SECONDS must be above 0.")
CELERY_BEAT_SCHEDULE["idm-portal-sweep-generated-files"] = {
    "task": "idm_portal.tasks.sweep_generated_files",
    "schedule": GENERATED_FILE_SWEEP_SECONDS,
    "options": {"expires": GENERATED_FILE_SWEEP_SECONDS},
}
# The background queue (idm_portal.queue) has one sweep per kind: generated files (above) and
# the outbox, which carries every e-mail (allauth's, registrations', invitations').
# E-mails of the outbox (idm_portal.queue.outbox) left pending, e.g. while the broker was down:
# as often as the files' sweep, so that e-mails owed during an outage go out within a minute
# of the broker coming back (tests/idm_portal/test_redis_stopped.py).
CELERY_BEAT_SCHEDULE["idm-portal-sweep-outbound-emails"] = {
    "task": "idm_portal.tasks.sweep_outbound_emails",
    "schedule": GENERATED_FILE_SWEEP_SECONDS,
    "options": {"expires": GENERATED_FILE_SWEEP_SECONDS},
}
# Limits of one PDF rendering (idm_portal/pdf/): wall-clock seconds and extra memory.
PDF_RENDER_TIMEOUT = env_int("PDF_RENDER_TIMEOUT", 120)
PDF_RENDER_MEMORY_MB = env_int("PDF_RENDER_MEMORY_MB", 400)

# --- Sessions and security ------------------------------------------------------------------
# Sessions live in the database and are read from the cache (Redis; while Redis is down,
# idm_portal.cache's per-process stand-in, then the database): no query per signed-in request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Content-Security-Policy (django-csp) --------------------------------------------------
# On every response. Scripts only from our own static files: no inline <script>, no on*=
# attributes, no eval (tests/idm_portal/test_content_security_policy.py walks every kind of
# page for them). Should a third-party template ever force an inline script, add
# csp.constants.NONCE to script-src and give that <script> nonce="{{ request.csp_nonce }}".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # style= attributes only, never <style> elements: django-simple-history's history
        # page (its paginator) and our stand-alone 500/503 pages, which must not depend on the
        # static files. An attribute cannot select other content to leak it, and img-src
        # bounds what it could load. (A browser without style-src-attr falls back to
        # style-src and merely drops those few styles.)
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts (django-allauth) -------------------------------------------------------------
AUTH_USER_MODEL = "idm_portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IDM] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so that they are visibly on.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# E-mails go through the outbox (never sent inside a request); sign-up does the same work for
# a new and a known address (idm_portal/accounts.py).
# Behind N proxies that append to X-Forwarded-For, the client is the Nth address from its end;
# with 0 every visitor would be the proxy's one address to allauth's per-IP limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
ACCOUNT_ADAPTER = "idm_portal.accounts.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "idm_portal.accounts.SignupForm",
    "login": "idm_portal.accounts.LoginForm",
    "add_email": "idm_portal.accounts.AddEmailForm",
    "change_password": "idm_portal.accounts.ChangePasswordForm",
    "reset_password_from_key": "idm_portal.accounts.ResetPasswordKeyForm",
}
# A person invited by a focal point chooses their password from the invitation e-mail's link
# and lands, signed in, on the invitation (the link's ?next=); so does a forgotten password.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Second factor (allauth.mfa): an authenticator app, with recovery codes. Staff need one to
# reach any admin page when ADMIN_REQUIRE_MFA is on (default: in production, not in the
# embedded/demo default); see idm_portal/admin_site.py.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IDM Portal"
ADMIN_REQUIRE_MFA = env_bool("ADMIN_REQUIRE_MFA", PRODUCTION)
# Their secrets stored encrypted (idm_portal/mfa.py, mfa_keys.py; README, "Backups").
MFA_ADAPTER = "idm_portal.mfa.MFAAdapter"
MFA_FORMS = mfa_keys.FORMS  # sign-in forms that refuse a secret the keys do not open
MFA_ENCRYPTION_KEYS = mfa_keys.configured_keys(
    env_list("MFA_ENCRYPTION_KEY"), production=PRODUCTION, secret_key=SECRET_KEY
)
# A named URL, so that a page in French sends to the French login (a path would be English).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Where people write to the IDM Secretariat: shown in the footer and in every "write to us".
PORTAL_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "idm@example.org")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IDM Secretariat <idm@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# django-modeltranslation (workshops/translation.py): fr/es columns beside the English one;
# an empty translation falls back to English (templates say so: workshops' {% translated %}).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_I18N = True
TIME_ZONE = "Europe/Zurich"
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Logging --------------------------------------------------------------------------------
# One JSON object per line in production, readable lines in the embedded default, each with the
# request id (idm_portal/logs.py, idm_portal/request_context.py).
DJANGO_LOG_FORMAT = env_str("DJANGO_LOG_FORMAT").lower() or ("json" if PRODUCTION else "console")
if DJANGO_LOG_FORMAT not in logs.FORMATS:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be one of {', '.join(logs.FORMATS)}.")
# Celery's workers and beat write through LOGGING too (idm_portal/celery.py).
LOGGING = logs.config(log_format=DJANGO_LOG_FORMAT, level=env_str("DJANGO_LOG_LEVEL", "INFO"))

# --- Programme ------------------------------------------------------------------------------
COUNTRIES_FIRST_REPEAT = False
FORMAT_MODULE_PATH = ["idm_portal.formats"]
# Absolute links in e-mails (confirmation, seat offers, account claims) start with this.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
