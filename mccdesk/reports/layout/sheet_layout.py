"""Letter-like pages drawn straight onto a reportlab canvas, without platypus.

The geometry copies platypus (frame padding, collapsed space between blocks, fixed leading, table
padding and valign), so a sheet looks as it did; laying out and drawing the referral sheet takes
about 3 ms instead of about 12, because nothing is parsed from markup and each line is measured
once (issue 4, bench/README.md). The parts: `text_runs` (text in a font, size and colour),
`line_breaking` (paragraphs measured and wrapped), `page_breaking` (blocks kept together or split
across pages), `page_draw` (one page's drawing); `render` here puts them on A4 pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from mccdesk.reports.layout.font_subsets import seed_subsets, use_subset_cache
from mccdesk.reports.layout.fonts import MINCHO
from mccdesk.reports.layout.page_breaking import Block, Keep, Pager
from mccdesk.reports.layout.page_draw import PageDraw


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
    pager = Pager(bottom + height - 6, bottom + 6)  # platypus Frame's default 6 pt padding
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
