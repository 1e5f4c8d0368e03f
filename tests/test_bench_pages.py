"""The public pages benchmark's own machinery (bench/pages.py), without gunicorn: it refuses a
database not its own, finds every public page of the demo's shape, and measures each one in
process rendered and kept (the kept one without a query). No timing is asserted here."""

import pytest

from bench import pages as bench
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory


def test_bench_defaults_and_refuses_to_drop_a_database_not_its_own(capsys):
    args = bench.parse_args([])
    assert (args.requests, args.concurrency, args.keep) == (1000, 8, False)
    assert args.database_url.endswith("/idm_bench_pages")
    assert args.redis_url.endswith("/12")
    with pytest.raises(SystemExit):
        bench.parse_args(["--database-url", "postgres://postgres@127.0.0.1:5432/idm"])
    assert "must name a PostgreSQL database" in capsys.readouterr().err


@pytest.mark.django_db
def test_bench_measures_every_public_page_rendered_and_kept(settings):
    settings.ALLOWED_HOSTS = [bench.HOST]
    programme = ProgrammeFactory(year=bench.YEAR)
    WorkshopFactory(programme=programme, slug=bench.WORKSHOP)
    DocumentFactory(programme=programme, symbol="IC/2009/1")

    pages = bench.public_pages()
    assert pages == {
        "home (en)": "/en/",
        "home (fr)": "/fr/",
        "programme": "/en/programme/2009/",
        "workshop": f"/en/workshops/{bench.WORKSHOP}/",
        "document": "/en/documents/IC/2009/1/en/",
        "funding summary": "/en/funding/2009/",
    }
    figures = bench.in_process(pages, repeat=2)

    assert figures.keys() == pages.keys()
    for name, (_ms, _cpu, queries, _kept_ms, _kept_cpu, kept_queries) in figures.items():
        assert queries > 0, name  # rendered: the kept page was made stale
        assert kept_queries == 0, name
