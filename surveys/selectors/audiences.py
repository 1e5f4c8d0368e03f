"""Who a survey is for, read through registrations' selectors (surveys is the top app):

- member states: the focal point of a member state answers for it; every focal point of that
  state answers the same, one response (the respondent is the state);
- workshop participants: a delegate whose registration to the survey's workshop is confirmed
  or attended (the respondent is the person);
- all registered delegates: anyone with a delegate profile on the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from registrations.models.lifecycle import Registration
from registrations.selectors import focal_points as focal_points_selectors
from registrations.selectors import lifecycle as lifecycle_selectors
from registrations.selectors import profiles as profiles_selectors
from surveys.models.surveys import Survey
from workshops import dates
from workshops.models import MemberState

Audience = Survey.Audience
PARTICIPANT_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


@dataclass(frozen=True)
class Respondent:
    """Who answers: a member state (any of its focal points) or a person."""

    member_state: MemberState | None = None
    user: Any = None

    def lookup(self) -> dict[str, Any]:
        """The filter that finds this respondent's participation, draft or response."""
        if self.member_state is not None:
            return {"member_state": self.member_state}
        return {"user": self.user}


@dataclass(frozen=True)
class UserFacts:
    """What decides which surveys a user may answer: three queries, once per page."""

    user: Any
    state: MemberState | None
    participant_workshop_ids: frozenset[int]
    is_delegate: bool

    def respondent(self, survey: Survey) -> Respondent | None:
        if survey.audience == Audience.MEMBER_STATES:
            if self.state is not None and self.state.status == MemberState.Status.MEMBER:
                return Respondent(member_state=self.state)
            return None
        if survey.audience == Audience.WORKSHOP_PARTICIPANTS:
            if survey.workshop_id in self.participant_workshop_ids:
                return Respondent(user=self.user)
            return None
        if survey.audience == Audience.REGISTERED_DELEGATES and self.is_delegate:
            return Respondent(user=self.user)
        return None


def user_facts(user) -> UserFacts | None:
    if not getattr(user, "is_authenticated", False):
        return None
    workshop_ids = (
        lifecycle_selectors.registrations_of(user)
        .filter(status__in=PARTICIPANT_STATUSES)
        .values_list("workshop_id", flat=True)
    )
    return UserFacts(
        user=user,
        state=focal_points_selectors.focal_point_state(user),
        participant_workshop_ids=frozenset(workshop_ids),
        is_delegate=profiles_selectors.delegate_profile_of(user) is not None,
    )


def respondent_for(survey: Survey, user) -> Respondent | None:
    """The respondent `user` answers `survey` as, or None when it is not for them."""
    facts = user_facts(user)
    return facts.respondent(survey) if facts is not None else None


def open_surveys() -> QuerySet[Survey]:
    """Surveys taking answers today: opened by staff, from their first to their last day."""
    today = dates.today()
    return Survey.objects.filter(
        status=Survey.Status.OPEN, opens_on__lte=today, closes_on__gte=today
    ).select_related("programme", "workshop")


def open_surveys_for(user) -> list[tuple[Survey, Respondent]]:
    """The surveys open today that `user` may answer, each with the respondent they answer
    as; soonest closing first. Four queries, however many surveys."""
    facts = user_facts(user)
    if facts is None:
        return []
    audiences = Q(audience=Audience.REGISTERED_DELEGATES) if facts.is_delegate else Q(pk=None)
    audiences |= Q(
        audience=Audience.WORKSHOP_PARTICIPANTS, workshop_id__in=facts.participant_workshop_ids
    )
    if facts.state is not None:
        audiences |= Q(audience=Audience.MEMBER_STATES)
    found = []
    for survey in open_surveys().filter(audiences).order_by("closes_on", "pk"):
        respondent = facts.respondent(survey)
        if respondent is not None:
            found.append((survey, respondent))
    return found
