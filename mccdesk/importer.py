"""Import consultation cases from the spreadsheets offices keep today (.xlsx or .csv).

The first row holds the column names (any order; unknown columns are ignored and reported). Each
later row is one consultation case, optionally with its child. Everything is checked first and
every problem is listed by row and column; only a file without problems is written, in one
transaction (`Store.import_records`), so a failed import leaves the case book unchanged.

The pieces: import_read.py and import_xlsx.py read the file as a stream of rows, import_rows.py
checks a row, import_children.py matches the rows' children (never silently: see there),
import_vocab.py holds the columns and the words a cell may use, import_base.py the limits,
problems and report.

Limits (`Limits`; a file past one is refused, saying which, by row and column where one cell is
to blame). A branch office opens about 100 cases a year, so a real sheet is some hundreds of rows,
a decade of them a few thousand, in well under 1 MB, 15-odd columns, cells of a few words. The
caps are far above that and far below what hurts this 2-core, few-GB office PC:

- file size 50 MB: 50× a decade's sheet in CSV, and the same bound on what an xlsx unzips from;
- 200,000 rows with anything in them: 2,000 years of one branch (or all branches of the
  prefecture for decades); 100,000 rows take 7–12 s and about 200 MB (bench/README.md), so the
  cap bounds an import at well under a minute and half a GB;
- 64 columns: the 14 read here plus the offices' own (No., 担当者, 備考…); further right, a value
  is refused, empty cells are fine (Excel's CSV pads rows with commas);
- 2,000 characters a cell: a note is the longest thing a cell holds, and 2,000 is a page of
  Japanese text; longer cells are not even held in memory (only their start, to show). The
  columns have their own, smaller lengths from schema.py (names and kana 100 each for the
  family and the given name), checked in import_rows.py;
- CSV, 131,072 characters a row (csv's own field limit, 64 full cells): no line is read whole;
- xlsx: 512 MB a part once unzipped (a zip bomb stops there; 100,000 real rows are 60 MB), the
  rows numbered upwards within Excel's 1,048,576 (20 M rows deflate to 1 MB), at most 1,000,000
  shared strings and 32,000,000 characters kept of them (a sheet's distinct texts: names, notes);
- 1,000 problems: then checking stops (the first 100 are listed; the rest would say the same).

The write is linear (storage/import_write.py): 100,000 rows in 7–12 s with progress, where it
was quadratic (10,000 rows 29 s, 40,000 rows 355 s). Reading and checking report
progress per 1,000 rows (`ImportProgress`), the write per chunk of rows.

Privacy: cell values appear only in what is shown to the person importing (`message()`,
`ImportReport.lines()`); the log gets counts, and `str()` of the error gets row and column only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from mccdesk.casebook import CaseBook
from mccdesk.domain import CaseDraft, ChildDraft
from mccdesk.import_base import (
    MAX_LISTED,
    ImportFailed,
    ImportProblem,
    ImportProgress,
    ImportReport,
    Limits,
    ReadStopped,
    unreadable,
)
from mccdesk.import_children import Children, Group
from mccdesk.import_read import SUFFIXES_CSV, SUFFIXES_XLSX, Sheet
from mccdesk.import_rows import check_row
from mccdesk.import_vocab import (
    CARE,
    KNOWN_COLUMNS,
    REQUIRED_COLUMNS,
    SEX,
    Vocabularies,
    split_list,
    split_name,
)

__all__ = [
    "MAX_LISTED",
    "SUFFIXES_CSV",
    "SUFFIXES_XLSX",
    "ImportFailed",
    "ImportProblem",
    "ImportProgress",
    "ImportReport",
    "Limits",
    "import_file",
    "read_rows",
    "split_list",
    "split_name",
    "validate",
]

log = logging.getLogger(__name__)

Record = tuple[ChildDraft | None, CaseDraft, date | None, int]
Progress = Callable[[ImportProgress], None]
CHECK_SHARE = 40  # percent of the bar for reading and checking (the rest is the write)
EVERY = 1_000  # rows between two progress reports while checking
MAX_PROBLEMS = 1_000  # then checking stops: a wrong file is not read to its end
DEFAULT_LIMITS = Limits()


def read_rows(
    path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header names and the non-blank data rows (row number as shown, {column: value} for
    the columns mccdesk reads). Text is stripped and blank cells are left out; xlsx cells keep
    their type (datetime, number). For tests and tools: the import itself streams the rows.
    Raises ImportFailed when the file cannot be read."""
    sheet = Sheet(path, limits)
    try:
        headers = sheet.open()
        return headers, list(sheet.rows())
    except ReadStopped as exc:
        raise unreadable(path.name, exc.ja, exc.en) from None
    finally:
        sheet.close()


def _header_problems(headers: list[str]) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    for name in REQUIRED_COLUMNS:
        if name not in headers:
            problems.append(
                ImportProblem(1, name, "", "必須の列がありません", "required column is missing")
            )
    seen: set[str] = set()
    for name in headers:
        if name in seen and name in KNOWN_COLUMNS:
            problems.append(
                ImportProblem(
                    1,
                    name,
                    "",
                    "同じ名前の列が2つ以上あります（1つにしてください）",
                    "the column appears more than once",
                )
            )
        seen.add(name)
    return problems


def _labels(vocab: Vocabularies) -> Callable[[str, object], str]:
    """The book's sex or care types as a person reads them (Japanese labels)."""

    def label(column: str, value: object) -> str:
        if column == SEX:
            return "" if value == "unspecified" else vocab.sex.vocab.label(str(value), "ja")
        if column == CARE:
            return "、".join(vocab.care.vocab.label(c, "ja") for c in value)  # type: ignore[attr-defined]
        return str(value)

    return label


class _Ticker:
    """Progress at most every EVERY rows while checking, and per chunk while writing."""

    def __init__(self, progress: Progress | None, check_share: int) -> None:
        self.progress, self.share = progress, check_share
        self.last = -1

    def checked(self, rows: int, fraction: float) -> None:
        if self.progress is not None and rows % EVERY == 0:
            self._send(ImportProgress("check", rows, 0, int(self.share * fraction)))

    def finished_check(self, rows: int) -> None:
        if self.progress is not None:
            self._send(ImportProgress("check", rows, 0, self.share))

    def written(self, done: int, total: int, cases: int) -> None:
        if self.progress is not None:
            percent = self.share + (100 - self.share) * done // max(total, 1)
            self._send(ImportProgress("write", cases * done // max(total, 1), cases, percent))

    def _send(self, step: ImportProgress) -> None:
        if step.percent >= self.last:  # never backwards
            self.last = step.percent
            assert self.progress is not None
            self.progress(step)


def _check(
    book: CaseBook, sheet: Sheet, headers: list[str], today: date, ticker: _Ticker
) -> tuple[ImportReport, list[Record]]:
    source = sheet.path.name
    problems = _header_problems(headers)
    checking = not problems  # with a column missing, every row would repeat the same problem
    vocab = Vocabularies.of(book.ref)
    children = Children(problems)
    pending: list[tuple[ChildDraft | Group | None, CaseDraft, date | None, int]] = []
    rows = 0
    stopped = False
    try:
        for number, values in sheet.rows():
            if not any(v is not None for v in values.values()):
                continue  # nothing in the columns we read: blank to us (pre-numbered templates)
            rows += 1
            ticker.checked(rows, sheet.seen[0])
            if not checking:
                continue
            if len(problems) >= MAX_PROBLEMS:
                problems.append(
                    ImportProblem(
                        number,
                        "",
                        "",
                        f"問題が{MAX_PROBLEMS:,}件を超えたため、ここで確認をやめました",
                        f"more than {MAX_PROBLEMS:,} problems: checking stopped here",
                    )
                )
                break
            checked = check_row(number, values, vocab, today, problems)
            if checked is not None:  # its child is matched even after a problem elsewhere
                cells, case, closed_on, fy = checked
                child = children.add(cells) if cells is not None else None
                if not problems:  # after a problem, nothing will be written: keep nothing
                    pending.append((child, case, closed_on, fy))
    except ReadStopped as exc:
        column = sheet.column_name(exc.column) if exc.column is not None else ""
        problems.append(ImportProblem(exc.row, column, exc.value, exc.ja, exc.en))
        stopped = True
    if rows == 0 and not stopped:
        problems.append(
            ImportProblem(0, "", source, "取り込む行がありません", "there are no rows to import")
        )
    if checking and children.groups:
        children.check_book(book.store.children_named(children.keys()), _labels(vocab))
    problems.sort(key=lambda p: p.row)  # stable: a row's problems stay in column order
    records = [] if problems else [(children.final(c), *rest) for c, *rest in pending]
    report = ImportReport(
        source=source,
        rows=rows,
        cases=len(records),
        children=children.count() if not problems else 0,
        ignored_columns=sheet.ignored(),
        dry_run=True,
        problems=tuple(problems),
        separate_children=children.separate,
    )
    return report, records  # type: ignore[return-value]


def _validate(
    book: CaseBook, path: Path, today: date | None, limits: Limits, ticker: _Ticker
) -> tuple[ImportReport, list[Record]]:
    sheet = Sheet(path, limits)
    try:
        headers = sheet.open()
        if not headers:
            raise unreadable(path.name, "見出し行（1行目）がありません", "there is no header row")
        return _check(book, sheet, headers, today or date.today(), ticker)
    except ReadStopped as exc:  # at the header row already
        column = sheet.column_name(exc.column) if exc.column is not None else ""
        problem = ImportProblem(exc.row, column, exc.value, exc.ja, exc.en)
        raise ImportFailed(ImportReport(path.name, 0, 0, 0, (), True, (problem,))) from None
    finally:
        sheet.close()


def validate(
    book: CaseBook,
    path: Path,
    *,
    today: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> tuple[ImportReport, list[Record]]:
    """Check a file completely without writing anything.

    Returns the report (dry_run=True) and, only when there is no problem, the records ready for
    `Store.import_records`. Raises ImportFailed when the file cannot be read at all.
    """
    return _validate(book, path, today, limits, _Ticker(progress, 100))


def import_file(
    book: CaseBook,
    path: Path,
    dry_run: bool = False,
    *,
    today: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every row of `path` or nothing; raises ImportFailed listing every problem.

    `progress` gets an `ImportProgress` now and then (from this thread)."""
    ticker = _Ticker(progress, 100 if dry_run else CHECK_SHARE)
    started = time.perf_counter()
    report, records = _validate(book, path, today, limits, ticker)
    log.info(
        "import checked: %d rows, %d cases, %d problems, %.1f s",
        report.rows,
        report.cases,
        len(report.problems),
        time.perf_counter() - started,
    )
    if report.problems:
        raise ImportFailed(replace(report, dry_run=dry_run))
    if dry_run:
        ticker.finished_check(report.rows)
        return report
    cases = len(records)
    book.store.import_records(
        records,
        book.coordinator_id,
        path.name,
        lambda done, total: ticker.written(done, total, cases),
    )
    log.info("import done: %d cases, %.1f s", cases, time.perf_counter() - started)
    return replace(report, dry_run=False)
