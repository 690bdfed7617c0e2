"""Backing up and restoring an SQLite database: `flask db backup PATH`, `flask db restore PATH`.

A backup is taken with SQLite's online backup API while the app serves: one step, so it reads
one consistent snapshot (WAL mode lets visitors keep writing meanwhile), written beside PATH
and renamed into place, so PATH is never half a database. PostgreSQL has its own tools,
`pg_dump` and `pg_restore` (README, "Backup and restore").

A restore must not replace a file that a running process has open: the process would go on
writing to the old file, or read the new one through the old one's write-ahead log. So every
process holds a shared lock on `<database>.in-use` while it has a connection open to the
database (`InUseLock`, hooked to the engine's pool in `init_app`), and a restore takes that
lock exclusively, without waiting, and refuses when it cannot.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.engine import make_url

from .. import db

PG_DUMP_HINT = (
    "use PostgreSQL's own tools: pg_dump --format=custom --file=PATH \"$DATABASE_URL\" to back "
    "up, pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" PATH to restore (README, "
    "\"Backup and restore\"); psql and pg_dump take postgresql://, without +psycopg"
)
STOP_HINT = (
    "stop every process that uses it first: the app (e.g. `systemctl stop advisor`, or "
    "`kill -TERM <pid>` to gunicorn's master process), `flask run`, and any running `flask` "
    "command such as a purge; then run the restore again"
)


class RestoreRefused(click.ClickException):
    """A restore that cannot go ahead; nothing was replaced."""


def sqlite_file(url: str) -> Path | None:
    """The database file of an SQLite URL; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).resolve()


# -- The in-use lock -------------------------------------------------------------------------


class InUseLock:
    """While this process has a connection open to the SQLite file, it holds a shared `flock`
    on `<file>.in-use`; it lets go when its last connection closes (an app's pooled
    connections stay open while it serves). `flask db restore` takes the lock exclusively."""

    def __init__(self, database: Path):
        self.path = Path(f"{database}.in-use")
        self.guard = threading.Lock()
        self.connections = 0
        self.descriptor: int | None = None
        self.pid = os.getpid()

    def connected(self, *_args) -> None:
        with self.guard:
            if self.pid != os.getpid():  # a forked child: the parent's count is not ours
                self.pid, self.connections, self.descriptor = os.getpid(), 0, None
            if self.descriptor is None:
                descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                # Waits only while a restore swaps the file (milliseconds), then opens the new one.
                fcntl.flock(descriptor, fcntl.LOCK_SH)
                self.descriptor = descriptor
            self.connections += 1

    def closed(self, *_args) -> None:
        with self.guard:
            if self.pid != os.getpid() or self.descriptor is None:
                return
            self.connections -= 1
            if self.connections == 0:
                os.close(self.descriptor)  # closing it releases the lock
                self.descriptor = None


class Exclusive:
    """The in-use lock taken exclusively, for a restore: refused at once when any process
    holds it."""

    def __init__(self, database: Path):
        self.path = Path(f"{database}.in-use")
        self.descriptor: int | None = None

    def __enter__(self) -> Exclusive:
        self.descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.descriptor)
            raise RestoreRefused(f"the database {self.path.with_suffix('')} is in use: "
                                 f"{STOP_HINT}") from None
        return self

    def __exit__(self, *_exc) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)


# -- Backup ----------------------------------------------------------------------------------


def backup(database: Path, target: Path) -> None:
    """Write a consistent copy of the live database `database` to `target`, atomically."""
    if not database.is_file():
        raise click.ClickException(f"there is no database at {database} to back up")
    if target.is_dir():
        raise click.ClickException(f"{target} is a folder: give the backup's file name")
    if target.resolve() in {database, Path(f"{database}-wal"), Path(f"{database}-shm")}:
        raise click.ClickException(f"{target} is the live database itself: choose another path")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=current_app.config["SQLITE_BUSY_TIMEOUT"])
    copy = sqlite3.connect(partial)
    try:
        # pages=-1: all pages in one step, one read transaction, so one consistent snapshot
        # (copying a step at a time restarts whenever a visitor writes meanwhile).
        source.backup(copy, pages=-1)
        # The copy is one self-contained file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise click.ClickException(f"the copy failed its integrity check: {check}")
    except BaseException:
        copy.close()
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    copy.close()
    _fsync(partial)
    os.replace(partial, target)
    _fsync(target.parent)


# -- Restore ---------------------------------------------------------------------------------


def describe(path: Path, name: Path | None = None) -> tuple[str | None, int]:
    """A database file's schema revision and number of stored results; refuses a file that is
    not a sound database of this app (naming it `name`: the file it was copied from)."""
    name = name or path
    if not path.is_file():
        raise RestoreRefused(f"there is no database file at {path}")
    try:
        connection = sqlite3.connect(path)
        try:
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise RestoreRefused(f"{name} failed SQLite's integrity check: {check}")
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "stored_result"} <= tables:
                raise RestoreRefused(f"{name} is an SQLite database, but not one of this app "
                                     "(no alembic_version or stored_result table)")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            results = connection.execute("SELECT count(*) FROM stored_result").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise RestoreRefused(f"{name} is not a readable SQLite database ({error})") from None
    return (revision[0] if revision else None), results


def restore(backup_file: Path, database: Path, confirm) -> Path | None:
    """Replace `database` by a copy of `backup_file`, atomically, once the copy proves sound,
    its schema revision is the code's, no process has the database open, and `confirm(text)`
    says yes. Returns where the replaced file was kept (None when there was none)."""
    if not backup_file.is_file():
        raise RestoreRefused(f"there is no backup file at {backup_file}")
    if backup_file.resolve() == database:
        raise RestoreRefused(f"{backup_file} is the database itself")
    database.parent.mkdir(parents=True, exist_ok=True)
    incoming = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(backup_file, incoming)  # checked and swapped in whole, never piecemeal
    try:
        revision, results = describe(incoming, name=backup_file)
        head = db.schema_head()
        if revision != head:
            raise RestoreRefused(
                f"{backup_file} has schema revision {revision}, this code expects {head}: "
                "restore it with the version of the app that made it, or migrate a copy first "
                "(DATABASE_URL=sqlite:///copy.sqlite3 flask --app advisor_web db upgrade) and "
                "restore the copy")
        with Exclusive(database):
            pass  # refuse before asking, when the app still serves
        present = f" (now holding {describe(database)[1]:,} stored results)" \
            if database.exists() else ""
        if not confirm(f"Replace the database {database}{present} with {backup_file} "
                       f"({results:,} stored results)?"):
            raise RestoreRefused("restore cancelled; nothing was replaced")
        with Exclusive(database):
            kept = _set_aside(database)
            os.replace(incoming, database)
            for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
                leftover.unlink(missing_ok=True)
            _fsync(database.parent)
        return kept
    finally:
        incoming.unlink(missing_ok=True)


def _set_aside(database: Path) -> Path | None:
    """Keep the database about to be replaced as `<name>.before-restore-<time>`, with its
    write-ahead log folded in first (no process has it open: the caller holds the lock)."""
    if not database.exists():
        return None
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    kept = database.with_name(f"{database.name}.before-restore-{stamp}")
    try:
        os.link(database, kept)  # a second name for the same file: instant, no copy
    except OSError:  # a file system without hard links
        shutil.copy2(database, kept)
    return kept


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# -- Commands --------------------------------------------------------------------------------


def _database_file() -> Path | None:
    return sqlite_file(current_app.config["DATABASE_URL"])


@db.db_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent copy of the live SQLite database to PATH (safe while the app
    serves). For PostgreSQL, use pg_dump."""
    database = _database_file()
    if database is None:
        raise click.ClickException(f"flask db backup copies SQLite database files; {PG_DUMP_HINT}")
    backup(database, path)
    revision, results = describe(path)
    click.echo(f"backed up {results:,} stored results (schema {revision}) from {database} to "
               f"{path}")


@db.db_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database by the backup at PATH. Refused while the app (or any
    process) uses the database, and when the backup's schema is not this code's."""
    database = _database_file()
    if database is None:
        raise click.ClickException(f"flask db restore replaces SQLite database files; "
                                   f"{PG_DUMP_HINT}")
    kept = restore(path, database, confirm=lambda text: yes or click.confirm(text))
    click.echo(f"restored {path} into {database}")
    if kept:
        click.echo(f"the replaced database is kept as {kept}")


def init_app(app: Flask) -> None:
    """Hold the in-use lock while the app's engine has a connection open to an SQLite file."""
    database = sqlite_file(app.config["DATABASE_URL"])
    if database is None:
        return
    lock = InUseLock(database)
    engine = app.extensions["advisor_engine"]
    event.listen(engine, "connect", lock.connected)
    event.listen(engine, "close", lock.closed)
    event.listen(engine, "close_detached", lock.closed)
