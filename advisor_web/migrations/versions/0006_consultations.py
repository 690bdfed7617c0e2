"""Consultation requests, and the forms and proof-of-work challenges already spent.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultation_request",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("result_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("company", sa.String(200), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("consent_version", sa.String(16), nullable=False),
        sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("form_nonce", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_consultation_request_result_id", "consultation_request", ["result_id"])
    op.create_index("ix_consultation_request_email", "consultation_request", ["email"])
    op.create_index("ix_consultation_request_consent_given_at", "consultation_request",
                    ["consent_given_at"])
    op.create_table(
        "used_challenge",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_used_challenge_expires_at", "used_challenge", ["expires_at"])


def downgrade() -> None:
    op.drop_table("used_challenge")
    op.drop_table("consultation_request")
