"""First run: the set-up wizard (「ケースブックの作成」) on a data folder without a case book.

Pages: branch (id, name, area) → first coordinator → drop folder (optional) → recovery key.
Nothing is written until the person leaves the drop-folder page ("作成"); closing before that
creates nothing. The recovery key is then shown once, large and grouped, with a button to save
and open its printable sheet, and the wizard finishes only after 「回復キーを控えました」 is ticked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.reference import reference
from mccdesk.reports.recovery_key_sheet import RecoveryKeySheet
from mccdesk.safe_files import write_file
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.recovery_key_dialog import PER_LINE, monospace
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.worker import run_with_progress


def grouped_key(text: str) -> str:
    """The recovery key as shown on screen: 4 groups per line, like the printed sheet."""
    groups = text.split("-")
    lines = [groups[i : i + PER_LINE] for i in range(0, len(groups), PER_LINE)]
    return "\n".join("  ".join(line) for line in lines)


class BranchPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("ブランチ"))
        self.setSubTitle(self.tr("このケースブックを使うブランチ（支援センター）を入力します。"))
        self.branch_id = QLineEdit()
        self.branch_id.setPlaceholderText("B01")
        self.branch_name = QLineEdit()
        self.branch_name.setPlaceholderText(self.tr("例：横須賀・三浦圏域ブランチ"))
        self.area = QComboBox()
        self.area.addItem(self.tr("（選んでください）"), None)
        for area in reference().areas:
            self.area.addItem(i18n.label(area), area.code)
        form = QFormLayout(self)
        form.addRow(self.tr("ブランチID"), self.branch_id)
        form.addRow(self.tr("ブランチ名"), self.branch_name)
        form.addRow(self.tr("圏域"), self.area)
        self.error = error_label(hidden=False)
        form.addRow(self.error)
        for field in (self.branch_id, self.branch_name):
            field.textChanged.connect(self.completeChanged)
        self.area.currentIndexChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(
            self.branch_id.text().strip()
            and self.branch_name.text().strip()
            and self.area.currentData() is not None
        )


class CoordinatorPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("最初の担当者"))
        self.setSubTitle(
            self.tr("ケースブックを使う担当者を1人登録します（後から設定で追加できます）。")
        )
        self.name = QLineEdit()
        self.kana = QLineEdit()
        form = QFormLayout(self)
        form.addRow(self.tr("氏名"), self.name)
        form.addRow(self.tr("ふりがな"), self.kana)
        self.name.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())


class DropFolderPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("送付フォルダ（任意）"))
        self.setSubTitle(
            self.tr(
                "県へ四半期の集計を送る共有フォルダです。分からなければ空欄のままにして、"
                "後から設定で指定できます。「作成」を押すとケースブックを作成します。"
            )
        )
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("送付フォルダ"))
        choose = QPushButton(self.tr("フォルダを選ぶ…"))
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        where = QLabel(self.tr("ケースブックの作成先: {folder}").format(folder=str(wizard.folder)))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(where)
        self.error = error_label(hidden=False)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setCommitPage(True)  # after this page the book exists: no way back
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("作成"))

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("送付フォルダ"))
        if folder:
            self.folder.setText(folder)

    def validatePage(self) -> bool:
        return self._wizard.create_book()


class RecoveryKeyPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("回復キー"))
        self.setSubTitle(
            self.tr(
                "ケースブックを作成しました。この回復キーは今だけ表示します。"
                "PCの入れ替えや故障のとき、これがないとケースブックを開けません。"
                "印刷して金庫などに保管してください。"
            )
        )
        self.key = QLabel()
        self.key.setObjectName("recoveryKey")
        self.key.setFont(monospace(1.8, self.font()))
        self.key.setStyleSheet("background: #f4f6f8; border: 1px solid #d0d5da; padding: 12px;")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(self.tr("回復キーシートを印刷…"))
        self.print_button.clicked.connect(lambda: wizard.print_sheet())
        self.printed = QLabel()
        self.printed.setWordWrap(True)
        self.noted = QCheckBox(self.tr("回復キーを控えました"))
        self.noted.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.printed)
        layout.addStretch(1)
        layout.addWidget(self.noted)

    def initializePage(self) -> None:
        self.key.setText(grouped_key(self._wizard.recovery_text))

    def isComplete(self) -> bool:
        return self.noted.isChecked()


class SetupWizard(QWizard):
    def __init__(
        self, folder: Path, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.today = today
        self.book: CaseBook | None = None
        self.recovery_text = ""
        self.sheet_path: Path | None = None
        # Hooks so tests (and other platforms) can stand in for the file dialog and the viewer.
        self.ask_sheet_path: Callable[[], Path | None] = self._ask_sheet_path
        self.open_file: Callable[[Path], object] = lambda p: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(p))
        )
        self.setWindowTitle(self.tr("ケースブックの作成"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.branch = BranchPage()
        self.coordinator = CoordinatorPage()
        self.drop = DropFolderPage(self)
        self.key_page = RecoveryKeyPage(self)
        for page in (self.branch, self.coordinator, self.drop, self.key_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("次へ"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("戻る"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("キャンセル"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完了"))
        self.currentIdChanged.connect(self._page_changed)
        self.resize(720, 520)

    # --- creating -----------------------------------------------------------------------------

    def create_book(self) -> bool:
        """Create the book from the pages, in a worker with progress; False stays on the page."""
        if self.book is not None:
            return True
        drop = self.drop.folder.text().strip()
        if drop and not Path(drop).is_absolute():
            self.drop.error.setText(self.tr("フォルダは「フォルダを選ぶ…」で指定してください。"))
            return False
        branch_id = self.branch.branch_id.text().strip()
        branch_name = self.branch.branch_name.text().strip()
        area = str(self.branch.area.currentData())
        name, kana = self.coordinator.name.text(), self.coordinator.kana.text()

        def work(report: object) -> tuple[CaseBook, bytes]:
            book, key = CaseBook.create(
                self.folder,
                branch_id=branch_id,
                branch_name=branch_name,
                area=area,
                today=self.today,
            )
            try:
                coordinator = book.add_coordinator(name, kana)
                book.use_coordinator(coordinator.id)
                if drop:
                    book.update_settings(drop_folder=drop)
            except BaseException:
                book.close()
                raise
            return book, key

        try:
            self.book, key = run_with_progress(self, self.tr("ケースブックを作成しています…"), work)
        except MccdeskError as exc:
            report_error(self, exc)
            return False
        self.recovery_text = CaseBook.recovery_key_text(key)
        return True

    # --- the recovery-key sheet ---------------------------------------------------------------

    def _ask_sheet_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("回復キーシートの保存先"),
            str(Path.home() / "回復キーシート.pdf"),
            "PDF (*.pdf)",
        )
        return Path(name) if name else None

    def print_sheet(self, path: Path | None = None) -> Path | None:
        """Write the recovery-key sheet as a PDF and open it for printing."""
        if self.book is None:
            return None
        path = path or self.ask_sheet_path()
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        info = self.book.info()
        sheet = RecoveryKeySheet(
            info.branch_name,
            info.book_id,
            self.recovery_text,
            self.today or date.today(),
            self.book.key_id,
        )
        try:
            write_file(path, sheet.generate())  # owner-only: the sheet holds the key
        except OSError as exc:
            report_error(self, exc)
            return None
        self.sheet_path = path
        self.key_page.printed.setText(self.tr("保存しました: {path}").format(path=str(path)))
        self.open_file(path)
        return path

    # --- leaving ------------------------------------------------------------------------------

    def _page_changed(self, _: int) -> None:
        on_key_page = self.currentPage() is self.key_page
        self.button(QWizard.WizardButton.CancelButton).setVisible(not on_key_page)

    def reject(self) -> None:
        if self.book is not None:
            return  # the case book exists: leave only through 完了, after the tick
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.book is not None and self.result() != QWizard.DialogCode.Accepted:
            event.ignore()
            return
        super().closeEvent(event)
