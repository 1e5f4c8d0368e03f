"""The lease of a running generated file: claimed, renewed, taken over and checked on store.

Eager Celery (the default test setting); the concurrency and renewal cases need PostgreSQL.
The render child dying with its parent runs a small Python process of its own (Linux)."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from idm_portal.files import leases, services
from idm_portal.files import registry as generated
from idm_portal.models import GeneratedFile
from idm_portal.tasks import make_generated_file
from tests.idm_portal.factories import UserFactory

State = GeneratedFile.State
KIND = "test_lease_file"
BASE_DIR = Path(__file__).resolve().parents[2]

on_postgres = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL (several connections at once): set DATABASE_URL=postgres://...",
)


@pytest.fixture
def during_render(monkeypatch):
    """Callables run inside each rendering of KIND (a quick fake PDF, no WeasyPrint)."""
    hooks: list = []

    def render(obj, language):
        for hook in list(hooks):
            hook()
        return generated.Rendered(b"%PDF-1.4 lease test\n", f"lease-{obj.pk}.pdf")

    renderer = generated.Renderer(KIND, render, lambda obj, language: "v1")
    monkeypatch.setitem(generated._REGISTRY, KIND, renderer)
    return hooks


def pending_row() -> GeneratedFile:
    """A pending row whose enqueue is held back (the test drives it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "enqueue", lambda file_id: False)
        return services.request_file(UserFactory(), KIND, "en")


@pytest.fixture
def row(during_render) -> GeneratedFile:
    return pending_row()


def hold(row, *, task_id="task-a", expires_in=30, attempts=1, holder="worker-a:4242:dead"):
    GeneratedFile.objects.filter(pk=row.pk).update(
        state=State.RUNNING,
        started_at=timezone.now(),
        attempts=attempts,
        lease_holder=holder,
        lease_task_id=task_id,
        lease_expires_at=timezone.now() + timedelta(seconds=expires_in),
    )


def files_on_disk(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in (root / "generated").rglob("*") if p.is_file())


def run_task(row, task_id: str) -> str:
    return make_generated_file.apply(args=(row.pk,), task_id=task_id).get()


# --- Claiming and taking over ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_live_lease_held_by_another_run_is_left_alone(row, settings):
    hold(row, task_id="task-a", expires_in=20)

    assert run_task(row, "task-b") == "skipped"

    row.refresh_from_db()
    assert row.state == State.RUNNING
    assert (row.lease_holder, row.lease_task_id, row.attempts) == (
        "worker-a:4242:dead",
        "task-a",
        1,
    )
    assert files_on_disk(settings) == []


@pytest.mark.django_db
def test_an_expired_lease_is_taken_over_at_once(row, settings):
    hold(row, task_id="task-a", expires_in=-1)

    assert run_task(row, "task-b") == "done"

    row.refresh_from_db()
    assert row.state == State.DONE
    assert row.attempts == 2
    assert (row.lease_holder, row.lease_task_id, row.lease_expires_at) == ("", "", None)
    assert files_on_disk(settings) == [row.file.name]


@pytest.mark.django_db
def test_a_redelivered_task_takes_over_the_lease_of_its_dead_run_at_once(row):
    # Celery delivers the same message (same task id) again after its pool child was killed:
    # that earlier run is dead even though its lease has not run out yet.
    hold(row, task_id="task-a", expires_in=25)

    assert run_task(row, "task-a") == "done"

    row.refresh_from_db()
    assert row.state == State.DONE
    assert row.attempts == 2


@pytest.mark.django_db
def test_a_job_whose_runs_keep_dying_ends_failed_instead_of_being_taken_over_for_ever(row):
    hold(row, task_id="task-a", expires_in=-1, attempts=leases.MAX_ATTEMPTS)

    assert run_task(row, "task-a") == "failed"

    row.refresh_from_db()
    assert row.state == State.FAILED
    assert "interrupted too many times" in row.error
    assert row.lease_holder == ""


@pytest.mark.django_db
def test_a_claim_carries_a_lease_that_renewing_extends(row, settings):
    settings.GENERATED_FILE_LEASE_SECONDS = 30
    lease = leases.claim(file_id=row.pk, task_id="task-a")
    row.refresh_from_db()
    assert row.state == State.RUNNING
    assert row.lease_holder == lease.holder
    assert row.lease_holder.split(":")[1] == str(os.getpid())
    assert row.lease_task_id == "task-a"
    assert timedelta(seconds=25) < row.lease_expires_at - timezone.now() <= timedelta(seconds=30)

    GeneratedFile.objects.filter(pk=row.pk).update(lease_expires_at=timezone.now())
    assert leases.renew(lease=lease) is True
    row.refresh_from_db()
    assert row.lease_expires_at - timezone.now() > timedelta(seconds=25)


@pytest.mark.django_db
def test_failing_without_the_lease_never_touches_a_live_run(row):
    hold(row, expires_in=20)

    services.fail(file_id=row.pk, error="Gave up after several attempts")

    row.refresh_from_db()
    assert row.state == State.RUNNING


# --- A stale holder cannot store --------------------------------------------------------------


@pytest.mark.django_db
def test_a_run_whose_lease_was_taken_over_stores_nothing(row, during_render, settings):
    taken_over = []

    def stall_and_lose_the_lease():
        # This run stalled past its lease; another run takes the row over and is still busy.
        GeneratedFile.objects.filter(pk=row.pk).update(lease_expires_at=timezone.now())
        taken_over.append(leases.claim(file_id=row.pk, task_id="task-b"))

    during_render.append(stall_and_lose_the_lease)

    assert run_task(row, "task-a") == "superseded"

    row.refresh_from_db()
    assert taken_over[0] is not None
    assert row.state == State.RUNNING
    assert row.lease_holder == taken_over[0].holder
    assert not row.file
    assert files_on_disk(settings) == []
    assert leases.renew(lease=taken_over[0]) is True


@pytest.mark.django_db
def test_a_redelivery_racing_the_sweep_makes_and_stores_the_file_once(row, during_render, settings):
    def lease_expires_and_the_sweep_hands_the_row_on():
        during_render.clear()
        GeneratedFile.objects.filter(pk=row.pk).update(lease_expires_at=timezone.now())
        assert services.sweep() == 1  # eager: the new run makes the file right here

    during_render.append(lease_expires_and_the_sweep_hands_the_row_on)

    assert run_task(row, "task-a") == "superseded"

    row.refresh_from_db()
    assert row.state == State.DONE
    assert row.attempts == 2
    assert files_on_disk(settings) == [row.file.name]


# --- The sweep --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_sends_a_row_whose_lease_expired_at_once_and_leaves_live_ones(
    row, settings, during_render
):
    live = pending_row()
    hold(row, task_id="task-a", expires_in=-1)  # requested a moment ago, its worker died
    hold(live, task_id="task-b", expires_in=20)

    assert services.sweep() == 1

    row.refresh_from_db()
    live.refresh_from_db()
    assert row.state == State.DONE
    assert row.attempts == 2
    assert live.state == State.RUNNING
    assert live.lease_task_id == "task-b"


def test_the_sweep_runs_every_few_seconds_and_its_messages_expire():
    entry = django_settings.CELERY_BEAT_SCHEDULE["idm-portal-sweep-generated-files"]
    assert entry["schedule"] == django_settings.GENERATED_FILE_SWEEP_SECONDS <= 15
    assert entry["options"]["expires"] <= entry["schedule"]
    # A killed worker's job restarts within lease + one sweep: under a minute.
    assert django_settings.GENERATED_FILE_LEASE_SECONDS + entry["schedule"] < 60


# --- Real concurrency (PostgreSQL) ------------------------------------------------------------


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_many_takers_of_an_expired_lease_exactly_one_wins(row):
    hold(row, task_id="task-dead", expires_in=-1)
    takers = 8
    barrier = threading.Barrier(takers)
    taken = []

    def take(number):
        try:
            barrier.wait(timeout=30)
            taken.append(leases.claim(file_id=row.pk, task_id=f"task-{number}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(n,)) for n in range(takers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [lease for lease in taken if lease is not None]
    assert len(taken) == takers
    assert len(winners) == 1
    row.refresh_from_db()
    assert row.lease_holder == winners[0].holder
    assert row.attempts == 2


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_the_rendering_lives(row, during_render, settings):
    settings.GENERATED_FILE_LEASE_SECONDS = 2
    settings.GENERATED_FILE_LEASE_RENEW_SECONDS = 0.5
    others = []

    def render_longer_than_the_lease():
        time.sleep(3.5)
        others.append(leases.claim(file_id=row.pk, task_id="task-other"))

    during_render.append(render_longer_than_the_lease)

    assert run_task(row, "task-a") == "done"

    assert others == [None]  # the lease was still live: no second rendering
    row.refresh_from_db()
    assert row.state == State.DONE
    assert row.attempts == 1


# --- The render child dies with its parent ------------------------------------------------------

RENDER_IN_A_PROCESS = """
import sys, threading, time
import django
django.setup()
from idm_portal import pdf
from tests.idm_portal import slow_renderer

def report_the_render_child():
    while pdf.child._renderer.renders < 1:
        time.sleep(0.01)
    time.sleep(0.5)  # the request is in the child: it is laying out (sleeping)
    print(pdf.child._renderer.pid, flush=True)

def render():
    pdf.html_to_pdf(slow_renderer.SLOW_MARKER + "<p>A long document</p>")

threading.Thread(target=report_the_render_child, daemon=True).start()
if sys.argv[1] == "main-thread":
    render()  # as in a Celery pool child
else:
    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
"""


def is_alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("forked_from", ["main-thread", "other-thread"])
def test_the_render_child_dies_with_its_parent(forked_from):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="idm_portal.settings", IDM_TEST_SLOW_RENDER_SECONDS="60")
    parent = subprocess.Popen(
        [sys.executable, "-c", RENDER_IN_A_PROCESS, forked_from],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        child = int(parent.stdout.readline())
        assert is_alive(child)

        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)

        deadline = time.monotonic() + 5
        while is_alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not is_alive(child), "the renderer outlived its parent"
    finally:
        parent.kill()
        parent.stdout.close()
        if "child" in locals() and is_alive(child):
            os.kill(child, signal.SIGKILL)
