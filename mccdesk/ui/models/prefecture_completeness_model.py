"""The completeness grid: one row per branch, one column per quarter of a fiscal year.

Each cell says in words what it is (受領 第1版 / 期限後に受領 / 未着（期限超過） / 保留 2件 …);
the colour only repeats it, so the grid reads the same in grey and for a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from mccdesk.periods import FiscalQuarter, format_date
from mccdesk.prefecture import model
from mccdesk.ui.models.row_table_model import Index, ReadOnlyTableModel

CONTEXT = "PrefectureCompletenessModel"
STATE_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's kind: one of the keys of COLOURS

# Kinds of cell beyond the model's states.
LATE, HELD, NOT_EXPECTED = "late", "held", "not_expected"
NOT_DUE, IN_PROGRESS = "not_due", "in_progress"  # the quarter has not begun / not ended yet
COLOURS = {
    model.RECEIVED: QColor("#dcefdc"),
    LATE: QColor("#fff1c2"),
    model.MISSING: QColor("#fbd9d5"),
    HELD: QColor("#ffe0b8"),
    model.WAITING: QColor("#ffffff"),
    NOT_DUE: QColor("#f1f3f4"),
    IN_PROGRESS: QColor("#f1f3f4"),
    NOT_EXPECTED: QColor("#f1f3f4"),
}
TEXTS = {
    model.RECEIVED: QT_TRANSLATE_NOOP(CONTEXT, "受領 第{revision}版"),
    LATE: QT_TRANSLATE_NOOP(CONTEXT, "受領 第{revision}版（期限後）"),
    model.MISSING: QT_TRANSLATE_NOOP(CONTEXT, "未着（期限超過）"),
    model.WAITING: QT_TRANSLATE_NOOP(CONTEXT, "未着（期限前）"),
    NOT_DUE: QT_TRANSLATE_NOOP(CONTEXT, "（期間前）"),
    IN_PROGRESS: QT_TRANSLATE_NOOP(CONTEXT, "（期間中）"),
    NOT_EXPECTED: QT_TRANSLATE_NOOP(CONTEXT, "（対象外）"),
}
HELD_TEXT = QT_TRANSLATE_NOOP(CONTEXT, "保留・隔離 {n}件")
BRANCH_HEADER = QT_TRANSLATE_NOOP(CONTEXT, "ブランチ")
QUARTER_HEADER = QT_TRANSLATE_NOOP(CONTEXT, "第{q}四半期（期限 {due}）")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class Cell:
    kind: str  # a key of COLOURS
    text: str
    tooltip: str


def cell_of(b: model.BranchCompleteness | None, quarter: FiscalQuarter, today: date) -> Cell:
    if b is None:
        return Cell(NOT_EXPECTED, _tr(TEXTS[NOT_EXPECTED]), "")
    if b.state == model.WAITING and today <= quarter.end and not b.held:
        kind = NOT_DUE if today < quarter.start else IN_PROGRESS
        return Cell(kind, _tr(TEXTS[kind]), "")
    kind = LATE if b.state == model.RECEIVED and b.late else b.state
    text = _tr(TEXTS[kind]).format(revision=b.revision)
    tooltip = ""
    if b.received_at is not None:
        tooltip = _tr("受信 {day}").format(day=format_date(b.received_at.date()))
    if b.held:
        text += "　" + _tr(HELD_TEXT).format(n=b.held)
        if kind != model.MISSING:  # missing stays the louder colour
            kind = HELD
    return Cell(kind, text, tooltip)


@dataclass(frozen=True)
class BranchRow:
    branch: str
    name: str
    cells: tuple[Cell, ...]  # one per quarter, Q1 first


def grid(
    completeness: list[model.Completeness], quarters: list[FiscalQuarter], today: date
) -> list[BranchRow]:
    """Rows of every branch expected in any of the quarters, in branch order."""
    names: dict[str, str] = {}
    for c in completeness:
        for b in c.branches:
            names.setdefault(b.branch, b.branch_name)
    rows = []
    for branch in sorted(names):
        cells = []
        for c, q in zip(completeness, quarters, strict=True):
            found = next((b for b in c.branches if b.branch == branch), None)
            cells.append(cell_of(found, q, today))
        rows.append(BranchRow(branch, names[branch], tuple(cells)))
    return rows


class PrefectureCompletenessModel(ReadOnlyTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__((), parent)
        self.rows: list[BranchRow] = []

    def set_grid(
        self, completeness: list[model.Completeness], quarters: list[FiscalQuarter], today: date
    ) -> None:
        self.beginResetModel()
        self.rows = grid(completeness, quarters, today)
        quarter_headers = (
            _tr(QUARTER_HEADER).format(q=q.quarter, due=format_date(c.deadline))
            for q, c in zip(quarters, completeness, strict=True)
        )
        self.headers = (_tr(BRANCH_HEADER), *quarter_headers)
        self.endResetModel()

    def cell(self, branch: str, quarter: int) -> Cell:
        row = next(r for r in self.rows if r.branch == branch)
        return row.cells[quarter - 1]

    def header(self, section: int) -> str:
        return self.headers[section]  # translated and filled in when the grid was set

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{row.branch}　{row.name}"
            return None
        cell = row.cells[column - 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLOURS[cell.kind])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1a1a1a"))
        if role == STATE_ROLE:
            return cell.kind
        return None
