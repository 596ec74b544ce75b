"""Search-as-you-type (kana-insensitive) and filters over the resource directory."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from mccdesk.textnorm import search_key
from mccdesk.ui.models.resource_table_model import SORT_ROLE, ResourceTableModel


class ResourceFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._query = ""
        self._kind: str | None = None
        self._places: frozenset[str] | None = None
        self._care_type: str | None = None
        self._include_retired = False
        self.setSortRole(SORT_ROLE)

    def set_filters(
        self,
        *,
        query: str | None = None,
        kind: str | type[...] | None = ...,
        places: frozenset[str] | type[...] | None = ...,
        care_type: str | type[...] | None = ...,
        include_retired: bool | None = None,
    ) -> None:
        """Change any of the filters (an argument left out keeps its filter)."""
        if query is not None:
            self._query = search_key(query)
        if kind is not ...:
            self._kind = kind  # type: ignore[assignment]
        if places is not ...:
            self._places = places  # type: ignore[assignment]
        if care_type is not ...:
            self._care_type = care_type  # type: ignore[assignment]
        if include_retired is not None:
            self._include_retired = include_retired
        self.invalidate()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if source_parent.isValid() or not isinstance(model, ResourceTableModel):
            return False
        if not 0 <= source_row < len(model.rows):
            return False
        row = model.rows[source_row]
        res = row.resource
        return (
            (self._include_retired or res.retired_on is None)
            and (not self._query or self._query in row.key)
            and (self._kind is None or res.kind == self._kind)
            and (self._places is None or res.residence in self._places)
            and (self._care_type is None or self._care_type in res.care_types)
        )

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        # The sort keys are Python values (str or int per column): compare them as such.
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)
