"""One page's drawing: shapes go to the canvas at once, all text into one text object."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas
from reportlab.pdfgen.textobject import PDFTextObject

from mccdesk.reports.layout.text_runs import Run


class PageDraw:
    """One page: shapes go to the canvas at once, text into one text object drawn at the end."""

    def __init__(self, c: canvas.Canvas) -> None:
        self.canvas = c
        self._text: PDFTextObject = c.beginText()
        self._font: tuple[str, float] | None = None
        self._color: Color | None = None

    def text(self, x: float, y: float, pieces: Iterable[Run]) -> None:
        t = self._text
        t.setTextOrigin(x, y)
        for p in pieces:
            if (p.font, p.size) != self._font:
                t.setFont(p.font, p.size)
                self._font = (p.font, p.size)
            if p.color != self._color:
                t.setFillColor(p.color)
                self._color = p.color
            t._textOut(p.text)

    def finish(self) -> None:
        self.canvas.drawText(self._text)
