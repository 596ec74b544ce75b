"""The prefecture's tables as an A4 PDF: each table with a horizontal bar chart beside last year.

Built from mccdesk.prefecture.tables (numbers already protected for publication); every 「－」
is explained in a footnote under its table and at the end.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from mccdesk.periods import wareki
from mccdesk.prefecture.tables import FOOTNOTE, PrefectureTables, PrefTable
from mccdesk.reports.layout.charts import DARK, LIGHT, Series, bar_chart
from mccdesk.reports.layout.fonts import GOTHIC, GOTHIC_BOLD, markup
from mccdesk.reports.layout.page import (
    LEFT,
    PAGE_WIDTH,
    RIGHT,
    RULE,
    SHADE,
    PageMarks,
    render,
    stylesheet,
)

AUTHOR = "医療的ケア児支援センター（総合事務局）"
BODY_WIDTH = PAGE_WIDTH - LEFT - RIGHT
LABEL_WIDTH = 61 * mm


def number_table(
    heads: list[str], rows: list[tuple[str, list[str], int]], total: tuple[str, list[str]] | None
) -> Table:
    """A table of labelled numbers: rows are (label, shown numbers, level 0/1/2)."""
    s = stylesheet()
    head_style = s["label"].clone("head", fontSize=7.5, leading=9.5, alignment=1)
    label_style = s["label"].clone("rowlabel", fontSize=8.5, leading=10.5)
    bold_style = label_style.clone("rowlabel-bold", fontName=GOTHIC_BOLD)
    n = len(heads) - 1
    widths = [LABEL_WIDTH] + [(BODY_WIDTH - LABEL_WIDTH) / n] * n
    indent_style = label_style.clone("rowlabel-indent", leftIndent=4 * mm)
    # Era labels break between the year and the rest: 令和5年度 / 第4四半期.
    data: list[list[object]] = [
        [Paragraph(markup(h).replace(" ", "<br/>", 1), head_style) for h in heads]
    ]
    style: list[tuple] = [  # type: ignore[type-arg]
        ("FONT", (1, 1), (-1, -1), GOTHIC, 9),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
    ]
    for i, (label, numbers, level) in enumerate(rows, 1):
        style_of = {1: bold_style, 2: indent_style}.get(level, label_style)
        data.append([Paragraph(markup(label), style_of), *numbers])
        if level == 1:
            style += [
                ("BACKGROUND", (0, i), (-1, i), SHADE),
                ("FONT", (1, i), (-1, i), GOTHIC_BOLD, 9),
            ]
    if total is not None:
        data.append([Paragraph(markup(total[0]), bold_style), *total[1]])
        style += [
            ("FONT", (1, -1), (-1, -1), GOTHIC_BOLD, 9),
            ("LINEABOVE", (0, -1), (-1, -1), 1.0, RULE),
        ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


class PrefectureReport:
    """Renders PrefectureTables as an A4 PDF."""

    def __init__(self, result: PrefectureTables, on: date | None = None) -> None:
        self.result = result
        self.on = on or date.today()
        self.styles = stylesheet()

    def generate(self) -> bytes:
        r = self.result
        marks = PageMarks(
            footer=AUTHOR,
            title_later=f"{r.title}（続き）",
            confidential=not r.public,  # working tables with exact counts stay in the office
        )
        return render(self._story(), marks, title=r.title, author=AUTHOR)

    def _p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), self.styles[style])

    def _story(self) -> list[Flowable]:
        r = self.result
        story: list[Flowable] = [
            self._p(f"{wareki(self.on)}作成", "right"),
            self._p("医療的ケア児支援センター 相談・支援の状況", "title"),
            self._p(
                f"{r.period.label_ja()}（{wareki(r.period.start)}～{wareki(r.period.end)}）"
                f"　前年同期：{r.previous.label_ja()}",
                "center",
            ),
            Spacer(0, 4 * mm),
            *self._headline(),
            *self._completeness(),
        ]
        for n, table in enumerate(r.tables, 1):
            story += self._table(n, table)
        if r.dashed:
            story += [Spacer(0, 4 * mm), self._p(f"※ {FOOTNOTE}", "small")]
        return story

    def _headline(self) -> list[Flowable]:
        """Seed 003's first line: 相談件数 77件（完了 36件、… （令和6年3月31日現在））."""
        status = self.result.table("case_status")
        keys = [c.key for c in status.columns]
        out: list[Flowable] = [self._p("概況", "heading")]
        for key, prefix in (("year_to_date", ""), ("year_to_date_prev", "（参考）")):
            i = keys.index(key)
            column = status.columns[i]
            total = status.total[i].text() if status.total else "－"
            parts = "、".join(f"{r.label} {r.counts[i].text()}件" for r in status.rows)
            end = self.result.period.end if not column.previous else self.result.previous.end
            label = column.label.split("（")[0]
            out.append(
                self._p(f"{prefix}{label}　相談件数 {total}件（{parts}（{wareki(end)}現在））")
            )
        return out

    def _completeness(self) -> list[Flowable]:
        out: list[Flowable] = [self._p("集計に含むブランチ", "heading")]
        for done in self.result.completeness:
            names = "、".join(
                f"{b.area}（{b.branch}・第{b.revision}版・{b.received}受付）" for b in done.included
            )
            missing = "、".join(done.missing_areas) or "なし"
            out.append(
                self._p(f"{done.period.label_ja()}：{names or '受け付けた集計なし'}", "small")
            )
            out.append(self._p(f"　未提出の圏域：{missing}", "small"))
        return out

    def _table(self, n: int, table: PrefTable) -> list[Flowable]:
        heads = ["区分", *(c.label for c in table.columns)]
        rows = [(row.label, [c.text() for c in row.counts], row.level) for row in table.rows]
        total = None
        if table.total is not None:
            total = (table.total_label, [c.text() for c in table.total])
        title = self._p(f"{n}．{table.title}（単位：{table.unit_ja}）", "heading")
        grid = number_table(heads, rows, total)
        chart = self._chart(table)
        together: list[Flowable] = [title, grid, Spacer(0, 2 * mm)]
        if chart is not None:
            together.append(chart)
        # Short tables stay with their heading and chart; the long area table may break.
        parts: list[Flowable] = [KeepTogether(together)] if len(rows) < 20 else together
        notes = [table.note] if table.note else []
        if table.dashed:
            notes.append(FOOTNOTE)
        parts += [self._p(f"※ {note}", "small") for note in notes]
        return parts

    def _chart(self, table: PrefTable) -> Flowable | None:
        """The year to date (or period end) against the same period last year."""
        keys = [c.key for c in table.columns]
        pick = ["year_to_date", "year_to_date_prev"] if "year_to_date" in keys else keys[:2]
        rows = [r for r in table.rows if r.level != 2]  # areas, not every municipality
        series = []
        for key in pick:
            i = keys.index(key)
            column = table.columns[i]
            short = column.label.split("（")[0]
            series.append(
                Series(
                    short,
                    [r.counts[i].value for r in rows],
                    LIGHT if column.previous else DARK,
                )
            )
        if not any(v for s in series for v in s.values):
            return None  # nothing but zeros and 「－」: the table says it all
        return bar_chart([r.label for r in rows], series, BODY_WIDTH, LABEL_WIDTH)
