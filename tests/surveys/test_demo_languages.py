"""The demo surveys' French is set as French printers set it (’, a no-break space before : ; ! ?
and inside « »), their Spanish opens its questions and exclamations and quotes with « »; and
`load_demo` run again over a database loaded by older texts brings the texts up to date."""

import re

import pytest
from django.core.management import call_command

from surveys import demo_open_texts, demo_texts
from surveys.models.surveys import Choice, Question, Survey

NBSP = "\u00a0"
SURVEY_DEMO_MODULES = (demo_texts, demo_open_texts)
TEXT_FIELDS = {
    Survey: ("title", "introduction"),
    Question: ("text", "help_text", "low_label", "high_label"),
    Choice: ("text",),
}


def _triples(value):
    """Every (English, French, Spanish) tuple of texts in `value`, however deeply nested."""
    if isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, str) for v in value):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _triples(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _triples(item)


def demo_translations() -> set[tuple[str, str, str]]:
    """Every text of the surveys' demo with its translations, a text added later included."""
    found = set()
    for module in SURVEY_DEMO_MODULES:
        for name, value in vars(module).items():
            if name.isupper():
                found |= set(_triples(value))
    return found


def test_the_walk_finds_every_kind_of_demo_text():
    found = demo_translations()
    assert demo_texts.EFFECTIVENESS["title"] in found  # a survey's title
    assert demo_open_texts.DELEGATES["introduction"] in found  # an introduction
    assert demo_texts.THEME_QUESTIONS[0][2] in found  # a question
    assert demo_texts.THEME_QUESTIONS[0][3][0] in found  # a choice
    assert demo_texts.USEFUL[1] in found  # a scale's end
    assert len(found) > 60


def test_french_survey_texts_are_set_as_french_printers_set_them_and_spanish_as_spanish():
    wrong = []
    for english, french, spanish in sorted(demo_translations()):
        if "'" in french or re.search(r"[\"“”]", french):
            wrong.append(f"{french!r}: the French apostrophe is ’ and quotes are « »")
        if re.search(rf"(?<!{NBSP})[:;!?»]|«(?!{NBSP})", french):
            wrong.append(f"{french!r}: a no-break space before : ; ! ? » and after «")
        if re.search(r"[\"“”]", spanish) or re.search(r"\s[:;!?]|« | »", spanish):
            wrong.append(f"{spanish!r}: Spanish quotes are «» and : ; ! ? follow the word")
        if spanish.count("¿") != spanish.count("?") or spanish.count("¡") != spanish.count("!"):
            wrong.append(f"{spanish!r}: a Spanish question or exclamation opens with ¿ or ¡")
        if "Geneva" in french + spanish:
            wrong.append(f"{english!r}: Geneva is Genève and Ginebra")
    assert not wrong, "\n".join(wrong)
    assert demo_texts.EFFECTIVENESS["title"][1] == (
        f"Le Dialogue international sur la migration{NBSP}: quelle est son efficacité{NBSP}?"
    )
    assert demo_texts.EVALUATION["title"][1] == "Évaluation de l’atelier"


def _as_the_older_demo_wrote_them() -> None:
    """The French texts of the surveys as the demo wrote them before ’ and no-break spaces."""
    for model, fields in TEXT_FIELDS.items():
        for row in model.objects.all():
            for field in fields:
                column = f"{field}_fr"
                old = (getattr(row, column) or "").replace("’", "'").replace(NBSP, " ")
                model.objects.filter(pk=row.pk).update(**{column: old})


@pytest.mark.django_db
def test_load_demo_again_over_the_older_texts_brings_the_survey_texts_up_to_date():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _as_the_older_demo_wrote_them()
    effectiveness = Survey.objects.get(title_en=demo_texts.EFFECTIVENESS["title"][0])
    assert effectiveness.title_fr.endswith(" ?")
    counts = [model.objects.count() for model in TEXT_FIELDS]

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    effectiveness.refresh_from_db()
    assert effectiveness.title_fr == demo_texts.EFFECTIVENESS["title"][1]
    delegates = Survey.objects.get(title_en=demo_open_texts.DELEGATES["title"][0])
    assert delegates.introduction_fr == demo_open_texts.DELEGATES["introduction"][1]
    french = [
        getattr(row, f"{field}_fr")
        for model, fields in TEXT_FIELDS.items()
        for row in model.objects.all()
        for field in fields
    ]
    assert [text for text in french if "'" in text or " ?" in text or " :" in text] == []
    assert Question.objects.get(text_en=demo_texts.EVALUATION_QUESTIONS[0][2][0]).text_fr == (
        f"Dans l’ensemble, quelle a été l’utilité de l’atelier pour votre travail{NBSP}?"
    )
    assert Choice.objects.get(text_en="The opening session").text_fr == "La séance d’ouverture"
    # Nothing else is added: the surveys, questions and choices are the ones loaded first.
    assert [model.objects.count() for model in TEXT_FIELDS] == counts
