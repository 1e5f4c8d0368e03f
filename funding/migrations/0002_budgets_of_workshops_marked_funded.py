"""Workshops' hand-set "funded" badge gives way to the figures (workshops 0010 drops the
field). A workshop staff had marked funded keeps its badge: it gets an empty budget (nothing
left to fund) until staff enter its lines. The others have no budget: subject to funding."""

from django.db import migrations

NOTE = "Marked funded by hand before budgets were kept in the portal: enter its lines."


def budgets_for_funded_workshops(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Budget = apps.get_model("funding", "Budget")
    for workshop in Workshop.objects.filter(funding_status="funded", budget__isnull=True):
        Budget.objects.create(workshop=workshop, notes=NOTE)


def funded_marks_from_budgets(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Budget = apps.get_model("funding", "Budget")
    marked = Budget.objects.filter(notes=NOTE, lines__isnull=True)
    Workshop.objects.filter(budget__in=marked).update(funding_status="funded")
    marked.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("workshops", "0009_translation_waiver"),
    ]
    # The hand-set field must still be there to be read.
    run_before = [("workshops", "0010_remove_workshop_funding_status")]

    operations = [migrations.RunPython(budgets_for_funded_workshops, funded_marks_from_budgets)]
