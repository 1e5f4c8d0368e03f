"""`make backup` / `make restore`: a round trip on the real services finds the data and the
files back; a restore refuses without an explicit target, and says what it would overwrite.

PostgreSQL: the backup is of this run's test database (its rows committed); the restores go
to a scratch database named after the configured one (`<name>_restore_<pid>`, e.g.
idm_ops_restore_1234), dropped at the end, never another's. SQLite: the backup copies the test
database through SQLite's backup API and restores into a file."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from idm_portal import backups
from idm_portal.models import User
from tests.idm_portal.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
POSTGRES = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
EMAIL = "kept.through.a.restore@example.org"


def make_media_file(media_root: Path) -> Path:
    path = media_root / "notes_verbales" / "2009" / "note-verbale-kenya.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7 a note verbale\n")
    return path


def one_backup(folder: Path) -> Path:
    [made] = [p for p in folder.iterdir() if p.is_dir()]
    return made


def wipe_media(media_root: Path) -> None:
    shutil.rmtree(media_root)
    media_root.mkdir()


# --- PostgreSQL ----------------------------------------------------------------------------


def scratch_name() -> str:
    """`<configured name>_restore_<pid>`: the test database is `test_<configured name>`."""
    configured = connection.settings_dict["NAME"].removeprefix("test_")
    return f"{configured}_restore_{os.getpid()}"


def connect(database: str):
    import psycopg2

    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=database,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )


def run_in(database: str, statement: str) -> list[tuple]:
    link = connect(database)
    link.autocommit = True
    try:
        with link.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall() if cursor.description else []
    finally:
        link.close()


def emails_in(database: str) -> list[str]:
    return [row[0] for row in run_in(database, "SELECT email FROM idm_portal_user")]


def tables_in(database: str) -> list[str]:
    return [row[0] for row in run_in(database, "SELECT tablename FROM pg_tables")]


@pytest.fixture
def scratch_database():
    name = scratch_name()
    assert name.endswith(f"_restore_{os.getpid()}")
    yield name
    run_in("postgres", f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump (postgresql-client)")
def test_postgres_round_trip_brings_the_data_and_the_files_back(
    tmp_path, settings, scratch_database
):
    media_root = Path(settings.MEDIA_ROOT)
    UserFactory(email=EMAIL)
    media_file = make_media_file(media_root)
    backup_dir = tmp_path / "backups"

    call_command("backup", "--dir", str(backup_dir))
    folder = one_backup(backup_dir)
    assert sorted(p.name for p in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]

    # Wiped: the row and the file gone from where they were.
    User.objects.filter(email=EMAIL).delete()
    wipe_media(media_root)

    call_command(
        "restore",
        str(folder),
        "--database",
        scratch_database,
        "--media",
        str(media_root),
    )
    assert EMAIL in emails_in(scratch_database)
    assert media_file.read_bytes() == b"%PDF-1.7 a note verbale\n"

    # Restoring over a database that changed since replaces it whole.
    run_in(scratch_database, "CREATE TABLE written_after_the_backup (id int)")
    call_command("restore", str(folder), "--database", scratch_database)
    assert EMAIL in emails_in(scratch_database)
    assert "written_after_the_backup" not in tables_in(scratch_database)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump (postgresql-client)")
def test_a_database_in_use_is_not_dropped(tmp_path, scratch_database):
    call_command("backup", "--dir", str(tmp_path / "backups"))
    folder = one_backup(tmp_path / "backups")
    call_command("restore", str(folder), "--database", scratch_database)
    in_use = connect(scratch_database)  # as a web process would be
    try:
        with pytest.raises(CommandError, match="is in use: stop the web and worker processes"):
            call_command("restore", str(folder), "--database", scratch_database)
    finally:
        in_use.close()
    assert "idm_portal_user" in tables_in(scratch_database)


# --- Refusals (any database) ---------------------------------------------------------------


@pytest.mark.django_db
def test_restore_without_a_target_refuses_and_says_what_it_would_overwrite(tmp_path, settings):
    make_media_file(Path(settings.MEDIA_ROOT))
    call_command("backup", "--dir", str(tmp_path / "backups"))

    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(one_backup(tmp_path / "backups")))
    message = str(refusal.value)
    assert "Refusing to restore without an explicit target" in message
    assert f"TARGET_MEDIA={settings.MEDIA_ROOT}" in message
    assert "1 files now" in message
    assert Path(settings.MEDIA_ROOT, "notes_verbales/2009/note-verbale-kenya.pdf").exists()


@pytest.mark.django_db
def test_a_damaged_backup_is_refused_before_anything_is_overwritten(tmp_path, settings):
    media_file = make_media_file(Path(settings.MEDIA_ROOT))
    call_command("backup", "--dir", str(tmp_path / "backups"))
    folder = one_backup(tmp_path / "backups")
    with (folder / "media.tar.gz").open("ab") as archive:
        archive.write(b"garbage")

    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", str(folder), "--media", str(settings.MEDIA_ROOT))
    assert media_file.exists()


def test_make_restore_without_a_target_refuses(tmp_path):
    """Through make, as an operator types it (the embedded default: SQLite)."""
    if not shutil.which("make"):
        pytest.skip("needs make")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed-stamp", "restore"]
        + [f"FROM={tmp_path}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refusing to restore without an explicit target" in result.stderr


# --- SQLite ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(POSTGRES, reason="the SQLite backup: run without DATABASE_URL")
def test_sqlite_round_trip_brings_the_data_and_the_files_back(tmp_path, settings):
    media_root = Path(settings.MEDIA_ROOT)
    UserFactory(email=EMAIL)
    media_file = make_media_file(media_root)

    call_command("backup", "--dir", str(tmp_path / "backups"))
    folder = one_backup(tmp_path / "backups")
    assert (folder / "database.sqlite3").is_file()
    User.objects.filter(email=EMAIL).delete()
    wipe_media(media_root)

    target = tmp_path / "restored.sqlite3"
    call_command("restore", str(folder), "--database", str(target), "--media", str(media_root))

    with sqlite3.connect(target) as restored:
        emails = [row[0] for row in restored.execute("SELECT email FROM idm_portal_user")]
    restored.close()
    assert EMAIL in emails
    assert media_file.read_bytes() == b"%PDF-1.7 a note verbale\n"


def test_the_backup_folder_is_complete_or_absent(tmp_path, settings, monkeypatch, db):
    """A backup that fails half-way leaves a `.partial` folder, never one that looks whole."""

    def broken(*args, **kwargs):
        raise backups.BackupError("the disk is full")

    monkeypatch.setattr(backups.tarfile, "open", broken)
    with pytest.raises(backups.BackupError):
        backups.backup(into=tmp_path)
    assert [p.name.endswith(".partial") for p in tmp_path.iterdir()] == [True]


@pytest.mark.parametrize("python", ["with tarfile's data filter", "Debian's 3.11.2, without it"])
@pytest.mark.parametrize("member", ["../outside.txt", "link"])
def test_a_media_archive_that_reaches_out_of_the_folder_is_refused(
    tmp_path, monkeypatch, python, member
):
    """Unpacking a backup never writes outside the media folder nor makes a link, on every
    Python 3.11 (the data filter came in 3.11.4)."""
    import io
    import tarfile

    if python.startswith("Debian"):
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    folder, target = tmp_path / "backup", tmp_path / "media" / "inner"
    folder.mkdir()
    with tarfile.open(folder / backups.MEDIA, "w:gz") as archive:
        info = tarfile.TarInfo(member)
        if member == "link":
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            archive.addfile(info)
        else:
            info.size = 5
            archive.addfile(info, io.BytesIO(b"owned"))
    with pytest.raises((backups.BackupError, tarfile.TarError)):
        backups.restore_media(folder=folder, target=target)
    assert not (tmp_path / "media" / "outside.txt").exists()
    assert not (target / "link").exists() and not (target / "link").is_symlink()
