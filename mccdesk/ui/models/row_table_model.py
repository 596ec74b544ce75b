"""The Qt plumbing of a flat, read-only table, written once.

`ReadOnlyTableModel` is the part every table shares: rows in `self.rows`, one header per
column translated under `context`, no children, whole rows enabled and selectable. A model
that answers data() itself (the cases table, for speed) stands on it directly.

`RowTableModel` adds data() from a tuple of column specs: a model says what each column shows
(`ColumnSpec`: display text, optional tooltip, colours, bold, right alignment, sort key) and
which roles hold for the whole row (`row_roles`, e.g. the domain object under UserRole + 1, or
grey text for a retired row). The rest - role dispatch, resets - is here.

Headers stay `QT_TRANSLATE_NOOP(CONTEXT, ...)` constants in each model's module, so lupdate still
finds them under that model's context; they are translated at paint time under `context`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

Index = QModelIndex | QPersistentModelIndex
RowFn = Callable[[Any], object]
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Role = Qt.ItemDataRole
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class ColumnSpec:
    header: str  # the source text (a QT_TRANSLATE_NOOP constant of the model's context)
    display: RowFn
    tooltip: RowFn | None = None
    foreground: RowFn | None = None  # a QBrush or None
    background: RowFn | None = None
    bold: Callable[[Any], bool] | None = None
    alignment: Qt.AlignmentFlag | None = None
    sort_key: RowFn | None = None  # under the model's `sort_role`


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class ReadOnlyTableModel(QAbstractTableModel):
    context = ""  # the translation context of the headers

    def __init__(self, headers: Sequence[str] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.headers: tuple[str, ...] = tuple(headers)  # sources (QT_TRANSLATE_NOOP constants)
        self.rows: list[Any] = []

    def header(self, section: int) -> str:
        """The text over a column (0 <= section < columnCount())."""
        return QCoreApplication.translate(self.context, self.headers[section])

    def row_where(self, matches: Callable[[Any], bool]) -> int:
        """The first row that matches, or -1."""
        return next((i for i, row in enumerate(self.rows) if matches(row)), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> object:
        if (
            role == Role.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < self.columnCount()
        ):
            return self.header(section)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


class RowTableModel(ReadOnlyTableModel):
    sort_role: int | None = None

    def __init__(
        self,
        columns: Iterable[ColumnSpec],
        row_roles: dict[int, RowFn] | None = None,
        parent=None,  # type: ignore[no-untyped-def]
    ) -> None:
        self.columns: tuple[ColumnSpec, ...] = tuple(columns)
        super().__init__((c.header for c in self.columns), parent)
        self.row_roles: dict[int, RowFn] = dict(row_roles or {})

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self.rows = self.arrange(list(rows))
        self.endResetModel()

    def arrange(self, rows: list[Any]) -> list[Any]:
        """The rows in the order shown (a model that sorts overrides this)."""
        return rows

    def data(self, index: Index, role: int = Role.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row, spec = self.rows[index.row()], self.columns[index.column()]
        if role == Role.DisplayRole:
            return spec.display(row)
        if role == Role.ToolTipRole:
            return spec.tooltip(row) if spec.tooltip else None
        if role == Role.ForegroundRole and spec.foreground:
            return spec.foreground(row)
        if role == Role.BackgroundRole and spec.background:
            return spec.background(row)
        if role == Role.FontRole and spec.bold:
            return bold_font() if spec.bold(row) else None
        if role == Role.TextAlignmentRole and spec.alignment is not None:
            return int(spec.alignment)
        if role == self.sort_role and spec.sort_key:
            return spec.sort_key(row)
        whole_row = self.row_roles.get(role)
        return whole_row(row) if whole_row else None
