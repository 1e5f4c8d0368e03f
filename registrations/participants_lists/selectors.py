"""Reads of the lists of participants: whether a list is published, its files, and the list
itself, grouped the way UN meeting lists are (for the workshop page, the public download, the
admin and the renderers, registrations.renderers.participants_lists); each is one query.

Groups come in a fixed order: member states (A→Z by the state's name in the list's language),
observer states, international organizations, NGOs, then IOM. Within a state or an
organization the head of delegation comes first, then the others by family name. The public
version leaves out every delegate who did not consent to public listing; no version carries
passport details (registrations.models.profiles.PASSPORT_FIELDS): they are never read here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation

from idm_portal.models import GeneratedFile
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.participants_lists import PARTICIPANTS_KINDS
from registrations.participants_lists.models import ParticipantsList
from registrations.selectors import delegations as delegations_selectors
from registrations.selectors import profiles as profiles_selectors
from workshops import names
from workshops.models import Workshop

ParticipantType = DelegateProfile.ParticipantType


def is_published(workshop: Workshop) -> bool:
    """Whether the workshop's list is public; no query when the workshop was loaded with
    ``select_related("participants_list")``."""
    try:
        return workshop.participants_list.is_published
    except ParticipantsList.DoesNotExist:
        return False


def published_participants_workshop(slug: str) -> Workshop:
    """A workshop whose list of participants staff have published, or 404."""
    return get_object_or_404(
        Workshop.objects.filter(
            programme__is_published=True, participants_list__is_published=True
        ).select_related("programme"),
        slug=slug,
    )


def participants_files(workshop: Workshop) -> QuerySet[GeneratedFile]:
    """The generated lists of participants of a workshop, every kind and language (one query),
    for the admin."""
    return GeneratedFile.objects.filter(
        kind__in=PARTICIPANTS_KINDS,
        content_type=ContentType.objects.get_for_model(Workshop),
        object_id=workshop.pk,
    ).order_by("kind", "language")


def confirmed_participants(workshop: Workshop) -> QuerySet[Registration]:
    """Confirmed (or attended) participants, for the list of participants: only the columns
    participants_list reads (a 2,000-name list builds twice as fast)."""
    return (
        Registration.objects.filter(workshop=workshop, status__in=Registration.SEAT_STATUSES)
        .select_related("delegate__user", "delegate__member_state")
        .only(*_PARTICIPANT_FIELDS)
    )


_PARTICIPANT_FIELDS = (
    "role",
    "status",
    "delegate__title",
    "delegate__given_names",
    "delegate__family_name",
    "delegate__position",
    "delegate__institution",
    "delegate__participant_type",
    "delegate__organisation",
    "delegate__consent_to_public_listing",
    "delegate__user__email",
    "delegate__member_state__name",
    "delegate__member_state__country",
)


# --- the list of participants ---------------------------------------------------------------


# The order of the groups in every list of participants.
GROUP_ORDER = (
    ParticipantType.MEMBER_STATE,
    ParticipantType.OBSERVER_STATE,
    ParticipantType.INTERNATIONAL_ORGANIZATION,
    ParticipantType.NGO,
    ParticipantType.IOM,
)
GROUP_LABELS = {
    ParticipantType.MEMBER_STATE: translation.gettext_lazy("Member states"),
    ParticipantType.OBSERVER_STATE: translation.gettext_lazy("Observer states"),
    ParticipantType.INTERNATIONAL_ORGANIZATION: translation.gettext_lazy(
        "International organizations"
    ),
    ParticipantType.NGO: translation.gettext_lazy("Non-governmental organizations"),
    ParticipantType.IOM: translation.gettext_lazy("International Organization for Migration (IOM)"),
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


def sort_key(text: str, language: str | None = None) -> tuple:
    """Alphabetical order of the list's language (workshops.names: the Unicode Collation
    Algorithm, 'Égypte' among the E's, 'Côte d'Ivoire' among the C's)."""
    return names.sort_key(text, language)


def _participant(registration: Registration, *, staff: bool) -> Participant:
    profile = registration.delegate
    return Participant(
        title=str(DelegateProfile.Title(profile.title).label) if profile.title else "",
        given_names=profile.given_names,
        family_name=profile.family_name,
        position=profile.position,
        institution=profile.institution,
        is_head=delegations_selectors.is_head(registration),
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
            entity = profiles_selectors.represents(profile, language) or "—"
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
                            key=lambda person: (
                                not person.is_head,
                                sort_key(person.family_name, language),
                                sort_key(person.given_names, language),
                            ),
                        )
                    ),
                )
                for name, people in sorted(
                    buckets[key].items(), key=lambda item: sort_key(item[0], language)
                )
            )
            groups.append(
                ParticipantGroup(key=key, label=str(GROUP_LABELS[key]), entities=entities)
            )
    return groups


def unlisted_count(workshop: Workshop) -> int:
    """How many confirmed participants the public list leaves out (no consent to be listed):
    the public list says so, rather than silently showing fewer people."""
    return (
        confirmed_participants(workshop).filter(delegate__consent_to_public_listing=False).count()
    )


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
