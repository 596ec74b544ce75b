"""Children found by a search, as a list: name, kana and date of birth on one line.

Holds only one page of search results (the case book's search is limited), never every child.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from mccdesk.domain import Child
from mccdesk.periods import format_date
from mccdesk.ui import i18n

CHILD_ROLE = Qt.ItemDataRole.UserRole + 1  # the Child itself

Index = QModelIndex | QPersistentModelIndex


def child_line(child: Child) -> str:
    text = f"{child.name}（{child.kana}）" if child.kana else child.name
    if child.birth_date is not None:
        text += f"　{i18n.born(format_date(child.birth_date))}"
    return text


class ChildListModel(QAbstractListModel):
    def __init__(self, children: Iterable[Child] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.children_found: list[Child] = list(children)
        self._lines = [child_line(c) for c in self.children_found]

    def set_children(self, children: Iterable[Child]) -> None:
        self.beginResetModel()
        self.children_found = list(children)
        self._lines = [child_line(c) for c in self.children_found]
        self.endResetModel()

    def row_of(self, child_id: int) -> int:
        for i, child in enumerate(self.children_found):
            if child.id == child_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.children_found)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.children_found):
            return None
        child = self.children_found[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._lines[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and child.birth_date is not None:
            return i18n.born(i18n.date_tooltip(child.birth_date))

        if role == CHILD_ROLE:
            return child
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
