"""Writes of the lists of participants: asking the pipeline for their files, and publishing
or unpublishing them on the workshops' pages (who and when is kept on the row). Each call
owns its transactions; files are enqueued after the commit by the pipeline."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from idm_portal.files import services as pipeline
from registrations.participants_lists import PUBLIC_PARTICIPANTS_KINDS
from registrations.participants_lists.models import ParticipantsList


def request_participants_lists(*, workshops, kinds, force: bool = False) -> int:
    """Ask the pipeline for `kinds` of each workshop's list of participants, in every language
    of the portal; return how many files were asked for."""
    count = 0
    for workshop in workshops:
        for kind in kinds:
            for language, _name in settings.LANGUAGES:
                with transaction.atomic():
                    pipeline.request_file(workshop, kind, language, force=force)
                count += 1
    return count


@transaction.atomic
def set_participants_lists_published(*, workshops, is_published: bool, by=None) -> int:
    """Show (or hide) each workshop's public list of participants on its page, without asking
    for its files; return how many workshops were given. A list already in that state keeps
    who and when it was last changed."""
    workshops = list(workshops)
    rows = {
        row.workshop_id: row
        for row in ParticipantsList.objects.select_for_update().filter(
            workshop__in=[workshop.pk for workshop in workshops]
        )
    }
    for workshop in workshops:
        row = rows.get(workshop.pk)
        if row is not None and row.is_published == is_published:
            continue
        if row is None:
            if not is_published:
                continue  # never published: nothing to hide
            row = ParticipantsList(workshop=workshop)
        row.is_published = is_published
        row.changed_at = timezone.now()
        row.changed_by = by
        row.full_clean()
        row.save()
    return len(workshops)


def publish_participants_lists(*, workshops, by=None) -> int:
    """Show the public list of participants on each workshop's page, and queue its public
    files at once so that the first visitor need not wait for them."""
    workshops = list(workshops)
    count = set_participants_lists_published(workshops=workshops, is_published=True, by=by)
    request_participants_lists(workshops=workshops, kinds=PUBLIC_PARTICIPANTS_KINDS.values())
    return count


def unpublish_participants_lists(*, workshops, by=None) -> int:
    return set_participants_lists_published(workshops=workshops, is_published=False, by=by)
