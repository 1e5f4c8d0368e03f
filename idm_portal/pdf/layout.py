"""WeasyPrint, fenced in: the one place the portal calls it.

WeasyPrint gets :class:`PortalURLFetcher`: it serves only the project's static files (the
static finders and STATIC_ROOT) and media files (MEDIA_ROOT), and small ``data:`` images. It
refuses http(s), ftp, ``file://`` outside those folders and everything else, so a document body
can never make the server fetch a URL. Fonts are the machine's (DejaVu, through fontconfig)
named in ``static/css/pdf.css``; no ``@font-face`` points at the network.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

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


def _write_pdf(html: str, media_root: str | None = None) -> bytes:
    weasyprint = _weasyprint()
    fetcher = url_fetcher(media_root)
    # Tagged for screen readers: a structure tree, and the catalogue's /Lang from <html lang>
    # (every PDF template sets it). bench/pdf.py: costs well under 25 %, so always on.
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        pdf_tags=True
    )


def css_string(value: str) -> str:
    """`value` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_/()'" else f"\\{ord(ch):x} " for ch in str(value)
    )
    return f'"{escaped}"'
