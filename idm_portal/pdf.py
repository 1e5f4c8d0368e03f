"""Render a template to PDF with WeasyPrint, safely.

* The HTML is rendered under ``translation.override(language)``.
* WeasyPrint gets :class:`PortalURLFetcher`: it serves only the project's static files (the
  static finders and STATIC_ROOT) and media files (MEDIA_ROOT), and small ``data:`` images. It
  refuses http(s), ftp, ``file://`` outside those folders and everything else, so a document
  body can never make the server fetch a URL.
* Fonts are the machine's (DejaVu, through fontconfig) named in ``static/css/pdf.css``; no
  ``@font-face`` points at the network.
* Limits: the layout runs in a forked child process (cheap: the warm worker's memory is shared
  copy-on-write) with ``RLIMIT_AS`` raised only ``PDF_RENDER_MEMORY_MB`` above what the worker
  already maps, and the parent kills it after ``PDF_RENDER_TIMEOUT`` seconds. A runaway
  document therefore fails with a clear :class:`RenderError` instead of taking the worker (or
  the web process, in eager mode) down with it. The Celery task adds its own
  ``soft_time_limit`` as an outer guard. Where ``os.fork`` is missing (or with
  ``PDF_RENDER_ISOLATED = False``) the layout runs in-process with no memory limit.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import resource
import selectors
import signal
import struct
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


def _allowed_file(path: Path) -> Path | None:
    """The real path of `path` if it lies under STATIC_ROOT, a static folder or MEDIA_ROOT."""
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
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


def _static_or_media_path(url_path: str) -> Path | None:
    path = unquote(url_path)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        name = path[len(static_prefix) :]
        if ".." in Path(name).parts:
            return None
        found = finders.find(name)
        candidate = Path(found) if found else Path(settings.STATIC_ROOT) / name
        return _allowed_file(candidate)
    if path.startswith(media_prefix):
        name = path[len(media_prefix) :]
        if ".." in Path(name).parts:
            return None
        return _allowed_file(Path(settings.MEDIA_ROOT) / name)
    return None


def portal_url_fetcher_class():
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class PortalURLFetcher(URLFetcher):
        """Serves static and media files from disk; refuses every other URL."""

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                if len(url) > MAX_DATA_URL_BYTES:
                    raise FetchRefused("data: URL larger than the limit")
                return super().fetch(url, headers)
            if url.startswith(BASE_URL):
                path = _static_or_media_path("/" + urlsplit(url).path.lstrip("/"))
            elif scheme == "file":
                path = _allowed_file(Path(unquote(urlsplit(url).path)))
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


def url_fetcher():
    global _fetcher_class
    if _fetcher_class is None:
        _fetcher_class = portal_url_fetcher_class()
    return _fetcher_class()


def render_html(template_name: str, context: dict, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` and write the PDF, within the time and memory limits."""
    timeout = float(getattr(settings, "PDF_RENDER_TIMEOUT", DEFAULT_TIMEOUT))
    memory_mb = int(getattr(settings, "PDF_RENDER_MEMORY_MB", DEFAULT_MEMORY_MB))
    if getattr(settings, "PDF_RENDER_ISOLATED", True) and hasattr(os, "fork"):
        return _in_child(html, timeout=timeout, memory_mb=memory_mb)
    return _write_pdf(html)


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render `template_name` in `language` and return the PDF's bytes."""
    return html_to_pdf(render_html(template_name, context, language=language))


def _write_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).write_pdf()


def warm_up() -> None:
    """Load fonts and WeasyPrint's caches once in the parent, so that every forked child
    starts warm instead of paying for fontconfig on each document."""
    global _warm
    if not _warm:
        _write_pdf('<p style="font-family: DejaVu Serif">IOM <b>OIM</b> <i>1.</i></p>')
        _warm = True


_warm = False

_HEADER = struct.Struct("!BQ")  # status (0 ok, 1 error), payload length


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _in_child(html: str, *, timeout: float, memory_mb: int) -> bytes:
    warm_up()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: lay out, write the result to the pipe, never return
        status, payload = 1, b"unknown error"
        try:
            os.close(read_fd)
            limit = _mapped_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            payload, status = _write_pdf(html), 0
        except MemoryError:
            payload = f"the rendering needed more than {memory_mb} MB".encode()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            payload = f"{type(exc).__name__}: {exc}".encode()[:4000]
        try:
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(_HEADER.pack(status, len(payload)))
                pipe.write(payload)
        finally:
            os._exit(status)

    os.close(write_fd)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(read_fd, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    os.kill(pid, signal.SIGKILL)
                    raise RenderError(f"the rendering took longer than {timeout:g} seconds")
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        _reap(pid)
    data = b"".join(chunks)
    if len(data) < _HEADER.size:
        raise RenderError(
            f"the rendering stopped unexpectedly (memory limit {memory_mb} MB or a crash)"
        )
    status, length = _HEADER.unpack_from(data)
    payload = data[_HEADER.size : _HEADER.size + length]
    if status != 0:
        raise RenderError(payload.decode(errors="replace"))
    return payload


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def css_string(value: str) -> str:
    """`value` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_/()'" else f"\\{ord(ch):x} " for ch in str(value)
    )
    return f'"{escaped}"'
