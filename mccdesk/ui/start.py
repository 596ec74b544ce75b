"""Start-up: open the case book (in a worker, with 「開いています…」), else set it up or unlock it;
then settle who is working, and start a scheduled backup when one is due.

Each step returns None when the person cancels; errors are `MccdeskError`s for the caller to show.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget

from mccdesk import errors
from mccdesk.errors import KeyCheckMissing, KeyMissing, NotInitialised, WrongKey
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.preferences import Preferences
from mccdesk.ui.worker import Job, run_with_progress

if TYPE_CHECKING:
    from mccdesk.casebook import CaseBook


def _tr(text: str) -> str:
    return QCoreApplication.translate("start", text)


def open_in_worker(folder: Path, parent: QWidget | None = None) -> CaseBook:
    """Open (and migrate, if needed) in a worker thread; the finished CaseBook is handed back.

    Safe because the book's engine makes its connections with check_same_thread=False and
    hands them out one thread at a time; nothing else of the worker's is kept. The storage
    modules (SQLAlchemy, keyring: most of the start-up's imports) are imported there too, so
    the window behind is painted and answers while they load.
    """

    def open_there(report: object) -> CaseBook:
        from mccdesk.casebook import CaseBook

        return CaseBook.open(folder)

    return run_with_progress(parent, _tr("ケースブックを開いています…"), open_there)


# What opening may have to tell the person (a key rotation finished or rolled back, a lost key
# check file rebuilt): shown once the book is open. Warnings meant for administrators (a plain
# text credential store) go to the log and the diagnostics instead.
SHOWN_AT_START = (errors.RotationRolledBack, errors.RotationFinished, errors.KeyCheckRebuilt)


class NoticeDialog(QMessageBox):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("mccdesk")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setText(text)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)


def show_notices(notices: list[errors.Notice], parent: QWidget | None = None) -> None:
    for notice in notices:
        if isinstance(notice, SHOWN_AT_START):
            NoticeDialog(notice.message(i18n.language()), parent).exec()


def open_book(
    folder: Path, *, setup_allowed: bool, parent: QWidget | None = None
) -> CaseBook | None:
    """The open case book, after the set-up wizard or the recovery key if needed; None: cancelled.

    `setup_allowed`: offer the wizard when the folder has no case book (the default data folder);
    a folder named on the command line that holds none is reported instead (likely a typo).
    What the opening had to settle (an interrupted key rotation) is shown to the person.
    """
    told: list[errors.Notice] = []
    stop = errors.listen(told.append)  # told from the worker thread; shown here, after
    try:
        book = _open_book(folder, setup_allowed=setup_allowed, parent=parent)
    finally:
        stop()
    if book is not None:
        show_notices(told, parent)
    return book


def _open_book(folder: Path, *, setup_allowed: bool, parent: QWidget | None) -> CaseBook | None:
    while True:
        try:
            return open_in_worker(folder, parent)
        except NotInitialised:
            if not setup_allowed:
                raise
            from mccdesk.ui.setup_wizard import SetupWizard  # first run only (pulls in reportlab)

            wizard = SetupWizard(folder, parent)
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.book is None:
                return None
            return wizard.book
        except (KeyMissing, WrongKey, KeyCheckMissing):
            from mccdesk.ui.recovery_key_dialog import RecoveryKeyDialog

            dialog = RecoveryKeyDialog(folder, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            # The key is stored now: open again (with progress).


def choose_coordinator(book: CaseBook, prefs: Preferences, parent: QWidget | None = None) -> bool:
    """Use the coordinator remembered on this PC if still active, else ask; False: cancelled."""
    book_id = book.info().book_id
    if book.coordinator_id is not None:  # chosen already (the set-up wizard's first coordinator)
        prefs.set_coordinator(book_id, book.coordinator_id)
        return True
    remembered = prefs.coordinator(book_id)
    active = {c.id for c in book.coordinators() if c.active}
    if remembered in active:
        book.use_coordinator(remembered)  # type: ignore[arg-type]
        return True
    if book.info().demo and active:  # synthetic people: no need to ask who is working
        book.use_coordinator(min(active))
        return True
    from mccdesk.ui.coordinator_dialog import CoordinatorDialog

    dialog = CoordinatorDialog(book, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return False
    prefs.set_coordinator(book_id, dialog.chosen.id)
    return True


def start_scheduled_backup(window: QMainWindow, book: CaseBook) -> Job | None:
    """When the schedule asks for one, back up in the background; the status bar tells."""
    if not book.backup_due():
        return None
    bar = window.statusBar()
    bar.showMessage(_tr("定期バックアップを作成しています…"))
    job = Job(lambda report: book.backup_to_folder(), window)

    def done(path: object) -> None:
        name = Path(str(path)).name
        bar.showMessage(_tr("定期バックアップを作成しました: {name}").format(name=name), 10000)

    def failed(exc: BaseException) -> None:
        bar.clearMessage()
        report_error(window, exc)

    job.finished.connect(done)
    job.failed.connect(failed)
    job.start()
    return job
