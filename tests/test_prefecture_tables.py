"""The prefecture's tables: sums of the branches' real summaries, seed 003's layout, last year's
column beside this year's, uncertain sums shown as 「－」 and the public threshold for children."""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.importer import import_file
from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture import tables
from mccdesk.prefecture.model import AcceptedSummary
from mccdesk.sync import summary
from mccdesk.sync.disclosure import Policy
from tests.support import seed003

Q3 = FiscalQuarter(2024, 3)
FY23_Q4 = FiscalQuarter(2023, 4)
NO_SUPPRESSION = Policy(k={})


def accepted(
    doc: dict[str, Any], branch: str = "", area: str = "", rev: int = 1
) -> AcceptedSummary:
    """An accepted summary of `doc`, under another branch id and area if given."""
    doc = copy.deepcopy(doc)
    doc["branch"] = branch or doc["branch"]
    doc["area"] = area or doc["area"]
    return AcceptedSummary(
        doc["branch"], doc["area"], doc["period"], rev, rev, datetime(2025, 1, 10, 9, 0), doc
    )


def open_cases(book: CaseBook, rows: list[tuple[date, str, str, str, str]]) -> None:
    """(opened, residence, contact method, consulter type, topic) per case."""
    for opened, residence, method, consulter, topic in rows:
        book.open_case(d.CaseDraft(opened, method, consulter, residence, (topic,)))


def values(table: tables.PrefTable, column: str) -> dict[str, int | None]:
    i = [c.key for c in table.columns].index(column)
    return {r.code: r.counts[i].value for r in table.rows}


def test_tables_are_the_sum_of_the_branches(book: CaseBook) -> None:
    """Two branches' summaries from a real case book: every cell is the sum of theirs."""
    open_cases(
        book,
        [
            (date(2024, 10, 3), "142018", "phone", "family", "respite"),
            (date(2024, 11, 12), "142042", "line", "supporter", "respite"),
            (date(2024, 5, 20), "142018", "phone", "family", "home_life"),  # Q1: year to date only
        ],
    )
    first = summary.build(book, Q3, NO_SUPPRESSION).document()
    open_cases(
        book,
        [
            (date(2024, 12, 1), "142051", "email", "family", "systems"),
            (date(2024, 12, 2), "outside", "phone", "unknown", "respite"),
        ],
    )
    second = summary.build(book, Q3, NO_SUPPRESSION).document()  # 5 cases: the other branch
    result = tables.build(
        [accepted(first), accepted(second, "B02", "shonan-east")], Q3, book.ref, public=False
    )

    area = result.table("cases_by_area")
    q, ytd = values(area, "quarter"), values(area, "year_to_date")
    assert q["142018"] == 1 + 1 and ytd["142018"] == 2 + 2
    assert q["yokosuka-miura"] == 2 + 2  # the area's subtotal: 横須賀市 and 鎌倉市
    assert q["shonan-east"] == 1 and q["142051"] == 1
    assert q[tables.DESIGNATED_CITIES] == 1 and q["outside"] == 1  # 政令市・その他 holds 県外
    assert area.total == tuple(tables.Count(n) for n in (2 + 4, 0, 3 + 5, 0))
    for name in ("cases_by_contact_method", "cases_by_consulter_type", "cases_by_topic"):
        got = values(result.table(name), "quarter")
        expected = {
            code: first["scopes"]["quarter"][name]["cells"][code]
            + second["scopes"]["quarter"][name]["cells"][code]
            for code in got
        }
        assert got == expected, name
    assert values(result.table("cases_by_contact_method"), "quarter")["phone"] == 1 + 2
    assert values(result.table("cases_by_topic"), "year_to_date")["respite"] == 2 + 3
    # Nothing was sent for last year: its columns are zeros, not blanks.
    assert set(values(result.table("case_status"), "quarter_prev").values()) == {0}
    # Completeness: both branches, and the three prefectural areas nobody reported for.
    now = result.completeness[0]
    assert [(b.branch, b.area, b.received) for b in now.included] == [
        ("B01", "横須賀・三浦圏域", "2025/01/10"),
        ("B02", "湘南東部圏域", "2025/01/10"),
    ]
    assert now.missing_areas == ("湘南西部圏域", "県央圏域", "県西圏域")
    assert not now.complete and result.completeness[1].included == ()


def _previous_year_doc(template: dict[str, Any]) -> dict[str, Any]:
    """令和4年度 as seed 003 prints it (52 cases), as a valid FY2022-Q4 summary document."""
    doc = copy.deepcopy(template)
    doc["period"] = "FY2022-Q4"
    for scope in doc["scopes"].values():
        for table in scope.values():
            table["cells"] = dict.fromkeys(table["cells"], 0)
            if "total" in table:
                table["total"] = 0
    ytd = doc["scopes"]["year_to_date"]
    ytd["case_status"]["cells"] |= {"closed": 34, "ongoing": 14, "watching": 4}
    ytd["cases_by_contact_method"]["cells"] |= {"phone": 34, "line": 8, "email": 3, "other": 7}
    ytd["cases_by_consulter_type"]["cells"] |= {"family": 30, "supporter": 22}
    ytd["cases_by_residence"]["cells"] |= {"141003": 52}  # the seed gives no municipalities
    for name in ("case_status", "cases_by_contact_method", "cases_by_consulter_type"):
        ytd[name]["total"] = 52
    ytd["cases_by_residence"]["total"] = 52
    return doc


def test_seed_003_comes_back_in_its_own_layout(book: CaseBook, tmp_path: Path) -> None:
    import_file(book, seed003.write_xlsx(tmp_path))
    doc = summary.build(book, FY23_Q4).document()
    prev = _previous_year_doc(doc)
    summary.validate(prev, book.ref)
    result = tables.build([accepted(doc), accepted(prev)], FY23_Q4, book.ref)

    area = result.table("cases_by_area")
    shown = [(r.label, r.counts[2].value) for r in area.rows]  # 令和5年度 年間
    subtotals = [(label, n) for (label, n), r in zip(shown, area.rows, strict=True) if r.level == 1]
    assert subtotals == [
        ("横須賀・三浦圏域", 17),
        ("湘南東部圏域", 16),
        ("湘南西部圏域", 16),
        ("県央圏域", 9),
        ("県西圏域", 9),
        ("政令市・その他", 10),
    ]
    assert shown[:6] == [
        ("横須賀・三浦圏域", 17),
        ("横須賀市", 7),
        ("鎌倉市", 7),
        ("逗子市", 3),
        ("三浦市", 0),
        ("葉山町", 0),
    ]
    assert shown[-6:] == [
        ("政令市・その他", 10),
        ("横浜市", 5),
        ("川崎市", 1),
        ("相模原市", 1),
        ("県外", 1),
        ("不明", 2),
    ]
    assert area.total is not None and area.total[2].value == 77
    # 令和4年度 stands beside 令和5年度, with era labels on the columns.
    assert [c.label for c in area.columns] == [
        "令和5年度 第4四半期",
        "令和4年度 第4四半期（前年同期）",
        "令和5年度 年間",
        "令和4年度 年間（前年同期）",
    ]
    status = result.table("case_status")
    assert values(status, "year_to_date") == {"ongoing": 36, "watching": 5, "closed": 36}
    assert values(status, "year_to_date_prev") == {"ongoing": 14, "watching": 4, "closed": 34}
    method = result.table("cases_by_contact_method")
    assert values(method, "year_to_date")["phone"] == 59
    assert values(method, "year_to_date_prev")["phone"] == 34
    topic = result.table("cases_by_topic")
    assert topic.total is not None and topic.total[2].value == 140
    assert topic.total_label == "合計（延べ）"
    # Seed 003's 6 children are withheld by the branch: nothing about them is a number.
    children = result.table("children_by_age_band")
    assert [c.label for c in children.columns] == [
        "令和6年3月31日現在",
        "令和5年3月31日現在（前年同期）",
    ]
    assert children.total is not None and children.total[0].value is None
    assert children.total[0].text() == "－" and result.dashed


def _children_doc(template: dict[str, Any], bands: dict[str, int | None], total: int | None):  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(template)
    for scope in doc["scopes"].values():
        table = scope["children_by_age_band"]
        table["cells"] = dict.fromkeys(table["cells"], 0) | bands
        table["total"] = total
    return doc


def test_a_suppressed_input_makes_the_cell_a_dash_but_the_total_stays(book: CaseBook) -> None:
    base = summary.build(book, Q3).document()
    # Branch A suppressed its 3 preschool children and the 12 at elementary school (secondary),
    # but published its total of 15; branch B's counts are all at least 10.
    a = _children_doc(base, {"preschool": None, "elementary": None}, 15)
    b = _children_doc(base, {"preschool": 10, "elementary": 20, "middle": 0}, 30)
    for doc in (a, b):
        summary.validate(doc, book.ref)
    summaries = [accepted(a), accepted(b, "B02", "kenou")]

    working = tables.build(summaries, Q3, book.ref, public=False).table("children_by_age_band")
    preschool = working.cell("preschool", "end")
    assert preschool == tables.Count(known=10, withheld=1)  # at least 10, but not a number
    assert preschool.value is None and preschool.text() == "－"
    assert working.cell("middle", "end").value == 0  # zeros stay zeros
    assert working.total is not None and working.total[0].value == 45  # 15 + 30: exact

    public = tables.build(summaries, Q3, book.ref).table("children_by_age_band")
    assert public.cell("elementary", "end").text() == "－"
    assert public.total is not None and public.total[0].value == 45  # hidden cells sum to 45

    # A branch that withheld its total makes the prefecture's total uncertain as well.
    c = _children_doc(base, {"preschool": None, "elementary": None}, None)
    result = tables.build([accepted(c), accepted(b, "B02", "kenou")], Q3, book.ref)
    assert result.table("children_by_age_band").total[0].text() == "－"  # type: ignore[index]


def test_publication_applies_the_public_threshold_to_children(book: CaseBook) -> None:
    base = summary.build(book, Q3).document()
    a = _children_doc(base, {"elementary": 10, "middle": 12}, 22)
    b = _children_doc(base, {"elementary": 10, "high": 30}, 40)
    summaries = [accepted(a), accepted(b, "B02", "kenou")]
    strict = Policy(version="strict", k={"children": 15})

    working = tables.build(summaries, Q3, book.ref, strict, public=False)
    assert values(working.table("children_by_age_band"), "end") == {
        "preschool": 0, "elementary": 20, "middle": 12, "high": 30, "adult": 0, "unknown": 0,
    }  # fmt: skip
    public = tables.build(summaries, Q3, book.ref, strict).table("children_by_age_band")
    # 12 < 15 is hidden; so is the next smallest (20), else 62 − 20 − 30 would give it away.
    assert values(public, "end") == {
        "preschool": 0, "elementary": None, "middle": None, "high": 30, "adult": 0, "unknown": 0,
    }  # fmt: skip
    assert public.total is not None and public.total[0].value == 62
    assert public.dashed
    # Case tables have no threshold: the same policy leaves them alone.
    cases = tables.build(summaries, Q3, book.ref, strict).table("case_status")
    assert not cases.dashed


def test_only_the_period_and_the_same_quarter_last_year_count(book: CaseBook) -> None:
    open_cases(book, [(date(2024, 10, 3), "142018", "phone", "family", "respite")])
    doc = summary.build(book, Q3).document()
    other = copy.deepcopy(doc) | {"period": "FY2024-Q2"}  # not this period, nor last year's
    last_year = copy.deepcopy(doc) | {"period": "FY2023-Q3"}
    result = tables.build([accepted(doc), accepted(other), accepted(last_year)], Q3, book.ref)
    status = result.table("case_status")
    assert status.total is not None
    assert [c.value for c in status.total] == [1, 1, 1, 1]  # not 2: FY2024-Q2 is left out
    assert [b.period for b in result.completeness[1].included] == ["FY2023-Q3"]


@pytest.mark.parametrize(
    ("quarter", "label"),
    [(1, "令和6年度 累計（4月～6月）"), (3, "令和6年度 累計（4月～12月）"), (4, "令和6年度 年間")],
)
def test_year_to_date_labels(quarter: int, label: str) -> None:
    assert tables.scope_labels(FiscalQuarter(2024, quarter))["year_to_date"] == label


def test_english_labels_leave_the_numbers_and_the_japanese_alone(book: CaseBook) -> None:
    open_cases(book, [(date(2024, 10, 3), "142018", "phone", "family", "respite")])
    docs = [accepted(summary.build(book, Q3, NO_SUPPRESSION).document())]
    ja = tables.build(docs, Q3, book.ref)
    en = tables.build(docs, Q3, book.ref, lang="en")
    assert [[r.counts for r in t.rows] for t in en.tables] == [
        [r.counts for r in t.rows] for t in ja.tables
    ]
    assert [c.label for c in ja.table("cases_by_contact_method").columns] == [
        "令和6年度 第3四半期",
        "令和5年度 第3四半期（前年同期）",
        "令和6年度 累計（4月～12月）",
        "令和5年度 累計（4月～12月）（前年同期）",
    ]
    assert [c.label for c in en.table("cases_by_contact_method").columns] == [
        "FY2024 Q3 (Oct–Dec 2024)",
        "FY2023 Q3 (Oct–Dec 2023) (same quarter last year)",
        "FY2024 to date (Apr–Dec)",
        "FY2023 to date (Apr–Dec) (same period last year)",
    ]
    assert [c.label for c in en.table("children_by_age_band").columns] == [
        "As of 31 Dec 2024",
        "As of 31 Dec 2023 (same period last year)",
    ]
    methods = en.table("cases_by_contact_method")
    assert (methods.title, methods.total_label, methods.unit_label("en")) == (
        "Contact method",
        "Total",
        "cases",
    )
    assert "Phone" in [r.label for r in methods.rows]
    assert en.table("cases_by_topic").total_label == "Total (topics, not cases)"
    assert ja.table("cases_by_topic").total_label == "合計（延べ）"
    area = en.table("cases_by_area")
    assert [r.label for r in area.rows if r.level == 1][-1] == tables.OTHERS_LABEL_EN
    assert en.completeness[0].missing_areas[0] == "Shonan East"
    japanese = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff]")
    shown = [en.title, tables.footnote("en")] + [
        text
        for t in en.tables
        for text in (t.title, t.note, t.total_label, *(c.label for c in t.columns))
    ]
    shown += [r.label for t in en.tables for r in t.rows]
    assert not [text for text in shown if japanese.search(text)]
    assert ja.title == "医療的ケア児支援センター 相談・支援の状況（令和6年度 第3四半期）"
    assert ja.completeness[0].missing_areas[0] == "湘南東部圏域"


@pytest.mark.parametrize(
    ("quarter", "label"),
    [
        (1, "FY2024 to date (Apr–Jun)"),
        (3, "FY2024 to date (Apr–Dec)"),
        (4, "FY2024 full year (Apr–Mar)"),
    ],
)
def test_year_to_date_labels_in_english(quarter: int, label: str) -> None:
    assert tables.scope_labels(FiscalQuarter(2024, quarter), "en")["year_to_date"] == label
