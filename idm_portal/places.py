"""Places stored in English ("Geneva", "Palais des Nations, Geneva") as a reader of French or
Spanish reads them ("Genève", "Ginebra"): the one helper pages, e-mails, letters, lists of
participants, calendar files and document PDFs name a place with (workshops.names re-exports
it; templates use the `place` filter of the portal tag library)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

# Places stored in English that every page, e-mail, letter, list and calendar names in the
# reader's language ("Genève", "Ginebra"): the stored name is the msgid (no context).
_PLACES = {"Geneva": gettext_lazy("Geneva")}


def place_name(value: str | None, language: str | None = None) -> str:
    """A stored venue or place in `language` (default: the active language): "Geneva" and a
    "…, Geneva" suffix ("Palais des Nations, Geneva") become "Genève" / "Ginebra"; anything
    else is left as typed."""
    if not value:
        return value or ""
    head, sep, tail = value.rpartition(",")
    place = tail.strip()
    name = _PLACES.get(place)
    if name is None:
        return value
    with translation.override((language or translation.get_language() or "en").split("-")[0]):
        translated = str(name)
    return f"{head}{sep} {translated}" if sep else translated
