"""「担当者の選択」: who is working at this PC, asked at start unless the remembered one is active.

With no active coordinator yet (a case book made on the command line without one), the person
types their name and it is added.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.domain import Coordinator
from mccdesk.errors import MccdeskError
from mccdesk.ui.errors_dialog import report_error

Index = QModelIndex | QPersistentModelIndex


class CoordinatorListModel(QAbstractListModel):
    """Coordinators by name (and kana); the Coordinator itself under UserRole."""

    def __init__(self, coordinators: list[Coordinator], parent: QObject | None = None) -> None:
        super().__init__(parent)  # parented: Qt, not the garbage collector, decides when it goes
        self.coordinators = list(coordinators)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.coordinators)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        c = self.coordinators[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            name = f"{c.name}（{c.kana}）" if c.kana else c.name
            return name if c.active else f"{name}　[無効]"
        if role == Qt.ItemDataRole.UserRole:
            return c
        return None

    def reset(self, coordinators: list[Coordinator]) -> None:
        self.beginResetModel()
        self.coordinators = list(coordinators)
        self.endResetModel()


class CoordinatorDialog(QDialog):
    def __init__(self, book: CaseBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.chosen: Coordinator | None = None
        self.setWindowTitle(self.tr("担当者の選択"))
        active = [c for c in book.coordinators() if c.active]
        layout = QVBoxLayout(self)
        self.model = CoordinatorListModel(active, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("担当者"))
        self.list.doubleClicked.connect(lambda _: self.accept())
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("担当者の氏名"))
        if active:
            question = QLabel(self.tr("このPCで作業する担当者を選んでください。"))
            layout.addWidget(question)
            layout.addWidget(self.list)
            self.list.setCurrentIndex(self.model.index(0))
            self.list.setFocus()
            self.name.hide()
        else:
            question = QLabel(
                self.tr("担当者が登録されていません。作業するあなたの氏名を入力してください。")
            )
            layout.addWidget(question)
            layout.addWidget(self.name)
            self.list.hide()
            self.name.setFocus()
        question.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c5221f;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("キャンセル"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def select(self, coordinator_id: int) -> None:
        for row, c in enumerate(self.model.coordinators):
            if c.id == coordinator_id:
                self.list.setCurrentIndex(self.model.index(row))

    def accept(self) -> None:
        try:
            if self.list.isHidden():
                if not self.name.text().strip():
                    self.message.setText(self.tr("氏名を入力してください。"))
                    return
                chosen = self.book.add_coordinator(self.name.text())
            else:
                index = self.list.currentIndex()
                if not index.isValid():
                    self.message.setText(self.tr("担当者を選んでください。"))
                    return
                chosen = index.data(Qt.ItemDataRole.UserRole)
            self.chosen = self.book.use_coordinator(chosen.id)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        super().accept()
