"""Where a result came from (the site or an embedding page's label), and the visitor's vote
on it ("was this helpful?", and what they will build it with).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stored_result") as table:
        table.add_column(sa.Column("source", sa.String(32), nullable=False,
                                   server_default="site"))
        table.add_column(sa.Column("helpful", sa.String(3), nullable=True))
        table.add_column(sa.Column("building_with", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stored_result") as table:
        table.drop_column("building_with")
        table.drop_column("helpful")
        table.drop_column("source")
