"""The write of an import (`Store.import_records`): many rows in one transaction, in linear time.

Profiled at 2,000–8,000 rows (bench/README.md, "Import"), the import per row cost a scan of the
children (the name + birth date lookup has no index), a scan of the case numbers (`LIKE 'FY-%'`
with `max(cast(substr…))` cannot use the unique index) and an ORM unit of work with two flushes:
quadratic, 29 s for 10,000 rows. Here every child the rows name is looked up in one read of the
children into a dict, each fiscal year's last case number is read once, ids are assigned from one
`max(id)` per table (read inside the write transaction, which holds the write lock from BEGIN
IMMEDIATE), and rows go in with Core `insert()` executemany, a chunk at a time, as
`bulk.load_synthetic` does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Integer, String, bindparam, cast, func, insert, select

from mccdesk import domain as d
from mccdesk.storage import schema as s
from mccdesk.storage.child_search import CHILD_FIELDS
from mccdesk.textnorm import search_key

Record = tuple[d.ChildDraft | None, d.CaseDraft, date | None, int]
ChildKey = tuple[str, str, date]
CHUNK = 5_000  # records per round of inserts: progress between them, bounded memory

_C, _CT = s.Child.__table__, s.ChildCareType.__table__
_IDS = select(func.json_each(bindparam("ids", type_=String)).table_valued("value").c.value)


_TABLES = (  # in the order they go in (foreign keys)
    (_C, "children"),
    (_CT, "care"),
    (s.Guardian.__table__, "guardians"),
    (s.ConsentRecord.__table__, "consents"),
    (s.Case.__table__, "cases"),
    (s.CaseTopic.__table__, "topics"),
    (s.CaseStatusChange.__table__, "history"),
)


@dataclass(frozen=True)
class KnownChild:
    """A child already in the case book that an import names: what the rows must agree with."""

    id: int
    family_kana: str
    given_kana: str
    sex: str
    care_types: tuple[str, ...]


def known_children(
    conn: Connection, keys: Collection[ChildKey]
) -> dict[ChildKey, list[KnownChild]]:
    """The children with these (family name, given name, birth date), lowest id first: one read
    of the children table, matched in a dict (never a query or a scan per row)."""
    wanted = set(keys)
    if not wanted:
        return {}
    stmt = (
        select(_C.c.id, _C.c.family_name, _C.c.given_name, _C.c.birth_date, _C.c.family_kana)
        .add_columns(_C.c.given_kana, _C.c.sex)
        .where(_C.c.birth_date.is_not(None))
        .order_by(_C.c.id)
    )
    rows: dict[ChildKey, list[Any]] = {}
    for row in conn.execute(stmt):
        key = (row.family_name, row.given_name, row.birth_date)
        if key in wanted:
            rows.setdefault(key, []).append(row)
    care: dict[int, list[str]] = {}
    ids = [r.id for found in rows.values() for r in found]
    if ids:
        stmt = select(_CT.c.child_id, _CT.c.care_type).where(_CT.c.child_id.in_(_IDS))
        for child_id, code in conn.execute(stmt, {"ids": str(ids)}):
            care.setdefault(child_id, []).append(code)
    return {
        key: [
            KnownChild(r.id, r.family_kana, r.given_kana, r.sex, tuple(sorted(care.get(r.id, ()))))
            for r in found
        ]
        for key, found in rows.items()
    }


def _last_numbers(conn: Connection, years: Collection[int]) -> dict[int, int]:
    """Each fiscal year's highest case number in use (numerically: 2024-10000 > 2024-9999)."""
    last = {}
    for fy in years:
        prefix = f"{fy}-"
        sequence = cast(func.substr(s.Case.number, len(prefix) + 1), Integer)
        stmt = select(func.max(sequence)).where(s.Case.number.like(prefix + "%"))
        last[fy] = conn.scalar(stmt) or 0
    return last


def write_records(
    conn: Connection,
    records: Sequence[Record],
    actor: int | None,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Insert the rows' children and cases; the cases' ids in row order. `progress(done, total)`
    counts the records written, after each chunk of CHUNK."""
    tables = (_C, s.Guardian.__table__, s.ConsentRecord.__table__, s.Case.__table__)
    tables += (s.CaseStatusChange.__table__,)
    next_id = {t.name: (conn.scalar(select(func.max(t.c.id))) or 0) + 1 for t in tables}
    keys = {(c.family_name, c.given_name, c.birth_date) for c, *_ in records if c and c.birth_date}
    child_ids = {key: found[0].id for key, found in known_children(conn, keys).items()}
    last = _last_numbers(conn, {fy for *_, fy in records})
    stamp = {"created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor}
    out: dict[str, list[dict[str, Any]]] = {name: [] for _, name in _TABLES}

    def new_id(table: str) -> int:
        next_id[table] += 1
        return next_id[table] - 1

    def add_child(child: d.ChildDraft) -> int:
        child_id = new_id("children")
        row = {name: getattr(child, name) for name in CHILD_FIELDS}
        key = f"{child.family_name}{child.given_name} {child.family_kana}{child.given_kana}"
        out["children"].append({"id": child_id, **row, "search_key": search_key(key), **stamp})
        care = sorted(set(child.care_types))
        out["care"] += [{"child_id": child_id, "care_type": c} for c in care]
        for position, g in enumerate(child.guardians):
            fields = {"name": g.name, "kana": g.kana, "relation": g.relation, "phone": g.phone}
            fields.update(email=g.email, address=g.address, position=position, child_id=child_id)
            out["guardians"].append({"id": new_id("guardians"), **fields})
        if (c := child.consent) is not None:
            out["consents"].append(
                {
                    "id": new_id("consents"),
                    "child_id": child_id,
                    "consented_on": c.consented_on,
                    "consenter": c.consenter,
                    "scopes": " ".join(c.scopes),
                    "note": c.note,
                    "withdrawn_on": c.withdrawn_on,
                    "recorded_at": now,
                }
            )
        return child_id

    ids: list[int] = []
    for n, (child, case, closed_on, fy) in enumerate(records, start=1):
        child_id = None
        if child is not None:
            key = (child.family_name, child.given_name, child.birth_date)
            child_id = child_ids.get(key) if child.birth_date else None
            if child_id is None:  # never matched without a birth date: nothing tells them apart
                child_id = add_child(child)
                if child.birth_date:
                    child_ids[key] = child_id
        case_id = new_id("cases")
        last[fy] += 1
        changes = [("ongoing", case.opened_on)]
        if case.status != "ongoing":
            changes.append((case.status, closed_on or case.opened_on))
        out["cases"].append(
            {
                "id": case_id,
                "number": f"{fy}-{last[fy]:04d}",
                "opened_on": case.opened_on,
                "contact_method": case.contact_method,
                "consulter_type": case.consulter_type,
                "supporter_organisation": case.supporter_organisation,
                "residence": case.residence,
                "child_id": child_id,
                "status": changes[-1][0],
                "status_changed_on": changes[-1][1],
                "note": case.note,
                **stamp,
            }
        )
        out["topics"] += [{"case_id": case_id, "topic": t} for t in sorted(set(case.topics))]
        for status, on in changes:
            out["history"].append(
                {
                    "id": new_id("case_status_history"),
                    "case_id": case_id,
                    "status": status,
                    "effective_on": on,
                    "recorded_at": now,
                    "coordinator_id": actor,
                }
            )
        ids.append(case_id)
        if n % CHUNK == 0 or n == len(records):  # a chunk at a time: memory stays bounded
            _insert_all(conn, out)
            if progress is not None:
                progress(n, len(records))
    return ids


def _insert_all(conn: Connection, out: dict[str, list[dict[str, Any]]]) -> None:
    for table, name in _TABLES:
        if out[name]:
            conn.execute(insert(table), out[name])
            out[name].clear()
