"""Migration 0005 creates the outbox's tables exactly as the models declare them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from advisor_web.storage.models import Base
from advisor_web.storage.outbox import OutboxMessage, StoppedWebhook

TABLES = {OutboxMessage.__tablename__, StoppedWebhook.__tablename__}


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
