"""Paragraphs measured once and broken into lines by reportlab's CJK rule.

Each character is measured from a per-font width table (font metrics), and lines are broken as
platypus' CJK wrapping does: fill the line, let a closing mark (。、）…) hang, step back to a space
inside a Latin word. Whitespace prints as platypus printed it. Measuring a paragraph once, rather
than once per character and per table pass, is most of why the referral sheet no longer uses
platypus (issue 4, bench/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from unicodedata import category

from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase import pdfmetrics

from mccdesk.reports.layout.fonts import CID_FALLBACK
from mccdesk.reports.layout.page_draw import PageDraw
from mccdesk.reports.layout.text_runs import Run, Style

FUZZ = 1e-6
_CANNOT_START = frozenset(ALL_CANNOT_START)


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
