"""Add or edit one local resource (地域資源): Enter saves, Esc cancels, problems show inline."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.scaled_font import make_title

CARE_COLUMNS = 3


class ResourceForm(QFrame):
    saved = Signal(object)  # the Resource added or changed
    cancelled = Signal()

    def __init__(self, book: CaseBook) -> None:
        super().__init__()
        self.setObjectName("resourceForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.book = book
        self.resource: d.Resource | None = None  # None: adding a new one
        ref = book.ref

        self.title = QLabel()
        make_title(self.title)
        self.name = QLineEdit()
        self.name.setObjectName("resourceName")
        self.name.setAccessibleName(self.tr("名称"))
        self.name_error = error_label()
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("種別"))
        for term in ref.resource_kinds:
            self.kind.addItem(i18n.label(term), term.code)
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(self.tr("市町村"))
        self.municipality.setEditable(True)
        self.municipality.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.municipality.lineEdit().setPlaceholderText(self.tr("市町村名を入力（県外も可）"))
        own_area = ref.area(book.info().area).municipalities
        for code in list(own_area) + [c for c in ref.residences.codes if c not in own_area]:
            self.municipality.addItem(i18n.term(ref.residences, code), code)
        completer = QCompleter(self.municipality.model(), self.municipality)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.municipality.setCompleter(completer)
        self.municipality_error = error_label()
        self.department = QLineEdit()
        self.department.setAccessibleName(self.tr("部署"))
        self.contact_person = QLineEdit()
        self.contact_person.setAccessibleName(self.tr("担当者"))
        self.phone = QLineEdit()
        self.phone.setAccessibleName(self.tr("電話"))
        self.fax = QLineEdit()
        self.fax.setAccessibleName(self.tr("FAX"))
        self.email = QLineEdit()
        self.email.setAccessibleName(self.tr("メール"))
        self.email_error = error_label()
        self.address = QLineEdit()
        self.address.setAccessibleName(self.tr("住所"))
        self.care_types: dict[str, QCheckBox] = {}
        care_box = QWidget()
        care_grid = QGridLayout(care_box)
        care_grid.setContentsMargins(0, 0, 0, 0)
        care_grid.setVerticalSpacing(2)
        for i, term in enumerate(ref.care_types):
            box = QCheckBox(i18n.label(term))
            box.setProperty("care_type", term.code)
            self.care_types[term.code] = box
            care_grid.addWidget(box, i // CARE_COLUMNS, i % CARE_COLUMNS)
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("メモ"))
        self.note.setPlaceholderText(self.tr("受け入れ条件・空き状況など"))

        self.save_button = QPushButton(self.tr("保存（Enter）"))
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("キャンセル（Esc）"))
        self.cancel_button.clicked.connect(self.cancel)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("名称"), self._column(self.name, self.name_error))
        form.addRow(self.tr("種別"), self.kind)
        form.addRow(self.tr("市町村"), self._column(self.municipality, self.municipality_error))
        form.addRow(self.tr("部署"), self.department)
        form.addRow(self.tr("担当者"), self.contact_person)
        phones = QHBoxLayout()
        phones.addWidget(self.phone)
        phones.addWidget(QLabel(self.tr("FAX")))
        phones.addWidget(self.fax)
        form.addRow(self.tr("電話"), phones)
        form.addRow(self.tr("メール"), self._column(self.email, self.email_error))
        form.addRow(self.tr("住所"), self.address)
        form.addRow(self.tr("医療的ケア"), care_box)
        form.addRow(self.tr("メモ"), self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

        chain: list[QWidget] = [
            self.name,
            self.kind,
            self.municipality,
            self.department,
            self.contact_person,
            self.phone,
            self.fax,
            self.email,
            self.address,
            *self.care_types.values(),
            self.note,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _column(field: QWidget, error: QLabel) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(error)
        return column

    # --- filling ------------------------------------------------------------------------------

    def start(self, resource: d.Resource | None = None) -> None:
        """Open the form for a new resource (None) or to edit `resource`; focus the name."""
        self.resource = resource
        res = resource or d.Resource(
            name="", kind=self.book.ref.resource_kinds.codes[0], residence=""
        )
        self.title.setText(self.tr("地域資源を編集") if resource else self.tr("地域資源を追加"))
        self.name.setText(res.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(res.kind)))
        index = self.municipality.findData(res.residence) if res.residence else -1
        self.municipality.setCurrentIndex(index)
        if index < 0:
            self.municipality.setEditText("")
        for widget, value in (
            (self.department, res.department),
            (self.contact_person, res.contact_person),
            (self.phone, res.phone),
            (self.fax, res.fax),
            (self.email, res.email),
            (self.address, res.address),
            (self.note, res.note),
        ):
            widget.setText(value)
        for code, box in self.care_types.items():
            box.setChecked(code in res.care_types)
        for label in (self.name_error, self.municipality_error, self.email_error):
            label.hide()
        self.show()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def residence(self) -> str | None:
        text = self.municipality.currentText().strip()
        return self.book.ref.residences.lookup(text) if text else None

    def draft(self) -> d.ResourceDraft:
        return d.ResourceDraft(
            name=self.name.text().strip(),
            kind=self.kind.currentData(),
            residence=self.residence() or "",
            department=self.department.text().strip(),
            contact_person=self.contact_person.text().strip(),
            phone=self.phone.text().strip(),
            fax=self.fax.text().strip(),
            email=self.email.text().strip(),
            address=self.address.text().strip(),
            care_types=tuple(c for c, box in self.care_types.items() if box.isChecked()),
            note=self.note.text().strip(),
        )

    # --- saving -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def validate(self) -> bool:
        problems: list[QWidget] = []
        if not self.name.text().strip():
            self._show(self.name_error, self.tr("名称を入力してください。"))
            problems.append(self.name)
        else:
            self._show(self.name_error, "")
        if not self.municipality.currentText().strip():
            self._show(self.municipality_error, self.tr("市町村を選んでください。"))
            problems.append(self.municipality)
        elif self.residence() is None:
            self._show(
                self.municipality_error, self.tr("一覧にない市町村です。候補から選んでください。")
            )
            problems.append(self.municipality)
        else:
            self._show(self.municipality_error, "")
        email = self.email.text().strip()
        if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
            self._show(self.email_error, self.tr("メールアドレスの形式が正しくありません。"))
            problems.append(self.email)
        else:
            self._show(self.email_error, "")
        if problems:
            problems[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return not problems

    def save(self) -> d.Resource | None:
        if not self.validate():
            return None
        try:
            if self.resource is None:
                saved = self.book.add_resource(self.draft())
            else:
                saved = self.book.update_resource(self.resource.id, self.draft())
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.resource = None
        self.hide()
        self.saved.emit(saved)
        return saved

    def cancel(self) -> None:
        self.resource = None
        self.hide()
        self.cancelled.emit()
