"""Benchmark of delegate registration (issue 4): registrations per second and the latency of the
registration POST, over HTTP against gunicorn on PostgreSQL, beside a bare Django view.

    .venv/bin/python bench/registrations.py [--delegates 1000] [--concurrency 8] [--workers N]

Needs PostgreSQL (trust auth) and Redis on 127.0.0.1. In order, it:
  1. drops and creates the database idm_bench (--database-url; its name must start with
     idm_bench), migrates it, loads the demo (manage.py load_demo), opens registration for
     the workshop (--workshop) and creates the delegates in bulk: users with a verified
     e-mail address, a delegate profile (member states in turn, every tenth an international
     organisation) and a logged-in session each, written straight into the session table so
     that no client goes through allauth's login and its rate limits. With --profile-form
     the delegates have no profile yet and each POST carries the profile form too (a first
     registration);
  2. collects the static files into a temporary folder (production keeps a manifest of
     hashed names) and flushes the Redis database (--redis-url, db 13), so that the queue
     then holds only the run's e-mails;
  3. starts gunicorn (sync workers; --workers, default 2 x cores + 1) on a free port with
     production settings: DJANGO_DEBUG=0, a generated DJANGO_SECRET_KEY and MFA_ENCRYPTION_KEY,
     DJANGO_ALLOWED_HOSTS=127.0.0.1, DATABASE_URL and REDIS_URL as above (e-mails are
     enqueued into that Redis; no Celery worker runs) and DJANGO_SETTINGS_MODULE=
     bench.settings (the portal's settings, plus the bare view). The clients speak as if
     behind the TLS proxy (X-Forwarded-Proto: https, same-origin Origin and Referer), so the
     HTTPS redirect, the secure cookies and the CSRF checks stay on, as in production;
  4. measures with --concurrency client threads, after a warm-up of every worker:
       bare view GET          --bare-requests GETs of /bench/bare/: the portal's middleware,
                              no template, no database;
       registration form GET  per delegate: the form, its csrftoken cookie and one-time
                              submission token;
       registration POST      then the form sent back; a 302 to "My registrations" is a
                              registration;
  5. checks that nothing was lost: every delegate whose POST was redirected has exactly one
     registration for the workshop, no delegate has two, no registration exists without a
     redirect, and each registration owes exactly one "received" e-mail;
  6. counts the queries of the form GET and the POST with Django's test client in this
     process, against the same database (three extra delegates, not in the figures;
     --show-queries prints the POST's SQL);
  7. stops gunicorn, flushes the Redis database and drops idm_bench unless --keep.

Latency: from sending the request to the last byte of the answer, one connection per request
(sync workers close it anyway). Registrations/s = redirected POSTs / wall-clock time of the
registration phase, form GETs included. The client threads share the machine's cores with
gunicorn and PostgreSQL. Exit status 1 when a registration is lost or duplicated, a request
got a 5xx or no answer, or a POST was not redirected; gunicorn's log is then kept and named.
"""

import argparse
import base64
import datetime
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if not __package__:
    # Run as a script: this folder must not shadow the portal's `registrations` app.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))

from bench._http import Response, cookie_header, form_inputs, percentile, request  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/idm_bench"
REDIS_URL = "redis://127.0.0.1:6379/13"
WORKSHOP = "human-rights-of-migrants-shared-responsibility"
EMAIL_DOMAIN = "bench.example.org"
QUERY_DELEGATES = 3  # extra delegates whose registrations count the queries in-process
HOST = "127.0.0.1"


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def checked(
    parser: argparse.ArgumentParser, args: argparse.Namespace, positive
) -> argparse.Namespace:
    """`args` once the options named in `positive` are at least 1, --database-url names a
    PostgreSQL database whose name starts with idm_bench (it is dropped and created again)
    and --redis-url is a Redis URL; otherwise the parser's error. Every benchmark's parse_args
    ends with it."""
    for name in positive:
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    parts = urlsplit(args.database_url)
    if parts.scheme not in ("postgres", "postgresql") or not parts.path.strip("/").startswith(
        "idm_bench"
    ):
        parser.error(
            "--database-url must name a PostgreSQL database whose name starts with idm_bench "
            "(it is dropped and created again)"
        )
    if urlsplit(args.redis_url).scheme not in ("redis", "rediss"):
        parser.error("--redis-url must start with redis:// or rediss://")
    return args


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0].replace("\n", " "),
        epilog=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--delegates", type=int, default=1000, help="delegates who register (default 1000)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=8,
        help="client threads sending requests at once (default 8)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * cores() + 1,
        help="gunicorn sync workers (default 2 x cores + 1 = %(default)s)",
    )
    parser.add_argument(
        "--bare-requests", type=int, default=2000, help="GETs of the bare view (default 2000)"
    )
    parser.add_argument(
        "--workshop", default=WORKSHOP, help="slug of the demo workshop registered for"
    )
    parser.add_argument(
        "--profile-form",
        action="store_true",
        help="delegates have no profile yet: each POST carries the profile form too",
    )
    parser.add_argument(
        "--database-url",
        default=DATABASE_URL,
        help="the PostgreSQL database to drop and create (its name must start with idm_bench)",
    )
    parser.add_argument(
        "--redis-url", default=REDIS_URL, help="broker and cache; flushed before and after"
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds one request may take (default 30)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the idm_bench database afterwards"
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of one registration POST"
    )
    return checked(
        parser, parser.parse_args(argv), ("delegates", "concurrency", "workers", "bare_requests")
    )


def bench_environment(args: argparse.Namespace, static_root: str) -> dict[str, str]:
    """The environment of gunicorn and of this process: the portal's production settings."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "MFA_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "1",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "BENCH_STATIC_ROOT": static_root,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


# --- Database and Redis --------------------------------------------------------------------
def _maintenance(url: str, statements: Iterable[str]) -> None:
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    database = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(database["NAME"])))
    finally:
        connection.close()


def recreate_database(url: str) -> None:
    _maintenance(url, ["DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}"])


def drop_database(url: str) -> None:
    _maintenance(url, ["DROP DATABASE IF EXISTS {} WITH (FORCE)"])


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def enqueued_messages(url: str, queue: str) -> int:
    """Messages waiting in the Celery queue (kombu keeps one Redis list per priority)."""
    import redis

    client = redis.Redis.from_url(url)
    return sum(
        client.llen(key) for key in client.scan_iter(f"{queue}*") if client.type(key) == b"list"
    )


# --- Delegates -----------------------------------------------------------------------------
@dataclass
class Delegate:
    user_id: int
    session_key: str
    form_data: dict[str, str] = field(default_factory=dict)  # the profile form, if asked


def profile_fields(n: int, states: list) -> dict:
    """Delegate n's profile: member states in turn, every tenth an international
    organisation."""
    from registrations.models.profiles import DelegateProfile as Profile

    organisation = n % 10 == 9
    return {
        "title": Profile.Title.MS if n % 2 else Profile.Title.MR,
        "family_name": f"Bench{n:05d}",
        "given_names": "Delegate",
        "gender": Profile.Gender.FEMALE if n % 2 else Profile.Gender.MALE,
        "participant_type": (
            Profile.ParticipantType.INTERNATIONAL_ORGANIZATION
            if organisation
            else Profile.ParticipantType.MEMBER_STATE
        ),
        "member_state": None if organisation else states[n % len(states)],
        "organisation": "International Labour Organization" if organisation else "",
        "position": "Counsellor",
        "institution": "Ministry of Foreign Affairs",
        "based_in": Profile.BasedIn.CAPITAL if n % 3 else Profile.BasedIn.PERMANENT_MISSION,
        "consent_to_public_listing": True,
    }


def as_form_data(fields: dict) -> dict[str, str]:
    data = {}
    for name, value in fields.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


def create_delegates(count: int, *, with_profiles: bool) -> list[Delegate]:
    """Users with a verified e-mail address, a profile unless the form is to ask it, and a
    logged-in session each, all in bulk."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from registrations.models.profiles import DelegateProfile
    from workshops.models import MemberState

    states = list(MemberState.objects.filter(status=MemberState.Status.MEMBER).order_by("pk"))
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(
                email=f"delegate{n:05d}@{EMAIL_DOMAIN}",
                first_name="Delegate",
                last_name=f"Bench{n:05d}",
                password=make_password(None),  # no password: the session is written below
            )
            for n in range(count)
        ],
        batch_size=500,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=500,
    )
    fields = [profile_fields(n, states) for n in range(count)]
    if with_profiles:
        DelegateProfile.objects.bulk_create(
            [DelegateProfile(user=u, **f) for u, f in zip(users, fields, strict=True)],
            batch_size=500,
        )
    store = SessionStore()
    expire_date = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    sessions = [
        SessionStore.get_model_class()(
            session_key=get_random_string(32, VALID_KEY_CHARS),
            session_data=store.encode(
                {
                    SESSION_KEY: str(u.pk),
                    BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                    HASH_SESSION_KEY: u.get_session_auth_hash(),
                }
            ),
            expire_date=expire_date,
        )
        for u in users
    ]
    SessionStore.get_model_class().objects.bulk_create(sessions, batch_size=500)
    return [
        Delegate(u.pk, s.session_key, {} if with_profiles else as_form_data(f))
        for u, s, f in zip(users, sessions, fields, strict=True)
    ]


def prepare(args: argparse.Namespace):
    from django.core.management import call_command

    from workshops.models import Workshop

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    workshop = Workshop.objects.filter(slug=args.workshop).first()
    if workshop is None:
        slugs = ", ".join(Workshop.objects.values_list("slug", flat=True))
        raise SystemExit(f"No workshop {args.workshop!r} in the demo; choose one of: {slugs}")
    Workshop.objects.filter(pk=workshop.pk).update(
        registration_status=Workshop.RegistrationStatus.OPEN
    )
    delegates = create_delegates(
        args.delegates + QUERY_DELEGATES, with_profiles=not args.profile_form
    )
    call_command("collectstatic", interactive=False, verbosity=0)
    return workshop, delegates


# --- gunicorn ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def run_against_gunicorn(args: argparse.Namespace, run: Callable) -> int:
    """A benchmark's whole life: a fresh database and Redis db, Django set up with the bench's
    environment, ``run(args, gunicorn_log)`` (which returns its failures), then everything
    dropped again (the database kept with ``--keep``). Exit status 1, with the end of
    gunicorn's log, when something failed; gunicorn's log is kept when it holds warnings."""
    static_root = tempfile.mkdtemp(prefix="idm-bench-static-")
    log = tempfile.NamedTemporaryFile(
        "w+", prefix="idm-bench-gunicorn-", suffix=".log", delete=False
    )
    os.environ.update(bench_environment(args, static_root))
    recreate_database(args.database_url)
    flush_redis(args.redis_url)
    import django

    django.setup()
    failures = ["interrupted"]
    try:
        failures = run(args, log)
    finally:
        from django.db import connections

        connections.close_all()
        flush_redis(args.redis_url)
        if not args.keep:
            drop_database(args.database_url)
        shutil.rmtree(static_root, ignore_errors=True)
        log.close()
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        tail = Path(log.name).read_text(errors="replace").splitlines()[-60:]
        print(f"gunicorn's log ({log.name}), its end:", *tail, sep="\n", file=sys.stderr)
        return 1
    if Path(log.name).stat().st_size:
        print(f"gunicorn logged warnings: {log.name}", file=sys.stderr)
    else:
        os.unlink(log.name)
    return 0


def start_gunicorn(workers: int, log) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "idm_portal.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--chdir", str(ROOT),
        "--log-level", "warning", "--timeout", "60",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit status {process.returncode})")
        if request(HOST, port, "GET", "/bench/bare/", headers=PROXY, timeout=2).status == 200:
            return process, port
        time.sleep(0.2)
    stop_gunicorn(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: the workers finish their request
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- The clients ---------------------------------------------------------------------------
PROXY = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of gunicorn says


@dataclass
class Attempt:
    delegate: Delegate
    form: Response
    post: Response | None  # None when the form did not come


def register_over_http(
    port: int, path: str, delegate: Delegate, *, session_cookie: str, timeout: float
) -> Attempt:
    cookies = {session_cookie: delegate.session_key}
    form = request(
        HOST,
        port,
        "GET",
        path,
        headers={**PROXY, "Cookie": cookie_header(cookies)},
        timeout=timeout,
    )
    if form.status != 200:
        return Attempt(delegate, form, None)
    cookies.update(form.cookies)
    inputs = form_inputs(form.body)
    data = {
        "csrfmiddlewaretoken": inputs.get("csrfmiddlewaretoken", ""),
        "submission": inputs.get("submission", ""),
        "role": "delegate",
        **delegate.form_data,
    }
    origin = f"https://{HOST}:{port}"
    headers = {
        **PROXY,
        "Cookie": cookie_header(cookies),
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": origin,
        "Referer": origin + path,
    }
    post = request(
        HOST, port, "POST", path, headers=headers, body=urlencode(data).encode(), timeout=timeout
    )
    return Attempt(delegate, form, post)


def timed_pool(work: Callable, items: Iterable, concurrency: int) -> tuple[list, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(work, items))
    return results, time.perf_counter() - started


# --- Checks and report ---------------------------------------------------------------------
def nothing_lost(*, workshop_id: int, user_ids: Iterable[int], redirected: set[int]) -> list[str]:
    """What was lost or doubled, in words; an empty list when every redirected POST has
    exactly one registration (owing one "received" e-mail) and no other registration exists.
    `user_ids` are the delegates who took part, `redirected` those whose POST redirected."""
    from registrations.models.emails import RegistrationEmail
    from registrations.models.lifecycle import Registration

    rows = list(
        Registration.objects.filter(
            workshop_id=workshop_id, delegate__user_id__in=list(user_ids)
        ).values_list("delegate__user_id", "pk")
    )
    per_delegate = Counter(user_id for user_id, _pk in rows)
    emails = Counter(
        RegistrationEmail.objects.filter(
            registration_id__in=[pk for _user_id, pk in rows],
            kind=RegistrationEmail.Kind.RECEIVED,
        ).values_list("registration_id", flat=True)
    )
    problems = []

    def report(users: list, what: str) -> None:
        if users:
            problems.append(f"{len(users)} {what} (users {', '.join(map(str, users[:5]))}…)")

    report(sorted(redirected - per_delegate.keys()), "redirected POSTs have no registration")
    report(sorted(u for u, n in per_delegate.items() if n > 1), "delegates registered twice")
    report(sorted(per_delegate.keys() - redirected), "registrations without a redirect")
    report(
        sorted(u for u, pk in rows if emails[pk] != 1),
        'registrations without exactly one "received" e-mail',
    )
    if len(rows) != len(redirected):
        problems.append(f"{len(rows)} registrations for {len(redirected)} redirected POSTs")
    return problems


def statuses(responses: list[Response]) -> str:
    counts = Counter(r.status for r in responses)
    return " ".join(
        f"{code or 'none'}×{n}" for code, n in sorted(counts.items(), key=lambda c: -c[1])
    )


def row(name: str, responses: list[Response], per_second: str) -> str:
    ms = [r.seconds * 1000 for r in responses]
    figures = f"{percentile(ms, 50):>8.1f} {percentile(ms, 95):>8.1f} {max(ms, default=0):>8.1f}"
    return f"{name:<26} {len(responses):>6} {per_second:>8} {figures}  {statuses(responses)}"


def count_queries(path: str, delegates: list[Delegate]) -> list[tuple[list[str], list[str]]]:
    """The SQL of (form GET, POST) per delegate, through Django's test client in-process."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    queries = []
    for delegate in delegates:
        client = Client(SERVER_NAME=HOST)
        client.cookies[settings.SESSION_COOKIE_NAME] = delegate.session_key
        with CaptureQueriesContext(connection) as form_queries:
            form = client.get(path, secure=True)
        inputs = form_inputs(form.content)
        data = {"submission": inputs.get("submission", ""), "role": "delegate"}
        with CaptureQueriesContext(connection) as post_queries:
            post = client.post(path, {**data, **delegate.form_data}, secure=True)
        if form.status_code != 200 or post.status_code != 302:
            raise RuntimeError(f"test client: form {form.status_code}, POST {post.status_code}")
        queries.append(
            ([q["sql"] for q in form_queries.captured_queries],
             [q["sql"] for q in post_queries.captured_queries])
        )  # fmt: skip
    return queries


@dataclass
class Run:
    bare: list[Response]
    bare_seconds: float
    attempts: list[Attempt]
    seconds: float  # wall clock of the registration phase

    @property
    def forms(self) -> list[Response]:
        return [a.form for a in self.attempts]

    @property
    def posts(self) -> list[Response]:
        return [a.post for a in self.attempts if a.post is not None]

    def redirected_to(self, target: str) -> set[int]:
        """Users whose POST was redirected to `target` (a path)."""
        return {
            a.delegate.user_id
            for a in self.attempts
            if a.post is not None
            and a.post.status == 302
            and urlsplit(a.post.location).path == target
        }


def measure(args: argparse.Namespace, port: int, path: str, delegates, warm_up) -> Run:
    from django.conf import settings

    session_cookie = settings.SESSION_COOKIE_NAME

    def bare_get(_n: int) -> Response:
        return request(HOST, port, "GET", "/bench/bare/", headers=PROXY, timeout=args.timeout)

    def form_get(n: int) -> Response:
        cookie = cookie_header({session_cookie: warm_up[n % len(warm_up)].session_key})
        return request(HOST, port, "GET", path, headers={**PROXY, "Cookie": cookie})

    # Every worker loads its templates and URLs and opens its connection before the clock.
    timed_pool(bare_get, range(4 * args.workers), args.concurrency)
    timed_pool(form_get, range(4 * args.workers), args.concurrency)

    bare, bare_seconds = timed_pool(bare_get, range(args.bare_requests), args.concurrency)
    attempts, seconds = timed_pool(
        lambda d: register_over_http(
            port, path, d, session_cookie=session_cookie, timeout=args.timeout
        ),
        delegates,
        args.concurrency,
    )
    return Run(bare, bare_seconds, attempts, seconds)


def run(args: argparse.Namespace, log) -> list[str]:
    """Prepare, measure, check and print; return the failures."""
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse
    from django.utils import translation

    print(f"Preparing {args.database_url} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    workshop, delegates = prepare(args)
    delegates, query_delegates = delegates[: args.delegates], delegates[args.delegates :]
    with translation.override("en"):
        path = reverse("registrations:register", kwargs={"slug": workshop.slug})
        my_registrations = reverse("registrations:my_registrations")
    prepared = time.perf_counter() - started
    pg_version = connection.cursor().connection.server_version
    connection.close()
    flush_redis(args.redis_url)  # the demo's own e-mails and PDFs: count only this run's

    print(f"Starting gunicorn ({args.workers} workers) …", file=sys.stderr, flush=True)
    gunicorn, port = start_gunicorn(args.workers, log)
    try:
        print("Measuring …", file=sys.stderr, flush=True)
        result = measure(args, port, path, delegates, query_delegates)
    finally:
        stop_gunicorn(gunicorn)

    redirected = result.redirected_to(my_registrations)
    enqueued = enqueued_messages(args.redis_url, settings.CELERY_TASK_DEFAULT_QUEUE)
    problems = nothing_lost(
        workshop_id=workshop.pk, user_ids=[d.user_id for d in delegates], redirected=redirected
    )
    try:
        queries = count_queries(path, query_delegates)
        form_sql, post_sql = queries[-1]  # the first may fill per-process caches
        query_line = (
            f"Queries (Django test client, same database): form GET {len(form_sql)}, "
            f"registration POST {len(post_sql)}"
        )
        if args.show_queries:
            query_line += "".join(f"\n  {n:>3}. {sql}" for n, sql in enumerate(post_sql, 1))
    except Exception as error:  # noqa: BLE001 - optional figure; the HTTP run is the result
        query_line = f"Queries: not counted ({type(error).__name__}: {error})"

    profile = "profile form in the POST" if args.profile_form else "profiles made beforehand"
    print(
        f"Registration benchmark: {args.delegates} delegates ({profile}), "
        f"{args.concurrency} client threads, gunicorn {args.workers} sync workers, "
        f"PostgreSQL {pg_version // 10000}, {cores()} cores; workshop {workshop.slug}; "
        f"setup {prepared:.1f} s"
    )
    bare_rate = len(result.bare) / result.bare_seconds
    rate = len(redirected) / result.seconds
    both = [
        Response(a.post.status, a.form.seconds + a.post.seconds) for a in result.attempts if a.post
    ]
    print(f"{'':<26} {'count':>6} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  status")
    print(row("bare view GET", result.bare, f"{bare_rate:.1f}"))
    print(row("registration form GET", result.forms, ""))
    print(row("registration POST", result.posts, ""))
    print(row("registration (GET + POST)", both, f"{rate:.1f}"))
    print(
        f"Registrations/s: {rate:.1f} ({len(redirected)} in {result.seconds:.1f} s); "
        f"the bare view: {bare_rate:.1f} requests/s ({bare_rate / max(rate, 1e-9):.0f}×)"
    )
    print(query_line)
    print(f"E-mails enqueued in Redis during the run: {enqueued} ({len(redirected)} registrations)")

    failures = list(problems)
    if not problems:
        print(
            f"Nothing lost: {len(redirected)} POSTs redirected to {my_registrations}, "
            f"{len(redirected)} registrations in the database, none twice, none without a "
            'redirect, each owing one "received" e-mail.'
        )
    answers = [*result.bare, *result.forms, *result.posts]
    server_errors = [r for r in answers if r.status >= 500 or r.status == 0]
    if server_errors:
        failures.append(
            f"{len(server_errors)} requests got a 5xx or no answer: {statuses(server_errors)} "
            f"({next((r.error for r in server_errors if r.error), 'see the gunicorn log')})"
        )
    if len(redirected) != len(delegates):
        failures.append(f"{len(delegates) - len(redirected)} registrations did not redirect")
    return failures


def main(argv: list[str] | None = None) -> int:
    return run_against_gunicorn(parse_args(argv), run)


if __name__ == "__main__":
    sys.exit(main())
