"""The one place errors reach a person: a short Japanese message and "詳細をコピー".

Services raise `MccdeskError`s with a message in Japanese and English; anything else is a bug and
gets the generic message. The traceback is logged and can be copied for support, never shown first.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk import logs
from mccdesk.errors import MccdeskError
from mccdesk.ui import i18n

log = logging.getLogger(__name__)


def as_known_error(exc: BaseException) -> BaseException:
    """A full disk, read-only place, unopenable file or I/O error behind an unexpected
    exception, as its own MccdeskError (never "damaged"); else the exception itself."""
    if isinstance(exc, MccdeskError):
        return exc
    try:
        from mccdesk.casebook import CaseBook
        from mccdesk.paths import default_data_dir

        where = getattr(exc, "filename", None) or default_data_dir()
        return CaseBook.storage_error(exc, Path(where)) or exc
    except Exception:
        return exc


def error_text(exc: BaseException) -> str:
    """The message in the display language (MccdeskError carries both)."""
    lang = i18n.language()
    exc = as_known_error(exc)
    if isinstance(exc, MccdeskError):
        return exc.message(lang)
    where = QCoreApplication.translate("ErrorDialog", "ログ: {folder}").format(
        folder=logs.log_dir()
    )
    return f"{MccdeskError().message(lang)}\n{where}"


def error_details(exc: BaseException) -> str:
    """For support: the error's type, its English message and where it happened."""
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    english = exc.message("en") if isinstance(exc, MccdeskError) else type(exc).__name__
    return f"{type(exc).__name__}: {english}\n\n{''.join(lines)}"


class ErrorDialog(QDialog):
    def __init__(self, parent: QWidget | None, exc: BaseException) -> None:
        super().__init__(parent)
        self.setWindowTitle("mccdesk")
        self.details = error_details(exc)
        self.message = QLabel(error_text(exc))
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.copy_button = QPushButton(self.tr("詳細をコピー"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(14)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("コピーしました"))


def report_error(parent: QWidget | None, exc: BaseException) -> None:
    """Log the error (type and traceback, no personal data in our messages) and show it."""
    known = as_known_error(exc)
    if known is not exc:
        log.info("storage error: %s", type(exc).__name__)
        exc = known
    if isinstance(exc, MccdeskError):
        log.info("error shown: %s (exit %d)", type(exc).__name__, exc.exit_code)
    else:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    ErrorDialog(parent, exc).exec()


def install_excepthook() -> None:
    """Route exceptions escaping a Qt slot to the same dialog instead of stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(exc, Exception):
            sys.__excepthook__(kind, exc, tb)
            return
        report_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
