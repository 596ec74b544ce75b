"""The synthetic bulk loader: what it writes is read back correctly through the services."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, create_engine, select

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.periods import fiscal_year_of
from mccdesk.storage import schema as s
from mccdesk.storage.bulk import load_synthetic
from mccdesk.storage.store import _child_key

START, END = date(2022, 4, 1), date(2024, 3, 31)
CHILDREN, CASES = 40, 300


@pytest.fixture
def loaded(book: CaseBook) -> CaseBook:
    load_synthetic(book.opened.engine, children=CHILDREN, cases=CASES, seed=7, start=START, end=END)
    return book


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _half_width(katakana: str) -> str:
    """Full-width katakana to half-width (ｶﾞ as two characters), as some keyboards type it."""
    out = []
    for c in katakana:
        for half in (chr(cp) for cp in range(0xFF66, 0xFF9E)):
            if unicodedata.normalize("NFKC", half) == c:
                out.append(half)
                break
        else:
            base = unicodedata.normalize("NFD", c)
            out.append(_half_width(base[0]) + "ﾞ" if len(base) == 2 else c)
    return "".join(out)


def test_counts_and_links(loaded: CaseBook) -> None:
    totals = loaded.totals(END)
    assert (totals["children"], totals["cases"]) == (CHILDREN, CASES)
    cases = loaded.cases()
    assert all(START <= c.opened_on <= END for c in cases)
    assert all(1 <= len(c.topics) <= 3 for c in cases)
    assert {c.coordinator_id for c in cases} == {loaded.coordinator_id}
    linked = [c for c in cases if c.child_id is not None]
    assert len(linked) > CASES // 2 and all(c.child_name for c in linked)
    assert loaded.activities() and loaded.follow_ups()


def test_case_numbers_run_per_fiscal_year_in_order_of_opening(loaded: CaseBook) -> None:
    cases = sorted(loaded.cases(), key=lambda c: c.id)
    seen: Counter[int] = Counter()
    for case in cases:
        fy = fiscal_year_of(case.opened_on)
        seen[fy] += 1
        assert case.number == f"{fy}-{seen[fy]:04d}"
    # The services number the next case after the loaded ones.
    draft = d.CaseDraft(END, "phone", "family", "142018", ("respite",))
    assert (
        loaded.open_case(draft).number
        == f"{fiscal_year_of(END)}-{seen[fiscal_year_of(END)] + 1:04d}"
    )


def test_search_key_is_the_one_the_services_write(loaded: CaseBook) -> None:
    with loaded.opened.engine.connect() as conn:
        keys = {i: k for i, k in conn.execute(select(s.Child.id, s.Child.search_key))}
    for child in loaded.search_children(""):
        assert keys[child.id] == _child_key(child)


def test_children_are_found_by_kana_in_any_script_and_width(loaded: CaseBook) -> None:
    children = loaded.search_children("", limit=CHILDREN)
    assert len(children) == CHILDREN
    for child in children[:10]:
        kana = _hiragana(child.family_kana) + " " + _hiragana(child.given_kana)
        for query in (kana, _katakana(kana), _half_width(_katakana(kana))):
            found = [c.id for c in loaded.search_children(query)]
            assert child.id in found, query
    assert all(c.care_types and c.guardians for c in children)


def test_status_on_agrees_with_each_cases_history(loaded: CaseBook) -> None:
    histories = {c.id: (c, loaded.status_history(c.id)) for c in loaded.cases()}
    assert all(
        h[0].status == "ongoing" and h[0].effective_on == c.opened_on for c, h in histories.values()
    )
    statuses = set()
    for day in (START + timedelta(days=100), date(2023, 3, 31), END):
        expected: Counter[str] = Counter()
        for case, history in histories.values():
            if case.opened_on <= day:
                expected[[h for h in history if h.effective_on <= day][-1].status] += 1
        assert loaded.status_on(day) == dict(expected), day
        statuses |= set(expected)
    assert statuses == {"ongoing", "watching", "closed"}
    assert loaded.status_on(END) == dict(Counter(c.status for c, _ in histories.values()))


def _memory_engine() -> Engine:
    engine = create_engine("sqlite://")
    s.Base.metadata.create_all(engine)
    return engine


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)))
            for t in s.Base.metadata.sorted_tables
            if t.name != "audit_events"
        }


def test_same_seed_same_rows_and_a_second_load_adds() -> None:
    a, b = _memory_engine(), _memory_engine()
    for engine in (a, b):
        load_synthetic(engine, children=20, cases=100, seed=3, start=START, end=END)
    assert _dump(a) == _dump(b)
    load_synthetic(a, children=20, cases=100, seed=4, start=START, end=END)
    rows = _dump(a)
    assert (len(rows["children"]), len(rows["cases"])) == (40, 200)
    assert len(rows["coordinators"]) == 2  # the second load reuses the synthetic coordinators


def test_more_than_9999_cases_in_a_fiscal_year_is_refused() -> None:
    engine = _memory_engine()
    with pytest.raises(ValueError, match="FY2024"):
        load_synthetic(
            engine, children=0, cases=10_000, seed=1, start=date(2024, 4, 1), end=date(2025, 3, 31)
        )
    with engine.connect() as conn:
        assert conn.execute(select(s.Case.id)).first() is None
