"""Load benchmark (issue 15, part 6): the whole delegate journey, many delegates at once, over
HTTP against gunicorn on PostgreSQL and Redis with a real Celery worker, beside a bare Django
view hit under the same load in the same run.

    .venv/bin/python bench/load.py [--delegates 200] [--workers N] [--bare-users 4]

Needs PostgreSQL (trust auth) and Redis on 127.0.0.1. In order, it:
  1. drops and creates the database (--database-url; its name must start with idm_bench),
     migrates it, loads the demo, opens registration for the workshop (--workshop) with a
     seat for everyone, and names a focal point for each member state eligible for travel
     sponsorship (a user with a logged-in session written in bulk, as bench/registrations.py
     does for its delegates); collects the static files into a temporary folder; flushes the
     Redis database (--redis-url, default db 14);
  2. starts an SMTP sink (in this process), a Celery worker with beat (its own queue in that
     Redis database, --celery-concurrency processes) that sends the e-mails to the sink, and
     gunicorn (--workers sync workers) with production settings (DJANGO_DEBUG=0, HTTPS
     behind a proxy that sets X-Forwarded-Proto and X-Forwarded-For, secure cookies, CSRF
     checks on; DJANGO_TRUSTED_PROXY_COUNT=1 so that each virtual delegate has its own
     address, as each real one has behind the proxy);
  3. warms each gunicorn worker up, then measures the bare view alone (--bare-users clients
     in a loop for --bare-seconds): the floor at rest;
  4. the burst: --delegates virtual users start at once (asyncio, httpx; --ramp spreads the
     starts), each in its own cookie jar, while --bare-users clients keep GETting the bare
     view until the last journey ends. A journey is:
       sign-up form GET, sign-up POST (e-mail and password)
       verification e-mail: waited for at the SMTP sink (sent by the worker)
       confirm e-mail GET, confirm e-mail POST (which signs the delegate in)
       registration form GET, registration POST (the profile form and the registration:
         a first registration makes the profile)
       confirmation page GET ("My registrations", which says the registration was received)
       profile page GET
       endorsement GET and POST by the state's focal point (its own session)
       sponsorship form GET, sponsorship POST (estimate and send), sponsorship page GET
       calendar file GET (the workshop's .ics)
     An answer other than the one the step expects (or none within --timeout) is an error,
     and that journey stops there;
  5. waits (at most --drain-timeout) for the worker to send every e-mail, then counts in the
     database: the accounts with a verified address, the registrations (each with one
     "received" e-mail owed, none doubled: bench/registrations.py's check), the
     sponsorship requests, the outbox rows per delegate and kind (all sent, each once), and
     the messages the sink received (one per sent row);
  6. prints throughput, p50/p95/p99 and errors per step, and the bare view's figures at rest
     and under the same load; stops gunicorn, the worker and the sink (also on Ctrl-C or an
     exception: each runs in a process group of its own, killed on the way out), flushes
     the Redis database and drops the database unless --keep.

Targets (exit status 1 when one is missed): every journey complete with no error, nothing
lost (registrations, sponsorship requests and e-mails all counted in the database and at the
sink), and the registration POST's p95 under 5x the bare view's p95 under the same load.
"""

import argparse
import asyncio
import contextlib
import datetime
import email
import email.policy
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if not __package__:
    # Run as a script: this folder must not shadow the portal's `registrations` app.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))

from bench import registrations as reg_bench  # noqa: E402
from bench._http import form_inputs, percentile  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/idm_bench_load"
REDIS_URL = "redis://127.0.0.1:6379/14"
HOST = "127.0.0.1"
EMAIL_DOMAIN = "load.example.org"
PASSWORD = "Workshop-delegate-2009!"  # noqa: S105 - a throwaway database's
P95_FACTOR = 5.0  # the registration POST's p95 must stay under this many bare-view p95s
REGISTRATION_POST = "registration POST"
VERIFICATION = "verification e-mail (worker)"
BOARD = "delegation board GET (focal pt)"
UNDER_LOAD = "bare view GET, under the load"
# What each delegate's journey owes them, one of each (the outbox's kinds).
EXPECTED_EMAILS = (
    "account/email/email_confirmation_signup",
    "registrations/email/received",
    "registrations/email/endorsed",
)
CONFIRM_LINK = re.compile(r"/[a-z]{2}/accounts/confirm-email/[-:\w]+/")
REGISTRATION_LINK = re.compile(r"/en/my-registrations/(\d+)/calendar\.ics")
SPONSORSHIP_LINK = re.compile(r"/en/my-sponsorships/(\d+)/$")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0].replace("\n", " "),
        epilog=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--delegates", type=int, default=200, help="virtual delegates in the burst (200)")
    add("--workers", type=int, default=2 * reg_bench.cores() + 1, help="gunicorn sync workers")
    add("--celery-concurrency", type=int, default=2, help="Celery worker processes (2)")
    add("--bare-users", type=int, default=4, help="clients GETting the bare view in a loop (4)")
    add("--bare-seconds", type=float, default=5.0, help="the bare view alone, before (5 s)")
    add("--ramp", type=float, default=0.0, help="seconds over which the journeys start (0)")
    add("--workshop", default=reg_bench.WORKSHOP, help="slug of the demo workshop")
    add("--database-url", default=DATABASE_URL, help="dropped and created (name idm_bench…)")
    add("--redis-url", default=REDIS_URL, help="broker and cache; flushed before and after")
    add("--timeout", type=float, default=120.0, help="seconds one request may take (120)")
    add("--mail-timeout", type=float, default=180.0, help="seconds to wait for an e-mail (180)")
    add("--drain-timeout", type=float, default=180.0, help="seconds for the worker to drain")
    add(
        "--p95-factor",
        type=float,
        default=P95_FACTOR,
        help="the registration POST's p95 must stay under this many bare-view p95s (5)",
    )
    add("--keep", action="store_true", help="keep the database afterwards")
    return reg_bench.checked(
        parser,
        parser.parse_args(argv),
        ("delegates", "workers", "celery_concurrency", "bare_users"),
    )


# --- Processes: each in a group of its own, all killed on the way out ----------------------
class Processes:
    """Child processes started in their own session, so that a Ctrl-C reaches only this
    script, which then stops them (and their children: gunicorn's and Celery's workers)."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, command: list[str], log, env: dict[str, str] | None = None) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            # The leader first (gunicorn's and Celery's warm shutdown: their workers finish
            # what they hold), then whatever of its group is left.
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            self._signal(process, signal.SIGKILL)  # the group: workers left behind too
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        self.started.clear()

    @staticmethod
    def _signal(process: subprocess.Popen, number: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, number)  # its own session: group id = its pid


def raise_on_sigterm() -> None:
    """SIGTERM (a CI's timeout) unwinds like Ctrl-C, so that the `finally` stops the children."""

    def interrupted(number, _frame):
        raise KeyboardInterrupt(f"signal {number}")

    signal.signal(signal.SIGTERM, interrupted)


# --- The SMTP sink --------------------------------------------------------------------------
class SmtpSink:
    """Just enough SMTP for Django's backend (no TLS, no auth): every message kept, by
    recipient, and waiters woken when theirs arrives."""

    def __init__(self) -> None:
        self.messages: dict[str, list[email.message.EmailMessage]] = defaultdict(list)
        self.arrival: dict[str, list[float]] = defaultdict(list)  # time.perf_counter()
        self.arrived: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.server: asyncio.base_events.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._session, HOST, 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    @property
    def total(self) -> int:
        return sum(len(found) for found in self.messages.values())

    async def wait_for(self, address: str, count: int, timeout: float):
        """The `count`th message to `address`, waited for at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.messages[address]) < count:
            event = self.arrived[address]
            event.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        return self.messages[address][count - 1]

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        reply("220 load-bench sink")
        recipients: list[str] = []
        try:
            while line := await reader.readline():
                verb = line[:4].upper()
                if verb == b"EHLO":
                    reply("250-load-bench\r\n250 8BITMIME")
                elif verb in (b"HELO", b"NOOP", b"RSET") or verb == b"MAIL":
                    recipients = [] if verb in (b"MAIL", b"RSET") else recipients
                    reply("250 OK")
                elif verb == b"RCPT":
                    recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                    reply("250 OK")
                elif verb == b"DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while (data := await reader.readline()) not in (b".\r\n", b""):
                        lines.append(data[1:] if data.startswith(b"..") else data)
                    message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                    for recipient in recipients:
                        self.messages[recipient.lower()].append(message)
                        self.arrival[recipient.lower()].append(time.perf_counter())
                        self.arrived[recipient.lower()].set()
                    reply("250 OK queued")
                elif verb == b"QUIT":
                    reply("221 Bye")
                    break
                else:
                    reply("502 Command not implemented")
                await writer.drain()
        finally:
            writer.close()


def message_text(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


# --- Preparing the database -----------------------------------------------------------------
@dataclass
class Prepared:
    workshop_slug: str
    workshop_id: int
    states: list  # (pk, focal point's session key), the states delegates come from
    seconds: float


def prepare(args: argparse.Namespace) -> Prepared:
    import io

    from django.core.management import call_command
    from django.db.models import F

    from registrations.selectors.sponsorships import state_is_eligible
    from registrations.services import focal_points
    from workshops.models import AgendaItem, MemberState, Workshop

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    workshop = Workshop.objects.filter(slug=args.workshop).first()
    if workshop is None:
        slugs = ", ".join(Workshop.objects.values_list("slug", flat=True))
        raise SystemExit(f"No workshop {args.workshop!r} in the demo; choose one of: {slugs}")
    # The demo's workshops took place in 2008-2009: this one moves two months ahead, with its
    # agenda, and takes everyone (the whole membership registers before the deadline).
    shift = datetime.date.today() + datetime.timedelta(days=60) - workshop.start_date
    Workshop.objects.filter(pk=workshop.pk).update(
        registration_status=Workshop.RegistrationStatus.OPEN,
        capacity=max(workshop.capacity or 0, args.delegates + 50),
        start_date=F("start_date") + shift,
        end_date=F("end_date") + shift,
        registration_deadline=None,
    )
    AgendaItem.objects.filter(workshop=workshop).update(day=F("day") + shift)
    workshop.refresh_from_db()
    members = MemberState.objects.filter(status=MemberState.Status.MEMBER).order_by("pk")
    eligible = [s for s in members if state_is_eligible(workshop, s)[0]]
    if not eligible:
        raise SystemExit(f"No member state is eligible for sponsorship to {workshop.slug}")
    # Focal points: one user per state with a written session (no login through allauth).
    users = reg_bench.create_delegates(len(eligible), with_profiles=False)
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(is_superuser=True).first()
    for state, user in zip(eligible, users, strict=True):
        focal_points.name_focal_point(
            user=get_user_model().objects.get(pk=user.user_id), member_state=state, by=staff
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    return Prepared(
        workshop.slug,
        workshop.pk,
        [(state.pk, user.session_key) for state, user in zip(eligible, users, strict=True)],
        time.perf_counter() - started,
    )


def delegate_profiles(count: int, state_ids: list[int]) -> list[dict[str, str]]:
    """The profile form of each virtual delegate: a member state eligible for sponsorship,
    based in its capital (so that it may ask for travel sponsorship)."""
    from registrations.models.profiles import DelegateProfile as Profile

    profiles = []
    for n in range(count):
        data = reg_bench.as_form_data(reg_bench.profile_fields(n, state_ids))
        data.update(
            family_name=f"Load{n:05d}",
            participant_type=Profile.ParticipantType.MEMBER_STATE,
            member_state=str(state_ids[n % len(state_ids)]),
            organisation="",
            based_in=Profile.BasedIn.CAPITAL,
        )
        profiles.append(data)
    return profiles


# --- The virtual users ----------------------------------------------------------------------
@dataclass
class Sample:
    step: str
    seconds: float
    status: int  # 0: no answer
    ok: bool
    error: str = ""
    person: str = ""  # the delegate whose journey it is


class JourneyFailed(Exception):
    pass


@dataclass
class Browser:
    """One person's browser: its cookies, its address behind the proxy; every request timed
    and recorded under the step's name. An unexpected answer ends the journey."""

    client: object  # httpx.AsyncClient, shared (its own cookie jar refuses everything)
    address: str
    samples: list[Sample]
    timeout: float
    person: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    async def go(self, step, method, path, *, data=None, expect=(200,), check=None):
        import httpx

        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            origin = f"https://{self.client.base_url.netloc.decode()}"
            headers.update(Origin=origin, Referer=origin + path)
        started = time.perf_counter()
        try:
            response = await self.client.request(
                method, path, headers=headers, data=data, timeout=self.timeout
            )
        except httpx.HTTPError as error:
            seconds = time.perf_counter() - started
            self.samples.append(
                Sample(step, seconds, 0, False, f"{type(error).__name__}", self.person)
            )
            raise JourneyFailed(step) from error
        seconds = time.perf_counter() - started
        self._keep_cookies(response)
        problem = "" if response.status_code in expect else f"answered {response.status_code}"
        if response.status_code == 400:  # a form refused: say what its errors said
            found = re.search(r'class="errorlist[^>]*>(.*?)</ul>', response.text, re.S)
            said = re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else ""
            problem += f" ({said[:120]})" if said else ""
        if not problem and check is not None:
            problem = check(response) or ""
        self.samples.append(
            Sample(step, seconds, response.status_code, not problem, problem, self.person)
        )
        if problem:
            raise JourneyFailed(f"{step}: {problem}")
        return response

    def _keep_cookies(self, response) -> None:
        from http.cookies import SimpleCookie

        for header in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)  # deleted (a message shown once)
                else:
                    self.cookies[name] = morsel.value


def csrf(response) -> str:
    return form_inputs(response.content).get("csrfmiddlewaretoken", "")


def redirect_to(pattern: str):
    def check(response):
        location = urlsplit(response.headers.get("location", "")).path
        if not re.fullmatch(pattern, location):
            return f"redirected to {location or 'nowhere'}"
        return None

    return check


@dataclass
class Burst:
    slug: str
    session_cookie: str
    focal_points: dict[str, str]  # member state pk (as in the form) -> session key
    sink: SmtpSink
    args: argparse.Namespace
    samples: list[Sample] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)  # e-mail addresses
    failures: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    access_offset: int = 0

    def passed(self, step: str) -> set[str]:
        return {s.person for s in self.samples if s.step == step and s.ok}


async def journey(burst: Burst, client, n: int, profile: dict[str, str]) -> None:
    args = burst.args
    delay = args.ramp * n / max(1, args.delegates - 1) if args.ramp else 0
    await asyncio.sleep(delay)
    address = f"delegate{n:05d}@{EMAIL_DOMAIN}"
    ip = f"10.{n // 62500}.{n // 250 % 250}.{n % 250 + 1}"
    me = Browser(client, ip, burst.samples, args.timeout, address)
    try:
        signup = "/en/accounts/signup/"
        page = await me.go("sign-up form GET", "GET", signup)
        credentials = {"email": address, "password1": PASSWORD, "password2": PASSWORD}
        posted = time.perf_counter()
        await me.go(
            "sign-up POST",
            "POST",
            signup,
            data={"csrfmiddlewaretoken": csrf(page), **credentials},
            expect=(302,),
            check=redirect_to(r"/en/accounts/confirm-email/"),
        )
        message = await burst.sink.wait_for(address, 1, args.mail_timeout)
        # From sending the sign-up form to the e-mail's arrival at the sink.
        arrived = burst.sink.arrival[address][0] if message is not None else time.perf_counter()
        seconds = arrived - posted
        link = CONFIRM_LINK.search(message_text(message)) if message is not None else None
        burst.samples.append(
            Sample(VERIFICATION, seconds, 200 if link else 0, bool(link), "", address)
        )
        if link is None:
            raise JourneyFailed("no verification e-mail with a link")
        page = await me.go("confirm e-mail GET", "GET", link.group(0))
        await me.go(
            "confirm e-mail POST",
            "POST",
            link.group(0),
            data={"csrfmiddlewaretoken": csrf(page)},
            expect=(302,),
        )
        register = f"/en/workshops/{burst.slug}/register/"
        page = await me.go("registration form GET", "GET", register)
        inputs = form_inputs(page.content)
        data = {
            "csrfmiddlewaretoken": inputs.get("csrfmiddlewaretoken", ""),
            "submission": inputs.get("submission", ""),
            "role": "delegate",
            **profile,
        }
        await me.go(
            REGISTRATION_POST,
            "POST",
            register,
            data=data,
            expect=(302,),
            check=redirect_to(r"/en/my-registrations/"),
        )
        page = await me.go("confirmation page GET", "GET", "/en/my-registrations/")
        found = REGISTRATION_LINK.search(page.text)
        if found is None:
            raise JourneyFailed("the confirmation page shows no registration")
        pk = found.group(1)
        await me.go("profile page GET", "GET", "/en/my-profile/")

        focal_point = Browser(client, f"10.255.{n % 250}.1", burst.samples, args.timeout, address)
        focal_point.cookies[burst.session_cookie] = burst.focal_points[profile["member_state"]]
        endorse = f"/en/my-delegation/{burst.slug}/registrations/{pk}/endorse/"
        board = f"/en/my-delegation/{burst.slug}/"
        page = await focal_point.go(
            BOARD, "GET", board, check=lambda r: None if endorse in r.text else "no endorse form"
        )
        await focal_point.go(
            "endorse POST (focal point)",
            "POST",
            endorse,
            data={"csrfmiddlewaretoken": csrf(page)},
            expect=(302,),
        )

        ask = f"/en/my-registrations/{pk}/sponsorship/"
        page = await me.go("sponsorship form GET", "GET", ask)
        request = {
            "csrfmiddlewaretoken": csrf(page),
            "departure_city": "Capital City",
            "expertise": "Responsible for migrants' rights in the ministry.",
            "needs": "",
            "send": "1",
        }
        sent = await me.go(
            "sponsorship POST",
            "POST",
            ask,
            data=request,
            expect=(302,),
            check=redirect_to(r"/en/my-sponsorships/\d+/"),
        )
        await me.go("sponsorship page GET", "GET", urlsplit(sent.headers["location"]).path)

        def is_calendar(response):
            if not response.content.startswith(b"BEGIN:VCALENDAR"):
                return "not a calendar file"
            return None

        calendar = f"/en/my-registrations/{pk}/calendar.ics"
        await me.go("calendar file GET", "GET", calendar, check=is_calendar)
    except JourneyFailed as failure:
        burst.failures.append(f"delegate {n}: {failure}")
    else:
        burst.completed.append(address)


async def bare_loop(client, samples: list[Sample], stop: asyncio.Event, timeout: float, n: int):
    browser = Browser(client, f"10.254.0.{n + 1}", samples, timeout)
    while not stop.is_set():
        with contextlib.suppress(JourneyFailed):
            await browser.go("bare view GET", "GET", "/bench/bare/")


async def bare_alone(client, users: int, seconds: float, timeout: float) -> tuple[list, float]:
    samples: list[Sample] = []
    stop = asyncio.Event()
    started = time.perf_counter()
    loops = [
        asyncio.create_task(bare_loop(client, samples, stop, timeout, n)) for n in range(users)
    ]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*loops)
    return samples, time.perf_counter() - started


# --- Services -------------------------------------------------------------------------------
def environment(args: argparse.Namespace, static_root: str, sink_port: int) -> dict[str, str]:
    """gunicorn's, the worker's and this process's: the portal's production settings, e-mail
    to the sink, the run's own Celery queue, one proxy in front (X-Forwarded-For)."""
    return {
        **reg_bench.bench_environment(args, static_root),
        "CELERY_TASK_DEFAULT_QUEUE": f"idm-load-{os.getpid()}",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(sink_port),
        "EMAIL_USE_TLS": "0",
        "PORTAL_BASE_URL": "https://127.0.0.1",
        "DJANGO_MEDIA_ROOT": str(Path(static_root) / "media"),
    }


async def wait_until(what: str, ready, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not await ready():
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start (exit status {process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} was not ready within {timeout:.0f} s")
        await asyncio.sleep(0.3)


async def start_services(processes: Processes, args, logs: dict, client_factory):
    """The Celery worker (with beat) and gunicorn; returns gunicorn's port."""
    schedule = Path(logs["dir"]) / "celerybeat-schedule"
    worker = processes.start(
        [
            sys.executable, "-m", "celery", "-A", "idm_portal", "worker", "--beat",
            "--schedule", str(schedule), "--queues", os.environ["CELERY_TASK_DEFAULT_QUEUE"],
            "--concurrency", str(args.celery_concurrency), "--loglevel", "INFO",
            "--hostname", f"load-bench-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
        ],
        logs["celery"],
        # The worker logs through the portal's LOGGING, whose level is DJANGO_LOG_LEVEL (the
        # bench's WARNING would hide the "ready." line this waits for).
        env={**os.environ, "DJANGO_LOG_LEVEL": "INFO"},
    )  # fmt: skip
    port = reg_bench.free_port()
    gunicorn = processes.start(
        [
            sys.executable, "-m", "gunicorn", "idm_portal.wsgi:application",
            "--bind", f"{HOST}:{port}", "--workers", str(args.workers), "--chdir", str(ROOT),
            "--log-level", "warning", "--timeout", "120", "--backlog", "2048",
            "--access-logfile", logs["access"], "--access-logformat", ACCESS_FORMAT,
        ],
        logs["gunicorn"],
    )  # fmt: skip
    log_path = Path(logs["celery"].name)

    async def worker_ready() -> bool:
        return " ready." in log_path.read_text(errors="replace")

    async with client_factory(port) as client:

        async def gunicorn_ready() -> bool:
            with contextlib.suppress(Exception):
                answer = await client.get(
                    "/bench/bare/", headers={"X-Forwarded-Proto": "https"}, timeout=2
                )
                return answer.status_code == 200
            return False

        await wait_until("gunicorn", gunicorn_ready, 60, gunicorn)
    await wait_until("the Celery worker", worker_ready, 90, worker)
    return port


def http_client(port: int, connections: int):
    import http.cookiejar

    import httpx

    # No cookie jar of its own: each Browser keeps its person's cookies.
    jar = http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(
        base_url=f"http://{HOST}:{port}",
        cookies=jar,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=0),
    )


# --- After the burst: the database's count ---------------------------------------------------
def outbox_statuses(since) -> Counter:
    from django.db import connection

    from idm_portal.models import OutboundEmail

    try:
        return Counter(
            OutboundEmail.objects.filter(created_at__gte=since).values_list("status", flat=True)
        )
    finally:
        connection.close()


def count_in_database(*, prepared: Prepared, burst: Burst, since, sink: SmtpSink) -> list[str]:
    """What the database and the sink hold, against what the journeys were answered."""
    from allauth.account.models import EmailAddress
    from django.db import connection

    from idm_portal.models import OutboundEmail
    from registrations.models.sponsorships import Sponsorship

    try:
        problems: list[str] = []
        addresses = [f"delegate{n:05d}@{EMAIL_DOMAIN}" for n in range(burst.args.delegates)]
        verified = EmailAddress.objects.filter(email__in=addresses, verified=True)
        user_of = dict(verified.values_list("email", "user_id"))
        confirmed = burst.passed("confirm e-mail POST")
        if set(user_of) != confirmed:
            problems.append(f"{len(user_of)} verified addresses for {len(confirmed)} confirmations")
        registered = {user_of[a] for a in burst.passed(REGISTRATION_POST) if a in user_of}
        problems += reg_bench.nothing_lost(
            workshop_id=prepared.workshop_id, user_ids=user_of.values(), redirected=registered
        )
        asked = {user_of[a] for a in burst.passed("sponsorship POST") if a in user_of}
        sponsorships = Counter(
            Sponsorship.objects.filter(
                registration__workshop_id=prepared.workshop_id,
                registration__delegate__user_id__in=list(user_of.values()),
            ).values_list("registration__delegate__user_id", flat=True)
        )
        if set(sponsorships) != asked or any(n != 1 for n in sponsorships.values()):
            problems.append(
                f"{sum(sponsorships.values())} sponsorship requests in the database for "
                f"{len(asked)} answered"
            )
        rows = list(
            OutboundEmail.objects.filter(created_at__gte=since).values_list("to", "kind", "status")
        )
        not_sent = Counter(status for _to, _kind, status in rows if status != "sent")
        if not_sent:
            problems.append(f"e-mails not sent after the drain: {dict(not_sent)}")
        sent_to = Counter(to.lower() for to, _kind, status in rows if status == "sent")
        received = {address: len(found) for address, found in sink.messages.items() if found}
        if sent_to != received:
            differ = sorted(
                a for a in set(sent_to) | set(received) if sent_to[a] != received.get(a, 0)
            )
            problems.append(
                f"the sink received {sink.total} messages for {sum(sent_to.values())} sent rows "
                f"(addresses {', '.join(differ[:3])}…)"
            )
        kinds = Counter((to.lower(), kind) for to, kind, _status in rows)
        per_delegate = {kind for (to, kind) in kinds if to.endswith(EMAIL_DOMAIN)}
        twice = sorted({to for (to, kind), n in kinds.items() if n > 1})
        if twice:
            problems.append(f"{len(twice)} addresses got one kind of e-mail twice ({twice[0]}…)")
        missing = [
            (address, kind)
            for address in burst.completed
            for kind in EXPECTED_EMAILS
            if kinds[(address, kind)] != 1
        ]
        if missing:
            problems.append(f"{len(missing)} e-mails owed and not sent (first: {missing[0]})")
        burst.counts = {
            "verified accounts": len(user_of),
            "registrations": len(registered),
            "sponsorship requests": sum(sponsorships.values()),
            "e-mails sent (outbox rows)": sum(sent_to.values()),
            "e-mails received by the sink": sink.total,
            "kinds of e-mail per delegate": ", ".join(sorted(per_delegate)),
        }
        return problems
    finally:
        connection.close()


# --- The run --------------------------------------------------------------------------------
STEPS = [
    "sign-up form GET", "sign-up POST", VERIFICATION, "confirm e-mail GET",
    "confirm e-mail POST", "registration form GET", REGISTRATION_POST, "confirmation page GET",
    "profile page GET", BOARD, "endorse POST (focal point)",
    "sponsorship form GET", "sponsorship POST", "sponsorship page GET", "calendar file GET",
]  # fmt: skip


def row(name: str, samples: list[Sample], seconds: float, in_worker: list[float]) -> str:
    ms = [s.seconds * 1000 for s in samples]
    errors = sum(not s.ok for s in samples)
    rate = f"{len(samples) / seconds:8.1f}" if seconds else f"{'':>8}"
    figures = " ".join(f"{percentile(ms, p):>8.1f}" for p in (50, 95, 99))
    worker = " ".join(f"{percentile(in_worker, p):>8.1f}" for p in (50, 95)) if in_worker else ""
    return f"{name:<31} {len(samples):>6} {rate} {figures} {errors:>6} {worker}"


# gunicorn's access log: method, path, status, microseconds in the worker (from reading the
# request to the last byte written: without the wait in the listen queue).
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s"
ACCESS_STEPS = [
    ("GET", r"/bench/bare/", UNDER_LOAD),
    ("GET", r"/en/accounts/signup/", "sign-up form GET"),
    ("POST", r"/en/accounts/signup/", "sign-up POST"),
    ("GET", r"/en/accounts/confirm-email/.+", "confirm e-mail GET"),
    ("POST", r"/en/accounts/confirm-email/.+", "confirm e-mail POST"),
    ("GET", r"/en/workshops/[-\w]+/register/", "registration form GET"),
    ("POST", r"/en/workshops/[-\w]+/register/", REGISTRATION_POST),
    ("GET", r"/en/my-registrations/", "confirmation page GET"),
    ("GET", r"/en/my-profile/", "profile page GET"),
    ("GET", r"/en/my-delegation/[-\w]+/", BOARD),
    ("POST", r"/en/my-delegation/[-\w]+/registrations/\d+/endorse/", "endorse POST (focal point)"),
    ("GET", r"/en/my-registrations/\d+/sponsorship/", "sponsorship form GET"),
    ("POST", r"/en/my-registrations/\d+/sponsorship/", "sponsorship POST"),
    ("GET", r"/en/my-sponsorships/\d+/", "sponsorship page GET"),
    ("GET", r"/en/my-registrations/\d+/calendar\.ics", "calendar file GET"),
]


def worker_times(path: str, offset: int) -> dict[str, list[float]]:
    """Milliseconds in the worker per step, from the access log's lines after `offset`."""
    times: dict[str, list[float]] = defaultdict(list)
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        for line in log:
            parts = line.split()
            if len(parts) != 4 or not parts[3].isdigit():
                continue
            for method, pattern, step in ACCESS_STEPS:
                if parts[0] == method and re.fullmatch(pattern, parts[1]):
                    times[step].append(int(parts[3]) / 1000)
                    break
    return times


async def measure(args, port: int, prepared: Prepared, sink: SmtpSink, profiles) -> tuple:
    from django.conf import settings

    burst = Burst(
        prepared.workshop_slug,
        settings.SESSION_COOKIE_NAME,
        {str(pk): key for pk, key in prepared.states},
        sink,
        args,
    )
    async with http_client(port, args.delegates + args.bare_users + 8) as client:
        # Every worker loads its templates and URLs and opens its connections first.
        # A focal point has no delegate profile: its registration form carries the profile
        # form, as a new delegate's does.
        warm = Browser(client, "10.253.0.1", [], args.timeout)
        warm.cookies[burst.session_cookie] = prepared.states[0][1]
        pages = [
            "/bench/bare/",
            "/en/accounts/signup/",
            f"/en/workshops/{prepared.workshop_slug}/",
            f"/en/workshops/{prepared.workshop_slug}/register/",
            f"/en/my-delegation/{prepared.workshop_slug}/",
            "/en/my-registrations/",
        ]
        for _ in range(3 * args.workers):
            await asyncio.gather(*(warm.go("warm", "GET", p, expect=(200, 302)) for p in pages))
        at_rest, rest_seconds = await bare_alone(
            client, args.bare_users, args.bare_seconds, args.timeout
        )
        under_load: list[Sample] = []
        stop = asyncio.Event()
        loops = [
            asyncio.create_task(bare_loop(client, under_load, stop, args.timeout, n))
            for n in range(args.bare_users)
        ]
        started = time.perf_counter()
        burst.access_offset = os.path.getsize(args.access_log)
        await asyncio.gather(
            *(journey(burst, client, n, profiles[n]) for n in range(args.delegates))
        )
        seconds = time.perf_counter() - started
        stop.set()
        await asyncio.gather(*loops)
    return burst, seconds, at_rest, rest_seconds, under_load


async def drain(since, timeout: float) -> tuple[Counter, float]:
    started = time.perf_counter()
    while True:
        statuses = await asyncio.to_thread(outbox_statuses, since)
        if not statuses["pending"] and not statuses["sending"]:
            return statuses, time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            return statuses, time.perf_counter() - started
        await asyncio.sleep(1)


async def run(args, processes: Processes, logs: dict) -> list[str]:
    import django
    from django.db import connection
    from django.utils import timezone

    sink = SmtpSink()
    await sink.start()
    try:
        os.environ.update(environment(args, logs["dir"], sink.port))
        await asyncio.to_thread(reg_bench.recreate_database, args.database_url)
        await asyncio.to_thread(reg_bench.flush_redis, args.redis_url)
        django.setup()
        print(f"Preparing {args.database_url} …", file=sys.stderr, flush=True)

        def setup():
            try:
                prepared = prepare(args)
                version = connection.cursor().connection.server_version
                return (
                    prepared,
                    version,
                    delegate_profiles(args.delegates, [pk for pk, _key in prepared.states]),
                )
            finally:
                connection.close()

        prepared, pg_version, profiles = await asyncio.to_thread(setup)
        await asyncio.to_thread(reg_bench.flush_redis, args.redis_url)  # the demo's e-mails
        print("Starting the Celery worker and gunicorn …", file=sys.stderr, flush=True)
        port = await start_services(processes, args, logs, lambda p: http_client(p, 4))
        since = timezone.now()
        load_before = os.getloadavg()
        print(f"Burst of {args.delegates} journeys …", file=sys.stderr, flush=True)
        burst, seconds, at_rest, rest_seconds, under_load = await measure(
            args, port, prepared, sink, profiles
        )
        load_after = os.getloadavg()
        statuses, drained = await drain(since, args.drain_timeout)
        problems = await asyncio.to_thread(
            count_in_database, prepared=prepared, burst=burst, since=since, sink=sink
        )
    finally:
        await sink.stop()
    return report(
        args, prepared, pg_version, burst, seconds, (at_rest, rest_seconds), under_load,
        (statuses, drained), (load_before, load_after), problems,
    )  # fmt: skip


def report(args, prepared, pg_version, burst, seconds, rest, under_load, drained, loads, problems):
    at_rest, rest_seconds = rest
    statuses, drain_seconds = drained
    print(
        f"Load benchmark: {args.delegates} delegate journeys in one burst"
        f"{f' (starts over {args.ramp:.0f} s)' if args.ramp else ''}, gunicorn {args.workers} "
        f"sync workers, Celery worker {args.celery_concurrency} processes (+ beat), "
        f"{args.bare_users} bare-view clients in a loop; PostgreSQL {pg_version // 10000}, "
        f"{reg_bench.cores()} cores; workshop {prepared.workshop_slug}; "
        f"setup {prepared.seconds:.0f} s"
    )
    print(
        "Load average (1/5/15 min) before the burst: "
        + " ".join(f"{x:.2f}" for x in loads[0])
        + ", after: "
        + " ".join(f"{x:.2f}" for x in loads[1])
    )
    print(
        "Latency: at the client, from sending to the last byte (queueing included); "
        "in worker: gunicorn's own time for the request (its access log), without the queue"
    )
    columns = ("count", "per s", "p50 ms", "p95 ms", "p99 ms")
    in_worker = ("worker50", "worker95")
    print(
        f"{'step':<31} {columns[0]:>6} "
        + " ".join(f"{c:>8}" for c in columns[1:])
        + " errors "
        + " ".join(f"{c:>8}" for c in in_worker)
    )
    worker = worker_times(args.access_log, burst.access_offset)
    print(row("bare view GET, alone", at_rest, rest_seconds, []))
    print(row(UNDER_LOAD, under_load, seconds, worker.get(UNDER_LOAD, [])))
    by_step = defaultdict(list)
    for sample in burst.samples:
        by_step[sample.step].append(sample)
    for step in STEPS:
        print(row(step, by_step.get(step, []), seconds, worker.get(step, [])))
    done = len(burst.completed)
    print(
        f"Journeys completed: {done} of {args.delegates} in {seconds:.1f} s "
        f"({done / seconds:.2f} journeys/s, {len(burst.samples) / seconds:.1f} portal "
        f"requests/s besides the bare view's {len(under_load) / seconds:.1f})"
    )
    print(
        f"Worker drained the outbox {drain_seconds:.1f} s after the burst: {dict(statuses)}; "
        + "; ".join(f"{k}: {v}" for k, v in burst.counts.items())
    )
    post = [s.seconds for s in by_step.get(REGISTRATION_POST, [])]
    bare = [s.seconds for s in under_load]
    ratio = percentile(post, 95) / max(percentile(bare, 95), 1e-9)
    print(
        f"Registration POST p95 / bare view p95 under the same load: {ratio:.2f} "
        f"(target under {args.p95_factor:g})"
    )
    failures = list(problems)
    errors = [s for s in [*burst.samples, *under_load] if not s.ok]
    if errors:
        kinds = Counter(f"{s.step}: {s.error or s.status}" for s in errors)
        failures.append(
            f"{len(errors)} errors: " + "; ".join(f"{k} ×{n}" for k, n in kinds.most_common(5))
        )
    if done != args.delegates:
        failures.append(f"{args.delegates - done} journeys did not complete")
        failures += burst.failures[:5]
    if not post or ratio >= args.p95_factor:
        failures.append(f"the registration POST's p95 is {ratio:.1f}× the bare view's")
    if not failures:
        print(
            "All targets met: every journey complete, no error, nothing lost, the "
            f"registration POST's p95 under {args.p95_factor:g}× the bare view's."
        )
    return failures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raise_on_sigterm()
    folder = tempfile.mkdtemp(prefix="idm-bench-load-")
    logs = {
        "dir": folder,
        "gunicorn": open(Path(folder) / "gunicorn.log", "w+"),  # noqa: SIM115
        "celery": open(Path(folder) / "celery.log", "w+"),  # noqa: SIM115
        "access": str(Path(folder) / "access.log"),
    }
    args.access_log = logs["access"]
    processes = Processes()
    failures = ["interrupted"]
    try:
        failures = asyncio.run(run(args, processes, logs))
    finally:
        processes.stop_all()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with contextlib.suppress(Exception):
            reg_bench.flush_redis(args.redis_url)
        if not args.keep:
            with contextlib.suppress(Exception):
                reg_bench.drop_database(args.database_url)
        for name in ("gunicorn", "celery"):
            logs[name].close()
        if not failures:
            shutil.rmtree(folder, ignore_errors=True)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        for name in ("gunicorn", "celery"):
            path = Path(folder) / f"{name}.log"
            tail = [
                line
                for line in path.read_text(errors="replace").splitlines()
                if "ERROR" in line or "Traceback" in line or "Error" in line
            ][-15:]
            print(f"{name}'s log ({path}), its errors:", *tail, sep="\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
