"""The first worksheet of an .xlsx/.xlsm, streamed: rows come out while the XML is unzipped.

openpyxl (even read-only) builds every cell's whole text, and the whole shared string table,
before anything can be checked: a 3 MB workbook with one huge cell took 6.3 GB. Here expat is fed
64 KiB at a time and a cell keeps at most `Limits.cell_chars` characters (beyond that only its
start and its length, as `TooLong`). Each part read is capped once unzipped (`xml_bytes`), the
shared strings by count and by characters kept, and rows must be numbered upwards within Excel's
1,048,576 (so a sheet cannot claim or repeat rows past that).

XML defences: a workbook part has no business with a DTD, so any DOCTYPE or entity declaration
refuses the file (no external entity is ever fetched, no entity is ever expanded, so neither XXE
nor "billion laughs"); expat's own amplification limits stay on as well.

openpyxl is not used to read (nor imported: with it come numpy and 11 MB). Values are what
openpyxl's `data_only` gave: shared and inline strings (without their phonetic
rPh runs), the cached result of a formula, numbers (int or float), booleans, and datetimes for
numbers in a date style (also Japanese Excel's built-in date styles 27–36 and 50–58). Escapes
that Excel writes for characters XML cannot hold (_x000D_, _x0000_) are undone, so a control
character shows up as one and the checks refuse it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pyexpat import ExpatError, ParserCreate, XMLParserType

from mccdesk.import_base import EXCEL_COLUMNS, EXCEL_ROWS, Limits, ReadStopped

CHUNK = 64 * 1024
# Built-in number formats that show a date or time: 14–22 and 45–47 everywhere, and in Japanese
# Excel 27–36 and 50–58 (era and 年月日 forms), which openpyxl leaves out.
DATE_STYLES = frozenset([*range(14, 23), 45, 46, 47, *range(27, 37), *range(50, 59)])
WINDOWS_EPOCH, MAC_EPOCH = datetime(1899, 12, 30), datetime(1904, 1, 1)
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text, [$-411]…
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REF = re.compile(r"([A-Z]{1,3})")
Row = tuple[int, list[object]]


class TooLong:
    """A cell longer than the cap: its start (to show) and its length, not the rest."""

    __slots__ = ("head", "length")

    def __init__(self, head: str, length: int) -> None:
        self.head, self.length = head, length


class _Halt(Exception):
    """Stops the parser; the rows before the stop are still given out, then `stopped` raised."""


class BadWorkbook(Exception):
    """Not a workbook this reader can read; the message is for logs (no cell values)."""


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date or time (as openpyxl decides it)."""
    return _DATE_PART.search(_FORMAT_NOISE.sub("", code.split(";")[0])) is not None


def excel_datetime(serial: float, epoch: datetime = WINDOWS_EPOCH) -> datetime | time:
    """An Excel serial as Excel shows it (1900's phantom 29 February included), as openpyxl's
    from_excel. Raises OverflowError or ValueError out of the datetime range."""
    day, fraction = divmod(serial, 1)
    diff = timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and diff.days == 0:
        return (datetime.min + diff).time()
    if 0 < serial < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + diff


def too_wide(row: int, column: int, limits: Limits) -> ReadStopped:
    return ReadStopped(
        row,
        column,
        f"列が多すぎます（{limits.columns}列目より右にデータがあります）",
        f"too many columns (data right of column {limits.columns})",
    )


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def _local(name: str) -> str:
    return name[name.rfind("}") + 1 :]


def _parser() -> XMLParserType:
    p = ParserCreate(namespace_separator="}")
    p.buffer_text = True
    p.buffer_size = CHUNK

    def refuse(*_: object) -> None:
        raise BadWorkbook("DTD in a workbook part")

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    return p


def _feed(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, p: XMLParserType, limits: Limits
) -> Iterator[int]:
    """Feed a part to the parser chunk by chunk, yielding the bytes fed so far."""
    fed = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(CHUNK):
                fed += len(chunk)
                if fed > limits.xml_bytes:
                    raise ReadStopped(
                        0,
                        None,
                        f"Excelファイルを展開すると大きすぎます（{info.filename} が "
                        f"{limits.xml_bytes // 2**20:,} MB を超えます）",
                        f"the workbook is too big once unzipped ({info.filename} is over "
                        f"{limits.xml_bytes // 2**20:,} MB)",
                    )
                p.Parse(chunk, False)
                yield fed
            p.Parse(b"", True)
    except (ExpatError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise BadWorkbook(type(exc).__name__) from exc


def _read_small(zf: zipfile.ZipFile, name: str, limits: Limits, on_start: Callable) -> None:
    """Parse a small part (relationships, workbook, styles) for its start tags only."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return
    p = _parser()
    p.StartElementHandler = lambda tag, attrs: on_start(_local(tag), attrs)
    for _ in _feed(zf, info, p, limits):
        pass


def _rels(zf: zipfile.ZipFile, part: str, limits: Limits) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last word, target part) of `part`."""
    folder, base = posixpath.split(part)
    found: dict[str, tuple[str, str]] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found[attrs["Id"]] = (
                attrs.get("Type", "").rsplit("/", 1)[-1],
                posixpath.normpath(target),
            )

    _read_small(zf, posixpath.join(folder, "_rels", base + ".rels"), limits, start)
    return found


def _date_styles(zf: zipfile.ZipFile, part: str | None, limits: Limits) -> frozenset[int]:
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt" and attrs.get("numFmtId", "").isdigit():
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            depth["cellXfs"] = True
        elif tag == "cellStyles":
            depth["cellXfs"] = False
        elif tag == "xf" and depth["cellXfs"]:
            fmt = attrs.get("numFmtId", "0")
            formats.append(int(fmt) if fmt.isdigit() else 0)

    if part is not None:
        _read_small(zf, part, limits, start)

    def is_date(fmt: int) -> bool:
        if fmt in custom:
            return is_date_format(custom[fmt])
        return fmt in DATE_STYLES

    return frozenset(i for i, fmt in enumerate(formats) if is_date(fmt))


def _shared_strings(zf: zipfile.ZipFile, part: str | None, limits: Limits) -> list[object]:
    """The shared string table, each entry capped (TooLong), the table capped as a whole."""
    table: list[object] = []
    if part is None or part not in zf.NameToInfo:
        return table
    state = {"text": False, "skip": 0, "length": 0, "kept": 0}
    parts: list[str] = []
    cap = limits.cell_chars

    def start(tag: str, _attrs: object) -> None:
        tag = _local(tag)
        if tag == "si":
            parts.clear()
            state["length"] = 0
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] += 1
        elif tag == "t" and not state["skip"]:
            state["text"] = True

    def end(tag: str) -> None:
        tag = _local(tag)
        if tag == "t":
            state["text"] = False
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif tag == "si":
            if len(table) >= limits.shared_strings:
                raise ReadStopped(
                    0,
                    None,
                    f"共有文字列が多すぎます（{limits.shared_strings:,}件まで）",
                    f"too many shared strings (at most {limits.shared_strings:,})",
                )
            text = "".join(parts)
            if state["length"] > cap:
                table.append(TooLong(_unescape(text), state["length"]))
                return
            state["kept"] += len(text)
            if state["kept"] > limits.shared_chars:
                raise ReadStopped(
                    0,
                    None,
                    f"共有文字列の文字数が多すぎます（合計 {limits.shared_chars:,}文字まで）",
                    f"the shared strings hold too much text (at most "
                    f"{limits.shared_chars:,} characters in all)",
                )
            table.append(_unescape(text))

    def data(text: str) -> None:
        if state["text"]:
            room = cap + 1 - state["length"]
            if room > 0:
                parts.append(text[:room])
            state["length"] += len(text)

    p = _parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
    for _ in _feed(zf, zf.getinfo(part), p, limits):
        pass
    return table


class _Sheet:
    """expat handlers for a worksheet: each finished row goes to `self.done`."""

    def __init__(
        self, shared: list[object], dates: frozenset[int], epoch: datetime, limits: Limits
    ):
        self.shared, self.dates, self.epoch, self.limits = shared, dates, epoch, limits
        self.done: list[Row] = []
        self.number = 0  # the current row's number
        self.cells: dict[int, object] = {}
        self.column = -1
        self.kind = self.style = ""
        self.parts: list[str] = []
        self.length = 0
        self.collect = False
        self.skip = 0  # inside rPh (phonetic runs of an inline string)
        self.stopped: ReadStopped | None = None

    def _stop(self, exc: ReadStopped) -> None:
        self.stopped = exc
        raise _Halt

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "c":
            ref = attrs.get("r")
            if ref:
                m = _REF.match(ref)
                column = 0
                for ch in m[1] if m else "":
                    column = column * 26 + ord(ch) - 64
                self.column = column - 1
            else:
                self.column += 1
            if not 0 <= self.column < EXCEL_COLUMNS:
                raise BadWorkbook("cell beyond Excel's last column")
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s", "0")
            self.parts.clear()
            self.length = 0
        elif tag == "v" or (tag == "t" and self.kind == "inlineStr" and not self.skip):
            self.collect = True
        elif tag == "rPh":
            self.skip += 1
        elif tag == "row":
            self._row(attrs.get("r"))

    def _row(self, ref: str | None) -> None:
        number = int(ref) if ref and ref.isdigit() else self.number + 1
        if number > EXCEL_ROWS:
            self._stop(
                ReadStopped(
                    number,
                    None,
                    f"Excel の最大行数（{EXCEL_ROWS:,}行）を超える行があります",
                    f"a row beyond Excel's last row ({EXCEL_ROWS:,})",
                )
            )
        if number <= self.number:
            raise BadWorkbook("rows out of order")
        self.number, self.column = number, -1
        self.cells = {}

    def end(self, tag: str) -> None:
        tag = _local(tag)
        if tag in ("v", "t"):
            self.collect = False
        elif tag == "rPh":
            self.skip -= 1
        elif tag == "c":
            value = self._value()
            if value is not None and value != "":
                if self.column >= self.limits.columns:
                    self._stop(too_wide(self.number, self.column, self.limits))
                self.cells[self.column] = value
        elif tag == "row":
            width = max(self.cells, default=-1) + 1
            self.done.append((self.number, [self.cells.get(i) for i in range(width)]))

    def data(self, text: str) -> None:
        if self.collect:
            room = self.limits.cell_chars + 1 - self.length
            if room > 0:
                self.parts.append(text[:room])
            self.length += len(text)

    def _value(self) -> object:
        text = "".join(self.parts)
        kind = self.kind
        if self.length > self.limits.cell_chars:
            if kind in ("inlineStr", "str", "e"):
                return TooLong(_unescape(text), self.length)
            raise BadWorkbook("a value too long for its type")
        if kind == "inlineStr":
            return _unescape(text)
        if not text:
            return None
        if kind == "s":
            try:
                return self.shared[int(text)]
            except (ValueError, IndexError) as exc:
                raise BadWorkbook("shared string out of range") from exc
        if kind in ("str", "e"):
            return _unescape(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                return text
        return self._number(text)

    def _number(self, text: str) -> object:
        try:
            number: int | float = float(text) if any(c in text for c in ".Ee") else int(text)
        except ValueError as exc:
            raise BadWorkbook("not a number") from exc
        style = int(self.style) if self.style.isdigit() else 0
        if style in self.dates:
            try:
                return excel_datetime(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


def xlsx_rows(path: str, limits: Limits, seen: list[float]) -> Iterator[Row]:
    """(row number, cell values by column index) for each row of the first worksheet.

    `seen[0]` is kept at the fraction of the sheet read so far (for a progress bar). Raises
    zipfile.BadZipFile / OSError when it is no zip at all, BadWorkbook when a part is not as
    Excel writes it, ReadStopped at a limit.
    """
    with zipfile.ZipFile(path) as zf:
        top = _rels(zf, "", limits)
        book = next((t for kind, t in top.values() if kind == "officeDocument"), "xl/workbook.xml")
        sheets: list[str] = []
        flags = {"date1904": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "sheet":
                sheets.extend(v for k, v in attrs.items() if k.endswith("}id"))
            elif tag == "workbookPr":
                flags["date1904"] = attrs.get("date1904", "0").lower() in ("1", "true")

        _read_small(zf, book, limits, start)
        rels = _rels(zf, book, limits)
        worksheet = next((rels[i][1] for i in sheets if rels.get(i, ("",))[0] == "worksheet"), None)
        if worksheet is None or worksheet not in zf.NameToInfo:
            raise BadWorkbook("no worksheet")
        by_kind = {kind: target for kind, target in rels.values()}
        shared = _shared_strings(zf, by_kind.get("sharedStrings"), limits)
        dates = _date_styles(zf, by_kind.get("styles"), limits)
        epoch = MAC_EPOCH if flags["date1904"] else WINDOWS_EPOCH
        sheet = _Sheet(shared, dates, epoch, limits)
        p = _parser()
        p.StartElementHandler, p.EndElementHandler = sheet.start, sheet.end
        p.CharacterDataHandler = sheet.data
        info = zf.getinfo(worksheet)
        size = max(info.file_size, 1)
        try:
            for fed in _feed(zf, info, p, limits):
                seen[0] = min(fed / size, 1.0)
                yield from sheet.done
                sheet.done.clear()
        except _Halt:
            yield from sheet.done
            assert sheet.stopped is not None
            raise sheet.stopped from None
        yield from sheet.done
