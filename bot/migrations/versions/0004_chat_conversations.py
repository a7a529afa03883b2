"""chat conversations

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create chat conversations; inbound messages get the rights a requester confirmed."""
    op.create_table(
        "chat_conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("pending", sa.JSON(), nullable=False),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["privacy_case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("public_id"),
    )
    with op.batch_alter_table("chat_conversation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_conversation_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_labels", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.drop_column("confirmed_labels")

    with op.batch_alter_table("chat_conversation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_conversation_case_id"))

    op.drop_table("chat_conversation")
