"""`manage.py backup --dir BACKUP_DIR` (`make backup`): the database and the media files into a
new dated folder (idm_portal/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from idm_portal import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or the SQLite file) and the media files."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default="backups", help="Folder that receives the dated backup folder."
        )

    def handle(self, *args, **options):
        try:
            folder = backups.backup(into=Path(options["dir"]))
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = backups.read_manifest(folder)
        self.stdout.write(
            f"Backed up the {manifest['database']['engine']} database "
            f"{manifest['database']['name']!r} and {manifest['media']['files']} media files "
            f"into {folder}"
        )
