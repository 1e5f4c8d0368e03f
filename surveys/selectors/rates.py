"""The response rate of a survey, overall and by region (issue 14, item 4): how many of its
audience took part, counted from Participation (*that* they answered), never from the
answers. Two queries, grouped in the database, however large the audience.

The region is the member state's: of the state itself for a member states' survey, of the
state a delegate represents for the others (delegates of an organisation, or of no state,
are counted under "No member state").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from surveys import tally
from surveys.models.responses import Participation
from surveys.models.surveys import Survey
from surveys.selectors.audiences import PARTICIPANT_STATUSES
from workshops.models import MemberState

Audience = Survey.Audience
Region = MemberState.Region


@dataclass(frozen=True)
class Rate:
    label: str
    answered: int
    audience: int

    @property
    def percent(self) -> Decimal | None:
        return tally.percent(self.answered, self.audience)


@dataclass(frozen=True)
class ResponseRate:
    overall: Rate
    by_region: list[Rate]
    is_of_states: bool


def _audience(survey: Survey) -> tuple[QuerySet, str, str]:
    """The audience as a queryset, the path from it to a region, and what to count."""
    if survey.audience == Audience.MEMBER_STATES:
        members = MemberState.objects.filter(status=MemberState.Status.MEMBER)
        return members, "region", "pk"
    if survey.audience == Audience.WORKSHOP_PARTICIPANTS:
        registrations = Registration.objects.filter(
            workshop_id=survey.workshop_id, status__in=PARTICIPANT_STATUSES
        )
        return registrations, "delegate__member_state__region", "delegate__user_id"
    return DelegateProfile.objects.all(), "member_state__region", "user_id"


def _by_region(rows, key: str) -> dict[str | None, int]:
    return {row[key] or None: row["count"] for row in rows}


def response_rate(survey: Survey) -> ResponseRate:
    """Two queries: the audience by region, and the participations by region."""
    audience, region_path, counted = _audience(survey)
    expected = _by_region(
        audience.values(region_path).annotate(count=Count(counted, distinct=True)).order_by(),
        region_path,
    )
    participation_path = (
        "member_state__region"
        if survey.audience == Audience.MEMBER_STATES
        else "user__delegate_profile__member_state__region"
    )
    answered = _by_region(
        Participation.objects.filter(survey=survey)
        .values(participation_path)
        .annotate(count=Count("pk"))
        .order_by(),
        participation_path,
    )
    rates = [
        Rate(str(label), answered.get(value, 0), expected.get(value, 0))
        for value, label in Region.choices
        if expected.get(value) or answered.get(value)
    ]
    if expected.get(None) or answered.get(None):
        rates.append(Rate(gettext("No member state"), answered.get(None, 0), expected.get(None, 0)))
    overall = Rate(gettext("All"), sum(answered.values()), sum(expected.values()))
    return ResponseRate(
        overall=overall, by_region=rates, is_of_states=survey.audience == Audience.MEMBER_STATES
    )
