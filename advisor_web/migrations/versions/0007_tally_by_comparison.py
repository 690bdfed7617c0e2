"""An index on tallies by comparison (as `lower(comparison)`: models.TALLY_BY_COMPARISON says
why), quiz version, kind and key: the dashboard's questions that name no day (the comparisons
and versions with numbers, the sources) become index seeks instead of reads of the whole
table, whose time grew with it.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tally_by_comparison", "tally",
                    [sa.text("lower(comparison)"), "quiz_version", "kind", "key"])


def downgrade() -> None:
    op.drop_index("ix_tally_by_comparison", table_name="tally")
