"""One summary's tables exactly as they leave the office: both scopes side by side.

Each table is a title row (its name and unit), one row per code in vocabulary order, and a 合計
row for tables that partition a population. Suppressed counts show as 「－」. Built from the
document's canonical JSON (codes only), labelled here for reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from mccdesk.reference import Reference
from mccdesk.sync.summary import SUPPRESSED, TABLE_TITLES, UNIT_LABELS, code_label
from mccdesk.sync.tables import BY_NAME, SCOPES
from mccdesk.ui.models.row_table_model import RIGHT, ColumnSpec, RowTableModel

CONTEXT = "SummaryTableModel"
TITLE, CELL, TOTAL = "title", "cell", "total"
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # TITLE, CELL or TOTAL
TITLE_BACKGROUND = QColor("#e8eef5")


class Column(IntEnum):
    LABEL = 0
    QUARTER = 1
    YEAR_TO_DATE = 2


HEADERS = (
    QT_TRANSLATE_NOOP(CONTEXT, "表・区分"),
    QT_TRANSLATE_NOOP(CONTEXT, "四半期"),
    QT_TRANSLATE_NOOP(CONTEXT, "年度累計（4月から）"),
)


@dataclass(frozen=True)
class Row:
    kind: str
    label: str
    values: tuple[int | None, ...] = ()  # one per scope (SCOPES order); None = suppressed


def rows_of(doc: dict[str, Any], ref: Reference, lang: str = "ja") -> list[Row]:
    """The document's tables as rows, in the fixed table order and vocabulary order."""
    scopes = [doc["scopes"].get(scope, {}) for scope in SCOPES]
    names = [n for n in BY_NAME if n in scopes[0]] + [n for n in scopes[0] if n not in BY_NAME]
    i = 0 if lang == "ja" else 1
    rows: list[Row] = []
    for name in names:
        tables = [s.get(name, {"cells": {}}) for s in scopes]
        unit = tables[0].get("unit", "")
        title = TABLE_TITLES.get(name, (name, name))[i]
        rows.append(Row(TITLE, f"{title}（{UNIT_LABELS.get(unit, (unit, unit))[i]}）"))
        order = BY_NAME[name].codes(ref) if name in BY_NAME else ()
        codes = [c for c in order if c in tables[0]["cells"]]
        codes += [c for c in tables[0]["cells"] if c not in codes]
        for code in codes:
            values = tuple(t["cells"].get(code) for t in tables)
            rows.append(Row(CELL, code_label(ref, name, code, lang), values))
        if "total" in tables[0]:
            label = "合計" if lang == "ja" else "Total"
            rows.append(Row(TOTAL, label, tuple(t.get("total") for t in tables)))
    return rows


def any_suppressed(rows: list[Row]) -> bool:
    return any(v is None for r in rows if r.kind != TITLE for v in r.values)


def _value_column(scope: int) -> ColumnSpec:
    def text(row: Row) -> str | None:
        if row.kind == TITLE:
            return None
        value = row.values[scope]
        return SUPPRESSED if value is None else f"{value:,}"

    def tooltip(row: Row) -> str | None:
        if row.kind == TITLE or row.values[scope] is not None:
            return None
        return QCoreApplication.translate(
            CONTEXT, "少数のため、個人が特定されないよう非表示にした数です"
        )

    return ColumnSpec(
        HEADERS[1 + scope], text, tooltip, background=_title_background, bold=_bold, alignment=RIGHT
    )


def _title_background(row: Row) -> QBrush | None:
    return QBrush(TITLE_BACKGROUND) if row.kind == TITLE else None


def _bold(row: Row) -> bool:
    return row.kind in (TITLE, TOTAL)


COLUMNS = (
    ColumnSpec(HEADERS[Column.LABEL], lambda r: r.label, background=_title_background, bold=_bold),
    _value_column(Column.QUARTER - 1),
    _value_column(Column.YEAR_TO_DATE - 1),
)


class SummaryTableModel(RowTableModel):
    context = CONTEXT

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(COLUMNS, {KIND_ROLE: lambda r: r.kind}, parent)

    def title_rows(self) -> list[int]:
        """Rows the view spans across all columns."""
        return [i for i, r in enumerate(self.rows) if r.kind == TITLE]
