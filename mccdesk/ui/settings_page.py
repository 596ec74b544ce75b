"""設定: this PC's display (language, font size) and the case book's shared settings.

Per-PC choices are stored at once in QSettings (`preferences`); the case book's settings (drop
folder, backups, phone and fax for referral sheets) are saved with 「保存」, audited. Coordinators
are added and deactivated here, never deleted. Everything sits in a scroll area, so at the
largest font size the page grows and scrolls instead of clipping its labels.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.domain import BookSettings, Coordinator
from mccdesk.errors import InvalidValue, MccdeskError
from mccdesk.periods import format_date
from mccdesk.ui import i18n, preferences
from mccdesk.ui.coordinator_dialog import CoordinatorListModel
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.import_dialog import ImportDialog
from mccdesk.ui.preferences import Preferences, apply_font_size
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.scaled_font import make_title
from mccdesk.ui.worker import run_with_progress


class FolderField(QWidget):
    """A folder path with 「フォルダを選ぶ…」; typing is allowed, the service checks it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.edit = QLineEdit()
        self.edit.setAccessibleName(title)
        self.button = QPushButton(self.tr("フォルダを選ぶ…"))
        self.button.clicked.connect(self._choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.title, self.edit.text())
        if folder:
            self.edit.setText(folder)

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:
        self.edit.setText(text)


class SettingsPage(QWidget):
    language_changed = Signal(str)  # "ja" or "en"; translations are switched by the app
    font_size_changed = Signal(str)
    coordinators_changed = Signal()
    settings_saved = Signal(object)  # BookSettings
    imported = Signal(object)  # ImportReport

    def __init__(
        self, book: CaseBook, prefs: Preferences | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.prefs = prefs or preferences.shared()
        content = QWidget()
        column = QVBoxLayout(content)
        title = QLabel(self.tr("設定"))
        make_title(title)
        column.addWidget(title)
        column.addWidget(self._display_group())
        column.addWidget(self._coordinator_group())
        column.addWidget(self._book_group())
        column.addWidget(self._import_group())
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.load_book_settings()

    # --- this PC --------------------------------------------------------------------------------

    def _display_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("表示（このPC）"))
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.language = QComboBox()
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(self.prefs.language())))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.font_size = QComboBox()
        for label, code in (
            (self.tr("標準"), "normal"),
            (self.tr("大"), "large"),
            (self.tr("特大"), "x-large"),
        ):
            self.font_size.addItem(label, code)
        self.font_size.setCurrentIndex(max(0, self.font_size.findData(self.prefs.font_size())))
        self.font_size.currentIndexChanged.connect(self._font_size_chosen)
        note = QLabel(self.tr("表示言語は、選ぶとすぐに切り替わります。"))
        note.setWordWrap(True)
        form.addRow(self.tr("表示言語"), self.language)
        form.addRow(self.tr("文字の大きさ"), self.font_size)
        form.addRow(note)
        return group

    def _language_chosen(self) -> None:
        language = str(self.language.currentData())
        self.prefs.set_language(language)
        self.language_changed.emit(language)

    def _font_size_chosen(self) -> None:
        size = str(self.font_size.currentData())
        self.prefs.set_font_size(size)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_font_size(app, size)
        self.font_size_changed.emit(size)

    # --- coordinators -------------------------------------------------------------------------

    def _coordinator_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("担当者"))
        layout = QVBoxLayout(group)
        self.coordinator_model = CoordinatorListModel(self.book.coordinators(), self)
        self.coordinator_list = QListView()
        self.coordinator_list.setModel(self.coordinator_model)
        self.coordinator_list.setAccessibleName(self.tr("担当者の一覧"))
        self.coordinator_list.setMinimumHeight(120)
        self.coordinator_list.selectionModel().currentChanged.connect(self._coordinator_selected)
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName(self.tr("追加する担当者の氏名"))
        self.new_name.setPlaceholderText(self.tr("氏名"))
        self.new_kana = QLineEdit()
        self.new_kana.setAccessibleName(self.tr("ふりがな"))
        self.new_kana.setPlaceholderText(self.tr("ふりがな"))
        self.new_name.returnPressed.connect(self.add_coordinator)
        self.add_button = QPushButton(self.tr("追加"))
        self.add_button.clicked.connect(self.add_coordinator)
        self.toggle_button = QPushButton(self.tr("無効にする"))
        self.toggle_button.setEnabled(False)
        self.toggle_button.clicked.connect(self.toggle_selected_coordinator)
        self.rename_button = QPushButton(self.tr("名前を変更"))
        self.rename_button.setEnabled(False)
        self.rename_button.clicked.connect(self.start_rename)
        row = QHBoxLayout()
        row.addWidget(self.new_name, 2)
        row.addWidget(self.new_kana, 2)
        row.addWidget(self.add_button)
        note = QLabel(
            self.tr(
                "担当者は削除できません（記録に担当者名が残るため）。"
                "異動などで使わなくなったら「無効にする」を押してください。"
            )
        )
        note.setWordWrap(True)
        self.coordinator_error = error_label(hidden=False)
        layout.addWidget(self.coordinator_list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.rename_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self._rename_row())
        layout.addLayout(row)
        layout.addWidget(self.coordinator_error)
        layout.addWidget(note)
        return group

    def selected_coordinator(self) -> Coordinator | None:
        index = self.coordinator_list.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _coordinator_selected(self) -> None:
        c = self.selected_coordinator()
        self.toggle_button.setEnabled(c is not None)
        self.rename_button.setEnabled(c is not None)
        if self.rename_row.isVisible() and (c is None or c.id != self.renaming):
            self.cancel_rename()  # the editor belongs to the coordinator it was opened for
        if c is not None:
            self.toggle_button.setText(self.tr("無効にする") if c.active else self.tr("有効に戻す"))

    def _reload_coordinators(self, select: int | None = None) -> None:
        self.coordinator_model.reset(self.book.coordinators())
        for row, c in enumerate(self.coordinator_model.coordinators):
            if c.id == select:
                self.coordinator_list.setCurrentIndex(self.coordinator_model.index(row))
        self._coordinator_selected()
        self.coordinators_changed.emit()

    def add_coordinator(self) -> Coordinator | None:
        try:
            added = self.book.add_coordinator(self.new_name.text(), self.new_kana.text())
        except InvalidValue:
            self.coordinator_error.setText(self.tr("追加する担当者の氏名を入力してください。"))
            self.new_name.setFocus()
            return None
        self.coordinator_error.clear()
        self.new_name.clear()
        self.new_kana.clear()
        self._reload_coordinators(added.id)
        return added

    def toggle_selected_coordinator(self) -> Coordinator | None:
        c = self.selected_coordinator()
        if c is None:
            return None
        try:
            changed = self.book.set_coordinator_active(c.id, not c.active)
        except InvalidValue:
            self.coordinator_error.setText(
                self.tr(
                    "作業中の担当者は無効にできません。先に画面下で担当者を切り替えてください。"
                )
            )
            return None
        self.coordinator_error.clear()
        self._reload_coordinators(changed.id)
        return changed

    def _rename_row(self) -> QWidget:
        """The inline editor 「名前を変更」 opens: Enter saves, Esc cancels."""
        self.renaming: int | None = None
        self.rename_row = QWidget()
        row = QHBoxLayout(self.rename_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.rename_name = QLineEdit()
        self.rename_name.setAccessibleName(self.tr("新しい氏名"))
        self.rename_name.setPlaceholderText(self.tr("氏名"))
        self.rename_kana = QLineEdit()
        self.rename_kana.setAccessibleName(self.tr("新しいふりがな"))
        self.rename_kana.setPlaceholderText(self.tr("ふりがな"))
        self.rename_save = QPushButton(self.tr("変更を保存"))
        self.rename_cancel = QPushButton(self.tr("取消"))
        for edit in (self.rename_name, self.rename_kana):
            edit.returnPressed.connect(self.rename_selected_coordinator)
        self.rename_name.textChanged.connect(self._check_rename)
        self.rename_save.clicked.connect(self.rename_selected_coordinator)
        self.rename_cancel.clicked.connect(self.cancel_rename)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.rename_row)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.cancel_rename)
        row.addWidget(self.rename_name, 2)
        row.addWidget(self.rename_kana, 2)
        row.addWidget(self.rename_save)
        row.addWidget(self.rename_cancel)
        self.rename_row.hide()
        return self.rename_row

    def start_rename(self) -> None:
        c = self.selected_coordinator()
        if c is None:
            return
        self.renaming = c.id
        self.rename_name.setText(c.name)
        self.rename_kana.setText(c.kana)
        self.coordinator_error.clear()
        self.rename_row.show()
        self.rename_name.setFocus()
        self.rename_name.selectAll()

    def _check_rename(self) -> bool:
        ok = bool(self.rename_name.text().strip())
        self.rename_save.setEnabled(ok)
        if ok:
            self.coordinator_error.clear()
        else:
            self.coordinator_error.setText(self.tr("新しい氏名を入力してください。"))
        return ok

    def rename_selected_coordinator(self) -> Coordinator | None:
        if self.renaming is None or not self._check_rename():
            return None
        try:
            changed = self.book.rename_coordinator(
                self.renaming, self.rename_name.text(), self.rename_kana.text()
            )
        except MccdeskError as exc:
            if isinstance(exc, InvalidValue):  # too long: the message names the limit
                self.coordinator_error.setText(exc.message(i18n.language()))
                self.rename_name.setFocus()
            else:
                report_error(self, exc)
            return None
        self.cancel_rename()
        self._reload_coordinators(changed.id)
        self.coordinator_list.setFocus()
        return changed

    def cancel_rename(self) -> None:
        self.renaming = None
        self.rename_row.hide()
        self.coordinator_error.clear()
        self.rename_save.setEnabled(True)

    # --- the case book's settings ---------------------------------------------------------------

    def _book_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("ケースブックの設定（ブランチ共通）"))
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.drop_folder = FolderField(self.tr("送付フォルダ"))
        self.backup_folder = FolderField(self.tr("バックアップ先"))
        self.backup_days = QSpinBox()
        self.backup_days.setRange(0, CaseBook.MAX_BACKUP_DAYS)
        self.backup_days.setSpecialValueText(self.tr("しない"))
        self.backup_days.setSuffix(self.tr(" 日ごと"))
        self.backup_days.setAccessibleName(self.tr("定期バックアップの間隔"))
        self.last_backup = QLabel()
        self.backup_now_button = QPushButton(self.tr("今すぐバックアップ"))
        self.backup_now_button.clicked.connect(lambda: self.backup_now())
        self.phone = QLineEdit()
        self.phone.setAccessibleName(self.tr("電話番号"))
        self.fax = QLineEdit()
        self.fax.setAccessibleName(self.tr("FAX番号"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(lambda: self.save())
        self.book_error = error_label(hidden=False)
        self.book_message = QLabel()
        self.book_message.setObjectName("confirmation")
        self.book_message.setWordWrap(True)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.last_backup, 1)
        backup_row.addWidget(self.backup_now_button)
        form.addRow(self.tr("送付フォルダ"), self.drop_folder)
        form.addRow(self.tr("バックアップ先"), self.backup_folder)
        form.addRow(self.tr("定期バックアップ"), self.backup_days)
        form.addRow(self.tr("前回のバックアップ"), backup_row)
        form.addRow(self.tr("電話番号（紹介状）"), self.phone)
        form.addRow(self.tr("FAX番号（紹介状）"), self.fax)
        form.addRow(self.book_error)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow(save_row)
        form.addRow(self.book_message)
        return group

    def load_book_settings(self) -> None:
        s = self.book.settings()
        self.drop_folder.setText(s.drop_folder)
        self.backup_folder.setText(s.backup_folder)
        self.backup_days.setValue(s.backup_every_days)
        self.phone.setText(s.branch_phone)
        self.fax.setText(s.branch_fax)
        self._show_last_backup(s)

    def _show_last_backup(self, s: BookSettings) -> None:
        if s.last_backup_at is None:
            self.last_backup.setText(self.tr("まだありません"))
            self.last_backup.setToolTip("")
            return
        day = s.last_backup_at.date()  # UTC; the day is close enough to tell how old it is
        self.last_backup.setText(f"{format_date(day)} {s.last_backup_at:%H:%M} (UTC)")
        self.last_backup.setToolTip(i18n.date_tooltip(day))

    def save(self) -> BookSettings | None:
        try:
            saved = self.book.update_settings(
                drop_folder=self.drop_folder.text(),
                backup_folder=self.backup_folder.text(),
                backup_every_days=self.backup_days.value(),
                branch_phone=self.phone.text(),
                branch_fax=self.fax.text(),
            )
        except InvalidValue as exc:
            self.book_message.clear()
            self.book_error.setText(i18n.message(exc))
            return None
        self.book_error.clear()
        self.book_message.setText(self.tr("設定を保存しました。"))
        self.load_book_settings()
        self.settings_saved.emit(saved)
        return saved

    def backup_now(self) -> Path | None:
        """Save the settings, then back up into the backup folder behind a progress dialog."""
        if self.save() is None:
            return None
        if not self.backup_folder.text():
            self.book_error.setText(self.tr("先にバックアップ先のフォルダを指定してください。"))
            return None
        try:
            path = run_with_progress(
                self,
                self.tr("バックアップを作成しています…"),
                lambda report: self.book.backup_to_folder(),
            )
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.load_book_settings()
        self.book_message.setText(
            self.tr("バックアップを作成し、検査しました: {name}").format(name=Path(path).name)
        )
        return Path(path)

    # --- import -------------------------------------------------------------------------------

    def _import_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("取り込み"))
        layout = QVBoxLayout(group)
        note = QLabel(self.tr("これまでの相談記録（Excel・CSV）をケースブックに取り込みます。"))
        note.setWordWrap(True)
        self.import_button = QPushButton(self.tr("取り込み…"))
        self.import_button.clicked.connect(self.open_import)
        layout.addWidget(note)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        return group

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self.book, self)
        dialog.imported.connect(self.imported)
        dialog.open()
        return dialog


def refill_coordinator_switch(combo: QComboBox, book: CaseBook) -> None:
    """After coordinators changed: the status-bar switch lists the active ones, current kept."""
    combo.blockSignals(True)  # refilling is not the person choosing someone
    try:
        combo.clear()
        for c in book.coordinators():
            if c.active:
                combo.addItem(c.name, c.id)
        combo.setCurrentIndex(max(0, combo.findData(book.coordinator_id)))
        combo.setEnabled(combo.count() > 0)
    finally:
        combo.blockSignals(False)
