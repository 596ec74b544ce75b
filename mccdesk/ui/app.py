"""Start the desktop app: the QApplication, Japanese fonts, the case book and the first window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from mccdesk.errors import MccdeskError
from mccdesk.paths import default_data_dir
from mccdesk.resources import resources_dir
from mccdesk.ui import i18n, preferences, start
from mccdesk.ui.errors_dialog import install_excepthook, report_error
from mccdesk.ui.gui_gc import collect_on_gui_thread
from mccdesk.ui.main_window import MainWindow
from mccdesk.ui.preferences import apply_font_size

log = logging.getLogger(__name__)

APP_NAME = "mccdesk"
ORGANISATION = "医療的ケア児支援センター"
# Japanese UI fonts, best first: a family is chosen if its name contains one of these.
PREFERRED_FONTS = (
    "BIZ UDPGothic",
    "BIZ UDGothic",
    "BIZ UD",
    "Noto Sans CJK JP",
    "Noto Sans CJK",
    "IPAexGothic",
    "IPAGothic",
    "IPA",
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


def load_bundled_fonts(folder: Path | None = None) -> list[str]:
    """Register the fonts shipped under resources/fonts/ (if any); returns their families."""
    folder = folder or resources_dir() / "fonts"
    families: list[str] = []
    if not folder.is_dir():
        return families
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("font not loaded: %s", path.name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def japanese_family(families: list[str]) -> str | None:
    """The best Japanese font family among `families`, by PREFERRED_FONTS."""
    for wanted in PREFERRED_FONTS:
        for family in families:
            if wanted.casefold() in family.casefold():
                return family
    return None


def use_japanese_font(app: QApplication) -> str | None:
    load_bundled_fonts()
    family = japanese_family(QFontDatabase.families())
    if family is None:
        log.warning("no Japanese font found; Japanese text may not render")
        return None
    font = QFont(app.font())
    font.setFamilies([family])
    app.setFont(font)
    return family


def make_app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName(APP_NAME)
    use_japanese_font(app)
    collect_on_gui_thread(app)  # workers must never free Qt objects
    return app


def run(folder: Path | None) -> int:
    """Open the case book in `folder` (default: the user's data folder) and run the app.

    With no folder given and no case book in the default one, the set-up wizard runs first.
    """
    app = make_app()
    prefs = preferences.shared()
    apply_font_size(app, prefs.font_size())
    i18n.use_language(prefs.language())  # before any window: Qt translates as widgets are built
    setup_allowed = folder is None
    folder = folder or default_data_dir()
    # The frame first: it paints and answers while the book opens (and storage is imported)
    # in a worker; dialogs (set-up, recovery key, who is working) sit on it.
    window = MainWindow()
    geometry = prefs.geometry()
    if geometry is not None:
        window.restoreGeometry(geometry)
    window.show()
    log.info("main window shown")
    try:
        book = start.open_book(folder, setup_allowed=setup_allowed, parent=window)
        if book is None:
            window.close()
            return 0  # the person closed the wizard or the recovery-key dialog
        if not start.choose_coordinator(book, prefs, window):
            book.close()
            window.close()
            return 0
    except Exception as exc:
        report_error(window, exc)
        window.close()
        return exc.exit_code if isinstance(exc, MccdeskError) else 1

    if not window.isVisible():  # closed while the book was opening
        book.close()
        return 0
    install_excepthook()
    window.attach(book)
    book_id = book.info().book_id

    def remember_coordinator() -> None:  # the status-bar switch is remembered too
        if book.coordinator_id is not None:
            prefs.set_coordinator(book_id, book.coordinator_id)

    def adopt(new_window: MainWindow) -> None:  # a language switch rebuilt the window
        nonlocal window
        window = new_window
        window.coordinator.currentIndexChanged.connect(remember_coordinator)
        window.replaced.connect(adopt)

    window.coordinator.currentIndexChanged.connect(remember_coordinator)
    window.replaced.connect(adopt)
    log.info("main window ready")
    if os.environ.get("MCCDESK_QUIT_AFTER_START") == "1":  # the packaged build's smoke test
        QTimer.singleShot(0, window.close)  # runs once the first paint has been processed
    start.start_scheduled_backup(window, book)
    code = app.exec()
    prefs.set_geometry(window.saveGeometry())
    prefs.sync()
    QThreadPool.globalInstance().waitForDone()  # a background backup finishes before exit
    return code
