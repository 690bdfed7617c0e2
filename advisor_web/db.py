"""The database: one engine per app, one session per request, the transactions, and
`flask db upgrade`. SQLite's own tuning lives in `storage/sqlite.py`, the tables and
queries in `storage/`."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app, g
from flask.cli import AppGroup
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from .storage import sqlite

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
    sqlite.configure(engine, parsed.database, busy_timeout)
    return engine


def begin_write(session: Session) -> None:
    """Start `session`'s transaction as a writer (BEGIN IMMEDIATE on SQLite).

    Call it before the first statement of a transaction that will write.
    """
    session.connection(execution_options={"immediate": True})


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """A write transaction on `session`: ends whatever read it had open (SQLite takes its
    writer lock when a transaction begins, not midway), begins as a writer, commits on
    leaving the block and rolls back on an error. The one place that commits."""
    if session.in_transaction():
        session.commit()
    begin_write(session)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


@contextmanager
def writing(engine: Engine, lock_timeout: float | None = None) -> Iterator[Connection]:
    """A short write transaction on a connection of its own from `engine`, committed on
    leaving the block (BEGIN IMMEDIATE on SQLite). For writes that need no ORM objects, such
    as tallies. `lock_timeout` (seconds): give up sooner than the busy timeout when the lock
    is held."""
    options = {"immediate": True}
    if lock_timeout is not None:
        options["lock_timeout"] = lock_timeout
    with engine.connect() as connection:
        with connection.execution_options(**options).begin():
            if lock_timeout is not None and connection.dialect.name == "postgresql":
                # PostgreSQL waits on row locks instead (SQLite's queue reads the option).
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(lock_timeout * 1000)}")
            yield connection


def pool_size(engine: Engine) -> int:
    """How many connections the engine's pool keeps (0 for a pool without a fixed size)."""
    size = getattr(engine.pool, "size", None)
    return size() if callable(size) else 0


def watch_pool(engine: Engine, checked_out: Callable[[], None],
               checked_in: Callable[[], None]) -> None:
    """Call `checked_out` each time a connection leaves the pool, `checked_in` when it
    returns (the metrics' gauge of connections in use)."""
    event.listen(engine, "checkout", lambda *_: checked_out())
    event.listen(engine, "checkin", lambda *_: checked_in())


def insert_for(dialect: str):
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL alike)."""
    return postgresql.insert if dialect == "postgresql" else sqlite_dialect.insert


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT"],
                         app.config["DATABASE_CONNECT_TIMEOUT"],
                         app.config["DATABASE_STATEMENT_TIMEOUT"])
    app.extensions["advisor_engine"] = engine
    app.extensions["advisor_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)
    app.cli.add_command(db_cli)
    from .storage import backup, funnel_counts  # imported here: they build on this module

    funnel_counts.hold_for(engine, app.config["FUNNEL_WRITE_SECONDS"])
    backup.init_app(app)  # `flask db backup|restore`, and the in-use lock a restore relies on


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


@functools.cache
def schema_head() -> str:
    """The newest migration's revision id, read from the scripts once per process: the one
    revision no other revises. Read as text rather than through Alembic, which a worker
    would otherwise load just for /readyz (a test pins that Alembic finds the same head)."""
    revisions, revised = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revisions.add(re.search(r'^revision = "([^"]+)"$', text, re.M).group(1))
        revised.update(re.findall(r'^down_revision = "([^"]+)"$', text, re.M))
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have one head, not {sorted(heads)}")
    return heads.pop()


def alembic_config(url: str):
    """Alembic's settings for `url`. Alembic is loaded here, by the commands and tests that
    migrate, not by every worker (11 MB of a worker's 80 MB budget in `make bench`)."""
    from alembic.config import Config as AlembicConfig

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
    from alembic import command

    command.upgrade(alembic_config(url), revision)


db_cli = AppGroup("db", help="Manage the database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade_command(revision: str) -> None:
    """Create the database or migrate it to the latest schema (idempotent)."""
    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {make_url(current_app.config['DATABASE_URL'])!r} is up to date")
