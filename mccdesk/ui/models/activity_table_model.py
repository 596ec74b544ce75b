"""One case's activities (対応記録) as a table, newest first: date, kind, method, minutes, note.

A case has tens of activities, so the model holds them all and is reset on each change.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from mccdesk.domain import Activity
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.ui import i18n
from mccdesk.ui.models.row_table_model import Index, ReadOnlyTableModel

ACTIVITY_ROLE = Qt.ItemDataRole.UserRole + 1  # the Activity itself
NOTE_PREVIEW = 40  # characters of the note's first line shown in the table
CONTEXT = "ActivityTableModel"


class Column(IntEnum):
    DATE = 0
    KIND = 1
    METHOD = 2
    MINUTES = 3
    NOTE = 4


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "対応日"),
    QT_TRANSLATE_NOOP(CONTEXT, "種別"),
    QT_TRANSLATE_NOOP(CONTEXT, "方法"),
    QT_TRANSLATE_NOOP(CONTEXT, "時間（分）"),
    QT_TRANSLATE_NOOP(CONTEXT, "メモ"),
)


def note_preview(note: str) -> str:
    lines = note.strip().splitlines()
    first = lines[0] if lines else ""
    if len(first) > NOTE_PREVIEW or len(lines) > 1:
        return first[:NOTE_PREVIEW] + "…"
    return first


class ActivityTableModel(ReadOnlyTableModel):
    context = CONTEXT

    def __init__(self, ref: Reference, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(HEADERS, parent)
        self.ref = ref

    @property
    def activities(self) -> list[Activity]:
        return self.rows

    def set_activities(self, activities: Iterable[Activity]) -> None:
        """Newest first; activities of the same day in the order they were recorded, last on top."""
        self.beginResetModel()
        self.rows = sorted(activities, key=lambda a: (a.occurred_on, a.id), reverse=True)
        self.endResetModel()

    def row_of(self, activity_id: int) -> int:
        return self.row_where(lambda activity: activity.id == activity_id)

    # --- the model ----------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        activity = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(activity, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.DATE:
                return i18n.date_tooltip(activity.occurred_on)
            if column == Column.NOTE and activity.note.strip():
                return activity.note.strip()  # the whole note, the cell shows its start
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.MINUTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ACTIVITY_ROLE:
            return activity
        return None

    def _text(self, activity: Activity, column: int) -> str:
        if column == Column.DATE:
            return format_date(activity.occurred_on)
        if column == Column.KIND:
            return i18n.term(self.ref.activity_kinds, activity.kind)
        if column == Column.METHOD:
            return i18n.term(self.ref.contact_methods, activity.method) if activity.method else ""
        if column == Column.MINUTES:
            return "" if activity.minutes is None else str(activity.minutes)
        return note_preview(activity.note)
