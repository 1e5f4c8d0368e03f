"""Writes of visa invitation letters: deleting them, rows and files, when the passport details
they show go (erased after the retention period, removed or changed by the delegate). A letter
is made again, with the details of the day, the next time the delegate asks for it.

Runs inside the caller's transaction (the profile's lock or the erasure's): the rows go with
it, the files once it commits, so a rollback never leaves a row without its file. Logs counts
only, never a name or a file of a delegate. Sends nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction

from idm_portal.models import GeneratedFile
from registrations.models.lifecycle import Registration
from registrations.renderers.visa_letters import VISA_LETTER

logger = logging.getLogger(__name__)


def delete_visa_letters(*, profile_ids: Iterable[int]) -> int:
    """Delete the visa letters of the delegates `profile_ids`; return how many rows went."""
    profile_ids = list(profile_ids)
    if not profile_ids:
        return 0
    rows = GeneratedFile.objects.filter(
        kind=VISA_LETTER,
        content_type=ContentType.objects.get_for_model(Registration),
        object_id__in=Registration.objects.filter(delegate_id__in=profile_ids).values("pk"),
    )
    names = [name for name in rows.values_list("file", flat=True) if name]
    count, _ = rows.delete()
    if names:
        transaction.on_commit(lambda: _delete_files(names))
    return count


def _delete_files(names: list[str]) -> None:
    storage = GeneratedFile._meta.get_field("file").storage or default_storage
    failed = 0
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            failed += 1
    if failed:
        logger.warning("Could not delete %d visa letter file(s).", failed)
