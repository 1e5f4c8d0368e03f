import datetime

import factory

from surveys.models.surveys import Choice, Question, Survey
from tests.workshops.factories import ProgrammeFactory
from workshops import dates


def _today() -> datetime.date:
    return dates.today()


class SurveyFactory(factory.django.DjangoModelFactory):
    """An opened survey of the member states, open today (pass status=DRAFT, other dates or
    another audience as the test needs), its texts in the three languages."""

    class Meta:
        model = Survey

    programme = factory.SubFactory(ProgrammeFactory)
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    title_fr = factory.LazyAttribute(lambda o: f"Enquête {o.title_en}")
    title_es = factory.LazyAttribute(lambda o: f"Encuesta {o.title_en}")
    introduction_en = "Tell us what you think."
    introduction_fr = "Dites-nous ce que vous en pensez."
    introduction_es = "Díganos lo que piensa."
    audience = Survey.Audience.MEMBER_STATES
    is_anonymous = False
    opens_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=7))
    status = Survey.Status.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n)
    kind = Question.Kind.SHORT_TEXT
    text_en = factory.Sequence(lambda n: f"Question {n}?")
    text_fr = factory.LazyAttribute(lambda o: f"{o.text_en} (fr)")
    text_es = factory.LazyAttribute(lambda o: f"{o.text_en} (es)")
    is_required = False


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE_CHOICE)
    order = factory.Sequence(lambda n: n)
    text_en = factory.Sequence(lambda n: f"Choice {n}")
    text_fr = factory.LazyAttribute(lambda o: f"{o.text_en} (fr)")
    text_es = factory.LazyAttribute(lambda o: f"{o.text_en} (es)")


def question_with_choices(survey, kind, count=3, **kwargs) -> Question:
    question = QuestionFactory(survey=survey, kind=kind, **kwargs)
    ChoiceFactory.create_batch(count, question=question)
    return question


def survey_of_every_kind(choices: int = 3, **kwargs) -> Survey:
    """A survey with one question of each of the seven kinds, in order."""
    survey = SurveyFactory(**kwargs)
    for kind in Question.Kind.values:
        if kind in Question.CHOICE_KINDS:
            question_with_choices(survey, kind, count=choices)
        else:
            QuestionFactory(
                survey=survey,
                kind=kind,
                low_label_en="Poor" if kind == Question.Kind.RATING else "",
                high_label_en="Excellent" if kind == Question.Kind.RATING else "",
            )
    return survey


def questions(survey, kind) -> list[Question]:
    return list(survey.questions.filter(kind=kind).order_by("order"))


def full_answers(survey) -> dict:
    """Form data answering every question of `survey` (made by survey_of_every_kind)."""
    data: dict[str, object] = {}
    for question in survey.questions.order_by("order").prefetch_related("choices"):
        choices = list(question.choices.order_by("order", "pk"))
        name = f"q{question.pk}"
        if question.kind == Question.Kind.SINGLE_CHOICE:
            data[name] = str(choices[0].pk)
        elif question.kind == Question.Kind.MULTIPLE_CHOICE:
            data[name] = [str(choices[0].pk), str(choices[-1].pk)]
        elif question.kind == Question.Kind.RANKING:
            for rank, choice in enumerate(reversed(choices), start=1):
                data[f"{name}-c{choice.pk}"] = str(rank)
        elif question.kind == Question.Kind.RATING:
            data[name] = "4"
        elif question.kind == Question.Kind.NUMBER:
            data[name] = "12,5"
        else:
            data[name] = f"Answer to {question.text_en}"
    return data
