"""Checking one data row of an import: every problem of the row, by column (see importer.py).

Besides the vocabularies and dates, a cell is refused when it holds a control character (C0,
DEL, C1; only a note may hold tabs and line breaks, and the list columns line breaks, which is
what Alt+Enter types), when it is longer than the case book keeps (names and kana: 100
characters each for the family and the given name, as schema.py's String(100); a note: 2,000),
and a date when it is before 1900-01-01 or after today (received, closed and birth dates alike:
nobody supported today was born before 1900, and 0001-01-01 broke the summaries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from mccdesk.domain import CaseDraft, ChildDraft
from mccdesk.import_base import ImportProblem
from mccdesk.import_vocab import (
    BIRTH_DATE,
    CARE,
    CHILD_DETAIL_COLUMNS,
    CHILD_KANA,
    CHILD_NAME,
    CONSULTER,
    METHOD,
    NOTE,
    ORGANISATION,
    RECEIVED,
    RESIDENCE,
    SEX,
    STATUS,
    STATUS_DATE,
    TOPICS,
    Choices,
    Vocabularies,
    split_list,
    split_name,
)
from mccdesk.import_xlsx import TooLong, excel_datetime
from mccdesk.periods import fiscal_year_of, format_date, parse_date

NAME_PART_MAX = 100  # schema.py: Child.family_name, given_name, family_kana, given_kana
NOTE_MAX = 2_000  # Case.note is Text; a consultation's note on a sheet is a few lines
EARLIEST = date(1900, 1, 1)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_LIST = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # line breaks separate
_CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tabs, line breaks
_CONTROL_BY_COLUMN = {TOPICS: _CONTROL_IN_LIST, CARE: _CONTROL_IN_LIST, NOTE: _CONTROL_IN_NOTE}


@dataclass(frozen=True)
class ChildCells:
    """What one row says about its child, for matching it with other rows and with the book."""

    row: int
    draft: ChildDraft
    kana: str  # the cells as typed ("" when blank), to show when they disagree
    sex: str  # "" when blank or 未記入
    care: str


Checked = tuple[ChildCells | None, CaseDraft, date | None, int]


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


@lru_cache(maxsize=4096)  # sheets repeat dates; errors are not cached (they are raised)
def _parse_date(text: str) -> date:
    return parse_date(text)


def _as_date(value: object) -> date:
    """A date from a cell: a date cell, date text (see parse_date) or an Excel number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 10_000_000 <= value <= 99_991_231:
            return _parse_date(str(int(value)))  # 20240401 typed into a number cell
        if 1 <= value < 2_958_466:  # a date serial shown as a number (no date format)
            return excel_datetime(value).date()  # type: ignore[union-attr]
        raise ValueError("not a date")
    return _parse_date(str(value))


def _too_long(column: str, length: int) -> tuple[str, str]:
    if column in (CHILD_NAME, CHILD_KANA):
        limit_ja = f"姓・名それぞれ{NAME_PART_MAX}文字まで"
        limit_en = f"at most {NAME_PART_MAX} characters each for the family and the given name"
    else:
        limit_ja, limit_en = f"{NOTE_MAX:,}文字まで", f"at most {NOTE_MAX:,} characters"
    return (
        f"長すぎます（{length:,}文字。{limit_ja}）",
        f"too long ({length:,} characters; {limit_en})",
    )


class _Row:
    """One data row being checked; collects its problems."""

    def __init__(
        self, number: int, values: dict[str, object], problems: list[ImportProblem]
    ) -> None:
        self.number = number
        self.values = values
        self.problems = problems
        self.bad: set[str] = set()  # cells already refused as they are: not checked further
        for column, value in values.items():
            if isinstance(value, TooLong):
                self.problem(column, value.head, *_too_long(column, value.length))
                self.bad.add(column)
            elif isinstance(value, str) and _CONTROL_BY_COLUMN.get(column, _CONTROL).search(value):
                self.problem(
                    column,
                    value,
                    "制御文字（NUL など、画面に出ない文字）が含まれています",
                    "holds a control character (NUL or another invisible one)",
                )
                self.bad.add(column)

    def raw(self, column: str) -> object:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return "" if column in self.bad else _text(self.values.get(column))

    def problem(self, column: str, value: str, ja: str, en: str, allowed: str = "") -> None:
        self.problems.append(ImportProblem(self.number, column, value, ja, en, allowed))

    def present(self, column: str, required: bool) -> bool:
        """Whether the cell has a value; a blank required cell is a problem."""
        if self.text(column):
            return True
        if required and column not in self.bad:
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
            return () if not required and column not in self.bad else None
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
        if day < EARLIEST:
            self.problem(
                column,
                self.text(column),
                "1900年1月1日より前の日付です（年を確かめてください）",
                "before 1900-01-01 (check the year)",
            )
            return None
        return day

    def name(self, column: str) -> tuple[str, str]:
        """Family and given name (or kana) of a cell, each at most NAME_PART_MAX."""
        family, given = split_name(self.text(column))
        longest = max(len(family), len(given))
        if longest > NAME_PART_MAX:
            self.problem(column, self.text(column), *_too_long(column, longest))
            return "", ""
        return family, given


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


def _child(row: _Row, vocab: Vocabularies, residence: str | None, today: date) -> ChildCells | None:
    if not row.text(CHILD_NAME):
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
    before = len(row.problems)
    family, given = row.name(CHILD_NAME)
    family_kana, given_kana = row.name(CHILD_KANA)
    birth = row.date(BIRTH_DATE, False, today)
    sex = row.choice(SEX, vocab.sex, required=False) if row.text(SEX) else "unspecified"
    care = row.choice_list(CARE, vocab.care, required=False)
    if len(row.problems) > before or sex is None or care is None or residence is None:
        return None
    draft = ChildDraft(
        family_name=family,
        given_name=given,
        family_kana=family_kana,
        given_kana=given_kana,
        birth_date=birth,
        sex=sex,
        residence=residence,
        care_types=care,
    )
    sex_text = row.text(SEX) if sex != "unspecified" else ""
    return ChildCells(row.number, draft, row.text(CHILD_KANA), sex_text, row.text(CARE))


def check_row(
    number: int,
    values: dict[str, object],
    vocab: Vocabularies,
    today: date,
    problems: list[ImportProblem],
) -> Checked | None:
    """The row's child and case, or None when the row has problems (added to `problems`)."""
    before = len(problems)
    row = _Row(number, values, problems)
    opened = row.date(RECEIVED, True, today)
    method = row.choice(METHOD, vocab.method)
    consulter = row.choice(CONSULTER, vocab.consulter)
    organisation = row.choice(ORGANISATION, vocab.organisation, required=False)
    residence = row.choice(RESIDENCE, vocab.residence)
    topics = row.choice_list(TOPICS, vocab.topic, required=True)
    status = row.choice(STATUS, vocab.status)
    closed_on = _status_date(row, status, opened, today)
    child = _child(row, vocab, residence, today)
    note = row.text(NOTE)
    if len(note) > NOTE_MAX:
        row.problem(NOTE, note, *_too_long(NOTE, len(note)))
    if len(problems) > before:
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
        note=note,
    )
    return child, case, closed_on if status != "ongoing" else None, fiscal_year_of(opened)
