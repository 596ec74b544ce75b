"""The referral sheet's preview: pages shown from memory, zoom, then 印刷… or PDFとして保存…,
each audited."""

from __future__ import annotations

import io
import os
import stat
import tempfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from mccdesk.casebook import CaseBook
from mccdesk.ui.pdf_preview_dialog import PdfPreviewDialog
from mccdesk.ui.referral_page import ReferralPage
from tests.support.referrals import make_referral

TODAY = date(2024, 10, 1)  # inside the consent make_referral records
LONG_NOTE = "\n".join(f"経過{n:03d}　訪問看護の調整と面談を行った。" for n in range(1, 41))


def prints(book: CaseBook) -> list[tuple[str, int | None]]:
    return [(e.entity, e.entity_id) for e in book.store.audit_events() if e.action == "print"]


def dark_share(image: QImage) -> float:
    """The share of pixels that are dark (text, rules), sampled on the blue channel."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())[: image.sizeInBytes()]
    blue = data[0::4]
    return sum(1 for b in blue if b < 96) / len(blue)


def open_preview(qtbot, book: CaseBook, note: str = LONG_NOTE) -> tuple[PdfPreviewDialog, int]:  # type: ignore[no-untyped-def]
    referral_id = make_referral(book, note=note)
    page = ReferralPage(book, TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.select_referral(referral_id)
    preview = page.detail.print_sheet()
    assert preview is not None
    preview.activateWindow()  # shortcuts work in the active window
    qtbot.waitUntil(preview.isActiveWindow)
    return preview, referral_id


def test_a_long_sheet_shows_two_pages_that_are_not_blank(qtbot, book: CaseBook) -> None:  # type: ignore[no-untyped-def]
    preview, _id = open_preview(qtbot, book)
    assert preview.isModal()
    assert preview.page_count == 2
    assert preview.page_label.text() == "1 / 2"
    assert len(preview.images) == 2
    for image in preview.images:
        assert 0.001 < dark_share(image) < 0.5  # printed text on white paper

    preview.scroll.verticalScrollBar().setValue(preview.scroll.verticalScrollBar().maximum())
    assert preview.page_label.text() == "2 / 2"

    before = preview.images[0].width()
    preview.zoom_in_button.click()
    assert preview.images[0].width() > before
    preview.set_zoom(0.5)
    assert not preview.zoom_out_button.isEnabled()  # the smallest zoom
    assert preview.zoom_label.text() == "50%"
    preview.fit_button.click()
    shown = preview.page_labels[0].width()
    assert shown <= preview.scroll.viewport().width() <= shown + 60  # page fills the width
    preview.close_button.click()
    assert not preview.isVisible()


def test_save_as_pdf_writes_the_sheet_for_the_owner_only_and_audits_it(
    qtbot, book: CaseBook, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    preview, referral_id = open_preview(qtbot, book)
    asked: list[str] = []
    out = tmp_path / "out"
    out.mkdir()
    target = out / "紹介状.pdf"

    preview.ask_save_path = lambda name: asked.append(name) or None  # cancelled
    assert preview.save_pdf() is None
    assert prints(book) == [] and not target.exists()

    preview.ask_save_path = lambda name: asked.append(name) or target
    with qtbot.waitSignal(preview.saved):
        preview.save_button.click()
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == 2
    assert "神奈川 陽菜" in "\n".join(p.extract_text() for p in reader.pages)
    assert "陽菜" not in asked[-1]  # no names in the suggested file name
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(out.iterdir()) == [target]  # no temporary file left beside it
    assert prints(book) == [("referral", referral_id)]
    assert str(target) in preview.done_label.text()
    preview.reject()


def test_print_sends_every_page_to_the_printer_and_audits_it(
    qtbot, book: CaseBook, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    preview, referral_id = open_preview(qtbot, book)
    out = tmp_path / "printed.pdf"  # PDF output stands in for paper
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    preview.make_printer = lambda: printer

    preview.confirm_print = lambda p: False  # the print dialog cancelled
    assert not preview.print_pdf()
    assert prints(book) == [] and not out.exists()

    shown: list[QPrinter] = []
    preview.confirm_print = lambda p: shown.append(p) or True
    with qtbot.waitSignal(preview.printed):
        qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert shown == [printer]
    assert len(PdfReader(str(out)).pages) == 2
    assert out.stat().st_size > 50_000  # pages drawn, not blank sheets
    assert prints(book) == [("referral", referral_id)]
    assert "2ページ" in preview.done_label.text()
    preview.reject()


def test_previewing_leaves_nothing_in_the_temp_folder(
    qtbot, book: CaseBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # A private temp folder: the shared one changes under other processes.
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    assert tempfile.gettempdir() == str(private)
    before = sorted(os.listdir(tempfile.gettempdir()))

    preview, _id = open_preview(qtbot, book)
    preview.zoom_in_button.click()
    assert sorted(os.listdir(tempfile.gettempdir())) == before  # while it is open
    qtbot.keyClick(preview, Qt.Key.Key_Escape)  # Esc closes
    assert not preview.isVisible()
    assert sorted(os.listdir(tempfile.gettempdir())) == before == []
    assert prints(book) == []  # only looking writes no audit event
