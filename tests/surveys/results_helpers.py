"""Answered surveys for the results tests: a survey of every kind and responses with hand-
picked answers, submitted through the services as respondents would."""

from django.test import TestCase
from django.urls import reverse

from idm_portal.files import selectors as files_selectors
from surveys.models.surveys import Question
from surveys.renderers import ANSWERS_FILES
from surveys.services import responses
from tests.registrations.factories import FocalPointFactory
from tests.surveys.factories import survey_of_every_kind
from tests.workshops.factories import MemberStateFactory

Kind = Question.Kind


def by_kind(survey) -> dict[str, Question]:
    return {q.kind: q for q in survey.questions.order_by("order").prefetch_related("choices")}


def choice_ids(question) -> list[int]:
    return list(question.choices.order_by("order", "pk").values_list("pk", flat=True))


def form(survey, *, single=None, multiple=(), ranking=(), rating=None, number=None,
         short="", long="") -> dict:  # fmt: skip
    """Form data; choices given by their index (0, 1, 2) in the question's order."""
    questions = by_kind(survey)
    data: dict[str, object] = {}

    def ids(kind):
        return choice_ids(questions[kind])

    if single is not None:
        data[f"q{questions[Kind.SINGLE_CHOICE].pk}"] = str(ids(Kind.SINGLE_CHOICE)[single])
    if multiple:
        data[f"q{questions[Kind.MULTIPLE_CHOICE].pk}"] = [
            str(ids(Kind.MULTIPLE_CHOICE)[i]) for i in multiple
        ]
    for rank, index in enumerate(ranking, start=1):
        data[f"q{questions[Kind.RANKING].pk}-c{ids(Kind.RANKING)[index]}"] = str(rank)
    if rating is not None:
        data[f"q{questions[Kind.RATING].pk}"] = str(rating)
    if number is not None:
        data[f"q{questions[Kind.NUMBER].pk}"] = str(number)
    if short:
        data[f"q{questions[Kind.SHORT_TEXT].pk}"] = short
    if long:
        data[f"q{questions[Kind.LONG_TEXT].pk}"] = long
    return data


def answer(survey, data, *, state=None):
    """Submit `data` as a new member state's focal point; returns the focal point."""
    focal = FocalPointFactory(member_state=state or MemberStateFactory())
    responses.submit(survey_id=survey.pk, user=focal.user, data=data)
    return focal


# Three member states' answers, checked by hand in the tests:
#   single:   B, B, A            -> A 1 (33.3 %), B 2 (66.7 %), C 0
#   multiple: A+C, C, (none)     -> A 1 (50 %), B 0, C 2 (100 %) of 2 that answered
#   ranking:  A>B>C, B>A>C, C>A>B -> A 2+1+1 = 4, B 1+2+0 = 3, C 0+0+2 = 2
#   rating:   5, 4, 2            -> mean 3.67
#   number:   10, 3, 1.5         -> median 3, mean 4.83
ANSWERS = [
    {"single": 1, "multiple": (0, 2), "ranking": (0, 1, 2), "rating": 5, "number": 10,
         "short": "Zebra crossings", "long": "=HYPERLINK(\"http://evil.example\",\"x\")"},
    {"single": 1, "multiple": (2,), "ranking": (1, 0, 2), "rating": 4, "number": 3,
         "short": "apples", "long": "Longer text"},
    {"single": 0, "ranking": (2, 0, 1), "rating": 2, "number": "1,5", "short": "Mangoes"},
]  # fmt: skip


def answered_survey(**kwargs):
    survey = survey_of_every_kind(**kwargs)
    focals = [answer(survey, form(survey, **values)) for values in ANSWERS]
    return survey, focals


def answers_file(client, survey, file_format: str):
    """Ask for the raw answers file from the results page as staff do, and let the worker make
    it (Celery is eager in tests): the GeneratedFile row."""
    url = reverse("admin:surveys_survey_answers", args=[survey.pk, file_format])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302, response.status_code
    return files_selectors.generated_file_for(survey, ANSWERS_FILES[file_format], "en")


def downloaded(client, row) -> bytes:
    response = client.get(row.get_download_url())
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)
