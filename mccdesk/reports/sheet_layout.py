"""Letter-like pages drawn straight onto a reportlab canvas, without platypus.

Wrapped Japanese text (reportlab's CJK rule: fill the line, let a closing mark hang, step back to
a space inside Latin words), label/value rows, and page breaks that keep a heading with what
follows and move a row whole. The geometry copies platypus (frame padding, collapsed space
between blocks, fixed leading, table padding and valign), so a sheet looks as it did; laying out
and drawing the referral sheet takes about 3 ms instead of about 12, because nothing is parsed
from markup and each line is measured once (issue 4, bench/README.md).

Text is given as `Run`s (text in one font, size and colour): user text never passes through a
markup parser, so `<b>` or `&` in a note prints as typed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from unicodedata import category

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.pdfgen.textobject import PDFTextObject

from mccdesk.reports.font_subsets import seed_subsets, use_subset_cache
from mccdesk.reports.fonts import CID_FALLBACK, FALLBACK, MINCHO, register

FUZZ = 1e-6
_CANNOT_START = frozenset(ALL_CANNOT_START)
_GETA = "\u3013"  # 〓: a character no font here can draw


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    color: Color
    align: str = "left"  # left, right, center
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one font, size and colour; "\\n" breaks the line."""

    text: str
    font: str
    size: float
    color: Color


def runs(text: str, font: str, size: float, color: Color) -> list[Run]:
    """User text as runs: characters the BIZ UD faces lack go to the fallback fonts."""
    cov = register()
    main, fallback = cov.main, cov.fallback
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out: list[Run] = []
    start = 0
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp in main or ch in " \n":
            continue
        if start < i:
            out.append(Run(text[start:i], font, size, color))
        if cp in fallback:
            out.append(Run(ch, FALLBACK, size, color))
        elif cp <= 0xFFFF:
            out.append(Run(ch, CID_FALLBACK, size, color))
        else:
            out.append(Run(_GETA, font, size, color))
        start = i + 1
    if start < len(text):
        out.append(Run(text[start:], font, size, color))
    return out


def run(text: str, style: Style, *, size: float | None = None, color: Color | None = None) -> Run:
    """Our own text (never user text) in a style."""
    return Run(text, style.font, size or style.size, color or style.color)


# --- measuring and wrapping -----------------------------------------------------------------


_WIDTHS: dict[str, dict[str, float]] = {}


def _widths(font: str) -> dict[str, float]:
    """Advance widths per point of size, for every character of a TrueType face (font metrics)."""
    table = _WIDTHS.get(font)
    if table is None:
        face = pdfmetrics.getFont(font).face
        table = _WIDTHS[font] = {chr(cp): w / 1000 for cp, w in face.charWidths.items()}
        table["\n"] = 0.0
    return table


def _char_widths(runs_: Sequence[Run]) -> list[float]:
    out: list[float] = []
    for r in runs_:
        if r.font == CID_FALLBACK:
            out.extend(pdfmetrics.stringWidth(ch, r.font, r.size) for ch in r.text)
            continue
        table, size = _widths(r.font), r.size
        out.extend(table.get(ch, 1.0) * size for ch in r.text)
    return out


def _breaks(text: str, widths: list[float], max_width: float) -> list[tuple[int, int, bool]]:
    """(start, end, soft) of each line, by reportlab's dumbSplit/cjkFragSplit rule."""
    lines: list[tuple[int, int, bool]] = []
    i = start = 0
    used = 0.0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            lines.append((start, i, False))
            i += 1
            start, used = i, 0.0
            continue
        used += widths[i]
        i += 1
        if used > max_width + FUZZ:
            if ord(c) < 0x3000:  # inside a Latin word: step back to a space or a CJK character
                for j in range(i - 1, (start + i) >> 1, -1):
                    cj = text[j]
                    if ord(cj) >= 0x3000 or category(cj) == "Zs":
                        k = j + 1
                        if k < i:
                            c, i = text[k], k + 1
                            break
            if c not in _CANNOT_START and i > start + 1:
                i -= 1  # push the character to the next line (a closing mark hangs instead)
            lines.append((start, i, True))
            start, used = i, 0.0
    if start < n:
        lines.append((start, n, False))
    return lines


@dataclass(slots=True)
class Line:
    pieces: list[Run]
    width: float
    ascent: float


class Para:
    """A paragraph wrapped to a width; splits between lines across pages."""

    def __init__(self, runs_: Sequence[Run], style: Style, width: float) -> None:
        self.style = style
        self.space_before, self.space_after = style.space_before, style.space_after
        self.keep_with_next = style.keep_with_next
        runs_ = _collapse_spaces(runs_)
        text = "".join(r.text for r in runs_)
        widths = _char_widths(runs_)
        ends, at = [], 0
        for r in runs_:
            at += len(r.text)
            ends.append(at)
        single = len(runs_) == 1 and "\n" not in text  # platypus: one frag → ascent = size
        self.lines: list[Line] = []
        for s, e, soft in _breaks(text, widths, width):
            if soft:
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
            pieces, tall, r0 = [], [], 0
            for r, r1 in zip(runs_, ends, strict=True):
                if r1 > s and r0 < e:
                    a, b = max(s, r0), min(e, r1)
                    piece = r if (a, b) == (r0, r1) else Run(r.text[a - r0 : b - r0], r.font,
                                                              r.size, r.color)  # fmt: skip
                    pieces.append(piece)
                    tall.append(piece)
                elif r0 <= e < r1 and not soft:
                    tall.append(r)  # the run holding the line break counts, as in platypus
                r0 = r1
            ascent = style.size if single else max((p.size for p in tall), default=style.size)
            self.lines.append(Line(pieces, sum(widths[s:e]), ascent))
        self.width = width
        self.height = len(self.lines) * style.leading

    def part(self, first: int, last: int) -> Para:
        other = object.__new__(Para)
        other.__dict__.update(self.__dict__)
        other.lines = self.lines[first:last]
        other.height = len(other.lines) * self.style.leading
        return other

    def draw(self, page: PageDraw, x: float, top: float) -> None:
        if not self.lines:
            return
        style = self.style
        y = top - self.lines[0].ascent
        for line in self.lines:
            if style.align == "right":
                lx = x + self.width - line.width
            elif style.align == "center":
                lx = x + (self.width - line.width) / 2
            else:
                lx = x
            page.text(lx, y, line.pieces)
            y -= style.leading


_SPACES = re.compile(r"[^\S\n]+")
_EDGES = re.compile(r" ?\n ?")


def _collapse_spaces(runs_: Sequence[Run]) -> list[Run]:
    """Whitespace as platypus prints it: each run of spaces (U+3000 too) one ASCII space, none
    at the start or end of a line."""
    out: list[Run] = []
    line_start = True
    for r in runs_:
        text = r.text
        if not text.isprintable() or "  " in text:  # U+3000, "\n" and tabs are not printable
            text = _EDGES.sub("\n", _SPACES.sub(" ", text))
        if line_start or (out and out[-1].text.endswith(" ")):
            text = text.lstrip(" ")
        if not text:
            continue
        line_start = text.endswith("\n")
        out.append(r if text == r.text else Run(text, r.font, r.size, r.color))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(Run(last.text.rstrip(" "), last.font, last.size, last.color))
    return out


# --- blocks ---------------------------------------------------------------------------------


class Block(Protocol):
    height: float
    space_before: float
    space_after: float

    def draw(self, page: PageDraw, x: float, top: float) -> None: ...


@dataclass
class Box:
    """A block kept whole on a page: a table row, a spacer. Only one taller than a whole page is
    cut, by `split(room)` → (what fits in room, the rest), so that no line is lost."""

    height: float
    paint: Callable[[PageDraw, float, float], None] | None = None
    space_before: float = 0.0
    space_after: float = 0.0
    split: Callable[[float], tuple[Box, Box] | None] | None = None

    def draw(self, page: PageDraw, x: float, top: float) -> None:
        if self.paint is not None:
            self.paint(page, x, top)


def spacer(height: float) -> Box:
    return Box(height)


@dataclass
class Keep:
    """Blocks that start on a new page when they do not fit together on this one."""

    blocks: list[Block | Keep]
    space_before: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.space_before = self.blocks[0].space_before if self.blocks else 0.0

    def extent(self, prev_after: float, at_top: bool) -> tuple[float, float]:
        """Height from the current point (given the space after what is above it, or that it
        starts a page), and the space after the last block."""
        total = 0.0
        for b in self.blocks:
            if isinstance(b, Keep):
                h, prev_after = b.extent(prev_after, at_top)
                total += h
            else:
                gap = 0.0 if at_top else max(b.space_before - prev_after, 0.0)
                total += gap + b.height
                prev_after = b.space_after
                total += prev_after
            at_top = at_top and total == 0
        return total - prev_after, prev_after


def keep_headings(blocks: Iterable[Block | Keep]) -> list[Block | Keep]:
    """A block marked keep-with-next goes into a Keep with the block after it."""
    out: list[Block | Keep] = []
    pending: list[Block | Keep] = []
    for b in blocks:
        pending.append(b)
        if not getattr(b, "keep_with_next", False):
            out.append(Keep(pending) if len(pending) > 1 else b)
            pending = []
    out.extend(pending)
    return out


# --- pages ----------------------------------------------------------------------------------


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


@dataclass
class _Placed:
    block: Block
    top: float


class _Pager:
    def __init__(self, top: float, bottom: float) -> None:
        self.top, self.bottom = top, bottom
        self.pages: list[list[_Placed]] = []
        self._new_page()

    def _new_page(self) -> None:
        self.pages.append([])
        self.y, self.at_top, self.prev_after = self.top, True, 0.0

    def _gap(self, b: Block | Keep) -> float:
        return 0.0 if self.at_top else max(b.space_before - self.prev_after, 0.0)

    def add(self, b: Block | Keep) -> None:
        if isinstance(b, Keep):
            height, _ = b.extent(self.prev_after, self.at_top)
            if self.y - height < self.bottom - FUZZ and not self.at_top:
                self._new_page()
            for inner in b.blocks:
                self.add(inner)
            return
        while True:
            gap = self._gap(b)
            room = self.y - gap - self.bottom
            if b.height <= room + FUZZ:
                self._place(b, gap)
                return
            if isinstance(b, Para):
                fit = int((room + FUZZ) / b.style.leading)
                if self.at_top:
                    fit = max(fit, 1)
                if 2 <= fit < len(b.lines) or (self.at_top and fit < len(b.lines)):
                    self._place(b.part(0, fit), gap)
                    b = b.part(fit, len(b.lines))
                    self._new_page()
                    continue
            if self.at_top:  # taller than a whole page
                parts = b.split(room) if isinstance(b, Box) and b.split else None
                if parts is None:  # cannot be cut: drawn anyway
                    self._place(b, gap)
                    return
                self._place(parts[0], gap)
                b = parts[1]
                self._new_page()
                continue
            self._new_page()

    def _place(self, b: Block, gap: float) -> None:
        top = self.y - gap
        self.pages[-1].append(_Placed(b, top))
        self.y = top - b.height - b.space_after
        self.prev_after = b.space_after
        if b.height or gap:
            self.at_top = False


def render(
    blocks: Iterable[Block | Keep],
    *,
    frame: tuple[float, float, float, float],
    decorate: Callable[[canvas.Canvas, int, int], None],
    finish_page: Callable[[canvas.Canvas, int, int], None],
    title: str,
    author: str,
    creator: str,
    fixed_wording: dict[str, str] | None = None,
) -> bytes:
    """Paginate `blocks` into `frame` (left, bottom, width, height) on A4 and return the PDF.

    `decorate(canvas, page_no, total)` draws under the text of each page, `finish_page` over it.
    `fixed_wording` (font → the document's own text in that font) goes into font subsets that
    are the same for every printout (see font_subsets.seed_subsets).
    """
    left, bottom, _, height = frame
    pager = _Pager(bottom + height - 6, bottom + 6)  # platypus Frame's default 6 pt padding
    for b in blocks:
        pager.add(b)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=False, initialFontName=MINCHO)
    use_subset_cache(c)
    for font, text in (fixed_wording or {}).items():
        seed_subsets(c, font, text)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator(creator)
    total = len(pager.pages)
    for number, placed in enumerate(pager.pages, start=1):
        decorate(c, number, total)
        page = PageDraw(c)
        for p in placed:
            p.block.draw(page, left, p.top)
        page.finish()
        finish_page(c, number, total)
        c.showPage()
    c.save()
    return buffer.getvalue()
