"""「診断情報をコピー」 and the About box: what support gets, and what it never gets."""

from __future__ import annotations

import getpass
import logging
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from mccdesk import domain as d
from mccdesk import selftest
from mccdesk.casebook import CaseBook
from mccdesk.ui import worker
from mccdesk.ui.about_dialog import AboutDialog
from mccdesk.ui.diagnostics_dialog import DiagnosticsDialog, redact, report_text
from mccdesk.ui.main_window import MainWindow
from mccdesk.version import version

CANARY_CHILD = ("金成", "亜太郎")
CANARY_NOTE = "カナリア病院に通院中"


@pytest.fixture
def canary_book(book: CaseBook, tmp_path: Path) -> CaseBook:
    book.add_child(
        d.ChildDraft(
            family_name=CANARY_CHILD[0], given_name=CANARY_CHILD[1],
            birth_date=date(2019, 5, 1), note=CANARY_NOTE, phone="045-000-9999",
        )
    )  # fmt: skip
    book.update_settings(drop_folder=str(Path.home() / "カナリア共有"), branch_phone="045-111-2222")
    logging.getLogger("mccdesk.test").warning("a log line that support should see")
    return book


def _forbidden(book_key: bytes) -> list[str]:
    return [*CANARY_CHILD, CANARY_NOTE, "045-000-9999", "045-111-2222", "カナリア共有",
            "試験 花子", book_key.hex(), book_key.hex().upper()]  # fmt: skip


def test_the_report_has_what_support_needs_and_no_personal_data(
    canary_book: CaseBook, template_book
) -> None:
    results = selftest.run_checks()
    text = report_text(canary_book, results)
    assert f"version: {version()}" in text
    assert "python: " in text and "qt: " in text and "os: " in text
    assert "drop folder set: True" in text
    assert sum(line.startswith("OK  ") for line in text.splitlines()) == len(results)
    for canary in _forbidden(template_book.key):
        assert canary not in text, canary
    assert str(Path.home()) not in text


def test_redaction_removes_home_user_and_key_material() -> None:
    key = bytes(range(32)).hex()
    text = redact(f"{Path.home()}/x key={key} by {getpass.getuser()}")
    assert key not in text and "[redacted]" in text
    assert str(Path.home()) not in text


def test_copy_puts_the_report_on_the_clipboard(
    qtbot, canary_book: CaseBook, template_book, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 0)
    dialog = DiagnosticsDialog(canary_book)
    qtbot.addWidget(dialog)
    dialog.gather()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith("== mccdesk diagnostic report ==")
    assert "== self-test ==" in copied and "NG  " not in copied
    assert dialog.copy_button.text() == "コピーしました"
    for canary in _forbidden(template_book.key):
        assert canary not in copied, canary


def test_the_help_menu_opens_the_about_box_with_the_version(qtbot, book: CaseBook) -> None:
    window = MainWindow(book)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "ヘルプ(&H)" in menus
    window.about_action.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    assert version() in about.version_label.text()
    assert about.diagnostics_button.isEnabled()
    about.reject()
    assert about.result() == QDialog.DialogCode.Rejected
    window.book_handed_over = True  # the fixture closes the book
