"""The prefecture window: completeness grid, quarantine, tables with bars, exports, timed ingest.

A real prefecture store in the test's folder and real signed branch files (tests.support's
Signer), ingested from a real drop folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt

from mccdesk import cli
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.sync import summary
from mccdesk.ui import errors_dialog, i18n, worker
from mccdesk.ui.models.prefecture_completeness_model import COLOURS, STATE_ROLE
from mccdesk.ui.models.prefecture_quarantine_model import Column, period_text
from mccdesk.ui.prefecture_window import DROP_KEY, QUARANTINE, TABLES, PrefectureWindow
from tests.support.prefecture import Signer, put, summary_document

TODAY = date(2024, 10, 15)  # FY2024 Q1 is past its deadline (7/31), Q2 not yet (10/31)
JAPANESE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff]")  # kana, kanji


@pytest.fixture(autouse=True)
def no_dialog_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 0)


@pytest.fixture
def signers(office: PrefectureOffice, tmp_path: Path) -> dict[str, Signer]:
    made = {}
    for branch, area in (("B01", "yokosuka-miura"), ("B02", "shonan-west")):
        signer = Signer(branch, area)
        path = tmp_path / f"{branch}.mcckey"
        path.write_bytes(signer.registration())
        office.register(path, signer.fingerprint)
        made[branch] = signer
    return made


def with_phone_cases(signer: Signer, period: str, phone: int) -> bytes:
    """A valid summary with `phone` cases contacted by phone, in both scopes."""
    doc = json.loads(summary_document(signer.branch, signer.area, period))
    for scope in doc["scopes"].values():
        table = scope["cases_by_contact_method"]
        table["cells"]["phone"] = phone
        table["total"] = phone
    return summary.canonical_json(doc)


def send(drop_dir: Path, office: PrefectureOffice, signer: Signer, period: str, phone: int) -> str:
    name, data = signer.file(
        period, 1, office.sealing_public, document=with_phone_cases(signer, period, phone)
    )
    put(drop_dir, signer.branch, name, data)
    return name


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "prefecture.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, office: PrefectureOffice, settings: QSettings):  # type: ignore[no-untyped-def]
    def make(**kwargs: object) -> PrefectureWindow:
        kwargs.setdefault("start_ingest", False)
        window = PrefectureWindow(office, settings=settings, today=TODAY, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        return window

    yield make


@pytest.fixture
def two_branches(  # type: ignore[no-untyped-def]
    qtbot, office: PrefectureOffice, signers: dict[str, Signer], drop_dir: Path, make_window
) -> PrefectureWindow:
    """The window after B01 (5 cases) and B02 (3) sent FY2024-Q1 and it was taken in."""
    send(drop_dir, office, signers["B01"], "FY2024-Q1", 5)
    send(drop_dir, office, signers["B02"], "FY2024-Q1", 3)
    window = make_window(drop=str(drop_dir))
    ingest_and_wait(qtbot, window)
    return window


def ingest_and_wait(qtbot, window: PrefectureWindow) -> None:  # type: ignore[no-untyped-def]
    runs = window.ingest.runs
    with qtbot.waitSignal(window.ingest.finished, timeout=20_000):
        assert window.ingest.ingest_now()
    assert window.ingest.runs == runs + 1


def test_grid_shows_received_missing_and_not_yet_due_per_branch_and_quarter(
    qtbot, office: PrefectureOffice, signers: dict[str, Signer], drop_dir: Path, make_window
) -> None:  # type: ignore[no-untyped-def]
    send(drop_dir, office, signers["B01"], "FY2024-Q1", 5)
    window = make_window(drop=str(drop_dir))
    ingest_and_wait(qtbot, window)
    page = window.completeness
    assert page.fiscal_year() == 2024
    grid = page.model
    assert [r.branch for r in grid.rows] == ["B01", "B02"]
    # Received today, long after the 2024/07/31 deadline: received, and marked late.
    assert grid.cell("B01", 1).text == "受領 第1版（期限後）"
    assert grid.cell("B02", 1).text == "未着（期限超過）"
    assert grid.cell("B01", 2).text == grid.cell("B02", 2).text == "未着（期限前）"
    assert grid.cell("B01", 3).text == "（期間中）"
    assert grid.cell("B01", 4).text == "（期間前）"
    # The colour repeats the words: late yellow-ish, missing red-ish, and they differ.
    received = grid.index(0, 1)
    missing = grid.index(1, 1)
    assert grid.data(received, STATE_ROLE) == "late"
    assert grid.data(missing, STATE_ROLE) == "missing"
    background = Qt.ItemDataRole.BackgroundRole
    assert grid.data(received, background).color() == COLOURS["late"]
    assert grid.data(missing, background).color() != grid.data(received, background).color()
    assert "期限 2024/07/31" in grid.headerData(1, Qt.Orientation.Horizontal)
    assert page.summary.text() == "受領 1 件、未着（期限超過） 1 件"

    page.set_fiscal_year(2023)  # a year with nothing sent: every quarter missing
    assert {c.text for r in grid.rows for c in r.cells} == {"未着（期限超過）"}


def test_a_tampered_file_is_in_the_quarantine_with_its_reason(
    qtbot, office: PrefectureOffice, signers: dict[str, Signer], drop_dir: Path, make_window
) -> None:  # type: ignore[no-untyped-def]
    name, data = signers["B02"].file("FY2024-Q1", 1, office.sealing_public)
    tampered = data[:-1] + bytes([data[-1] ^ 1])  # one bit of the signature
    put(drop_dir, "B02", name, tampered)
    window = make_window(drop=str(drop_dir))
    ingest_and_wait(qtbot, window)
    window.show_page(QUARANTINE)
    page = window.quarantine
    assert page.model.rowCount() == 1
    assert page.model.text(0, Column.BRANCH) == "B02"
    assert page.model.text(0, Column.FILE) == name
    assert page.model.text(0, Column.STATUS) == "隔離"
    assert page.model.text(0, Column.REASON) == "署名が正しくありません"
    assert page.model.text(0, Column.PERIOD) == "令和6年度 第1四半期"
    assert "bad_signature" in page.detail.toPlainText()
    assert name in page.detail.toPlainText()
    assert not page.empty.isVisible()
    # The grid marks the quarter: nothing accepted, one file held back.
    assert window.completeness.model.cell("B02", 1).text == "未着（期限超過）　保留・隔離 1件"
    assert "隔離 1 件" in window.ingest.label.text()


def test_quarantine_periods_in_either_language() -> None:
    assert period_text("FY2024-Q1") == "令和6年度 第1四半期"
    assert period_text("FY2024-Q1", "en") == "FY2024 Q1 (Apr–Jun 2024)"
    assert period_text("garbled", "en") == "garbled"


def test_tables_page_shows_the_sums_with_bars(qtbot, two_branches: PrefectureWindow) -> None:  # type: ignore[no-untyped-def]
    window = two_branches
    window.show_page(TABLES)
    page = window.tables
    assert page.period_code() == "FY2024-Q2"  # the last finished quarter
    page.set_period("FY2024-Q1")
    page.show_table("cases_by_contact_method")
    rows = {r[0]: r[1:] for r in page.model.texts()}
    # quarter, last year's quarter, year to date, last year's year to date
    assert rows["電話"] == ["8", "0", "8", "0"]
    assert rows["合計"] == ["8", "0", "8", "0"]
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "令和6年度 第1四半期"
    assert ("電話", (8, 0)) in page.chart.bars()
    assert "集計に含むブランチ：2 か所" in page.completeness.text()

    page.set_period("FY2023-Q4")  # nothing sent then: zeros, not last year's numbers
    page.show_table("cases_by_contact_method")
    assert {r[0]: r[1:] for r in page.model.texts()}["電話"][0] == "0"


@pytest.fixture
def english() -> Iterator[None]:
    """The app's catalogues in English, as app.run installs them; Japanese again afterwards."""
    i18n.use_language("en")
    yield
    i18n.use_language("ja")


def _headers(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]


def test_tables_page_speaks_english_then_japanese_again(
    qtbot,
    english: None,
    two_branches: PrefectureWindow,
    drop_dir: Path,
    make_window,
) -> None:  # type: ignore[no-untyped-def]
    window = two_branches
    window.show_page(TABLES)
    page = window.tables
    assert page.period.currentText() == "FY2024 Q2 (Jul–Sep 2024)"
    page.set_period("FY2024-Q1")
    page.show_table("cases_by_contact_method")
    headers = _headers(page.model)
    assert headers == [
        "Category (cases)",
        "FY2024 Q1 (Apr–Jun 2024)",
        "FY2023 Q1 (Apr–Jun 2023)\n(same quarter last year)",
        "FY2024 to date (Apr–Jun)",
        "FY2023 to date (Apr–Jun)\n(same period last year)",
    ]
    rows = {r[0]: r[1:] for r in page.model.texts()}
    assert rows["Phone"] == ["8", "0", "8", "0"]
    assert rows["Total"] == ["8", "0", "8", "0"]
    assert ("Phone", (8, 0)) in page.chart.bars()
    assert "FY2023 Q1 (Apr–Jun 2023) (same quarter last year) 0" in page.chart.toolTip()
    assert "Branches included: 2" in page.completeness.text()
    page.show_table("cases_by_area")
    labels = [r[0] for r in page.model.texts()]
    assert labels[:2] == ["Yokosuka-Miura", "Yokosuka City"]
    assert page.model.data(page.model.index(1, 0)) == "\u3000Yokosuka City"
    page.show_table("children_by_age_band")
    assert _headers(page.model)[1:] == [
        "As of 30 Jun 2024",
        "As of 30 Jun 2023\n(same period last year)",
    ]
    # Nothing Japanese anywhere on the page: the list, every table's headers and rows, notes.
    shown = [page.period.itemText(i) for i in range(page.period.count())]
    shown += [page.completeness.text(), page.chart.toolTip()]
    for i in range(page.names.count()):
        page.names.setCurrentRow(i)
        shown += [page.names.item(i).text(), page.note.text(), *_headers(page.model)]
        shown += [text for row in page.model.texts() for text in row]
    assert [text for text in shown if JAPANESE.search(text)] == []
    assert window.completeness.year.currentText() == "FY2024"

    i18n.use_language("ja")  # as the settings' switch does: the window is built anew
    window = make_window(drop=str(drop_dir))
    window.show_page(TABLES)
    page = window.tables
    assert page.period.currentText() == "令和6年度 第2四半期（FY2024-Q2）"
    page.set_period("FY2024-Q1")
    page.show_table("cases_by_contact_method")
    assert _headers(page.model) == [
        "区分（件）",
        "令和6年度 第1四半期",
        "令和5年度 第1四半期\n（前年同期）",
        "令和6年度 累計\n（4月～6月）",
        "令和5年度 累計\n（4月～6月）（前年同期）",
    ]
    rows = {r[0]: r[1:] for r in page.model.texts()}
    assert rows["電話"] == rows["合計"] == ["8", "0", "8", "0"]
    page.show_table("cases_by_area")
    assert [r[0] for r in page.model.texts()][:2] == ["横須賀・三浦圏域", "横須賀市"]
    assert window.completeness.year.currentText() == "令和6年度（2024）"


def test_excel_export_writes_the_numbers(
    qtbot, two_branches: PrefectureWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = two_branches
    window.tables.set_period("FY2024-Q1")
    path = tmp_path / "県集計.xlsx"
    with qtbot.waitSignal(window.tables.exported) as saved:
        assert window.tables.export(path, "xlsx")
    assert saved.args == [str(path)]
    assert "保存しました" in window.statusBar().currentMessage()
    sheet = load_workbook(path)["相談方法"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["電話"][0] == 8  # a number, not text
    assert not (tmp_path / "県集計.xlsx.partial").exists()


def test_the_timer_ingests_and_the_pages_follow(
    qtbot,
    office: PrefectureOffice,
    signers: dict[str, Signer],
    drop_dir: Path,
    make_window,
    settings: QSettings,
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(drop=str(drop_dir), interval_ms=50)
    assert settings.value(DROP_KEY) == str(drop_dir)  # remembered for the next start
    assert window.ingest.runs == 0
    send(drop_dir, office, signers["B01"], "FY2024-Q1", 5)
    window.ingest.timer.start()  # no click: only the timer
    qtbot.waitUntil(
        lambda: window.completeness.model.cell("B01", 1).text.startswith("受領"), timeout=20_000
    )
    assert window.ingest.runs >= 1
    assert "受付\u3000B01" in window.ingest_page.log.toPlainText()
    window.ingest.stop()


def test_ingest_now_never_runs_twice_at_once(
    qtbot, office: PrefectureOffice, signers: dict[str, Signer], drop_dir: Path, make_window
) -> None:  # type: ignore[no-untyped-def]
    send(drop_dir, office, signers["B01"], "FY2024-Q1", 5)
    window = make_window(drop=str(drop_dir))
    page = window.ingest_page
    with qtbot.waitSignal(window.ingest.finished, timeout=20_000):
        qtbot.mouseClick(page.ingest_button, Qt.MouseButton.LeftButton)
        assert window.ingest.running()
        assert not page.ingest_button.isEnabled()
        assert not window.ingest.ingest_now()  # asked again: queued, not run alongside
    qtbot.waitUntil(lambda: not window.ingest.running() and window.ingest.runs == 2)
    assert page.ingest_button.isEnabled()
    assert "受付\u3000B01" in page.log.toPlainText()  # the second run's nothing-new keeps it
    assert office.current_summaries(["FY2024-Q1"])[0].branch == "B01"


def test_no_drop_folder_says_where_to_choose_one(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start_ingest=True)
    assert "共有フォルダが選ばれていません" in window.ingest.label.text()
    assert window.ingest_page.folder.text() == "（選ばれていません）"


def test_open_without_a_key_shows_one_clear_error(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(
        errors_dialog.ErrorDialog, "exec", lambda self: shown.append(self.message.text())
    )
    code = cli.main(["--data-dir", str(tmp_path / "nowhere"), "prefecture", "open"])
    assert code != 0
    assert len(shown) == 1 and shown[0]
