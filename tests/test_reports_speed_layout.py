"""The fast referral sheet (issue 4): cached font subsets write what reportlab writes, the
layout wraps and breaks pages as platypus did, and nothing is lost or leaked on the way."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bench.pdf import new_child, sample
from mccdesk.reports.layout.font_subsets import SUBSETS, SubsetCache, use_subset_cache
from mccdesk.reports.layout.fonts import GOTHIC, MINCHO, register
from mccdesk.reports.layout.line_breaking import Para
from mccdesk.reports.layout.page import FRAME, styles
from mccdesk.reports.layout.page_breaking import keep_headings, spacer
from mccdesk.reports.layout.sheet_layout import render
from mccdesk.reports.layout.text_runs import runs
from mccdesk.reports.referral_sheet import ReferralSheet
from tests.test_reports import assert_in_order, fonts_of, text_of


def page_bytes(cache: SubsetCache | None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, initialFontName=MINCHO)
    if cache is not None:
        use_subset_cache(c, cache)
    c.setFont(MINCHO, 10.5)
    c.drawString(72, 760, "診療情報・支援情報提供書 髙橋 陽菜 " + "漢字" * 200)
    c.setFont(GOTHIC, 9)
    c.drawString(72, 700, "医療的ケア児支援センター")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_cached_subsets_write_the_bytes_reportlab_writes() -> None:
    register()
    cache = SubsetCache()
    plain = page_bytes(None)
    assert page_bytes(cache) == plain  # made and cached
    assert page_bytes(cache) == plain  # from the cache
    assert cache.hits == cache.misses > 0


def test_a_plain_canvas_leaves_the_cache_alone() -> None:
    register()
    before = (SUBSETS.hits, SUBSETS.misses)
    page_bytes(None)
    assert (SUBSETS.hits, SUBSETS.misses) == before


def test_the_cache_is_bounded() -> None:
    register()
    cache = SubsetCache(max_entries=2)
    for _ in range(3):
        page_bytes(cache)
    assert len(cache._entries) <= 2


def test_another_child_reuses_the_subsets_of_the_fixed_wording() -> None:
    SUBSETS.clear()
    ReferralSheet(sample()).generate()
    SUBSETS.hits = SUBSETS.misses = 0
    pdf = ReferralSheet(new_child(1)).generate()
    assert SUBSETS.hits >= 3  # Mincho, Gothic and Gothic Bold of the sheet's own wording
    assert SUBSETS.misses <= 2  # the child's own characters (Mincho, maybe a second subset)
    for name, embedded in fonts_of(pdf):
        assert embedded, name
    assert "の調整と" in text_of(pdf)


def test_closing_marks_hang_and_latin_words_stay_whole() -> None:
    body = styles()["body"]
    width = 10 * body.size  # ten full-width characters
    para = Para(runs("あ" * 10 + "。次の行", body.font, body.size, body.color), body, width)
    assert [ln.pieces[0].text for ln in para.lines] == ["あ" * 10 + "。", "次の行"]
    para = Para(runs("ああ referral sheets here", body.font, body.size, body.color), body, width)
    assert [ln.pieces[0].text for ln in para.lines] == ["ああ referral", "sheets here"]


def test_spaces_print_as_platypus_printed_them() -> None:
    cell = styles()["cell"]
    para = Para(runs("  担当　見本  春香 ", cell.font, cell.size, cell.color), cell, 400)
    assert [p.text for p in para.lines[0].pieces] == ["担当 見本 春香"]


def test_a_heading_is_never_left_alone_at_the_bottom() -> None:
    s = styles()
    blocks = [
        spacer(FRAME[3] - 12 - 30),  # 30 pt left: room for the heading, not for what follows
        Para(runs("見出し", s["heading"].font, 11, s["heading"].color), s["heading"], FRAME[2]),
        Para(runs("本文" * 200, s["body"].font, 10.5, s["body"].color), s["body"], FRAME[2]),
    ]
    pdf = render(
        keep_headings(blocks), frame=FRAME, decorate=lambda *a: None,
        finish_page=lambda *a: None, title="t", author="a", creator="c",
    )  # fmt: skip
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert "見出し" not in pages[0].extract_text()
    assert "見出し" in pages[1].extract_text()


def test_a_value_taller_than_a_page_continues_on_the_next_page() -> None:
    address = "".join(f"住所{n:03d}番地" for n in range(700))
    pdf = ReferralSheet(replace(sample(), address=address)).generate()
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert_in_order(text_of(pdf), [f"住所{n:03d}" for n in range(700)] + ["以上"])


def test_user_text_is_never_read_as_markup() -> None:
    data = replace(sample(), child_name="<b>髙</b> &amp; 﨑", background="<br/>&lt;x&gt;")
    text = text_of(ReferralSheet(data).generate())
    assert "<b>髙</b> &amp; 﨑" in text
    assert "<br/>&lt;x&gt;" in text
