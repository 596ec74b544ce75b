"""Search-as-you-type over children, with Core rows rather than ORM objects.

Building ORM objects for a page of 200 children (and their care types, guardians and consents)
cost about 30 ms over a 10,000-child case book; plain rows cost about 10 ms (bench/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, String, bindparam, func, or_, select

from mccdesk import domain as d
from mccdesk.storage import schema as s
from mccdesk.storage.cipher import reader
from mccdesk.textnorm import search_key

_C, _CT, _G, _CR = (
    s.Child.__table__,
    s.ChildCareType.__table__,
    s.Guardian.__table__,
    s.ConsentRecord.__table__,
)
# The page's ids go in as one JSON array: the statements stay the same (cached, compiled once),
# where `IN (:ids)` would render 200 parameters each time.
_PAGE = select(func.json_each(bindparam("ids", type_=String)).table_valued("value").c.value)
_CARE_OF_PAGE = select(_CT.c.child_id, _CT.c.care_type).where(_CT.c.child_id.in_(_PAGE))
_GUARDIANS_OF_PAGE = (
    select(_G.c.child_id, _G.c.name, _G.c.kana, _G.c.relation, _G.c.phone, _G.c.email, _G.c.address)
    .where(_G.c.child_id.in_(_PAGE))
    .order_by(_G.c.child_id, _G.c.position)
)
_CONSENTS_OF_PAGE = (
    select(
        _CR.c.child_id,
        _CR.c.consented_on,
        _CR.c.consenter,
        _CR.c.scopes,
        _CR.c.note,
        _CR.c.withdrawn_on,
    )
    .where(_CR.c.child_id.in_(_PAGE))
    .order_by(_CR.c.child_id, _CR.c.id)
)
# A child's fields that the record keeps as the draft gives them (Store writes them by name too).
CHILD_FIELDS = (
    "family_name",
    "given_name",
    "family_kana",
    "given_kana",
    "birth_date",
    "sex",
    "residence",
    "address",
    "phone",
    "hospital",
    "doctor",
    "note",
)
_CHILD_COLUMNS = [_C.c[name] for name in ("id", *CHILD_FIELDS, "updated_at")]


def make_child(
    fields: Sequence[Any],
    *,
    care_types: tuple[str, ...],
    guardians: tuple[d.Guardian, ...],
    consent: d.Consent | None,
    id_: int,
    updated_at: datetime | None,
) -> d.Child:
    """A child from its CHILD_FIELDS values (in that order) and what is kept beside them."""
    return d.Child(
        **dict(zip(CHILD_FIELDS, fields, strict=True)),
        care_types=care_types,
        guardians=guardians,
        consent=consent,
        id=id_,
        updated_at=updated_at,
    )


def search_children(engine: Engine, query: str, limit: int = 200) -> list[d.Child]:
    """Children whose name or kana contains the query (kana and width folded), kana order.

    One select of the page of children, then one select per related table for the page's ids
    (what selectinload does, without ORM objects, identity map or per-call IN rendering).
    """
    key = search_key(query)
    stmt = select(*_CHILD_COLUMNS).order_by(_C.c.family_kana, _C.c.given_kana, _C.c.id)
    if key:
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(_C.c.search_key.like(pattern, escape="\\"))
    care: dict[int, list[str]] = {}
    guardians: dict[int, list[d.Guardian]] = {}
    consents: dict[int, d.Consent] = {}
    with reader(engine).connect() as conn:  # deferred: no write lock
        rows = conn.execute(stmt.limit(limit)).all()
        if rows:
            page = {"ids": json.dumps([r[0] for r in rows])}
            care_rows = conn.execute(_CARE_OF_PAGE, page).all()
            guardian_rows = conn.execute(_GUARDIANS_OF_PAGE, page).all()
            consent_rows = conn.execute(_CONSENTS_OF_PAGE, page).all()
            for child_id, care_type in care_rows:
                care.setdefault(child_id, []).append(care_type)
            for child_id, *guardian in guardian_rows:
                guardians.setdefault(child_id, []).append(d.Guardian(*guardian))
            # Ordered by id: the latest record per child wins.
            for child_id, on, by, scopes, note, withdrawn in consent_rows:
                consents[child_id] = d.Consent(on, by, tuple(scopes.split()), note, withdrawn)
    # Unpacked as tuples: a Row's attribute access costs about 0.5 µs per field.
    return [
        make_child(
            fields,
            care_types=tuple(sorted(care.get(id_, ()))),
            guardians=tuple(guardians.get(id_, ())),
            consent=consents.get(id_),
            id_=id_,
            updated_at=updated_at,
        )
        for id_, *fields, updated_at in rows
    ]


# --- the cases list (the cases screen reads 100,000 of them; the ORM took about 30 µs a case) ---

_K, _T = s.Case.__table__, s.CaseTopic.__table__
_CASES = (
    select(
        *(
            _K.c[name]
            for name in (
                "id",
                "number",
                "opened_on",
                "contact_method",
                "consulter_type",
                "residence",
                "supporter_organisation",
                "child_id",
                "status",
                "note",
                "status_changed_on",
                "created_by",
            )
        ),
        _C.c.family_name,
        _C.c.given_name,
        _C.c.family_kana,
        _C.c.given_kana,
    )
    .select_from(_K.outerjoin(_C, _K.c.child_id == _C.c.id))
    .order_by(_K.c.opened_on.desc(), _K.c.id.desc())
)
_ALL_TOPICS = select(_T.c.case_id, _T.c.topic).order_by(_T.c.case_id, _T.c.topic)
_TOPICS_OF_PAGE = _ALL_TOPICS.where(_T.c.case_id.in_(_PAGE))


def list_cases(
    engine: Engine,
    *,
    child_id: int | None = None,
    opened_from: date | None = None,
    opened_to: date | None = None,
    status: str | None = None,
    before: tuple[date, int] | None = None,
    ids: Collection[int] | None = None,
    limit: int | None = None,
) -> list[d.Case]:
    """What `Store.cases` returns (newest first), from Core rows.

    `before` (opened_on, id) continues a list after its last case, so a screen can read a
    long list page by page. `ids`: only these cases (the ones a list of follow-ups or
    referrals points to), in one query however many.
    """
    stmt = _CASES
    params = {}
    if ids is not None:
        stmt = stmt.where(_K.c.id.in_(_PAGE))
        params["ids"] = json.dumps(sorted(ids))
    if child_id is not None:
        stmt = stmt.where(_K.c.child_id == child_id)
    if opened_from is not None:
        stmt = stmt.where(_K.c.opened_on >= opened_from)
    if opened_to is not None:
        stmt = stmt.where(_K.c.opened_on <= opened_to)
    if status is not None:
        stmt = stmt.where(_K.c.status == status)
    if before is not None:
        day, id_ = before
        # A range on opened_on alone lets SQLite walk the index down from `day`: no full scan.
        stmt = stmt.where(_K.c.opened_on <= day, or_(_K.c.opened_on < day, _K.c.id < id_))
    if limit is not None:
        stmt = stmt.limit(limit)
    everything = stmt is _CASES
    topics: dict[int, list[str]] = {}
    with reader(engine).connect() as conn:  # deferred: no write lock
        rows = conn.execute(stmt, params).all()
        if rows:
            topic_rows = (
                conn.execute(_ALL_TOPICS)  # one scan beats 100,000 lookups
                if everything
                else conn.execute(_TOPICS_OF_PAGE, {"ids": json.dumps([r[0] for r in rows])})
            )
            for case_id, topic in topic_rows:
                topics.setdefault(case_id, []).append(topic)
    return [
        d.Case(
            opened_on=opened_on,
            contact_method=method,
            consulter_type=consulter,
            residence=residence,
            topics=tuple(topics.get(id_, ())),
            supporter_organisation=organisation,
            child_id=child,
            status=status_,
            note=note,
            id=id_,
            number=number,
            status_changed_on=changed_on,
            coordinator_id=created_by,
            child_name=f"{family} {given}" if child is not None and family is not None else "",
            child_kana=f"{family_kana} {given_kana}".strip() if family is not None else "",
        )
        for (
            id_,
            number,
            opened_on,
            method,
            consulter,
            residence,
            organisation,
            child,
            status_,
            note,
            changed_on,
            created_by,
            family,
            given,
            family_kana,
            given_kana,
        ) in rows
    ]
