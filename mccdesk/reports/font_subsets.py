"""Embedded font subsets made once per glyph set, not once per printout.

reportlab cuts a subset out of each TrueType file (in pure Python) and compresses it every time a
document is saved: for a referral sheet that is most of the time spent after layout. A document
that opts in (`use_subset_cache(canvas)`) takes the finished, compressed subset streams from a small
in-memory cache keyed by font and glyph list, so printing the same sheet again (preview, then
print or save) costs no subsetting. The bytes written are the ones reportlab would write.
`seed_subsets` puts a document's fixed wording in subsets of their own, which then hit the cache
for every printout of that document, whoever it is about.

What is kept: font programs, their ToUnicode maps and widths, at most `MAX_ENTRIES` of them, in
this process only; never written anywhere. Documents that do not opt in (a plain reportlab
canvas) run reportlab's own code unchanged.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

MAX_ENTRIES = 24
_ATTR = "mccdesk_subset_cache"


class _Formatted(pdfdoc.PDFObject):
    """A PDF value formatted once (a widths array)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: object) -> bytes:
        return self.data


@dataclass(frozen=True)
class _Subset:
    font_file: bytes  # compressed FontFile2 program
    length1: int  # its uncompressed length
    to_unicode: bytes  # compressed ToUnicode CMap
    widths: _Formatted


class SubsetCache:
    """A bounded, thread-safe LRU of finished subsets."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[str, int, tuple[int, ...]], _Subset] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.hits = self.misses = 0

    def get(self, font: TTFont, n: int, subset: list[int], base_name: str) -> _Subset:
        key = (font.fontName, n, tuple(subset))
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
        program = font.face.makeSubset(subset)
        widths = pdfdoc.PDFArray(list(map(font.face.getCharWidth, subset)))
        made = _Subset(
            font_file=zlib.compress(program),
            length1=len(program),
            to_unicode=zlib.compress(ttfonts.makeToUnicodeCMap(base_name, subset).encode("utf8")),
            widths=_Formatted(widths.format(None)),
        )
        with self._lock:
            self.misses += 1
            self._entries[key] = made
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0


SUBSETS = SubsetCache()


def use_subset_cache(canvas: object, cache: SubsetCache = SUBSETS) -> None:
    """Let the document behind `canvas` take its font subsets from `cache`."""
    setattr(canvas._doc, _ATTR, cache)  # type: ignore[attr-defined]


def seed_subsets(canvas: object, font_name: str, text: str) -> None:
    """Give the characters of a document's fixed wording the first codes of `font_name` and start
    everything else in a subset of its own. Those first subsets are then the same for every
    printout of that document, so they come from the cache even for a child never printed
    before; only the subset holding the child's own characters is made anew."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, SubsetCachingFont):
        return
    doc = canvas._doc  # type: ignore[attr-defined]
    state = font._assignState(doc)
    if state.nextCode > 1:  # a character beyond ASCII has its code already
        raise ValueError("seed_subsets() must come before any text in that font")
    key = (font_name, text)
    seeded = _SEEDED.get(key)
    if seeded is None:
        font.splitString(text, doc)
        state.nextCode = 256 * len(state.subsets)
        if len(_SEEDED) >= MAX_ENTRIES:
            _SEEDED.clear()
        _SEEDED[key] = (dict(state.assignments), [list(s) for s in state.subsets], state.nextCode)
    else:
        assignments, subsets, state.nextCode = seeded
        state.assignments = dict(assignments)
        state.subsets = [list(s) for s in subsets]


# (font, fixed wording) → the code assignments after seeding it: font data, not personal data.
_SEEDED: dict[tuple[str, str], tuple[dict[int, int], list[list[int]], int]] = {}


def _flate(content: bytes, extra: dict[str, object] | None = None) -> pdfdoc.PDFStream:
    """A stream whose content is already compressed (reportlab then leaves it as it is)."""
    entries = {"Filter": pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")]), **(extra or {})}
    return pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), content, filters=[])


class SubsetCachingFont(TTFont):
    """A TTFont whose subsets come from the document's SubsetCache, when it has one."""

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:
        cache: SubsetCache | None = getattr(doc, _ATTR, None)
        if cache is None or not doc.compression:
            super().addObjects(doc)
            return
        # The same objects as TTFont.addObjects / TTFontFace.addSubsetObjects, in the same order.
        state = self._assignState(doc)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            made = cache.get(self, n, subset, base)
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = made.widths
            font.ToUnicode = doc.Reference(_flate(made.to_unicode), "toUnicodeCMap:" + base)
            font_file = _flate(made.font_file, {"Length1": made.length1})
            font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({base})")
            flags = (face.flags & ~ttfonts.FF_NONSYMBOLIC) | ttfonts.FF_SYMBOLIC
            descriptor = pdfdoc.PDFDictionary(
                {
                    "Type": "/FontDescriptor",
                    "Ascent": face.ascent,
                    "CapHeight": face.capHeight,
                    "Descent": face.descent,
                    "Flags": flags,
                    "FontBBox": pdfdoc.PDFArray(face.bbox),
                    "FontName": pdfdoc.PDFName(base),
                    "ItalicAngle": face.italicAngle,
                    "StemV": face.stemV,
                    "FontFile2": font_file_ref,
                    "MissingWidth": face.defaultWidth,
                }
            )
            font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + base)
            doc.Reference(font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = font
