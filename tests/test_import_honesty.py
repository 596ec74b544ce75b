"""Import honesty, built from a hostile probe (issue 13, item 8): rows that name one child with
conflicting details are reported by row and column, never merged; children without a birth date
are never merged; control characters, over-long fields and impossible dates are refused."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.importer import ImportFailed, import_file
from tests.support import seed003

TODAY = date(2024, 6, 30)
REQUIRED = ["受付日", "相談方法", "相談種別", "市町村", "主訴", "状況"]


def _row(**cells: object) -> dict[str, object]:
    base: dict[str, object] = {
        "受付日": "2024/04/10",
        "相談方法": "電話",
        "相談種別": "親・親族",
        "市町村": "横須賀市",
        "主訴": "レスパイト",
        "状況": "継続",
    }
    return {**base, **cells}


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    names = list(dict.fromkeys(h for r in rows for h in [*REQUIRED, *r]))
    return seed003.write_table(path, names, rows)


def _import(book: CaseBook, path: Path) -> object:
    return import_file(book, path, today=TODAY)


def _refused(book: CaseBook, path: Path) -> ImportFailed:
    """The import fails and the book is as it was (these tests import into an empty book, or
    one holding a single child)."""
    children = book.totals()["children"]
    with pytest.raises(ImportFailed) as exc:
        _import(book, path)
    assert book.cases() == [] and book.totals()["children"] == children
    return exc.value


def _where(exc: ImportFailed) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in exc.report.problems]


HANAKO = {"児童氏名": "重複 花子", "ふりがな": "ちょうふく はなこ", "生年月日": "2019/05/01"}


# --- one child, two rows --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_two_rows_naming_one_child_with_conflicting_details_are_reported_not_merged(
    book: CaseBook, tmp_path: Path, suffix: str
) -> None:
    rows = [
        _row(**HANAKO, 性別="女", 医療的ケア="吸引"),
        _row(受付日="2024/05/01"),  # a case without a child between them
        _row(**{**HANAKO, "ふりがな": "ちょうふく はなみ"}, 性別="男", 医療的ケア="吸引、胃ろう"),
    ]
    exc = _refused(book, _write(tmp_path / f"dup{suffix}", rows))
    assert _where(exc) == [(4, "ふりがな"), (4, "性別"), (4, "医療的ケア")]
    lines = exc.message("ja").splitlines()
    assert lines[1].startswith("4行目「ふりがな」: ちょうふく はなみ — ")
    assert "2行目" in lines[1]  # where the other value is
    assert "2行目" in lines[2] and "女" in lines[2]
    en = exc.message("en").splitlines()
    assert en[2].startswith("Row 4, column 性別: 男 — ") and "row 2" in en[2]


def test_rows_naming_one_child_complete_each_other_when_they_agree(
    book: CaseBook, tmp_path: Path
) -> None:
    rows = [
        _row(児童氏名="重複 花子", 生年月日="2019/05/01"),
        _row(**HANAKO, 性別="女", 医療的ケア="吸引"),
        # the same reading in katakana and full-width spaces: the same kana
        _row(**{**HANAKO, "ふりがな": "チョウフク　ハナコ"}, 医療的ケア="喀痰吸引"),
    ]
    report = _import(book, _write(tmp_path / "agree.csv", rows))
    assert report.children == 1  # type: ignore[attr-defined]
    (child,) = book.search_children("重複")
    assert (child.family_kana, child.given_kana, child.sex) == ("ちょうふく", "はなこ", "female")
    assert child.care_types == ("suction",) and child.birth_date == date(2019, 5, 1)
    assert {c.child_id for c in book.cases()} == {child.id}


def test_a_row_conflicting_with_a_child_already_in_the_book_is_reported(
    book: CaseBook, tmp_path: Path
) -> None:
    existing = book.add_child(
        d.ChildDraft(
            family_name="重複",
            given_name="花子",
            family_kana="ちょうふく",
            given_kana="はなこ",
            birth_date=date(2019, 5, 1),
            sex="female",
            residence="142018",
            care_types=("suction",),
        )
    )
    rows = [_row(**HANAKO, 性別="男"), _row(**HANAKO, 医療的ケア="吸引")]
    exc = _refused(book, _write(tmp_path / "book.csv", rows))
    assert _where(exc) == [(2, "性別")]
    assert "台帳" in exc.report.problems[0].reason_ja and "女" in exc.report.problems[0].reason_ja

    report = _import(book, _write(tmp_path / "same.csv", [_row(**HANAKO, 性別="女")]))
    assert report.children == 1  # type: ignore[attr-defined]
    assert [c.child_id for c in book.cases()] == [existing.id]
    assert book.totals()["children"] == 1


# --- no birth date: never merged ------------------------------------------------------------------


def test_children_without_a_birth_date_are_never_merged(book: CaseBook, tmp_path: Path) -> None:
    book.add_child(d.ChildDraft(family_name="同名", given_name="一郎", residence="142018"))
    rows = [
        _row(児童氏名="同名 一郎", 市町村="横須賀市"),
        _row(児童氏名="同名 一郎", 市町村="鎌倉市", 性別="男"),
    ]
    report = _import(book, _write(tmp_path / "ichiro.csv", rows))
    assert report.children == 2  # type: ignore[attr-defined]
    assert any("生年月日" in line and "2" in line for line in report.lines("ja"))  # type: ignore[attr-defined]
    assert any("birth date" in line for line in report.lines("en"))  # type: ignore[attr-defined]
    ichiros = book.search_children("同名")
    assert len(ichiros) == 3
    cases = sorted(book.cases(), key=lambda c: c.id)
    assert len({c.child_id for c in cases}) == 2
    assert [book.child(c.child_id).residence for c in cases] == ["142018", "142042"]  # type: ignore[arg-type]


# --- values a person cannot have typed ------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_control_characters_are_refused(book: CaseBook, tmp_path: Path, suffix: str) -> None:
    rows = [
        _row(児童氏名="制御\x00 花子"),  # NUL
        _row(主訴="レスパイト\x1b"),  # ESC
        _row(メモ="a\u0085b"),  # C1 (NEL)
        _row(児童氏名="タブ\t花子"),  # a tab is not part of a name
        _row(メモ="一行目\n\t二行目"),  # but a note may hold tabs and line breaks
        _row(主訴="レスパイト\n入園"),  # and a list its line breaks (Alt+Enter)
    ]
    if suffix == ".xlsx":  # XML cannot hold NUL or ESC: Excel writes them as _x0000_
        rows[0]["児童氏名"] = "制御_x0000_ 花子"
        rows[1]["主訴"] = "レスパイト_x001B_"
    exc = _refused(book, _write(tmp_path / f"ctl{suffix}", rows))
    assert _where(exc) == [(2, "児童氏名"), (3, "主訴"), (4, "メモ"), (5, "児童氏名")]
    assert "制御文字" in exc.report.problems[0].reason_ja
    shown = exc.report.problems[0].value
    assert "\x00" not in shown and "\\x00" in shown  # shown, not swallowed or passed on
    assert "\x00" not in exc.message("ja")


def test_a_120000_character_name_is_refused_and_not_echoed(
    book: CaseBook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rows = [_row(児童氏名="長" * 120_000), _row(児童氏名="長" * 101), _row(メモ="m" * 2_001)]
    exc = _refused(book, _write(tmp_path / "long.csv", rows))
    assert _where(exc) == [(2, "児童氏名"), (3, "児童氏名"), (4, "メモ")]
    assert all(len(p.value) < 80 for p in exc.report.problems)
    assert "100" in exc.report.problems[1].reason_ja and "2,000" in exc.report.problems[2].reason_ja
    assert "長長長" not in caplog.text and "長長長" not in str(exc)


def test_names_and_notes_at_the_schema_lengths_are_fine(book: CaseBook, tmp_path: Path) -> None:
    rows = [_row(児童氏名="長" * 100 + " " + "名" * 100, ふりがな="な" * 100, メモ="m" * 2_000)]
    assert _import(book, _write(tmp_path / "edge.xlsx", rows)).cases == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_implausible_dates_are_refused(book: CaseBook, tmp_path: Path, suffix: str) -> None:
    rows = [
        _row(児童氏名="古い 一", 生年月日="0001-01-01"),
        _row(児童氏名="古い 二", 生年月日="1800-01-01"),
        _row(児童氏名="未来 三", 生年月日="2024/07/01"),  # after TODAY
        _row(受付日="1899/12/31"),
        _row(受付日="2024/07/01"),
        _row(状況="完了", 完了日="2024/07/01"),
        _row(児童氏名="古い 四", 生年月日=date(1800, 1, 1)),  # a date cell in the xlsx
        _row(児童氏名="境目 五", 生年月日="1900/01/01", 受付日="2024/06/30"),  # both fine
    ]
    exc = _refused(book, _write(tmp_path / f"dates{suffix}", rows))
    assert _where(exc) == [
        (2, "生年月日"),
        (3, "生年月日"),
        (4, "生年月日"),
        (5, "受付日"),
        (6, "受付日"),
        (7, "完了日"),
        (8, "生年月日"),
    ]
    assert "1900" in exc.report.problems[0].reason_ja
    assert "未来" in exc.report.problems[2].reason_ja


def test_the_checked_lengths_are_the_case_books(book: CaseBook) -> None:
    from mccdesk.import_rows import NAME_PART_MAX
    from mccdesk.storage import schema

    columns = schema.Child.__table__.c
    for name in ("family_name", "given_name", "family_kana", "given_kana"):
        assert columns[name].type.length == NAME_PART_MAX, name


def test_two_children_in_the_book_with_one_name_and_birth_date_are_not_guessed_between(
    book: CaseBook, tmp_path: Path
) -> None:
    twin = d.ChildDraft(
        family_name="重複", given_name="花子", birth_date=date(2019, 5, 1), residence="142018"
    )
    book.add_child(twin)
    book.add_child(twin)
    exc = _refused(book, _write(tmp_path / "which.csv", [_row(**HANAKO)]))
    assert _where(exc) == [(2, "児童氏名")]
    assert "2人以上" in exc.report.problems[0].reason_ja


def test_a_dry_run_finds_the_same_conflicts(book: CaseBook, tmp_path: Path) -> None:
    rows = [_row(**HANAKO, 性別="女"), _row(**HANAKO, 性別="男")]
    with pytest.raises(ImportFailed) as exc:
        import_file(book, _write(tmp_path / "dry.csv", rows), dry_run=True, today=TODAY)
    assert _where(exc.value) == [(3, "性別")]
