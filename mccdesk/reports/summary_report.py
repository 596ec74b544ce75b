"""The branch's quarterly summary report (四半期集計報告): what the branch sends, for people.

Renders one summary document (mccdesk.sync.summary), both scopes side by side, each table with a
bar chart. Suppressed cells are 「－」 with a footnote on disclosure control: the PDF shows no
number that the document does not hold.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from mccdesk.periods import FiscalQuarter, wareki
from mccdesk.prefecture.tables import scope_labels
from mccdesk.reference import Reference
from mccdesk.reports.layout.charts import DARK, LIGHT, Series, bar_chart
from mccdesk.reports.layout.fonts import markup
from mccdesk.reports.layout.page import PageMarks, render, stylesheet
from mccdesk.reports.prefecture_pdf import BODY_WIDTH, LABEL_WIDTH, number_table
from mccdesk.sync.summary import SUPPRESSED, TABLE_TITLES, UNIT_LABELS, code_label

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook

TITLE = "四半期集計報告"
FOOTNOTE = (
    "「{dash}」は、個人が特定されないよう非表示にした数です（開示制御）。児童の数は{k}人未満を"
    "表示せず、合計や他の欄から計算できてしまう数もあわせて非表示にしています。"
    "県へはこの表と同じ内容（非表示の数を含まない）が送られます。"
)
LONG = 15  # tables longer than this list only the rows that are not all zero


def _shown(value: int | None) -> str:
    return SUPPRESSED if value is None else f"{value:,}"


class SummaryReport:
    """Renders a summary document (dict) as an A4 PDF."""

    def __init__(
        self, doc: dict[str, Any], ref: Reference, branch_name: str, on: date | None = None,
        k: int = 10,
    ) -> None:  # fmt: skip
        self.doc = doc
        self.ref = ref
        self.branch_name = branch_name
        self.on = on or date.today()
        self.k = k
        self.period = FiscalQuarter.parse(doc["period"])
        self.styles = stylesheet()

    def generate(self) -> bytes:
        marks = PageMarks(
            footer=f"医療的ケア児支援センター　{self.branch_name}",
            title_later=f"{TITLE}（{self.period.label_ja()}）続き",
            confidential=False,  # counts only, protected as sent to the prefecture
        )
        return render(self._story(), marks, title=TITLE, author=self.branch_name)

    def _p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), self.styles[style])

    def _story(self) -> list[Flowable]:
        doc, period = self.doc, self.period
        story: list[Flowable] = [
            self._p(f"{wareki(self.on)}作成", "right"),
            self._p(f"{TITLE}（{period.label_ja()}）", "title"),
            self._p(f"{self.branch_name}　（ブランチ {doc['branch']}・{self._area()}）", "center"),
            self._p(
                f"対象期間：{wareki(period.start)}～{wareki(period.end)}"
                f"（年度累計は{wareki(period.year_start)}から）　開示制御の基準：{doc['policy']}",
                "center",
            ),
            Spacer(0, 3 * mm),
        ]
        dashed = False
        labels = scope_labels(period)
        scopes = list(doc["scopes"])
        names = [n for n in TABLE_TITLES if n in doc["scopes"][scopes[0]]]
        for n, name in enumerate(names, 1):
            tables = [doc["scopes"][s][name] for s in scopes]
            parts, has_dash = self._table(n, name, tables, [labels[s] for s in scopes])
            story += parts
            dashed |= has_dash
        if dashed:
            story += [
                Spacer(0, 4 * mm),
                self._p("※ " + FOOTNOTE.format(dash=SUPPRESSED, k=self.k), "small"),
            ]
        return story

    def _area(self) -> str:
        try:
            return self.ref.area(self.doc["area"]).ja
        except Exception:  # an area code the bundled reference data does not know
            return str(self.doc["area"])

    def _table(
        self, n: int, name: str, tables: list[dict[str, Any]], heads: list[str]
    ) -> tuple[list[Flowable], bool]:
        codes = list(tables[0]["cells"])
        rows = [(c, [t["cells"].get(c) for t in tables]) for c in codes]
        omitted = False
        if len(rows) > LONG:
            kept = [(c, vs) for c, vs in rows if any(v != 0 for v in vs)]
            omitted = len(kept) < len(rows)
            rows = kept
        dashed = any(v is None for t in tables for v in t["cells"].values())
        dashed |= any("total" in t and t["total"] is None for t in tables)
        shown_rows = [(code_label(self.ref, name, c), [_shown(v) for v in vs], 0) for c, vs in rows]
        total = None
        if "total" in tables[0]:
            total = ("合計", [_shown(t["total"]) for t in tables])
        unit = UNIT_LABELS.get(tables[0]["unit"], ("", ""))[0]
        title = self._p(f"{n}．{TABLE_TITLES[name][0]}（単位：{unit}）", "heading")
        grid = number_table(["区分", *heads], shown_rows, total) if shown_rows else None
        block: list[Flowable] = [title, grid or self._p("すべて0です。", "small")]
        parts: list[Flowable] = [KeepTogether(block), Spacer(0, 1.5 * mm)]
        values = [vs for _, vs in rows]
        if any(v for vs in values for v in vs):
            series = [
                Series(head.split("（")[0], [vs[i] for vs in values], DARK if i == 0 else LIGHT)
                for i, head in enumerate(heads)
            ]
            parts.append(bar_chart([r[0] for r in shown_rows], series, BODY_WIDTH, LABEL_WIDTH))
        if omitted and shown_rows:
            parts.append(self._p("※ 0の行は省略しています。", "small"))
        if name.startswith("children"):
            parts.append(
                self._p("※ 児童の表は期末時点の人数です（四半期・年度累計で同じ）。", "small")
            )
        return parts, dashed


def from_content(book: CaseBook, content: bytes, on: date | None = None) -> bytes:
    """The PDF of a summary as stored in the outbox (its canonical JSON), with the policy's k."""
    from mccdesk.sync import disclosure
    from mccdesk.sync.reference import pinned_policy

    policy = pinned_policy(book) or disclosure.DEFAULT_POLICY
    doc = json.loads(content)
    k = policy.k_for("children")
    return SummaryReport(doc, book.ref, book.info().branch_name, on, k).generate()
