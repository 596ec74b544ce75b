"""First run: the set-up wizard makes the case book, shows a recovery key that really opens it,
and creates nothing when closed half-way."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from mccdesk.casebook import CaseBook
from mccdesk.errors import KeyMissing
from mccdesk.storage.keystore import KeyStore
from mccdesk.ui import app as ui_app
from mccdesk.ui import preferences, worker
from mccdesk.ui.preferences import Preferences
from mccdesk.ui.setup_wizard import SetupWizard
from tests.support.ui import ime_commit
from tests.test_ui_start import when_shown


@pytest.fixture(autouse=True)
def prefs(tmp_path: Path) -> Iterator[Preferences]:
    chosen = Preferences.at(str(tmp_path / "prefs.ini"))
    preferences.use(chosen)
    yield chosen
    preferences.use(None)


def _fill_to_commit_page(qtbot, wizard: SetupWizard, drop: Path | None) -> None:  # type: ignore[no-untyped-def]
    finish = wizard.button(QWizard.WizardButton.NextButton)
    assert not finish.isEnabled()  # nothing typed yet
    wizard.branch.branch_id.setText("B07")
    ime_commit(wizard.branch.branch_name, "湘南西圏域ブランチ")
    wizard.branch.area.setCurrentIndex(wizard.branch.area.findText("湘南西部圏域"))
    assert wizard.branch.area.currentData() is not None
    assert finish.isEnabled()
    wizard.next()
    assert wizard.currentPage() is wizard.coordinator
    ime_commit(wizard.coordinator.name, "湘南 京子")
    ime_commit(wizard.coordinator.kana, "しょうなん きょうこ")
    wizard.next()
    assert wizard.currentPage() is wizard.drop
    if drop is not None:
        wizard.drop.folder.setText(str(drop))


def test_the_wizard_creates_the_book_and_its_recovery_key_opens_it(
    qtbot, tmp_path: Path, keystore: KeyStore
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    wizard = SetupWizard(folder)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_to_commit_page(qtbot, wizard, tmp_path / "drop")
    assert not folder.exists()  # nothing yet
    wizard.next()  # 「作成」
    assert wizard.currentPage() is wizard.key_page and wizard.book is not None

    shown = wizard.key_page.key.text()
    lines = shown.splitlines()
    assert len(lines) == 4 and all(len(line.split()) == 4 for line in lines)  # 16 groups
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # not before 「回復キーを控えました」
    wizard.reject()  # Esc or the window's close button: the key would be lost, so it stays
    assert wizard.isVisible()

    opened: list[Path] = []
    wizard.open_file = opened.append
    wizard.ask_sheet_path = lambda: tmp_path / "回復キーシート"
    sheet = wizard.print_sheet()
    assert sheet == tmp_path / "回復キーシート.pdf" and opened == [sheet]
    assert sheet.read_bytes().startswith(b"%PDF")
    assert sheet.name in wizard.key_page.printed.text()

    wizard.key_page.noted.setChecked(True)
    assert finish.isEnabled()
    wizard.accept()
    book = wizard.book
    info = book.info()
    assert (info.branch_id, info.branch_name, info.area) == (
        "B07",
        "湘南西圏域ブランチ",
        "shonan-west",
    )
    assert [c.name for c in book.coordinators()] == ["湘南 京子"]
    assert book.coordinator_id == book.coordinators()[0].id
    assert book.settings().drop_folder == str(tmp_path / "drop")
    book.close()

    # On another PC (a copy of the folder, no key stored) the key as shown opens the book.
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    keystore.delete(info.book_id)
    with pytest.raises(KeyMissing):
        CaseBook.open(copy)
    CaseBook.unlock(copy, shown)
    with CaseBook.open(copy) as again:
        assert again.info().book_id == info.book_id


def test_closing_the_wizard_half_way_creates_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    wizard = SetupWizard(folder)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_to_commit_page(qtbot, wizard, None)
    wizard.reject()
    assert not wizard.isVisible() and wizard.book is None
    assert not folder.exists()


def test_first_start_runs_the_wizard_and_cancelling_it_quits_cleanly(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "default"
    monkeypatch.setenv("MCCDESK_DATA_DIR", str(folder))
    shown = when_shown(SetupWizard, lambda wizard: wizard.reject())  # type: ignore[attr-defined]
    assert ui_app.run(None) == 0
    assert len(shown) == 1
    assert not folder.exists()


def test_creating_shows_progress(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 0)
    seen = when_shown(worker.ProgressDialog, lambda dialog: None)
    wizard = SetupWizard(tmp_path / "data")
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_to_commit_page(qtbot, wizard, None)
    wizard.next()
    assert wizard.book is not None
    assert seen and seen[0].labelText() == "ケースブックを作成しています…"  # type: ignore[attr-defined]
    wizard.book.close()
