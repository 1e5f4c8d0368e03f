from datetime import timedelta

from django.core.management.base import BaseCommand

from idm_portal.files import services


class Command(BaseCommand):
    help = (
        "Re-enqueue generated files (PDFs) left pending, or running under an expired lease (their "
        "worker died). Celery beat runs the same sweep every GENERATED_FILE_SWEEP_SECONDS; run "
        "this by hand after a broker outage."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="Only rows pending for at least this many seconds (default 60; 0 for all).",
        )

    def handle(self, *args, **options):
        sent = services.sweep(pending_after=timedelta(seconds=options["older_than"]))
        self.stdout.write(self.style.SUCCESS(f"{sent} generated file(s) sent to the workers."))
