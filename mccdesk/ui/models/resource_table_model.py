"""The resource directory (地域資源) as a table; retired ones greyed, search keys precomputed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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

from mccdesk.domain import Resource
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.textnorm import search_key
from mccdesk.ui import i18n

RESOURCE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Resource itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "ResourceTableModel"
RETIRED_COLOUR = QColor("#8a8f94")


class Column(IntEnum):
    NAME = 0
    KIND = 1
    MUNICIPALITY = 2
    CONTACT = 3
    PHONE = 4
    CARE_TYPES = 5
    STATE = 6


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "名称"),
    QT_TRANSLATE_NOOP(CONTEXT, "種別"),
    QT_TRANSLATE_NOOP(CONTEXT, "市町村"),
    QT_TRANSLATE_NOOP(CONTEXT, "部署・担当者"),
    QT_TRANSLATE_NOOP(CONTEXT, "電話"),
    QT_TRANSLATE_NOOP(CONTEXT, "対応できる医療的ケア"),
    QT_TRANSLATE_NOOP(CONTEXT, "状態"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class ResourceRow:
    resource: Resource
    cells: tuple[str, ...]
    sort_keys: tuple[object, ...]
    key: str  # search_key of name, department, contact person, address, municipality, note


def make_row(res: Resource, ref: Reference, lang: str = "ja") -> ResourceRow:
    municipality = ref.residences.label(res.residence, lang)
    contact = "　".join(t for t in (res.department, res.contact_person) if t)
    care = ("、" if lang == "ja" else ", ").join(
        ref.care_types.label(c, lang) for c in ref.care_types.codes if c in res.care_types
    )
    state = (
        _tr(QT_TRANSLATE_NOOP(CONTEXT, "利用終了 {day}")).format(day=format_date(res.retired_on))
        if res.retired_on
        else ""
    )
    cells = (
        res.name,
        ref.resource_kinds.label(res.kind, lang),
        municipality,
        contact,
        res.phone,
        care,
        state,
    )
    kinds = {c: i for i, c in enumerate(ref.resource_kinds.codes)}
    places = {c: i for i, c in enumerate(ref.residences.codes)}
    sort_keys = (
        search_key(res.name),
        kinds.get(res.kind, 99),
        places.get(res.residence, 9999),
        contact,
        res.phone,
        len(res.care_types),
        res.retired_on.toordinal() if res.retired_on else 0,
    )
    fields = (res.name, res.department, res.contact_person, res.address, municipality, res.note)
    key = "\x1f".join(search_key(f) for f in fields)
    return ResourceRow(res, cells, sort_keys, key)


class ResourceTableModel(QAbstractTableModel):
    def __init__(self, ref: Reference, resources: Iterable[Resource] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ref = ref
        self.rows: list[ResourceRow] = [make_row(r, ref, i18n.language()) for r in resources]

    def set_resources(self, resources: Iterable[Resource]) -> None:
        self.beginResetModel()
        self.rows = [make_row(r, self.ref, i18n.language()) for r in resources]
        self.endResetModel()

    def put(self, res: Resource) -> int:
        """Show a resource just added or changed; returns its source row."""
        row = self.row_of(res.id)
        if row < 0:
            row = len(self.rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self.rows.append(make_row(res, self.ref, i18n.language()))
            self.endInsertRows()
        else:
            self.rows[row] = make_row(res, self.ref, i18n.language())
            last = self.index(row, len(Column) - 1)
            self.dataChanged.emit(self.index(row, 0), last)
        return row

    def row_of(self, resource_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row.resource.id == resource_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.STATE and row.resource.retired_on:
                return i18n.date_tooltip(row.resource.retired_on)
            if column == Column.CARE_TYPES and row.cells[column]:
                return row.cells[column].replace("、", "\n")
            if column == Column.NAME and row.resource.address:
                return row.resource.address
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.resource.retired_on is not None:
            return QBrush(RETIRED_COLOUR)
        if role == SORT_ROLE:
            return row.sort_keys[column]
        if role == RESOURCE_ROLE:
            return row.resource
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
