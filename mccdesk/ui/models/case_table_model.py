"""The consultation cases as a table: one row per `Case`, its search key precomputed.

A case book may hold 100,000 cases, so loading a row does only what every row needs: the folded
search key and the fiscal year (see CaseFilterProxy). The labels a row shows are made the first
time the view asks for them (only the rows on screen), and a column's sort keys when it is sorted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt

from mccdesk.domain import Case
from mccdesk.periods import fiscal_year_of, format_date
from mccdesk.reference import Reference
from mccdesk.textnorm import search_key
from mccdesk.ui import i18n
from mccdesk.ui.models.row_table_model import Index, ReadOnlyTableModel

CASE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Case itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts like the column should
SEARCH_KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # the folded text the search matches
CONTEXT = "CaseTableModel"
# Roles as plain ints, checked first: a painted cell is asked for about ten roles, and comparing
# an int with an enum member costs a Python call each time.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
ROLES = frozenset({_DISPLAY, _TOOLTIP, int(CASE_ROLE), int(SORT_ROLE), int(SEARCH_KEY_ROLE)})


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


class CaseRow:
    """A case with what the search needs; the cells are made when first shown."""

    __slots__ = ("_cells", "case", "fiscal_year", "key")

    def __init__(self, case: Case, key: str, fiscal_year: int) -> None:
        self.case = case
        self.key = key  # search_key of name + kana, case number and municipality
        self.fiscal_year = fiscal_year
        self._cells: tuple[str, ...] | None = None

    def cells(self, ref: Reference) -> tuple[str, ...]:
        if self._cells is None:
            self._cells = make_cells(self.case, ref, i18n.language())
        return self._cells


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
        joiner = "、" if lang == "ja" else ", "
        _TOPICS_TEXT[cache_key] = joiner.join(ref.topics.label(t, lang) for t in ordered)
    return _TOPICS_TEXT[cache_key]


def _consulter(case: Case, ref: Reference, lang: str) -> str:
    consulter = ref.consulter_types.label(case.consulter_type, lang)
    if case.supporter_organisation:
        org = ref.supporter_organisations.label(case.supporter_organisation, lang)
        consulter = f"{consulter}（{org}）" if lang == "ja" else f"{consulter} ({org})"
    return consulter


def make_cells(case: Case, ref: Reference, lang: str = "ja") -> tuple[str, ...]:
    child = case.child_name or QCoreApplication.translate(CONTEXT, NO_CHILD)
    return (
        case.number,
        format_date(case.opened_on),
        child,
        ref.residences.label(case.residence, lang),
        ref.contact_methods.label(case.contact_method, lang),
        _consulter(case, ref, lang),
        _topics_text(ref, case.topics, lang),
        ref.case_statuses.label(case.status, lang),
    )


def _number_key(number: str) -> str:
    # Case numbers are ASCII such as 2024-0012: lower() is what search_key does to them, at a
    # tenth of the cost (100,000 of them are folded when the table loads).
    return number.lower() if number.isascii() and " " not in number else search_key(number)


class _MunicipalityKeys(dict[str, str]):
    def __init__(self, ref: Reference) -> None:
        super().__init__()
        self.ref = ref

    def __missing__(self, code: str) -> str:
        # Both languages: a search for 横浜 or for Yokohama finds the same cases.
        ja, en = (self.ref.residences.label(code, lang) for lang in ("ja", "en"))
        self[code] = key = search_key(ja if en == ja else f"{ja}\x1f{en}")
        return key


def make_row(case: Case, ref: Reference, places: dict[str, str] | None = None) -> CaseRow:
    places = places if places is not None else _MunicipalityKeys(ref)
    # Fields joined by a separator no query contains, so a match never spans two fields.
    key = (
        f"{_fold(case.child_name + case.child_kana)}\x1f{_number_key(case.number)}"
        f"\x1f{places[case.residence]}"
    )
    return CaseRow(case, key, fiscal_year_of(case.opened_on))


def sort_key(column: int, ref: Reference) -> Callable[[CaseRow], object]:
    """What a column sorts by: dates and numbers as such, codes in reference order."""
    orders = _orders(ref)
    if column == Column.NUMBER:
        return lambda r: r.case.number
    if column == Column.OPENED_ON:
        return lambda r: (r.case.opened_on.toordinal(), r.case.number)
    if column == Column.CHILD:
        return lambda r: (not r.case.child_name, _fold(r.case.child_kana or r.case.child_name))
    if column == Column.MUNICIPALITY:
        return lambda r: orders["residences"].get(r.case.residence, 9999)
    if column == Column.STATUS:
        return lambda r: orders["case_statuses"].get(r.case.status, 99)
    if column == Column.METHOD:
        return lambda r: ref.contact_methods.label(r.case.contact_method, i18n.language())
    if column == Column.CONSULTER:
        return lambda r: _consulter(r.case, ref, i18n.language())
    return lambda r: _topics_text(ref, r.case.topics, i18n.language())


class CaseTableModel(ReadOnlyTableModel):
    """Counts, headers and flags from the shared base; data() and row_data() its own, lean."""

    context = CONTEXT

    def __init__(self, ref: Reference, cases: Iterable[Case] = (), parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(HEADERS, parent)
        self.ref = ref
        self._places = _MunicipalityKeys(ref)
        self.rows: list[CaseRow] = [make_row(c, ref, self._places) for c in cases]
        self.keys = [r.key for r in self.rows]  # the rows' search keys, in the same order
        self._sorted: tuple[int, Qt.SortOrder] | None = None  # None: as loaded, newest first

    # --- loading ------------------------------------------------------------------------------

    def set_cases(self, cases: Iterable[Case]) -> None:
        self.beginResetModel()
        self.rows = [make_row(c, self.ref, self._places) for c in cases]
        self.keys = [r.key for r in self.rows]
        self._sorted = None
        self.endResetModel()

    def append_cases(self, cases: Iterable[Case]) -> None:
        """More (older) cases read later: at the end, or in place when a column is sorted."""
        new = [make_row(c, self.ref, self._places) for c in cases]
        if not new:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(new) - 1)
        self.rows.extend(new)
        self.keys.extend(r.key for r in new)
        self.endInsertRows()
        if self._sorted is not None:
            self.sort(*self._sorted)

    def add_case(self, case: Case) -> None:
        """A newly opened case goes on top, where the newest cases are."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.rows.insert(0, make_row(case, self.ref, self._places))
        self.keys.insert(0, self.rows[0].key)
        self.endInsertRows()

    def row_of(self, case_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row.case.id == case_id:
                return i
        return -1

    # --- the model ----------------------------------------------------------------------------

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.row_data(self.rows[index.row()], index.column(), role)

    def row_data(self, row: CaseRow, column: int, role: int) -> object:
        """data() for a row object (the filter proxy asks with rows it already holds)."""
        if role == _DISPLAY:
            return row.cells(self.ref)[column]
        if role == _TOOLTIP:
            if column == Column.OPENED_ON:
                return i18n.date_tooltip(row.case.opened_on)
            if column == Column.CHILD and row.case.child_kana:
                return row.case.child_kana
            if column == Column.TOPICS:
                return row.cells(self.ref)[column].replace("、", "\n")
            return None
        if role == SORT_ROLE:
            return sort_key(column, self.ref)(row)
        if role == CASE_ROLE:
            return row.case
        if role == SEARCH_KEY_ROLE:
            return row.key
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (in Python, by computed keys): fast for 100,000 rows."""
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [self.rows[p.row()] if p.row() < len(self.rows) else None for p in persistent]
        self.rows.sort(
            key=sort_key(column, self.ref), reverse=order == Qt.SortOrder.DescendingOrder
        )
        self._sorted = (column, order)
        self.keys = [r.key for r in self.rows]
        if persistent:
            new = {id(row): i for i, row in enumerate(self.rows)}
            after = [
                self.index(new[id(row)], p.column()) if row is not None else QModelIndex()
                for p, row in zip(persistent, before, strict=True)
            ]
            self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()
