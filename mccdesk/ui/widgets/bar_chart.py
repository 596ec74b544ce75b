"""Horizontal grouped bars, drawn with QPainter: one group per row, one bar per series.

Each bar has its number at its end, so the chart reads without axes. A count that cannot be shown
(None: suppressed or not exact) is drawn as no bar and the text 「－」, never as zero. The previous
year's series is drawn lighter, like the printed report.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

SERIES_COLOURS = (QColor("#1a5fb4"), QColor("#9bb7dc"), QColor("#e8730c"), QColor("#f2b98a"))
BASELINE = QColor("#8a9199")
TEXT = QColor("#1a1a1a")
DASH = "－"


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._series: list[str] = []
        self._rows: list[tuple[str, tuple[int | None, ...]]] = []

    def set_data(self, series: list[str], rows: list[tuple[str, tuple[int | None, ...]]]) -> None:
        """`series`: the legend (this year, last year); `rows`: (label, a value per series)."""
        self._series, self._rows = list(series), [(label, tuple(v)) for label, v in rows]
        text = self.tr("、").join(
            f"{label} "
            + " / ".join(
                f"{s} {DASH if v is None else v}" for s, v in zip(series, values, strict=False)
            )
            for label, values in self._rows
        )
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, tuple[int | None, ...]]]:
        """What the chart draws (for tests and screen readers)."""
        return list(self._rows)

    def _group_height(self) -> int:
        line = self.fontMetrics().height()
        return max(1, len(self._series)) * (line + 2) + 8

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(480, len(self._rows) * self._group_height() + 2 * line + 16)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 4 * self.fontMetrics().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        # The legend first, one swatch per series.
        x = 4.0
        for i, name in enumerate(self._series):
            painter.fillRect(QRectF(x, 4, line * 0.8, line * 0.8), SERIES_COLOURS[i % 4])
            x += line
            painter.setPen(TEXT)
            painter.drawText(QRectF(x, 0, metrics.horizontalAdvance(name) + 4, line + 4), name)
            x += metrics.horizontalAdvance(name) + 16
        labels = max((metrics.horizontalAdvance(label) for label, _ in self._rows), default=0)
        left = min(labels + 12, self.width() * 0.4)
        number = metrics.horizontalAdvance("0,000,000") + 8
        width = max(10.0, self.width() - left - number - 8)
        top = max((v for _, vs in self._rows for v in vs if v), default=1)
        y = line + 12.0
        group = self._group_height()
        painter.setPen(BASELINE)
        painter.drawLine(int(left), int(y), int(left), int(y + group * len(self._rows)))
        for label, values in self._rows:
            painter.setPen(TEXT)
            name_box = QRectF(0, y, left - 6, group - 6)
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(left - 6))
            painter.drawText(
                name_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided
            )
            for i, value in enumerate(values):
                bar_y = y + i * (line + 2)
                length = 0.0 if not value else width * value / top
                if length:
                    painter.fillRect(QRectF(left + 1, bar_y, length, line), SERIES_COLOURS[i % 4])
                painter.setPen(TEXT)
                text = DASH if value is None else f"{value:,}"
                painter.drawText(
                    QRectF(left + length + 4, bar_y, number, line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
            y += group
        painter.end()
