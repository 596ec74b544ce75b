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
    with Session(engine) as session:
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
    with Session(engine) as session:
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
    with Session(engine) as session:
        return _pairs(session, stmt)


def count_follow_ups(engine: Engine, start: date, end: date) -> dict[str, int]:
    """Follow-ups done on start..end, and those overdue at the end of `end` (due, not done)."""
    f = s.FollowUp
    live = f.deleted_at.is_(None)
    done = select(func.count()).where(live, f.done_on.between(start, end))
    overdue = select(func.count()).where(
        live, f.due_on < end, or_(f.done_on.is_(None), f.done_on > end)
    )
    with Session(engine) as session:
        return {"done": session.scalar(done) or 0, "overdue": session.scalar(overdue) or 0}


def count_issues_by_topic(engine: Engine, start: date, end: date) -> dict[str, int]:
    """Local issues raised on start..end, by topic (no topic → NONE)."""
    stmt = (
        select(s.LocalIssue.topic, func.count())
        .where(s.LocalIssue.raised_on.between(start, end))
        .group_by(s.LocalIssue.topic)
    )
    with Session(engine) as session:
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
    with Session(engine) as session:
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
