"""Template helpers of the focal point's pages and the site navigation."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


@register.filter
def is_focal_point(user) -> bool:
    """Whether the user is a focal point of a member state: for the "My delegation" link.

    At most one query per request: the reverse one-to-one caches its answer on the user,
    including "none" (and an anonymous visitor costs nothing)."""
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        return user.focal_point is not None
    except ObjectDoesNotExist:
        return False
