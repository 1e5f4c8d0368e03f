"""Reads of generated files for pages: one query however many objects are listed."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from idm_portal import prepared
from idm_portal.models import GeneratedFile

# Compiled once per process (idm_portal.prepared): the donor dashboard, the document page and
# the letters' pages ask it on every request.
_FILE_OF = prepared.PreparedRead(
    lambda kind, content_type, object_id, language: GeneratedFile.objects.filter(
        kind=kind, content_type=content_type, object_id=object_id, language=language
    ).order_by()[:1],
    kind=str,
    content_type=int,
    object_id=int,
    language=str,
)


def generated_file_for(obj, kind: str, language: str) -> GeneratedFile | None:
    """The one file of `kind` of `obj` in `language` (a constraint makes it one), if any."""
    return _FILE_OF.first(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj).pk,
        object_id=obj.pk,
        language=language,
    )


def generated_files_for(objects: Iterable, kind: str) -> dict[tuple[int, str], GeneratedFile]:
    """The files of `kind` of many objects of one model, by (object id, language)."""
    objects = list(objects)
    if not objects:
        return {}
    rows = GeneratedFile.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(objects[0]),
        object_id__in=[obj.pk for obj in objects],
    )
    return {(row.object_id, row.language): row for row in rows}


def generated_files_of(obj, kinds: Iterable[str], language: str) -> dict[str, GeneratedFile]:
    """The files of several `kinds` of `obj` in `language`, by kind: one query for a page that
    shows more than one (a survey's results report and its raw answers)."""
    rows = GeneratedFile.objects.filter(
        kind__in=list(kinds),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        language=language,
    ).order_by()
    return {row.kind: row for row in rows}
