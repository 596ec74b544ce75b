"""The case book's tables (SQLAlchemy 2 typed ORM). Only `mccdesk.storage` imports this module.

Codes are reference-data codes, validated by the services before they get here. History tables
(case and referral status) let "status at the end of a period" be answered for any past date.
Migrations in `migrations/versions` must produce exactly these tables; a test compares them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """One row per setting that travels with the data (book id, branch, demo flag…)."""

    __tablename__ = "book_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Coordinator(Base):
    __tablename__ = "coordinators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kana: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Stamped:
    """Who created and last changed a record, and when."""

    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))


class Child(Stamped, Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    family_name: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    family_kana: Mapped[str] = mapped_column(String(100), default="")
    given_kana: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(16))
    residence: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    hospital: Mapped[str] = mapped_column(Text, default="")
    doctor: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Name and kana folded for search-as-you-type (see mccdesk.textnorm.search_key).
    search_key: Mapped[str] = mapped_column(Text, default="")

    guardians: Mapped[list[Guardian]] = relationship(
        order_by="Guardian.position", cascade="all, delete-orphan"
    )
    care_types: Mapped[list[ChildCareType]] = relationship(cascade="all, delete-orphan")
    consents: Mapped[list[ConsentRecord]] = relationship(
        order_by="ConsentRecord.id", cascade="all, delete-orphan"
    )


class Guardian(Base):
    __tablename__ = "guardians"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    kana: Mapped[str] = mapped_column(String(100), default="")
    relation: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")


class ChildCareType(Base):
    __tablename__ = "child_care_types"
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    care_type: Mapped[str] = mapped_column(String(32), primary_key=True)


class ConsentRecord(Base):
    """Consent to share, kept as a history: the latest row is the one in force."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    consented_on: Mapped[date] = mapped_column(Date)
    consenter: Mapped[str] = mapped_column(String(100))
    scopes: Mapped[str] = mapped_column(String(200))  # space-separated consent_scopes codes
    note: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class Case(Stamped, Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    opened_on: Mapped[date] = mapped_column(Date)
    contact_method: Mapped[str] = mapped_column(String(32))
    consulter_type: Mapped[str] = mapped_column(String(32))
    supporter_organisation: Mapped[str | None] = mapped_column(String(32))
    residence: Mapped[str] = mapped_column(String(16))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # counts open cases (0004)
    status_changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    topics: Mapped[list[CaseTopic]] = relationship(cascade="all, delete-orphan")
    history: Mapped[list[CaseStatusChange]] = relationship(
        order_by="(CaseStatusChange.effective_on, CaseStatusChange.id)",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        # Covers the period counts (by month, residence, method, consulter) without table reads.
        Index(
            "ix_cases_counting",
            "opened_on",
            "residence",
            "contact_method",
            "consulter_type",
            "supporter_organisation",
        ),
    )


class CaseTopic(Base):
    __tablename__ = "case_topics"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(32), primary_key=True)


class CaseStatusChange(Base):
    __tablename__ = "case_status_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    status: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))

    __table_args__ = (Index("ix_case_status_history_case", "case_id", "effective_on", "id"),)


class Activity(Stamped, Base):
    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    method: Mapped[str | None] = mapped_column(String(32))
    minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)  # soft delete: undoable


class Resource(Stamped, Base):
    __tablename__ = "resources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    residence: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(200), default="")
    contact_person: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    fax: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    retired_on: Mapped[date | None] = mapped_column(Date)

    care_types: Mapped[list[ResourceCareType]] = relationship(cascade="all, delete-orphan")


class ResourceCareType(Base):
    __tablename__ = "resource_care_types"
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"), primary_key=True)
    care_type: Mapped[str] = mapped_column(String(32), primary_key=True)


class Referral(Stamped, Base):
    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"), index=True)
    referred_on: Mapped[date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(Text, default="")
    requested_items: Mapped[str] = mapped_column(Text, default="")
    consent_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))
    status_changed_on: Mapped[date] = mapped_column(Date)

    history: Mapped[list[ReferralStatusChange]] = relationship(
        order_by="(ReferralStatusChange.effective_on, ReferralStatusChange.id)",
        cascade="all, delete-orphan",
    )


class ReferralStatusChange(Base):
    __tablename__ = "referral_status_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))


class FollowUp(Stamped, Base):
    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(Text, default="")
    done_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_follow_ups_open", "done_on", "due_on"),)


class LocalIssue(Stamped, Base):
    __tablename__ = "local_issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text, default="")
    raised_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


class SigningKey(Base):
    """The branch's Ed25519 signing key for summaries (added by migration 0002)."""

    __tablename__ = "signing_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)  # raw 32 bytes
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class PrefectureKey(Base):
    """The prefecture's public keys, pinned from its signed reference package (migration 0003)."""

    __tablename__ = "prefecture_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    pinned_at: Mapped[datetime] = mapped_column(DateTime)
    signing_key: Mapped[bytes] = mapped_column(LargeBinary)  # Ed25519, raw 32 bytes: signs acks
    sealing_key: Mapped[bytes] = mapped_column(LargeBinary)  # X25519, raw 32 bytes: summaries
    fingerprint: Mapped[str] = mapped_column(String(32))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class OutboxItem(Base):
    """A quarterly summary from draft to ack (migration 0003). Counts only, no personal data.

    `content` is the summary document as sealed (canonical JSON); `data` the whole signed file,
    stored once at approval so every delivery writes the same bytes under the same name.
    """

    __tablename__ = "outbox_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    state: Mapped[str] = mapped_column(String(16))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    built_at: Mapped[datetime] = mapped_column(DateTime)
    revision: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(128), unique=True)
    file_hash: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")  # the prefecture's, on refusal
    last_error: Mapped[str] = mapped_column(Text, default="")  # why it is still queued
