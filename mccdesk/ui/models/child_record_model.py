"""A read-only table of precomputed rows: the child screen's cases, referrals, follow-ups,
documents and timeline tabs all show one.

Each row carries its cells (already labels), optional tooltips (the 和暦 of a date) and the
record it stands for, so activating a row can open that record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt

from mccdesk.ui.models.row_table_model import ColumnSpec, RowTableModel

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the record a row stands for


@dataclass(frozen=True)
class Record:
    cells: tuple[str, ...]
    tooltips: tuple[str | None, ...] = ()
    item: object = None


def _column(header: str, i: int) -> ColumnSpec:
    return ColumnSpec(
        header,
        lambda r: r.cells[i] if i < len(r.cells) else "",
        lambda r: r.tooltips[i] if i < len(r.tooltips) else None,
    )


class RecordTableModel(RowTableModel):
    """Rows of `Record`; headers are translation sources in `context` (QT_TRANSLATE_NOOP)."""

    def __init__(self, context: str, headers: Sequence[str], parent=None) -> None:  # type: ignore[no-untyped-def]
        columns = (_column(h, i) for i, h in enumerate(headers))
        super().__init__(columns, {ITEM_ROLE: lambda r: r.item}, parent)
        self.context = context

    @property
    def records(self) -> list[Record]:
        return self.rows

    def set_records(self, records: Iterable[Record]) -> None:
        self.set_rows(records)

    def column_texts(self, column: int) -> list[str]:
        return [r.cells[column] for r in self.rows]
