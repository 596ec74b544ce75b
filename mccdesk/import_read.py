"""Reading an import file as a stream of rows, within the limits (see importer.py).

`Sheet.open` reads up to the header row (the first row holding anything); `Sheet.rows()` then
yields each later non-blank row as {column name: value} for the columns mccdesk reads, and
nothing is kept of a row once it has been checked. Text is stripped, blank cells are left out,
xlsx cells keep their type (datetime, number); a cell over the cap is a `TooLong`.

CSV is streamed too: the encoding is found by decoding the file once in pieces (UTF-8 with or
without BOM, else Shift_JIS, as Excel writes them), and each record may take at most
`Limits.record_chars` characters, so no line, however long, is read whole.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from mccdesk.import_base import Limits, ReadStopped, column_letter, unreadable
from mccdesk.import_vocab import KNOWN_COLUMNS
from mccdesk.import_xlsx import BadWorkbook, TooLong, too_wide, xlsx_rows

SUFFIXES_XLSX = (".xlsx", ".xlsm")
SUFFIXES_CSV = (".csv",)
Row = tuple[int, list[object]]


def _cell(value: object) -> object:
    """Strip text and make blank text None, so that 'blank' means one thing."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _header(value: object) -> str:
    if value is None:
        return ""
    text = value.head if isinstance(value, TooLong) else str(value)
    return unicodedata.normalize("NFKC", text).strip()


# --- CSV ------------------------------------------------------------------------------------------


class _RecordTooLong(Exception):
    def __init__(self, text: str) -> None:
        super().__init__("record too long")
        self.text = text


class _Lines:
    """The file's lines for csv.reader, at most `cap` characters per record (`start()` begins a
    record: csv.reader asks for a line only when the record it is reading needs one)."""

    def __init__(self, f: IO[str], cap: int) -> None:
        self.f, self.cap = f, cap
        self.used = 0
        self.parts: list[str] = []

    def start(self) -> None:
        self.used = 0
        self.parts.clear()

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.f.readline(self.cap + 1 - self.used)
        if not line:
            raise StopIteration
        self.used += len(line)
        self.parts.append(line)
        if self.used > self.cap:
            raise _RecordTooLong("".join(self.parts))
        return line


def _cut_at(text: str) -> tuple[int, int]:
    """Where a record cut short stops: (the field's index, that field's length so far)."""
    index, length, quoted, i = 0, 0, False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text.startswith('"', i + 1):
                    i += 1
                    length += 1
                else:
                    quoted = False
            else:
                length += 1
        elif ch == '"':
            quoted = True
        elif ch == ",":
            index, length = index + 1, 0
        else:
            length += 1
        i += 1
    return index, length


def _encoding(path: Path) -> str | None:
    for encoding in ("utf-8-sig", "cp932"):  # Excel writes UTF-8 with a BOM or Shift_JIS
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def csv_rows(path: Path, limits: Limits, seen: list[float]) -> Iterator[Row]:
    encoding = _encoding(path)
    if encoding is None:
        raise unreadable(
            path.name,
            "文字コードを判別できません（UTF-8 か Shift_JIS で保存してください）",
            "unknown text encoding (save it as UTF-8 or Shift_JIS)",
        )
    size = max(path.stat().st_size, 1)
    with open(path, encoding=encoding, newline="") as f:
        lines = _Lines(f, limits.record_chars)
        # Excel shows one record per row even when a quoted cell holds line breaks.
        reader = csv.reader(lines)
        number = 0
        while True:
            number += 1
            lines.start()
            try:
                record = next(reader)
            except StopIteration:
                return
            except _RecordTooLong as exc:
                raise _too_long(number, exc.text, limits) from None
            except csv.Error as exc:
                raise ReadStopped(
                    number, None, "CSVとして読めません", f"cannot be read as CSV ({exc})"
                ) from None
            if number % 256 == 0:
                seen[0] = min(f.buffer.tell() / size, 1.0)
            yield number, record


def _too_long(number: int, text: str, limits: Limits) -> ReadStopped:
    index, length = _cut_at(text)
    if length > limits.cell_chars:
        return ReadStopped(
            number,
            index,
            f"長すぎます（{limits.cell_chars:,}文字を超えています）",
            f"too long (over {limits.cell_chars:,} characters)",
            text[-length:][:100],
        )
    return ReadStopped(
        number,
        None,
        f"この行が長すぎます（1行 {limits.record_chars:,}文字まで）",
        f"this row is too long (at most {limits.record_chars:,} characters a row)",
    )


# --- a sheet, whichever the format ----------------------------------------------------------------


class Sheet:
    """The rows of an import file, read once, front to back."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits = path, limits
        self.headers: list[str] = []  # by column ("" where the header row has nothing)
        self.known: dict[int, str] = {}  # column → the known column it holds (the first one)
        self.data_columns: set[int] = set()  # unnamed columns with data (reported as ignored)
        self.seen = [0.0]  # fraction of the file read
        self._raw: Iterator[Row] = iter(())

    def open(self) -> list[str]:
        """Read up to the header row; the named columns in order ([] if there is none)."""
        suffix = self.path.suffix.lower()
        if suffix == ".xls":
            raise self._unreadable(
                "古い Excel 形式（.xls）は読めません。Excel で .xlsx として保存し直してください",
                "the old Excel format (.xls) is not supported; save it as .xlsx in Excel",
            )
        if suffix not in SUFFIXES_XLSX + SUFFIXES_CSV:
            raise self._unreadable(
                "取り込めるのは Excel（.xlsx）か CSV（.csv）のファイルです",
                "only Excel (.xlsx) and CSV (.csv) files can be imported",
            )
        if not self.path.is_file():
            raise self._unreadable("ファイルが見つかりません", "file not found")
        size = self._guard(lambda: self.path.stat().st_size)
        if size > self.limits.file_bytes:
            mb = self.limits.file_bytes / 2**20
            raise self._unreadable(
                f"ファイルが大きすぎます（{mb:,.0f} MB まで）",
                f"the file is too big (at most {mb:,.0f} MB)",
            )
        if suffix in SUFFIXES_XLSX:
            self._raw = xlsx_rows(str(self.path), self.limits, self.seen)
        else:
            self._raw = csv_rows(self.path, self.limits, self.seen)
        for number, values in self._next_rows():
            cells = [_cell(v) for v in values]
            self._check_width(number, cells)
            if any(c is not None for c in cells):
                self.headers = [_header(c) for c in cells]
                break
        for i, name in enumerate(self.headers):
            if name in KNOWN_COLUMNS and name not in self.known.values():
                self.known[i] = name
        return [h for h in self.headers if h]

    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        """The non-blank rows after the header, as {known column: value}. Raises ReadStopped
        (its column given by name) past `Limits.rows` or at any other limit."""
        count = 0
        for number, values in self._next_rows():
            row: dict[str, object] = {}
            blank = True
            for i, value in enumerate(values):
                value = _cell(value)
                if value is None:
                    continue
                blank = False
                if i in self.known:
                    row[self.known[i]] = value
                elif i >= len(self.headers) or not self.headers[i]:
                    self.data_columns.add(i)
            if blank:
                continue
            self._check_width(number, values)
            count += 1
            if count > self.limits.rows:
                raise ReadStopped(
                    number,
                    None,
                    f"行が多すぎます（{self.limits.rows:,}行まで。ファイルを分けてください）",
                    f"too many rows (at most {self.limits.rows:,}; split the file)",
                )
            yield number, row

    def _check_width(self, number: int, cells: list[object]) -> None:
        if len(cells) > self.limits.columns:  # CSV (the xlsx reader stops there itself)
            for i in range(self.limits.columns, len(cells)):
                if _cell(cells[i]) is not None:
                    raise too_wide(number, i, self.limits)

    def column_name(self, index: int) -> str:
        """A column as the person knows it: its header, else its letter (BM)."""
        if index < len(self.headers) and self.headers[index]:
            return self.headers[index]
        return column_letter(index)

    def ignored(self) -> tuple[str, ...]:
        """Named columns mccdesk does not read, and unnamed ones with data, in column order."""
        names: list[str] = []
        for i in sorted({*range(len(self.headers)), *self.data_columns}):
            name = self.headers[i] if i < len(self.headers) else ""
            if not name and i in self.data_columns:
                name = f"({column_letter(i)})"
            if name and name not in KNOWN_COLUMNS:
                names.append(name)
        return tuple(dict.fromkeys(names))

    def close(self) -> None:
        close = getattr(self._raw, "close", None)
        if close is not None:
            close()

    def _next_rows(self) -> Iterator[Row]:
        while True:
            row = self._guard(lambda: next(self._raw, None))
            if row is None:
                return
            yield row

    def _guard(self, read):  # type: ignore[no-untyped-def]
        """Run one read, turning the ways a file fails into a reason for the person."""
        try:
            return read()
        except PermissionError as exc:
            raise self._unreadable(
                "ファイルを読めません（Excel で開いたままなら閉じてください）",
                "cannot read the file (close it in Excel if it is open)",
            ) from exc
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise self._unreadable(
                "Excelファイルとして開けません（壊れているか、パスワードで保護されています。"
                "パスワードを外して .xlsx で保存し直してください）",
                "cannot be opened as an Excel file (damaged or password-protected; remove the "
                "password and save it again as .xlsx)",
            ) from exc
        except BadWorkbook as exc:
            raise self._unreadable(
                "Excelファイルの中身が読めません（Excel で開いて .xlsx で保存し直してください）",
                f"the workbook cannot be read ({exc}); open it in Excel and save it again as .xlsx",
            ) from exc
        except OSError as exc:
            raise self._unreadable(
                "ファイルを読めません", f"cannot read the file ({type(exc).__name__})"
            ) from exc

    def _unreadable(self, ja: str, en: str) -> Exception:
        return unreadable(self.path.name, ja, en)
