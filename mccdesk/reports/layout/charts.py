"""Horizontal bar charts for printed tables (reportlab graphics, BIZ UD Gothic, embedded).

One row per category, one bar per series (this year dark, last year light), the number at the
end of each bar. A value that is not a number (None: suppressed or uncertain) gets no bar and a
「－」, so a chart never draws a count the table does not show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from mccdesk.reports.layout.fonts import GOTHIC, register

DASH = "－"
DARK = colors.Color(0.22, 0.36, 0.55)
LIGHT = colors.Color(0.70, 0.77, 0.86)
AXIS = colors.Color(0.55, 0.55, 0.55)
FONT_SIZE = 7.5


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | None]
    color: colors.Color = DARK


def _fit(text: str, width: float, size: float) -> str:
    """`text`, shortened with … to fit `width` points."""
    if stringWidth(text, GOTHIC, size) <= width:
        return text
    while text and stringWidth(text + "…", GOTHIC, size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(
    labels: Sequence[str], series: Sequence[Series], width: float, label_width: float = 62 * mm
) -> Drawing:
    """A chart `width` points wide, labels in the first `label_width` (to line up with the
    table above it); its height follows from the number of rows."""
    register()
    bar = 3.4 * mm if len(series) == 1 else 2.5 * mm
    gap = 1.8 * mm
    row_h = bar * len(series) + gap
    legend_h = 5 * mm if len(series) > 1 else 0
    height = legend_h + row_h * len(labels) + 1 * mm
    label_w = label_width
    value_w = 12 * mm
    value_size = 7 if len(series) == 1 else 6.5
    plot_x = label_w
    plot_w = max(width - label_w - value_w, 10 * mm)
    numbers = [v for s in series for v in s.values if v is not None]
    top = max(numbers, default=0) or 1
    d = Drawing(width, height)

    if legend_h:
        x = plot_x
        for s in series:
            d.add(Rect(x, height - 3.5 * mm, 3 * mm, 2.5 * mm, fillColor=s.color, strokeColor=None))
            d.add(String(x + 4 * mm, height - 3.3 * mm, s.name, fontName=GOTHIC, fontSize=7))
            x += 6 * mm + stringWidth(s.name, GOTHIC, 7)
    y = height - legend_h
    for i, label in enumerate(labels):
        y -= row_h
        text = _fit(label, label_w - 2 * mm, FONT_SIZE)
        mid = y + row_h / 2 - FONT_SIZE * 0.35
        d.add(String(label_w - 2 * mm, mid, text, fontName=GOTHIC, fontSize=FONT_SIZE,
                     textAnchor="end"))  # fmt: skip
        for j, s in enumerate(series):
            by = y + gap / 2 + bar * (len(series) - 1 - j)
            value = s.values[i]
            length = 0.0 if value is None else plot_w * value / top
            if length > 0:
                d.add(Rect(plot_x, by, length, bar * 0.92, fillColor=s.color, strokeColor=None))
            shown = DASH if value is None else f"{value:,}"
            d.add(
                String(plot_x + length + 1 * mm, by + bar * 0.15, shown, fontName=GOTHIC,
                       fontSize=value_size)
            )  # fmt: skip
    d.add(Line(plot_x, 0, plot_x, height - legend_h, strokeColor=AXIS, strokeWidth=0.5))
    return d
