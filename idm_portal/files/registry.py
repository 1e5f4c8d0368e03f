"""The registry of files the portal generates: kind → how to make it.

Each app declares its kinds in a ``renderers.py`` module (found like admin modules):

    register("document_pdf", render=render_document_pdf, fingerprint=document_fingerprint,
             label=_("Document (PDF)"))

``render(obj, language)`` returns a :class:`Rendered` (bytes and file name) or raises
:class:`idm_portal.pdf.RenderError`; ``fingerprint(obj, language)`` returns a short string
that changes whenever the output would change (the pipeline compares its hash to skip
renderings of unchanged input); ``can_download(user, obj)`` says who may fetch the file at
``/files/<id>/<name>`` (idm_portal.views.generated_file). Without it nobody may: generated
files are never served from MEDIA_URL, since letters and staff lists hold personal data.
``label`` is what staff read for the kind (the generated files' admin); without it, the kind.
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
    label: Any = None  # a lazy translation: read in the reader's language

    @property
    def verbose_label(self) -> str:
        return str(self.label) if self.label else self.kind

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
    label: Any = None,
) -> None:
    _REGISTRY[kind] = Renderer(
        kind=kind,
        render=render,
        fingerprint=fingerprint,
        can_download=can_download,
        label=label,
    )


def _discover(kind: str | None = None) -> None:
    global _discovered
    if (kind is None or kind not in _REGISTRY) and not _discovered:
        autodiscover_modules("renderers")
        _discovered = True


def label_for(kind: str) -> str:
    """The kind as staff read it ("List of participants, staff version (XLSX)"); an unknown
    kind (a file of a kind no longer registered) shows as itself."""
    _discover(kind)
    renderer = _REGISTRY.get(kind)
    return renderer.verbose_label if renderer is not None else kind


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind with its label, in the label's alphabetical order."""
    _discover()
    return sorted(
        ((kind, renderer.verbose_label) for kind, renderer in _REGISTRY.items()),
        key=lambda choice: choice[1],
    )


def get_renderer(kind: str) -> Renderer:
    _discover(kind)
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
