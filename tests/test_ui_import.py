"""「取り込み」: problems listed by row and column; a failed import changes nothing and the
corrected sheet then brings in every row, the good ones included."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mccdesk.casebook import CaseBook
from mccdesk.ui import import_dialog, worker
from mccdesk.ui.import_dialog import ImportDialog
from tests.support import seed003
from tests.test_ui_start import when_shown

HEADERS = ["受付日", "相談方法", "相談種別", "市町村", "主訴", "状況", "児童氏名"]


def _row(**cells: object) -> dict[str, object]:
    base: dict[str, object] = {
        "受付日": "2024/04/10",
        "相談方法": "電話",
        "相談種別": "親・親族",
        "市町村": "横須賀市",
        "主訴": "レスパイト",
        "状況": "継続",
    }
    return {**base, **cells}


def _sheet(path: Path, residence_of_row_3: str) -> Path:
    rows = [
        _row(児童氏名="見本 一"),  # row 2
        _row(市町村=residence_of_row_3),  # row 3
        _row(受付日="2024/05/01"),  # row 4
    ]
    return seed003.write_table(path, HEADERS, rows)


def _cells(dialog: ImportDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_bad_row_is_shown_by_row_and_column_and_nothing_is_lost(
    qtbot, book: CaseBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 0)
    dialog = ImportDialog(book)
    qtbot.addWidget(dialog)
    dialog.show()
    progress = when_shown(worker.ProgressDialog, lambda d: None)
    real = import_dialog.import_file

    def import_once_progress_shows(*args, **kwargs):  # type: ignore[no-untyped-def]
        for _ in range(500):  # the real import, once the GUI shows the dialog (at most 5 s)
            if progress:
                break
            threading.Event().wait(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_dialog, "import_file", import_once_progress_shows)
    imported: list[object] = []
    dialog.imported.connect(imported.append)

    assert dialog.run_import(_sheet(tmp_path / f"bad{suffix}", "横浜氏")) is None
    assert dialog.table.isVisible()
    assert _cells(dialog)[0][:3] == ["3", "市町村", "横浜氏"]
    assert "選べる値" in _cells(dialog)[0][3]
    assert "何も取り込んでいません" in dialog.summary.text()
    assert book.cases() == [] and imported == []  # all or nothing
    assert progress and progress[0].labelText() == "取り込んでいます…"  # type: ignore[attr-defined]

    report = dialog.run_import(_sheet(tmp_path / f"fixed{suffix}", "横須賀市"))
    assert report is not None and report.cases == 3 and imported == [report]
    assert not dialog.table.isVisible()
    assert "取り込みました: 相談ケース 3件" in dialog.summary.text()
    assert len(book.cases()) == 3
    assert [c.child_name for c in book.cases() if c.child_name] == ["見本 一"]


def test_an_unreadable_file_is_one_problem_for_the_file(
    qtbot, book: CaseBook, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "古い.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    dialog = ImportDialog(book)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(old))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    cells = _cells(dialog)
    assert len(cells) == 1 and cells[0][0] == "ファイル" and ".xlsx" in cells[0][3]
