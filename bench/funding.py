"""Benchmark of the funding pages (issue 12): requests per second of the donor dashboard and of
the public funding summary with 10,000 pledges and 20,000 payments, over HTTP against gunicorn
on PostgreSQL, beside a bare Django view in the same run (target: at least a third of its rate).

    .venv/bin/python bench/funding.py [--pledges 10000] [--payments 20000] [--donors 200]
                                      [--requests 1000] [--concurrency 8] [--workers N]

Needs PostgreSQL (trust auth) and Redis on 127.0.0.1. In order, it:
  1. drops and creates the database idm_bench_funding (--database-url; its name must start
     with idm_bench), migrates it, loads the demo (manage.py load_demo) and adds, in bulk,
     --donors donors and --pledges pledges to the 2009 programme spread over them (every
     state, a third to the whole programme and the rest earmarked to one of its workshops,
     in USD, EUR and CHF) and --payments payments on the committed and paid ones; one donor
     gets a contact with a logged-in session written straight into the session table;
  2. collects the static files into a temporary folder and flushes the Redis database
     (--redis-url, db 14);
  3. starts gunicorn (sync workers; --workers, default 2 x cores + 1) with production settings
     (DJANGO_DEBUG=0, DATABASE_URL and REDIS_URL as above, DJANGO_SETTINGS_MODULE=
     bench.settings: the portal's settings plus the bare view), the clients speaking as if
     behind the TLS proxy (X-Forwarded-Proto: https);
  4. after a warm-up of every worker, measures with --concurrency client threads --requests
     GETs each of: the bare view (/bench/bare/), the donor dashboard (/en/donor/, as the
     donor's contact), the public summary (/en/funding/2009/) and, for comparison only, the
     programme page (/en/programme/2009/);
  5. counts the queries of both pages with Django's test client in this process;
  6. stops gunicorn, flushes Redis and drops the database unless --keep.

Exit status 1 when a request got anything but 200, or a page's rate is under a third of the
bare view's.
"""

import argparse
import datetime
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not __package__:
    # Run as a script: this folder must not shadow the portal's `funding` app.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))

from bench._http import Response, cookie_header, request  # noqa: E402
from bench.registrations import (  # noqa: E402
    HOST,
    PROXY,
    checked,
    cores,
    flush_redis,
    row,
    run_against_gunicorn,
    start_gunicorn,
    stop_gunicorn,
    timed_pool,
)

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/idm_bench_funding"
REDIS_URL = "redis://127.0.0.1:6379/14"
YEAR = 2009
TARGET = 1 / 3  # of the bare view's rate


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0].replace("\n", " "),
        epilog=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--pledges", type=int, default=10_000)
    parser.add_argument("--payments", type=int, default=20_000)
    parser.add_argument("--donors", type=int, default=200)
    parser.add_argument("--requests", type=int, default=1000, help="GETs of each page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2 * cores() + 1)
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if args.payments < 0:
        parser.error("--payments must not be negative")
    return checked(parser, args, ("pledges", "donors", "requests", "concurrency", "workers"))


def create_funding(args: argparse.Namespace) -> str:
    """The pledges, payments and the donor contact's session; returns the session key."""
    from decimal import Decimal as D

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from funding.models.donors import Donor
    from funding.models.pledges import Payment, Pledge
    from funding.money import to_usd
    from idm_portal.models import User
    from workshops.models import Programme

    programme = Programme.objects.get(year=YEAR)
    workshops = list(programme.workshops.order_by("start_date"))
    donors = Donor.objects.bulk_create(
        Donor(
            name=f"Bench donor {n:04d}",
            kind=Donor.Kind.FOUNDATION,
            is_publicly_named=n % 3 != 0,
        )
        for n in range(args.donors)
    )
    currencies = [("USD", D("1")), ("EUR", D("1.3125")), ("CHF", D("0.8750"))]
    states = [Pledge.Status.PLEDGED, Pledge.Status.COMMITTED, Pledge.Status.PAID]
    targets = [None, *workshops]
    pledges = []
    for n in range(args.pledges):
        currency, rate = currencies[n % len(currencies)]
        amount = D(1000 + (n % 50) * 100)
        pledges.append(
            Pledge(
                donor=donors[n % len(donors)],
                programme=programme,
                workshop=targets[n % len(targets)],
                amount=amount,
                currency=currency,
                rate_to_usd=rate,
                amount_usd=to_usd(amount, rate),
                pledge_date=datetime.date(2009, 1, 1) + datetime.timedelta(days=n % 60),
                due_date=datetime.date(2009, 6, 30),
                status=states[n % len(states)] if n % 20 else Pledge.Status.CANCELLED,
            )
        )
    pledges = Pledge.objects.bulk_create(pledges, batch_size=1000)
    payable = [p for p in pledges if p.status in (Pledge.Status.COMMITTED, Pledge.Status.PAID)]
    payments = []
    for n in range(args.payments):
        pledge = payable[n % len(payable)]
        amount = D(50)
        payments.append(
            Payment(
                pledge=pledge,
                date=pledge.pledge_date + datetime.timedelta(days=10),
                amount=amount,
                amount_usd=to_usd(amount, pledge.rate_to_usd),
            )
        )
    Payment.objects.bulk_create(payments, batch_size=2000)
    contact = User.objects.create_user("donor.contact@bench.example.org", None)
    donors[1].contacts.add(contact)
    store = SessionStore()
    store.update(
        {
            SESSION_KEY: str(contact.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: contact.get_session_auth_hash(),
        }
    )
    store.create()
    return store.session_key


def prepare(args: argparse.Namespace) -> str:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    session_key = create_funding(args)
    call_command("collectstatic", interactive=False, verbosity=0)
    return session_key


def count_queries(paths: list[str], session_key: str) -> dict[str, int]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for path in paths:
        client = Client(SERVER_NAME=HOST)
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        client.get(path, secure=True)  # per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"test client: {path} answered {response.status_code}")
        counts[path] = len(queries)
    return counts


def run(args: argparse.Namespace, log) -> list[str]:
    from django.conf import settings
    from django.db import connection

    print(f"Preparing {args.database_url} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    session_key = prepare(args)
    prepared = time.perf_counter() - started
    pg_version = connection.cursor().connection.server_version
    connection.close()
    flush_redis(args.redis_url)
    cookie = cookie_header({settings.SESSION_COOKIE_NAME: session_key})
    pages = {
        "bare view GET": ("/bench/bare/", {}),
        "donor dashboard GET": ("/en/donor/", {"Cookie": cookie}),
        "public summary GET": (f"/en/funding/{YEAR}/", {}),
        # For comparison, not judged: another page of the portal in the same layout.
        "programme page GET": (f"/en/programme/{YEAR}/", {}),
    }

    def getter(path: str, headers: dict):
        def get(_n: int) -> Response:
            return request(
                HOST, port, "GET", path, headers={**PROXY, **headers}, timeout=args.timeout
            )

        return get

    print(f"Starting gunicorn ({args.workers} workers) …", file=sys.stderr, flush=True)
    gunicorn, port = start_gunicorn(args.workers, log)
    results = {}
    try:
        print("Measuring …", file=sys.stderr, flush=True)
        for path, headers in pages.values():
            timed_pool(getter(path, headers), range(4 * args.workers), args.concurrency)
        for name, (path, headers) in pages.items():
            results[name] = timed_pool(
                getter(path, headers), range(args.requests), args.concurrency
            )
    finally:
        stop_gunicorn(gunicorn)
    try:
        queries = count_queries([p for p, _h in list(pages.values())[1:3]], session_key)
        query_line = "Queries (Django test client, same database): " + ", ".join(
            f"{path} {n}" for path, n in queries.items()
        )
    except Exception as error:  # noqa: BLE001 - optional figure; the HTTP run is the result
        query_line = f"Queries: not counted ({type(error).__name__}: {error})"

    print(
        f"Funding benchmark: {args.pledges} pledges and {args.payments} payments of "
        f"{args.donors} donors (the dashboard's donor has about "
        f"{args.pledges // args.donors}), {args.concurrency} client threads, gunicorn "
        f"{args.workers} sync workers, PostgreSQL {pg_version // 10000}, {cores()} cores; "
        f"setup {prepared:.1f} s"
    )
    print(f"{'':<26} {'count':>6} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  status")
    rates = {}
    for name, (responses, seconds) in results.items():
        rates[name] = len(responses) / seconds
        print(row(name, responses, f"{rates[name]:.1f}"))
    bare = rates["bare view GET"]
    failures = []
    for name, rate in list(rates.items())[1:3]:
        share = rate / bare
        print(f"{name}: {share:.2f} of the bare view's rate (target {TARGET:.2f})")
        if share < TARGET:
            failures.append(f"{name} at {share:.2f} of the bare view's rate")
    print(query_line)
    for name, (responses, _seconds) in results.items():
        wrong = [r for r in responses if r.status != 200]
        if wrong:
            failures.append(f"{name}: {len(wrong)} answers were not 200")
    return failures


def main(argv: list[str] | None = None) -> int:
    return run_against_gunicorn(parse_args(argv), run)


if __name__ == "__main__":
    sys.exit(main())
