"""What the apps above registrations add to the focal point's index (the survey's link to the
state's open surveys…). Registrations knows nothing of those apps; they register here from
their ``AppConfig.ready()``, the way they register blocks of the workshop page
(workshops.hooks)::

    from registrations import hooks

    def open_surveys(request, state) -> hooks.Block | None:
        ...                                   # a fixed number of queries, best one at most
        return hooks.Block("myapp/includes/focal_point_block.html", {"surveys": surveys})

    hooks.register_focal_point_block("surveys", render=open_surveys, order=10)

``render(request, state)`` returns a :class:`Block` (the context also gets ``state`` and
``request``) or ``None`` for nothing to show. Blocks are shown under the page's header, in
``order``, then key. Registering a key again replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from workshops.hooks import Block

__all__ = ["Block", "register_focal_point_block", "rendered_focal_point_blocks"]


@dataclass(frozen=True)
class FocalPointBlock:
    key: str
    render: Callable[[Any, Any], Block | None]
    order: int


_FOCAL_POINT_BLOCKS: dict[str, FocalPointBlock] = {}


def register_focal_point_block(
    key: str, *, render: Callable[[Any, Any], Block | None], order: int = 100
) -> None:
    _FOCAL_POINT_BLOCKS[key] = FocalPointBlock(key=key, render=render, order=order)


def rendered_focal_point_blocks(request, state) -> list[str]:
    """The HTML of every block that has something to show, in order."""
    rendered = []
    for block in sorted(_FOCAL_POINT_BLOCKS.values(), key=lambda b: (b.order, b.key)):
        result = block.render(request, state)
        if result is not None:
            context = {**result.context, "state": state}
            rendered.append(render_to_string(result.template_name, context, request=request))
    return rendered
