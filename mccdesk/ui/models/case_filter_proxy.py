"""Search-as-you-type and filters over the case table, without sorting in the proxy.

The proxy computes which source rows pass once per change of the filters (one comprehension over
the precomputed rows), then answers filterAcceptsRow by looking the row up. Sorting is passed to
the source model, which sorts its list by precomputed keys; the proxy keeps the source order.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from mccdesk.textnorm import search_key
from mccdesk.ui.models.case_table_model import CaseTableModel


class CaseFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._query = ""
        self._status: str | None = None
        self._fiscal_year: int | None = None
        self._places: frozenset[str] | None = None
        self._mask: list[bool] | None = None

    def setSourceModel(self, model: CaseTableModel) -> None:  # type: ignore[override]
        super().setSourceModel(model)
        for signal in (
            model.modelAboutToBeReset,
            model.rowsAboutToBeInserted,
            model.rowsAboutToBeRemoved,
            model.layoutAboutToBeChanged,
        ):
            signal.connect(self._forget)

    def _forget(self, *_: object) -> None:
        self._mask = None

    # --- filters ------------------------------------------------------------------------------

    def set_filters(
        self,
        *,
        query: str | None = None,
        status: str | type[...] | None = ...,
        fiscal_year: int | type[...] | None = ...,
        places: frozenset[str] | type[...] | None = ...,
    ) -> None:
        """Change any of the filters (an argument left out keeps its filter)."""
        if query is not None:
            self._query = search_key(query)
        if status is not ...:
            self._status = status  # type: ignore[assignment]
        if fiscal_year is not ...:
            self._fiscal_year = fiscal_year  # type: ignore[assignment]
        if places is not ...:
            self._places = places  # type: ignore[assignment]
        self._mask = None
        # A full re-map (one layout change) is much faster for a view than the row-by-row
        # insert/remove signals of an incremental filter change when many rows come and go.
        self.invalidate()

    def _compute_mask(self) -> list[bool]:
        model = self.sourceModel()
        assert isinstance(model, CaseTableModel)
        q, status, fy, places = self._query, self._status, self._fiscal_year, self._places
        return [
            (not q or q in r.key)
            and (status is None or r.case.status == status)
            and (fy is None or r.fiscal_year == fy)
            and (places is None or r.case.residence in places)
            for r in model.rows
        ]

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if source_parent.isValid():
            return False
        if self._mask is None:
            self._mask = self._compute_mask()
        return 0 <= source_row < len(self._mask) and self._mask[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)
