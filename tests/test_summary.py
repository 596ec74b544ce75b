"""The quarterly summary: seed 003's year comes back, in a fixed shape, with nothing personal.

Promises 25 (deterministic) and 29 (codes and counts only) of the security anchors.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.importer import import_file
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import summary
from mccdesk.sync.disclosure import Policy
from mccdesk.sync.tables import BY_NAME, SPECS
from tests.support import seed003

Q4 = FiscalQuarter(2023, 4)
CANARY_NAME = ("カナリア", "囀子")
CANARY_NOTE = "秘密のメモ・カナリア"
CANARY_BIRTH = date(2019, 7, 23)


@pytest.fixture
def seeded(book: CaseBook, tmp_path: Path) -> CaseBook:
    import_file(book, seed003.write_xlsx(tmp_path))
    return book


def _nonzero(cells: dict[str, int | None]) -> dict[str, int | None]:
    return {c: v for c, v in cells.items() if v != 0}


def test_fy2023_q4_year_to_date_equals_seed_003(seeded: CaseBook) -> None:
    doc = summary.build(seeded, Q4).document()
    ytd = doc["scopes"]["year_to_date"]
    expected = seed003.EXPECTED
    assert _nonzero(ytd["cases_by_residence"]["cells"]) == expected["residence"]
    assert _nonzero(ytd["cases_by_contact_method"]["cells"]) == expected["contact_method"]
    assert _nonzero(ytd["cases_by_consulter_type"]["cells"]) == expected["consulter_type"]
    assert _nonzero(ytd["cases_by_topic"]["cells"]) == expected["topic"]
    assert _nonzero(ytd["case_status"]["cells"]) == expected["status"]
    assert ytd["cases_by_residence"]["total"] == 77 == ytd["case_status"]["total"]
    assert sum(ytd["cases_by_topic"]["cells"].values()) == 140
    # Every code of the vocabulary is there, zeros included (seed 003: 三浦市 0件).
    assert ytd["cases_by_residence"]["cells"]["142107"] == 0
    assert ytd["cases_by_topic"]["cells"]["middle_school"] == 0
    assert "total" not in ytd["cases_by_topic"]  # one case, several topics: no population total
    # The quarter is the January–March part of the same year.
    quarter = doc["scopes"]["quarter"]
    jan_mar = seeded.count_cases_opened(Q4.start, Q4.end, by="residence")
    assert _nonzero(quarter["cases_by_residence"]["cells"]) == jan_mar
    assert quarter["cases_by_residence"]["total"] == sum(jan_mar.values()) < 77


def test_children_tables_are_protected(seeded: CaseBook) -> None:
    """Seed 003 names 6 children: every count of them is under 10, so none is published."""
    doc = summary.build(seeded, Q4).document()
    for scope in ("quarter", "year_to_date"):
        for name in ("children_by_care_type", "children_by_age_band", "children_by_municipality"):
            table = doc["scopes"][scope][name]
            assert all(v in (0, None) for v in table["cells"].values()), name
            assert table.get("total") is None
    # …while the exact counts were there before protection (so the check above means something).
    raw = summary.count_scope(seeded, summary.scopes(Q4)[1])
    assert sum(raw["children_by_age_band"].cells.values()) > 0


def test_same_data_gives_the_same_bytes_and_shape(seeded: CaseBook, book_folder: Path) -> None:
    first = summary.build(seeded, Q4).canonical()
    assert summary.build(seeded, Q4).canonical() == first
    assert first == json.dumps(
        json.loads(first), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    empty = summary.build(seeded, FiscalQuarter(2030, 1)).document()
    for scope in empty["scopes"].values():
        assert set(scope) == {s.name for s in SPECS}
        for name, table in scope.items():
            assert list(table["cells"]) == list(BY_NAME[name].codes(seeded.ref))
            if not name.startswith("children"):  # children of open cases stay open
                assert all(v == 0 for v in table["cells"].values()), name


def test_activities_referrals_follow_ups_and_issues_are_counted(book: CaseBook) -> None:
    child = book.add_child(
        d.ChildDraft(
            family_name=CANARY_NAME[0],
            given_name=CANARY_NAME[1],
            birth_date=CANARY_BIRTH,
            sex="female",
            residence="142018",
            care_types=("suction", "tube_feeding"),
            note=CANARY_NOTE,
        )
    )
    case = book.open_case(
        d.CaseDraft(
            opened_on=date(2024, 10, 2),
            contact_method="phone",
            consulter_type="family",
            residence="142018",
            topics=("respite", "school_life"),
            child_id=child.id,
            note=CANARY_NOTE,
        )
    )
    book.record_activity(
        d.ActivityDraft(case.id, date(2024, 11, 5), "home_visit", None, 60, CANARY_NOTE)
    )
    res = book.add_resource(
        d.ResourceDraft(name="架空訪問看護", kind="home_nursing", residence="142018")
    )
    ref = book.refer(
        d.ReferralDraft(
            case_id=case.id, resource_id=res.id, referred_on=date(2024, 11, 6), purpose=CANARY_NOTE
        )
    )
    book.change_referral_status(ref.id, "accepted", date(2024, 12, 1))
    book.schedule_follow_up(d.FollowUpDraft(case.id, date(2024, 12, 10), CANARY_NOTE))
    book.add_local_issue(d.LocalIssueDraft("レスパイト先不足", date(2024, 12, 3), "respite"))

    doc = summary.build(book, FiscalQuarter(2024, 3), Policy(k={})).document()
    q = doc["scopes"]["quarter"]
    assert q["activities_by_kind"]["cells"]["home_visit"] == 1
    assert q["activities_by_method"]["cells"]["none"] == 1
    assert q["referrals_by_resource_kind"]["cells"]["home_nursing"] == 1
    assert q["referrals_by_outcome"]["cells"]["accepted"] == 1
    assert q["follow_ups"]["cells"] == {"done": 0, "overdue": 1}
    assert q["issues_by_topic"]["cells"]["respite"] == 1
    assert q["children_by_care_type"]["cells"]["suction"] == 1
    assert q["children_by_age_band"]["cells"]["preschool"] == 1  # school age 5 in FY2024
    assert q["children_by_municipality"]["cells"]["142018"] == 1
    assert q["cases_by_supporter_organisation"]["cells"]["none"] == 1

    # Promise 29: nothing personal in any byte, in any encoding people would search for.
    data = summary.build(book, FiscalQuarter(2024, 3)).canonical()
    for text in (*CANARY_NAME, CANARY_NOTE, "架空訪問看護", "レスパイト先不足"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert text.encode(encoding) not in data
        assert text.encode("unicode_escape") not in data
    for form in ("2019-07-23", "20190723", "2019/07/23", "2024-10-02", "2024-11-05"):
        assert form.encode() not in data


def test_the_allow_list_refuses_anything_unknown(seeded: CaseBook) -> None:
    good = summary.build(seeded, Q4).document()
    summary.validate(good, seeded.ref)

    def spoiled(change) -> dict:  # type: ignore[no-untyped-def]
        doc = json.loads(summary.canonical_json(good))
        change(doc)
        return doc

    quarter = "quarter"
    bad = [
        lambda doc: doc.__setitem__("note", "x"),
        lambda doc: doc["scopes"][quarter].__setitem__("names", {"unit": "cases", "cells": {}}),
        lambda doc: doc["scopes"][quarter]["case_status"]["cells"].__setitem__("山田太郎", 1),
        lambda doc: doc["scopes"][quarter]["case_status"]["cells"].__setitem__("closed", -1),
        lambda doc: doc["scopes"][quarter]["case_status"]["cells"].__setitem__("closed", "3"),
        lambda doc: doc["scopes"][quarter]["case_status"]["cells"].__setitem__("closed", True),
        lambda doc: doc["scopes"][quarter]["case_status"].__setitem__("note", "x"),
        lambda doc: doc["scopes"][quarter]["case_status"].__setitem__("unit", "children"),
        lambda doc: doc.__setitem__("branch", "B01 山田"),
        lambda doc: doc.__setitem__("period", "2024-01-15"),
        lambda doc: doc["scopes"].__setitem__("2024-01-15", {}),
    ]
    for i, change in enumerate(bad):
        with pytest.raises(summary.SummaryInvalid):
            summary.validate(spoiled(change), seeded.ref)
        assert i >= 0
    with pytest.raises(summary.SummaryInvalid):
        summary.canonical_json({"a": 1.5})


def test_summary_show_prints_labels_and_dashes_json_keeps_codes(
    seeded: CaseBook, book_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mccdesk.cli import main

    args = ["--data-dir", str(book_folder)]
    seeded.close()  # the command opens the book itself
    assert main([*args, "summary", "build", "--period", Q4.code]) == 0
    capsys.readouterr()
    assert main([*args, "summary", "show", Q4.code]) == 0
    out = capsys.readouterr().out
    assert "【四半期】相談ケース（居住地別）　合計" in out
    assert "【年度累計（4月から）】相談ケース（居住地別）　合計 77件" in out
    assert "【年度累計（4月から）】児童（市町村別）　合計 －人" in out  # 6 children: withheld
    lines = out.splitlines()
    municipality = lines.index("【年度累計（4月から）】児童（市町村別）　合計 －人")
    cells = lines[municipality + 1 : municipality + 1 + len(seeded.ref.residences)]
    assert all(line.startswith("    ") for line in cells)
    assert [line.split()[0] for line in cells[:2]] == ["横須賀市", "鎌倉市"]
    assert {line.split()[-1] for line in cells} == {"0", "－"}  # seed 003's few children
    assert "三浦市" in out and "142018" not in out and "children_by" not in out
    assert "非表示にした数" in out

    assert main([*args, "--lang", "en", "summary", "show", Q4.code]) == 0
    out = capsys.readouterr().out
    assert "[Year to date (from April)] Cases by residence: total 77 cases" in out
    assert "Outside the prefecture" in out and "Preschool" in out and "Not recorded" in out
    assert "142018" not in out

    assert main([*args, "summary", "show", Q4.code, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)["content"]
    places = doc["scopes"]["year_to_date"]["children_by_municipality"]
    assert "142018" in places["cells"] and places["total"] is None
    assert None in places["cells"].values()  # suppressed cells stay null, not 「－」
