"""Text as runs: a piece of text in one font, size and colour, and the paragraph styles.

User text is split into runs by the fonts that can draw it (BIZ UD, else the Hanazono fallback,
else the CID font, else 〓), so it never passes through a markup parser: `<b>` or `&` in a note
prints as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color

from mccdesk.reports.layout.fonts import CID_FALLBACK, FALLBACK, register

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
