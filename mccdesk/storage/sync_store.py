"""SQL for the quarterly summaries and the file drop: counts, the signing key, sync state.

The only module with SQL for `mccdesk.sync`. Functions take the case book's engine and return
plain values (codes and counts, key bytes); nothing here returns names, notes or other free text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from mccdesk.storage import schema as s
from mccdesk.storage.cipher import reader

NONE = "none"  # the code counted when an optional column (method, topic) is empty


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _pairs(session: Session, stmt) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {NONE if k is None else str(k): int(n) for k, n in session.execute(stmt)}


# --- counts -------------------------------------------------------------------------------------


def count_activities(engine: Engine, start: date, end: date, by: str) -> dict[str, int]:
    """Activities (not deleted) on start..end, by `kind` or `method` (empty method → NONE)."""
    column = {"kind": s.Activity.kind, "method": s.Activity.method}[by]
    stmt = (
        select(column, func.count())
        .where(s.Activity.occurred_on.between(start, end), s.Activity.deleted_at.is_(None))
        .group_by(column)
    )
    with Session(reader(engine)) as session:
        return _pairs(session, stmt)


def count_referrals_by_kind(engine: Engine, start: date, end: date) -> dict[str, int]:
    """Referrals made on start..end, by the kind of resource they went to."""
    stmt = (
        select(s.Resource.kind, func.count())
        .select_from(s.Referral)
        .join(s.Resource, s.Resource.id == s.Referral.resource_id)
        .where(s.Referral.referred_on.between(start, end))
        .group_by(s.Resource.kind)
    )
    with Session(reader(engine)) as session:
        return _pairs(session, stmt)


def count_referral_status_on(engine: Engine, start: date, end: date) -> dict[str, int]:
    """Status on `end` (from the history) of the referrals made on start..end."""
    h = s.ReferralStatusChange
    ranked = (
        select(
            h.status,
            func.row_number()
            .over(partition_by=h.referral_id, order_by=(h.effective_on.desc(), h.id.desc()))
            .label("rank"),
        )
        .join(s.Referral, s.Referral.id == h.referral_id)
        .where(h.effective_on <= end, s.Referral.referred_on.between(start, end))
        .subquery()
    )
    stmt = select(ranked.c.status, func.count()).where(ranked.c.rank == 1).group_by(ranked.c.status)
    with Session(reader(engine)) as session:
        return _pairs(session, stmt)


def count_follow_ups(engine: Engine, start: date, end: date) -> dict[str, int]:
    """Follow-ups done on start..end, and those overdue at the end of `end` (due, not done)."""
    f = s.FollowUp
    live = f.deleted_at.is_(None)
    done = select(func.count()).where(live, f.done_on.between(start, end))
    overdue = select(func.count()).where(
        live, f.due_on < end, or_(f.done_on.is_(None), f.done_on > end)
    )
    with Session(reader(engine)) as session:
        return {"done": session.scalar(done) or 0, "overdue": session.scalar(overdue) or 0}


def count_issues_by_topic(engine: Engine, start: date, end: date) -> dict[str, int]:
    """Local issues raised on start..end, by topic (no topic → NONE)."""
    stmt = (
        select(s.LocalIssue.topic, func.count())
        .where(s.LocalIssue.raised_on.between(start, end))
        .group_by(s.LocalIssue.topic)
    )
    with Session(reader(engine)) as session:
        return _pairs(session, stmt)


@dataclass(frozen=True)
class OpenChild:
    """Only what the children tables need: no name, no id leaves this module."""

    birth_date: date | None
    residence: str
    care_types: tuple[str, ...]


def children_with_open_case(engine: Engine, day: date) -> list[OpenChild]:
    """Children with at least one case opened by `day` whose status on `day` is not closed."""
    h = s.CaseStatusChange
    ranked = (
        select(
            h.case_id,
            h.status,
            func.row_number()
            .over(partition_by=h.case_id, order_by=(h.effective_on.desc(), h.id.desc()))
            .label("rank"),
        )
        .where(h.effective_on <= day)
        .subquery()
    )
    open_children = (
        select(s.Case.child_id)
        .join(ranked, and_(ranked.c.case_id == s.Case.id, ranked.c.rank == 1))
        .where(s.Case.opened_on <= day, s.Case.child_id.is_not(None), ranked.c.status != "closed")
        .distinct()
    )
    with Session(reader(engine)) as session:
        rows = session.execute(
            select(s.Child.id, s.Child.birth_date, s.Child.residence)
            .where(s.Child.id.in_(open_children))
            .order_by(s.Child.id)
        ).all()
        care: dict[int, list[str]] = {}
        for child_id, care_type in session.execute(
            select(s.ChildCareType.child_id, s.ChildCareType.care_type).where(
                s.ChildCareType.child_id.in_(open_children)
            )
        ):
            care.setdefault(child_id, []).append(care_type)
    return [OpenChild(b, r, tuple(sorted(care.get(i, ())))) for i, b, r in rows]


# --- the branch signing key ---------------------------------------------------------------------


@dataclass(frozen=True)
class StoredKey:
    id: int
    created_at: datetime
    private_key: bytes
    public_key: bytes


def signing_key(engine: Engine, make: Callable[[], tuple[bytes, bytes]]) -> StoredKey:
    """The active signing key; made with `make()` → (private, public) and kept on first use."""
    with Session(engine) as session, session.begin():
        row = session.scalars(
            select(s.SigningKey).where(s.SigningKey.retired_at.is_(None)).order_by(s.SigningKey.id)
        ).first()
        if row is None:
            private, public = make()
            row = s.SigningKey(created_at=_now(), private_key=private, public_key=public)
            session.add(row)
            session.flush()
        return StoredKey(row.id, row.created_at, bytes(row.private_key), bytes(row.public_key))


# --- the prefecture's pinned keys ---------------------------------------------------------------


@dataclass(frozen=True)
class PinnedKey:
    id: int
    pinned_at: datetime
    signing_key: bytes
    sealing_key: bytes
    fingerprint: str


def pin_prefecture(engine: Engine, signing_key: bytes, sealing_key: bytes, fp: str) -> PinnedKey:
    """Pin the prefecture's keys; a key pinned before is retired (kept, for the record)."""
    with Session(engine) as session, session.begin():
        now = _now()
        for old in session.scalars(
            select(s.PrefectureKey).where(s.PrefectureKey.retired_at.is_(None))
        ):
            if bytes(old.signing_key) == signing_key and bytes(old.sealing_key) == sealing_key:
                return _pinned(old)
            old.retired_at = now
        row = s.PrefectureKey(
            pinned_at=now, signing_key=signing_key, sealing_key=sealing_key, fingerprint=fp
        )
        session.add(row)
        session.flush()
        return _pinned(row)


def _pinned(row: s.PrefectureKey) -> PinnedKey:
    return PinnedKey(
        row.id, row.pinned_at, bytes(row.signing_key), bytes(row.sealing_key), row.fingerprint
    )


def prefecture_key(engine: Engine) -> PinnedKey | None:
    with Session(reader(engine)) as session:
        row = session.scalars(
            select(s.PrefectureKey)
            .where(s.PrefectureKey.retired_at.is_(None))
            .order_by(s.PrefectureKey.id.desc())
        ).first()
        return None if row is None else _pinned(row)


# --- the outbox ---------------------------------------------------------------------------------

DRAFT, APPROVED, DELIVERED, ACKNOWLEDGED, REFUSED = (
    "draft",
    "approved",
    "delivered",
    "acknowledged",
    "refused",
)


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    period: str
    state: str
    content: bytes
    built_at: datetime
    revision: int | None
    seq: int | None
    prev_hash: str | None
    file_name: str | None
    file_hash: str | None
    data: bytes | None
    approved_at: datetime | None
    delivered_at: datetime | None
    answered_at: datetime | None
    reason: str
    last_error: str


def _entry(r: s.OutboxItem) -> OutboxEntry:
    return OutboxEntry(
        r.id,
        r.period,
        r.state,
        bytes(r.content),
        r.built_at,
        r.revision,
        r.seq,
        r.prev_hash,
        r.file_name,
        r.file_hash,
        None if r.data is None else bytes(r.data),
        r.approved_at,
        r.delivered_at,
        r.answered_at,
        r.reason,
        r.last_error,
    )


def save_draft(engine: Engine, period: str, content: bytes) -> OutboxEntry:
    """The period's draft, replacing an earlier draft of the same period (not approved ones)."""
    with Session(engine) as session, session.begin():
        row = session.scalars(
            select(s.OutboxItem).where(s.OutboxItem.period == period, s.OutboxItem.state == DRAFT)
        ).first()
        if row is None:
            row = s.OutboxItem(period=period, state=DRAFT, reason="", last_error="")
            session.add(row)
        row.content, row.built_at = content, _now()
        session.flush()
        return _entry(row)


def outbox(engine: Engine, *, period: str | None = None, states: tuple[str, ...] = ()) -> list:  # type: ignore[type-arg]
    """Outbox entries (oldest first), optionally of one period and/or some states."""
    stmt = select(s.OutboxItem).order_by(s.OutboxItem.id)
    if period is not None:
        stmt = stmt.where(s.OutboxItem.period == period)
    if states:
        stmt = stmt.where(s.OutboxItem.state.in_(states))
    with Session(reader(engine)) as session:
        return [_entry(r) for r in session.scalars(stmt)]


class Changed(Exception):
    """The draft, the case book or the chain changed after the caller last looked."""


def fingerprint(engine: Engine) -> tuple[int, int]:
    """(last seq, newest audit id): every change to the case book writes an audit event and
    every approval takes a seq, so an equal fingerprint means nothing a summary counts moved."""
    with Session(reader(engine)) as session:
        seq = session.scalar(select(func.max(s.OutboxItem.seq))) or 0
        audit = session.scalar(select(func.max(s.AuditEvent.id))) or 0
        return int(seq), int(audit)


def approve(
    engine: Engine,
    item_id: int,
    make_file: Callable[[int, int, str], tuple[str, bytes]],
    file_hash: Callable[[bytes], str],
    coordinator_id: int | None,
    *,
    content: bytes | None = None,
    expect: tuple[int, int] | None = None,
) -> OutboxEntry:
    """Turn a draft into a queued file: next revision of its period, next seq, chained hash.

    `make_file(revision, seq, prev_hash)` → (name, bytes); all in one transaction, so a crash
    leaves either the draft or the queued file, never a gap in the sequence. Raises Changed
    if the draft no longer holds `content`, or the `fingerprint` is no longer `expect`
    (checked under the write lock, so nothing slips in between the check and the signing).
    """
    with Session(engine) as session, session.begin():
        row = session.get(s.OutboxItem, item_id)
        if row is None or row.state != DRAFT:
            raise LookupError(item_id)
        if content is not None and bytes(row.content) != content:
            raise Changed("draft")
        if expect is not None:
            seq = session.scalar(select(func.max(s.OutboxItem.seq))) or 0
            audit = session.scalar(select(func.max(s.AuditEvent.id))) or 0
            if (int(seq), int(audit)) != expect:
                raise Changed("case book")
        last_rev = session.scalar(
            select(func.max(s.OutboxItem.revision)).where(s.OutboxItem.period == row.period)
        )
        last = session.scalars(
            select(s.OutboxItem)
            .where(s.OutboxItem.seq.is_not(None))
            .order_by(s.OutboxItem.seq.desc())
        ).first()
        revision = 0 if last_rev is None else last_rev + 1
        seq = 1 if last is None else (last.seq or 0) + 1
        prev_hash = "" if last is None else (last.file_hash or "")
        name, data = make_file(revision, seq, prev_hash)
        row.revision, row.seq, row.prev_hash = revision, seq, prev_hash
        row.file_name, row.data, row.file_hash = name, data, file_hash(data)
        row.state, row.approved_at, row.approved_by = APPROVED, _now(), coordinator_id
        session.flush()
        return _entry(row)


def mark_delivered(engine: Engine, item_id: int) -> None:
    with Session(engine) as session, session.begin():
        row = session.get(s.OutboxItem, item_id)
        if row is not None and row.state == APPROVED:
            row.state, row.delivered_at, row.last_error = DELIVERED, _now(), ""


def mark_queued(engine: Engine, item_id: int, error: str) -> None:
    with Session(engine) as session, session.begin():
        row = session.get(s.OutboxItem, item_id)
        if row is not None:
            row.last_error = error[:500]


def record_answer(
    engine: Engine,
    file_name: str,
    file_hash: str,
    accepted: bool,
    reason: str,
    signed_at: datetime | None = None,
) -> OutboxEntry | None:
    """Apply the prefecture's ack to the file it names (same name and hash); else None.

    `signed_at` is the ack's signed `created_at` (naive UTC). The prefecture rewrites an ack
    when its decision changes (a file held for a gap is accepted later; an accepted file is
    refused for equivocation), so an answered file takes a later answer when it was signed
    after the one recorded; an older or undated one never overrides it. `answered_at` keeps
    the signed time of the answer applied.
    """
    with Session(engine) as session, session.begin():
        row = session.scalars(
            select(s.OutboxItem).where(
                s.OutboxItem.file_name == file_name, s.OutboxItem.file_hash == file_hash
            )
        ).first()
        if row is None:
            return None
        if row.state in (APPROVED, DELIVERED):
            apply = True
        elif row.state in (ACKNOWLEDGED, REFUSED):
            apply = signed_at is not None and (
                row.answered_at is None or signed_at > row.answered_at
            )
        else:
            apply = False
        if apply:
            row.state = ACKNOWLEDGED if accepted else REFUSED
            row.reason = "" if accepted else reason[:1000]
            row.answered_at = signed_at or _now()
            if row.delivered_at is None:
                row.delivered_at = row.answered_at
        session.flush()
        return _entry(row)
