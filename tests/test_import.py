"""Importing an office's sheet: seed 003's year comes back exactly; bad files change nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.importer import ImportFailed, import_file, read_rows, split_list, validate
from tests.support import seed003

FY = (date(2023, 4, 1), date(2024, 3, 31))
REQUIRED = ["受付日", "相談方法", "相談種別", "市町村", "主訴", "状況"]
OTHER_TOPIC = "その他（社会資源、家族支援、地域課題、学校看護師の採用・募集、成人以降支援）"
SYSTEMS_TOPIC = "制度（相談、支援、養成等）"


def _row(**cells: object) -> dict[str, object]:
    base: dict[str, object] = {
        "受付日": "2023/04/10",
        "相談方法": "電話",
        "相談種別": "親・親族",
        "市町村": "横須賀市",
        "主訴": "レスパイト",
        "状況": "継続",
    }
    return {**base, **cells}


def _write(path: Path, rows: list[dict[str, object]], headers: list[str] | None = None) -> Path:
    names = headers or list(dict.fromkeys(h for r in rows for h in [*REQUIRED, *r]))
    return seed003.write_table(path, names, rows)


def _problems(exc: pytest.ExceptionInfo[ImportFailed]) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.value) for p in exc.value.report.problems]


# --- the generator itself -------------------------------------------------------------------------


def test_the_synthetic_table_has_exactly_the_seeds_totals() -> None:
    counts = seed003.label_counts()
    assert counts["市町村"] == seed003.RESIDENCE_LABELS
    assert counts["相談方法"] == seed003.CONTACT_LABELS
    assert counts["相談種別"] == seed003.CONSULTER_LABELS
    assert counts["状況"] == seed003.STATUS_LABELS
    assert counts["主訴"] == {k: v for k, v in seed003.TOPIC_LABELS.items() if v}
    assert sum(counts["主訴"].values()) == seed003.TOPICS == 140
    rows = seed003.rows()
    assert len(rows) == seed003.CASES == 77
    for row in rows:
        topics = seed003._split_topics(str(row["主訴"]))
        assert 1 <= len(topics) <= 3 and len(set(topics)) == len(topics)
        assert FY[0] <= row["受付日"] <= FY[1]  # type: ignore[operator]
    assert rows == seed003.rows()  # deterministic


# --- seed 003 round trip --------------------------------------------------------------------------

WRITERS: dict[str, Callable[[Path], Path]] = {
    "xlsx": seed003.write_xlsx,
    "csv-cp932": lambda folder: seed003.write_csv(folder, "cp932"),
    "csv-utf8-bom": lambda folder: seed003.write_csv(folder, "utf-8-sig"),
}


@pytest.mark.parametrize("kind", list(WRITERS))
def test_importing_seed_003_gives_back_its_fy2023_counts(
    book: CaseBook, tmp_path: Path, kind: str
) -> None:
    path = WRITERS[kind](tmp_path)
    if kind == "csv-cp932":  # really Shift_JIS, so the fallback is what is being tested
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    if kind == "csv-utf8-bom":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    report = import_file(book, path)

    assert (report.rows, report.cases, report.children) == (77, 77, seed003.EXPECTED_CHILDREN)
    assert report.ignored_columns == seed003.IGNORED and not report.problems
    assert not report.dry_run
    expected = seed003.EXPECTED
    for by in ("residence", "contact_method", "consulter_type", "topic"):
        assert book.count_cases_opened(*FY, by=by) == expected[by], by
    assert book.status_on(FY[1]) == expected["status"]
    assert book.totals()["children"] == seed003.EXPECTED_CHILDREN
    assert len(book.cases()) == 77
    assert {c.coordinator_id for c in book.cases()} == {book.coordinator_id}


def test_import_keeps_dates_children_and_notes_as_the_office_wrote_them(
    book: CaseBook, tmp_path: Path
) -> None:
    rows = seed003.rows()
    import_file(book, seed003.write_xlsx(tmp_path))
    by_number = {c.number: c for c in book.cases()}
    assert sorted(by_number) == [f"2023-{i:04d}" for i in range(1, 78)]  # all in FY2023

    cases = sorted(book.cases(), key=lambda c: c.id)
    for row, case in zip(rows, cases, strict=True):
        assert case.opened_on == row["受付日"]
        assert case.note == row["メモ"]
        status_date = row["完了日"] or row["受付日"]  # no 完了日: effective on 受付日
        if row["状況"] != "継続":
            assert case.status_changed_on == status_date
            assert [h.effective_on for h in book.status_history(case.id)] == [
                row["受付日"],
                status_date,
            ]
        assert bool(case.child_id) == bool(row["児童氏名"])

    hanako = book.search_children("てすと はなこ")
    assert [(c.family_name, c.given_name, c.family_kana, c.given_kana) for c in hanako] == [
        ("テスト", "花子", "てすと", "はなこ")
    ]
    assert hanako[0].sex == "female" and hanako[0].birth_date == date(2019, 11, 20)
    assert hanako[0].care_types == ("suction", "tracheostomy", "ventilator_invasive")
    ichiro = book.search_children("テスト一郎")[0]
    assert len(book.cases(child_id=ichiro.id)) == 2  # the same child on two rows: one child


def test_the_import_is_audited_with_the_file_name_only(book: CaseBook, tmp_path: Path) -> None:
    path = seed003.write_xlsx(tmp_path)
    import_file(book, path)
    events = [e for e in book.store.audit_events() if e.action == "import"]
    assert len(events) == 1
    assert events[0].detail == f"77 rows from {path.name}"
    assert str(tmp_path) not in events[0].detail
    assert events[0].coordinator_id == book.coordinator_id


def test_dry_run_checks_everything_and_writes_nothing(book: CaseBook, tmp_path: Path) -> None:
    report = import_file(book, seed003.write_csv(tmp_path), dry_run=True)
    assert report.dry_run and (report.rows, report.cases) == (77, 77)
    assert book.cases() == [] and book.totals()["children"] == 0
    assert not [e for e in book.store.audit_events() if e.action == "import"]
    assert "77件" in " ".join(report.lines("ja")) and "書き込みなし" in report.lines("ja")[1]
    assert "Dry run" in report.lines("en")[1]


# --- a bad file changes nothing -------------------------------------------------------------------


def _malformed(tmp_path: Path, suffix: str = ".xlsx") -> Path:
    rows = [
        _row(),  # row 2: fine, but must not be imported either
        _row(市町村="横浜氏"),  # row 3
        _row(受付日="2023/4/31"),  # row 4
        _row(主訴=f"レスパイト、{OTHER_TOPIC}、にゅうえん"),  # row 5: one bad topic of three
        _row(受付日="R5.6.1", 状況="完了", 完了日="2023/5/31"),  # row 6
        _row(受付日="きのう"),  # row 7
    ]
    return _write(tmp_path / f"bad{suffix}", rows)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_malformed_file_lists_every_problem_and_imports_nothing(
    book: CaseBook, tmp_path: Path, suffix: str
) -> None:
    with pytest.raises(ImportFailed) as exc:
        import_file(book, _malformed(tmp_path, suffix))

    assert _problems(exc) == [
        (3, "市町村", "横浜氏"),
        (4, "受付日", "2023/4/31"),
        (5, "主訴", "にゅうえん"),
        (6, "完了日", "2023/5/31"),
        (7, "受付日", "きのう"),
    ]
    problems = exc.value.report.problems
    assert "横浜市" in problems[0].allowed and "県外" in problems[0].allowed
    assert OTHER_TOPIC in problems[2].allowed and "入園に関すること" in problems[2].allowed
    assert problems[1].reason_ja == "ありえない日付です"
    assert book.cases() == [] and book.totals()["children"] == 0
    assert not [e for e in book.store.audit_events() if e.action == "import"]
    assert exc.value.exit_code == 4


def test_problem_messages_in_japanese_and_english(book: CaseBook, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as exc:
        import_file(book, _malformed(tmp_path))
    ja = exc.value.message("ja").splitlines()
    en = exc.value.message("en").splitlines()
    assert ja[0] == "取り込みを中止しました。5件の問題があります（何も取り込んでいません）。"
    assert ja[1].startswith(
        "3行目「市町村」: 横浜氏 — 市町村名が見つかりません（選べる値: 横須賀市, 鎌倉市"
    )
    assert ja[1].endswith("横浜市, 川崎市, 相模原市, 県外, 不明）")
    assert ja[4] == "6行目「完了日」: 2023/5/31 — 受付日（2023/06/01）より前です"
    assert en[0] == "Import stopped: 5 problem(s) found (nothing was imported)."
    assert en[1].startswith(
        "Row 3, column 市町村: 横浜氏 — unknown municipality (allowed: 横須賀市"
    )
    assert en[4] == "Row 6, column 完了日: 2023/5/31 — before the date received (2023/06/01)"
    assert len(ja) == len(en) == 6


def test_cell_values_stay_out_of_logs_and_exception_text(
    book: CaseBook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ImportFailed) as exc:
        import_file(book, _malformed(tmp_path))
    assert "横浜氏" not in caplog.text and "横浜氏" not in str(exc.value)
    assert "横浜氏" not in repr(exc.value.args)
    assert "row 3 市町村" in str(exc.value)


def test_rows_keep_their_spreadsheet_numbers_past_blank_rows(
    book: CaseBook, tmp_path: Path
) -> None:
    blank: dict[str, object] = dict.fromkeys(REQUIRED, "")
    path = _write(tmp_path / "gaps.xlsx", [_row(), blank, blank, _row(相談方法="伝書鳩")])
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path)
    assert _problems(exc) == [(5, "相談方法", "伝書鳩")]
    assert "電話" in exc.value.report.problems[0].allowed
    assert exc.value.report.rows == 2  # blank rows are not rows


def test_other_values_that_are_refused(book: CaseBook, tmp_path: Path) -> None:
    rows = [
        _row(状況="継続", 完了日="2023/5/1"),  # a date for a status that has none
        _row(受付日="2099/4/1"),
        _row(主訴="、"),
        _row(状況="done?"),
        _row(児童氏名="テスト 未来", 生年月日="2099/1/1"),
        _row(児童氏名="", 生年月日="2020/1/1"),  # a birth date of nobody
        _row(児童氏名="テスト 二郎", 性別="?", 医療的ケア="経管栄養;空を飛ぶ"),
        _row(相談種別=""),
    ]
    with pytest.raises(ImportFailed) as exc:
        import_file(book, _write(tmp_path / "more.csv", rows), today=date(2024, 4, 1))
    assert _problems(exc) == [
        (2, "完了日", "2023/5/1"),
        (3, "受付日", "2099/4/1"),
        (4, "主訴", "、"),
        (5, "状況", "done?"),
        (6, "生年月日", "2099/1/1"),
        (7, "生年月日", "2020/1/1"),
        (8, "性別", "?"),
        (8, "医療的ケア", "空を飛ぶ"),
        (9, "相談種別", ""),
    ]
    assert book.cases() == []


# --- columns --------------------------------------------------------------------------------------


def test_headers_in_any_order_extra_columns_wareki_and_bracketed_topics(
    book: CaseBook, tmp_path: Path
) -> None:
    headers = ["備考", "状況", "主訴", "担当者", "市町村", "相談種別", "相談方法", "受付日"]
    rows = [
        _row(受付日="R5.4.1", 主訴=f"{OTHER_TOPIC}、{SYSTEMS_TOPIC}", 備考="x", 担当者="y"),
        _row(受付日="令和5年4月2日", 主訴=f"{SYSTEMS_TOPIC};入園に関すること（保育園・幼稚園）"),
        _row(受付日="２０２３年４月３日", 主訴="在宅生活（転居支援、訪問医・訪問看護等）"),
    ]
    report = import_file(book, _write(tmp_path / "order.csv", rows, headers))
    assert report.ignored_columns == ("備考", "担当者")
    assert "取り込まなかった列: 備考、担当者" in report.lines("ja")
    cases = sorted(book.cases(), key=lambda c: c.opened_on)
    assert [c.opened_on for c in cases] == [date(2023, 4, d) for d in (1, 2, 3)]
    assert [c.topics for c in cases] == [
        ("other", "systems"),
        ("nursery_entry", "systems"),
        ("home_life",),
    ]


def test_a_missing_required_column_is_one_problem_not_one_per_row(
    book: CaseBook, tmp_path: Path
) -> None:
    rows = [_row() for _ in range(5)]
    headers = [h for h in REQUIRED if h not in ("主訴", "状況")]
    with pytest.raises(ImportFailed) as exc:
        import_file(book, _write(tmp_path / "cols.xlsx", rows, headers))
    assert _problems(exc) == [(1, "主訴", ""), (1, "状況", "")]
    assert exc.value.message("ja").splitlines()[1] == "1行目「主訴」 — 必須の列がありません"
    assert book.cases() == []


def test_codes_aliases_and_spreadsheet_types_are_understood(book: CaseBook, tmp_path: Path) -> None:
    rows = [
        _row(
            受付日=date(2023, 7, 1),
            相談方法="対面",
            相談種別="supporter",
            相談者所属="訪問看護",
            市町村=142018,  # a number cell
            主訴="respite; systems",
            状況="closed",
            完了日=date(2023, 7, 3),
        ),
        _row(相談方法="line", 市町村="茅ケ崎市", 主訴="制度\n就学", 状況="経過観察"),
        _row(市町村="県外", 相談種別="不明"),
    ]
    import_file(book, _write(tmp_path / "codes.xlsx", rows))
    first, second, third = sorted(book.cases(), key=lambda c: c.id)
    assert (first.contact_method, first.consulter_type, first.supporter_organisation) == (
        "other",
        "supporter",
        "home_nursing",
    )
    assert (first.residence, first.topics, first.status) == (
        "142018",
        ("respite", "systems"),
        "closed",
    )
    assert first.status_changed_on == date(2023, 7, 3)
    assert (second.contact_method, second.residence, second.status) == (
        "line",
        "142077",
        "watching",
    )
    assert second.topics == ("school_entry", "systems")
    assert (third.residence, third.consulter_type) == ("outside", "unknown")


def test_child_columns_without_a_name_give_a_case_without_a_child(
    book: CaseBook, tmp_path: Path
) -> None:
    rows = [
        _row(児童氏名="", ふりがな="", 性別=""),
        _row(児童氏名="テスト"),  # no space: all of it is the family name
        _row(児童氏名="テスト", 性別="未記入"),  # the same name again, and no birth date either:
    ]  # nothing tells the two apart, so they stay two children (test_import_honesty.py)
    report = import_file(book, _write(tmp_path / "kids.csv", rows))
    assert report.children == 2 and report.separate_children == 2
    cases = sorted(book.cases(), key=lambda c: c.id)
    assert cases[0].child_id is None
    assert None is not cases[1].child_id != cases[2].child_id is not None
    for case in cases[1:]:
        child = book.child(case.child_id)  # type: ignore[arg-type]
        assert (child.family_name, child.given_name, child.sex) == ("テスト", "", "unspecified")
        assert child.residence == "142018"


def test_split_list_splits_only_outside_brackets() -> None:
    assert split_list(f"入園、{OTHER_TOPIC}；制度（相談、支援、養成等）; レスパイト") == [
        "入園",
        OTHER_TOPIC,
        "制度（相談、支援、養成等）",
        "レスパイト",
    ]
    assert split_list("就学に関すること（特支(小)・(小)普通級、(小)支援級）、入園") == [
        "就学に関すること（特支(小)・(小)普通級、(小)支援級）",
        "入園",
    ]
    assert split_list(" 、 ;") == []


# --- files that cannot be read --------------------------------------------------------------------


def _unreadable_files(tmp_path: Path) -> dict[str, Path]:
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    encrypted = tmp_path / "password.xlsx"  # Excel's password protection: an OLE file, not a zip
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"\xe5\x8f\x97\xff\xfe\xfd,\x80\xa0\n")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    text = tmp_path / "notes.txt"
    text.write_text("受付日\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = _write(tmp_path / "header.xlsx", [], REQUIRED)
    return {
        "missing": tmp_path / "nothing.xlsx",
        "corrupt": corrupt,
        "encrypted": encrypted,
        "garbled": garbled,
        "old": old,
        "text": text,
        "empty": empty,
        "header only": header_only,
    }


REASONS = {
    "missing": "ファイルが見つかりません",
    "corrupt": "Excelファイルとして開けません",
    "encrypted": "パスワード",
    "garbled": "文字コードを判別できません",
    "old": ".xls",
    "text": "Excel（.xlsx）か CSV（.csv）",
    "empty": "見出し行",
    "header only": "取り込む行がありません",
}


@pytest.mark.parametrize("kind", list(REASONS))
def test_unreadable_files_are_refused_with_a_reason(
    book: CaseBook, tmp_path: Path, kind: str
) -> None:
    path = _unreadable_files(tmp_path)[kind]
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path)
    message = exc.value.message("ja")
    assert REASONS[kind] in message, message
    assert f"ファイル: {path.name}" in message and str(tmp_path) not in message
    assert exc.value.message("en").startswith("Import stopped")
    assert book.cases() == []


def test_read_rows_gives_headers_and_row_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx", [_row(), _row(市町村="逗子市")])
    headers, rows = read_rows(path)
    assert headers == REQUIRED
    assert [(n, r["市町村"]) for n, r in rows] == [(2, "横須賀市"), (3, "逗子市")]


# --- the command line -----------------------------------------------------------------------------


def test_cli_refuses_a_bad_file_with_exit_code_4_and_lists_the_problems(
    book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _malformed(tmp_path)
    assert main(["--data-dir", str(book_folder), "import", str(path)]) == 4
    err = capsys.readouterr().err
    assert "5件の問題" in err
    assert "3行目「市町村」: 横浜氏 — 市町村名が見つかりません" in err
    assert "5行目「主訴」: にゅうえん" in err
    assert "Traceback" not in err
    with CaseBook.open(book_folder) as book:
        assert book.cases() == []


def test_cli_imports_a_good_file_and_dry_run_writes_nothing(
    book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed003.write_xlsx(tmp_path)
    args = ["--data-dir", str(book_folder), "import", str(path)]
    assert main([*args, "--dry-run"]) == 0
    assert "確認のみ" in capsys.readouterr().out
    with CaseBook.open(book_folder) as book:
        assert book.cases() == []

    assert main(["--lang", "en", *args]) == 0
    out = capsys.readouterr().out
    assert "Imported 77 case(s)" in out and "Columns ignored: No." in out
    with CaseBook.open(book_folder) as book:
        assert book.status_on(FY[1]) == seed003.EXPECTED["status"]
        assert book.count_cases_opened(*FY, by="topic") == seed003.EXPECTED["topic"]


def test_cli_reports_an_unreadable_file_without_a_traceback(
    book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"garbage")
    assert main(["--data-dir", str(book_folder), "--lang", "en", "import", str(path)]) == 4
    err = capsys.readouterr().err
    assert "cannot be opened as an Excel file" in err and "Traceback" not in err


def test_validate_returns_records_only_for_a_file_without_problems(
    book: CaseBook, tmp_path: Path
) -> None:
    report, records = validate(book, _write(tmp_path / "ok.csv", [_row(), _row(状況="完了")]))
    assert report.dry_run and report.cases == 2 and not report.problems
    assert [(c is None, case.status, closed, fy) for c, case, closed, fy in records] == [
        (True, "ongoing", None, 2023),
        (True, "closed", None, 2023),
    ]
    report, records = validate(book, _malformed(tmp_path))
    assert len(report.problems) == 5 and records == [] and report.cases == 0
    assert book.cases() == []
