"""Sign-up timing (issue 8, item 10): how long the sign-up POST takes for an address that
already has an account and for a new one, side by side. They should be the same, or the answer
time tells an attacker which addresses have accounts.

    .venv/bin/python bench/signup_timing.py [--runs 41] [--stock]

In one process, against a throwaway SQLite database (migrated at start), with the portal's
settings and Django's real password hasher (PBKDF2). Each run POSTs the sign-up form through
Django's test client from an address of its own (so allauth's per-IP limit never answers
first), the two kinds interleaved so that they share the machine's noise; every "existing" run
uses an account of its own (allauth sends the "someone tried to sign up" e-mail once per
address per 3 minutes). E-mails go to a broker held in memory, as they would go to Redis in
production: the request only queues them. --stock runs allauth's own adapter and form instead
of the portal's (e-mails sent inside the request, to memory), to show the gap that was fixed.
Prints the median and the 10th/90th percentiles of each kind, in milliseconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not __package__:
    # Run as a script: this folder (bench/registrations.py) must not shadow the portal's app.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))

TEMP = Path(tempfile.mkdtemp(prefix="idm-bench-signup-"))
# Before django.setup(): the settings read these when they are imported.
os.environ["DATABASE_URL"] = f"sqlite:///{TEMP / 'bench.sqlite3'}"
os.environ["DJANGO_MEDIA_ROOT"] = str(TEMP / "media")
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from idm_portal.celery import app as celery_app  # noqa: E402
from idm_portal.models import User  # noqa: E402

PASSWORD = "correct-horse-battery-2009"  # noqa: S105 - a throwaway database's
SIGNUP = "/en/accounts/signup/"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0].replace("\n", " "))
    parser.add_argument("--runs", type=int, default=41, help="runs of each kind (default 41)")
    parser.add_argument(
        "--stock", action="store_true", help="allauth's own adapter and form (the old behaviour)"
    )
    return parser.parse_args(argv)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sign_up(run: int, email: str) -> float:
    client = Client(REMOTE_ADDR=f"10.{run // 62500}.{run // 250 % 250}.{run % 250 + 1}")
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    started = time.perf_counter()
    response = client.post(SIGNUP, data)
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"sign-up of {email} answered {response.status_code}, not 302")
    return elapsed


def measure(runs: int) -> dict[str, list[float]]:
    existing = [f"member{n}@bench.example.org" for n in range(runs + 1)]
    password = make_password(PASSWORD)  # one hash for all: the setup need not take minutes
    User.objects.bulk_create(User(email=email, password=password) for email in existing)
    timings: dict[str, list[float]] = {"existing address": [], "new address": []}
    sign_up(10**6, "warm-up@bench.example.org")  # imports, templates, first queries
    for run in range(runs):
        timings["existing address"].append(sign_up(2 * run, existing[run]))
        timings["new address"].append(sign_up(2 * run + 1, f"new{run}@bench.example.org"))
    return timings


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    call_command("migrate", verbosity=0)
    setup_test_environment()  # the locmem e-mail backend, as in the tests
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    overrides = {"ACCOUNT_RATE_LIMITS": {**settings.ACCOUNT_RATE_LIMITS, "signup": ""}}
    if args.stock:
        overrides.update(
            ACCOUNT_ADAPTER="allauth.account.adapter.DefaultAccountAdapter", ACCOUNT_FORMS={}
        )
    with override_settings(**overrides):
        timings = measure(args.runs)
    label = "allauth's own adapter and form" if args.stock else "the portal's"
    print(f"Sign-up POST, {args.runs} runs each, {label}; milliseconds")
    print(f"{'':18} {'median':>8} {'p10':>8} {'p90':>8}")
    medians = {}
    for kind, values in timings.items():
        medians[kind] = statistics.median(values) * 1000
        p10, p90 = (percentile(values, share) * 1000 for share in (0.1, 0.9))
        print(f"{kind:18} {medians[kind]:8.1f} {p10:8.1f} {p90:8.1f}")
    gap = medians["new address"] - medians["existing address"]
    print(f"difference of the medians (new - existing): {gap:+.1f} ms")


if __name__ == "__main__":
    main()
