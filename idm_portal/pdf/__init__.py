"""Render a template to PDF with WeasyPrint, safely (shared machinery of the project).

- :mod:`~idm_portal.pdf.render`: template → HTML in the reader's language → PDF bytes.
- :mod:`~idm_portal.pdf.layout`: the one place WeasyPrint is called, with a URL fetcher that
  serves only the project's static and media files (a document never makes the server fetch a
  URL).
- :mod:`~idm_portal.pdf.child`: the renderer child process, under a time and memory limit,
  and one-off limited jobs (:func:`run_limited`).
- :mod:`~idm_portal.pdf.measure`: text widths from the fonts' advance widths.
- :mod:`~idm_portal.pdf.check`: is an uploaded file a real, safe PDF (notes verbales).

The names below are what the apps use; tests reach into the modules themselves.
"""

from idm_portal.pdf.child import LimitedJobError, run_limited, shutdown_renderer
from idm_portal.pdf.layout import (
    BASE_URL,
    MAX_DATA_URL_BYTES,
    FetchRefused,
    RenderError,
    css_string,
    url_fetcher,
)
from idm_portal.pdf.measure import POINTS_PER_CM, fits_on_one_line, text_width
from idm_portal.pdf.render import html_to_pdf, render_html, render_pdf

__all__ = [
    "BASE_URL",
    "MAX_DATA_URL_BYTES",
    "POINTS_PER_CM",
    "FetchRefused",
    "LimitedJobError",
    "RenderError",
    "css_string",
    "fits_on_one_line",
    "html_to_pdf",
    "render_html",
    "render_pdf",
    "run_limited",
    "shutdown_renderer",
    "text_width",
    "url_fetcher",
]
