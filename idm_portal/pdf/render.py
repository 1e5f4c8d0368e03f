"""From a template to PDF bytes: render the HTML in the reader's language, lay it out within
the limits (in the renderer child unless ``PDF_RENDER_ISOLATED = False`` or there is no
``os.fork``; then only the task's time limit applies)."""

from __future__ import annotations

import os

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from idm_portal.pdf import child, layout, typography


def render_html(template_name: str, context: dict, *, language: str) -> str:
    """The template in `language`; French gets its printers' no-break spaces (before : ; ! ?
    and inside « »), in the text nodes only, for every PDF (documents, letters, lists)."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    return typography.french_typography(html) if language == "fr" else html


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` and write the PDF, within the time and memory limits."""
    timeout = float(getattr(settings, "PDF_RENDER_TIMEOUT", layout.DEFAULT_TIMEOUT))
    memory_mb = int(getattr(settings, "PDF_RENDER_MEMORY_MB", layout.DEFAULT_MEMORY_MB))
    media_root = str(settings.MEDIA_ROOT)
    if getattr(settings, "PDF_RENDER_ISOLATED", True) and hasattr(os, "fork"):
        return child._renderer.render(
            html, media_root=media_root, timeout=timeout, memory_mb=memory_mb
        )
    return layout._write_pdf(html, media_root)


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render `template_name` in `language` and return the PDF's bytes."""
    return html_to_pdf(render_html(template_name, context, language=language))
