"""The fonts of every printed document: registered once per process, embedded as subsets.

BIZ UD Mincho for body text, BIZ UD Gothic (Regular and Bold) for headings and labels. A character
neither has (rare kanji in names such as 𠮷) is drawn with a subset of Hanazono Mincho A, and a
character that is not there either with the CID font HeiseiMin-W3 (not embedded; Basic
Multilingual Plane only). See resources/fonts/README.md.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from mccdesk.reports.layout.font_subsets import SubsetCachingFont
from mccdesk.resources import resources_dir

MINCHO = "MccMincho"
GOTHIC = "MccGothic"
GOTHIC_BOLD = "MccGothic-Bold"
FALLBACK = "MccFallback"
CID_FALLBACK = "HeiseiMin-W3"

_FILES = {
    MINCHO: "BIZUDMincho-Regular.ttf",
    GOTHIC: "BIZUDGothic-Regular.ttf",
    GOTHIC_BOLD: "BIZUDGothic-Bold.ttf",
    FALLBACK: "HanaMinA-JIS2004-subset.ttf",
}


@dataclass(frozen=True)
class Coverage:
    """Which code points each registered font can draw."""

    main: frozenset[int]  # in every BIZ UD face used (so any style can draw them)
    fallback: frozenset[int]


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF (𠮷) as UTF-16 surrogate pairs.

    reportlab writes them as `<20BB7>`, an odd-length hex string that readers reject, so 𠮷 is
    drawn but cannot be copied or searched. Everything else is written as reportlab does.
    """
    text = _original_cmap(fontname, subset)
    for cp in subset:
        if cp > 0xFFFF:
            utf16 = chr(cp).encode("utf-16-be").hex().upper()
            text = text.replace(f"> <{cp:04X}>\n", f"> <{utf16}>\n")
    return text


_original_cmap = ttfonts.makeToUnicodeCMap


@functools.cache
def register() -> Coverage:
    """Register the fonts with reportlab (once per process) and return their coverage."""
    folder = resources_dir() / "fonts"
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    faces = {}
    for name, file in _FILES.items():
        font = SubsetCachingFont(name, str(folder / file))
        pdfmetrics.registerFont(font)
        faces[name] = set(font.face.charToGlyph)
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    # <b> in body text switches to Gothic Bold, as Japanese office documents do.
    addMapping(MINCHO, 0, 0, MINCHO)
    addMapping(MINCHO, 1, 0, GOTHIC_BOLD)
    addMapping(MINCHO, 0, 1, MINCHO)
    addMapping(MINCHO, 1, 1, GOTHIC_BOLD)
    addMapping(GOTHIC, 0, 0, GOTHIC)
    addMapping(GOTHIC, 1, 0, GOTHIC_BOLD)
    addMapping(GOTHIC, 0, 1, GOTHIC)
    addMapping(GOTHIC, 1, 1, GOTHIC_BOLD)
    main = faces[MINCHO] & faces[GOTHIC] & faces[GOTHIC_BOLD]
    return Coverage(frozenset(main), frozenset(faces[FALLBACK]))


def _font_for(cp: int) -> str | None:
    cov = register()
    if cp in cov.fallback:
        return FALLBACK
    if cp <= 0xFFFF:
        return CID_FALLBACK
    return None


def markup(text: str) -> str:
    """User text as Paragraph markup: escaped, newlines as <br/>, rare characters in a font
    that has them. A note containing `<b>` or `&` prints exactly as typed."""
    cov = register()
    out: list[str] = []
    for line_no, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if line_no:
            out.append("<br/>")
        run: list[str] = []
        for ch in line:
            cp = ord(ch)
            if cp in cov.main or ch in " \t":
                run.append(ch)
                continue
            font = _font_for(cp)
            out.append(escape("".join(run)))
            run = []
            if font is None:
                out.append("\u3013")  # 〓, the geta mark: a character no font here can draw
            else:
                out.append(f'<font name="{font}">{escape(ch)}</font>')
        out.append(escape("".join(run)))
    return "".join(out)


def missing_characters(text: str) -> str:
    """Characters of `text` that no bundled font draws (they need the CID font or are lost)."""
    cov = register()
    return "".join(
        sorted(
            {
                ch
                for ch in text
                if ord(ch) >= 0x20 and ord(ch) not in cov.main and ord(ch) not in cov.fallback
            }
        )
    )


def _print_missing() -> None:
    """One U+XXXX a line: JIS X 0213 characters the BIZ UD fonts lack (for the fallback subset)."""
    cov = register()
    extra = {0x20BB7, 0x2123D, 0x2550E, 0x2363A}
    for cp in range(0x20, 0x30000):
        if 0xD800 <= cp < 0xE000 or cp in cov.main:
            continue
        try:
            chr(cp).encode("euc_jis_2004")
        except UnicodeEncodeError:
            if cp not in extra:
                continue
        print(f"U+{cp:04X}")


if __name__ == "__main__" and "--missing" in sys.argv:
    _print_missing()
