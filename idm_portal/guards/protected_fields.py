"""Fields that need a permission to be read, and the admin's guard on querying them.

Whoever may not see a field may not filter, search, order or export by it either: a filter
that answers "1 result" or "0 results" reads the field one character at a time. An app
declares its protected fields once (`protect`, in its AppConfig.ready); every ModelAdmin of
the portal's admin site (idm_portal.admin_site) then gets `ProtectedFieldsAdminMixin`, which
refuses, for a user without the permission, any query parameter whose path reaches such a
field — directly or through any chain of relations — and drops such paths from the search
fields, filters, columns and orderings it offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP


@dataclass(frozen=True)
class Protection:
    fields: frozenset[str]
    permission: str  # "app_label.codename"


_REGISTRY: dict[type[models.Model], list[Protection]] = {}


def protect(model: type[models.Model], fields: Iterable[str], *, permission: str) -> None:
    """Declare that reading `fields` of `model` needs `permission`. A relation may be
    protected too: then nothing behind it may be queried without the permission."""
    names = frozenset(fields)
    for name in names:
        model._meta.get_field(name)  # a typo fails at start, not silently
    _REGISTRY.setdefault(model, []).append(Protection(names, permission))


def protections() -> dict[type[models.Model], list[Protection]]:
    return {model: list(items) for model, items in _REGISTRY.items()}


def _permissions_for(model: type[models.Model], field_name: str) -> list[str]:
    concrete = model._meta.concrete_model
    return [
        protection.permission
        for protection in _REGISTRY.get(concrete, ())
        if field_name in protection.fields
    ]


def _field_by_query_name(model: type[models.Model], name: str):
    """The field a lookup part names: a forward field by its name, a reverse relation by its
    query name (what `filter()` takes), or None when the part is a transform or lookup."""
    if name == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        pass
    for field in model._meta.get_fields(include_hidden=True):
        if field.auto_created and not field.concrete and field.is_relation:
            if field.field.related_query_name() == name:
                return field
    return None


def permissions_needed(model: type[models.Model], path: str) -> set[str]:
    """The permissions a user needs to query `path` (e.g. "delegate__passport_number__startswith")
    from `model`: one for every protected field the path reaches."""
    needed: set[str] = set()
    current = model
    for part in path.split(LOOKUP_SEP):
        field = _field_by_query_name(current, part)
        if field is None:
            break  # a transform or lookup (`year`, `startswith`): the rest is not a field
        needed.update(_permissions_for(current, field.name))
        related = getattr(field, "related_model", None)
        if not field.is_relation or related is None or isinstance(related, str):
            break
        current = related
    return needed


def may_query(user, model: type[models.Model], path: str) -> bool:
    needed = permissions_needed(model, path)
    return not needed or all(user.has_perm(permission) for permission in needed)


def _search_path(search_field: str) -> str:
    # Django's search prefixes: ^ startswith, = iexact, @ full-text.
    return search_field.lstrip("^=@")


class ProtectedFieldsAdminMixin:
    """Applied to every ModelAdmin by idm_portal.admin_site.PortalAdminSite.register."""

    def _may_query(self, request, path: str) -> bool:
        return request is None or may_query(request.user, self.model, path)

    def lookup_allowed(self, lookup, value, request=None):
        # Refused lookups raise DisallowedModelAdminLookup: a 400, the same answer whatever
        # the value, so the refusal itself tells nothing.
        if not self._may_query(request, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        return [
            name
            for name in super().get_search_fields(request)
            if self._may_query(request, _search_path(name))
        ]

    def get_list_filter(self, request):
        allowed = []
        for item in super().get_list_filter(request):
            path = item[0] if isinstance(item, list | tuple) else item
            if isinstance(path, str) and not self._may_query(request, path):
                continue
            allowed.append(item)
        return allowed

    def _ordering_path(self, name) -> str | None:
        """The field a list_display column sorts by, if any."""
        if callable(name):
            order = getattr(name, "admin_order_field", None)
        elif isinstance(name, str) and hasattr(self, name):
            order = getattr(getattr(self, name), "admin_order_field", None)
        else:
            order = name
        if hasattr(order, "name"):  # an expression such as F("x") or Lower("x")
            order = getattr(order, "name", None)
        if isinstance(order, str):
            return order.lstrip("-")
        return None

    def get_list_display(self, request):
        shown = []
        for name in super().get_list_display(request):
            path = self._ordering_path(name)
            if path and not self._may_query(request, path):
                continue
            shown.append(name)
        return shown

    def get_sortable_by(self, request):
        sortable = super().get_sortable_by(request)
        return [
            name
            for name in sortable
            if not (path := self._ordering_path(name)) or self._may_query(request, path)
        ]

    def get_ordering(self, request):
        return [
            item
            for item in super().get_ordering(request) or ()
            if not isinstance(item, str) or self._may_query(request, item.lstrip("-"))
        ]

    def get_export_queryset(self, request):
        """django-import-export builds its queryset from the change list's query string: an
        unknown or refused parameter is a 400 there too, not a 500."""
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters:
            # Not the error's own words, nor chained to it: they quote the value typed into
            # the filter, and Django logs the message and traceback of a 400 (a passport
            # number typed into a date filter would reach the log).
            raise BadRequest("The list's filters are not valid.") from None
