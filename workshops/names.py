"""Member states' names as a person reads them: in the reader's language, sorted by that
language's alphabet. The one place pages, forms, exports, letters and lists of participants
get a state's name and its order from; templates never translate a name themselves.

Names: the membership's own English name in English; in French and Spanish the country's
name from django-countries' translations (e.g. "Côte d'Ivoire", "Émirats arabes unis",
"Saint-Kitts-et-Nevis"), falling back to the English name. Order: the Unicode Collation
Algorithm (pyuca, DUCET), so accents, case and punctuation sort as a reader expects:
"Côte d'Ivoire" among the C's, "Émirats arabes unis" among the E's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import translation

from idm_portal.places import place_name

__all__ = ["place_name", "sort_key", "state_name"]

if TYPE_CHECKING:
    from workshops.models import MemberState


@functools.cache
def _collator():
    import pyuca

    return pyuca.Collator()


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en").split("-")[0]


def state_name(state: MemberState | None, language: str | None = None) -> str:
    """The state's name in `language` (default: the active language)."""
    if state is None:
        return ""
    language = _language(language)
    if language != "en" and state.country:
        with translation.override(language):
            translated = str(state.country.name or "")
        if translated:
            return translated
    return state.name


def sort_key(text: str, language: str | None = None) -> tuple:
    """A key that sorts `text` as a reader of `language` expects (UCA; the DUCET order is
    right for English, French and Spanish names of states), ties broken by the text."""
    return (_collator().sort_key(text), text)


def sorted_states(states: Iterable[MemberState], language: str | None = None) -> list:
    """`states` in the alphabetical order of their names in `language`."""
    language = _language(language)
    return sorted(states, key=lambda state: sort_key(state_name(state, language), language))


def state_choices(states: Iterable[MemberState], language: str | None = None) -> list:
    """(pk, name) pairs for a select, named and ordered in `language`."""
    language = _language(language)
    return [(state.pk, state_name(state, language)) for state in sorted_states(states, language)]
