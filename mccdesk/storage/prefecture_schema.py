"""Tables of the prefecture's store: its own keys, branch keys, every received file, packages.

Its own metadata (not the case book's): the prefecture store never holds a case. Created with
`create_all` at version SCHEMA_VERSION; a store from a newer mccdesk is refused before anything
is written (prefecture_store.open_store). Migrations start when version 2 is needed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = "1"


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """store_id, schema_version, created_at, office name."""

    __tablename__ = "prefecture_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OwnKey(Base):
    """The prefecture's key pairs: `signing` (Ed25519) and `sealing` (X25519), raw 32 bytes."""

    __tablename__ = "own_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class BranchKey(Base):
    """A branch's registered public key; `registration` is the signed file it came in."""

    __tablename__ = "branch_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch: Mapped[str] = mapped_column(String(32), index=True)
    branch_name: Mapped[str] = mapped_column(Text)
    area: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(64), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(32))
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_from: Mapped[datetime | None] = mapped_column(DateTime)
    registration: Mapped[bytes] = mapped_column(LargeBinary)


class ReceivedFile(Base):
    """Every file ingest looked at, once (by content hash), with the decision and the ack sent.

    `data` is the raw file, kept only when its signature verified with a key not revoked when
    it arrived (files from anyone else are junk to the store: hash, size in `detail`, reason);
    `document` the opened tables (canonical JSON) of files that passed every check but
    the chain/equivocation ones. `chained`: the file advanced its branch's hash chain.
    """

    __tablename__ = "received_files"
    __table_args__ = (UniqueConstraint("file_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    file_hash: Mapped[str] = mapped_column(String(80))
    file_name: Mapped[str] = mapped_column(Text)
    folder: Mapped[str] = mapped_column(Text)
    branch: Mapped[str] = mapped_column(String(64), index=True)
    area: Mapped[str] = mapped_column(String(64), default="")
    period: Mapped[str] = mapped_column(String(16), default="", index=True)
    revision: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[str] = mapped_column(String(32), default="")  # as signed, ISO UTC
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    chained: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    document: Mapped[bytes | None] = mapped_column(LargeBinary)
    ack: Mapped[bytes | None] = mapped_column(LargeBinary)


class Package(Base):
    """Every reference package published, as signed."""

    __tablename__ = "packages"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    data: Mapped[bytes] = mapped_column(LargeBinary)
