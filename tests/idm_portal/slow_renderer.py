"""A slow generated-file kind for the lease tests, so that a worker can be killed mid-render.

A test imports it; a worker started by a test loads it with
``celery -A idm_portal worker --include tests.idm_portal.slow_renderer``. Its PDF is made
by the real renderer child of idm_portal.pdf, which sleeps SLOW_RENDER_SECONDS (environment
``IDM_TEST_SLOW_RENDER_SECONDS``) before laying out any HTML carrying SLOW_MARKER: a document
that takes long to lay out, without depending on how busy the machine is.
"""

import os
import time

from idm_portal import pdf
from idm_portal.files import registry as generated
from idm_portal.pdf import layout

SLOW_PDF = "test_slow_pdf"
SLOW_MARKER = "<!-- idm-test: slow to lay out -->"
SLOW_RENDER_SECONDS = float(os.environ.get("IDM_TEST_SLOW_RENDER_SECONDS", "3"))

if not getattr(layout._write_pdf, "is_slow_for_tests", False):
    _write_pdf = layout._write_pdf

    def _slow_write_pdf(html: str, media_root: str | None = None) -> bytes:
        if SLOW_MARKER in html:
            time.sleep(SLOW_RENDER_SECONDS)
        return _write_pdf(html, media_root)

    _slow_write_pdf.is_slow_for_tests = True
    layout._write_pdf = _slow_write_pdf


def render(obj, language: str) -> generated.Rendered:
    html = f"{SLOW_MARKER}<p>Slow test file of object {obj.pk} ({language})</p>"
    return generated.Rendered(pdf.html_to_pdf(html), f"slow-{obj.pk}.pdf")


def fingerprint(obj, language: str) -> str:
    return f"slow {obj.pk}"


def can_download(user, obj) -> bool:
    """The user the file was made for (its object) may fetch it."""
    return user.is_authenticated and user.pk == obj.pk


generated.register(SLOW_PDF, render=render, fingerprint=fingerprint, can_download=can_download)
