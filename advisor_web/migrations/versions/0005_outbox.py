"""The outbox: one row per event and destination (a webhook URL, or mail to staff), written in
the transaction of the request that caused it and delivered by `flask outbox run`; and the
webhook URLs that answered 410 Gone, to which nothing more is sent.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_id", sa.String(40), nullable=False, index=True),
        sa.Column("subject", sa.String(64), nullable=False, index=True),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("target", sa.String(2048), nullable=False),
        sa.Column("event", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime, nullable=False),
        sa.Column("locked_until", sa.DateTime, nullable=True),
        sa.Column("locked_by", sa.String(32), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("delivered_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_outbox_message_due", "outbox_message", ["status", "next_attempt_at"])
    op.create_table(
        "stopped_webhook",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("stopped_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stopped_webhook")
    op.drop_index("ix_outbox_message_due", "outbox_message")
    op.drop_table("outbox_message")
