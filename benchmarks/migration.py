"""Migration 0004 (results per comparison) over 1,000,000 stored results.

A temporary SQLite database is filled by `flask demo-data` (1,000,000 results over 365 days,
with their tallies and votes), taken back to revision 0003 (untimed), then migrated to 0004
as `flask db upgrade` would: every result gains its comparison and a JSON `scores` in place
of two score columns, every tally the comparison in its key. The timed part is that upgrade,
the one-off cost of the deploy that brings it. The row counts before and after must agree.

BENCH_MIGRATION_RESULTS changes the size (for a quick try: 20000).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from advisor_web import create_app
from advisor_web.db import alembic_config, upgrade

RESULTS = int(os.environ.get("BENCH_MIGRATION_RESULTS", "1000000"))
DAYS = 365


def counts(url: str) -> tuple[int, int]:
    """How many stored results and tally rows the database holds."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return (connection.execute(text("SELECT COUNT(*) FROM stored_result")).scalar(),
                    connection.execute(text("SELECT COUNT(*) FROM tally")).scalar())
    finally:
        engine.dispose()


def filled_at_0003(directory: Path) -> str:
    url = f"sqlite:///{directory / 'migration.sqlite3'}"
    upgrade(url)
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url})
    outcome = app.test_cli_runner().invoke(
        args=["demo-data", "--results", str(RESULTS), "--days", str(DAYS), "--seed", "4"])
    if outcome.exit_code != 0:
        raise RuntimeError(outcome.output)
    app.extensions["advisor_engine"].dispose()
    command.downgrade(alembic_config(url), "0003")
    return url


def main():
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as folder:
        url = filled_at_0003(Path(folder))
        before = counts(url)
        started = time.perf_counter()
        upgrade(url, "0004")
        seconds = time.perf_counter() - started
        after = counts(url)
    if after != before:
        raise RuntimeError(f"the migration changed the row counts: {before} -> {after}")
    results, tally_rows = after
    return [
        (f"migration 0004 (results per comparison) of {results:,} results and "
         f"{tally_rows:,} tally rows, SQLite (s)", f"{seconds:.1f}", ""),
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
