"""Our TrueType subsetter writes, byte for byte, what reportlab's makeSubset writes (issue 4)."""

from __future__ import annotations

import os
import random
import zlib

import pytest
from reportlab.lib.rl_accel import calcChecksum
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from bench.pdf import new_child
from mccdesk.reports.layout import font_program
from mccdesk.reports.layout.font_program import checksum, make_subset, widths_array
from mccdesk.reports.layout.font_subsets import SUBSETS, SubsetCache
from mccdesk.reports.layout.fonts import _FILES, FALLBACK, MINCHO, register
from mccdesk.reports.referral_sheet import ReferralSheet

KANJI = "".join(chr(c) for c in range(0x4E00, 0x9FA0) if chr(c).encode("shift_jis", "ignore"))


def _glyph_sets(face: TTFontFace) -> dict[str, list[int]]:
    """Code lists as documents make them (code 0 first, then characters in order of use)."""
    have = face.charToGlyph
    rnd = random.Random(4)
    kanji = [ord(c) for c in KANJI if ord(c) in have]
    every = sorted(have)
    return {
        "ascii": [0, *(ord(c) for c in "Referral sheet 2024-10-01 TEL 046-000-0000")],
        "10 kanji": [0, *rnd.sample(kanji, min(10, len(kanji)))],
        "60 kanji": [0, *rnd.sample(kanji, min(60, len(kanji)))],
        "255 of any": [0, *rnd.sample(every, min(255, len(every)))],
        "rare names": [0, *(ord(c) for c in "髙橋 﨑 𠮷")],  # 𠮷 only in the fallback face
        "one missing": [0, 0x10FFFD, 0x41],  # a code the face lacks maps to glyph 0
    }


@pytest.mark.parametrize("font_name", list(_FILES))
def test_every_registered_font_subsets_to_reportlabs_bytes(font_name: str) -> None:
    register()
    face = pdfmetrics.getFont(font_name).face
    for label, subset in _glyph_sets(face).items():
        assert make_subset(face, subset) == face.makeSubset(subset), (font_name, label)


def test_the_fallback_font_subsets_its_rare_kanji() -> None:
    register()
    face = pdfmetrics.getFont(FALLBACK).face
    assert 0x20BB7 in face.charToGlyph  # 𠮷
    subset = [0, 0x20BB7, *sorted(face.charToGlyph)[:40]]
    assert make_subset(face, subset) == face.makeSubset(subset)


def test_composite_glyphs_are_renumbered_as_reportlab_does() -> None:
    # The BIZ UD and Hanazono faces have no composite glyphs; Vera (shipped with reportlab) has
    # 69 (accented letters built from a base letter and an accent).
    face = TTFontFace("Vera.ttf")
    accented = [0, *(ord(c) for c in "ÄÇÉÑÖÜáàâäãåçéèêëŠšŽžĞğİŞşĆćČčAbc")]
    assert make_subset(face, accented) == face.makeSubset(accented)
    only_accents = [0, *(ord(c) for c in "éÉ")]  # the base letters come in as parts only
    assert make_subset(face, only_accents) == face.makeSubset(only_accents)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 255, 256, 257, 1023, 1024, 1025, 65539])
def test_checksum_is_the_truetype_checksum(size: int) -> None:
    data = os.urandom(size)
    assert checksum(data) == calcChecksum(data)
    assert checksum(b"\xff" * size) == calcChecksum(b"\xff" * size)  # the largest byte sums


def test_widths_are_written_as_reportlab_writes_them() -> None:
    for widths in ([], [1000.0], [500.48828125, 0.0, 1000] * 9, [1000.0] * 10, [250.0] * 31):
        assert widths_array(list(widths)) == pdfdoc.PDFArray(list(widths)).format(None)


def test_a_quick_subset_holds_the_same_program() -> None:
    register()
    font = pdfmetrics.getFont(MINCHO)
    subset = [0, *(ord(c) for c in KANJI[:60])]
    made = SubsetCache().get(font, 1, subset, "AAAAAB+BIZUDMincho-Regular", quick=True)
    program = zlib.decompress(made.font_file)
    assert program == font.face.makeSubset(subset)
    assert made.length1 == len(program)


def test_face_tables_are_kept_for_a_few_faces_only() -> None:
    register()
    for name in _FILES:
        make_subset(pdfmetrics.getFont(name).face, [0, 0x41])
    info = font_program._face.cache_info()
    assert info.maxsize == font_program.MAX_FACES
    assert info.currsize <= font_program.MAX_FACES


def test_a_sheet_embeds_reportlabs_programs_the_childs_own_deflated_quickly() -> None:
    SUBSETS.clear()
    ReferralSheet(new_child(3)).generate()
    kinds = set()
    for (font_name, _n, subset, quick), made in SUBSETS._entries.items():
        face = pdfmetrics.getFont(font_name).face
        assert zlib.decompress(made.font_file) == face.makeSubset(list(subset)), font_name
        kinds.add((font_name, quick))
    assert (MINCHO, True) in kinds  # the child's characters
    assert (MINCHO, False) in kinds  # the sheet's own wording, as reportlab deflates it
