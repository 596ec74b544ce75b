"""Embedded font subsets made once per glyph set, not once per printout.

reportlab cuts a subset out of each TrueType file (in pure Python) and compresses it every time a
document is saved: for a referral sheet that is most of the time spent after layout. A document
that opts in (`use_subset_cache(canvas)`) takes the finished, compressed subset streams from a small
in-memory cache keyed by font and glyph list, so printing the same sheet again (preview, then
print or save) costs no subsetting. `seed_subsets` puts a document's fixed wording in subsets of
their own, which then hit the cache for every printout of that document, whoever it is about.

A subset not in the cache is cut by `font_program.make_subset` (the program reportlab's
makeSubset writes, byte for byte, in a fifth of the time). The subsets past a seeded document's
fixed wording, the child's own characters made anew for nearly every sheet, are deflated with
Huffman coding only (`quick_deflate`: 0.4 ms instead of 1.5 ms for the 59 kB program of 140
characters, whose outlines hold few repeats anyway; 51 kB instead of 41 kB). Everything else is
written exactly as reportlab writes it.

What is kept: font programs, their ToUnicode maps and widths, at most `MAX_ENTRIES` of them, in
this process only; never written anywhere. Documents that do not opt in (a plain reportlab
canvas) run reportlab's own code unchanged.
"""

from __future__ import annotations

import functools
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from mccdesk.reports.layout.font_program import make_subset, widths_array

MAX_ENTRIES = 24
_ATTR = "mccdesk_subset_cache"
_SEEDED_ATTR = "mccdesk_seeded_subsets"  # font → how many of its subsets hold fixed wording


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
        self._entries: OrderedDict[tuple[str, int, tuple[int, ...], bool], _Subset] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.hits = self.misses = 0

    def get(
        self, font: TTFont, n: int, subset: list[int], base_name: str, quick: bool = False
    ) -> _Subset:
        """The finished subset `n` of `font`, made unless it is cached (its program deflated
        by `quick_deflate` if `quick`, else as reportlab deflates it)."""
        key = (font.fontName, n, tuple(subset), quick)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
        program = make_subset(font.face, subset)
        made = _Subset(
            font_file=quick_deflate(program) if quick else zlib.compress(program),
            length1=len(program),
            to_unicode=zlib.compress(ttfonts.makeToUnicodeCMap(base_name, subset).encode("utf8")),
            widths=_Formatted(widths_array(list(map(font.face.getCharWidth, subset)))),
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


def quick_deflate(data: bytes) -> bytes:
    """A zlib stream (FlateDecode) of `data` with Huffman coding only, no search for repeats."""
    deflate = zlib.compressobj(1, zlib.DEFLATED, 15, 8, zlib.Z_HUFFMAN_ONLY)
    return deflate.compress(data) + deflate.flush()


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
    seeded_counts = doc.__dict__.setdefault(_SEEDED_ATTR, {})
    seeded_counts[font_name] = len(state.subsets)


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
        seeded = getattr(doc, _SEEDED_ATTR, {}).get(self.fontName)
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            quick = seeded is not None and n >= seeded
            made = cache.get(self, n, subset, base, quick)
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
            descriptor = pdfdoc.PDFDictionary(
                {
                    "Type": "/FontDescriptor",
                    **_face_metrics(face),
                    "FontName": pdfdoc.PDFName(base),
                    "FontFile2": font_file_ref,
                }
            )
            font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + base)
            doc.Reference(font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = font


@functools.lru_cache(maxsize=8)
def _face_metrics(face: ttfonts.TTFontFace) -> dict[str, _Formatted]:
    """A face's font descriptor numbers, formatted once (as reportlab formats them)."""
    flags = (face.flags & ~ttfonts.FF_NONSYMBOLIC) | ttfonts.FF_SYMBOLIC
    values = {
        "Ascent": face.ascent,
        "CapHeight": face.capHeight,
        "Descent": face.descent,
        "Flags": flags,
        "FontBBox": pdfdoc.PDFArray(face.bbox),
        "ItalicAngle": face.italicAngle,
        "StemV": face.stemV,
        "MissingWidth": face.defaultWidth,
    }
    return {key: _Formatted(pdfdoc.format(value, None)) for key, value in values.items()}
