"""The list of participants of a workshop, grouped the way UN meeting lists are, and the reads
behind the registration documents (confirmation letter, list of participants).

Groups come in a fixed order: member states (A→Z by the state's name in the list's language),
observer states, international organizations, NGOs, then IOM. Within a state or an
organization the head of delegation comes first, then the others by family name. The public
version leaves out every delegate who did not consent to public listing; no version carries
passport details (registrations.models.PASSPORT_FIELDS): they are never read here.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext

from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.participants_lists.selectors import confirmed_participants
from registrations.selectors import delegations as delegations_selectors
from registrations.selectors.lifecycle import registrations_of
from workshops.models import MemberState, Workshop

Type = DelegateProfile.ParticipantType

# The order of the groups in every list of participants.
GROUP_ORDER = (
    Type.MEMBER_STATE,
    Type.OBSERVER_STATE,
    Type.INTERNATIONAL_ORGANIZATION,
    Type.NGO,
    Type.IOM,
)
GROUP_LABELS = {
    Type.MEMBER_STATE: translation.gettext_lazy("Member states"),
    Type.OBSERVER_STATE: translation.gettext_lazy("Observer states"),
    Type.INTERNATIONAL_ORGANIZATION: translation.gettext_lazy("International organizations"),
    Type.NGO: translation.gettext_lazy("Non-governmental organizations"),
    Type.IOM: translation.gettext_lazy("International Organization for Migration (IOM)"),
}


@dataclass(frozen=True)
class Participant:
    title: str
    given_names: str
    family_name: str
    position: str
    institution: str
    is_head: bool
    is_listed_publicly: bool
    role: str
    status: str
    email: str  # filled in the staff version only

    @property
    def name(self) -> str:
        """'Ms Amina DIALLO': the family name in capitals, as UN lists write it."""
        return " ".join(
            part for part in (self.title, self.given_names, self.family_name.upper()) if part
        )


@dataclass(frozen=True)
class Entity:
    """A state's delegation or an organization's representatives."""

    name: str
    participants: tuple[Participant, ...]


@dataclass(frozen=True)
class ParticipantGroup:
    key: str
    label: str
    entities: tuple[Entity, ...]

    @property
    def count(self) -> int:
        return sum(len(entity.participants) for entity in self.entities)


def sort_key(text: str) -> str:
    """Alphabetical order that ignores case and accents ('Égypte' among the E's)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def state_name(state: MemberState | None, language: str) -> str:
    """The state's name in `language`: the membership's own (English) name in English, the
    country's translated name (django-countries) in French and Spanish when it has one."""
    if state is None:
        return ""
    if language != "en" and state.country:
        with translation.override(language):
            translated = str(state.country.name or "")
        if translated:
            return translated
    return state.name


def is_head_of_delegation(registration: Registration) -> bool:
    return delegations_selectors.is_head(registration)


def represents(profile: DelegateProfile, language: str) -> str:
    """The state or organization a delegate speaks for, in `language`."""
    if profile.member_state_id:
        return state_name(profile.member_state, language)
    if profile.organisation:
        return profile.organisation
    if profile.participant_type == Type.IOM:
        with translation.override(language):
            return gettext("International Organization for Migration (IOM)")
    return ""


def _participant(registration: Registration, *, staff: bool) -> Participant:
    profile = registration.delegate
    return Participant(
        title=str(DelegateProfile.Title(profile.title).label) if profile.title else "",
        given_names=profile.given_names,
        family_name=profile.family_name,
        position=profile.position,
        institution=profile.institution,
        is_head=is_head_of_delegation(registration),
        is_listed_publicly=profile.consent_to_public_listing,
        role=registration.get_role_display() if staff else "",
        status=registration.get_status_display() if staff else "",
        email=profile.user.email if staff else "",
    )


def participants_list(
    workshop: Workshop, *, language: str, staff: bool = False
) -> list[ParticipantGroup]:
    """The workshop's confirmed participants, grouped and ordered (one query). Groups without
    anyone are left out. `staff=True` keeps non-consenting delegates and adds their contact."""
    registrations = confirmed_participants(workshop)
    if not staff:
        registrations = registrations.filter(delegate__consent_to_public_listing=True)
    buckets: dict[str, dict[str, list[Participant]]] = defaultdict(lambda: defaultdict(list))
    with translation.override(language):
        for registration in registrations:
            profile = registration.delegate
            entity = represents(profile, language) or "—"
            buckets[profile.participant_type][entity].append(
                _participant(registration, staff=staff)
            )
        groups = []
        for key in GROUP_ORDER:
            if key not in buckets:
                continue
            entities = tuple(
                Entity(
                    name=name,
                    participants=tuple(
                        sorted(
                            people,
                            key=lambda p: (
                                not p.is_head,
                                sort_key(p.family_name),
                                sort_key(p.given_names),
                            ),
                        )
                    ),
                )
                for name, people in sorted(
                    buckets[key].items(), key=lambda item: (sort_key(item[0]), item[0])
                )
            )
            groups.append(
                ParticipantGroup(key=key, label=str(GROUP_LABELS[key]), entities=entities)
            )
    return groups


def participants_rows(groups: list[ParticipantGroup]) -> list[tuple]:
    """Every participant as a flat row (group, state or organization, then the person):
    what the XLSX holds and what the fingerprint of each list hashes."""
    return [
        (
            group.label,
            entity.name,
            person.title,
            person.family_name,
            person.given_names,
            person.position,
            person.institution,
            person.is_head,
            person.is_listed_publicly,
            person.role,
            person.status,
            person.email,
        )
        for group in groups
        for entity in group.entities
        for person in entity.participants
    ]


# --- Reads of the confirmation letter ---------------------------------------------------------


def letter_registration(user, pk: int) -> Registration:
    """One of the delegate's own registrations with what its letter shows, or 404."""
    return get_object_or_404(registrations_of(user).select_related("workshop__programme"), pk=pk)


# A letter confirms a seat: not for a delegate marked as not having come.
LETTER_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


def has_seat(registration: Registration) -> bool:
    """Whether the registration has a confirmation letter: a confirmed (or attended) seat."""
    return registration.status in LETTER_STATUSES


def seat_confirmed_on(registration: Registration):
    """The day the seat was confirmed (from the audit history), the letter's date."""
    first = (
        registration.history.filter(status__in=Registration.SEAT_STATUSES)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    moment = first or registration.updated_at
    return timezone.localtime(moment).date()
