"""index on case status

The home page counts open cases (status != 'closed') at every start; without an index that reads
every case page, which on a book of 100,000 cases is the slowest query of the start.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_cases_status"), "cases", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_status"), table_name="cases")
