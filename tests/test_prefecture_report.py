"""`prefecture report`: the Excel read back equals the tables (numbers are numbers), the PDF read
back holds the headings, era labels, numbers and the 「－」 footnote."""

from __future__ import annotations

import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mccdesk.casebook import CaseBook
from mccdesk.importer import import_file
from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture import report
from mccdesk.prefecture.model import AcceptedSummary
from mccdesk.prefecture.tables import DASH, FOOTNOTE
from mccdesk.sync import summary
from tests.support import seed003
from tests.test_reports import assert_in_order, fonts_of, squeeze, text_of

FY23_Q4 = FiscalQuarter(2023, 4)


class Office:
    """Only what report.write needs: the current summaries of the periods asked for."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.docs = docs
        self.asked: list[list[str]] = []

    def current_summaries(self, period_codes: list[str]) -> list[AcceptedSummary]:
        self.asked.append(list(period_codes))
        return [
            AcceptedSummary(d["branch"], d["area"], d["period"], 2, 2, datetime(2024, 4, 12), d)
            for d in self.docs
            if d["period"] in period_codes
        ]


@pytest.fixture
def office(book: CaseBook, tmp_path: Path) -> Office:
    """Seed 003's year from a real case book, and last year's as a second branch's copy."""
    import_file(book, seed003.write_xlsx(tmp_path))
    doc = summary.build(book, FY23_Q4).document()
    prev = copy.deepcopy(doc) | {"period": "FY2022-Q4"}
    return Office([doc, prev])


def test_excel_matches_the_tables_with_numbers_as_numbers(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "県集計.xlsx"
    result = report.write(office, "FY2023-Q4", path, None)
    assert office.asked == [["FY2023-Q4", "FY2022-Q4"]]
    assert not (tmp_path / "県集計.xlsx.partial").exists()
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["概要", "圏域・市町村別", "相談方法"]
    assert len(wb.sheetnames) == 1 + len(result.tables)

    ws = wb["圏域・市町村別"]
    assert ws["A1"].value == "相談件数（圏域・市町村別）" and ws["A1"].font.bold
    heads = [c.value for c in ws[4]]
    assert heads == ["圏域", "市町村", "令和5年度 第4四半期", "令和4年度 第4四半期（前年同期）",
                     "令和5年度 年間", "令和4年度 年間（前年同期）"]  # fmt: skip
    assert all(c.font.bold for c in ws[4])
    assert ws.freeze_panes == "C5"
    rows = {(r[0].value, r[1].value): r for r in ws.iter_rows(min_row=5)}
    yokosuka = rows[("横須賀・三浦圏域", "（計）")]
    assert [c.value for c in yokosuka[2:]] == [5, 5, 17, 17]
    assert all(type(c.value) is int for c in yokosuka[2:])  # numbers, not text
    assert rows[(None, "秦野市")][4].value == 11
    assert rows[(None, "不明")][4].value == 2
    assert rows[("合計", None)][4].value == 77
    # Every number in the sheet is the table's own, cell by cell.
    table = result.table("cases_by_area")
    sheet_counts = [
        [c.value for c in r[2:]] for r in ws.iter_rows(min_row=5, max_row=4 + len(table.rows))
    ]
    assert sheet_counts == [[c.value for c in r.counts] for r in table.rows]
    assert ws.column_dimensions["B"].width >= 8

    children = wb["児童・年齢区分"]
    values = [c.value for r in children.iter_rows(min_row=5, min_col=2) for c in r]
    assert DASH in values  # seed 003's few children are not numbers
    assert any(c.value == f"※ {FOOTNOTE}" for r in children.iter_rows() for c in r)

    overview = wb["概要"]
    texts = [c.value for r in overview.iter_rows() for c in r if c.value is not None]
    assert "B01" in texts and "横須賀・三浦圏域" in texts and "2024/04/12" in texts
    assert "湘南東部圏域、湘南西部圏域、県央圏域、県西圏域" in texts  # who has not reported


def test_pdf_reads_back_with_headings_labels_and_numbers(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "県集計.pdf"
    report.write(office, FY23_Q4, None, path, on=date(2024, 5, 20))
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert_in_order(
        text,
        [
            "令和6年5月20日作成",
            "医療的ケア児支援センター 相談・支援の状況",
            "令和5年度 第4四半期（令和6年1月1日～令和6年3月31日）",
            "集計に含むブランチ",
            "横須賀・三浦圏域（B01・第2版・2024/04/12受付）",
            "1．相談件数（圏域・市町村別）（単位：件）",
            "横須賀・三浦圏域",
            "横須賀市",
            "湘南東部圏域",
            "藤沢市",
            "政令市・その他",
            "横浜市",
            "不明",
            "合計",
            "2．相談方法",
            "電話",
            "相談内容（主訴別・複数回答）",
            "合計（延べ）",
            "支援中の児童（年齢区分別）",
        ],
    )
    flat = squeeze(text)
    assert "令和4年度年間（前年同期）" in flat and "令和6年3月31日現在" in flat
    assert "1/" in flat  # page numbers
    # 横須賀・三浦 17 (both years), 秦野市 11, total 77, 電話 59, topics 140.
    for row in ("横須賀・三浦圏域551717", "秦野市111111", "合計25257777", "電話20205959"):
        assert row in flat, row
    assert "140" in flat
    # Seed 003's headline: the year's cases and their status at its end.
    assert (
        "令和5年度年間相談件数77件（継続36件、経過観察5件、完了36件（令和6年3月31日現在））" in flat
    )
    assert DASH in text and squeeze(FOOTNOTE) in flat
    assert all(embedded for _, embedded in fonts_of(pdf) if "MccGothic" in _ or "Mincho" in _)


def test_nothing_received_still_gives_a_report_saying_so(book: CaseBook, tmp_path: Path) -> None:
    xlsx, pdf = tmp_path / "a.xlsx", tmp_path / "a.pdf"
    result = report.write(Office([]), "FY2024-Q1", xlsx, pdf)
    assert result.completeness[0].missing_areas[0] == "横須賀・三浦圏域"
    assert "受け付けた集計なし" in squeeze(text_of(pdf.read_bytes()))
    ws = load_workbook(xlsx)["相談方法"]
    assert ws["C5"].value == 0  # zero cases, a number
