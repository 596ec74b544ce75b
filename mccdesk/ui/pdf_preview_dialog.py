"""The preview of a generated PDF (a referral sheet): pages, zoom, then 「印刷…」 or
「PDFとして保存…」.

The PDF stays in memory: pypdfium2 renders it from the bytes (Qt PDF ships with WebEngine, which
the app does not bundle), so nothing is written to a temporary folder while previewing. Each print
and each save calls `audit` once it has succeeded. Tests inject `ask_save_path`, `make_printer`
and `confirm_print` (the system print dialog cannot be driven offscreen).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mccdesk.safe_files import write_file
from mccdesk.ui.widgets.field_error import error_label

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
PRINT_DPI = 300  # enough for 9 pt text; higher printer resolutions only cost memory


def render_page(doc: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    """One page as an image at `dpi`, in memory."""
    bitmap = doc[index].render(scale=dpi / 72, prefer_bgrx=True)
    try:
        # BGRx bytes are QImage's RGB32 on little-endian machines (every platform we ship).
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
        )
        return image.copy()  # detach from pdfium's buffer before it is freed
    finally:
        bitmap.close()


class PdfPreviewDialog(QDialog):
    saved = Signal(object)  # the Path written
    printed = Signal()

    def __init__(
        self,
        pdf: bytes,
        suggested_name: str,
        audit: Callable[[], None],
        parent: QWidget | None = None,
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self._pdf = pdf  # pdfium reads from these bytes; keep them alive with the document
        self._doc: pdfium.PdfDocument | None = pdfium.PdfDocument(pdf)
        self.page_count = len(self._doc)
        self.suggested_name = suggested_name
        self.audit = audit
        self.ask_save_path: Callable[[str], Path | None] = self._ask_save_path
        self.make_printer: Callable[[], QPrinter] = lambda: QPrinter(
            QPrinter.PrinterMode.HighResolution
        )
        self.confirm_print: Callable[[QPrinter], bool] = self._confirm_print
        self.zoom = 1.0
        self._fitted = False
        self.images: list[QImage] = []
        tr = self.tr
        self.setWindowTitle(title or tr("印刷プレビュー"))
        self.resize(900, 1000)

        self.pages = QWidget()
        self.pages.setObjectName("previewPages")
        self.page_labels: list[QLabel] = []
        column = QVBoxLayout(self.pages)
        column.setSpacing(12)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for n in range(self.page_count):
            label = QLabel()
            label.setAccessibleName(tr("{n}ページ目").format(n=n + 1))
            label.setStyleSheet("background: white; border: 1px solid #999;")
            column.addWidget(label)
            self.page_labels.append(label)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setStyleSheet("QScrollArea { background: #777; }")
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_page_label)

        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_label = QLabel()
        self.zoom_out_button = QPushButton(tr("縮小（Ctrl+-）"))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in_button = QPushButton(tr("拡大（Ctrl++）"))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.fit_button = QPushButton(tr("幅に合わせる(&W)"))
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button = QPushButton(tr("印刷(&P)…"))
        self.print_button.setObjectName("previewPrint")
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton(tr("PDFとして保存(&S)…"))
        self.save_button.setObjectName("previewSave")
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button = QPushButton(tr("閉じる"))
        self.close_button.clicked.connect(self.reject)
        self.message = error_label()
        self.message.setObjectName("previewMessage")
        self.done_label = QLabel()
        self.done_label.setObjectName("confirmation")
        self.done_label.setWordWrap(True)

        bar = QHBoxLayout()
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        for w in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.done_label)

        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_pdf),
            (QKeySequence.StandardKey.Save, self.save_pdf),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(1)),
            ("Ctrl+=", lambda: self.step_zoom(1)),  # Ctrl++ without Shift on JIS keyboards
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.set_zoom(1.0)
        self.scroll.setFocus()

    # --- showing ------------------------------------------------------------------------------

    def _screen_dpi(self) -> float:
        return float(self.logicalDpiX() or 96)

    def set_zoom(self, zoom: float) -> None:
        """Re-render every page at `zoom` (1.0 = actual size on screen)."""
        if self._doc is None:
            return
        self.zoom = max(ZOOMS[0], min(ZOOMS[-1], zoom))
        ratio = self.devicePixelRatioF()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.images = [
                render_page(self._doc, n, self._screen_dpi() * self.zoom * ratio)
                for n in range(self.page_count)
            ]
        finally:
            QApplication.restoreOverrideCursor()
        for label, image in zip(self.page_labels, self.images, strict=True):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.deviceIndependentSize().toSize())
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.zoom_out_button.setEnabled(self.zoom > ZOOMS[0])
        self.zoom_in_button.setEnabled(self.zoom < ZOOMS[-1])
        self._update_page_label()

    def step_zoom(self, step: int) -> None:
        if step > 0:
            bigger = [z for z in ZOOMS if z > self.zoom + 1e-6]
            self.set_zoom(bigger[0] if bigger else ZOOMS[-1])
        else:
            smaller = [z for z in ZOOMS if z < self.zoom - 1e-6]
            self.set_zoom(smaller[-1] if smaller else ZOOMS[0])

    def fit_width(self) -> None:
        if self._doc is None or not self.page_count:
            return
        width_pt = self._doc[0].get_width()
        room = self.scroll.viewport().width() - 40  # margins and the page border
        self.set_zoom(room / (width_pt / 72 * self._screen_dpi()))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._fitted:  # the viewport has its real width only once shown
            self._fitted = True
            self.fit_width()

    def current_page(self) -> int:
        """The page (from 1) at the top of the view."""
        top = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        shown = 1
        for n, label in enumerate(self.page_labels, start=1):
            if label.y() <= top:
                shown = n
        return shown

    def _update_page_label(self) -> None:
        self.page_label.setText(
            self.tr("{page} / {count}").format(page=self.current_page(), count=self.page_count)
        )

    # --- printing -----------------------------------------------------------------------------

    def _confirm_print(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_pdf(self) -> bool:
        """Ask the system print dialog, then send the pages at printer resolution."""
        if self._doc is None:
            return False
        self.message.hide()
        printer = self.make_printer()
        printer.setFullPage(True)  # the PDF has its own margins: map page onto paper
        printer.setDocName(self.suggested_name)
        if not self.confirm_print(printer):
            return False
        first = max(1, printer.fromPage() or 1)
        last = min(self.page_count, printer.toPage() or self.page_count)
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            self._fail(
                self.tr("プリンターを開けませんでした。プリンターの設定を確認してください。")
            )
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            for n in range(first - 1, last):
                if n > first - 1:
                    printer.newPage()
                image = render_page(self._doc, n, dpi)
                scale = min(paper.width() / image.width(), paper.height() / image.height())
                painter.drawImage(
                    QRectF(0, 0, image.width() * scale, image.height() * scale), image
                )
            ok = painter.end()
        finally:
            if painter.isActive():
                painter.end()
            QApplication.restoreOverrideCursor()
        if not ok:
            self._fail(self.tr("印刷できませんでした。プリンターの状態を確認してください。"))
            return False
        self.audit()
        self.done_label.setText(
            self.tr("印刷しました（{pages}ページ）").format(pages=last - first + 1)
        )
        self.printed.emit()
        return True

    # --- saving -------------------------------------------------------------------------------

    def _ask_save_path(self, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("PDFの保存先"), str(Path(folder) / suggested), self.tr("PDF (*.pdf)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def save_pdf(self) -> Path | None:
        """Write the PDF whole (or not at all), readable by its owner only, then audit it."""
        self.message.hide()
        path = self.ask_save_path(self.suggested_name)
        if path is None:
            return None
        try:
            write_file(path, self._pdf)  # owner-only: personal data, not for others on this PC
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            self._fail(
                self.tr("保存できませんでした（{why}）。別の場所を選んでください。").format(why=why)
            )
            return None
        self.audit()
        self.done_label.setText(self.tr("保存しました：{path}").format(path=path))
        self.saved.emit(path)
        return path

    def _fail(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # --- closing ------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        # Release pdfium's copy and the page images as soon as the preview closes.
        if self._doc is not None:
            self._doc.close()
            self._doc = None
        self.images = []
        for label in self.page_labels:
            label.clear()
        super().done(result)
