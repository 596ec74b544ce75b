"""The referral sheet (診療情報・支援情報提供書): a letter from the branch to a hospital, nursing
station, school or welfare office about one child, limited to what the consent covers.

Drawn with `sheet_layout` rather than platypus (same page, same geometry; issue 4's speed goal):
user text goes in as plain runs of text, so nothing in it is ever read as markup.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from mccdesk.periods import wareki
from mccdesk.reports.layout.fonts import GOTHIC, GOTHIC_BOLD, MINCHO
from mccdesk.reports.layout.line_breaking import FUZZ, Para
from mccdesk.reports.layout.page import (
    FRAME,
    INK,
    RULE,
    SHADE,
    PageMarks,
    draw_marks,
    draw_page_number,
    styles,
)
from mccdesk.reports.layout.page_breaking import Block, Box, Keep, keep_headings, spacer
from mccdesk.reports.layout.page_draw import PageDraw
from mccdesk.reports.layout.sheet_layout import render
from mccdesk.reports.layout.text_runs import Run, Style, runs
from mccdesk.reports.referral_data import (
    NoChildToPrint,
    ReferralSheetData,
    referral_sheet_data,
)
from mccdesk.version import generator

__all__ = [
    "NoChildToPrint",
    "ReferralSheet",
    "ReferralSheetData",
    "referral_sheet_data",
]

TITLE = "診療情報・支援情報提供書（紹介状）"
NOT_RECORDED = "（未記入）"
KANA = HexColor("#555555")
WIDTH = FRAME[2]
LABEL_W = 32 * mm
VALUE_W = WIDTH - LABEL_W
PAD_L = PAD_R = 6.0  # table cell padding, as platypus' Table
PAD_T, PAD_B = 3.0, 4.0
CENTRE = "医療的ケア児支援センター"
CONSENT = "様より に、本書による情報提供への同意を得ています。"
CONSENT_SCOPE = "提供範囲: "
WITHHELD = "同意の範囲外のため記載していない事項: "
USE_ONLY = (
    "本書の情報は上記の目的のためにのみ使用し、目的外の利用・第三者への提供は"
    "なさらないようお願いいたします。"
)
LABELS = "ふりがな氏名生年月日性別住所保護者連絡先医療的ケア主治医療機関"
HEADINGS = (
    "１２３４５６７８９．対象児童医療的ケアと医療機関紹介の目的お願いしたいこと"
    "これまでの経過情報提供への同意"
)
GREETING = (
    "平素より大変お世話になっております。下記の児童について、保護者の同意を得て"
    "情報を提供いたします。ご多忙のところ恐縮ですが、ご高配を賜りますよう"
    "お願い申し上げます。"
)


class ReferralSheet:
    """Renders one ReferralSheetData as an A4 PDF."""

    def __init__(self, data: ReferralSheetData) -> None:
        self.data = data
        self.styles = styles()
        self._sections = 0

    def generate(self) -> bytes:
        d = self.data
        marks = PageMarks(
            footer=f"{CENTRE}　{d.branch_name}",
            title_later=f"{TITLE}（続き）　整理番号 {d.case_number}",
            confidential=True,
            demo=d.demo,
        )
        return render(
            self._story(),
            frame=FRAME,
            decorate=lambda c, n, _total: draw_marks(marks, c, n == 1),
            finish_page=draw_page_number,
            title=TITLE,
            author=d.branch_name,
            creator=generator(),
            fixed_wording=self._fixed_wording(),
        )

    def _fixed_wording(self) -> dict[str, str]:
        """The sheet's own wording by font, the same for every child (see font_subsets)."""
        care = "".join(label for label, _ in self.data.care_checklist or ())
        return {
            MINCHO: f"{GREETING}記以上{NOT_RECORDED}整理番号御中様{CENTRE}担当電話歳医師令和平成"
            f"年月日■□{care}{CONSENT}{CONSENT_SCOPE}{WITHHELD}{USE_ONLY}",
            GOTHIC: f"{LABELS}{CENTRE}{TITLE}（続き）整理番号取扱注意・目的外使用禁止",
            GOTHIC_BOLD: f"{TITLE}{HEADINGS}機密",
        }

    # --- pieces --------------------------------------------------------------------------------

    def _p(self, text: str, style: str = "body", width: float = WIDTH) -> Para:
        """A paragraph of text (user text or ours: either prints exactly as given)."""
        s = self.styles[style]
        return Para(runs(text, s.font, s.size, s.color), s, width)

    def _story(self) -> list[Block | Keep]:
        self._sections = 0
        body = [*self._letterhead(), *self._child(), *self._medical(), *self._request()]
        body += self._background()
        closing = keep_headings([*self._consent(), spacer(2 * mm), self._p("以上", "right")])
        return keep_headings([*body, Keep(closing)])

    def _letterhead(self) -> list[Block]:
        d = self.data
        top = [self._p(d.issued_text, "right")]
        if d.case_number:
            top.append(self._p(f"整理番号　{d.case_number}", "right"))
        lines = [d.addressee_organisation, d.addressee_department]
        lines = [line for line in lines if line.strip()] or [NOT_RECORDED]
        to = [self._p(line, "addressee") for line in lines[:-1]]
        if d.addressee_person:
            to.append(self._p(lines[-1], "addressee"))
            to.append(self._p(f"{d.addressee_person}　{d.addressee_honorific}", "addressee"))
        else:
            to.append(self._p(f"{lines[-1]}　御中", "addressee"))
        sender = [self._p(f"{CENTRE}　{d.branch_name}", "right")]
        if d.coordinator_name:
            sender.append(self._p(f"担当　{d.coordinator_name}", "right"))
        phones = "　".join(
            f"{label}　{v}" for label, v in (("TEL", d.sender_phone), ("FAX", d.sender_fax)) if v
        )
        if phones:
            sender.append(self._p(phones, "right"))
        return [
            *top,
            self._p(TITLE, "title"),
            *to,
            spacer(2 * mm),
            *sender,
            spacer(4 * mm),
            self._p(GREETING),
            self._p("記", "center"),
        ]

    def _row(self, label: str, value: Para | Box | str) -> Box:
        """A label / value row of a two-column table; it moves to the next page whole (only a
        value taller than a page is cut between its lines, the label repeated)."""
        label_p = self._p(label, "label", LABEL_W - PAD_L - PAD_R)
        if isinstance(value, str):
            value = self._p(value, "cell", VALUE_W - PAD_L - PAD_R)
        return _row_box(label_p, value)

    def _table(self, title: str, rows: list[Box]) -> list[Block | Keep]:
        """A heading and its table: they start a new page together when they do not fit."""
        return [Keep([self._heading(title), *rows])]

    def _child(self) -> list[Block | Keep]:
        d = self.data
        cell = self.styles["cell"]
        name = Para(
            [
                *runs(d.child_kana, cell.font, 8, KANA),
                Run("\n", cell.font, cell.size, cell.color),
                *runs(d.child_name, cell.font, 13, INK),
            ],
            cell,
            VALUE_W - PAD_L - PAD_R,
        )
        birth = NOT_RECORDED
        if d.birth_date is not None:
            birth = wareki(d.birth_date) + (f"（{d.age}歳）" if d.age is not None else "")
        rows = [
            self._row("ふりがな\n氏名", name),
            self._row("生年月日", birth),
            self._row("性別", d.sex),
            self._row("住所", d.address or NOT_RECORDED),
        ]
        if d.guardians is not None:
            rows.append(self._row("保護者", self._guardians(cell)))
            rows.append(self._row("連絡先", d.contact_phone or NOT_RECORDED))
        return self._table("対象児童", rows)

    def _guardians(self, cell: Style) -> Para:
        parts: list[Run] = []
        for i, g in enumerate(self.data.guardians or ()):
            if i:
                parts.append(Run("\n", cell.font, cell.size, cell.color))
            parts += runs(f"{g.relation}　{g.name}", cell.font, cell.size, cell.color)
            if g.kana:
                parts += runs(f"（{g.kana}）", cell.font, 8, KANA)
            if g.phone:
                parts += runs(f"　電話 {g.phone}", cell.font, cell.size, cell.color)
        if not parts:
            parts = runs(NOT_RECORDED, cell.font, cell.size, cell.color)
        return Para(parts, cell, VALUE_W - PAD_L - PAD_R)

    def _medical(self) -> list[Block | Keep]:
        d = self.data
        if d.care_checklist is None:
            return []
        rows = [
            self._row("医療的ケア", self._checklist(d.care_checklist)),
            self._row("主治医療機関", d.hospital or NOT_RECORDED),
            self._row("主治医", _doctor(d.doctor)),
        ]
        return self._table("医療的ケアと医療機関", rows)

    def _checklist(self, checklist: tuple[tuple[str, bool], ...]) -> Box:
        """Three columns of ■/□ items (33 % / 33 % / 34 %, 6 pt right padding, bottom-aligned)."""
        inner = VALUE_W - PAD_L - PAD_R
        cols = [inner * 0.33, inner * 0.33, inner * 0.34]
        items = [
            self._p(f"{'■' if on else '□'}　{label}", "check", w - 6)
            for (label, on), w in zip(checklist, cols * len(checklist), strict=False)
        ]
        grid = [items[i : i + 3] for i in range(0, len(items), 3)]
        heights = [max(p.height for p in row) + 2 for row in grid]

        def paint(page: PageDraw, x: float, top: float) -> None:
            for row, h in zip(grid, heights, strict=True):
                bottom, cx = top - h, x
                for p, w in zip(row, cols, strict=False):
                    p.draw(page, cx, bottom + 1 + p.height)
                    cx += w
                top = bottom

        return Box(sum(heights), paint)

    def _heading(self, title: str) -> Para:
        """A numbered section heading; it never stays alone at the bottom of a page."""
        self._sections += 1
        return self._p(f"{'１２３４５６７８９'[self._sections - 1]}．{title}", "heading")

    def _request(self) -> list[Block]:
        d = self.data
        return [
            self._heading("紹介の目的"),
            self._p(d.purpose or NOT_RECORDED),
            self._heading("お願いしたいこと"),
            self._p(d.requested_items or NOT_RECORDED),
        ]

    def _background(self) -> list[Block]:
        """One paragraph per line, so a long history flows onto the next page line by line."""
        d = self.data
        if d.background is None or not d.background.strip():
            return []
        lines = d.background.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
        return [
            self._heading("これまでの経過"),
            *(self._p(line) if line.strip() else spacer(8) for line in lines),
        ]

    def _consent(self) -> list[Block]:
        d = self.data
        text = (
            f"{d.consenter} 様より {wareki(d.consented_on)} に、本書による情報提供への"
            f"同意を得ています。\n{CONSENT_SCOPE}{'、'.join(d.consent_scopes)}"
        )
        parts: list[Block] = [self._heading("情報提供への同意"), self._p(text)]
        if d.withheld:
            parts.append(self._p(f"{WITHHELD}{'、'.join(d.withheld)}", "small"))
        parts.append(self._p(USE_ONLY, "small"))
        return parts


def _doctor(name: str | None) -> str:
    if not name:
        return NOT_RECORDED
    return name if name.rstrip().endswith(("医師", "先生", "Dr.")) else f"{name}　医師"


def _row_box(label_p: Para, value: Para | Box) -> Box:
    """Label and value cells (padding, grid, shading and valign MIDDLE as platypus' Table)."""
    height = max(label_p.height, value.height) + PAD_T + PAD_B

    def paint(page: PageDraw, x: float, top: float) -> None:
        c, bottom = page.canvas, top - height
        c.setFillColor(SHADE)
        c.rect(x, bottom, LABEL_W, height, stroke=0, fill=1)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.rect(x, bottom, LABEL_W, height, stroke=1, fill=0)
        c.rect(x + LABEL_W, bottom, VALUE_W, height, stroke=1, fill=0)
        for content, cx in ((label_p, x), (value, x + LABEL_W)):
            # valign MIDDLE, placed as platypus places a flowable in a cell
            content.draw(page, cx + PAD_L, bottom + (height + PAD_B - PAD_T + content.height) / 2)

    def split(room: float) -> tuple[Box, Box] | None:
        if not isinstance(value, Para):
            return None
        fit = int((room - PAD_T - PAD_B + FUZZ) / value.style.leading)
        if not 1 <= fit < len(value.lines):
            return None
        rest = value.part(fit, len(value.lines))
        return _row_box(label_p, value.part(0, fit)), _row_box(label_p, rest)

    return Box(height, paint, split=split)
