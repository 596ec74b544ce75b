"""outbox and pinned prefecture key

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prefecture_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.Column("signing_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealing_key", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prefecture_keys")),
    )
    op.create_table(
        "outbox_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=128), nullable=True),
        sa.Column("file_hash", sa.String(length=64), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["coordinators.id"],
            name=op.f("fk_outbox_items_approved_by_coordinators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_items")),
        sa.UniqueConstraint("file_name", name=op.f("uq_outbox_items_file_name")),
        sa.UniqueConstraint("seq", name=op.f("uq_outbox_items_seq")),
    )
    op.create_index(op.f("ix_outbox_items_period"), "outbox_items", ["period"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_items_period"), table_name="outbox_items")
    op.drop_table("outbox_items")
    op.drop_table("prefecture_keys")
