"""Migration 0005 creates the outbox's tables exactly as the models declare them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from advisor_web.storage.models import Base
from advisor_web.storage.outbox import OutboxMessage, StoppedWebhook

TABLES = {OutboxMessage.__tablename__, StoppedWebhook.__tablename__}


# Reflecting the database reads every table's indexes, and SQLAlchemy cannot reflect SQLite's
# expression index on tallies (models.TALLY_BY_COMPARISON): not a table compared here.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index ix_tally_by_comparison")
def test_the_migrated_outbox_tables_match_the_models(database_url):
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": lambda _object, name, kind, *_:
                                  kind != "table" or name in TABLES})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
