"""Backups of the database and the media files, and their restore (`make backup`, `make restore`).

A backup is a folder named by its UTC time under BACKUP_DIR, written as `<name>.partial` and
renamed when complete (so a half-written backup is never taken for one):

    database.dump      PostgreSQL: pg_dump's custom format (compressed; pg_restore reads it)
    database.sqlite3   SQLite: a consistent copy through SQLite's backup API
    media.tar.gz       every file under MEDIA_ROOT (uploads, generated PDFs)
    manifest.json      when, which database (no password), the files and their SHA-256

A restore writes only to the targets it is given, and says first what they hold:
`restore_database` drops and recreates the named PostgreSQL database (on the server of
DATABASE_URL; PostgreSQL refuses while anything is connected to it: stop the web and the
workers first) or replaces the named SQLite file; `restore_media` empties the named folder and
unpacks the files into it. The files keep their names, which the database's rows point to.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _database() -> dict:
    return settings.DATABASES["default"]


def is_postgres() -> bool:
    return _database()["ENGINE"] == "django.db.backends.postgresql"


def _pg_env() -> dict[str, str]:
    """libpq's variables for the server of DATABASE_URL (the password never on a command line)."""
    db = _database()
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    env["PGCONNECT_TIMEOUT"] = str(settings.DB_CONNECT_TIMEOUT)
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


# --- Backup ---------------------------------------------------------------------------------


def backup(*, into: Path) -> Path:
    """Back up the database and MEDIA_ROOT into a new dated folder under `into`; its path."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    final = into / stamp
    suffix = 1
    while final.exists() or final.with_name(final.name + ".partial").exists():
        suffix += 1
        final = into / f"{stamp}-{suffix}"
    partial = final.with_name(final.name + ".partial")
    partial.mkdir(parents=True)

    db = _database()
    if is_postgres():
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            + ["--file", str(partial / DUMP), str(db["NAME"])]
        )
        database_file = DUMP
    else:
        connection.ensure_connection()
        with sqlite3.connect(partial / SQLITE) as copy:
            connection.connection.backup(copy)
        copy.close()
        database_file = SQLITE

    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    with tarfile.open(partial / MEDIA, "w:gz") as archive:
        for path in files:
            archive.add(path, arcname=path.relative_to(media_root).as_posix())

    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {
            "engine": "postgresql" if is_postgres() else "sqlite",
            "name": str(db["NAME"]) if is_postgres() else Path(str(db["NAME"])).name,
            "file": database_file,
        },
        "media": {"file": MEDIA, "files": len(files)},
        "sha256": {name: _sha256(partial / name) for name in (database_file, MEDIA)},
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    partial.rename(final)
    return final


# --- Restore --------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    """The backup's manifest, after checking its files are whole."""
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    manifest = json.loads(path.read_text())
    for name, digest in manifest["sha256"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != digest:
            raise BackupError(f"{folder / name} is missing or damaged (its SHA-256 differs).")
    return manifest


def describe_database_target(target: str) -> str:
    if is_postgres():
        db = _database()
        server = f"{db.get('HOST') or 'local socket'}:{db.get('PORT') or 5432}"
        return f"PostgreSQL database {target!r} on {server} (dropped and created again)"
    path = Path(target)
    state = f"{path.stat().st_size} bytes now" if path.exists() else "does not exist yet"
    return f"SQLite file {path} (replaced; {state})"


def describe_media_target(target: Path) -> str:
    count = len(media_files(target))
    return f"media folder {target} (emptied, then filled from the backup; {count} files now)"


def restore_database(*, folder: Path, manifest: dict, target: str) -> None:
    engine = manifest["database"]["engine"]
    if engine != ("postgresql" if is_postgres() else "sqlite"):
        raise BackupError(
            f"This backup holds a {engine} database; DATABASE_URL names another kind."
        )
    if is_postgres():
        _recreate_postgres_database(target)
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
            + ["--single-transaction", "--dbname", target, str(folder / DUMP)]
        )
    else:
        with sqlite3.connect(folder / SQLITE) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        source.close()
        copy.close()


def _recreate_postgres_database(name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    db = _database()
    params = {
        key: value
        for key, value in {
            "host": db.get("HOST"),
            "port": db.get("PORT"),
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
        }.items()
        if value
    }
    try:
        admin = psycopg2.connect(
            dbname="postgres", connect_timeout=settings.DB_CONNECT_TIMEOUT, **params
        )
    except psycopg2.Error as error:
        raise BackupError(f"Cannot reach the PostgreSQL server: {error}") from None
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg2.errors.ObjectInUse:
        raise BackupError(
            f"Database {name!r} is in use: stop the web and worker processes using it, then "
            "restore again."
        ) from None
    finally:
        admin.close()


def restore_media(*, folder: Path, target: Path) -> int:
    """Empty `target` and unpack the backup's files into it; how many files it holds after."""
    target = target.resolve()
    if target == Path(target.anchor) or target == Path.home():
        raise BackupError(f"Refusing to empty {target}: name the media folder itself.")
    target.mkdir(parents=True, exist_ok=True)
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        _extract_data(archive, target)
    return len(media_files(target))


def _extract_data(archive: tarfile.TarFile, target: Path) -> None:
    """Unpack only files and folders inside `target`: no absolute paths, no links, no devices.
    Python 3.11.4 and later do this with tarfile's "data" filter (PEP 706); Debian's 3.11.2
    has no filter, so the members are checked here first."""
    if hasattr(tarfile, "data_filter"):
        archive.extractall(target, filter="data")
        return
    members = archive.getmembers()
    for member in members:
        inside = (target / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not inside.is_relative_to(target):
            raise BackupError(f"Refusing to unpack {member.name!r}: not a file inside the folder.")
    archive.extractall(target, members=members)  # noqa: S202 - every member checked above
