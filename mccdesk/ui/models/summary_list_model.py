"""The summaries of the outbox, one row per version: period, version, state and when.

Newest first. A refused summary shows the prefecture's reason in its state; one that waits for
the drop shows why it is still queued.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import IntEnum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from mccdesk.periods import FiscalQuarter, format_date
from mccdesk.sync.outbox import Entry
from mccdesk.ui import i18n

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the outbox entry itself

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "SummaryListModel"

STATES = {
    "draft": QT_TRANSLATE_NOOP(CONTEXT, "下書き"),
    "approved": QT_TRANSLATE_NOOP(CONTEXT, "承認済み・送信待ち"),
    "delivered": QT_TRANSLATE_NOOP(CONTEXT, "送信済み"),
    "acknowledged": QT_TRANSLATE_NOOP(CONTEXT, "受領確認済み"),
    "refused": QT_TRANSLATE_NOOP(CONTEXT, "差し戻し"),
}
STATE_COLOURS = {"refused": QColor("#b3261e"), "acknowledged": QColor("#1e7e34")}


class Column(IntEnum):
    PERIOD = 0
    VERSION = 1
    STATE = 2
    WHEN = 3


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "期間"),
    QT_TRANSLATE_NOOP(CONTEXT, "版"),
    QT_TRANSLATE_NOOP(CONTEXT, "状態"),
    QT_TRANSLATE_NOOP(CONTEXT, "日付"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def period_label(code: str) -> str:
    try:
        period = FiscalQuarter.parse(code)
    except ValueError:
        return code
    return i18n.period_label(period)


def state_text(entry: Entry) -> str:
    """下書き … 差し戻し（理由）; a queued one says it has not reached the drop yet."""
    text = _tr(STATES.get(entry.state, entry.state))
    if entry.state == "refused" and entry.reason:
        return f"{text}（{entry.reason}）"
    if entry.state == "approved" and entry.last_error:
        return text + _tr("（共有フォルダに届いていません）")
    return text


def last_change(entry: Entry) -> datetime | None:
    """The latest step's time, local (the outbox keeps UTC)."""
    when = entry.answered_at or entry.delivered_at or entry.approved_at or entry.built_at
    return None if when is None else when.replace(tzinfo=UTC).astimezone()


class SummaryListModel(QAbstractTableModel):
    def __init__(self, entries: Iterable[Entry] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.set_entries(entries)

    def set_entries(self, entries: Iterable[Entry]) -> None:
        self.beginResetModel()
        self.entries = sorted(entries, key=lambda e: (e.period, e.id), reverse=True)
        self.endResetModel()

    def row_of(self, entry_id: int) -> int:
        for i, entry in enumerate(self.entries):
            if entry.id == entry_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry, column = self.entries[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.PERIOD:
                return period_label(entry.period)
            if column == Column.VERSION:
                return "" if entry.revision is None else _tr("第{n}版").format(n=entry.revision + 1)
            if column == Column.STATE:
                return state_text(entry)
            when = last_change(entry)
            return "" if when is None else format_date(when.date())
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.STATE and entry.last_error:
                return entry.last_error
            if column == Column.PERIOD:
                return entry.period
            if column == Column.WHEN and (when := last_change(entry)) is not None:
                return i18n.date_tooltip(when.date())
            return entry.file_name or None
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATE:
            colour = STATE_COLOURS.get(entry.state)
            return QBrush(colour) if colour is not None else None
        if role == ENTRY_ROLE:
            return entry
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return _tr(HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
