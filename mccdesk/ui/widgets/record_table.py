"""The read-only table every list screen shows: whole rows, one at a time, nothing edited in place.

Columns are sized in "em" (the width of 「あ」 in the table's font), so they grow with the font
size chosen in the settings; without `widths` they fit their contents. The keyword switches keep
the few tables that differ (wrapped text, bold headers of the selected row, plain rows) as they
are.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

HEADER_PAD = 24  # pixels around a column title: margins and the sort arrow


def record_table(
    model: QAbstractItemModel,
    object_name: str,
    widths: Mapping[int, int] | None = None,
    *,
    stretch: int | None = None,
    sortable: bool = False,
    row_padding: int | None = None,
    alternating: bool = True,
    wrap: bool = False,
    highlight: bool = False,
) -> QTableView:
    """A table of `model`'s rows.

    widths: {column: ems}; None: every column fits its contents.
    stretch: the column that takes the room left.
    sortable: a click on a header sorts; until then the model's order, with no arrow shown.
    row_padding: rows as high as a line of text plus this many pixels (None: the style's).
    highlight: the headers of the selected row's columns shown bold (Qt's default).
    """
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(model)
    if sortable:
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(wrap)
    table.verticalHeader().setVisible(False)
    if row_padding is not None:
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + row_padding)
    header = table.horizontalHeader()
    header.setHighlightSections(highlight)
    if widths is None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    else:
        em = table.fontMetrics().horizontalAdvance("あ")
        fits = header.fontMetrics()
        for column, ems in widths.items():
            # Never narrower than the column's title (English titles run longer than Japanese).
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(column, max(ems * em, fits.horizontalAdvance(title) + HEADER_PAD))
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
