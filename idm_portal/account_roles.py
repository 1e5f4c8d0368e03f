"""Kinds of account that are not a delegate's, offered by the shell to the apps above it.

A donor contact logs in to a donor dashboard, not to "My registrations", and its menu is a
donor's. The shell knows no app (the import direction): an app registers, in its
``AppConfig.ready()``, how to recognise such a user, where they land after logging in and the
items of their menu::

    from idm_portal import account_roles

    account_roles.register(
        "donor",
        applies_to=lambda user: user.donors.exists(),      # one query at most
        landing_url=lambda user: reverse("…:dashboard"),
        menu=[account_roles.MenuItem(_("Donor dashboard"), "…:dashboard")],
    )

The first role that applies to a user wins (registration order). Staff keep the staff menu;
a user no role applies to is a delegate. :func:`role_of` answers once per request (the answer
is kept on the request), so that the layout's menu costs one query per page at most.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: Any  # a lazy translation
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def current_name(self) -> str:
        """The URL name without its namespace (what ``resolver_match.url_name`` says)."""
        return self.url_name.rpartition(":")[2]


@dataclass(frozen=True)
class AccountRole:
    key: str
    applies_to: Callable[[Any], bool]
    landing_url: Callable[[Any], str]
    menu: Sequence[MenuItem] = field(default_factory=tuple)


_ROLES: dict[str, AccountRole] = {}
_CACHE_ATTRIBUTE = "_portal_account_role"


def register(
    key: str,
    *,
    applies_to: Callable[[Any], bool],
    landing_url: Callable[[Any], str],
    menu: Sequence[MenuItem] = (),
) -> None:
    _ROLES[key] = AccountRole(
        key=key, applies_to=applies_to, landing_url=landing_url, menu=tuple(menu)
    )


def role_for_user(user) -> AccountRole | None:
    """The role of `user` (staff and anonymous users have none)."""
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    return next((role for role in _ROLES.values() if role.applies_to(user)), None)


def role_of(request) -> AccountRole | None:
    """The role of the request's user, asked once per request."""
    if not hasattr(request, _CACHE_ATTRIBUTE):
        setattr(request, _CACHE_ATTRIBUTE, role_for_user(getattr(request, "user", None)))
    return getattr(request, _CACHE_ATTRIBUTE)


def landing_url(user) -> str | None:
    """Where `user` lands after logging in, when a role says so."""
    role = role_for_user(user)
    return role.landing_url(user) if role is not None else None
