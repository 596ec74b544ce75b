"""The prefecture's tables as an Excel workbook, ready to paste into a meeting paper.

One sheet per table (and a first sheet on what is included): Japanese headers in bold, frozen
under the header row, era labels on the columns, counts as numbers. A 「－」 is text on purpose:
it is not a number (see mccdesk.prefecture.tables), and a formula summing the column skips it.
"""

from __future__ import annotations

import io
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mccdesk.periods import wareki
from mccdesk.prefecture.tables import DASH, FOOTNOTE, Count, PrefectureTables, PrefTable

SHEET_NAMES = {
    "cases_by_area": "圏域・市町村別",
    "cases_by_contact_method": "相談方法",
    "cases_by_consulter_type": "相談種別",
    "cases_by_topic": "相談内容",
    "case_status": "期末の状況",
    "referrals_by_resource_kind": "紹介先の種類",
    "referrals_by_outcome": "紹介の状況",
    "follow_ups": "フォローアップ",
    "children_by_care_type": "児童・医療的ケア",
    "children_by_age_band": "児童・年齢区分",
    "children_by_area": "児童・圏域",
}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
AREA_FILL = PatternFill("solid", fgColor="F4F4F4")
THIN = Side(style="thin", color="999999")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
NUMBER_FORMAT = "#,##0"
HEADER_ROW = 4


def _width(text: str) -> int:
    """Display width: full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def generate(result: PrefectureTables) -> bytes:
    """The workbook as bytes (the caller writes it whole, so no half file is left)."""
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = "概要"
    _overview(overview, result)
    for table in result.tables:
        _table_sheet(wb.create_sheet(SHEET_NAMES.get(table.name, table.name[:31])), table, result)
    wb.properties.title = result.title
    wb.properties.creator = "mccdesk"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _overview(ws: Worksheet, result: PrefectureTables) -> None:
    ws["A1"] = result.title
    ws["A1"].font = TITLE
    lines: list[tuple[str, str]] = [
        ("期間", f"{result.period.label_ja()}（{wareki(result.period.end)}まで）"),
        ("前年同期", result.previous.label_ja()),
        ("公表の基準", _policy_text(result)),
    ]
    row = 3
    for label, value in lines:
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 2, value)
        row += 1
    for done in result.completeness:
        row += 1
        ws.cell(row, 1, f"{done.period.label_ja()} の集計に含むブランチ").font = BOLD
        row += 1
        for col, head in enumerate(("ブランチ", "圏域", "版", "受付日"), 1):
            cell = ws.cell(row, col, head)
            cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BOX
        for b in done.included:
            row += 1
            for col, value in enumerate((b.branch, b.area, b.revision, b.received), 1):
                ws.cell(row, col, value).border = BOX
        if not done.included:
            row += 1
            ws.cell(row, 1, "（受け付けた集計はありません）")
        row += 1
        missing = "、".join(done.missing_areas) if done.missing_areas else "なし（全圏域）"
        ws.cell(row, 1, "未提出の圏域").font = BOLD
        ws.cell(row, 2, missing)
    row += 2
    ws.cell(row, 1, FOOTNOTE)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 8
    ws.column_dimensions["D"].width = 14


def _policy_text(result: PrefectureTables) -> str:
    if not result.public:
        return "非公表（内部確認用）"
    k = result.policy.k_for("children")
    return f"児童の数は{k}人未満を「{DASH}」（0人は表示）" if k else "なし"


def _table_sheet(ws: Worksheet, table: PrefTable, result: PrefectureTables) -> None:
    by_area = any(r.level for r in table.rows)  # the seed 003 layout: 圏域 and 市町村 columns
    labels = ["圏域", "市町村"] if by_area else ["区分"]
    first = len(labels) + 1
    ws.cell(1, 1, table.title).font = TITLE
    ws.cell(2, 1, f"{result.period.label_ja()}　単位：{table.unit_ja}")
    for col, head in enumerate([*labels, *(c.label for c in table.columns)], 1):
        cell = ws.cell(HEADER_ROW, col, head)
        cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    row = HEADER_ROW
    for r in table.rows:
        row += 1
        if by_area:
            ws.cell(row, 1, r.label if r.level == 1 else None)
            ws.cell(row, 2, r.label if r.level == 2 else "（計）")
        else:
            ws.cell(row, 1, r.label)
        _numbers(ws, row, first, r.counts, bold=r.level == 1)
        for col in range(1, first + len(table.columns)):
            ws.cell(row, col).border = BOX
            if r.level == 1:
                ws.cell(row, col).fill = AREA_FILL
                ws.cell(row, col).font = BOLD
    if table.total is not None:
        row += 1
        ws.cell(row, 1, table.total_label)
        _numbers(ws, row, first, table.total, bold=True)
        for col in range(1, first + len(table.columns)):
            ws.cell(row, col).border = BOX
            ws.cell(row, col).font = BOLD
    notes = [table.note] if table.note else []
    if table.dashed:
        notes.append(FOOTNOTE)
    row += 1  # a blank row between the table and its notes
    for note in notes:
        row += 1
        ws.cell(row, 1, f"※ {note}")
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, first)
    texts = [r.label for r in table.rows] + [table.total_label]
    label_width = min(max(_width(t) for t in texts) + 2, 60)
    ws.column_dimensions["A"].width = 18 if by_area else label_width
    if by_area:
        ws.column_dimensions["B"].width = label_width
    for i in range(len(table.columns)):
        ws.column_dimensions[get_column_letter(first + i)].width = 17
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1


def _numbers(ws: Worksheet, row: int, first: int, counts: tuple[Count, ...], bold: bool) -> None:
    for i, count in enumerate(counts):
        cell = ws.cell(row, first + i, count.value if count.value is not None else DASH)
        cell.number_format = NUMBER_FORMAT
        cell.alignment = Alignment(horizontal="right")
        if bold:
            cell.font = BOLD
