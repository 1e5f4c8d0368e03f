"""A focal point's journeys in a real browser, at 1280 px and 390 px: signs in with the login
form, endorses a delegate of the state from the delegation board and uploads the note verbale
(a real PDF); and answers the membership survey for the state."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from surveys.models.responses import Participation
from surveys.models.surveys import Question
from tests.e2e.conftest import path
from tests.idm_portal.factories import PASSWORD
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.registrations.pdf_files import note_verbale_pdf
from tests.surveys.factories import ChoiceFactory, QuestionFactory, SurveyFactory
from tests.workshops.factories import MemberStateFactory, ProgrammeFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kenya():
    return MemberStateFactory(name="Kenya")


@pytest.fixture
def focal_point(kenya):
    return FocalPointFactory(
        member_state=kenya, user__first_name="Amina", user__last_name="Odhiambo"
    ).user


def test_a_focal_point_endorses_a_delegate_and_uploads_the_note_verbale(
    journeys, live_server, kenya, focal_point
):
    start = timezone.localdate() + datetime.timedelta(days=45)
    workshop = WorkshopFactory(
        programme=ProgrammeFactory(year=start.year + 1),
        title="Migration and Development",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
    )
    delegation = DelegationFactory(
        member_state=kenya, workshop=workshop, note_verbale_status=Delegation.NoteVerbaleStatus.NONE
    )
    waiting = RegistrationFactory(
        workshop=workshop,
        delegation=delegation,
        delegate=DelegateProfileFactory(member_state=kenya, family_name="Kamau"),
    )
    me = journeys()

    me.log_in(focal_point.email, PASSWORD, step="signed in")
    me.click_link(path("registrations:delegation_index"), step="my delegation")
    me.click_link(path("registrations:delegation_board", workshop.slug), step="delegation board")
    assert "KAMAU" in me.page.locator("main").inner_text().upper()

    me.submit(
        f'form[action="{path("registrations:delegation_endorse", workshop.slug, waiting.pk)}"]'
        " button[type=submit]",
        step="endorsed",
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.ENDORSED

    me.click_link(path("registrations:delegation_note_verbale", workshop.slug), "note verbale")
    me.page.locator("input[name=note_verbale]").set_input_files(
        {
            "name": "note-verbale-kenya.pdf",
            "mimeType": "application/pdf",
            "buffer": note_verbale_pdf(2),
        }
    )
    me.page.locator("input[name=note_verbale_reference]").fill("KE/GVA/2026/117")
    today = timezone.localdate()
    me.fill_date("note_verbale_date", str(today.day), str(today.month), str(today.year))
    me.submit(step="note verbale uploaded")
    delegation.refresh_from_db()
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.UPLOADED
    assert delegation.note_verbale_date == today
    assert delegation.note_verbale.read().startswith(b"%PDF-")
    # The board offers the file back, as uploaded.
    with me.page.expect_download() as download:
        me.page.locator(
            f'a[href="{path("registrations:delegation_note_verbale_file", workshop.slug)}"]'
        ).click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    me.finish()


def test_a_focal_point_answers_the_membership_survey(journeys, live_server, kenya, focal_point):
    survey = SurveyFactory(title_en="Membership survey 2010: the next theme")
    theme = QuestionFactory(
        survey=survey,
        kind=Question.Kind.SINGLE_CHOICE,
        text_en="Which theme should the IDM take up in 2010?",
        is_required=True,
    )
    climate = ChoiceFactory(question=theme, text_en="Climate change and migration")
    ChoiceFactory(question=theme, text_en="Migration and the economic crisis")
    usefulness = QuestionFactory(
        survey=survey,
        kind=Question.Kind.RATING,
        text_en="How useful were this year's workshops?",
        low_label_en="Not useful",
        high_label_en="Very useful",
    )
    comment = QuestionFactory(
        survey=survey, kind=Question.Kind.LONG_TEXT, text_en="What should change?"
    )
    me = journeys()

    me.log_in(focal_point.email, PASSWORD, step="signed in")
    me.click_link(path("surveys:my_surveys"), step="my surveys")
    me.click_link(path("surveys:answer", survey.pk), step="the survey")
    # The button's name differs from the page's language only in words: submitting without
    # the required answer says what is missing, at the question.
    me.submit("main form button[value=submit]", step="a required answer missing")
    assert me.page.locator("#form-errors").is_visible()
    assert not Participation.objects.exists()

    me.page.locator(f"input[name=q{theme.pk}][value='{climate.pk}']").check()
    me.page.locator(f"input[name=q{usefulness.pk}][value='4']").check()
    me.page.locator(f"textarea[name=q{comment.pk}]").fill("More time for the regional sessions.")
    me.submit("main form button[value=submit]", step="answers submitted")
    participation = Participation.objects.get(survey=survey)
    assert participation.member_state == kenya
    me.finish()
