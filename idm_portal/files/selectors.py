"""Reads of generated files for pages: one query however many objects are listed."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from idm_portal.models import GeneratedFile


def generated_file_for(obj, kind: str, language: str) -> GeneratedFile | None:
    """The one file of `kind` of `obj` in `language` (a constraint makes it one), if any. No
    ordering: compiling ``ORDER BY`` cost a page that asks it on every request (the donor
    dashboard) a third of its time."""
    rows = GeneratedFile.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        language=language,
    ).order_by()[:1]
    return next(iter(rows), None)


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
