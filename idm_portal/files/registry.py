"""The registry of files the portal generates: kind → how to make it.

Each app declares its kinds in a ``renderers.py`` module (found like admin modules):

    register("document_pdf", render=render_document_pdf, fingerprint=document_fingerprint)

``render(obj, language)`` returns a :class:`Rendered` (bytes and file name) or raises
:class:`idm_portal.pdf.RenderError`; ``fingerprint(obj, language)`` returns a short string
that changes whenever the output would change (the pipeline compares its hash to skip
renderings of unchanged input); ``can_download(user, obj)`` says who may fetch the file at
``/files/<id>/<name>`` (idm_portal.views.generated_file). Without it nobody may: generated
files are never served from MEDIA_URL, since letters and staff lists hold personal data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str


@dataclass(frozen=True)
class Renderer:
    kind: str
    render: Callable[[Any, str], Rendered]
    fingerprint: Callable[[Any, str], str]
    can_download: Callable[[Any, Any], bool] | None = None

    def may_download(self, user, obj) -> bool:
        return self.can_download is not None and bool(self.can_download(user, obj))


_REGISTRY: dict[str, Renderer] = {}
_discovered = False


def register(
    kind: str,
    *,
    render: Callable[[Any, str], Rendered],
    fingerprint: Callable[[Any, str], str],
    can_download: Callable[[Any, Any], bool] | None = None,
) -> None:
    _REGISTRY[kind] = Renderer(
        kind=kind, render=render, fingerprint=fingerprint, can_download=can_download
    )


def get_renderer(kind: str) -> Renderer:
    global _discovered
    if kind not in _REGISTRY and not _discovered:
        autodiscover_modules("renderers")
        _discovered = True
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(
            f"No renderer is registered for generated files of kind {kind!r}."
        ) from None


def input_hash(*parts: Any) -> str:
    """A stable SHA-256 of JSON-serialisable parts (dates and other objects as str)."""
    data = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()
