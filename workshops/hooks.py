"""What the apps above the programme add to a workshop: blocks on its public page and
contributions to its admin. The programme knows nothing of those apps (not even their names);
they register here, the way apps register their renderers in idm_portal.files.registry.

**A block on the workshop page** (funding's bar, the survey's evaluation link…). In your app's
``AppConfig.ready()``::

    from workshops import hooks

    def funding_bar(request, workshop) -> hooks.Block | None:
        if not workshop_has_budget(workshop):          # one query at most, never per row
            return None                                # nothing to show: no block at all
        return hooks.Block("funding/includes/workshop_bar.html", {"funds": ...})

    hooks.register_page_block(
        "funding_bar", render=funding_bar, place=hooks.ABOUT, order=10,
        select_related=["budget"],             # read with the workshop: no query of its own
    )

``render(request, workshop)`` returns a :class:`Block` (a template and its context) or
``None``. Blocks of a place are rendered in ``order``, then key, inside the page's own
template context (``{% page_block block %}``): a block's template sees its context first,
then ``workshop``, ``request``, ``user``, ``csrf_token`` and the rest of the page's context.
Rendering them there, rather than each with ``render_to_string``, spares the page one run of
the context processors and one template context per block.

Places: :data:`ABOUT` (under the workshop's description), :data:`DOCUMENTS` (with the workshop's
documents; the page says "no documents" only when this place is empty too) and :data:`ASIDE`
(the side panel, above the dates and seats). The page is public: a block shows only what anyone
may see, and makes a fixed number of queries however much data there is
(tests/workshops/test_hooks.py counts them); best none, by naming in ``select_related`` the one-
to-one or foreign-key rows it reads, which the page then loads in the same query as the
workshop.

**Contributions to the workshop admin**. Also in ``ready()``::

    hooks.register_admin(
        "funding",
        fieldsets=[(_("Funding"), {"fields": (budget_link,)})],  # callables: read-only
        actions=[recompute_funding],        # admin actions: (modeladmin, request, queryset)
        list_display=[funds_column],        # callables or lookups, shown after the workshop's
        list_filter=[FundedFilter],
        select_related=["budget"],          # what those columns read, so the list stays flat
    )

Each field of a contributed fieldset is a callable taking the workshop (an
``@admin.display`` function, like a ModelAdmin method without ``self``); it is read-only.
Actions are plain admin action functions; decorate them with
``@admin.action(permissions=["change"])`` so that staff who may only view workshops do not
get them, and have them call your services. Contributions appear in registration order.

**Whether workshops are funded** (the badge "Funded" / "Subject to funding" on the home,
programme and workshop pages). The app that holds the money registers, in ``ready()``::

    def funding_states(workshops) -> dict[int, bool]:   # {workshop pk: is subject to funding}
        ...                                              # a fixed number of queries in all

    hooks.register_funding_states("funding", provide=funding_states)

The pages' selectors call :func:`attach_funding_states` once with every workshop they show,
so a page makes the provider's few queries however many workshops and pledges there are. A
workshop that no provider answers for stays "subject to funding".

**A link on the programme page** (funding's public summary). In ``ready()``::

    hooks.register_programme_link("funding", link=lambda programme: (_("Funding"), url))

``link(programme)`` returns ``(label, url)`` or ``None``, with no query of its own; the links
are listed under the programme's workshops, in registration order.

Registering a key again replaces what it registered (safe on a reloaded module).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ABOUT = "about"
DOCUMENTS = "documents"
ASIDE = "aside"
PLACES = (ABOUT, DOCUMENTS, ASIDE)


@dataclass(frozen=True)
class Block:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PageBlock:
    key: str
    render: Callable[[Any, Any], Block | None]
    place: str
    order: int
    select_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdminContribution:
    key: str
    fieldsets: Sequence[tuple] = ()
    actions: Sequence[Callable] = ()
    list_display: Sequence = ()
    list_filter: Sequence = ()
    select_related: Sequence[str] = ()

    @property
    def readonly_fields(self) -> list:
        return [name for _title, options in self.fieldsets for name in options["fields"]]


_PAGE_BLOCKS: dict[str, PageBlock] = {}
_ADMIN: dict[str, AdminContribution] = {}
_FUNDING_STATES: dict[str, Callable[[Sequence[Any]], Mapping[int, bool]]] = {}
_PROGRAMME_LINKS: dict[str, Callable[[Any], tuple[str, str] | None]] = {}


def register_page_block(
    key: str,
    *,
    render: Callable[[Any, Any], Block | None],
    place: str = DOCUMENTS,
    order: int = 100,
    select_related: Sequence[str] = (),
) -> None:
    if place not in PLACES:
        raise ValueError(f"Unknown place {place!r} on the workshop page; use one of {PLACES}.")
    _PAGE_BLOCKS[key] = PageBlock(
        key=key, render=render, place=place, order=order, select_related=tuple(select_related)
    )


def page_blocks() -> list[PageBlock]:
    return sorted(_PAGE_BLOCKS.values(), key=lambda block: (block.order, block.key))


def page_select_related() -> list[str]:
    """What the blocks read along with the workshop (workshops.selectors.workshop_detail)."""
    return sorted({name for block in _PAGE_BLOCKS.values() for name in block.select_related})


def page_blocks_for(request, workshop) -> dict[str, list[Block]]:
    """Every block that has something to show, by place, in order; the page renders each with
    ``{% page_block block %}`` (workshops.templatetags.workshop_text)."""
    found: dict[str, list[Block]] = {place: [] for place in PLACES}
    for block in page_blocks():
        result = block.render(request, workshop)
        if result is not None:
            found[block.place].append(result)
    return found


def register_admin(
    key: str,
    *,
    fieldsets: Sequence[tuple] = (),
    actions: Sequence[Callable] = (),
    list_display: Sequence = (),
    list_filter: Sequence = (),
    select_related: Sequence[str] = (),
) -> None:
    for _title, options in fieldsets:
        for name in options["fields"]:
            if not callable(name):
                raise TypeError(
                    f"A contributed admin field must be a callable taking the workshop: {name!r}."
                )
    _ADMIN[key] = AdminContribution(
        key=key,
        fieldsets=tuple(fieldsets),
        actions=tuple(actions),
        list_display=tuple(list_display),
        list_filter=tuple(list_filter),
        select_related=tuple(select_related),
    )


def admin_contributions() -> list[AdminContribution]:
    return list(_ADMIN.values())


def register_programme_link(key: str, *, link: Callable[[Any], tuple[str, str] | None]) -> None:
    _PROGRAMME_LINKS[key] = link


def programme_links(programme) -> list[tuple[str, str]]:
    """(label, url) of every link the apps above add to the programme page."""
    return [found for link in _PROGRAMME_LINKS.values() if (found := link(programme))]


def register_funding_states(
    key: str, *, provide: Callable[[Sequence[Any]], Mapping[int, bool]]
) -> None:
    _FUNDING_STATES[key] = provide


def attach_funding_states(workshops: Iterable[Any]) -> None:
    """Tie the workshops into one batch: the first time a page asks any of them whether it is
    subject to funding, every provider is asked once for the whole batch (a page that shows
    no badge asks nothing). A workshop is funded only when a provider says so."""
    batch = _FundingBatch(list(workshops))
    for workshop in batch.workshops:
        workshop._funding_batch = batch


class _FundingBatch:
    def __init__(self, workshops: list) -> None:
        self.workshops = workshops
        self._funded: set[int] | None = None

    def is_subject_to_funding(self, workshop) -> bool:
        if self._funded is None:
            self._funded = set()
            for provide in _FUNDING_STATES.values():
                states = provide(self.workshops)
                self._funded.update(pk for pk, subject in states.items() if subject is False)
        return workshop.pk not in self._funded
