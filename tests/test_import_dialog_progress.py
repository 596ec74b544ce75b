"""「取り込み」 shows how far a long import has got: rows checked, then cases written."""

from __future__ import annotations

from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.ui import worker
from mccdesk.ui.import_dialog import ImportDialog
from tests.test_import_limits import GOOD, HEADERS, write_csv


def test_the_progress_dialog_counts_rows_checked_then_cases_written(
    qtbot, book: CaseBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(worker, "SHOW_AFTER_MS", 0)
    shown: list[tuple[int, str]] = []
    real = worker.ProgressDialog.report

    def report(self: worker.ProgressDialog, percent: int, text: str) -> None:
        shown.append((percent, text))
        real(self, percent, text)

    monkeypatch.setattr(worker.ProgressDialog, "report", report)
    dialog = ImportDialog(book)
    qtbot.addWidget(dialog)
    result = dialog.run_import(write_csv(tmp_path / "many.csv", [HEADERS, *[GOOD] * 12_000]))

    assert result is not None and result.cases == 12_000
    texts = [text for _, text in shown]
    assert "確認しています… 1,000行" in texts and "確認しています… 12,000行" in texts
    assert texts[-1] == "書き込んでいます… 12,000 / 12,000件"
    assert [p for p, _ in shown] == sorted(p for p, _ in shown) and shown[-1][0] == 100
