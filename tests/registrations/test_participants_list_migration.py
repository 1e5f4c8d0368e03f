"""The publishing flag moves from the workshop to registrations' ParticipantsList: a list that
was public before the migration is public after it, and only that one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("workshops", "0005_text_length_limits"),
    ("registrations", "0007_head_of_delegation_is_a_role"),
]
AFTER = [
    ("workshops", "0006_remove_workshop_participants_list_published"),
    ("registrations", "0008_participants_list"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_published_list_stays_published_across_the_migration():
    old = migrate(BEFORE)
    Programme = old.get_model("workshops", "Programme")
    Workshop = old.get_model("workshops", "Workshop")
    programme = Programme.objects.create(year=2009, theme="Human Rights and Migration")
    dates = {"start_date": "2009-03-25", "end_date": "2009-03-26"}
    Workshop.objects.create(
        programme=programme,
        title="Public",
        slug="public",
        participants_list_published=True,
        **dates,
    )
    Workshop.objects.create(programme=programme, title="Private", slug="private", **dates)

    try:
        new = migrate(AFTER)
        ParticipantsList = new.get_model("registrations", "ParticipantsList")
        published = ParticipantsList.objects.filter(is_published=True)
        assert list(published.values_list("workshop__slug", flat=True)) == ["public"]
        assert ParticipantsList.objects.count() == 1
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
