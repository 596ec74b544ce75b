"""A small bar chart of counts per month of a fiscal year (April → March), drawn with QPainter.

Month labels 4月…3月 under the bars and each count above its bar, so it reads without axes;
months still to come are left empty rather than drawn as zero.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from mccdesk.ui import i18n

FISCAL_MONTHS = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
BAR = QColor("#1a5fb4")
CURRENT = QColor("#e8730c")  # the month we are in
BASELINE = QColor("#8a9199")
TEXT = QColor("#1a1a1a")


class MonthChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._counts: list[int | None] = [None] * 12
        self._current: int | None = None  # index of the current month, if in this year

    def set_counts(self, counts: list[int | None], current: int | None = None) -> None:
        """Twelve counts, April first; None for months that have not come yet."""
        if len(counts) != 12:
            raise ValueError("a fiscal year has twelve months")
        self._counts, self._current = list(counts), current
        shown = self.tr("、").join(
            self.tr("{month} {c}件").format(month=i18n.month_label(m), c=c)
            for m, c in zip(FISCAL_MONTHS, counts, strict=True)
            if c is not None
        )
        self.setAccessibleDescription(shown)
        self.setToolTip(shown)
        self.update()

    def bars(self) -> list[tuple[str, int | None]]:
        """(label, count) per month, April first: what the chart draws."""
        months = map(i18n.month_label, FISCAL_MONTHS)
        return list(zip(months, self._counts, strict=True))

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(12 * 44, 6 * line + 40)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(12 * 30, 4 * line + 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(4, line + 4, -4, -(line + 6))  # room for labels
        slot = area.width() / 12
        top = max((c for c in self._counts if c), default=1)
        painter.setPen(BASELINE)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for i, (label, count) in enumerate(self.bars()):
            x = area.left() + i * slot
            painter.setPen(TEXT)
            below = QRectF(x, area.bottom() + 3, slot, line)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, label)
            if count is None:
                continue
            height = area.height() * count / top
            bar = QRectF(x + slot * 0.2, area.bottom() - height, slot * 0.6, height)
            painter.fillRect(bar, CURRENT if i == self._current else BAR)
            above = QRectF(x, bar.top() - line - 1, slot, line)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.end()
