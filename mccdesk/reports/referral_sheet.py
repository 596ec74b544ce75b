"""The referral sheet (診療情報・支援情報提供書): a letter from the branch to a hospital, nursing
station, school or welfare office about one child, limited to what the consent covers."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from mccdesk.periods import wareki
from mccdesk.reports.fonts import MINCHO, markup
from mccdesk.reports.page import GREY, RULE, SHADE, PageMarks, render, stylesheet
from mccdesk.reports.referral_data import (
    NoChildToPrint,
    ReferralSheetData,
    referral_sheet_data,
)

__all__ = [
    "NoChildToPrint",
    "ReferralSheet",
    "ReferralSheetData",
    "referral_sheet_data",
]

TITLE = "診療情報・支援情報提供書（紹介状）"
NOT_RECORDED = "（未記入）"


class ReferralSheet:
    """Renders one ReferralSheetData as an A4 PDF."""

    def __init__(self, data: ReferralSheetData) -> None:
        self.data = data
        self.styles = stylesheet()
        self._sections = 0

    def generate(self) -> bytes:
        d = self.data
        marks = PageMarks(
            footer=f"医療的ケア児支援センター　{d.branch_name}",
            title_later=f"{TITLE}（続き）　整理番号 {d.case_number}",
            confidential=True,
            demo=d.demo,
        )
        return render(self._story(), marks, title=TITLE, author=d.branch_name)

    # --- pieces --------------------------------------------------------------------------------

    def _p(self, text: str, style: str = "body") -> Paragraph:
        """A paragraph of user text (escaped)."""
        return Paragraph(markup(text), self.styles[style])

    def _m(self, trusted_markup: str, style: str = "body") -> Paragraph:
        """A paragraph of our own markup (any user text in it already through markup())."""
        return Paragraph(trusted_markup, self.styles[style])

    def _story(self) -> list[Flowable]:
        self._sections = 0
        return [
            *self._letterhead(),
            *self._child(),
            *self._medical(),
            *self._request(),
            *self._background(),
            KeepTogether([*self._consent(), Spacer(0, 2 * mm), self._m("以上", "right")]),
        ]

    def _letterhead(self) -> list[Flowable]:
        d = self.data
        top = [self._m(markup(d.issued_text), "right")]
        if d.case_number:
            top.append(self._m(f"整理番号　{markup(d.case_number)}", "right"))
        lines = [d.addressee_organisation, d.addressee_department]
        lines = [line for line in lines if line.strip()] or [NOT_RECORDED]
        to = [self._p(line, "addressee") for line in lines[:-1]]
        if d.addressee_person:
            to.append(self._p(lines[-1], "addressee"))
            to.append(
                self._m(f"{markup(d.addressee_person)}　{d.addressee_honorific}", "addressee")
            )
        else:
            to.append(self._m(f"{markup(lines[-1])}　御中", "addressee"))
        sender = [self._m(f"医療的ケア児支援センター　{markup(d.branch_name)}", "right")]
        if d.coordinator_name:
            sender.append(self._m(f"担当　{markup(d.coordinator_name)}", "right"))
        phones = "　".join(
            f"{label}　{markup(v)}"
            for label, v in (("TEL", d.sender_phone), ("FAX", d.sender_fax))
            if v
        )
        if phones:
            sender.append(self._m(phones, "right"))
        greeting = (
            "平素より大変お世話になっております。下記の児童について、保護者の同意を得て"
            "情報を提供いたします。ご多忙のところ恐縮ですが、ご高配を賜りますよう"
            "お願い申し上げます。"
        )
        return [
            *top,
            self._m(TITLE, "title"),
            *to,
            Spacer(0, 2 * mm),
            *sender,
            Spacer(0, 4 * mm),
            self._m(greeting),
            self._m("記", "center"),
        ]

    def _table(self, rows: list[tuple[str, Flowable | str]]) -> Table:
        """Label / value rows; each row may break onto the next page, never inside a row."""
        cells = [
            [self._m(label, "label"), v if isinstance(v, Flowable) else self._p(v or "", "cell")]
            for label, v in rows
        ]
        table = Table(cells, colWidths=[32 * mm, None], splitByRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), MINCHO, 10),
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (0, -1), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return table

    def _child(self) -> list[Flowable]:
        d = self.data
        name = self._m(
            f'<font size="8" color="#555555">{markup(d.child_kana)}</font><br/>'
            f'<font size="13">{markup(d.child_name)}</font>',
            "cell",
        )
        birth = NOT_RECORDED
        if d.birth_date is not None:
            birth = wareki(d.birth_date) + (f"（{d.age}歳）" if d.age is not None else "")
        rows: list[tuple[str, Flowable | str]] = [
            ("ふりがな<br/>氏名", name),
            ("生年月日", birth),
            ("性別", d.sex),
            ("住所", d.address or NOT_RECORDED),
        ]
        if d.guardians is not None:
            lines = [
                f"{markup(g.relation)}　{markup(g.name)}"
                + (f'<font size="8" color="#555555">（{markup(g.kana)}）</font>' if g.kana else "")
                + (f"　電話 {markup(g.phone)}" if g.phone else "")
                for g in d.guardians
            ]
            rows.append(("保護者", self._m("<br/>".join(lines) or NOT_RECORDED, "cell")))
            rows.append(("連絡先", d.contact_phone or NOT_RECORDED))
        return [self._heading("対象児童"), self._table(rows)]

    def _medical(self) -> list[Flowable]:
        d = self.data
        if d.care_checklist is None:
            return []
        per_row = 3
        items = [
            self._m(f"{'■' if on else '□'}　{markup(label)}", "check")
            for label, on in d.care_checklist
        ]
        items += [""] * (-len(items) % per_row)
        grid = Table(
            [items[i : i + per_row] for i in range(0, len(items), per_row)],
            colWidths=["33%", "33%", "34%"],
        )
        grid.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), MINCHO, 10),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        rows: list[tuple[str, Flowable | str]] = [
            ("医療的ケア", grid),
            ("主治医療機関", d.hospital or NOT_RECORDED),
            ("主治医", _doctor(d.doctor)),
        ]
        return [self._heading("医療的ケアと医療機関"), self._table(rows)]

    def _heading(self, title: str) -> Paragraph:
        """A numbered section heading; it never stays alone at the bottom of a page."""
        self._sections += 1
        return self._m(f"{'１２３４５６７８９'[self._sections - 1]}．{title}", "heading")

    def _request(self) -> list[Flowable]:
        d = self.data
        return [
            self._heading("紹介の目的"),
            self._p(d.purpose or NOT_RECORDED),
            self._heading("お願いしたいこと"),
            self._p(d.requested_items or NOT_RECORDED),
        ]

    def _background(self) -> list[Flowable]:
        """One paragraph per line, so a long history flows onto the next page line by line."""
        d = self.data
        if d.background is None or not d.background.strip():
            return []
        lines = d.background.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
        return [
            self._heading("これまでの経過"),
            *(self._p(line) if line.strip() else Spacer(0, 8) for line in lines),
        ]

    def _consent(self) -> list[Flowable]:
        d = self.data
        text = (
            f"{markup(d.consenter)} 様より {wareki(d.consented_on)} に、本書による情報提供への"
            f"同意を得ています。<br/>提供範囲: {markup('、'.join(d.consent_scopes))}"
        )
        parts: list[Flowable] = [self._heading("情報提供への同意"), self._m(text)]
        if d.withheld:
            parts.append(
                self._m(
                    f'<font color="{GREY.hexval().replace("0x", "#")}">'
                    f"同意の範囲外のため記載していない事項: {markup('、'.join(d.withheld))}"
                    "</font>",
                    "small",
                )
            )
        parts.append(
            self._m(
                "本書の情報は上記の目的のためにのみ使用し、目的外の利用・第三者への提供は"
                "なさらないようお願いいたします。",
                "small",
            )
        )
        return parts


def _doctor(name: str | None) -> str:
    if not name:
        return NOT_RECORDED
    return name if name.rstrip().endswith(("医師", "先生", "Dr.")) else f"{name}　医師"
