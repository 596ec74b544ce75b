"""The consultation cases as a table: one row per `Case`, labels and search keys precomputed.

Everything a screen filters or sorts on is computed once per row when the cases are loaded, so
typing in the search field only does cheap `in` checks on strings (see CaseFilterProxy).
"""

from __future__ import annotations

import functools
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

from mccdesk.domain import Case
from mccdesk.periods import fiscal_year_of, format_date, wareki
from mccdesk.reference import Reference
from mccdesk.textnorm import search_key

CASE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Case itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts like the column should
SEARCH_KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # the folded text the search matches

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "CaseTableModel"


class Column(IntEnum):
    NUMBER = 0
    OPENED_ON = 1
    CHILD = 2
    MUNICIPALITY = 3
    METHOD = 4
    CONSULTER = 5
    TOPICS = 6
    STATUS = 7


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "受付番号"),
    QT_TRANSLATE_NOOP(CONTEXT, "受付日"),
    QT_TRANSLATE_NOOP(CONTEXT, "児童"),
    QT_TRANSLATE_NOOP(CONTEXT, "市町村"),
    QT_TRANSLATE_NOOP(CONTEXT, "相談方法"),
    QT_TRANSLATE_NOOP(CONTEXT, "相談者"),
    QT_TRANSLATE_NOOP(CONTEXT, "主訴"),
    QT_TRANSLATE_NOOP(CONTEXT, "状況"),
)
NO_CHILD = QT_TRANSLATE_NOOP(CONTEXT, "（児童未登録）")


@dataclass(frozen=True)
class CaseRow:
    """A case with what the table shows, sorts and searches on."""

    case: Case
    cells: tuple[str, ...]
    sort_keys: tuple[object, ...]
    key: str  # search_key of name, kana, case number and municipality
    fiscal_year: int


_fold = functools.lru_cache(maxsize=65536)(search_key)  # children have many cases each
_ORDERS: dict[int, dict[str, dict[str, int]]] = {}


def _orders(ref: Reference) -> dict[str, dict[str, int]]:
    """Display positions of codes, so columns sort in the reference data's order."""
    if id(ref) not in _ORDERS:
        _ORDERS[id(ref)] = {
            name: {code: i for i, code in enumerate(getattr(ref, name).codes)}
            for name in ("topics", "residences", "case_statuses")
        }
    return _ORDERS[id(ref)]


_TOPICS_TEXT: dict[tuple[int, tuple[str, ...], str], str] = {}


def _topics_text(ref: Reference, topics: tuple[str, ...], lang: str) -> str:
    """The topics' labels in display order, joined by 、 (cached: few combinations recur)."""
    cache_key = (id(ref), topics, lang)
    if cache_key not in _TOPICS_TEXT:
        order = _orders(ref)["topics"]
        ordered = sorted(topics, key=lambda c: order.get(c, 99))
        _TOPICS_TEXT[cache_key] = "、".join(ref.topics.label(t, lang) for t in ordered)
    return _TOPICS_TEXT[cache_key]


def make_row(case: Case, ref: Reference, lang: str = "ja") -> CaseRow:
    municipality = ref.residences.label(case.residence, lang)
    consulter = ref.consulter_types.label(case.consulter_type, lang)
    if case.supporter_organisation:
        org = ref.supporter_organisations.label(case.supporter_organisation, lang)
        consulter = f"{consulter}（{org}）"
    orders = _orders(ref)
    topics_text = _topics_text(ref, case.topics, lang)
    child = case.child_name or QCoreApplication.translate(CONTEXT, NO_CHILD)
    cells = (
        case.number,
        format_date(case.opened_on),
        child,
        municipality,
        ref.contact_methods.label(case.contact_method, lang),
        consulter,
        topics_text,
        ref.case_statuses.label(case.status, lang),
    )
    sort_keys = (
        case.number,
        (case.opened_on.toordinal(), case.number),
        (not case.child_name, search_key(case.child_kana or case.child_name)),
        orders["residences"].get(case.residence, 9999),
        cells[Column.METHOD],
        cells[Column.CONSULTER],
        cells[Column.TOPICS],
        orders["case_statuses"].get(case.status, 99),
    )
    # Fields joined by a separator no query contains, so a match never spans two fields.
    key = "\x1f".join(
        (_fold(case.child_name + case.child_kana), _fold(case.number), _fold(municipality))
    )
    return CaseRow(case, cells, sort_keys, key, fiscal_year_of(case.opened_on))


class CaseTableModel(QAbstractTableModel):
    def __init__(self, ref: Reference, cases: Iterable[Case] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ref = ref
        self.rows: list[CaseRow] = [make_row(c, ref) for c in cases]

    # --- loading ------------------------------------------------------------------------------

    def set_cases(self, cases: Iterable[Case]) -> None:
        self.beginResetModel()
        self.rows = [make_row(c, self.ref) for c in cases]
        self.endResetModel()

    def add_case(self, case: Case) -> None:
        """A newly opened case goes on top, where the newest cases are."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.rows.insert(0, make_row(case, self.ref))
        self.endInsertRows()

    def row_of(self, case_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row.case.id == case_id:
                return i
        return -1

    # --- the model ----------------------------------------------------------------------------

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
            if column == Column.OPENED_ON:
                return wareki(row.case.opened_on)
            if column == Column.CHILD and row.case.child_kana:
                return row.case.child_kana
            if column == Column.TOPICS:
                return row.cells[column].replace("、", "\n")
            return None
        if role == SORT_ROLE:
            return row.sort_keys[column]
        if role == CASE_ROLE:
            return row.case
        if role == SEARCH_KEY_ROLE:
            return row.key
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate(CONTEXT, HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (in Python, by precomputed keys): fast for 100,000 rows."""
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [self.rows[p.row()] if p.row() < len(self.rows) else None for p in persistent]
        self.rows.sort(
            key=lambda r: r.sort_keys[column], reverse=order == Qt.SortOrder.DescendingOrder
        )
        if persistent:
            new = {id(row): i for i, row in enumerate(self.rows)}
            after = [
                self.index(new[id(row)], p.column()) if row is not None else QModelIndex()
                for p, row in zip(persistent, before, strict=True)
            ]
            self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()
