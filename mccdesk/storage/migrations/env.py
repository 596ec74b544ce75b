"""Alembic environment: always run in-process on a connection the case book already opened."""

from __future__ import annotations

from alembic import context

from mccdesk.storage.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
