"""A fast loader of synthetic records, for the storage benchmark and the demo case book.

Every person here is made up: common Japanese family and given names (the "山田 花子" of sample
forms) combined at random, with addresses in 架空町, phone numbers starting 000 and a note saying
the record is synthetic. Same seed, same rows (only the import audit event carries the time of
loading).

Rows go in with SQLAlchemy Core `insert()` executemany in one transaction, with ids assigned
here (no RETURNING, no ORM unit of work: see performance-floors §2b). The loader adds to what the
case book already holds: ids and case numbers continue after the existing ones, and the existing
coordinators are the ones who "recorded" the synthetic work (two synthetic ones are added to a
case book without any).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, insert, select

from mccdesk.periods import fiscal_year_of
from mccdesk.reference import reference
from mccdesk.storage import schema as s
from mccdesk.textnorm import search_key

__all__ = ["FAMILY_NAMES", "GIVEN_NAMES", "load_synthetic"]

T = TypeVar("T")

# (kanji, kana): common surnames, so that searches such as "やま" or "たなか" find people.
FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("山田", "やまだ"),
    ("山本", "やまもと"),
    ("山口", "やまぐち"),
    ("山崎", "やまざき"),
    ("田中", "たなか"),
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("清水", "しみず"),
    ("森", "もり"),
    ("池田", "いけだ"),
    ("橋本", "はしもと"),
    ("阿部", "あべ"),
    ("石川", "いしかわ"),
    ("前田", "まえだ"),
    ("藤田", "ふじた"),
    ("小川", "おがわ"),
    ("岡田", "おかだ"),
    ("後藤", "ごとう"),
    ("長谷川", "はせがわ"),
)

# (kanji, kana, sex code)
GIVEN_NAMES: tuple[tuple[str, str, str], ...] = (
    ("花子", "はなこ", "female"),
    ("華", "はな", "female"),
    ("花音", "かのん", "female"),
    ("陽菜", "ひな", "female"),
    ("結衣", "ゆい", "female"),
    ("葵", "あおい", "female"),
    ("芽依", "めい", "female"),
    ("さくら", "さくら", "female"),
    ("美咲", "みさき", "female"),
    ("凛", "りん", "female"),
    ("心春", "こはる", "female"),
    ("莉子", "りこ", "female"),
    ("紬", "つむぎ", "female"),
    ("杏", "あん", "female"),
    ("結菜", "ゆいな", "female"),
    ("太郎", "たろう", "male"),
    ("蓮", "れん", "male"),
    ("湊", "みなと", "male"),
    ("陽翔", "はると", "male"),
    ("大和", "やまと", "male"),
    ("悠真", "ゆうま", "male"),
    ("健太", "けんた", "male"),
    ("翔", "しょう", "male"),
    ("颯太", "そうた", "male"),
    ("蒼", "あお", "male"),
    ("樹", "いつき", "male"),
    ("陸", "りく", "male"),
    ("奏太", "かなた", "male"),
    ("朝陽", "あさひ", "male"),
    ("大翔", "ひろと", "male"),
)

MOTHER_NAMES = (("恵", "めぐみ"), ("直美", "なおみ"), ("裕子", "ゆうこ"), ("愛", "あい"))
FATHER_NAMES = (("誠", "まこと"), ("大輔", "だいすけ"), ("拓也", "たくや"), ("修", "おさむ"))
SYNTHETIC_COORDINATORS = (("見本 一郎", "みほん いちろう"), ("見本 二葉", "みほん ふたば"))
NOTE = "架空の記録（デモ・性能測定用）"

BIRTH_FROM, BIRTH_TO = date(2006, 1, 1), date(2024, 12, 31)
CASE_NUMBER_MAX = 9999  # numbers are FY-NNNN

CONTACT_WEIGHTS = {"phone": 50, "email": 15, "line": 10, "meeting": 10, "walk_in": 5}
CONSULTER_WEIGHTS = {"family": 55, "supporter": 40, "self": 2, "unknown": 3}


def _kana(hiragana: str, katakana: bool) -> str:
    """The hiragana as given, or in katakana (some coordinators type kana that way)."""
    if not katakana:
        return hiragana
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


def _weighted(codes: tuple[str, ...], weights: dict[str, int]) -> list[str]:
    """A pool to draw from: each code as often as its weight (1 when not listed)."""
    return [c for c in codes for _ in range(weights.get(c, 1))]


# random.randrange/choice/sample cost about 2 µs a call, random() 40 ns; the loader makes
# millions of draws, so it draws with random() and these helpers.
Draw = Callable[[], float]


def _int(r: Draw, lo: int, hi: int) -> int:
    """lo..hi inclusive."""
    return lo + int(r() * (hi - lo + 1))


def _pick(r: Draw, seq: Sequence[T]) -> T:
    return seq[int(r() * len(seq))]


def _some(r: Draw, seq: Sequence[T], k: int) -> list[T]:
    """k different items of seq (k <= len(seq)), in seq's order."""
    chosen: set[int] = set()
    while len(chosen) < k:
        chosen.add(int(r() * len(seq)))
    return [seq[i] for i in sorted(chosen)]


def _at(day: date, r: Draw) -> datetime:
    """A time during office hours (09:00–18:00) on `day`."""
    return datetime(day.year, day.month, day.day) + timedelta(seconds=32400 + int(r() * 32400))


def _next_ids(conn: Connection, *tables: Any) -> dict[str, int]:
    return {t.name: (conn.scalar(select(func.max(t.c.id))) or 0) + 1 for t in tables}


def _existing_sequences(conn: Connection) -> Counter[int]:
    """Highest case number in use per fiscal year (numbers read like 2024-0012)."""
    last: Counter[int] = Counter()
    for (number,) in conn.execute(select(s.Case.number)):
        fy, _, seq = number.partition("-")
        if fy.isdigit() and seq.isdigit():
            last[int(fy)] = max(last[int(fy)], int(seq))
    return last


def _coordinators(conn: Connection, at: datetime) -> list[int]:
    table = s.Coordinator.__table__
    ids = list(conn.scalars(select(table.c.id).where(table.c.active.is_(True))))
    if ids:
        return ids
    conn.execute(
        insert(table),
        [
            {"name": n, "kana": k, "active": True, "created_at": at}
            for n, k in SYNTHETIC_COORDINATORS
        ],
    )
    return list(conn.scalars(select(table.c.id).where(table.c.active.is_(True))))


def load_synthetic(
    engine: Engine, *, children: int, cases: int, seed: int, start: date, end: date
) -> None:
    """Add `children` synthetic children and `cases` cases opened in [start, end], in one go.

    Each case has 1–3 topics, a status history row per status change (ongoing when opened,
    then perhaps watching and/or closed), and about a third have activities or a follow-up.
    About 9 in 10 cases belong to one of the new children (none if `children` is 0).
    Raises ValueError when a fiscal year would need more than 9,999 case numbers.
    """
    if start > end:
        raise ValueError("start is after end")
    if children < 0 or cases < 0:
        raise ValueError("counts must not be negative")
    r = random.Random(seed).random
    ref = reference()
    span = (end - start).days + 1
    opened = sorted(start + timedelta(days=int(r() * span)) for _ in range(cases))
    per_year = Counter(fiscal_year_of(day) for day in opened)

    with engine.begin() as conn:
        last_seq = _existing_sequences(conn)
        for fy, n in per_year.items():
            if last_seq[fy] + n > CASE_NUMBER_MAX:
                raise ValueError(
                    f"FY{fy} would need case number {last_seq[fy] + n} (at most "
                    f"{CASE_NUMBER_MAX}): spread the cases over more years"
                )
        coordinators = _coordinators(conn, datetime.combine(start, time(9)))
        ids = _next_ids(
            conn,
            s.Child.__table__,
            s.Guardian.__table__,
            s.ConsentRecord.__table__,
            s.Case.__table__,
            s.CaseStatusChange.__table__,
            s.Activity.__table__,
            s.FollowUp.__table__,
        )
        kids = _children(r, ref, children, ids, coordinators, start)
        work = _cases(r, ref, opened, kids["children"], ids, coordinators, last_seq, end)
        for table, rows in (
            (s.Child.__table__, kids["children"]),
            (s.ChildCareType.__table__, kids["care_types"]),
            (s.Guardian.__table__, kids["guardians"]),
            (s.ConsentRecord.__table__, kids["consents"]),
            (s.Case.__table__, work["cases"]),
            (s.CaseTopic.__table__, work["topics"]),
            (s.CaseStatusChange.__table__, work["history"]),
            (s.Activity.__table__, work["activities"]),
            (s.FollowUp.__table__, work["follow_ups"]),
        ):
            if rows:
                conn.execute(insert(table), rows)
        conn.execute(
            insert(s.AuditEvent.__table__),
            {
                "at": datetime.now(UTC).replace(tzinfo=None),
                "coordinator_id": None,
                "action": "import",
                "entity": "case",
                "entity_id": None,
                "detail": f"{cases} synthetic cases, {children} children (seed {seed})",
            },
        )


def _children(
    r: Draw,
    ref: Any,
    n: int,
    ids: dict[str, int],
    coordinators: list[int],
    start: date,
) -> dict[str, list[dict[str, Any]]]:
    municipalities = ref.municipalities.codes
    care_codes = ref.care_types.codes
    scope_codes = ref.consent_scopes.codes
    birth_span = (BIRTH_TO - BIRTH_FROM).days + 1
    out: dict[str, list[dict[str, Any]]] = {
        "children": [],
        "care_types": [],
        "guardians": [],
        "consents": [],
    }
    guardian_id, consent_id = ids["guardians"], ids["consents"]
    for i in range(n):
        child_id = ids["children"] + i
        family, family_kana = _pick(r, FAMILY_NAMES)
        given, given_kana, sex = _pick(r, GIVEN_NAMES)
        katakana = r() < 0.2
        family_kana = _kana(family_kana, katakana)
        given_kana = _kana(given_kana, katakana)
        birth = BIRTH_FROM + timedelta(days=int(r() * birth_span))
        created = _at(max(start, birth), r)
        by = _pick(r, coordinators)
        out["children"].append(
            {
                "id": child_id,
                "family_name": family,
                "given_name": given,
                "family_kana": family_kana,
                "given_kana": given_kana,
                "birth_date": birth,
                "sex": sex if r() < 0.97 else "unspecified",
                "residence": _pick(r, municipalities)
                if r() < 0.98
                else _pick(r, ("outside", "unknown")),
                "address": f"架空町{_int(r, 1, 9)}-{_int(r, 1, 29)}-{_int(r, 1, 19)}",
                "phone": f"000-0000-{int(r() * 10000):04d}",
                "hospital": _pick(r, ("架空総合病院", "見本こども医療センター", "")),
                "doctor": "",
                "note": NOTE,
                # Exactly as store._child_key builds it.
                "search_key": search_key(f"{family}{given} {family_kana}{given_kana}"),
                "created_at": created,
                "created_by": by,
                "updated_at": created,
                "updated_by": by,
            }
        )
        for care in _some(r, care_codes, _int(r, 1, 3)):
            out["care_types"].append({"child_id": child_id, "care_type": care})
        parents = [("mother", MOTHER_NAMES)]
        if r() < 0.4:
            parents.append(("father", FATHER_NAMES))
        for position, (relation, names) in enumerate(parents):
            name, kana = _pick(r, names)
            out["guardians"].append(
                {
                    "id": guardian_id,
                    "child_id": child_id,
                    "position": position,
                    "name": f"{family} {name}",
                    "kana": f"{family_kana} {_kana(kana, katakana)}",
                    "relation": relation,
                    "phone": f"000-0000-{int(r() * 10000):04d}",
                    "email": "",
                    "address": "",
                }
            )
            guardian_id += 1
        if r() < 0.5:
            out["consents"].append(
                {
                    "id": consent_id,
                    "child_id": child_id,
                    "consented_on": created.date(),
                    "consenter": f"{family} {_pick(r, MOTHER_NAMES)[0]}",
                    "scopes": " ".join(_some(r, scope_codes, _int(r, 1, 4))),
                    "note": "",
                    "withdrawn_on": None,
                    "recorded_at": created,
                }
            )
            consent_id += 1
    return out


def _cases(
    r: Draw,
    ref: Any,
    opened: list[date],
    children: list[dict[str, Any]],
    ids: dict[str, int],
    coordinators: list[int],
    last_seq: Counter[int],
    end: date,
) -> dict[str, list[dict[str, Any]]]:
    methods = _weighted(ref.contact_methods.codes, CONTACT_WEIGHTS)
    consulters = _weighted(ref.consulter_types.codes, CONSULTER_WEIGHTS)
    organisations = ref.supporter_organisations.codes
    topics = ref.topics.codes
    kinds = ref.activity_kinds.codes
    residences = ref.residences.codes
    out: dict[str, list[dict[str, Any]]] = {
        "cases": [],
        "topics": [],
        "history": [],
        "activities": [],
        "follow_ups": [],
    }
    history_id, activity_id, follow_up_id = (
        ids["case_status_history"],
        ids["activities"],
        ids["follow_ups"],
    )
    seq = Counter(last_seq)
    for i, day in enumerate(opened):
        case_id = ids["cases"] + i
        fy = fiscal_year_of(day)
        seq[fy] += 1
        child = _pick(r, children) if children and r() < 0.9 else None
        consulter = _pick(r, consulters)
        by = _pick(r, coordinators)
        created = _at(day, r)
        # Status timeline: ongoing when opened, then perhaps watching, then perhaps closed.
        changes = [("ongoing", day)]
        when = day
        if r() < 0.3:
            when = when + timedelta(days=_int(r, 14, 180))
            changes.append(("watching", when))
        if r() < 0.6:
            when = when + timedelta(days=_int(r, 1, 365))
            changes.append(("closed", when))
        changes = [(status, on) for status, on in changes if on <= end]
        status, changed_on = changes[-1]
        updated = created if changed_on == day else _at(changed_on, r)
        out["cases"].append(
            {
                "id": case_id,
                "number": f"{fy}-{seq[fy]:04d}",
                "opened_on": day,
                "contact_method": _pick(r, methods),
                "consulter_type": consulter,
                "supporter_organisation": _pick(r, organisations)
                if consulter == "supporter"
                else None,
                "residence": child["residence"] if child else _pick(r, residences),
                "child_id": child["id"] if child else None,
                "status": status,
                "status_changed_on": changed_on,
                "note": "",
                "created_at": created,
                "created_by": by,
                "updated_at": updated,
                "updated_by": by,
            }
        )
        for topic in _some(r, topics, _pick(r, (1, 1, 2, 2, 3))):
            out["topics"].append({"case_id": case_id, "topic": topic})
        for n, (st, on) in enumerate(changes):
            out["history"].append(
                {
                    "id": history_id,
                    "case_id": case_id,
                    "status": st,
                    "effective_on": on,
                    "recorded_at": created if n == 0 else _at(on, r),
                    "coordinator_id": by,
                }
            )
            history_id += 1
        if r() < 0.3:
            for _ in range(_int(r, 1, 2)):
                on = min(end, day + timedelta(days=_int(r, 0, 60)))
                at = _at(on, r)
                out["activities"].append(
                    {
                        "id": activity_id,
                        "case_id": case_id,
                        "occurred_on": on,
                        "kind": _pick(r, kinds),
                        "method": _pick(r, methods) if r() < 0.8 else None,
                        "minutes": 10 + 5 * int(r() * 17),
                        "note": "",
                        "deleted_at": None,
                        "created_at": at,
                        "created_by": by,
                        "updated_at": at,
                        "updated_by": by,
                    }
                )
                activity_id += 1
        if r() < 0.05:
            due = day + timedelta(days=_int(r, 7, 60))
            done = due if due < end and r() < 0.8 else None
            out["follow_ups"].append(
                {
                    "id": follow_up_id,
                    "case_id": case_id,
                    "due_on": due,
                    "purpose": "状況確認（架空）",
                    "done_on": done,
                    "outcome": "連絡済み（架空）" if done else "",
                    "deleted_at": None,
                    "created_at": created,
                    "created_by": by,
                    "updated_at": created,
                    "updated_by": by,
                }
            )
            follow_up_id += 1
    return out
