"""Import limits, built from a hostile probe (issue 13, item 7): huge cells, endless sheets, files
too big, XML tricks. Each is refused with a reason by row and column, without reading the whole
thing into memory, and the case book stays as it was."""

from __future__ import annotations

import csv
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.importer import ImportFailed, ImportProgress, Limits, import_file, read_rows

HEADERS = ["受付日", "相談方法", "相談種別", "市町村", "主訴", "状況", "児童氏名", "メモ"]
GOOD = ["2024/04/10", "電話", "親・親族", "横須賀市", "レスパイト", "継続", "", ""]

# --- a workbook written by hand (zipfile), so that a test can put anything in it ------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


class Raw(str):
    """A cell written as given, its reference filled in: Raw('<c r="{ref}" s="1"><v>1</v></c>')."""


Cell = str | int | None


def _column(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _row_xml(number: int, cells: Iterable[Cell], shared: dict[str, int] | None) -> str:
    out = [f'<row r="{number}">']
    for i, value in enumerate(cells):
        ref = f"{_column(i)}{number}"
        if value is None or value == "":
            continue
        if isinstance(value, Raw):
            out.append(value.format(ref=ref))
        elif isinstance(value, int):
            out.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif shared is not None:
            index = shared.setdefault(value, len(shared))
            out.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        else:
            out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    out.append("</row>")
    return "".join(out)


def write_xlsx(
    path: Path,
    rows: Iterable[list[Cell]],
    *,
    shared_strings: bool = True,
    prologue: str = "",
    dimension: str = "A1",
    first_row: int = 1,
    parts: dict[str, str] | None = None,
) -> Path:
    """A minimal workbook that Excel and openpyxl open: rows from `first_row` on, text cells as
    shared strings (or inline), written piece by piece so that a big sheet stays small in memory.
    `prologue` goes before the sheet's root element (a DOCTYPE, for the XML tests); `parts` adds
    files (xl/styles.xml…)."""
    shared: dict[str, int] | None = {} if shared_strings else None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{SHEET_TYPE}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{SHEET_TYPE}.sharedStrings+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{REL}/officeDocument"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="相談" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        plain = f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>'
        for name, text in {"xl/styles.xml": plain, **(parts or {})}.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<worksheet xmlns="{MAIN}">'
                f'<dimension ref="{dimension}"/><sheetData>'.encode()
            )
            for number, cells in enumerate(rows, start=first_row):
                sheet.write(_row_xml(number, cells, shared).encode())
            sheet.write(b"</sheetData></worksheet>")
        with zf.open("xl/sharedStrings.xml", "w") as sst:
            sst.write(f'<sst xmlns="{MAIN}">'.encode())
            for text in shared or {}:
                sst.write(f"<si><t>{escape(text)}</t></si>".encode())
            sst.write(b"</sst>")
    return path


def write_csv(path: Path, rows: Iterable[list[Cell]], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def problems(exc: pytest.ExceptionInfo[ImportFailed]) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in exc.value.report.problems]


def nothing_imported(book: CaseBook) -> bool:
    return book.cases() == [] and book.totals()["children"] == 0


# --- a huge cell ----------------------------------------------------------------------------------


@pytest.mark.parametrize("shared", [True, False], ids=["shared string", "inline string"])
def test_a_huge_cell_is_refused_by_row_and_column_without_being_read_whole(
    book: CaseBook, tmp_path: Path, shared: bool
) -> None:
    huge = "あ" * 5_000_000  # 10 MB as UTF-16 in memory; a few kB in the file
    path = write_xlsx(
        tmp_path / "huge.xlsx",
        [HEADERS, GOOD, [*GOOD[:6], huge, ""]],
        shared_strings=shared,
    )
    assert path.stat().st_size < 100_000
    del huge
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed) as exc:
            import_file(book, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems(exc) == [(3, "児童氏名")]
    problem = exc.value.report.problems[0]
    assert "長すぎ" in problem.reason_ja and "too long" in problem.reason_en
    assert len(problem.value) < 80  # what is shown is the start of it, not all of it
    assert peak < 8_000_000, peak
    assert nothing_imported(book)


def test_a_long_cell_in_a_column_not_imported_is_no_problem(book: CaseBook, tmp_path: Path) -> None:
    rows = [[*HEADERS, "備考"], [*GOOD, "経過 " * 5_000]]
    report = import_file(book, write_xlsx(tmp_path / "long_note_elsewhere.xlsx", rows))
    assert report.cases == 1 and report.ignored_columns == ("備考",)


# --- too many rows, columns, bytes ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_more_rows_than_the_cap_stops_reading_there(
    book: CaseBook, tmp_path: Path, suffix: str
) -> None:
    def endless() -> Iterable[list[Cell]]:
        yield HEADERS
        for _ in range(5_000):
            yield GOOD

    path = tmp_path / f"rows{suffix}"
    (write_xlsx if suffix == ".xlsx" else write_csv)(path, endless())
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path, limits=Limits(rows=30))
    assert problems(exc) == [(32, "")]  # the 31st data row, after the header
    problem = exc.value.report.problems[0]
    assert "30" in problem.reason_ja and "30" in problem.reason_en
    assert exc.value.report.rows == 30
    assert nothing_imported(book)


def test_the_row_cap_counts_rows_with_data_not_blank_ones(book: CaseBook, tmp_path: Path) -> None:
    rows = [HEADERS, *([GOOD] + [[None] * 8] * 10) * 3]
    report = import_file(book, write_xlsx(tmp_path / "gaps.xlsx", rows), limits=Limits(rows=3))
    assert report.cases == 3


def test_a_sheet_claiming_more_rows_than_excel_has_is_refused(
    book: CaseBook, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "claims.xlsx",
        [HEADERS, GOOD],
        dimension="A1:H20000000",
        first_row=1_048_576,  # Excel's last row; the next one cannot exist
    )
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path)
    assert problems(exc) == [(1_048_577, "")]
    assert "1,048,576" in exc.value.report.problems[0].reason_ja


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_data_right_of_the_column_cap_is_refused_by_row_and_column(
    book: CaseBook, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"wide{suffix}"
    wide: list[Cell] = [*GOOD, *[None] * 56, "x"]  # column 65: BM
    (write_xlsx if suffix == ".xlsx" else write_csv)(path, [HEADERS, GOOD, wide])
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path)
    assert problems(exc) == [(3, "BM")]
    assert "64" in exc.value.report.problems[0].reason_ja


def test_trailing_empty_cells_past_the_column_cap_are_fine(book: CaseBook, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "commas.csv", [HEADERS + [None] * 100, GOOD + [None] * 100])
    assert import_file(book, path).cases == 1


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_file_over_the_size_cap_is_refused_before_reading(
    book: CaseBook, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"big{suffix}"
    (write_xlsx if suffix == ".xlsx" else write_csv)(path, [HEADERS, *[GOOD] * 500])
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path, limits=Limits(file_bytes=path.stat().st_size - 1))
    assert problems(exc) == [(0, "")]
    assert "大きすぎ" in exc.value.message("ja") and "too big" in exc.value.message("en")


def test_a_csv_row_longer_than_the_cap_is_refused_by_row_and_column(
    book: CaseBook, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "long.csv", [HEADERS, GOOD, [*GOOD[:7], "メモ" * 200_000]])
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path)
    assert problems(exc) == [(3, "メモ")]


def test_many_empty_fields_in_one_csv_row_are_not_kept(book: CaseBook, tmp_path: Path) -> None:
    path = tmp_path / "commas.csv"
    path.write_text(",".join(HEADERS) + "\n" + "," * 2_000_000 + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed) as exc:
            import_file(book, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems(exc) == [(2, "")]
    assert peak < 8_000_000, peak


def test_an_xlsx_part_that_inflates_past_the_cap_is_refused(book: CaseBook, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", [HEADERS, *[[None] * 8] * 50_000])
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path, limits=Limits(xml_bytes=200_000))
    assert "展開" in exc.value.message("ja")


# --- XML tricks (the workbook is XML inside a zip) ------------------------------------------------


def test_an_external_entity_is_never_read(book: CaseBook, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("ひみつ", encoding="utf-8")
    prologue = f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{secret}">]>'
    path = write_xlsx(
        tmp_path / "xxe.xlsx",
        [HEADERS, [*GOOD[:7], "&x;"]],
        shared_strings=False,
        prologue=prologue,
    )
    # The "&x;" above was escaped as text; put the entity reference into the sheet itself.
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"&amp;x;", b"&x;")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path)
    assert "ひみつ" not in exc.value.message("ja") + exc.value.message("en")
    assert "読めません" in exc.value.message("ja")
    assert nothing_imported(book)


def test_a_billion_laughs_is_refused_quickly(book: CaseBook, tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    path = write_xlsx(
        tmp_path / "laughs.xlsx", [HEADERS, GOOD], prologue=f"<!DOCTYPE w [{entities}]>"
    )
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<v>", b"<v>&a9;", 1)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with pytest.raises(ImportFailed):
        import_file(book, path)
    assert nothing_imported(book)


# --- what a real workbook holds is still read as before -------------------------------------------


def test_escaped_characters_dates_and_phonetic_runs_are_read_as_excel_shows_them(
    tmp_path: Path,
) -> None:
    # A note typed with Alt+Enter after a carriage return, with furigana (rPh) that Excel keeps
    # but does not show; a date cell (a serial number with a date style).
    memo = Raw(
        '<c r="{ref}" t="inlineStr"><is><r><t>一行目_x000D_</t></r><r><t>\n二行目</t></r>'
        '<rPh sb="0" eb="1"><t>イチ</t></rPh></is></c>'
    )
    day = Raw('<c r="{ref}" s="1"><v>45392</v></c>')
    styles = (
        f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/>'
        "</cellXfs></styleSheet>"
    )
    path = write_xlsx(
        tmp_path / "ok.xlsx",
        [HEADERS, [day, *GOOD[1:7], memo]],
        parts={"xl/styles.xml": styles},
    )
    headers, rows = read_rows(path)
    assert headers == HEADERS
    ((number, row),) = rows
    assert number == 2
    assert row["メモ"] == "一行目\r\n二行目"
    assert str(row["受付日"])[:10] == "2024-04-10"


# --- progress -------------------------------------------------------------------------------------


def test_the_import_reports_its_progress(book: CaseBook, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "many.csv", [HEADERS, *[GOOD] * 3_000])
    seen: list[ImportProgress] = []
    report = import_file(book, path, progress=seen.append)
    assert report.cases == 3_000
    assert {p.phase for p in seen} == {"check", "write"}
    percents = [p.percent for p in seen]
    assert percents == sorted(percents) and percents[-1] == 100 and 0 <= percents[0] < 50
    assert seen[-1].phase == "write" and seen[-1].rows == seen[-1].total == 3_000
    assert all(p.text("ja") and p.text("en") for p in seen)


def test_a_failure_while_writing_leaves_the_book_as_it_was(book: CaseBook, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "many.csv", [HEADERS, *[GOOD] * 12_000])

    def stop_after_the_first_chunk(step: ImportProgress) -> None:
        if step.phase == "write" and step.rows >= 5_000:
            raise KeyboardInterrupt  # as if the process were stopped half-way

    with pytest.raises(KeyboardInterrupt):
        import_file(book, path, progress=stop_after_the_first_chunk)
    assert nothing_imported(book)
    assert not [e for e in book.store.audit_events() if e.action == "import"]
    assert import_file(book, path).cases == 12_000  # and the next try writes it whole


def test_a_file_full_of_problems_is_not_read_to_its_end(book: CaseBook, tmp_path: Path) -> None:
    bad = [*GOOD[:1], "伝書鳩", *GOOD[2:]]
    path = write_csv(tmp_path / "bad.csv", [HEADERS, *[bad] * 3_000])
    with pytest.raises(ImportFailed) as exc:
        import_file(book, path)
    found = problems(exc)
    assert len(found) == 1_001 and found[-1] == (1_002, "")
    assert "1,000" in exc.value.report.problems[-1].reason_ja
    assert len(exc.value.message("ja").splitlines()) == 1 + 100 + 1  # listed: the first 100


def test_the_shared_string_table_is_capped(book: CaseBook, tmp_path: Path) -> None:
    rows = [HEADERS, *([*GOOD[:7], f"メモ{i}"] for i in range(50))]
    path = write_xlsx(tmp_path / "shared.xlsx", rows)
    for limits in (Limits(shared_strings=40), Limits(shared_chars=100)):
        with pytest.raises(ImportFailed) as exc:
            import_file(book, path, limits=limits)
        assert problems(exc) == [(0, "")] and "共有文字列" in exc.value.message("ja")
    assert import_file(book, path).cases == 50


def test_case_numbers_continue_each_fiscal_years_highest(book: CaseBook, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "first.csv", [HEADERS, GOOD, GOOD])
    import_file(book, first)
    import_file(book, first)
    numbers = sorted(c.number for c in book.cases())
    assert numbers == ["2024-0001", "2024-0002", "2024-0003", "2024-0004"]
