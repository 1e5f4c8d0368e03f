"""A pledge's history and revert pages read in French and Spanish: simple-history's headings,
instructions and buttons, the kinds of change, the extra columns by their fields' names
(never "amount_usd"), the values as the change list shows them, and breadcrumbs naming the
app and the pledges (never "Historical …")."""

import re
from decimal import Decimal as D

import pytest

from funding.services import pledges
from tests.funding.factories import PledgeFactory
from tests.idm_portal.factories import FinanceStaffFactory

pytestmark = pytest.mark.django_db

# What simple-history shows in English whatever the language (words of its pages only).
ENGLISH = [
    "Choose a date from the list below",
    "Object",
    "Comment",
    "Changed by",
    "Change reason",
    "Changes",
    "Created",
    "Changed",
    "None",
    "Revert",
    "Press the 'Revert' button",
    "Close",
    "Funding",
    "amount_usd",
    "Historical",
    "historical",
]
HISTORY = {
    "fr": {
        "intro": "Choisissez une date dans la liste ci-dessous pour rétablir une version",
        "headings": [
            "Objet",
            "État",
            "Montant",
            "Monnaie",
            "Montant (USD)",
            "Date/heure",
            "Commentaire",
            "Modifié par",
            "Motif de la modification",
            "Modifications",
        ],
        "kinds": ["Création", "Modification"],
        "nobody": "Aucun(e)",
        "cancelled": "Annulée",
    },
    "es": {
        "intro": "Elija una fecha de la lista siguiente para restaurar una versión",
        "headings": [
            "Objeto",
            "Estado",
            "Importe",
            "Moneda",
            "Importe (USD)",
            "Fecha/hora",
            "Comentario",
            "Modificado por",
            "Motivo del cambio",
            "Cambios",
        ],
        "kinds": ["Creación", "Modificación"],
        "nobody": "Ninguno",
        "cancelled": "Cancelada",
    },
}
REVERT = {
    "fr": {
        "breadcrumbs": ["Financement", "Promesses de contribution", "Historique"],
        "last": "Rétablir une version (promesse de contribution)",
        "button": 'value="Rétablir"',
        "close": "Fermer",
    },
    "es": {
        "breadcrumbs": ["Financiación", "Promesas de contribución", "Historial"],
        "last": "Restaurar una versión (promesa de contribución)",
        "button": 'value="Restaurar"',
        "close": "Cerrar",
    },
}


@pytest.fixture
def finance(client):
    client.force_login(FinanceStaffFactory())
    return client


@pytest.fixture
def cancelled_pledge():
    """Recorded (no user: "Changed by" is empty), then cancelled: two versions, one change."""
    pledge = PledgeFactory(amount=D("25000.00"))
    return pledges.cancel_pledge(pledge=pledge)


def page(client, language: str, url: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'lang="{language}"' in html
    return html


def text_of(html: str) -> str:
    """The page as read: text and the buttons' labels, no tags, URLs or CSS classes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    buttons = " ".join(re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', html))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)) + " " + buttons


def history_headings(html: str) -> list[str]:
    table = re.search(r'<table id="change-history".*?</thead>', html, re.S)[0]
    return re.findall(r'<th scope="col">\s*(.*?)\s*</th>', table)


def english_shown(html: str) -> list[str]:
    text = text_of(html)
    return [
        words for words in ENGLISH if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text)
    ]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_pledges_history_reads_in_french_and_spanish(finance, cancelled_pledge, language):
    html = page(finance, language, f"/admin/funding/pledge/{cancelled_pledge.pk}/history/")
    expected = HISTORY[language]
    text = text_of(html)

    assert expected["intro"] in text
    headings = history_headings(html)
    assert headings == expected["headings"]
    for kind in expected["kinds"]:
        assert re.search(rf"<td>\s*{kind}\s*</td>", html), kind
    assert re.search(rf"<td>\s*{re.escape(expected['nobody'])}\s*</td>", html)
    assert re.search(rf"<td>\s*{expected['cancelled']}\s*</td>", html)  # not "cancelled"
    assert english_shown(html) == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_pledges_revert_page_reads_in_french_and_spanish(finance, cancelled_pledge, language):
    first = cancelled_pledge.history.earliest("history_date")
    url = f"/admin/funding/pledge/{cancelled_pledge.pk}/history/{first.history_id}/"
    html = page(finance, language, url)
    expected = REVERT[language]
    breadcrumbs = text_of(re.search(r'<div class="breadcrumbs">.*?</div>', html, re.S)[0])

    for name in expected["breadcrumbs"]:
        assert name in breadcrumbs
    assert breadcrumbs.strip().endswith(expected["last"])
    assert expected["button"] in html and expected["close"] in text_of(html)
    assert english_shown(html) == []


def test_the_history_in_english_names_the_columns_by_their_fields(finance, cancelled_pledge):
    html = page(finance, "en", f"/admin/funding/pledge/{cancelled_pledge.pk}/history/")
    headings = history_headings(html)

    assert headings[1:5] == ["State", "Amount", "Currency", "Amount (USD)"]
    assert "amount_usd" not in text_of(html) and "Historical" not in text_of(html)
