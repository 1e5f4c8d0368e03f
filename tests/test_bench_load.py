"""The load benchmark's own machinery (bench/load.py): its SMTP sink takes what Django's SMTP
backend sends, its children never outlive it, and a tiny run of the whole journey (two
delegates, gunicorn, a real Celery worker) completes with nothing lost. No timing is asserted
here: the latency target is the benchmark's, measured on a quiet machine."""

import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.mail import EmailMessage, get_connection

from bench import load

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_and_refuses_to_drop_a_database_not_its_own(capsys):
    args = load.parse_args([])
    assert (args.delegates, args.keep, args.p95_factor) == (200, False, 5.0)
    assert urlsplit(args.database_url).path == "/idm_bench_load"
    with pytest.raises(SystemExit):
        load.parse_args(["--database-url", "postgres://postgres@127.0.0.1:5432/idm"])
    assert "must name a PostgreSQL database" in capsys.readouterr().err


def test_the_sink_receives_what_djangos_smtp_backend_sends_and_the_link_is_found():
    loop = asyncio.new_event_loop()
    sink = load.SmtpSink()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(sink.start(), loop).result(5)
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=sink.port,
            use_tls=False,
            timeout=5,
        )
        body = "Confirm: https://127.0.0.1/en/accounts/confirm-email/Mg:1v:abc-XY_z/\n.dot line"
        sent = EmailMessage(
            "Confirm your address", body, "idm@example.org", ["Delegate@Example.org"],
            connection=connection,
        ).send()  # fmt: skip
        received = asyncio.run_coroutine_threadsafe(
            sink.wait_for("delegate@example.org", 1, 5), loop
        ).result(10)
    finally:
        asyncio.run_coroutine_threadsafe(sink.stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)

    assert sent == 1 and sink.total == 1
    assert received["Subject"] == "Confirm your address"
    text = load.message_text(received)
    assert ".dot line" in text  # SMTP's dot-stuffing undone
    assert load.CONFIRM_LINK.search(text).group(0) == "/en/accounts/confirm-email/Mg:1v:abc-XY_z/"


def test_stopping_leaves_no_child_behind_not_even_a_grandchild(tmp_path):
    processes = load.Processes()
    log = (tmp_path / "children.log").open("w")
    pids = tmp_path / "pids"
    # A leader that ignores SIGTERM and a grandchild of its own, as a stuck worker would be.
    leader = processes.start(
        ["sh", "-c", f"trap '' TERM; sleep 300 & echo $$ $! > {pids}; wait"], log
    )
    deadline = time.monotonic() + 10
    while not pids.exists() or not pids.read_text().strip():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    grandchild = int(pids.read_text().split()[1])

    processes.stop_all()

    assert leader.poll() is not None
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # reaped by init: may take a moment
            os.kill(grandchild, 0)
            time.sleep(0.1)


def services() -> tuple[str, str] | None:
    database, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database.startswith(("postgres://", "postgresql://")) or not redis:
        return None
    return database, redis


@pytest.mark.postgres
@pytest.mark.worker
@pytest.mark.skipif(services() is None, reason="needs PostgreSQL (DATABASE_URL) and Redis")
def test_a_tiny_burst_completes_every_journey_with_nothing_lost():
    database, redis = services()
    parts = urlsplit(database)
    bench_database = urlunsplit(parts._replace(path=f"/idm_bench_load_test_{os.getpid()}"))
    # Redis databases 13-15 are the benchmarks'; the run flushes the one it uses.
    bench_redis = urlunsplit(urlsplit(redis)._replace(path="/15"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [
            sys.executable, "bench/load.py", "--delegates", "2", "--workers", "2",
            "--celery-concurrency", "1", "--bare-users", "1", "--bare-seconds", "0.5",
            "--database-url", bench_database, "--redis-url", bench_redis,
            # A latency ratio means nothing for two delegates: only completeness is checked.
            "--p95-factor", "1000000",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Journeys completed: 2 of 2" in result.stdout
    assert "registrations: 2; sponsorship requests: 2" in result.stdout
    assert "e-mails sent (outbox rows): 6; e-mails received by the sink: 6" in result.stdout
    assert "All targets met" in result.stdout
