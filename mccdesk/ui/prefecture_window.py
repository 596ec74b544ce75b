"""The prefecture office's window: 提出状況, 保留・隔離, 集計表 and 取り込み, navigation on the
left and the ingest status in the status bar, like the branch window.

Started by `mccdesk prefecture open` (`run`). The drop folder is remembered per PC in QSettings
(`--drop` overrides and is remembered too); ingest runs on start, every 15 minutes and on request.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from mccdesk.errors import MccdeskError
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.ui.main_window import STYLE
from mccdesk.ui.prefecture_completeness_page import PrefectureCompletenessPage
from mccdesk.ui.prefecture_ingest_controller import INGEST_EVERY_MS, IngestController
from mccdesk.ui.prefecture_ingest_page import PrefectureIngestPage
from mccdesk.ui.prefecture_quarantine_page import PrefectureQuarantinePage
from mccdesk.ui.prefecture_tables_page import PrefectureTablesPage
from mccdesk.ui.widgets.navigation_list import NavigationList

DROP_KEY = "prefecture/drop_folder"
COMPLETENESS, QUARANTINE, TABLES, INGEST = "completeness", "quarantine", "tables", "ingest"


class PrefectureWindow(QMainWindow):
    def __init__(
        self,
        office: PrefectureOffice,
        *,
        settings: QSettings | None = None,
        drop: str | None = None,
        today: date | None = None,
        interval_ms: int = INGEST_EVERY_MS,
        start_ingest: bool = True,
    ) -> None:
        super().__init__()
        self.office = office
        self.settings = settings if settings is not None else QSettings()
        if drop:
            self.settings.setValue(DROP_KEY, drop)
        folder = str(self.settings.value(DROP_KEY, "") or "")
        self.setWindowTitle(self.tr("mccdesk — 県（医療的ケア児支援センター 総合事務局）"))
        self.setStyleSheet(STYLE)

        self.ingest = IngestController(office, folder, self, interval_ms=interval_ms)
        self.completeness = PrefectureCompletenessPage(office, today)
        self.quarantine = PrefectureQuarantinePage(office)
        self.tables = PrefectureTablesPage(office, today)
        self.ingest_page = PrefectureIngestPage(self.ingest)
        self.ingest_page.folder_chosen.connect(self._remember_folder)
        self.ingest.finished.connect(self._ingested)
        self.tables.exported.connect(
            lambda path: self.statusBar().showMessage(
                self.tr("保存しました: {path}").format(path=path), 10000
            )
        )

        self.pages = QStackedWidget()
        self.navigation = NavigationList(self.tr("画面の切り替え"))
        self._keys: list[str] = []
        self._add_page(COMPLETENESS, self.tr("提出状況"), self.completeness)
        self._add_page(QUARANTINE, self.tr("保留・隔離"), self.quarantine)
        self._add_page(TABLES, self.tr("集計表"), self.tables)
        self._add_page(INGEST, self.tr("取り込み"), self.ingest_page)
        self.navigation.fit_width()
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)

        bar = self.statusBar()
        self.office_label = QLabel(self.tr("県：{name}").format(name=office.name() or "—"))
        bar.addWidget(self.office_label)
        self.ingest.attach(bar)
        for i, key in enumerate(self._keys):
            shortcut = QShortcut(QKeySequence(f"Alt+{i + 1}"), self)
            shortcut.activated.connect(lambda key=key: self.show_page(key))
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.activated.connect(self.ingest.ingest_now)
        self.show_page(COMPLETENESS)
        self.resize(1180, 760)
        if start_ingest:
            self.ingest.start()

    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        self._keys.append(key)
        self.pages.addWidget(page)
        self.navigation.addItem(f"{title}\u3000Alt+{len(self._keys)}")

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(self._keys.index(key))

    def page_keys(self) -> list[str]:
        return list(self._keys)

    def current_page(self) -> str:
        return self._keys[self.pages.currentIndex()]

    def _remember_folder(self, folder: str) -> None:
        self.settings.setValue(DROP_KEY, folder)
        self.settings.sync()

    def _ingested(self, outcome: object) -> None:
        """New files may have changed every page."""
        self.completeness.refresh()
        self.quarantine.refresh()
        self.tables.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ingest.stop()  # a run under way finishes before the store closes
        self.office.close()
        super().closeEvent(event)


def run(folder: Path, drop: Path | None = None) -> int:
    """Open the prefecture store in `folder` (its key from this user's keyring) and show it."""
    from mccdesk.ui import i18n, preferences
    from mccdesk.ui.app import make_app
    from mccdesk.ui.errors_dialog import install_excepthook, report_error
    from mccdesk.ui.preferences import apply_font_size

    app = make_app()
    prefs = preferences.shared()
    apply_font_size(app, prefs.font_size())
    i18n.use_language(prefs.language())
    try:
        office = PrefectureOffice.open(folder)
    except Exception as exc:  # no key in the keyring, no store here, a damaged file…
        report_error(None, exc)
        return exc.exit_code if isinstance(exc, MccdeskError) else 1
    install_excepthook()
    window = PrefectureWindow(office, drop=str(drop) if drop else None)
    window.show()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()  # an export under way finishes before exit
    return code
