"""What the import's modules share: its limits, its problems, its report and its progress.

See importer.py for why each limit has the value it has. Privacy: a cell's value appears only in
what is shown to the person importing (`ImportProblem.line`, `ImportReport.lines`), never in
`str()` of an error (row and column only), and a value is shown cut short and with its control
characters made visible (`\\x00`), so that a hostile cell can neither flood nor garble the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mccdesk.errors import ImportRejected

MAX_LISTED = 100  # problems listed in a message; a whole wrong file should not flood the console
SHOWN_CHARS = 40  # a problem shows this much of a long cell, then "…"
EXCEL_ROWS = 1_048_576  # Excel's own limits: a sheet past them was not made by Excel
EXCEL_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    """Caps on what an import reads (see importer.py for the reasons). Tests lower them."""

    file_bytes: int = 50 * 1024 * 1024  # the file as it is on disk
    rows: int = 200_000  # rows holding anything, after the header row
    columns: int = 64  # a value further right is refused (empty cells there are fine)
    cell_chars: int = 2_000  # longer cells are not kept: only their start and their length
    record_chars: int = 131_072  # CSV: one row (one record, line breaks in cells included)
    xml_bytes: int = 512 * 1024 * 1024  # xlsx: one part (the sheet…) once unzipped
    shared_strings: int = 1_000_000  # xlsx: entries of the shared string table
    shared_chars: int = 32_000_000  # xlsx: characters kept from that table, all entries together


def column_letter(index: int) -> str:
    """0 → A, 64 → BM (the column names Excel shows)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and line feed are shown as they are


def shown(value: str) -> str:
    """A cell as a problem shows it: at most SHOWN_CHARS, control characters as \\x00."""
    if len(value) > SHOWN_CHARS:
        value = value[:SHOWN_CHARS] + "…"
    return _HIDDEN.sub(lambda m: f"\\x{ord(m[0]):02x}", value)


@dataclass(frozen=True)
class ImportProblem:
    row: int  # as the spreadsheet shows it (header = 1); 0 for the file as a whole
    column: str
    value: str
    reason_ja: str
    reason_en: str
    allowed: str = ""  # Japanese labels a cell may hold (codes are accepted too)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", shown(self.value))

    def line(self, lang: str = "ja") -> str:
        if lang == "ja":
            where = f"{self.row}行目「{self.column}」" if self.column else f"{self.row}行目"
            where = where if self.row else "ファイル"
            reason = self.reason_ja + (f"（選べる値: {self.allowed}）" if self.allowed else "")
        else:
            where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
            where = where if self.row else "File"
            reason = self.reason_en + (f" (allowed: {self.allowed})" if self.allowed else "")
        return f"{where}: {self.value} — {reason}" if self.value else f"{where} — {reason}"

    def location(self) -> str:
        """Row and column only: safe for logs and tracebacks."""
        return f"row {self.row} {self.column}".strip()


class ReadStopped(Exception):
    """Reading stopped at a limit (or at something no spreadsheet holds). `column` is the
    column's index (0 = A) when one cell is to blame; the sheet names it by its header."""

    def __init__(self, row: int, column: int | None, ja: str, en: str, value: str = "") -> None:
        super().__init__(f"row {row}")  # no cell value: this may end up in a traceback
        self.row, self.column, self.ja, self.en, self.value = row, column, ja, en, value


@dataclass(frozen=True)
class ImportReport:
    source: str  # the file's name, never its folder
    rows: int  # data rows read (blank rows are not counted)
    cases: int  # cases imported, or that a dry run would import; 0 when there are problems
    children: int  # distinct children those cases name
    ignored_columns: tuple[str, ...]
    dry_run: bool
    problems: tuple[ImportProblem, ...] = ()
    separate_children: int = 0  # children named without a birth date: each one its own child

    def problem_lines(self, lang: str = "ja") -> list[str]:
        lines = [p.line(lang) for p in self.problems[:MAX_LISTED]]
        if (more := len(self.problems) - MAX_LISTED) > 0:
            lines.append(f"…ほか{more}件" if lang == "ja" else f"… and {more} more")
        return lines

    def lines(self, lang: str = "ja") -> list[str]:
        ja = lang == "ja"
        out = [f"取り込み元: {self.source}" if ja else f"Source: {self.source}"]
        if self.problems:
            out.append(
                f"{self.rows}行を確認し、{len(self.problems)}件の問題がありました。"
                "何も取り込んでいません。"
                if ja
                else f"Checked {self.rows} row(s): {len(self.problems)} problem(s); "
                "nothing was imported."
            )
        elif self.dry_run:
            out.append(
                f"確認のみ（書き込みなし）: {self.rows}行、相談ケース {self.cases}件"
                f"（児童 {self.children}人）を取り込めます。"
                if ja
                else f"Dry run (nothing written): {self.rows} row(s); {self.cases} case(s) "
                f"({self.children} child(ren)) can be imported."
            )
        else:
            out.append(
                f"取り込みました: 相談ケース {self.cases}件（児童 {self.children}人）"
                f"、{self.rows}行。"
                if ja
                else f"Imported {self.cases} case(s) ({self.children} child(ren)) "
                f"from {self.rows} row(s)."
            )
        if self.separate_children and not self.problems:
            n = self.separate_children
            out.append(
                f"生年月日のない児童が{n}人います。同じ氏名でも、それぞれ別の児童として"
                "登録します（同じ児童なら、生年月日を入れてから取り込んでください）。"
                if ja
                else f"{n} child(ren) without a birth date: each is recorded as a child of "
                "its own, even under the same name (if they are the same child, add the birth "
                "date and import again)."
            )
        if self.ignored_columns:
            names = "、".join(self.ignored_columns) if ja else ", ".join(self.ignored_columns)
            out.append(f"取り込まなかった列: {names}" if ja else f"Columns ignored: {names}")
        return out + self.problem_lines(lang)


class ImportFailed(ImportRejected):
    """Nothing was imported; `.report.problems` says why, row by row."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(count=len(report.problems))
        # Exception args end up in logs and tracebacks: keep cell values out of them.
        where = ", ".join(p.location() for p in report.problems[:MAX_LISTED])
        self.args = (f"{super().message('en')} [{where}]",)

    def message(self, lang: str = "ja") -> str:
        return "\n".join([super().message(lang), *self.report.problem_lines(lang)])

    def __str__(self) -> str:
        return str(self.args[0])


def unreadable(name: str, ja: str, en: str) -> ImportFailed:
    """The whole file refused (named, never its folder), for one reason."""
    problem = ImportProblem(0, "", name, ja, en)
    return ImportFailed(ImportReport(name, 0, 0, 0, (), True, (problem,)))


@dataclass(frozen=True)
class ImportProgress:
    """How far an import has got, for a progress bar (GUI) or a line on stderr (CLI)."""

    phase: str  # "check": reading and checking the rows; "write": writing them
    rows: int  # rows checked so far, or cases written
    total: int  # cases to write (0 while checking: a streamed file's length in rows is unknown)
    percent: int  # of the whole import, 0–100

    def text(self, lang: str = "ja") -> str:
        if self.phase == "check":
            if lang == "ja":
                return f"確認しています… {self.rows:,}行"
            return f"Checking… {self.rows:,} row(s)"
        if lang == "ja":
            return f"書き込んでいます… {self.rows:,} / {self.total:,}件"
        return f"Writing… {self.rows:,} of {self.total:,} case(s)"
