"""The public id is the stored result's primary key; the sequential id is gone.

A sequential id told the order of completions within a day (and how many there were); the
public id is random, unique already, and the only id the app ever looks a result up by.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _stored_result(*, with_id: bool) -> sa.Table:
    """The table as it stands before the change (for SQLite's copy-and-move)."""
    columns = [sa.Column("public_id", sa.String(32), nullable=False)]
    if with_id:
        columns.insert(0, sa.Column("id", sa.Integer, primary_key=True))
    else:
        columns.append(sa.PrimaryKeyConstraint("public_id", name="pk_stored_result"))
    return sa.Table(
        "stored_result", sa.MetaData(),
        *columns,
        sa.Column("quiz_version", sa.String(32), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("node_score", sa.Float, nullable=False),
        sa.Column("python_score", sa.Float, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("created_on", sa.Date, nullable=False),
        sa.Index("ix_stored_result_created_on", "created_on"),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot change a primary key in place: the table is copied into a new one
        # (rows and the created_on index kept), without the id and its now redundant
        # UNIQUE on public_id.
        with op.batch_alter_table("stored_result", recreate="always",
                                  copy_from=_stored_result(with_id=True)) as batch:
            batch.drop_column("id")
            batch.create_primary_key("pk_stored_result", ["public_id"])
        return
    op.drop_constraint("stored_result_pkey", "stored_result", type_="primary")
    op.drop_column("stored_result", "id")
    op.create_primary_key("stored_result_pkey", "stored_result", ["public_id"])
    op.drop_constraint("stored_result_public_id_key", "stored_result", type_="unique")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # The copy numbers the rows afresh: an INTEGER PRIMARY KEY left out is the rowid.
        with op.batch_alter_table("stored_result", recreate="always",
                                  copy_from=_stored_result(with_id=False)) as batch:
            batch.drop_constraint("pk_stored_result", type_="primary")
            batch.add_column(sa.Column("id", sa.Integer, primary_key=True))
            batch.create_unique_constraint("uq_stored_result_public_id", ["public_id"])
        return
    op.drop_constraint("stored_result_pkey", "stored_result", type_="primary")
    op.create_unique_constraint("stored_result_public_id_key", "stored_result", ["public_id"])
    op.execute("ALTER TABLE stored_result ADD COLUMN id SERIAL PRIMARY KEY")
