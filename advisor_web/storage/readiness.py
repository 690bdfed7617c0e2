"""Is this process fit to serve? The database answers, within a bound, with the latest schema.

`/readyz` asks `check()`. It answers within READY_WITHIN seconds whatever the database does:
the check runs in a thread of its own and a slow one is reported as not ready (at most one
check waits at a time, so a stuck server cannot pile threads up). It is not ready when:

- the database does not answer (or not in time);
- its schema is not the latest migration (`alembic_version` against the scripts' head), or
  it has no tables at all: a fresh or replaced file, a database never upgraded;
- the SQLite file the pool has open was deleted or replaced since (a restore, a lost volume):
  pooled connections would go on reading the unlinked file while a new one has taken its
  place. The pool is then dropped, so the next requests open whatever is there now.

Why a probe and a 503 rather than a refusal at start: the file can vanish or be replaced
while the app runs, and `flask db upgrade` may legitimately run after the processes start.
Pages that need a missing table answer 503 (see `init_app`), and the probe takes the process
out of the load balancer until the schema is right.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask, current_app
from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from .. import db

log = logging.getLogger(__name__)

READY_WITHIN = 4.0  # seconds; probes commonly give up at 5


class NotReady(Exception):
    """Why the process should not receive traffic; the message is one short line."""




def check(app: Flask) -> None:
    """Raise NotReady unless the database answers with the latest schema within the bound."""
    state = app.extensions["advisor_readiness"]
    if not state["lock"].acquire(blocking=False):
        raise NotReady("an earlier readiness check is still waiting for the database")
    outcome: list[BaseException | None] = []

    def run():
        try:
            _check_database(app.extensions["advisor_engine"], state)
            outcome.append(None)
        except BaseException as error:  # reported to the probe below
            outcome.append(error)
        finally:
            state["lock"].release()

    worker = threading.Thread(target=run, name="readiness-check", daemon=True)
    worker.start()
    worker.join(READY_WITHIN)
    if not outcome:
        raise NotReady(f"the database did not answer within {READY_WITHIN:g} s")
    if isinstance(outcome[0], NotReady):
        raise outcome[0]
    if outcome[0] is not None:
        raise NotReady(f"the database is unavailable ({type(outcome[0]).__name__})")


def _check_database(engine: Engine, state: dict) -> None:
    path = state["sqlite_path"]
    if path is not None:
        try:
            now = os.stat(path).st_ino
        except FileNotFoundError:
            engine.dispose()
            raise NotReady("the SQLite database file is missing") from None
        if state["inode"] is not None and now != state["inode"]:
            log.error("the SQLite database file was replaced while the app ran")
            engine.dispose()  # pooled connections still read the old, unlinked file
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL statement_timeout = '3s'"))
        if not inspect(connection).has_table("alembic_version"):
            raise NotReady("the database has no schema: run `flask db upgrade`")
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current is None:
        raise NotReady("the database has no schema: run `flask db upgrade`")
    if current != db.schema_head():
        raise NotReady(f"the database schema is at {current}, not {db.schema_head()}: "
                       "run `flask db upgrade`")


def _is_missing_table(error: ProgrammingError) -> bool:
    return type(error.orig).__name__ == "UndefinedTable"


def init_app(app: Flask) -> None:
    engine = app.extensions["advisor_engine"]
    url = make_url(app.config["DATABASE_URL"])
    usable = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    state = {"lock": threading.Lock(), "inode": None,
             "sqlite_path": url.database if usable else None}
    app.extensions["advisor_readiness"] = state

    if state["sqlite_path"]:
        @event.listens_for(engine, "connect")
        def _note_the_file(_dbapi_connection, _record):
            # The file each new connection opened: readiness compares it with the path's.
            try:
                state["inode"] = os.stat(state["sqlite_path"]).st_ino
            except FileNotFoundError:
                state["inode"] = None

    @app.errorhandler(ProgrammingError)
    def schema_missing(error: ProgrammingError):
        """PostgreSQL without the app's tables: a 503 like any unusable database (SQLite
        says "no such table" as an OperationalError, which errors.py already turns into one)."""
        from ..errors import render_error

        if not _is_missing_table(error):
            raise error
        log.error("a table is missing: the database needs `flask db upgrade`")
        return render_error(503)


def readiness_problem() -> str | None:
    """For the probe: None when ready, else why not."""
    try:
        check(current_app._get_current_object())
    except NotReady as reason:
        return str(reason)
    return None
