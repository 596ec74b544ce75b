"""Import consultation cases from the spreadsheets offices keep today (.xlsx or .csv).

The first row holds the column names (any order; unknown columns are ignored and reported). Each
later row is one consultation case, optionally with its child. Everything is checked first and
every problem is listed by row and column; only a file without problems is written, in one
transaction (`Store.import_records`), so a failed import leaves the case book unchanged.

Privacy: cell values appear only in what is shown to the person importing (`message()`,
`ImportReport.lines()`); the log gets counts, and `str()` of the error gets row and column only.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from mccdesk.casebook import CaseBook
from mccdesk.domain import CaseDraft, ChildDraft
from mccdesk.errors import ImportRejected
from mccdesk.periods import fiscal_year_of, format_date, parse_date
from mccdesk.reference import Reference, Vocabulary

log = logging.getLogger(__name__)

Record = tuple[ChildDraft | None, CaseDraft, date | None, int]

# --- columns --------------------------------------------------------------------------------------

RECEIVED = "受付日"
METHOD = "相談方法"
CONSULTER = "相談種別"
ORGANISATION = "相談者所属"
RESIDENCE = "市町村"
TOPICS = "主訴"
STATUS = "状況"
STATUS_DATE = "完了日"
CHILD_NAME = "児童氏名"
CHILD_KANA = "ふりがな"
BIRTH_DATE = "生年月日"
SEX = "性別"
CARE = "医療的ケア"
NOTE = "メモ"

REQUIRED_COLUMNS = (RECEIVED, METHOD, CONSULTER, RESIDENCE, TOPICS, STATUS)
OPTIONAL_COLUMNS = (ORGANISATION, STATUS_DATE, CHILD_NAME, CHILD_KANA, BIRTH_DATE, SEX, CARE, NOTE)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Child details that mean nothing without the child's name (see _child).
CHILD_DETAIL_COLUMNS = (CHILD_KANA, BIRTH_DATE, CARE)

SUFFIXES_XLSX = (".xlsx", ".xlsm")
SUFFIXES_CSV = (".csv",)
MAX_LISTED = 100  # problems listed in a message; a whole wrong file should not flood the console

# --- aliases --------------------------------------------------------------------------------------
# Besides codes and the reference labels (ja/en, any width or case), a cell may hold:
#  * a reference label with spaces anywhere, or with ケ/ヵ for ヶ (茅ケ崎市);
#  * a label without its bracketed part, when that leaves it unique (在宅生活, 制度, その他 as a
#    topic; 障害福祉サービス and 退院調整 stay ambiguous and are refused);
#  * a municipality without 市/町/村 (川崎, as seed 003 writes it) or its 5-digit code (no check
#    digit);
#  * the words below, which offices' own sheets and the prefecture's tables use. Kept small on
#    purpose: anything else is reported with the allowed values, never guessed.
CONTACT_ALIASES = {
    "その他（対面等）": "other",  # seed 003's column: face-to-face and anything not phone/LINE/mail
    "対面": "other",
    "対面等": "other",
    "TEL": "phone",
    "Eメール": "email",
    "ファックス": "fax",
    "ファクス": "fax",
}
CONSULTER_ALIASES = {"親": "family", "親族": "family", "家族": "family", "保護者": "family"}
ORGANISATION_ALIASES = {
    "病院": "medical",
    "診療所": "medical",
    "訪問看護ステーション": "home_nursing",
    "行政": "government",
    "市町村": "government",
    "児童相談所": "government",
    "保育園": "nursery_school",
    "学校": "nursery_school",
    "相談支援事業所": "welfare",
}
RESIDENCE_ALIASES = {"神奈川県外": "outside"}
TOPIC_ALIASES = {
    # The wording of seed 003's FY2023 table, which lists the school stages in the label.
    "学校生活に関すること（特支(小)・(小)普通級・(中)普通級・(中)支援級・特支(高)）": "school_life",
    "児童発達支援": "child_development",
    "入園": "nursery_entry",
    "就学": "school_entry",
    "学校生活": "school_life",
    "通学支援": "commute",
    "移動支援": "commute",
    "放課後デイ": "after_school",
    "放課後等デイサービス": "after_school",
}
STATUS_ALIASES = {"継続中": "ongoing", "対応中": "ongoing", "終了": "closed", "終結": "closed"}
SEX_ALIASES = {
    "女性": "female",
    "女児": "female",
    "男性": "male",
    "男児": "male",
    "F": "female",
    "M": "male",
}
CARE_ALIASES = {
    "TPPV": "ventilator_invasive",
    "NPPV": "ventilator_noninvasive",
    "在宅酸素": "oxygen",
    "酸素療法": "oxygen",
    "中心静脈栄養": "parenteral_nutrition",
    "胃ろう": "tube_feeding",
    "導尿": "self_catheterisation",
    "喀痰吸引": "suction",
}

_KE = str.maketrans({"ケ": "ヶ", "ヵ": "ヶ"})
_TRAILING_BRACKET = re.compile(r"\s*[（(][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]\s*$")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_KE)
    return "".join(ch for ch in folded if not ch.isspace())


@dataclass(frozen=True)
class Choices:
    """A vocabulary as a spreadsheet cell may name its terms (see the alias notes above)."""

    vocab: Vocabulary
    aliases: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)  # further key → code, already keyed
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        short: dict[str, set[str]] = {}
        for term in self.vocab:
            for label in (term.en, term.ja):
                stripped = _TRAILING_BRACKET.sub("", label)
                if stripped and stripped != label:
                    short.setdefault(_key(stripped), set()).add(term.code)
        index.update({k: next(iter(v)) for k, v in short.items() if len(v) == 1})
        index.update(self.extra)
        index.update({_key(alias): code for alias, code in self.aliases.items()})
        for term in self.vocab:  # full labels and codes win over anything shortened
            for text in (term.en, term.ja, term.code):
                index[_key(text)] = term.code
        object.__setattr__(self, "_index", index)

    def lookup(self, text: str) -> str | None:
        return self.vocab.lookup(text) or self._index.get(_key(text))

    def allowed(self) -> str:
        return self.vocab.allowed("ja")


def _municipality_shortcuts(ref: Reference) -> dict[str, str]:
    """横須賀 → 横須賀市 and 14201 → 142018, when unambiguous."""
    found: dict[str, set[str]] = {}
    for term in ref.municipalities:
        if term.ja[-1] in "市町村":
            found.setdefault(_key(term.ja[:-1]), set()).add(term.code)
        found.setdefault(term.code[:5], set()).add(term.code)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@dataclass(frozen=True)
class Vocabularies:
    method: Choices
    consulter: Choices
    organisation: Choices
    residence: Choices
    topic: Choices
    status: Choices
    sex: Choices
    care: Choices

    @classmethod
    def of(cls, ref: Reference) -> Vocabularies:
        return cls(
            method=Choices(ref.contact_methods, CONTACT_ALIASES),
            consulter=Choices(ref.consulter_types, CONSULTER_ALIASES),
            organisation=Choices(ref.supporter_organisations, ORGANISATION_ALIASES),
            residence=Choices(ref.residences, RESIDENCE_ALIASES, _municipality_shortcuts(ref)),
            topic=Choices(ref.topics, TOPIC_ALIASES),
            status=Choices(ref.case_statuses, STATUS_ALIASES),
            sex=Choices(ref.sexes, SEX_ALIASES),
            care=Choices(ref.care_types, CARE_ALIASES),
        )


# --- cell lists -----------------------------------------------------------------------------------

_OPEN = "（(［[【「"
_CLOSE = "）)］]】」"
# Several topic labels hold 、 inside their brackets, so a list splits only outside brackets.
# Separators: ; and 、 as asked of offices, commas and line breaks (Alt+Enter) as they also type.
_SEPARATORS = frozenset(";；、,，\n")


def split_list(text: str) -> list[str]:
    """``"入園、その他（社会資源、家族支援）"`` → ``["入園", "その他（社会資源、家族支援）"]``."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in _SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_name(text: str) -> tuple[str, str]:
    """Family and given name at the first space (ASCII or full-width); no space → all family."""
    family, _, given = re.sub(r"[ \u3000]+", " ", text.strip()).partition(" ")
    return family, given


# --- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    row: int  # as the spreadsheet shows it (header = 1); 0 for the file as a whole
    column: str
    value: str
    reason_ja: str
    reason_en: str
    allowed: str = ""  # Japanese labels a cell may hold (codes are accepted too)

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


@dataclass(frozen=True)
class ImportReport:
    source: str  # the file's name, never its folder
    rows: int  # data rows read (blank rows are not counted)
    cases: int  # cases imported, or that a dry run would import; 0 when there are problems
    children: int  # distinct children those cases name
    ignored_columns: tuple[str, ...]
    dry_run: bool
    problems: tuple[ImportProblem, ...] = ()

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


def _unreadable(path: Path, ja: str, en: str) -> ImportFailed:
    problem = ImportProblem(0, "", path.name, ja, en)
    return ImportFailed(ImportReport(path.name, 0, 0, 0, (), True, (problem,)))


# --- reading --------------------------------------------------------------------------------------

Rows = list[tuple[int, dict[str, object]]]


def _header(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _cell(value: object) -> object:
    """Strip text and make blank text None, so that 'blank' means one thing."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _table(raw: Iterable[tuple[int, Iterable[object]]]) -> tuple[list[str], Rows]:
    headers: list[str] | None = None
    rows: Rows = []
    for number, values in raw:
        cells = [_cell(v) for v in values]
        if all(c is None for c in cells):
            continue
        if headers is None:
            headers = [_header(c) for c in cells]
            continue
        cells += [None] * (len(headers) - len(cells))
        # A column without a name but with data keeps its letter, so it is reported as ignored.
        while len(headers) < len(cells):
            headers.append("")
        row: dict[str, object] = {}
        for i, value in enumerate(cells):
            name = headers[i] or f"({_column_letter(i)})"
            if value is not None and not headers[i] and name not in headers:
                headers[i] = name
            row.setdefault(name, value)  # the first of two columns with one name counts
        rows.append((number, row))
    if headers is None:
        return [], []
    named = [h for h in headers if h]
    return named, [(n, {k: v for k, v in r.items() if k in named}) for n, r in rows]


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _bad_workbook(path: Path, exc: Exception) -> ImportFailed:
    return _unreadable(
        path,
        "Excelファイルの中身が読めません（Excel で開いて .xlsx で保存し直してください）",
        f"the workbook cannot be read ({type(exc).__name__}); open it in Excel and save it "
        "again as .xlsx",
    )


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise  # read_rows explains it (usually: open in Excel)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _unreadable(
            path,
            "Excelファイルとして開けません（壊れているか、パスワードで保護されています。"
            "パスワードを外して .xlsx で保存し直してください）",
            "cannot be opened as an Excel file (damaged or password-protected; remove the "
            "password and save it again as .xlsx)",
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds for a malformed workbook
        raise _bad_workbook(path, exc) from exc
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # some tools write a wrong <dimension>, which would cut rows off
        yield from enumerate(ws.iter_rows(values_only=True), start=1)  # type: ignore[union-attr]
    except Exception as exc:
        raise _bad_workbook(path, exc) from exc
    finally:
        wb.close()  # read-only workbooks keep the file open (and locked on Windows) otherwise


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):  # Excel writes UTF-8 with a BOM or Shift_JIS
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _unreadable(
        path,
        "文字コードを判別できません（UTF-8 か Shift_JIS で保存してください）",
        "unknown text encoding (save it as UTF-8 or Shift_JIS)",
    )


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    text = _decode(path, path.read_bytes())
    try:
        # Excel shows one record per row even when a quoted cell holds line breaks.
        return list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    except csv.Error as exc:
        raise _unreadable(path, "CSVとして読めません", f"cannot be read as CSV ({exc})") from exc


def read_rows(path: Path) -> tuple[list[str], Rows]:
    """The header names and the non-blank data rows (row number as shown, values by header).

    Text is stripped and blank cells are None; xlsx cells keep their type (datetime, number).
    Raises ImportFailed when the file cannot be read.
    """
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _unreadable(
            path,
            "古い Excel 形式（.xls）は読めません。Excel で .xlsx として保存し直してください",
            "the old Excel format (.xls) is not supported; save it as .xlsx in Excel",
        )
    if suffix not in SUFFIXES_XLSX + SUFFIXES_CSV:
        raise _unreadable(
            path,
            "取り込めるのは Excel（.xlsx）か CSV（.csv）のファイルです",
            "only Excel (.xlsx) and CSV (.csv) files can be imported",
        )
    if not path.is_file():
        raise _unreadable(path, "ファイルが見つかりません", "file not found")
    try:
        raw = list(_xlsx_rows(path)) if suffix in SUFFIXES_XLSX else _csv_rows(path)
    except PermissionError as exc:
        raise _unreadable(
            path,
            "ファイルを読めません（Excel で開いたままなら閉じてください）",
            "cannot read the file (close it in Excel if it is open)",
        ) from exc
    except OSError as exc:
        raise _unreadable(path, "ファイルを読めません", f"cannot read the file ({exc})") from exc
    return _table(raw)


# --- checking -------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 142018.0 from a numeric cell
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    return str(value).strip()


def _as_date(value: object) -> date:
    """A date from a cell: a date cell, date text (see parse_date) or an Excel number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 10_000_000 <= value <= 99_991_231:
            return parse_date(str(int(value)))  # 20240401 typed into a number cell
        if 1 <= value < 2_958_466:  # a date serial shown as a number (no date format)
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise ValueError("not a date")
    return parse_date(str(value))


class _Row:
    """One data row being checked; collects its problems."""

    def __init__(
        self, number: int, values: dict[str, object], problems: list[ImportProblem]
    ) -> None:
        self.number = number
        self.values = values
        self.problems = problems

    def raw(self, column: str) -> object:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return _text(self.values.get(column))

    def problem(self, column: str, value: str, ja: str, en: str, allowed: str = "") -> None:
        self.problems.append(ImportProblem(self.number, column, value, ja, en, allowed))

    def present(self, column: str, required: bool) -> bool:
        """Whether the cell has a value; a blank required cell is a problem."""
        if self.text(column):
            return True
        if required:
            self.problem(column, "", "必須の項目が空欄です", "required value is blank")
        return False

    def choice(self, column: str, choices: Choices, required: bool = True) -> str | None:
        if not self.present(column, required):
            return None
        text = self.text(column)
        code = choices.lookup(text)
        if code is None:
            self._unknown(column, text, choices)
        return code

    def choice_list(self, column: str, choices: Choices, required: bool) -> tuple[str, ...] | None:
        if not self.present(column, required):
            return () if not required else None
        codes: list[str] = []
        ok = True
        pieces = split_list(self.text(column))
        if not pieces:
            self.problem(column, self.text(column), "項目がありません", "no item given")
            return None
        for piece in pieces:
            code = choices.lookup(piece)
            if code is None:
                self._unknown(column, piece, choices)
                ok = False
            elif code not in codes:
                codes.append(code)  # the same topic twice counts once
        return tuple(codes) if ok and codes else None

    def _unknown(self, column: str, value: str, choices: Choices) -> None:
        if column == RESIDENCE:
            ja, en = "市町村名が見つかりません", "unknown municipality"
        else:
            ja, en = f"「{column}」の選択肢にありません", "not one of the allowed values"
        self.problem(column, value, ja, en, choices.allowed())

    def date(self, column: str, required: bool, today: date) -> date | None:
        if not self.present(column, required):
            return None
        try:
            day = _as_date(self.raw(column))
        except (ValueError, OverflowError) as exc:
            impossible = str(exc).startswith("impossible")
            ja = (
                "ありえない日付です"
                if impossible
                else "日付として読めません（例: 2024/4/1、R6.4.1、令和6年4月1日）"
            )
            self.problem(column, self.text(column), ja, f"not a valid date: {exc}")
            return None
        if day > today:
            self.problem(column, self.text(column), "未来の日付です", "the date is in the future")
            return None
        return day


def _status_date(row: _Row, status: str | None, opened: date | None, today: date) -> date | None:
    closed_on = row.date(STATUS_DATE, False, today)
    if closed_on is None:
        return None
    if status == "ongoing":
        row.problem(
            STATUS_DATE,
            row.text(STATUS_DATE),
            "状況が「継続」の行に完了日があります（完了日は完了・経過観察の日付です）",
            "a date is given but the status is ongoing (it is the date of 完了 or 経過観察)",
        )
        return None
    if opened is not None and closed_on < opened:
        row.problem(
            STATUS_DATE,
            row.text(STATUS_DATE),
            f"受付日（{format_date(opened)}）より前です",
            f"before the date received ({format_date(opened)})",
        )
        return None
    return closed_on


def _child(row: _Row, vocab: Vocabularies, residence: str | None, today: date) -> ChildDraft | None:
    name = row.text(CHILD_NAME)
    if not name:
        # Details without a name cannot be kept (a child is found by name and birth date):
        # say so rather than drop them without a word.
        for column in CHILD_DETAIL_COLUMNS:
            if row.text(column):
                row.problem(
                    column,
                    row.text(column),
                    "児童氏名が空欄のため、この児童の情報は取り込めません",
                    f"{CHILD_NAME} (child's name) is blank, so this cannot be kept",
                )
        return None
    family, given = split_name(name)
    family_kana, given_kana = split_name(row.text(CHILD_KANA))
    birth = row.date(BIRTH_DATE, False, today)
    sex = row.choice(SEX, vocab.sex, required=False) if row.text(SEX) else "unspecified"
    care = row.choice_list(CARE, vocab.care, required=False)
    if sex is None or care is None or residence is None:
        return None
    return ChildDraft(
        family_name=family,
        given_name=given,
        family_kana=family_kana,
        given_kana=given_kana,
        birth_date=birth,
        sex=sex,
        residence=residence,
        care_types=care,
    )


def _record(row: _Row, vocab: Vocabularies, today: date) -> Record | None:
    before = len(row.problems)
    opened = row.date(RECEIVED, True, today)
    method = row.choice(METHOD, vocab.method)
    consulter = row.choice(CONSULTER, vocab.consulter)
    organisation = row.choice(ORGANISATION, vocab.organisation, required=False)
    residence = row.choice(RESIDENCE, vocab.residence)
    topics = row.choice_list(TOPICS, vocab.topic, required=True)
    status = row.choice(STATUS, vocab.status)
    closed_on = _status_date(row, status, opened, today)
    child = _child(row, vocab, residence, today)
    if len(row.problems) > before:
        return None
    assert opened and method and consulter and residence and topics and status
    case = CaseDraft(
        opened_on=opened,
        contact_method=method,
        consulter_type=consulter,
        residence=residence,
        topics=topics,
        supporter_organisation=organisation,
        status=status,
        note=row.text(NOTE),
    )
    return child, case, closed_on if status != "ongoing" else None, fiscal_year_of(opened)


def _header_problems(headers: list[str]) -> tuple[list[ImportProblem], tuple[str, ...]]:
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
    ignored = tuple(dict.fromkeys(h for h in headers if h not in KNOWN_COLUMNS))
    return problems, ignored


def _has_data(values: dict[str, object]) -> bool:
    # Rows with nothing in the columns we read are blank to us (pre-numbered templates).
    return any(_text(values.get(c)) for c in KNOWN_COLUMNS)


def _check(
    book: CaseBook, source: str, headers: list[str], rows: Rows, today: date
) -> tuple[ImportReport, list[Record]]:
    problems, ignored = _header_problems(headers)
    data = [(n, v) for n, v in rows if _has_data(v)]
    if not data:
        problems.append(
            ImportProblem(0, "", source, "取り込む行がありません", "there are no rows to import")
        )
    records: list[Record] = []
    if not problems:  # with a column missing, every row would repeat the same problem
        vocab = Vocabularies.of(book.ref)
        for number, values in data:
            record = _record(_Row(number, values, problems), vocab, today)
            if record is not None:
                records.append(record)
    if problems:
        records = []
    children = {(c.family_name, c.given_name, c.birth_date) for c, *_ in records if c}
    report = ImportReport(
        source=source,
        rows=len(data),
        cases=len(records),
        children=len(children),
        ignored_columns=ignored,
        dry_run=True,
        problems=tuple(problems),
    )
    return report, records


def validate(
    book: CaseBook, path: Path, *, today: date | None = None
) -> tuple[ImportReport, list[Record]]:
    """Check a file completely without writing anything.

    Returns the report (dry_run=True) and, only when there is no problem, the records ready for
    `Store.import_records`. Raises ImportFailed when the file cannot be read at all.
    """
    headers, rows = read_rows(path)
    if not headers:
        raise _unreadable(path, "見出し行（1行目）がありません", "there is no header row")
    return _check(book, path.name, headers, rows, today or date.today())


def import_file(
    book: CaseBook, path: Path, dry_run: bool = False, *, today: date | None = None
) -> ImportReport:
    """Import every row of `path` or nothing; raises ImportFailed listing every problem."""
    report, records = validate(book, path, today=today)
    log.info(
        "import checked: %d rows, %d cases, %d problems",
        report.rows,
        report.cases,
        len(report.problems),
    )
    if report.problems:
        raise ImportFailed(replace(report, dry_run=dry_run))
    if dry_run:
        return report
    book.store.import_records(records, book.coordinator_id, path.name)
    log.info("import done: %d cases", len(records))
    return replace(report, dry_run=False)
