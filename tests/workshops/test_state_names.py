"""Member states named and sorted as a French, Spanish or English reader expects
(workshops.names): accents, apostrophes and "Saint-" hand-checked against printed UN lists."""

import pytest
from django.utils import translation

from workshops import names
from workshops.models import MemberState

# Code, the membership's English name.
STATES = [
    ("WS", "Samoa"),
    ("LC", "Saint Lucia"),
    ("RW", "Rwanda"),
    ("VC", "Saint Vincent and the Grenadines"),
    ("KN", "Saint Kitts and Nevis"),
    ("AE", "United Arab Emirates"),
    ("ES", "Spain"),
    ("EG", "Egypt"),
    ("EC", "Ecuador"),
    ("US", "United States of America"),
    ("CU", "Cuba"),
    ("HR", "Croatia"),
    ("CI", "Côte d'Ivoire"),
    ("CR", "Costa Rica"),
    ("NL", "Netherlands"),
    ("PE", "Peru"),
    ("SV", "El Salvador"),
]

EXPECTED = {
    "fr": [
        "Costa Rica",
        "Côte d'Ivoire",  # among the C's, not after Czechia/Cuba
        "Croatie",
        "Cuba",
        "Égypte",  # among the E's, not after Z
        "Émirats arabes unis",
        "Équateur",
        "Espagne",
        "États-Unis d'Amérique",
        "Pays-Bas",
        "Pérou",
        "Rwanda",
        "Saint-Christophe-et-Niévès",
        "Saint-Vincent-et-les-Grenadines",
        "Sainte-Lucie",
        "Salvador",
        "Samoa",
    ],
    "es": [
        "Costa de Marfil",
        "Costa Rica",
        "Croacia",
        "Cuba",
        "Ecuador",
        "Egipto",
        "El Salvador",
        "Emiratos Árabes Unidos",
        "España",
        "Estados Unidos",
        "Países Bajos",
        "Perú",
        "Ruanda",
        "Samoa",
        "San Cristóbal y Nieves",
        "San Vicente y las Granadinas",
        "Santa Lucía",
    ],
    "en": [
        "Costa Rica",
        "Côte d'Ivoire",
        "Croatia",
        "Cuba",
        "Ecuador",
        "Egypt",
        "El Salvador",
        "Netherlands",
        "Peru",
        "Rwanda",
        "Saint Kitts and Nevis",
        "Saint Lucia",
        "Saint Vincent and the Grenadines",
        "Samoa",
        "Spain",
        "United Arab Emirates",
        "United States of America",
    ],
}


def states():
    return [MemberState(country=code, name=name) for code, name in STATES]


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_states_are_named_and_sorted_as_the_reader_expects(language):
    ordered = names.sorted_states(states(), language)

    assert [names.state_name(state, language) for state in ordered] == EXPECTED[language]


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_a_state_reads_in_the_active_language(language):
    state = MemberState(country="CI", name="Côte d'Ivoire")

    with translation.override(language):
        assert str(state) == {"fr": "Côte d'Ivoire", "es": "Costa de Marfil"}.get(
            language, "Côte d'Ivoire"
        )


def test_the_english_name_is_the_membership_s_own():
    # The membership says "Czechia" where an old ISO name would say "Czech Republic".
    state = MemberState(country="CZ", name="Czech Republic (membership)")

    assert names.state_name(state, "en") == "Czech Republic (membership)"
    assert names.state_name(state, "fr") == "République tchèque"


def test_accented_capitals_sort_with_their_letter_in_any_case():
    words = ["Zambie", "émirats", "Équateur", "egypte", "Estonie"]

    assert sorted(words, key=lambda w: names.sort_key(w, "fr")) == [
        "egypte",
        "émirats",
        "Équateur",
        "Estonie",
        "Zambie",
    ]
