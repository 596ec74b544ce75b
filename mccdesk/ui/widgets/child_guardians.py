"""保護者: a row of fields per guardian, added and removed by keyboard (Tab reaches each)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk.domain import Guardian
from mccdesk.reference import Reference
from mccdesk.ui import i18n


class GuardianRow:
    def __init__(self, ref: Reference, owner: QWidget) -> None:
        self.relation = QComboBox(owner)
        for term in ref.guardian_relations:
            self.relation.addItem(i18n.label(term), term.code)
        self.name = QLineEdit(owner)
        self.kana = QLineEdit(owner)
        self.phone = QLineEdit(owner)
        self.email = QLineEdit(owner)
        self.remove = QPushButton(QCoreApplication.translate("GuardianRows", "削除"), owner)
        self.address = ""  # kept as stored: not edited on this tab
        for edit, name in (
            (self.relation, QCoreApplication.translate("GuardianRows", "続柄")),
            (self.name, QCoreApplication.translate("GuardianRows", "保護者の氏名")),
            (self.kana, QCoreApplication.translate("GuardianRows", "保護者のかな")),
            (self.phone, QCoreApplication.translate("GuardianRows", "電話")),
            (self.email, QCoreApplication.translate("GuardianRows", "メール")),
        ):
            edit.setAccessibleName(name)

    def widgets(self) -> list[QWidget]:
        return [self.relation, self.name, self.kana, self.phone, self.email, self.remove]

    def load(self, g: Guardian) -> None:
        self.relation.setCurrentIndex(max(0, self.relation.findData(g.relation)))
        self.name.setText(g.name)
        self.kana.setText(g.kana)
        self.phone.setText(g.phone)
        self.email.setText(g.email)
        self.address = g.address

    def value(self) -> Guardian | None:
        if not self.name.text().strip():
            return None
        return Guardian(
            name=self.name.text().strip(),
            kana=self.kana.text().strip(),
            relation=self.relation.currentData(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            address=self.address,
        )


class GuardianRows(QWidget):
    changed = Signal()

    def __init__(self, ref: Reference) -> None:
        super().__init__()
        self.ref = ref
        self.rows: list[GuardianRow] = []
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        for col, text in enumerate(
            (self.tr("続柄"), self.tr("氏名"), self.tr("かな"), self.tr("電話"), self.tr("メール"))
        ):
            self.grid.addWidget(QLabel(text), 0, col)
        self.add_button = QPushButton(self.tr("保護者を追加(&G)"))
        self.add_button.clicked.connect(self._add_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)
        layout.addStretch(1)

    def load(self, guardians: tuple[Guardian, ...]) -> None:
        for row in self.rows:
            for w in row.widgets():
                self.grid.removeWidget(w)
                w.deleteLater()
        self.rows = []
        for g in guardians:
            self.add_row().load(g)

    def add_row(self) -> GuardianRow:
        row = GuardianRow(self.ref, self)
        r = len(self.rows) + 1
        for col, w in enumerate(row.widgets()):
            self.grid.addWidget(w, r, col)
            w.show()
        for edit in (row.name, row.kana, row.phone, row.email):
            edit.textEdited.connect(lambda _t: self.changed.emit())
        row.relation.activated.connect(lambda _i: self.changed.emit())
        row.remove.clicked.connect(lambda _c=False, row=row: self._remove(row))
        self.rows.append(row)
        return row

    def _add_clicked(self) -> None:
        row = self.add_row()
        row.relation.setFocus()
        self.changed.emit()

    def _remove(self, row: GuardianRow) -> None:
        index = self.rows.index(row)
        for w in row.widgets():
            self.grid.removeWidget(w)
            w.deleteLater()
        self.rows.remove(row)
        # Close the gap so the rows below move up.
        for i, later in enumerate(self.rows[index:], start=index + 1):
            for col, w in enumerate(later.widgets()):
                self.grid.addWidget(w, i, col)
        self.add_button.setFocus()
        self.changed.emit()

    def value(self) -> tuple[Guardian, ...]:
        """Guardians with a name; rows left empty are dropped."""
        return tuple(g for row in self.rows if (g := row.value()) is not None)
