"""Held and quarantined files: when, which branch, which file, and why (in the display language)."""

from __future__ import annotations

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
from mccdesk.prefecture import model

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "PrefectureQuarantineModel"
FILE_ROLE = Qt.ItemDataRole.UserRole + 1  # the model.ReceivedFile of the row


class Column(IntEnum):
    RECEIVED = 0
    STATUS = 1
    BRANCH = 2
    PERIOD = 3
    FILE = 4
    REASON = 5


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "受信日時"),
    QT_TRANSLATE_NOOP(CONTEXT, "状態"),
    QT_TRANSLATE_NOOP(CONTEXT, "ブランチ"),
    QT_TRANSLATE_NOOP(CONTEXT, "期間"),
    QT_TRANSLATE_NOOP(CONTEXT, "ファイル"),
    QT_TRANSLATE_NOOP(CONTEXT, "理由"),
)
STATUS_TEXT = {
    model.HELD: QT_TRANSLATE_NOOP(CONTEXT, "保留（自動で再確認）"),
    model.QUARANTINED: QT_TRANSLATE_NOOP(CONTEXT, "隔離"),
}
STATUS_COLOUR = {model.HELD: QColor("#fff1c2"), model.QUARANTINED: QColor("#fbd9d5")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def period_text(code: str) -> str:
    try:
        return FiscalQuarter.parse(code).label_ja()
    except ValueError:  # unreadable files have no trustworthy period
        return code


def local_time(when: datetime) -> str:
    """A stored UTC time as this PC's local date and time: 2024/10/01 09:30."""
    local = when.replace(tzinfo=UTC).astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def received_text(f: model.ReceivedFile) -> str:
    return local_time(f.received_at)


class PrefectureQuarantineModel(QAbstractTableModel):
    def __init__(self, parent=None, lang: str = "ja") -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.files: list[model.ReceivedFile] = []
        self.lang = lang

    def set_files(self, files: list[model.ReceivedFile]) -> None:
        self.beginResetModel()
        self.files = sorted(files, key=lambda f: f.received_at, reverse=True)  # newest first
        self.endResetModel()

    def text(self, row: int, column: Column) -> str:
        f = self.files[row]
        if column == Column.RECEIVED:
            return received_text(f)
        if column == Column.STATUS:
            return _tr(STATUS_TEXT.get(f.status, f.status))
        if column == Column.BRANCH:
            return f.branch
        if column == Column.PERIOD:
            return period_text(f.period)
        if column == Column.FILE:
            return f.file_name
        return model.reason_text(f.reason, self.lang)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.files)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.files):
            return None
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), column)
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.STATUS:
            colour = STATUS_COLOUR.get(self.files[index.row()].status)
            return QBrush(colour) if colour else None
        if role == FILE_ROLE:
            return self.files[index.row()]
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
