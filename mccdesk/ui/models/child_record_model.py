"""A read-only table of precomputed rows: the child screen's cases, referrals, follow-ups,
documents and timeline tabs all show one.

Each row carries its cells (already labels), optional tooltips (the 和暦 of a date) and the
record it stands for, so activating a row can open that record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the record a row stands for

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Record:
    cells: tuple[str, ...]
    tooltips: tuple[str | None, ...] = ()
    item: object = None


class RecordTableModel(QAbstractTableModel):
    """Rows of `Record`; headers are translation sources in `context` (QT_TRANSLATE_NOOP)."""

    def __init__(self, context: str, headers: Sequence[str], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.context = context
        self.headers = tuple(headers)
        self.records: list[Record] = []

    def set_records(self, records: Iterable[Record]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return record.cells[column] if column < len(record.cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.tooltips[column] if column < len(record.tooltips) else None
        if role == ITEM_ROLE:
            return record.item
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return QCoreApplication.translate(self.context, self.headers[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def column_texts(self, column: int) -> list[str]:
        return [r.cells[column] for r in self.records]
