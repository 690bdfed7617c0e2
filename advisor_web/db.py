"""The database: one engine per app, one session per request, and `flask db upgrade`."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from flask.cli import AppGroup
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, busy_timeout: int = 15, connect_timeout: int = 3,
                statement_timeout: int = 0) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and writers that lock up front;
    PostgreSQL a connect timeout and, when `statement_timeout` is not 0, a statement timeout
    (seconds both)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        connect_args = {"connect_timeout": connect_timeout}
        if statement_timeout:
            connect_args["options"] = f"-c statement_timeout={statement_timeout * 1000}"
        return create_engine(url, pool_pre_ping=True, hide_parameters=True,
                             pool_timeout=connect_timeout, connect_args=connect_args)
    # hide_parameters: a failed statement must not write a visitor's answers to the log.
    engine = create_engine(url, connect_args={"timeout": busy_timeout}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event, not pysqlite, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    writers = WritersQueue(parsed.database, busy_timeout)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A writer takes the lock when its transaction starts, so concurrent writers wait
        # for each other (busy timeout) instead of failing on a read-to-write upgrade.
        if connection.get_execution_options().get("immediate"):
            writers.enter(connection.connection._connection_record)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        writers.leave(record)  # after the commit or rollback

    return engine


class WritersQueue:
    """Writers to one SQLite file queue on an OS file lock before BEGIN IMMEDIATE, across
    threads and processes, and leave when their connection returns to the pool (after the
    commit or rollback).

    Why: SQLite's own busy handler retries with sleeps of 1 ms and more, so two gunicorn
    workers that write at once leave the CPU idle; polling a file lock every 0.2 ms lets the
    next writer in as soon as the last one is done (`make bench`: quiz runs/s +28%, p99
    -37%). Written here rather than with the filelock package, whose acquire-and-release
    costs 84 µs against 3 µs for flock itself. Past the busy timeout a writer fails as on a
    locked database (a 503).
    """

    POLL_SECONDS = 0.0002

    def __init__(self, database: str | None, timeout: float):
        usable = database and database != ":memory:" and not database.startswith("file:")
        self.path = f"{database}.writers" if usable else None
        self.timeout = timeout
        self.held: dict[int, int] = {}  # pool record -> the descriptor holding the lock

    def enter(self, record) -> None:
        if self.path is None or id(record) in self.held:
            return
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(descriptor)
                    raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError(
                        "database is locked")) from None
                time.sleep(self.POLL_SECONDS)
        self.held[id(record)] = descriptor

    def leave(self, record) -> None:
        descriptor = self.held.pop(id(record), None)
        if descriptor is not None:
            os.close(descriptor)  # closing it releases the lock


def begin_write(session: Session) -> None:
    """Start `session`'s transaction as a writer (BEGIN IMMEDIATE on SQLite).

    Call it before the first statement of a transaction that will write.
    """
    session.connection(execution_options={"immediate": True})


@contextmanager
def writing() -> Iterator[Connection]:
    """A short write transaction on a connection of its own, committed on leaving the block
    (BEGIN IMMEDIATE on SQLite). For writes that need no ORM objects, such as tallies."""
    with engine().connect() as connection:
        with connection.execution_options(immediate=True).begin():
            yield connection


def insert_for(dialect: str):
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL alike)."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT"],
                         app.config["DATABASE_CONNECT_TIMEOUT"],
                         app.config["DATABASE_STATEMENT_TIMEOUT"])
    app.extensions["advisor_engine"] = engine
    app.extensions["advisor_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)
    app.cli.add_command(db_cli)


def engine() -> Engine:
    return current_app.extensions["advisor_engine"]


def get_session() -> Session:
    """This request's session, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = new_session()
    return g.db_session


def new_session() -> Session:
    """A session of its own, for work that outlives the request's (a streamed response);
    the caller closes it, e.g. `with db.new_session() as session: ...`."""
    return current_app.extensions["advisor_sessions"]()


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation would read a '%' in a password as a placeholder.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create or migrate the database at `url`; running it again changes nothing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


db_cli = AppGroup("db", help="Manage the database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade_command(revision: str) -> None:
    """Create the database or migrate it to the latest schema (idempotent)."""
    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {make_url(current_app.config['DATABASE_URL'])!r} is up to date")
