"""A French catalogue of one message written for a test, as LOCALE_PATHS reads it."""

from pathlib import Path

import polib


def french_catalogue(folder: Path, msgid: str, msgstr: str) -> str:
    """Write fr/LC_MESSAGES/django.mo under `folder`; return the folder for LOCALE_PATHS."""
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    messages = folder / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalogue.save_as_mofile(str(messages / "django.mo"))
    return str(folder)
