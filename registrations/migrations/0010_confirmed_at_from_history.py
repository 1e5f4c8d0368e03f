"""A registration that already holds a seat gets its confirmation date from the audit history:
the first time it reached a seat status (the date its letter already showed). A row whose
history holds no such record keeps the time of its last change, as the letter did."""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery

SEAT_STATUSES = ("confirmed", "attended", "no_show")


def date_seats_from_history(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    HistoricalRegistration = apps.get_model("registrations", "HistoricalRegistration")
    first_seat = (
        HistoricalRegistration.objects.filter(id=OuterRef("pk"), status__in=SEAT_STATUSES)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    undated = Registration.objects.filter(status__in=SEAT_STATUSES, confirmed_at__isnull=True)
    undated.update(confirmed_at=Subquery(first_seat))
    undated.filter(confirmed_at__isnull=True).update(confirmed_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0009_registration_confirmed_at"),
    ]

    operations = [
        migrations.RunPython(date_seats_from_history, migrations.RunPython.noop),
    ]
