"""The branch's quarterly summary report PDF: both scopes, labels and numbers, 「－」 for a
suppressed cell with the disclosure-control footnote, and `summary show --pdf`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.importer import import_file
from mccdesk.periods import FiscalQuarter
from mccdesk.reports.summary_report import SummaryReport
from mccdesk.sync import summary
from mccdesk.sync.disclosure import Policy
from tests.support import seed003
from tests.test_reports import assert_in_order, squeeze, text_of

Q4 = FiscalQuarter(2023, 4)
Q3 = FiscalQuarter(2024, 3)
DISCLOSURE_NOTE = "個人が特定されないよう非表示にした数です（開示制御）"


@pytest.fixture
def seeded(book: CaseBook, tmp_path: Path) -> CaseBook:
    import_file(book, seed003.write_xlsx(tmp_path))
    return book


def test_report_shows_both_scopes_and_dashes_for_suppressed_children(seeded: CaseBook) -> None:
    doc = summary.build(seeded, Q4).document()
    places = doc["scopes"]["year_to_date"]["children_by_municipality"]["cells"]
    assert None in places.values()  # the document itself withholds seed 003's few children
    pdf = SummaryReport(doc, seeded.ref, "テスト圏域ブランチ", date(2024, 4, 5)).generate()
    text = text_of(pdf)
    assert_in_order(
        text,
        [
            "令和6年4月5日作成",
            "四半期集計報告（令和5年度 第4四半期）",
            "テスト圏域ブランチ",
            "横須賀・三浦圏域",
            "1．相談ケース（居住地別）（単位：件）",
            "令和5年度 第4四半期",
            "令和5年度 年間",
            "横須賀市",
            "相談ケース（相談方法別）",
            "電話",
            "児童（市町村別）",
        ],
    )
    flat = squeeze(text)
    quarter_total = doc["scopes"]["quarter"]["cases_by_residence"]["total"]
    assert f"合計{quarter_total}77" in flat  # quarter and year to date side by side
    assert (
        "電話" + str(doc["scopes"]["quarter"]["cases_by_contact_method"]["cells"]["phone"]) + "59"
        in flat
    )
    assert "秦野市" in flat and "三浦市" not in flat  # 0 in both scopes: left out of the long list
    assert "－" in text and DISCLOSURE_NOTE in flat
    assert "10人未満" in flat


def test_a_summary_without_suppression_has_no_footnote(book: CaseBook) -> None:
    child = book.add_child(d.ChildDraft("架空", "一子", residence="142018", care_types=("oxygen",)))
    book.open_case(
        d.CaseDraft(date(2024, 10, 2), "phone", "family", "142018", ("respite",), child_id=child.id)
    )
    doc = summary.build(book, Q3, Policy(k={})).document()
    flat = squeeze(text_of(SummaryReport(doc, book.ref, "テスト圏域ブランチ").generate()))
    assert "酸素11" in flat  # the one child, in both scopes
    assert "－" not in flat and DISCLOSURE_NOTE not in flat


def test_summary_show_writes_the_pdf(
    seeded: CaseBook, book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mccdesk.cli import main

    args = ["--data-dir", str(book_folder)]
    seeded.close()  # the command opens the case book itself
    assert main([*args, "summary", "build", "--period", Q4.code]) == 0
    target = tmp_path / "集計報告.pdf"
    assert main([*args, "summary", "show", Q4.code, "--pdf", str(target)]) == 0
    assert "集計報告PDFを保存しました" in capsys.readouterr().out
    flat = squeeze(text_of(target.read_bytes()))
    assert "四半期集計報告（令和5年度第4四半期）" in flat
    assert "－" in flat and DISCLOSURE_NOTE in flat
    assert not (tmp_path / "集計報告.pdf.partial").exists()
