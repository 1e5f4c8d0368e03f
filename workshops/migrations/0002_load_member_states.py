"""Load IOM's member and observer states of 2009 from workshops/data/member_states_2009.csv
(its header names the sources)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "member_states_2009.csv"


def load(apps, schema_editor):
    MemberState = apps.get_model("workshops", "MemberState")
    with DATA.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            MemberState.objects.update_or_create(
                country=row["iso2"],
                defaults={
                    "name": row["name"],
                    "status": row["status"],
                    "admission_year": int(row["admission_year"]) if row["admission_year"] else None,
                    "region": row["region"],
                    "dac_category": row["dac_category"],
                    "source": row["source"][:300],
                },
            )


def unload(apps, schema_editor):
    apps.get_model("workshops", "MemberState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
