"""`manage.py restore FOLDER --database NAME --media DIR` (`make restore`): a backup made by
`manage.py backup` back into the targets named, and only those (idm_portal/backups.py).

Without a target it refuses, and says what each target would overwrite."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from idm_portal import backups


class Command(BaseCommand):
    help = "Restore a backup folder into the database and/or media folder named explicitly."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="", help="A folder made by backup.")
        parser.add_argument(
            "--database",
            default="",
            help="PostgreSQL: the database to drop and create again from the backup, on the "
            "server of DATABASE_URL. SQLite: the file to replace.",
        )
        parser.add_argument(
            "--media", default="", help="The folder to empty and fill with the backup's files."
        )

    def handle(self, *args, **options):
        folder, database, media = options["folder"], options["database"], options["media"]
        current_database = str(settings.DATABASES["default"]["NAME"])
        if not folder:
            raise CommandError(
                "Name the backup folder: make restore FROM=backups/<date> TARGET_DB=... "
                "TARGET_MEDIA=..."
            )
        if not database and not media:
            raise CommandError(
                "Refusing to restore without an explicit target. Name what to overwrite:\n"
                f"  TARGET_DB={current_database} would overwrite the "
                f"{backups.describe_database_target(current_database)}\n"
                f"  TARGET_MEDIA={settings.MEDIA_ROOT} would overwrite the "
                f"{backups.describe_media_target(Path(settings.MEDIA_ROOT))}\n"
                "(or other names: a scratch database, another folder)."
            )
        try:
            manifest = backups.read_manifest(Path(folder))
            self.stdout.write(f"Restoring {folder} (made {manifest['created']}):")
            if database:
                self.stdout.write(f"  overwrites the {backups.describe_database_target(database)}")
            if media:
                self.stdout.write(f"  overwrites the {backups.describe_media_target(Path(media))}")
            if database:
                backups.restore_database(folder=Path(folder), manifest=manifest, target=database)
                self.stdout.write(f"Database {database!r} restored.")
            if media:
                count = backups.restore_media(folder=Path(folder), target=Path(media))
                self.stdout.write(f"Media folder {media} restored: {count} files.")
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
