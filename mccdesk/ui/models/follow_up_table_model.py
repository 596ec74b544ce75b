"""Follow-ups (モニタリング) as a table, one list at a time: overdue, today, week, upcoming, done.

The model keeps every loaded follow-up and shows the rows of the chosen list; switching lists is
one reset over a short list, so no proxy is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from mccdesk.domain import FOLLOW_UP_WEEK_DAYS, FollowUp
from mccdesk.periods import format_date
from mccdesk.ui import i18n
from mccdesk.ui.models.row_table_model import ColumnSpec, RowTableModel

FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 1  # the FollowUp itself

CONTEXT = "FollowUpTableModel"
OVERDUE_COLOUR = QColor("#b3261e")
WEEK_DAYS = FOLLOW_UP_WEEK_DAYS  # "this week": today and the six days after it

# List keys, in the order of the tabs.
OVERDUE = "overdue"
TODAY = "today"
WEEK = "week"
UPCOMING = "upcoming"
DONE = "done"
LISTS = (OVERDUE, TODAY, WEEK, UPCOMING, DONE)


def in_list(follow_up: FollowUp, key: str, today: date) -> bool:
    if key == DONE:
        return follow_up.done_on is not None
    if follow_up.done_on is not None:
        return False
    due = follow_up.due_on
    if key == OVERDUE:
        return due < today
    if key == TODAY:
        return due == today
    if key == WEEK:
        return today <= due < today + timedelta(days=WEEK_DAYS)
    return due >= today  # UPCOMING


class Column(IntEnum):
    DUE_ON = 0
    STATE = 1
    CASE_NUMBER = 2
    CHILD = 3
    PURPOSE = 4
    COORDINATOR = 5
    DONE_ON = 6
    OUTCOME = 7


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "予定日"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況"),
    QT_TRANSLATE_NOOP(CONTEXT, "受付番号"),
    QT_TRANSLATE_NOOP(CONTEXT, "児童"),
    QT_TRANSLATE_NOOP(CONTEXT, "目的"),
    QT_TRANSLATE_NOOP(CONTEXT, "担当者"),
    QT_TRANSLATE_NOOP(CONTEXT, "実施日"),
    QT_TRANSLATE_NOOP(CONTEXT, "結果"),
)


@dataclass(frozen=True)
class FollowUpRow:
    """A follow-up with the case and people it is about, as the table shows them."""

    follow_up: FollowUp
    case_number: str = ""
    child_name: str = ""
    child_kana: str = ""
    coordinator: str = ""


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def state_text(follow_up: FollowUp, today: date) -> str:
    if follow_up.done_on is not None:
        return _tr(QT_TRANSLATE_NOOP(CONTEXT, "完了"))
    days = (follow_up.due_on - today).days
    if days < 0:
        return _tr(QT_TRANSLATE_NOOP(CONTEXT, "期限切れ（{days}日）")).format(days=-days)
    if days == 0:
        return _tr(QT_TRANSLATE_NOOP(CONTEXT, "今日"))
    return _tr(QT_TRANSLATE_NOOP(CONTEXT, "あと{days}日")).format(days=days)


def _date_tooltip(day: date | None) -> str | None:
    return i18n.date_tooltip(day) if day is not None else None


COLUMN_TOOLTIPS = {
    Column.DUE_ON: lambda r: _date_tooltip(r.follow_up.due_on),
    Column.DONE_ON: lambda r: _date_tooltip(r.follow_up.done_on),
    Column.CHILD: lambda r: r.child_kana or None,
    Column.PURPOSE: lambda r: r.follow_up.purpose or None,
    Column.OUTCOME: lambda r: r.follow_up.outcome or None,
}


class FollowUpTableModel(RowTableModel):
    context = CONTEXT

    def __init__(self, today: date, parent=None) -> None:  # type: ignore[no-untyped-def]
        def column(c: Column) -> ColumnSpec:
            return ColumnSpec(HEADERS[c], lambda r: self._text(r, c), COLUMN_TOOLTIPS.get(c))

        row_roles = {
            Qt.ItemDataRole.ForegroundRole: self._overdue_colour,
            FOLLOW_UP_ROLE: lambda r: r.follow_up,
        }
        super().__init__(map(column, Column), row_roles, parent)
        self.today = today
        self.list_key = OVERDUE
        self.all_rows: list[FollowUpRow] = []

    # --- loading ------------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[FollowUpRow], today: date | None = None) -> None:
        self.beginResetModel()
        self.all_rows = list(rows)
        self.today = today or self.today
        self._choose()
        self.endResetModel()

    def set_list(self, key: str) -> None:
        self.beginResetModel()
        self.list_key = key
        self._choose()
        self.endResetModel()

    def _choose(self) -> None:
        rows = [r for r in self.all_rows if in_list(r.follow_up, self.list_key, self.today)]
        if self.list_key == DONE:  # most recently done first
            rows.sort(key=lambda r: (r.follow_up.done_on, r.follow_up.id), reverse=True)
        else:
            rows.sort(key=lambda r: (r.follow_up.due_on, r.follow_up.id))
        self.rows = rows

    def count(self, key: str) -> int:
        return sum(in_list(r.follow_up, key, self.today) for r in self.all_rows)

    def row_of(self, follow_up_id: int) -> int:
        return self.row_where(lambda row: row.follow_up.id == follow_up_id)

    # --- the model ----------------------------------------------------------------------------

    def _overdue_colour(self, row: FollowUpRow) -> QBrush | None:
        return QBrush(OVERDUE_COLOUR) if row.follow_up.overdue(self.today) else None

    def _text(self, row: FollowUpRow, column: int) -> str:
        fu = row.follow_up
        if column == Column.DUE_ON:
            return format_date(fu.due_on)
        if column == Column.STATE:
            return state_text(fu, self.today)
        if column == Column.CASE_NUMBER:
            return row.case_number
        if column == Column.CHILD:
            return row.child_name or _tr(QT_TRANSLATE_NOOP(CONTEXT, "（児童未登録）"))
        if column == Column.PURPOSE:
            return fu.purpose
        if column == Column.COORDINATOR:
            return row.coordinator
        if column == Column.DONE_ON:
            return format_date(fu.done_on) if fu.done_on else ""
        return fu.outcome
