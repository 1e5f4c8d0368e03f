"""Demo surveys of IDM 2009, answered through the same services as real ones, as on the days
they were open (workshops.dates.as_of): the survey on the IDM's effectiveness answered by the
focal points of many member states, the theme survey for 2010 (a ranking of candidate
themes), and the anonymous evaluation of the first 2009 workshop by its participants. Loaded
once: a second run finds the effectiveness survey and adds no survey and no answer; it only
writes the demo's current texts over the older ones (in every language, as workshops/demo.py
restores its rows), so a database loaded before a text was corrected gets the correction.

Something to try today: like registrations' demo, the surveys replay 2009 only while they
load (workshops.dates.as_of); once served, the portal's today is the real date
(dates.today()). So that a focal point and a delegate find a survey open for them, each run
keeps two surveys open from then until OPEN_AHEAD after today: the theme survey for 2010 (for
the focal points of the states that have not answered yet, Kenya's demo focal point among
them) and an anonymous survey of every registered delegate (surveys/demo_open_texts.py).
The effectiveness survey and the evaluation stay closed, as answered in 2009."""

import random
from datetime import date, timedelta

from allauth.account.models import EmailAddress

from idm_portal import demo as portal_demo
from idm_portal.models import User
from registrations.models.lifecycle import Registration
from registrations.services import focal_points
from surveys import demo_open_texts as open_texts
from surveys import demo_texts as texts
from surveys.models.surveys import Choice, Question, Survey
from surveys.services import responses, surveys
from workshops import dates
from workshops.models import MemberState, Programme

ANSWERING_STATES = 24  # of the demo's member states, those whose focal point answers
OPEN_AHEAD = timedelta(days=90)  # the surveys to try stay open this long after a load
KEEP_OPEN_AT_LEAST = timedelta(days=30)  # a load closer to their end moves it
DEMO_SURVEYS = [  # (texts, questions) of each demo survey, found again by its English title
    (texts.EFFECTIVENESS, texts.EFFECTIVENESS_QUESTIONS),
    (texts.THEME, texts.THEME_QUESTIONS),
    (texts.EVALUATION, texts.EVALUATION_QUESTIONS),
    (open_texts.DELEGATES, open_texts.DELEGATES_QUESTIONS),
]
LANGUAGES = ("en", "fr", "es")  # the order of each text's tuple in demo_texts.py


def _set_texts(obj, **texts: tuple[str, str, str]) -> list[str]:
    """Write each field's (English, French, Spanish) texts on obj; the columns that changed."""
    changed = []
    for name, values in texts.items():
        for language, text in zip(LANGUAGES, values, strict=True):
            column = f"{name}_{language}"
            if getattr(obj, column) != text:
                setattr(obj, column, text)
                changed.append(column)
    return changed


def _scale_ends(ends) -> dict:
    return {"low_label": ends[0], "high_label": ends[1]} if ends else {}


def _survey(programme, spec, specs, **fields) -> Survey:
    survey = Survey(programme=programme, **fields)
    _set_texts(survey, title=spec["title"], introduction=spec["introduction"])
    survey.full_clean()
    survey.save()
    for order, (kind, required, question_texts, choices, ends) in enumerate(specs, start=1):
        question = Question(survey=survey, order=order, kind=kind, is_required=required)
        _set_texts(question, text=question_texts, **_scale_ends(ends))
        question.full_clean(exclude=["survey"])
        question.save()
        for position, choice_texts in enumerate(choices, start=1):
            choice = Choice(question=question, order=position)
            _set_texts(choice, text=choice_texts)
            choice.full_clean(exclude=["question"])
            choice.save()
    return survey


def _save_texts(obj, changed: list[str], exclude: list[str]) -> None:
    if changed:
        obj.full_clean(exclude=exclude)
        obj.save(update_fields=changed)


def _restore_texts(survey: Survey, spec, specs) -> None:
    """Write the demo's current texts over those of a survey an earlier load made (its French
    was first typed with ' and plain spaces), its questions and choices found by their order.
    Only the columns that differ are saved: over an up-to-date survey, nothing is written."""
    changed = _set_texts(survey, title=spec["title"], introduction=spec["introduction"])
    _save_texts(survey, changed, ["programme", "workshop", "opened_by", "translation_waiver_by"])
    questions = {q.order: q for q in survey.questions.prefetch_related("choices")}
    for order, (_kind, _required, question_texts, choices, ends) in enumerate(specs, start=1):
        question = questions.get(order)
        if question is None:
            continue
        changed = _set_texts(question, text=question_texts, **_scale_ends(ends))
        _save_texts(question, changed, ["survey"])
        by_order = {choice.order: choice for choice in question.choices.all()}
        for position, choice_texts in enumerate(choices, start=1):
            if position in by_order:
                choice = by_order[position]
                _save_texts(choice, _set_texts(choice, text=choice_texts), ["question"])


def _answers(survey: Survey, rng: random.Random) -> dict:
    """Plausible form data for every question (optional ones sometimes left blank)."""
    data: dict[str, object] = {}
    for question in survey.questions.prefetch_related("choices"):
        if not question.is_required and rng.random() < 0.25:
            continue
        name = f"q{question.pk}"
        choices = list(question.choices.all())
        if question.kind == Question.Kind.SINGLE_CHOICE:
            data[name] = str(rng.choice(choices[:3] if len(choices) > 3 else choices).pk)
        elif question.kind == Question.Kind.MULTIPLE_CHOICE:
            data[name] = [str(c.pk) for c in rng.sample(choices, rng.randint(1, len(choices)))]
        elif question.kind == Question.Kind.RANKING:
            # Weighted, so that the demo's ranking has a clear winner (the first choice).
            order = sorted(choices, key=lambda c: rng.random() + c.order * 0.3)
            for rank, choice in enumerate(order, start=1):
                data[f"{name}-c{choice.pk}"] = str(rank)
        elif question.kind == Question.Kind.RATING:
            data[name] = str(rng.choice([2, 3, 4, 4, 4, 5, 5]))
        elif question.kind == Question.Kind.NUMBER:
            data[name] = str(rng.randint(0, 12))
        else:
            data[name] = rng.choice(texts.FREE_TEXTS)
    return data


def _focal_point(state: MemberState, staff: User) -> User:
    email = f"focalpoint.{state.country.code.lower()}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, first_name="Focal point", last_name=state.name
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        focal_points.name_focal_point(user=user, member_state=state, by=staff)
    return user


def load() -> bool:
    created = _load_2009()
    _open_to_try_today()
    _restore_demo_texts()
    return created


def _restore_demo_texts() -> None:
    for spec, specs in DEMO_SURVEYS:
        demo_surveys = Survey.objects.filter(
            programme__year=2009, title_en=spec["title"][0], copied_from__isnull=True
        )
        for survey in demo_surveys:
            _restore_texts(survey, spec, specs)


def _keep_open(survey: Survey) -> None:
    today = dates.today()
    if survey.closes_on < today + KEEP_OPEN_AT_LEAST:
        survey.closes_on = today + OPEN_AHEAD
        survey.full_clean(exclude=["programme", "workshop", "opened_by", "translation_waiver_by"])
        survey.save(update_fields=["closes_on"])


def _open_to_try_today() -> None:
    theme = Survey.objects.filter(title_en=texts.THEME["title"][0]).first()
    delegates = Survey.objects.filter(title_en=open_texts.DELEGATES["title"][0]).first()
    if delegates is None:
        delegates = _survey(
            Programme.objects.get(year=2009),
            open_texts.DELEGATES,
            open_texts.DELEGATES_QUESTIONS,
            audience=Survey.Audience.REGISTERED_DELEGATES,
            is_anonymous=True,
            opens_on=date(2009, 11, 2),
            closes_on=dates.today() + OPEN_AHEAD,
        )
        surveys.open_survey(survey=delegates, by=User.objects.get(email="secretariat@example.org"))
    for survey in (theme, delegates):
        if survey is not None:
            _keep_open(survey)


def _load_2009() -> bool:
    if Survey.objects.filter(title_en=texts.EFFECTIVENESS["title"][0]).exists():
        return False
    rng = random.Random(2009)
    staff = User.objects.get(email="secretariat@example.org")
    idm_2009 = Programme.objects.get(year=2009)
    first_workshop = idm_2009.workshops.order_by("start_date").first()

    effectiveness = _survey(
        idm_2009,
        texts.EFFECTIVENESS,
        texts.EFFECTIVENESS_QUESTIONS,
        audience=Survey.Audience.MEMBER_STATES,
        opens_on=date(2009, 9, 1),
        closes_on=date(2009, 10, 30),
    )
    theme = _survey(
        idm_2009,
        texts.THEME,
        texts.THEME_QUESTIONS,
        audience=Survey.Audience.MEMBER_STATES,
        opens_on=date(2009, 11, 2),
        closes_on=date(2009, 11, 30),
    )
    evaluation = _survey(
        idm_2009,
        texts.EVALUATION,
        texts.EVALUATION_QUESTIONS,
        workshop=first_workshop,
        audience=Survey.Audience.WORKSHOP_PARTICIPANTS,
        is_anonymous=True,
        opens_on=first_workshop.end_date,
        closes_on=date(2009, 4, 17),
    )
    for survey in (effectiveness, theme, evaluation):
        surveys.open_survey(survey=survey, by=staff)

    states = list(
        MemberState.objects.filter(status=MemberState.Status.MEMBER).order_by("name")[
            :ANSWERING_STATES
        ]
    )
    answering = [_focal_point(state, staff) for state in states]
    with dates.as_of(date(2009, 10, 1)):
        for user in answering:
            responses.submit(
                survey_id=effectiveness.pk, user=user, data=_answers(effectiveness, rng)
            )
    with dates.as_of(date(2009, 11, 16)):
        for user in answering[: ANSWERING_STATES * 2 // 3]:
            responses.submit(survey_id=theme.pk, user=user, data=_answers(theme, rng))
    participants = Registration.objects.filter(
        workshop=first_workshop,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED],
    ).select_related("delegate__user")
    with dates.as_of(date(2009, 3, 30)):
        for registration in participants:
            responses.submit(
                survey_id=evaluation.pk,
                user=registration.delegate.user,
                data=_answers(evaluation, rng),
            )
    return True


portal_demo.register_loader(load)
