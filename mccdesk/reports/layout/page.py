"""What every printed page shares: A4 frames, the stylesheet, the numbered canvas and the marks.

Modelled on pretix's invoice renderer: one stylesheet, a first-page and a later-page template, a
canvas that writes "1 / 2" once it knows the page count, `generate()` returning bytes.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from mccdesk.reports.layout.font_subsets import use_subset_cache
from mccdesk.reports.layout.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, register
from mccdesk.reports.layout.text_runs import Style
from mccdesk.version import generator

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 25 * mm  # room for a two-hole punch
RIGHT = 20 * mm
TOP = 22 * mm
BOTTOM = 22 * mm
INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.93, 0.93, 0.93)


def stylesheet() -> StyleSheet1:
    """The one stylesheet of mccdesk's documents."""
    register()
    s = StyleSheet1()
    base = dict(wordWrap="CJK", textColor=INK)
    s.add(ParagraphStyle("body", fontName=MINCHO, fontSize=10.5, leading=16, **base))
    s.add(ParagraphStyle("cell", parent=s["body"], fontSize=10, leading=14.5))
    s.add(ParagraphStyle("check", parent=s["body"], fontSize=10, leading=13))
    s.add(ParagraphStyle("small", parent=s["body"], fontSize=8.5, leading=11, textColor=GREY))
    s.add(ParagraphStyle("label", fontName=GOTHIC, fontSize=9, leading=13, **base))
    s.add(
        ParagraphStyle(
            "title", fontName=GOTHIC_BOLD, fontSize=16, leading=22, alignment=TA_CENTER,
            spaceBefore=2, spaceAfter=10, **base,
        )
    )  # fmt: skip
    s.add(
        ParagraphStyle(
            "heading", fontName=GOTHIC_BOLD, fontSize=11, leading=15, spaceBefore=9,
            spaceAfter=4, keepWithNext=True, **base,
        )
    )  # fmt: skip
    s.add(ParagraphStyle("right", parent=s["body"], alignment=TA_RIGHT))
    s.add(ParagraphStyle("center", parent=s["body"], alignment=TA_CENTER))
    s.add(ParagraphStyle("addressee", parent=s["body"], fontSize=12, leading=18))
    return s


_ALIGN = {TA_CENTER: "center", TA_RIGHT: "right"}


@functools.cache
def styles() -> dict[str, Style]:
    """The stylesheet as sheet_layout styles (documents drawn without platypus)."""
    return {
        name: Style(
            font=ps.fontName,
            size=ps.fontSize,
            leading=ps.leading,
            color=ps.textColor,
            align=_ALIGN.get(ps.alignment, "left"),
            space_before=ps.spaceBefore,
            space_after=ps.spaceAfter,
            keep_with_next=bool(getattr(ps, "keepWithNext", False)),
        )
        for name, ps in stylesheet().byName.items()
    }


FRAME = (LEFT, BOTTOM, PAGE_WIDTH - LEFT - RIGHT, PAGE_HEIGHT - TOP - BOTTOM)


@dataclass(frozen=True)
class PageMarks:
    """What is drawn around the text of every page."""

    footer: str  # the branch name
    title_later: str  # running head of later pages
    confidential: bool = True  # 「機密」: the document holds personal data
    demo: bool = False  # 「デモ（架空の人物）」


class _NumberedCanvas(canvas.Canvas):
    """Holds each page until the end, then writes "n / total" on every one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        use_subset_cache(self)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            draw_page_number(self, self._pageNumber, total)
            super().showPage()
        super().save()


def draw_page_number(c: canvas.Canvas, number: int, total: int) -> None:
    """ "n / total" at the bottom right."""
    c.setFont(GOTHIC, 9)
    c.setFillColor(INK)
    c.drawRightString(PAGE_WIDTH - RIGHT, BOTTOM - 12 * mm, f"{number} / {total}")


def _draw_marks(marks: PageMarks, c: canvas.Canvas, doc: BaseDocTemplate, first: bool) -> None:
    draw_marks(marks, c, first)


def draw_marks(marks: PageMarks, c: canvas.Canvas, first: bool) -> None:
    """The running head, the 機密 box, the demo stamp and the footer of one page."""
    c.saveState()
    top = PAGE_HEIGHT - 12 * mm
    if marks.demo:
        c.setFillColor(colors.Color(0.9, 0.9, 0.9))
        c.setFont(GOTHIC_BOLD, 48)
        c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        c.rotate(35)
        c.drawCentredString(0, 0, "デモ（架空の人物）")
        c.rotate(-35)
        c.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
        c.setFillColor(INK)
        c.setFont(GOTHIC_BOLD, 11)
        c.drawString(LEFT, top, "【デモ（架空の人物）】 実在の人物ではありません")
    elif not first:
        c.setFillColor(GREY)
        c.setFont(GOTHIC, 9)
        c.drawString(LEFT, top, marks.title_later)
    if marks.confidential:
        w, h = 16 * mm, 7 * mm
        x, y = PAGE_WIDTH - RIGHT - w, top - 2 * mm
        c.setStrokeColor(INK)
        c.setLineWidth(1.2)
        c.rect(x, y, w, h)
        c.setFillColor(INK)
        c.setFont(GOTHIC_BOLD, 12)
        c.drawCentredString(x + w / 2, y + 2 * mm, "機密")
        c.setFont(GOTHIC, 8)
        c.drawRightString(x - 3 * mm, y + 2.2 * mm, "取扱注意・目的外使用禁止")
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(LEFT, BOTTOM - 6 * mm, PAGE_WIDTH - RIGHT, BOTTOM - 6 * mm)
    c.setFillColor(GREY)
    c.setFont(GOTHIC, 8.5)
    c.drawString(LEFT, BOTTOM - 12 * mm, marks.footer)
    c.setFont(GOTHIC, 6.5)  # which program printed it, for support; left of "n / total"
    c.drawRightString(PAGE_WIDTH - RIGHT - 18 * mm, BOTTOM - 12 * mm, generator())
    c.restoreState()


def render(story: list[Flowable], marks: PageMarks, title: str, author: str) -> bytes:
    """Lay out `story` on A4 pages with the marks and return the PDF."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
        author=author,
        creator=generator(),
        invariant=False,
        initialFontName=MINCHO,  # else Helvetica is listed on every page, not embedded
    )
    frame = Frame(LEFT, BOTTOM, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0)
    doc.addPageTemplates(
        [
            PageTemplate(
                "first", [frame], onPage=lambda c, d: _draw_marks(marks, c, d, True),
                autoNextPageTemplate="later",
            ),
            PageTemplate("later", [frame], onPage=lambda c, d: _draw_marks(marks, c, d, False)),
        ]
    )  # fmt: skip
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
