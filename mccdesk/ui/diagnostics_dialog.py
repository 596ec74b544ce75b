"""「診断情報をコピー」: what support needs, gathered in one text and copied to the clipboard.

Version, OS, Python/Qt versions, settings, the credential store in use, the last log lines and
the self-test's results. Never a key, a name or a note: settings are reduced to whether they are
set, the user's home folder and user name are replaced in every line, and anything that looks like
key material is cut out (logs carry ids and counts only, but a report leaves the office).
"""

from __future__ import annotations

import getpass
import os
import platform
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk import logs, selftest
from mccdesk.casebook import CaseBook
from mccdesk.ui import i18n
from mccdesk.ui.worker import run_with_progress
from mccdesk.version import version

LOG_LINES = 200
_HEXISH = re.compile(r"[0-9a-fA-F]{32,}")


def redact(text: str) -> str:
    """The text with the home folder, the user name and long hex strings (keys) replaced."""
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    try:
        user = getpass.getuser()
    except Exception:
        user = ""
    if len(user) >= 3:  # a two-letter name would blank out ordinary words
        text = re.sub(re.escape(user), "<user>", text, flags=re.IGNORECASE)
    return _HEXISH.sub("[redacted]", text)


def log_tail(lines: int = LOG_LINES) -> list[str]:
    path = logs.log_dir() / "mccdesk.log"
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()[-lines:]
    except OSError:
        return []


def _settings_lines(book: CaseBook | None) -> Iterable[str]:
    if book is None:
        yield "case book: not open"
        return
    info = book.info()
    settings = book.settings()
    yield f"case book: demo={info.demo} area={info.area}"
    # Whether set, never the value: folders name servers and people, phones are the office's.
    yield f"drop folder set: {bool(settings.drop_folder)}"
    yield f"backup folder set: {bool(settings.backup_folder)}"
    yield f"backup every days: {settings.backup_every_days}"
    yield f"last backup: {settings.last_backup_at or 'never'}"


def report_text(book: CaseBook | None, results: list[selftest.Result] | None) -> str:
    """The whole diagnostic report, redacted."""
    backend, usable, why = selftest.keystore_report()
    lines = [
        "== mccdesk diagnostic report ==",
        f"version: {version()} ({'frozen' if getattr(sys, 'frozen', False) else 'source'})",
        f"os: {platform.platform()}",
        f"python: {platform.python_version()}",
        f"qt: {qVersion()} / pyside6 {PySide6.__version__}",
        f"language: {i18n.language()}",
        f"data folder from environment: {bool(os.environ.get('MCCDESK_DATA_DIR'))}",
        f"credential store: {backend} usable={usable} {why}".rstrip(),
        *([f"WARNING: {w}"] if (w := selftest.plaintext_warning("en")) else []),
        *_settings_lines(book),
        "",
        "== self-test ==",
        *([r.line("en") for r in results] if results is not None else ["not run"]),
        "",
        f"== last {LOG_LINES} log lines ==",
        *log_tail(),
    ]
    return redact("\n".join(lines)) + "\n"


class DiagnosticsDialog(QDialog):
    """Runs the self-test (with progress), shows the report, copies it."""

    def __init__(self, book: CaseBook | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle(self.tr("診断情報"))
        self.resize(760, 560)
        note = QLabel(
            self.tr(
                "サポート担当者に送る情報です。鍵・氏名・記録の内容は含みません。"
                "「コピー」でクリップボードにコピーし、メールなどに貼り付けてください。"
            )
        )
        note.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("診断情報"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("コピー(&C)"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.results: list[selftest.Result] | None = None
        self.copy_button.setDefault(True)

    def gather(self) -> str:
        """Run the self-test behind a progress dialog and fill in the report."""
        self.results = run_with_progress(
            self, self.tr("自己診断を実行しています…"), lambda _report: selftest.run_checks()
        )
        report = report_text(self.book, self.results)
        self.text.setPlainText(report)
        return report

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText(self.tr("コピーしました"))


def show_diagnostics(book: CaseBook | None, parent: QWidget | None = None) -> DiagnosticsDialog:
    dialog = DiagnosticsDialog(book, parent)
    dialog.gather()
    dialog.open()
    return dialog
