"""The main window's frame shows at once; the case book opens behind it, in a worker.

Storage (SQLAlchemy, keyring) is most of the start-up's imports, so the modules that put the
frame on screen must not import it: a coordinator sees the window (and can move it) while the
book opens.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from mccdesk.casebook import CaseBook
from mccdesk.ui import app as ui_app
from mccdesk.ui.main_window import MainWindow
from mccdesk.ui.preferences import Preferences
from tests.support.fixtures_gen import ROOT, python_env

HEAVY = ("sqlalchemy", "keyring", "sqlcipher3", "reportlab", "mccdesk.casebook")


def test_the_modules_that_show_the_frame_import_no_storage() -> None:
    code = (
        "import sys; import mccdesk.ui.app, mccdesk.ui.main_window, mccdesk.ui.start;"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=python_env()
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_frame_shows_while_the_book_opens_then_fills(
    qtbot, book_folder: Path, prefs: Preferences, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    with CaseBook.open(book_folder) as book:
        coordinator = book.add_coordinator("試験 花子")
        prefs.set_coordinator(book.info().book_id, coordinator.id)
    release = threading.Event()
    real_open = CaseBook.open.__func__  # type: ignore[attr-defined]

    def held_open(cls, folder: Path) -> CaseBook:  # type: ignore[no-untyped-def]
        release.wait(30)  # the book stays "opening" until the frame has been looked at
        return real_open(cls, folder)

    monkeypatch.setattr(CaseBook, "open", classmethod(held_open))
    seen: dict[str, object] = {}

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        visible = [w for w in windows if w.isVisible()]
        if not visible:
            QTimer.singleShot(5, look)
            return
        window = visible[0]
        if "frame" not in seen:
            seen["frame"] = (window.book is None, window.opening.text(), window.windowTitle())
            seen["navigation enabled"] = window.navigation.isEnabled()
            release.set()
        if window.book is None:
            QTimer.singleShot(5, look)
            return
        seen["title"] = window.windowTitle()
        seen["home tiles"] = window.home.tiles["cases"].number.text()
        seen["navigation enabled after"] = window.navigation.isEnabled()
        window.close()

    QTimer.singleShot(0, look)
    try:
        assert ui_app.run(book_folder) == 0
    finally:
        release.set()
    assert seen["frame"] == (True, "ケースブックを開いています…", "mccdesk")
    assert seen["navigation enabled"] is False  # nothing to click before the book is open
    assert seen["title"] == "mccdesk — テスト圏域ブランチ"
    assert seen["home tiles"] == "0"
    assert seen["navigation enabled after"] is True
