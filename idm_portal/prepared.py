"""Reads whose SQL Django compiles once per process instead of at every call.

Why: on the public pages, compiling a query costs Django more than PostgreSQL takes to run it
(the workshop page's read of 52 columns over four tables: 0.64 ms to compile, 0.2 ms to run).
A read whose shape never changes, only its parameters, is compiled once per database alias,
active language (django-modeltranslation names other columns in other languages) and
``idm_portal.kept.generation`` (any settings change in tests), with a marker in place of each
parameter: twice, with two sets of markers, so that the parameters which differ are the
values' places and those which do not are the read's own constants. Each call puts the values
there, runs the SQL and builds the instances with Django's own ``Model.from_db`` and related
populators, as the queryset would.
The rows themselves are read at every call: nothing from the database is kept.

What a prepared read may be (checked at its first compilation, :class:`NotPreparable`):
  * a queryset of model instances (``select_related``, ``only``/``defer`` and annotations
    allowed), or of ``values_list`` rows of a model with no translated fields, with no
    ``prefetch_related``: attach related rows with :func:`attach`, from another prepared read;
  * filtered on its parameters by plain equality: every marker must reach the SQL's
    parameters unchanged and nowhere else (a value Django transforms, one written into the
    SQL, or one that makes the read empty without SQL is refused).

Tests compare every prepared read of the portal with its queryset's own result
(tests/idm_portal/test_prepared.py and the pages' tests).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.utils import translation

from idm_portal import kept

# Integer markers are numbers every integer column accepts (Django turns a lookup outside the
# column's range, a negative id say, into an empty result without SQL), each read its own:
# 32767 down, and 16384 less for the second compilation.
_int_markers = itertools.count(32767, -1)


class NotPreparable(TypeError):
    """The queryset cannot be a prepared read (see the module)."""


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple  # the compiled parameters, markers included
    slots: tuple  # for each parameter: the name of the value that replaces it, or None
    compiler: Any
    kind: str  # "model", "tuple" or "flat"
    start: int = 0
    end: int = 0
    init_list: tuple = ()
    converters: dict | None = None


class PreparedRead:
    """``build(**values)`` returns the queryset; ``types`` gives each value's type (str or
    int). ``shape`` returns what else the SQL depends on, as an iterable (registered hooks)."""

    def __init__(
        self,
        build: Callable[..., Any],
        *,
        shape: Callable[[], object] | None = None,
        **types: type,
    ):
        if any(kind not in (str, int) for kind in types.values()):
            raise NotPreparable("Name each value with its type: str or int.")
        self.build = build
        self.shape = shape
        self.types = types
        self.markers = {
            name: (f"\x1fprepared:{name}\x1f" if kind is str else next(_int_markers))
            for name, kind in types.items()
        }
        self.other_markers = {
            name: (f"\x1fprepared:{name}:other\x1f" if kind is str else marker - 16384)
            for (name, kind), marker in zip(types.items(), self.markers.values(), strict=True)
        }
        self._compiled: dict[tuple, _Compiled] = {}
        self._generation = kept.generation

    # --- compilation -----------------------------------------------------------------------

    def _key(self, alias: str) -> tuple:
        shape = tuple(self.shape()) if self.shape is not None else None
        return (alias, translation.get_language(), kept.generation, shape)

    def compiled(self, alias: str = "default") -> _Compiled:
        key = self._key(alias)
        if key[2] != self._generation:  # what an earlier generation compiled is never read
            self._compiled, self._generation = {}, key[2]
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = self._compile(alias)
        return found

    def _compile_with(self, markers: dict, alias: str) -> tuple:
        queryset = self.build(**markers).using(alias)
        if queryset._prefetch_related_lookups:
            raise NotPreparable("A prepared read cannot prefetch: attach() the related rows.")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            raise NotPreparable("A value makes the read empty without SQL.") from None
        return queryset, compiler, sql, tuple(params)

    def _compile(self, alias: str) -> _Compiled:
        # Compiled with two sets of markers: the parameters that differ are the values' slots,
        # those equal are the read's own constants, and an SQL that differs means a value is
        # written into it.
        queryset, compiler, sql, params = self._compile_with(self.markers, alias)
        _qs, _compiler, other_sql, other_params = self._compile_with(self.other_markers, alias)
        if other_sql != sql or len(other_params) != len(params):
            raise NotPreparable("A value is written into the SQL itself.")
        slots = []
        for param, other in zip(params, other_params, strict=True):
            if _same(param, other):
                slots.append(None)
                continue
            names = [name for name, marker in self.markers.items() if _same(param, marker)]
            if not names or not _same(other, self.other_markers[names[0]]):
                raise NotPreparable("A value does not reach the SQL's parameters unchanged.")
            slots.append(names[0])
        for name in self.markers:
            if name not in slots:
                raise NotPreparable(f"The value {name!r} does not reach the SQL's parameters.")
        iterable = queryset._iterable_class
        if iterable is ModelIterable:
            select = compiler.select
            klass_info = compiler.klass_info
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            return _Compiled(
                sql=sql,
                params=params,
                slots=tuple(slots),
                compiler=compiler,
                kind="model",
                start=start,
                end=end,
                init_list=tuple(column[0].target.attname for column in select[start:end]),
                converters=_converters(compiler),
            )
        if iterable in (ValuesListIterable, FlatValuesListIterable):
            query = queryset.query
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            if queryset._fields and list(queryset._fields) != names:
                # Django's iterable would reorder the columns: name them in select order.
                raise NotPreparable("Name the columns of values_list() in select order.")
            return _Compiled(
                sql=sql,
                params=params,
                slots=tuple(slots),
                compiler=compiler,
                kind="flat" if iterable is FlatValuesListIterable else "tuple",
                converters=_converters(compiler),
            )
        # django-modeltranslation's values_list() applies fallbacks row by row in Python.
        raise NotPreparable(
            "A prepared read returns model instances, or values_list() rows of a model that "
            "has no translated fields."
        )

    # --- reading ---------------------------------------------------------------------------

    def all(self, *, using: str = "default", **values) -> list:
        """The rows for these values: model instances, tuples or single values."""
        if values.keys() != self.types.keys():
            raise TypeError(f"Give exactly these values: {', '.join(self.types)}.")
        compiled = self.compiled(using)
        # As the field would prepare it: str() or int() (which refuses what is not a number).
        values = {name: self.types[name](value) for name, value in values.items()}
        params = [
            param if slot is None else values[slot]
            for param, slot in zip(compiled.params, compiled.slots, strict=True)
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [_convert(row, compiled.converters, connections[using]) for row in rows]
        if compiled.kind == "flat":
            return [row[0] for row in rows]
        if compiled.kind == "tuple":
            return [tuple(row) for row in rows]
        return self._instances(compiled, rows, using)

    def first(self, *, using: str = "default", **values):
        rows = self.all(using=using, **values)
        return rows[0] if rows else None

    @staticmethod
    def _instances(compiled: _Compiled, rows, using: str) -> list:
        compiler = compiled.compiler
        klass_info = compiler.klass_info
        model = klass_info["model"]
        populators = get_related_populators(klass_info, compiler.select, using)
        annotations = compiler.annotation_col_map
        start, end, init_list = compiled.start, compiled.end, compiled.init_list
        objects = []
        for row in rows:
            obj = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _same(param, marker) -> bool:
    return type(param) is type(marker) and param == marker


def _converters(compiler) -> dict | None:
    columns = [column[0] for column in compiler.select[: compiler.col_count]]
    return compiler.get_converters(columns) or None


def _convert(row, converters: dict, connection) -> list:
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def attach(instance, name: str, rows: list) -> None:
    """`rows` (the instance's related rows, read by a prepared read) as what
    ``instance.<name>.all()`` returns, as ``prefetch_related(name)`` would leave them: no
    further query, and each row's link back to `instance` set. `name` is a reverse foreign
    key (``workshop.agenda_items``)."""
    relation = instance._meta.get_field(name)
    if not (relation.one_to_many and relation.auto_created):
        raise NotPreparable(f"{name!r} is not a reverse foreign key.")
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(relation.cache_name, None)
    queryset = getattr(instance, name).get_queryset()  # filtered on the instance, not run
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    for row in queryset._result_cache:
        relation.field.set_cached_value(row, instance)
    cache[relation.cache_name] = queryset
