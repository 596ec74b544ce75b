"""One of the prefecture's tables: its rows (areas in bold, municipalities indented), its
columns (this year's and last year's, as the report prints them) and its 合計 row.

Counts that cannot be shown (suppressed at publication, or summed over a branch's suppressed
cell) read 「－」, exactly as in the Excel and the PDF. The labels come in the table's language
(tables.build's `lang`); `lang` here says how the headers are laid out and which unit to show.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from mccdesk.prefecture.tables import SAME_PERIOD_EN, SAME_QUARTER_EN, Count, PrefTable, Row
from mccdesk.ui.models.row_table_model import Index, ReadOnlyTableModel

CONTEXT = "PrefectureTableModel"
PREVIOUS_BACKGROUND = QColor("#f4f6f8")  # last year's columns, drawn lighter as in the report
LABEL_HEADER = QT_TRANSLATE_NOOP(CONTEXT, "区分")
DASH_TIP = QT_TRANSLATE_NOOP(
    CONTEXT, "個人が特定されないよう非表示にした数、またはブランチで非表示とされた数を含む数です"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class PrefectureTableModel(ReadOnlyTableModel):
    """Its columns and headers come from the table shown (none before one is set)."""

    def __init__(self, parent=None, lang: str = "ja") -> None:  # type: ignore[no-untyped-def]
        super().__init__((), parent)
        self.lang = lang
        self.table: PrefTable | None = None
        self.rows: list[Row] = []

    def set_table(self, table: PrefTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.rows = list(table.rows) if table else []
        if table is not None and table.total is not None:
            self.rows.append(Row("", table.total_label, table.total, level=-1))
        self.endResetModel()

    def texts(self) -> list[list[str]]:
        """Every row as shown: label, then each column's text."""
        return [[r.label] + [c.text() for c in r.counts] for r in self.rows]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return 1 + len(self.table.columns)

    def _count(self, index: Index) -> Count | None:
        return self.rows[index.row()].counts[index.column() - 1] if index.column() else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.table is None or not 0 <= index.row() < len(self.rows):
            return None
        row, count = self.rows[index.row()], self._count(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if count is None:
                return ("\u3000" + row.label) if row.level == 2 else row.label
            return count.text()
        if role == Qt.ItemDataRole.TextAlignmentRole and count is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.level in (-1, 1):
            font = QFont()
            font.setBold(True)
            return font
        previous = bool(index.column()) and self.table.columns[index.column() - 1].previous
        if role == Qt.ItemDataRole.BackgroundRole and previous:
            return QBrush(PREVIOUS_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and count is not None and count.value is None:
            return _tr(DASH_TIP)
        return None

    def header(self, section: int) -> str:
        assert self.table is not None  # else there are no columns
        if section == 0:
            unit = self.table.unit_label(self.lang)
            return _tr(LABEL_HEADER) + (f"（{unit}）" if self.lang == "ja" else f" ({unit})")
        return self.column_header(self.table.columns[section - 1].label)

    def column_header(self, label: str) -> str:
        """（前年同期） / (same quarter last year) on a line of its own."""
        if self.lang == "ja":
            return label.replace("（", "\n（", 1)
        for note in (SAME_QUARTER_EN, SAME_PERIOD_EN):
            if label.endswith(" " + note):
                return label[: -len(note) - 1] + "\n" + note
        return label
