"""notice versions and sections

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the notice tables."""
    op.create_table(
        "notice_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notice_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_version_active"), ["active"], unique=False)
        batch_op.create_index(batch_op.f("ix_notice_version_sha256"), ["sha256"], unique=False)

    op.create_table(
        "notice_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["notice_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notice_section", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notice_section_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    """Drop the notice tables."""
    with op.batch_alter_table("notice_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_section_version_id"))

    op.drop_table("notice_section")
    with op.batch_alter_table("notice_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_version_sha256"))
        batch_op.drop_index(batch_op.f("ix_notice_version_active"))

    op.drop_table("notice_version")
