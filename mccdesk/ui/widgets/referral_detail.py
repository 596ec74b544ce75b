"""The chosen referral: what it is, its status history, a status change with its date, and
「紹介状を印刷」, which saves the referral sheet as a PDF where the user chooses and opens it.

Printing is refused, with the reason in red under the button, when the child's consent does not
cover it on the print date; nothing is written then. Tests inject `ask_save_path` and turn
`open_printed` off.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QIODevice, QSaveFile, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
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
from mccdesk.ui.widgets.child_form import error_label
from mccdesk.ui.widgets.date_field import DateField, to_qdate


class ReferralDetail(QWidget):
    status_changed = Signal(object)  # the Referral after the change
    printed = Signal(object)  # the Path written

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        self.row: ReferralRow | None = None
        self.ask_save_path: Callable[[str], Path | None] = self._ask_save_path
        self.open_printed = True
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

    def _ask_save_path(self, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("紹介状の保存先"),
            str(Path(folder) / suggested),
            self.tr("PDF (*.pdf)"),
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def print_sheet(self) -> Path | None:
        """Check consent, ask where, write the PDF whole (or not at all), audit it, open it."""
        self.print_message.hide()
        self.done.setText("")
        if self.row is None:
            return None
        r = self.row.referral
        # Imported when printing: reportlab would add a fifth of a second to every start.
        from mccdesk.reports.referral_sheet import ReferralSheet, referral_sheet_data

        try:
            data = referral_sheet_data(self.book, r.id, on=self.today())
        except BadInput as exc:  # no consent covering it today, or no child on the case
            self.print_message.setText(i18n.message(exc))
            self.print_message.show()
            return None
        # The suggested name carries the case number only: no names in file names.
        path = self.ask_save_path(
            self.tr("紹介状_{number}_{id}.pdf").format(number=self.row.case_number, id=r.id)
        )
        if path is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = ReferralSheet(data).generate()
            saved = QSaveFile(str(path))  # a temporary file renamed into place on commit
            ok = (
                saved.open(QIODevice.OpenModeFlag.WriteOnly)
                and saved.write(pdf) == len(pdf)
                and saved.commit()
            )
            if not ok:
                saved.cancelWriting()
        finally:
            QApplication.restoreOverrideCursor()
        if not ok:
            self.print_message.setText(
                self.tr("保存できませんでした（{why}）。別の場所を選んでください。").format(
                    why=saved.errorString()
                )
            )
            self.print_message.show()
            return None
        self.book.record_printed("referral", r.id)
        self.done.setText(self.tr("紹介状を保存しました：{path}").format(path=path))
        if self.open_printed:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.printed.emit(path)
        return path
