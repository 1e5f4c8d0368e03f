"""Prepared reads (idm_portal.prepared): the same rows as their querysets, compiled once per
language and settings, refused when a value would change the SQL, and related rows attached as
prefetch_related leaves them."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation

from idm_portal import prepared
from idm_portal.files.selectors import generated_file_for
from idm_portal.models import GeneratedFile
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import (
    AgendaItemFactory,
    ProgrammeFactory,
    WorkshopFactory,
)
from workshops.models import AgendaItem, Document, Workshop

pytestmark = pytest.mark.django_db


def by_slug(slug):
    return Workshop.objects.select_related("programme").filter(slug=slug)


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def compilations(monkeypatch):
    """How many times Django compiled a query."""
    counted = []
    compile_ = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        counted.append(self.query.model)
        return compile_(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return counted


def test_a_prepared_read_gives_what_its_queryset_gives():
    programme = ProgrammeFactory(theme_fr="Droits de l’homme")
    first = WorkshopFactory(programme=programme, capacity=40)
    second = WorkshopFactory(programme=programme, start_date=datetime.date(2031, 5, 6))
    read = prepared.PreparedRead(by_slug, slug=str)

    for workshop in (first, second):
        with translation.override("fr"):
            (got,) = read.all(slug=workshop.slug)
            expected = by_slug(workshop.slug).get()
            assert got.programme.theme == expected.programme.theme == "Droits de l’homme"
        assert fields(got) == fields(expected)
        assert fields(got.programme) == fields(expected.programme)
        assert got._state.adding is False and got._state.db == "default"
    assert read.all(slug="no-such-workshop") == []
    assert read.first(slug="no-such-workshop") is None


def test_values_list_rows_come_converted_and_flat():
    programme = ProgrammeFactory()
    for day in (10, 3, 21):
        DocumentFactory(programme=programme, date=datetime.date(2009, 2, day))
    rows = prepared.PreparedRead(
        lambda programme: (
            Document.objects.filter(programme=programme)
            .order_by("date")
            .values_list("date", "symbol")
        ),
        programme=int,
    )
    counts = prepared.PreparedRead(
        lambda programme: (
            Document.objects.filter(programme=programme)
            .order_by()
            .values("programme")
            .annotate(documents=Count("pk"))
            .values_list("documents", flat=True)
        ),
        programme=int,
    )

    expected = list(
        Document.objects.filter(programme=programme).order_by("date").values_list("date", "symbol")
    )
    assert rows.all(programme=programme.pk) == expected
    assert [date.day for date, _symbol in expected] == [3, 10, 21]
    assert counts.all(programme=programme.pk) == [3]
    assert counts.all(programme=programme.pk + 1000) == []


def test_translated_values_list_rows_are_refused():
    """django-modeltranslation's values_list() gives each translated field its fallback."""
    read = prepared.PreparedRead(
        lambda workshop: AgendaItem.objects.filter(workshop=workshop).values_list("title"),
        workshop=int,
    )

    with pytest.raises(prepared.NotPreparable, match="translated"):
        read.all(workshop=1)


def test_it_compiles_once_per_language_and_settings(compilations):
    """Each compilation is two: with two sets of markers, to tell values from constants."""
    workshop = WorkshopFactory()
    read = prepared.PreparedRead(by_slug, slug=str)
    compilations.clear()  # the factories' own reads

    for _ in range(3):
        read.all(slug=workshop.slug)
    assert len(compilations) == 2
    with translation.override("es"):
        read.all(slug=workshop.slug)
        read.all(slug=workshop.slug)
    assert len(compilations) == 4
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        read.all(slug=workshop.slug)
    assert len(compilations) == 6
    assert len(read._compiled) == 1  # only this generation's SQL is held


def test_the_shape_it_depends_on_makes_another_sql():
    workshop = WorkshopFactory()
    related = [["programme"]]

    def build(slug):
        found = Workshop.objects.filter(slug=slug)
        return found.select_related(*related[0]) if related[0] else found

    read = prepared.PreparedRead(build, shape=lambda: related[0], slug=str)
    with CaptureQueriesContext(connection) as queries:
        read.all(slug=workshop.slug)[0].programme  # noqa: B018
    assert len(queries) == 1
    related[0] = []
    with CaptureQueriesContext(connection) as queries:
        read.all(slug=workshop.slug)[0].programme  # noqa: B018
    assert len(queries) == 2


@pytest.mark.parametrize(
    ("build", "types", "why"),
    [
        (lambda slug: Workshop.objects.filter(title__contains=slug), {"slug": str}, "reach"),
        (lambda slug: Workshop.objects.all(), {"slug": str}, "reach"),
        (
            lambda slug: Workshop.objects.prefetch_related("agenda_items").filter(slug=slug),
            {"slug": str},
            "prefetch",
        ),
        (lambda slug: Workshop.objects.filter(slug=slug, pk__in=[]), {"slug": str}, "empty"),
        (
            lambda slug: Workshop.objects.extra(where=[f"1 = 1 OR '{slug}' = ''"]),  # noqa: S610
            {"slug": str},
            "written into the SQL",
        ),
        (
            lambda pk: Workshop.objects.filter(pk=pk).values("slug"),
            {"pk": int},
            "values_list",
        ),
    ],
)
def test_a_read_whose_sql_a_value_would_change_is_refused(build, types, why):
    read = prepared.PreparedRead(build, **types)

    with pytest.raises(prepared.NotPreparable, match=why):
        read.all(**{name: kind() for name, kind in types.items()})


def test_values_are_named_with_their_types():
    with pytest.raises(prepared.NotPreparable):
        prepared.PreparedRead(by_slug, slug=list)
    read = prepared.PreparedRead(by_slug, slug=str)
    with pytest.raises(TypeError):
        read.all(title="x")


def test_values_are_prepared_as_their_fields_would():
    workshop = WorkshopFactory()
    read = prepared.PreparedRead(lambda pk: Workshop.objects.filter(pk=pk), pk=int)

    assert read.all(pk=str(workshop.pk)) == [workshop]
    with pytest.raises(ValueError):
        read.all(pk="1 OR 1=1")


def test_attached_rows_are_what_prefetch_related_leaves():
    workshop = WorkshopFactory()
    items = AgendaItemFactory.create_batch(3, workshop=workshop)
    other = WorkshopFactory()
    AgendaItemFactory(workshop=other)
    agenda = prepared.PreparedRead(
        lambda workshop: AgendaItem.objects.filter(workshop=workshop), workshop=int
    )
    found = Workshop.objects.get(pk=workshop.pk)

    prepared.attach(found, "agenda_items", agenda.all(workshop=found.pk))

    with CaptureQueriesContext(connection) as queries:
        shown = list(found.agenda_items.all())
        assert {item.pk for item in shown} == {item.pk for item in items}
        assert all(item.workshop is found for item in shown)
        assert found.agenda_items.count() == 3
    assert len(queries) == 0
    # Chained, it is the workshop's own related queryset, as after prefetch_related.
    assert found.agenda_items.filter(pk=items[0].pk).get() == items[0]
    with pytest.raises(prepared.NotPreparable):
        prepared.attach(found, "programme", [])


def test_integer_values_reach_columns_of_every_range():
    """A marker outside a column's range (a negative id for a positive column) would make
    Django answer "empty" without SQL."""
    programme = ProgrammeFactory()
    document = DocumentFactory(programme=programme)
    file = GeneratedFile.objects.create(
        kind="test",
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,  # a PositiveBigIntegerField
        language="en",
    )

    assert generated_file_for(document, "test", "en") == file
    assert generated_file_for(document, "test", "fr") is None


def test_a_constant_equal_to_a_marker_stays_a_constant():
    """The read's own constants are told from its values by compiling it twice."""
    workshop = WorkshopFactory(capacity=150)
    limit = [0]
    read = prepared.PreparedRead(
        lambda pk: Workshop.objects.filter(pk=pk, capacity__lt=limit[0]), pk=int
    )
    limit[0] = read.markers["pk"]  # the very number the value's marker is

    assert read.all(pk=workshop.pk) == [workshop]
