"""Render a template to PDF with WeasyPrint, safely.

* The HTML is rendered under ``translation.override(language)``.
* WeasyPrint gets :class:`PortalURLFetcher`: it serves only the project's static files (the
  static finders and STATIC_ROOT) and media files (MEDIA_ROOT), and small ``data:`` images. It
  refuses http(s), ftp, ``file://`` outside those folders and everything else, so a document
  body can never make the server fetch a URL.
* Fonts are the machine's (DejaVu, through fontconfig) named in ``static/css/pdf.css``; no
  ``@font-face`` points at the network.
* Limits. The layout runs in a renderer child process forked from the worker: its address
  space is capped (``RLIMIT_AS``) at ``PDF_RENDER_MEMORY_MB`` above what it maps when it
  starts, and the parent kills it when a rendering passes ``PDF_RENDER_TIMEOUT`` seconds. A
  runaway document then fails with a clear :class:`RenderError` and never takes the worker
  (or the web process, in eager mode) down. The child is kept between renderings so that
  WeasyPrint's and fontconfig's caches stay warm (a fresh fork per document cost ~30 % more
  than WeasyPrint alone); it is replaced after ``RENDERS_PER_CHILD`` renderings, after a
  timeout or a crash. The child dies with its parent (``PR_SET_PDEATHSIG`` on Linux, else a
  ``getppid`` watch), so a worker killed mid-rendering leaves no renderer behind. The Celery
  task adds its own ``soft_time_limit`` as an outer guard.
  With ``PDF_RENDER_ISOLATED = False`` (or no ``os.fork``) the layout runs in-process and only
  the task's time limit applies.
* :func:`run_limited` runs a one-off job (checking an uploaded PDF, ``idm_portal.pdf_check``)
  in a fresh child under the same kind of limits.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import logging
import mimetypes
import os
import resource
import selectors
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# Resolves the template's relative links ("/static/css/pdf.css"). The host is reserved
# (RFC 2606) and is never contacted: the fetcher maps this origin to files on disk.
BASE_URL = "https://portal.idm.invalid/"
MAX_DATA_URL_BYTES = 256 * 1024
DEFAULT_TIMEOUT = 60
DEFAULT_MEMORY_MB = 400


class RenderError(Exception):
    """A PDF could not be made from this input (a domain error: retrying will not help)."""


class FetchRefused(ValueError):
    """WeasyPrint asked for a resource the portal does not serve to it."""


def _weasyprint():
    import weasyprint  # noqa: PLC0415 - heavy import, only where a PDF is made

    return weasyprint


def _allowed_file(path: Path, media_root: str | None = None) -> Path | None:
    """The real path of `path` if it lies under MEDIA_ROOT, STATIC_ROOT or a static folder."""
    roots = [Path(media_root or settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    roots += [Path(str(d[1] if isinstance(d, tuple) else d)) for d in settings.STATICFILES_DIRS]
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    for root in roots:
        try:
            if real.is_file() and real.is_relative_to(root.resolve()):
                return real
        except OSError:
            continue
    return None


def _static_or_media_path(url_path: str, media_root: str | None = None) -> Path | None:
    path = unquote(url_path)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        name = path[len(static_prefix) :]
        if ".." in Path(name).parts:
            return None
        found = finders.find(name)  # only ever answers with a file of a static folder
        if found:
            return Path(found).resolve()
        return _allowed_file(Path(settings.STATIC_ROOT) / name)
    if path.startswith(media_prefix):
        name = path[len(media_prefix) :]
        if ".." in Path(name).parts:
            return None
        return _allowed_file(Path(media_root or settings.MEDIA_ROOT) / name, media_root)
    return None


def portal_url_fetcher_class():
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class PortalURLFetcher(URLFetcher):
        """Serves static and media files from disk; refuses every other URL."""

        media_root: str | None = None

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                if len(url) > MAX_DATA_URL_BYTES:
                    raise FetchRefused("data: URL larger than the limit")
                return super().fetch(url, headers)
            if url.startswith(BASE_URL):
                url_path = "/" + urlsplit(url).path.lstrip("/")
                path = _static_or_media_path(url_path, self.media_root)
            elif scheme == "file":
                path = _allowed_file(Path(unquote(urlsplit(url).path)), self.media_root)
            else:
                path = None
            if path is None:
                logger.warning("PDF rendering refused to fetch %s", url[:200])
                raise FetchRefused(f"the portal does not fetch {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
            )

    PortalURLFetcher.weasyprint_version = weasyprint.__version__
    return PortalURLFetcher


_fetcher_class = None


_fetchers: dict[str | None, object] = {}


def url_fetcher(media_root: str | None = None):
    """The portal's fetcher (one per media root and process: building one costs ~10 ms,
    mostly urllib's SSL context, which this fetcher never uses)."""
    global _fetcher_class
    if media_root not in _fetchers:
        if _fetcher_class is None:
            _fetcher_class = portal_url_fetcher_class()
        fetcher = _fetcher_class()
        fetcher.media_root = media_root
        if len(_fetchers) > 20:  # tests use a media root each
            _fetchers.clear()
        _fetchers[media_root] = fetcher
    return _fetchers[media_root]


def render_html(template_name: str, context: dict, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` and write the PDF, within the time and memory limits."""
    timeout = float(getattr(settings, "PDF_RENDER_TIMEOUT", DEFAULT_TIMEOUT))
    memory_mb = int(getattr(settings, "PDF_RENDER_MEMORY_MB", DEFAULT_MEMORY_MB))
    media_root = str(settings.MEDIA_ROOT)
    if getattr(settings, "PDF_RENDER_ISOLATED", True) and hasattr(os, "fork"):
        return _renderer.render(html, media_root=media_root, timeout=timeout, memory_mb=memory_mb)
    return _write_pdf(html, media_root)


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render `template_name` in `language` and return the PDF's bytes."""
    return html_to_pdf(render_html(template_name, context, language=language))


def _write_pdf(html: str, media_root: str | None = None) -> bytes:
    weasyprint = _weasyprint()
    fetcher = url_fetcher(media_root)
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()


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
                reply, kind = _write_pdf(html, media_root), _OK
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
        _write_pdf(
            '<p style="font-family: DejaVu Serif">IOM <b>OIM</b> <i>1.</i> <b><i>a</i></b></p>'
            '<p style="font-family: DejaVu Sans">IOM <b>OIM</b></p>'
        )
        _warm = True


def css_string(value: str) -> str:
    """`value` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_/()'" else f"\\{ord(ch):x} " for ch in str(value)
    )
    return f'"{escaped}"'


# --- Measuring text before layout ---------------------------------------------------------------

# Where Debian's fonts-dejavu-core puts the fonts static/css/pdf.css names (this machine, the
# Dockerfile's image); elsewhere fontconfig's fc-match is asked.
_FONT_FILES = {
    "DejaVu Serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVu Serif:bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "DejaVu Serif:italic": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
    "DejaVu Serif:bold:italic": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf",
    "monospace": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
}
POINTS_PER_CM = 72 / 2.54


@functools.cache
def _advance_widths(font: str) -> tuple[dict[int, int], int] | None:
    """Each character's advance in `font` (fontconfig's name), and the font's units per em;
    None when the font file cannot be found or read."""
    path = _FONT_FILES.get(font)
    fc_match = shutil.which("fc-match")
    if not (path and os.path.exists(path)) and fc_match:
        found = subprocess.run(  # noqa: S603 - a font name of this module, no shell
            [fc_match, "--format=%{file}", font], capture_output=True, text=True, timeout=10
        )
        path = found.stdout.strip() if found.returncode == 0 else None
    if not (path and os.path.exists(path)):
        return None
    try:
        from fontTools.ttLib import TTFont  # noqa: PLC0415 - a WeasyPrint dependency

        with TTFont(path, lazy=True) as ttf:
            metrics = ttf["hmtx"].metrics
            widths = {code: metrics[glyph][0] for code, glyph in ttf.getBestCmap().items()}
            return widths, ttf["head"].unitsPerEm
    except Exception:  # noqa: BLE001 - a font we cannot read just means "no estimate"
        logger.warning("Cannot read the font file %s to measure text", path, exc_info=True)
        return None


def text_width(text: str, size_pt: float, font: str = "DejaVu Serif") -> float | None:
    """The width in points of `text` set on one line in `font` at `size_pt`, from the font's
    advance widths: no kerning or ligature, which only ever narrow a line, so a text this says
    fits does fit. A character the font lacks counts as one em (the fallback font is
    unknown). None when the font cannot be read: the caller then assumes nothing fits."""
    metrics = _advance_widths(font)
    if metrics is None:
        return None
    widths, units_per_em = metrics
    units = sum(widths.get(ord(ch), units_per_em) for ch in text)
    return units * size_pt / units_per_em


def fits_on_one_line(text: str, width_pt: float, size_pt: float, font="DejaVu Serif") -> bool:
    """Whether `text` (plain, no newline) surely fits a line `width_pt` wide, with 2 % to spare
    for what the measure cannot see (a font substituted for a few characters, rounding)."""
    width = text_width(text, size_pt, font)
    return width is not None and "\n" not in text and width <= width_pt * 0.98
