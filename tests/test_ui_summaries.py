"""集計・送信: build, review, approve and send; the prefecture's answers on the page and the home.

A real case book, a real drop folder in the test's folder, and the test prefecture of
tests/support/prefecture.py on the other side.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.sync import keys, outbox
from mccdesk.ui import worker
from mccdesk.ui.errors_dialog import ErrorDialog
from mccdesk.ui.main_window import SUMMARIES, MainWindow
from mccdesk.ui.models.summary_list_model import Column as ListColumn
from mccdesk.ui.models.summary_table_model import Column
from mccdesk.ui.summaries_page import SummariesPage
from mccdesk.ui.sync_controller import SyncController
from tests.support.prefecture import Prefecture

TODAY = date(2025, 1, 15)  # FY2024 Q4: Q3 (October–December 2024) has just ended


@pytest.fixture(autouse=True)
def no_progress_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 0)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self.message.text()))
    return shown


@pytest.fixture
def prefecture(book: CaseBook, tmp_path: Path) -> Prefecture:
    pref = Prefecture.new()
    pref.register("B01", keys.branch_key(book).public_key)
    (tmp_path / "reference.mccref").write_bytes(pref.reference_package())
    return pref


@pytest.fixture
def drop_dir(book: CaseBook, tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    book.update_settings(drop_folder=str(folder))
    return folder


@pytest.fixture
def cases(book: CaseBook) -> None:
    child = book.add_child(d.ChildDraft("試験", "太郎", residence="142018"))
    for on, child_id in ((date(2024, 10, 2), child.id), (date(2024, 11, 5), None)):
        draft = d.CaseDraft(on, "phone", "family", "142018", ("respite",), child_id=child_id)
        book.open_case(draft)


def _page(qtbot, book: CaseBook) -> SummariesPage:  # type: ignore[no-untyped-def]
    sync = SyncController(book, today=TODAY)
    page = SummariesPage(book, sync, TODAY)
    sync.setParent(page)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    return page


def _pin(page: SummariesPage, prefecture: Prefecture, tmp_path: Path) -> None:
    assert page.pin_prefecture(tmp_path / "reference.mccref", prefecture.fingerprint)


def _cell(view, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return view.model().index(row, column).data()


def _states(page: SummariesPage) -> list[str]:
    model = page.list_model
    return [_cell(page.list, row, ListColumn.STATE) for row in range(model.rowCount())]


def _approve_from_page(qtbot, page: SummariesPage) -> str:  # type: ignore[no-untyped-def]
    """Click 「承認して送信」, then the confirmation's button; returns what it said."""
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    box = page.confirmation
    assert box is not None and box.isVisible()
    send = next(b for b in box.buttons() if b.text() == "承認して送信")
    text = box.text() + box.informativeText()
    qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
    return text


def _wait_sync(qtbot, page: SummariesPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.sync.running(), timeout=10_000)


def test_a_draft_shows_its_tables_and_approval_waits_for_the_pinned_key(
    qtbot,
    qtmodeltester,
    book: CaseBook,
    cases: None,
    prefecture: Prefecture,
    tmp_path: Path,
    errors: list[str],
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, book)
    page.show()
    assert page.pin_notice.isVisible()
    assert "mccdesk trust-prefecture" in page.pin_message.text()
    assert page.period_choice.currentText() == "令和6年度 第3四半期"
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert _states(page) == ["下書き"]
    when = page.list_model.index(0, ListColumn.WHEN)
    assert len(when.data()) == 10 and when.data(Qt.ItemDataRole.ToolTipRole).startswith("令和")
    assert page.heading.text() == "令和6年度 第3四半期　下書き"
    assert "氏名" in page.what_leaves.text()
    labels = [_cell(page.tables, r, Column.LABEL) for r in range(page.table_model.rowCount())]
    assert "相談ケース（居住地別）（件）" in labels and "合計" in labels
    cases_row = labels.index("横須賀市")
    assert _cell(page.tables, cases_row, Column.QUARTER) == "2"  # cases are not suppressed
    children = labels.index("児童（市町村別）（人）")
    row = labels.index("横須賀市", children)  # one child: too few to publish
    assert _cell(page.tables, row, Column.QUARTER) == "－"
    assert _cell(page.tables, row, Column.YEAR_TO_DATE) == "－"
    assert page.tables.model().index(row, Column.QUARTER).data(Qt.ItemDataRole.ToolTipRole)
    assert page.disclosure_note.isVisible() and "「－」" in page.disclosure_note.text()
    assert not page.approve_button.isEnabled()  # no prefecture key yet
    qtmodeltester.check(page.table_model)
    qtmodeltester.check(page.list_model)

    assert not page.pin_prefecture(tmp_path / "reference.mccref", Prefecture.new().fingerprint)
    assert len(errors) == 1 and "指紋が一致しません" in errors[0]
    assert page.pin_notice.isVisible() and not page.approve_button.isEnabled()
    _pin(page, prefecture, tmp_path)
    assert not page.pin_notice.isVisible()
    assert page.approve_button.isEnabled()
    assert "県の公開鍵を登録しました" in page.sync_status.text()


def test_cancel_leaves_the_draft(
    qtbot, book: CaseBook, prefecture: Prefecture, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, book)
    page.show()
    _pin(page, prefecture, tmp_path)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    box = page.confirmation
    assert box is not None
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.confirmation is None)
    assert [e.state for e in outbox.entries(book)] == ["draft"]


def test_approve_sends_to_the_drop_and_the_ack_shows_on_page_and_home(
    qtbot, book: CaseBook, cases: None, prefecture: Prefecture, drop_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(book, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    page = window.summaries
    _wait_sync(qtbot, page)
    _pin(page, prefecture, tmp_path)
    window.show_page(SUMMARIES)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    said = _approve_from_page(qtbot, page)
    assert "令和6年度 第3四半期" in said and "件数だけ" in said and "氏名" in said
    _wait_sync(qtbot, page)
    (entry,) = outbox.entries(book)
    inbox = drop_dir / "inbox" / "B01"
    assert [p.name for p in inbox.iterdir()] == [entry.file_name]
    assert (inbox / (entry.file_name or "")).read_bytes() == entry.data
    assert _states(page) == ["送信済み"]
    assert window.home.summary.state.text() == "送信済み・県の受領確認待ち"

    answers = drop_dir / "outbox" / "B01"
    answers.mkdir(parents=True)
    ack = prefecture.ack("B01", entry.file_name or "", entry.data or b"")
    (answers / "answer.mccack").write_bytes(ack)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    _wait_sync(qtbot, page)
    assert _states(page) == ["受領確認済み"]
    assert page.heading.text() == "令和6年度 第3四半期　受領確認済み"
    assert "県からの通知 1 件" in window.sync.label.text()
    assert window.home.summary.sent.text() == "前回の集計：令和6年度 第3四半期（第1版）"
    assert window.home.summary.state.text() == "受領確認済み"
    window.show_page("home")
    qtbot.mouseClick(window.home.summary, Qt.MouseButton.LeftButton)
    assert window.current_page() == SUMMARIES


def test_a_refusal_shows_the_reason(
    qtbot, book: CaseBook, prefecture: Prefecture, drop_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, book)
    page.show()
    _pin(page, prefecture, tmp_path)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    _approve_from_page(qtbot, page)
    _wait_sync(qtbot, page)
    (entry,) = outbox.entries(book)
    answers = drop_dir / "outbox" / "B01"
    answers.mkdir(parents=True)
    no = prefecture.ack("B01", entry.file_name or "", entry.data or b"", False, "期間が違います")
    (answers / "answer.mccack").write_bytes(no)
    page.sync.sync_now()
    _wait_sync(qtbot, page)
    assert _states(page) == ["差し戻し（期間が違います）"]


def test_a_tampered_ack_is_a_warning_and_changes_nothing(
    qtbot, book: CaseBook, prefecture: Prefecture, drop_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(book, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    window.show_page(SUMMARIES)
    page = window.summaries
    _wait_sync(qtbot, page)
    _pin(page, prefecture, tmp_path)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    _approve_from_page(qtbot, page)
    _wait_sync(qtbot, page)
    (entry,) = outbox.entries(book)
    answers = drop_dir / "outbox" / "B01"
    answers.mkdir(parents=True)
    ack = prefecture.ack("B01", entry.file_name or "", entry.data or b"", False, "x")
    tampered = ack.replace(b'"accepted":false', b'"accepted":true ')
    assert tampered != ack
    (answers / "forged.mccack").write_bytes(tampered)
    page.sync.sync_now()
    _wait_sync(qtbot, page)
    assert [e.state for e in outbox.entries(book)] == ["delivered"]
    assert _states(page) == ["送信済み"]
    assert page.warnings.isVisible()
    assert "署名を確認できない県からの通知を無視しました（forged.mccack）" in page.warnings.text()
    assert "注意" in window.sync.label.text() and "forged.mccack" in window.sync.label.text()


def test_an_unreachable_drop_keeps_the_summary_queued_and_says_so(
    qtbot, book: CaseBook, prefecture: Prefecture, tmp_path: Path, errors: list[str]
) -> None:  # type: ignore[no-untyped-def]
    book.update_settings(drop_folder=str(tmp_path / "not-mounted" / "drop"))
    page = _page(qtbot, book)
    page.show()
    _pin(page, prefecture, tmp_path)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    _approve_from_page(qtbot, page)
    _wait_sync(qtbot, page)
    assert [e.state for e in outbox.entries(book)] == ["approved"]
    assert _states(page) == ["承認済み・送信待ち（共有フォルダに届いていません）"]
    assert "共有フォルダに接続できません" in page.sync_status.text()
    assert "送信待ち 1 件" in page.sync_status.text()
    assert errors == [] and not page.warnings.isVisible()  # a quiet note, no pop-up

    (tmp_path / "not-mounted" / "drop").mkdir(parents=True)  # the share is back
    page.sync.sync_now()
    _wait_sync(qtbot, page)
    assert _states(page) == ["送信済み"]
