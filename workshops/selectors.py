"""Reads of the programme for the public pages: each returns its related rows prefetched, so a
page's query count stays flat however many workshops, agenda items or states there are."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from idm_portal import prepared
from workshops import hooks
from workshops.models import (
    AgendaItem,
    Document,
    KeyDate,
    MemberState,
    PolicyPrinciple,
    Programme,
    Workshop,
)


def published_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_published=True)


# What a workshop card (includes/workshop_card.html, the home page and the programme's timeline)
# and its status read: not the description or address in every language, nor the seat counts.
LISTED_WORKSHOP_FIELDS = (
    "programme",
    "title",
    "slug",
    "start_date",
    "end_date",
    "venue",
    "registration_status",
    "registration_deadline",
)


def listed_workshops() -> QuerySet[Workshop]:
    return Workshop.objects.only(*LISTED_WORKSHOP_FIELDS).order_by("start_date")


# A programme's related rows as its pages show them, compiled once per process
# (idm_portal.prepared), attached as prefetch_related would leave them.
_LATEST_PROGRAMME = prepared.PreparedRead(lambda: published_programmes().order_by("-year")[:1])
_PROGRAMMES = prepared.PreparedRead(lambda: published_programmes().order_by("-year"))
_WORKSHOPS_OF = prepared.PreparedRead(
    lambda programme: listed_workshops().filter(programme=programme), programme=int
)
_KEY_DATES_OF = prepared.PreparedRead(
    lambda programme: KeyDate.objects.filter(programme=programme), programme=int
)
_PRINCIPLES_OF = prepared.PreparedRead(
    lambda programme: PolicyPrinciple.objects.filter(programme=programme), programme=int
)


def _attach_workshops_and_key_dates(programme: Programme) -> None:
    prepared.attach(programme, "workshops", _WORKSHOPS_OF.all(programme=programme.pk))
    prepared.attach(programme, "key_dates", _KEY_DATES_OF.all(programme=programme.pk))
    hooks.attach_funding_states(programme.workshops.all())


def current_programme() -> Programme | None:
    """The latest published programme, with its workshops (their funding states attached)
    and key dates."""
    programme = _LATEST_PROGRAMME.first()
    if programme is not None:
        _attach_workshops_and_key_dates(programme)
    return programme


def programme_and_archive(year: int) -> tuple[Programme, list[Programme]]:
    """The published programme of `year` (404 if there is none), with its workshops (their
    funding states attached), key dates and principles, and the other published programmes,
    newest first, for the archive: one query reads every programme (one a year)."""
    programmes = _PROGRAMMES.all()
    programme = next((found for found in programmes if found.year == year), None)
    if programme is None:
        raise Http404("No programme for this year.")
    _attach_workshops_and_key_dates(programme)
    prepared.attach(programme, "principles", _PRINCIPLES_OF.all(programme=programme.pk))
    return programme, [other for other in programmes if other is not programme]


# The workshop page's reads, compiled once per process (idm_portal.prepared).
_WORKSHOP_PAGE = prepared.PreparedRead(
    lambda slug: (
        Workshop.objects.filter(programme__is_published=True)
        .select_related("programme", *hooks.page_select_related())
        .filter(slug=slug)
    ),
    shape=hooks.page_select_related,
    slug=str,
)
_AGENDA = prepared.PreparedRead(
    lambda workshop: AgendaItem.objects.filter(workshop=workshop).order_by("day", "start_time"),
    workshop=int,
)


def workshop_detail(slug: str) -> Workshop:
    """A published programme's workshop with its programme, what the page's blocks read
    along with it, and its agenda in order; 404 if there is none."""
    workshop = _WORKSHOP_PAGE.first(slug=slug)
    if workshop is None:
        raise Http404("No such workshop.")
    prepared.attach(workshop, "agenda_items", _AGENDA.all(workshop=workshop.pk))
    hooks.attach_funding_states([workshop])
    return workshop


def membership_counts() -> dict[str, int]:
    return MemberState.objects.aggregate(
        members=Count("pk", filter=Q(status=MemberState.Status.MEMBER)),
        observers=Count("pk", filter=Q(status=MemberState.Status.OBSERVER)),
    )


def timeline(programme: Programme) -> list[dict]:
    """Key dates and workshops of a programme in date order (from its prefetched rows)."""
    entries = [
        {
            "start": d.start_date,
            "end": d.end_date,
            "title": d.title,
            "venue": d.venue,
            "url": "",
            "source": d,
        }
        for d in programme.key_dates.all()
    ]
    entries += [
        {
            "start": w.start_date,
            "end": w.end_date,
            "title": w.title,
            "venue": w.venue,
            "url": w.get_absolute_url(),
            "is_workshop": True,
            "source": w,
        }
        for w in programme.workshops.all()
    ]
    return sorted(entries, key=lambda entry: entry["start"])


def public_documents() -> QuerySet:
    return Document.objects.filter(
        visibility=Document.Visibility.PUBLIC, programme__is_published=True
    )


def _sees_staff_documents(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def _documents_seen(*, staff: bool) -> QuerySet:
    return Document.objects.all() if staff else public_documents()


def visible_documents(user) -> QuerySet:
    """The documents `user` may read: staff see staff-only documents too."""
    return _documents_seen(staff=_sees_staff_documents(user))


def document_detail(*, user, symbol: str, language: str):
    """One language version of a document, 404 if missing or not visible to `user`."""
    return get_object_or_404(
        visible_documents(user).select_related("programme", "workshop"),
        symbol=symbol,
        language=language,
    )


def _language_order(document: Document) -> int:
    codes = [code for code, _name in settings.LANGUAGES]
    return codes.index(document.language) if document.language in codes else len(codes)


# A symbol's language versions, as the public and as staff may read them (idm_portal.prepared).
_VERSIONS = {
    staff: prepared.PreparedRead(
        lambda symbol, staff=staff: (
            _documents_seen(staff=staff)
            .select_related("programme", "workshop")
            .filter(symbol=symbol)
            .order_by()  # sorted below; compiling the ORDER BY cost more than the sort
        ),
        symbol=str,
    )
    for staff in (False, True)
}


def document_with_versions(*, user, symbol: str, language: str) -> tuple[Document, list[Document]]:
    """One language version of a document, 404 if missing or not visible to `user`, with the
    symbol's other versions `user` may read, in the order of settings.LANGUAGES (English,
    French, Spanish): a missing one is simply not there. One query for all of them."""
    rows = _VERSIONS[_sees_staff_documents(user)].all(symbol=symbol)
    document = next((row for row in rows if row.language == language), None)
    if document is None:
        raise Http404("No such document.")
    return document, sorted((row for row in rows if row is not document), key=_language_order)


def by_symbol(documents, language: str) -> list[dict]:
    """`documents` (evaluated here, no further query) as one entry per symbol, in their order:
    `document` is the version in `language`, else the one in the original language, else the
    first; `versions` are the symbol's other versions, in the order of settings.LANGUAGES."""
    groups: dict[str, list[Document]] = {}
    for document in documents:
        groups.setdefault(document.symbol, []).append(document)
    entries = []
    for versions in groups.values():
        shown = next(
            (d for d in versions if d.language == language),
            next((d for d in versions if d.language == d.original_language), versions[0]),
        )
        others = sorted((d for d in versions if d is not shown), key=_language_order)
        entries.append({"document": shown, "versions": others})
    return entries


# What a list of documents shows (includes/document_list.html) and by_symbol picks by: not the
# body (tens of kilobytes each) nor the workshop's columns.
LISTED_DOCUMENT_FIELDS = ("symbol", "title", "language", "original_language", "date")


_WORKSHOP_DOCUMENTS = prepared.PreparedRead(
    lambda workshop: (
        public_documents()
        .filter(workshop=workshop)
        .only(*LISTED_DOCUMENT_FIELDS)
        .order_by("date", "symbol", "language")
    ),
    workshop=int,
)
_PROGRAMME_DOCUMENTS = prepared.PreparedRead(
    lambda programme: (
        public_documents()
        .filter(programme=programme)
        .only(*LISTED_DOCUMENT_FIELDS)
        .order_by("-date", "symbol", "language")
    ),
    programme=int,
)


def workshop_documents(workshop: Workshop) -> list[Document]:
    """The workshop's public documents, oldest first."""
    return _WORKSHOP_DOCUMENTS.all(workshop=workshop.pk)


def programme_documents(programme: Programme) -> list[Document]:
    """The programme's public documents (discussion notes, reports…), newest first."""
    return _PROGRAMME_DOCUMENTS.all(programme=programme.pk)
