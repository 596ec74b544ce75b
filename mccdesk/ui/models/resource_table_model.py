"""The resource directory (地域資源) as a table; retired ones greyed, search keys precomputed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from mccdesk.domain import Resource
from mccdesk.periods import format_date
from mccdesk.reference import Reference
from mccdesk.textnorm import search_key
from mccdesk.ui import i18n
from mccdesk.ui.models.row_table_model import ColumnSpec, RowTableModel

RESOURCE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Resource itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
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


# Tooltips by column: the retirement date's era, one care type a line, the address.
TOOLTIPS = {
    Column.STATE: lambda r: (
        i18n.date_tooltip(r.resource.retired_on) if r.resource.retired_on else None
    ),
    Column.CARE_TYPES: lambda r: r.cells[Column.CARE_TYPES].replace("、", "\n") or None,
    Column.NAME: lambda r: r.resource.address or None,
}


def _column(c: Column) -> ColumnSpec:
    return ColumnSpec(
        HEADERS[c],
        lambda r: r.cells[c],
        TOOLTIPS.get(c),
        sort_key=lambda r: r.sort_keys[c],
    )


def _greyed_if_retired(row: ResourceRow) -> QBrush | None:
    return QBrush(RETIRED_COLOUR) if row.resource.retired_on is not None else None


class ResourceTableModel(RowTableModel):
    context = CONTEXT
    sort_role = SORT_ROLE

    def __init__(self, ref: Reference, resources: Iterable[Resource] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        row_roles = {
            Qt.ItemDataRole.ForegroundRole: _greyed_if_retired,
            RESOURCE_ROLE: lambda r: r.resource,
        }
        super().__init__(map(_column, Column), row_roles, parent)
        self.ref = ref
        self.rows = [make_row(r, ref, i18n.language()) for r in resources]

    def set_resources(self, resources: Iterable[Resource]) -> None:
        self.set_rows(make_row(r, self.ref, i18n.language()) for r in resources)

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
        return self.row_where(lambda row: row.resource.id == resource_id)
