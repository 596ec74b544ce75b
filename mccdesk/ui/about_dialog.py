"""「mccdesk について」(Help menu): the version, where the data and log live, diagnostics."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk import logs
from mccdesk.paths import default_data_dir
from mccdesk.version import version

if TYPE_CHECKING:  # the menu is on the window's frame, before storage is imported
    from mccdesk.casebook import CaseBook


class AboutDialog(QDialog):
    def __init__(self, book: CaseBook | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle(self.tr("mccdesk について"))
        self.version_label = QLabel(self.tr("バージョン {version}").format(version=version()))
        self.version_label.setObjectName("aboutVersion")
        title = QLabel(self.tr("医療的ケア児支援センター ブランチ用ケースブック"))
        places = QLabel(
            self.tr("ケースブックの既定の場所：{data}\nログ：{log}").format(
                data=default_data_dir(), log=logs.log_dir()
            )
        )
        places.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.diagnostics_button = QPushButton(self.tr("診断情報をコピー(&D)…"))
        buttons.addButton(self.diagnostics_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.diagnostics_button.clicked.connect(self.open_diagnostics)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, self.version_label, places, buttons):
            layout.addWidget(widget)
        self.diagnostics = None

    def open_diagnostics(self) -> None:
        from mccdesk.ui.diagnostics_dialog import show_diagnostics

        self.diagnostics = show_diagnostics(self.book, self)


# Not window.tr(): its context would be the window's class, which the catalogue cannot know.
def _tr(text: str) -> str:
    return QCoreApplication.translate("AboutDialog", text)


def add_help_menu(window: QMainWindow, book: Callable[[], CaseBook | None]) -> QAction:
    """A ヘルプ menu with the About box about `book()` (None while it opens); returns its action
    (tests trigger it)."""
    menu = window.menuBar().addMenu(_tr("ヘルプ(&H)"))
    about = QAction(_tr("mccdesk について(&A)…"), window)
    about.setShortcut(QKeySequence("Ctrl+F1"))
    about.triggered.connect(lambda: AboutDialog(book(), window).open())
    menu.addAction(about)
    return about
