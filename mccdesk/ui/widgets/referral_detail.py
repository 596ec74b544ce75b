"""The chosen referral: what it is, its status history, a status change with its date, and
「紹介状を印刷」, which opens the referral sheet in a preview to print or save as a PDF.

Printing is refused, with the reason in red under the button, when the child's consent does not
cover it on the print date; nothing is made then. Tests inject `ask_save_path` (handed on to
the preview's 「PDFとして保存…」).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import BadInput, MccdeskError
from mccdesk.periods import format_date
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models.referral_table_model import ReferralRow
from mccdesk.ui.widgets.date_field import DateField, to_qdate
from mccdesk.ui.widgets.field_error import error_label

if TYPE_CHECKING:
    from mccdesk.ui.pdf_preview_dialog import PdfPreviewDialog


class ReferralDetail(QWidget):
    status_changed = Signal(object)  # the Referral after the change
    printed = Signal(object)  # the Path saved, or None when sent to a printer

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        self.row: ReferralRow | None = None
        self.ask_save_path: Callable[[str], Path | None] | None = None  # None: a file dialog
        self.preview: PdfPreviewDialog | None = None
        tr = self.tr

        self.summary = QLabel()
        self.summary.setObjectName("referralSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.status = QComboBox()
        self.status.setAccessibleName(tr("新しい状況"))
        for term in book.ref.referral_statuses:
            self.status.addItem(i18n.label(term), term.code)
        self.status_on = DateField()
        self.status_on.setAccessibleName(tr("状況の日付"))
        self.change_button = QPushButton(tr("状況を変更(&U)"))
        self.change_button.clicked.connect(self.change_status)
        self.status_error = error_label()
        self.print_button = QPushButton(tr("紹介状を印刷（Ctrl+P）"))
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.print_sheet)
        self.print_message = error_label()
        self.print_message.setObjectName("printMessage")
        self.done = QLabel()
        self.done.setObjectName("confirmation")
        self.done.setWordWrap(True)

        change = QHBoxLayout()
        change.addWidget(self.status)
        change.addWidget(self.status_on)
        change.addWidget(self.change_button)
        change.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.summary)
        form.addRow(tr("経過"), self.history)
        form.addRow(tr("状況の変更"), change)
        form.addRow(self.status_error)
        form.addRow(self.print_button)
        form.addRow(self.print_message)
        form.addRow(self.done)
        self.show_row(None)

    def today(self) -> date:
        return self._today or date.today()

    def show_row(self, row: ReferralRow | None) -> None:
        self.row = row
        for w in (self.status, self.status_on, self.change_button, self.print_button):
            w.setEnabled(row is not None)
        for label in (self.status_error, self.print_message):
            label.hide()
        self.done.setText("")
        if row is None:
            self.summary.setText(self.tr("一覧から紹介を選んでください。"))
            self.history.setText("")
            return
        r, ref = row.referral, self.book.ref
        self.summary.setText(
            self.tr("{child}（{case}）→ {resource}\n紹介日 {day}　目的：{purpose}").format(
                child=row.child_name,
                case=row.case_number,
                resource=row.resource_name,
                day=format_date(r.referred_on),
                purpose=r.purpose or "—",
            )
        )
        self.history.setText(
            "　→　".join(
                f"{i18n.term(ref.referral_statuses, h.status)} {format_date(h.effective_on)}"
                for h in r.history
            )
        )
        next_status = {"requested": "accepted", "accepted": "completed"}.get(r.status, r.status)
        self.status.setCurrentIndex(max(0, self.status.findData(next_status)))
        self.status_on.setMinimumDate(to_qdate(r.referred_on))
        self.status_on.setMaximumDate(to_qdate(max(self.today(), r.referred_on)))
        self.status_on.set_value(max(self.today(), r.referred_on))

    # --- status -------------------------------------------------------------------------------

    def change_status(self) -> d.Referral | None:
        if self.row is None:
            return None
        r = self.row.referral
        on = self.status_on.value()
        if on < r.referred_on:
            self.status_error.setText(self.tr("紹介日より前の日付にはできません。"))
            self.status_error.show()
            return None
        try:
            changed = self.book.change_referral_status(r.id, self.status.currentData(), on)
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.status_changed.emit(changed)
        self.done.setText(
            self.tr("状況を「{status}」（{day}）にしました").format(
                status=i18n.term(self.book.ref.referral_statuses, changed.status),
                day=format_date(on),
            )
        )
        return changed

    # --- printing -----------------------------------------------------------------------------

    def print_sheet(self) -> PdfPreviewDialog | None:
        """Check consent, make the sheet in memory and open its preview (print or save there)."""
        self.print_message.hide()
        self.done.setText("")
        if self.row is None:
            return None
        r = self.row.referral
        # Imported when printing: reportlab and pdfium would add a third of a second to every start.
        from mccdesk.reports.referral_sheet import ReferralSheet, referral_sheet_data
        from mccdesk.ui.pdf_preview_dialog import PdfPreviewDialog

        try:
            data = referral_sheet_data(self.book, r.id, on=self.today())
        except BadInput as exc:  # no consent covering it today, or no child on the case
            self.print_message.setText(i18n.message(exc))
            self.print_message.show()
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = ReferralSheet(data).generate()
        finally:
            QApplication.restoreOverrideCursor()
        # The suggested name carries the case number only: no names in file names.
        name = self.tr("紹介状_{number}_{id}.pdf").format(number=self.row.case_number, id=r.id)
        preview = PdfPreviewDialog(
            pdf,
            name,
            lambda: self.book.record_printed("referral", r.id),
            self,
            title=self.tr("紹介状のプレビュー"),
        )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.ask_save_path is not None:
            preview.ask_save_path = self.ask_save_path
        preview.saved.connect(self._saved)
        preview.printed.connect(self._sent_to_printer)
        preview.finished.connect(self._preview_closed)
        self.preview = preview
        preview.open()  # modal, without blocking the event loop
        return preview

    def _preview_closed(self) -> None:
        self.preview = None  # deleted on close
        self.print_button.setFocus()

    def _saved(self, path: Path) -> None:
        self.done.setText(self.tr("紹介状を保存しました：{path}").format(path=path))
        self.printed.emit(path)

    def _sent_to_printer(self) -> None:
        self.done.setText(self.tr("紹介状を印刷しました"))
        self.printed.emit(None)
