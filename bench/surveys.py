"""Benchmark of survey results (issue 14): the results page and the exports of a survey of 20
questions with 5,000 responses: seconds to compute, and requests per second over HTTP
against gunicorn on PostgreSQL beside a bare Django view in the same run.

    .venv/bin/python bench/surveys.py [--responses 5000] [--requests 40] [--concurrency 4]

Needs PostgreSQL (trust auth) and Redis on 127.0.0.1. In order, it:
  1. drops and creates the database idm_bench_results (--database-url; its name must start
     with idm_bench), migrates it and writes, in bulk: an anonymous survey of all registered
     delegates with 20 questions (4 single choice of 4 choices, 3 multiple choice of 5, 2
     rankings of 5, 5 rating scales, 2 numbers, 2 short and 2 long texts), --responses
     delegates (users with a profile, member states in turn) each with a participation and one
     response answering every question (about 31 answer rows a response), and a Secretariat
     staff member with a session written straight into the session table;
  2. times in this process (median of --repeat runs, after one warm-up): the results as the
     page computes them (surveys.selectors.results.survey_results + the response rate), the
     results export (CSV, made in the request), the raw answers files' fingerprint (what a
     request for them and the page's state cost) and their renderers (CSV and XLSX, as the
     worker runs them: idm_portal.files.registry), each with its query count;
  3. starts gunicorn (sync workers, --workers) with production settings (bench.settings,
     DJANGO_DEBUG=0, ADMIN_REQUIRE_MFA=0: the bench's staff member has no authenticator
     app) and measures with --concurrency client threads: --bare-requests GETs of the bare
     view and --requests GETs of the results page (the raw answers are made by a worker,
     not in a request);
  4. stops gunicorn and drops the database unless --keep.
Exit status 1 when a request got anything but a 200.
"""

import argparse
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if not __package__:
    # Run as a script: this folder must not shadow the portal's apps.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))

from bench._http import cookie_header, percentile, request  # noqa: E402
from bench.registrations import (  # noqa: E402
    HOST,
    PROXY,
    bench_environment,
    drop_database,
    flush_redis,
    recreate_database,
    start_gunicorn,
    stop_gunicorn,
)

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/idm_bench_results"
REDIS_URL = "redis://127.0.0.1:6379/15"
KINDS = (
    [("single", 4)] * 4 + [("multiple", 5)] * 3 + [("ranking", 5)] * 2 + [("rating", 0)] * 5
    + [("number", 0)] * 2 + [("short_text", 0)] * 2 + [("long_text", 0)] * 2
)  # fmt: skip
WORDS = "migration dialogue capacity labour mobility health rights diaspora return data".split()


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--responses", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5, help="in-process timings (median)")
    parser.add_argument("--requests", type=int, default=40, help="GETs of the results page")
    parser.add_argument("--bare-requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if not urlsplit(args.database_url).path.strip("/").startswith("idm_bench"):
        parser.error("--database-url must name a database whose name starts with idm_bench")
    return args


def build(responses: int):
    """The survey, its responses and a staff session: returns (survey, session key)."""
    import datetime

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from idm_portal.roles import SECRETARIAT
    from registrations.models.profiles import DelegateProfile
    from surveys.models.responses import Answer, Participation, Response
    from surveys.models.surveys import Choice, Question, Survey
    from workshops.models import MemberState, Programme

    call_command("migrate", verbosity=0)
    User = get_user_model()
    rng = random.Random(2009)
    programme = Programme.objects.create(year=2009, theme_en="Human resources for health")
    today = timezone.now().date()
    survey = Survey.objects.create(
        programme=programme,
        title_en="Bench survey",
        audience=Survey.Audience.REGISTERED_DELEGATES,
        is_anonymous=True,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
        status=Survey.Status.OPEN,
    )
    questions = []
    for order, (kind, choices) in enumerate(KINDS):
        question = Question.objects.create(
            survey=survey, order=order, kind=kind, text_en=f"Question {order + 1} ({kind})?"
        )
        Choice.objects.bulk_create(
            [Choice(question=question, order=n, text_en=f"Choice {n + 1}") for n in range(choices)]
        )
        questions.append((question, list(question.choices.values_list("pk", flat=True))))

    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"r{n:05d}@bench.example.org", password=password) for n in range(responses)],
        batch_size=1000,
    )
    states = list(MemberState.objects.filter(status=MemberState.Status.MEMBER))
    DelegateProfile.objects.bulk_create(
        [
            DelegateProfile(
                user=user, title="ms", family_name=f"R{n}", given_names="Bench",
                participant_type="member_state", member_state=states[n % len(states)],
            )
            for n, user in enumerate(users)
        ],
        batch_size=1000,
    )  # fmt: skip
    now = timezone.now()
    Participation.objects.bulk_create(
        [Participation(survey=survey, user=user, submitted_at=now) for user in users],
        batch_size=1000,
    )
    rows = Response.objects.bulk_create([Response(survey=survey) for _ in users], batch_size=1000)
    answers = []
    for response in rows:
        for question, choice_ids in questions:
            base = {"response": response, "question": question}
            if question.kind == "single":
                answers.append(Answer(**base, choice_id=rng.choice(choice_ids)))
            elif question.kind == "multiple":
                for choice_id in rng.sample(choice_ids, 2):
                    answers.append(Answer(**base, choice_id=choice_id))
            elif question.kind == "ranking":
                order = rng.sample(choice_ids, len(choice_ids))
                answers += [
                    Answer(**base, choice_id=c, rank=r) for r, c in enumerate(order, start=1)
                ]
            elif question.kind == "rating":
                answers.append(Answer(**base, rating=rng.randint(1, 5)))
            elif question.kind == "number":
                answers.append(Answer(**base, number=Decimal(rng.randint(0, 4000)) / 4))
            else:
                words = rng.sample(WORDS, 3 if question.kind == "short_text" else 8)
                answers.append(Answer(**base, text=" ".join(words).capitalize()))
        if len(answers) > 20000:
            Answer.objects.bulk_create(answers, batch_size=5000)
            answers = []
    Answer.objects.bulk_create(answers, batch_size=5000)

    staff = User.objects.create(email="staff@bench.example.org", is_staff=True, password=password)
    staff.groups.add(Group.objects.get(name=SECRETARIAT))
    store = SessionStore()
    store.update(
        {
            SESSION_KEY: str(staff.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: staff.get_session_auth_hash(),
        }
    )
    store.create()
    return survey, store.session_key


def timed(function, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm-up
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2], len(queries)


def in_process(survey, repeat: int) -> None:
    from idm_portal.files.registry import get_renderer
    from surveys import exports
    from surveys.renderers import ANSWERS_CSV, ANSWERS_XLSX, answers_fingerprint
    from surveys.selectors import rates, results

    def page():
        results.survey_results(survey)
        rates.response_rate(survey)

    def export(what, file_format):
        return lambda: exports.export(survey, what=what, file_format=file_format, language="en")

    def render(kind):
        return lambda: get_renderer(kind).render(survey, "en")

    cases = [
        ("results (page's computation)", page),
        ("results export, CSV", export("results", "csv")),
        ("raw answers' fingerprint", lambda: answers_fingerprint(survey, "en")),
        ("raw answers renderer, CSV", render(ANSWERS_CSV)),
        ("raw answers renderer, XLSX", render(ANSWERS_XLSX)),
    ]
    print(f"In this process (median of {repeat}):")
    for label, function in cases:
        seconds, queries = timed(function, repeat)
        print(f"  {label:32} {seconds:7.3f} s  {queries} queries")


def over_http(args, port: int, path: str, count: int, cookie: str, failures: list) -> None:
    headers = {**PROXY, "Cookie": cookie}

    def one(_n):
        return request(HOST, port, "GET", path, headers=headers, timeout=args.timeout)

    with ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(one, range(args.concurrency)))  # warm every worker a little
        started = time.perf_counter()
        answers = list(pool.map(one, range(count)))
        wall = time.perf_counter() - started
    bad = [a for a in answers if a.status != 200]
    if bad:
        failures.append(
            f"{path}: {len(bad)} answers not 200 (first {bad[0].status} {bad[0].error})"
        )
    seconds = [a.seconds for a in answers]
    print(
        f"  {path:45} {count / wall:8.1f} req/s  median {percentile(seconds, 50) * 1000:7.0f} ms"
        f"  p95 {percentile(seconds, 95) * 1000:7.0f} ms  ({len(answers[0].body) // 1024} KB)"
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    static_root = tempfile.mkdtemp(prefix="idm-bench-static-")
    log = tempfile.NamedTemporaryFile(
        "w+", prefix="idm-bench-surveys-", suffix=".log", delete=False
    )
    environment = bench_environment(args, static_root)
    environment["ADMIN_REQUIRE_MFA"] = "0"
    environment["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ.update(environment)
    recreate_database(args.database_url)
    flush_redis(args.redis_url)
    import django

    django.setup()
    failures: list[str] = []
    gunicorn = None
    try:
        from django.conf import settings
        from django.core.management import call_command

        started = time.perf_counter()
        survey, session_key = build(args.responses)
        from surveys.models.responses import Answer

        print(
            f"Survey of {survey.questions.count()} questions, {args.responses} responses, "
            f"{Answer.objects.count()} answer rows: built in {time.perf_counter() - started:.0f} s"
        )
        in_process(survey, args.repeat)
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.db import connections

        connections.close_all()
        gunicorn, port = start_gunicorn(args.workers, log)
        cookie = cookie_header({settings.SESSION_COOKIE_NAME: session_key})
        print(f"Over HTTP (gunicorn, {args.workers} sync workers, {args.concurrency} clients):")
        over_http(args, port, "/bench/bare/", args.bare_requests, cookie, failures)
        results = f"/admin/surveys/survey/{survey.pk}/results/"
        over_http(args, port, results, args.requests, cookie, failures)
    finally:
        if gunicorn is not None:
            stop_gunicorn(gunicorn)
        from django.db import connections

        connections.close_all()
        flush_redis(args.redis_url)
        if not args.keep:
            drop_database(args.database_url)
        shutil.rmtree(static_root, ignore_errors=True)
        log.close()
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        print(f"gunicorn's log: {log.name}", file=sys.stderr)
        return 1
    os.unlink(log.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
