"""Parity before publishing (issue 11, item 3): what French and Spanish text published content
still lacks, and the one rule that keeps a workshop closed and a document unpublished until
it exists, unless staff publish anyway with a recorded reason (``TranslationWaiver``).

- :func:`missing_fields` — an object's translated fields written in English but not in a
  language (an empty or blank translation is missing, never shown: modeltranslation falls
  back to English for it).
- :func:`opening_refusal` / :func:`publishing_refusal` — why a workshop may not open for
  registration, or a document be made public, today; ``None`` when it may. Read by the models'
  ``clean()`` and the admin's agenda formset, so the admin says it at the field.
- :func:`report` — every gap of published content, per language, in a constant number of
  queries: the staff page and ``manage.py check_translations`` read it.
- :func:`register_source` — a hook for the apps above (surveys) to add their published
  content to the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

OTHER_LANGUAGES = ("fr", "es")


@dataclass
class Gap:
    """One published object that lacks text in one language."""

    kind: str  # a verbose name ("workshop", "agenda item"…)
    obj: object
    language: str
    fields: list[str] = field(default_factory=list)  # verbose names of the missing fields
    waiver: str = ""  # the reason staff published anyway, if they did

    @property
    def admin_url(self) -> str:
        from django.urls import NoReverseMatch, reverse

        meta = self.obj._meta
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.obj.pk])
        except NoReverseMatch:
            return ""


def _filled(value) -> bool:
    return bool(value and str(value).strip())


def missing_fields(obj, language: str) -> list[str]:
    """Verbose names of obj's translated fields that have English text and none in `language`."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    options = translator.get_options_for_model(type(obj))
    return [
        str(obj._meta.get_field(name).verbose_name)
        for name in options.all_fields
        if _filled(getattr(obj, f"{name}_{default}", None))
        and not _filled(getattr(obj, f"{name}_{language}", None))
    ]


def _gaps(obj, waiver: str = "") -> list[Gap]:
    gaps = []
    for language in OTHER_LANGUAGES:
        names = missing_fields(obj, language)
        if names:
            gaps.append(Gap(str(obj._meta.verbose_name), obj, language, names, waiver))
    return gaps


def language_name(language: str) -> str:
    return gettext(dict(settings.LANGUAGES)[language])


def describe(gaps: Iterable[Gap]) -> str:
    """ "French — agenda item “Opening”: title; Spanish — …" for a message."""
    by_language: dict[str, list[str]] = {}
    for gap in gaps:
        label = gettext("%(kind)s “%(name)s”: %(fields)s") % {
            "kind": gap.kind,
            "name": gap.obj,
            "fields": ", ".join(gap.fields),
        }
        by_language.setdefault(gap.language, []).append(label)
    return "; ".join(
        f"{language_name(language)} — {', '.join(labels)}"
        for language, labels in sorted(by_language.items())
    )


WAIVER_HINT = _(
    "Write them, or give a reason in “published without all translations, because” to go "
    "ahead anyway."
)


def workshop_gaps(workshop, agenda_items: Iterable | None = None) -> list[Gap]:
    """The workshop's own text and its agenda's (`agenda_items` as submitted, or as saved)."""
    if agenda_items is None:
        agenda_items = list(workshop.agenda_items.all()) if workshop.pk else []
    gaps = _gaps(workshop)
    for item in agenda_items:
        gaps += _gaps(item)
    return gaps


def opening_refusal(workshop, agenda_items: Iterable | None = None) -> str | None:
    """Why `workshop` may not be open for registration with its texts as they are, or None."""
    if workshop.registration_status != workshop.RegistrationStatus.OPEN:
        return None
    if _filled(workshop.translation_waiver_reason):
        return None
    gaps = workshop_gaps(workshop, agenda_items)
    if not gaps:
        return None
    return format_lazy(
        "{} {}. {}",
        _("Registration cannot open before the French and Spanish texts exist. Missing:"),
        describe(gaps),
        WAIVER_HINT,
    )


def missing_versions(document, languages: Iterable[str] | None = None) -> list[str]:
    """The official languages in which `document`'s symbol has no version yet."""
    if languages is None:
        languages = set(
            type(document)
            .objects.filter(symbol=document.symbol)
            .exclude(pk=document.pk)
            .values_list("language", flat=True)
        )
    present = set(languages) | {document.language}
    return [code for code, _name in settings.LANGUAGES if code not in present]


def publishing_refusal(document) -> str | None:
    """Why `document` may not be public yet (a language version is missing), or None."""
    if document.visibility != document.Visibility.PUBLIC:
        return None
    if _filled(document.translation_waiver_reason) or not document.symbol:
        return None
    missing = missing_versions(document)
    if not missing:
        return None
    return format_lazy(
        "{} {}. {}",
        _("A public document needs its English, French and Spanish versions. Missing:"),
        ", ".join(language_name(code) for code in missing),
        WAIVER_HINT,
    )


# --- The report of published content -------------------------------------------------------

_sources: list[Callable[[], Iterable[Gap]]] = []


def register_source(source: Callable[[], Iterable[Gap]]) -> None:
    """Add a callable that yields the Gaps of an app's published content (a few queries)."""
    if source not in _sources:
        _sources.append(source)


def report() -> list[Gap]:
    """Every missing translation of published content: published programmes with their key
    dates and principles, their workshops with the agenda, public documents' missing
    versions, and what the apps above add. Waived gaps are listed with their reason."""
    from workshops.models import AgendaItem, Document, Programme, Workshop

    gaps: list[Gap] = []
    programmes = Programme.objects.filter(is_published=True).prefetch_related(
        "key_dates",
        "principles",
        Prefetch(
            "workshops",
            queryset=Workshop.objects.order_by("start_date").prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("day", "start_time"))
            ),
        ),
    )
    for programme in programmes.order_by("-year"):
        gaps += _gaps(programme)
        for item in [*programme.key_dates.all(), *programme.principles.all()]:
            gaps += _gaps(item)
        for workshop in programme.workshops.all():
            waiver = workshop.translation_waiver_reason
            for gap in workshop_gaps(workshop, workshop.agenda_items.all()):
                gap.waiver = waiver
                gaps.append(gap)
    versions: dict[str, set[str]] = {}
    for symbol, language in Document.objects.values_list("symbol", "language"):
        versions.setdefault(symbol, set()).add(language)
    public = Document.objects.filter(
        visibility=Document.Visibility.PUBLIC, programme__is_published=True
    ).order_by("symbol", "language")
    waivers: dict[str, str] = {}
    for document in public:
        if _filled(document.translation_waiver_reason):
            waivers.setdefault(document.symbol, document.translation_waiver_reason)
    reported: set[str] = set()
    for document in public:
        if document.symbol in reported:
            continue
        reported.add(document.symbol)
        for language in missing_versions(document, versions[document.symbol]):
            kind = str(Document._meta.verbose_name)
            gaps.append(Gap(kind, document, language, [], waivers.get(document.symbol, "")))
    for source in _sources:
        gaps += list(source())
    return gaps


def unwaived(gaps: Iterable[Gap]) -> list[Gap]:
    return [gap for gap in gaps if not _filled(gap.waiver)]


def stamp_waiver(obj, *, user) -> None:
    """Record who gave (or withdrew) the reason to publish without all translations, and when:
    called by the admin when the reason changes, before the object is saved."""
    from django.utils import timezone

    if _filled(obj.translation_waiver_reason):
        obj.translation_waiver_by, obj.translation_waiver_at = user, timezone.now()
    else:
        obj.translation_waiver_reason = ""
        obj.translation_waiver_by, obj.translation_waiver_at = None, None
