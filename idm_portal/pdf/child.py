"""The renderer child: layout under a time and memory limit, out of the worker's way.

The layout runs in a renderer child process forked from the worker: its address space is
capped (``RLIMIT_AS``) at ``PDF_RENDER_MEMORY_MB`` above what it maps when it starts, and the
parent kills it when a rendering passes ``PDF_RENDER_TIMEOUT`` seconds. A runaway document then
fails with a clear :class:`~idm_portal.pdf.layout.RenderError` and never takes the worker (or
the web process, in eager mode) down. The child is kept between renderings so that
WeasyPrint's and fontconfig's caches stay warm (a fresh fork per document cost ~30 % more than
WeasyPrint alone); it is replaced after ``RENDERS_PER_CHILD`` renderings, after a timeout or a
crash. The child dies with its parent (``PR_SET_PDEATHSIG`` on Linux, else a ``getppid``
watch), so a worker killed mid-rendering leaves no renderer behind, and it closes every
descriptor it inherits but its own pipes. :func:`run_limited` runs a one-off job (checking an
uploaded PDF, :mod:`idm_portal.pdf.check`) in a fresh child under the same kind of limits.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import resource
import selectors
import signal
import struct
import sys
import threading
import time

from idm_portal.pdf import layout
from idm_portal.pdf.layout import RenderError

logger = logging.getLogger(__name__)

# --- The renderer child ----------------------------------------------------------------------
RENDERS_PER_CHILD = 200
_FRAME = struct.Struct("!BQ")  # status or request kind, then the payload's length
_OK, _ERROR, _OUT_OF_MEMORY = 0, 1, 2


class _ChildGone(Exception):
    pass


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks, left = [], size
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while left:
            if deadline is not None:
                wait = deadline - time.monotonic()
                if wait <= 0 or not selector.select(wait):
                    raise TimeoutError
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise _ChildGone
            chunks.append(chunk)
            left -= len(chunk)
    return b"".join(chunks)


def _write_frame(fd: int, kind: int, payload: bytes) -> None:
    data = memoryview(_FRAME.pack(kind, len(payload)) + payload)
    while data:
        data = data[os.write(fd, data) :]


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_SECONDS = 0.5


def _die_with_parent(parent_pid: int, *, use_pdeathsig: bool) -> None:
    """Make this renderer child end when the process that forked it dies (a Celery pool child
    killed mid-rendering must not leave a renderer of a few hundred MB running on its own).
    On Linux the kernel kills it (PR_SET_PDEATHSIG); that signal follows the *thread* that
    forked, so it is used only when the main thread forks (a Celery pool child). Elsewhere, or
    without prctl, a thread of the child watches getppid()."""
    armed = False
    if use_pdeathsig and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _serve(
    requests: int, replies: int, memory_mb: int, *, parent_pid: int, use_pdeathsig: bool
) -> None:
    """The child's loop: read (media root, HTML), write the PDF or the error. Never returns."""
    status = 0
    try:
        _die_with_parent(parent_pid, use_pdeathsig=use_pdeathsig)
        limit = _mapped_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        while True:
            try:
                _kind, length = _FRAME.unpack(_read_exactly(requests, _FRAME.size, None))
                media_root, html = _read_exactly(requests, length, None).decode().split("\0", 1)
            except _ChildGone:
                break
            try:
                reply, kind = layout._write_pdf(html, media_root), _OK
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                if _is_out_of_memory(exc):
                    reply = f"the rendering needed more than {memory_mb} MB of memory".encode()
                    kind = _OUT_OF_MEMORY
                else:
                    reply, kind = f"{type(exc).__name__}: {exc}".encode()[:4000], _ERROR
            _write_frame(replies, kind, reply)
            if kind == _OUT_OF_MEMORY:
                status = 1
                break
    except BaseException:  # noqa: BLE001 - a child must never return into the caller's code
        status = 1
    finally:
        os._exit(status)


def _close_inherited_fds(*keep: int) -> None:
    """A forked child holds a copy of every descriptor its parent had open: database sockets,
    a browser driver's pipes, a listening socket. It closes them all but its own pipes and the
    standard streams, so that nothing of the parent's waits on the child (a driver that never
    sees its pipe close, a connection that never ends) and the child cannot write into it."""
    low = 3
    for fd in sorted(fd for fd in keep if fd >= 3):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _is_out_of_memory(exc: BaseException) -> bool:
    """Under RLIMIT_AS an allocation fails as MemoryError, or, inside a C library (cairo,
    pango, Pillow), as an OSError/RuntimeError that says so: all are the memory limit."""
    if isinstance(exc, MemoryError):
        return True
    if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
        return True
    text = str(exc).lower()
    return "memory" in text or "cannot allocate" in text


class _Renderer:
    """One renderer child per process, used by one thread at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid: int | None = None
        self.owner: int | None = None
        self.memory_mb: int | None = None
        self.renders = 0
        self.requests = self.replies = -1

    def render(self, html: str, *, media_root: str, timeout: float, memory_mb: int) -> bytes:
        with self.lock:
            for attempt in (1, 2):
                if (
                    self.pid is None
                    or self.owner != os.getpid()
                    or self.memory_mb != memory_mb
                    or self.renders >= RENDERS_PER_CHILD
                ):
                    self._start(memory_mb)
                self.renders += 1
                try:
                    _write_frame(self.requests, 0, f"{media_root}\0{html}".encode())
                except OSError:  # the child died since its last rendering: start another
                    self._stop()
                    if attempt == 2:
                        raise RenderError(
                            f"the PDF renderer stopped at once (memory limit {memory_mb} MB "
                            "or a crash)"
                        ) from None
                    continue
                break
            deadline = time.monotonic() + timeout
            try:
                kind, length = _FRAME.unpack(_read_exactly(self.replies, _FRAME.size, deadline))
                payload = _read_exactly(self.replies, length, deadline)
            except TimeoutError:
                self._stop()
                raise RenderError(f"the rendering took longer than {timeout:g} seconds") from None
            except _ChildGone:
                self._stop()
                raise RenderError(
                    f"the rendering stopped unexpectedly (memory limit {memory_mb} MB or a crash)"
                ) from None
            except BaseException:
                # E.g. Celery's SoftTimeLimitExceeded while we wait: the child's late reply must
                # never be read as the answer to the next document, so this child goes.
                self._stop()
                raise
            if kind == _OUT_OF_MEMORY:
                self._stop()
            if kind != _OK:
                raise RenderError(payload.decode(errors="replace"))
            return payload

    def _start(self, memory_mb: int) -> None:
        self._stop()
        _warm_up()  # the child inherits loaded fonts and WeasyPrint's modules
        parent_requests, child_requests = os.pipe()
        child_replies, parent_replies = os.pipe()
        parent_pid = os.getpid()
        use_pdeathsig = threading.current_thread() is threading.main_thread()
        pid = os.fork()
        if pid == 0:
            os.close(child_requests)
            os.close(child_replies)
            _close_inherited_fds(parent_requests, parent_replies)
            _serve(
                parent_requests,
                parent_replies,
                memory_mb,
                parent_pid=parent_pid,
                use_pdeathsig=use_pdeathsig,
            )
        os.close(parent_requests)
        os.close(parent_replies)
        self.pid, self.owner, self.memory_mb, self.renders = pid, os.getpid(), memory_mb, 0
        self.requests, self.replies = child_requests, child_replies

    def _stop(self) -> None:
        if self.pid is None:
            return
        if self.owner == os.getpid():
            for fd in (self.requests, self.replies):
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.pid = None

    def close(self) -> None:
        """Let the child finish and exit (it stops at the end of its input), then reap it."""
        with self.lock:
            if self.pid is None or self.owner != os.getpid():
                self.pid = None
                return
            os.close(self.requests)
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            os.close(self.replies)
            self.pid = None


_renderer = _Renderer()


def shutdown_renderer() -> None:
    """Stop this process's renderer child (bench/pdf.py reads its peak memory this way)."""
    _renderer.close()


# --- One-off jobs under the renderer's limits ---------------------------------------------------
class LimitedJobError(Exception):
    """A job given to :func:`run_limited` gave no answer. `reason` is ``"time"`` (it passed its
    wall-clock budget and was killed), ``"memory"`` (it passed its address-space limit),
    ``"crash"`` (the child died) or ``"error"`` (the function raised: the message says what)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def run_limited(function, *args, timeout: float, memory_mb: int) -> bytes:
    """``function(*args)``, which returns bytes, run in a child forked for this one job under the
    renderer's limits: its address space capped at `memory_mb` above what it maps when it starts,
    its CPU time capped (so that it ends even if this process is killed first), and killed
    after `timeout` wall-clock seconds. For checking untrusted files (a note verbale): whatever
    the file makes the function do, this process keeps its memory and gets its answer in time.
    A fresh child per job, unlike the renderer's kept one: nothing one file did can last into
    the next. Without ``os.fork`` it runs in-process, and only the function's own limits apply.
    """
    if not hasattr(os, "fork"):
        return function(*args)
    replies, child_replies = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(replies)
        _close_inherited_fds(child_replies)
        _run_one(function, args, child_replies, timeout, memory_mb)
    os.close(child_replies)
    try:
        deadline = time.monotonic() + timeout
        kind, length = _FRAME.unpack(_read_exactly(replies, _FRAME.size, deadline))
        payload = _read_exactly(replies, length, deadline)
    except TimeoutError:
        raise LimitedJobError("time", f"the job took longer than {timeout:g} seconds") from None
    except _ChildGone:
        raise LimitedJobError(
            "crash", f"the job stopped unexpectedly (memory limit {memory_mb} MB or a crash)"
        ) from None
    finally:
        os.close(replies)
        try:
            os.kill(pid, signal.SIGKILL)  # gone already, or late: either way it ends here
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    if kind == _OUT_OF_MEMORY:
        raise LimitedJobError("memory", payload.decode(errors="replace"))
    if kind != _OK:
        raise LimitedJobError("error", payload.decode(errors="replace"))
    return payload


def _run_one(function, args, replies: int, timeout: float, memory_mb: int) -> None:
    """The one-off child: set the limits, run, write the answer. Never returns."""
    status = 0
    try:
        limit = _mapped_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu_seconds = int(timeout) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        try:
            reply, kind = function(*args), _OK
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            if _is_out_of_memory(exc):
                reply = f"the job needed more than {memory_mb} MB of memory".encode()
                kind = _OUT_OF_MEMORY
            else:
                reply, kind = f"{type(exc).__name__}: {exc}".encode()[:4000], _ERROR
        _write_frame(replies, kind, reply)
    except BaseException:  # noqa: BLE001 - a child must never return into the caller's code
        status = 1
    finally:
        os._exit(status)


_warm = False


def _warm_up() -> None:
    """Load WeasyPrint and the fonts once in the parent, so that each child starts warm."""
    global _warm
    if not _warm:
        layout._write_pdf(
            '<html lang="en">'
            '<p style="font-family: DejaVu Serif">IOM <b>OIM</b> <i>1.</i> <b><i>a</i></b></p>'
            '<p style="font-family: DejaVu Sans">IOM <b>OIM</b></p></html>'
        )
        _warm = True
