"""Add or edit one local resource (地域資源): Enter saves, Esc cancels, problems show inline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.form_parts import (
    button,
    buttons_row,
    enter_or_escape,
    framed,
    framed_layout,
    show_error,
    tab_chain,
    with_error,
)
from mccdesk.ui.widgets.municipality_box import MunicipalityBox

CARE_COLUMNS = 3


class ResourceForm(QFrame):
    saved = Signal(object)  # the Resource added or changed
    cancelled = Signal()

    def __init__(self, book: CaseBook) -> None:
        super().__init__()
        self.title = framed(self, "resourceForm")
        self.book = book
        self.resource: d.Resource | None = None  # None: adding a new one
        ref = book.ref

        self.name = QLineEdit()
        self.name.setObjectName("resourceName")
        self.name.setAccessibleName(self.tr("名称"))
        self.name_error = error_label()
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("種別"))
        for term in ref.resource_kinds:
            self.kind.addItem(i18n.label(term), term.code)
        self.municipality = MunicipalityBox(book, self.tr("市町村名を入力（県外も可）"))
        self.municipality.setAccessibleName(self.tr("市町村"))
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

        self.save_button = button(self.tr("保存（Enter）"), self.save, "saveButton")
        self.cancel_button = button(self.tr("キャンセル（Esc）"), self.cancel)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("名称"), with_error(self.name, self.name_error))
        form.addRow(self.tr("種別"), self.kind)
        form.addRow(self.tr("市町村"), with_error(self.municipality, self.municipality_error))
        form.addRow(self.tr("部署"), self.department)
        form.addRow(self.tr("担当者"), self.contact_person)
        phones = QHBoxLayout()
        phones.addWidget(self.phone)
        phones.addWidget(QLabel(self.tr("FAX")))
        phones.addWidget(self.fax)
        form.addRow(self.tr("電話"), phones)
        form.addRow(self.tr("メール"), with_error(self.email, self.email_error))
        form.addRow(self.tr("住所"), self.address)
        form.addRow(self.tr("医療的ケア"), care_box)
        form.addRow(self.tr("メモ"), self.note)
        layout = framed_layout(self, self.title)
        layout.addLayout(form)
        layout.addLayout(buttons_row(self.save_button, self.cancel_button))
        layout.addStretch(1)

        tab_chain(
            [
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
        )

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

    def draft(self) -> d.ResourceDraft:
        return d.ResourceDraft(
            name=self.name.text().strip(),
            kind=self.kind.currentData(),
            residence=self.municipality.residence() or "",
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
        if not enter_or_escape(event, self.save, self.cancel):
            super().keyPressEvent(event)

    def validate(self) -> bool:
        problems: list[QWidget] = []
        if not self.name.text().strip():
            show_error(self.name_error, self.tr("名称を入力してください。"))
            problems.append(self.name)
        else:
            show_error(self.name_error, "")
        place = self.municipality.problem(
            self.tr("市町村を選んでください。"),
            self.tr("一覧にない市町村です。候補から選んでください。"),
        )
        show_error(self.municipality_error, place)
        if place:
            problems.append(self.municipality)
        email = self.email.text().strip()
        if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
            show_error(self.email_error, self.tr("メールアドレスの形式が正しくありません。"))
            problems.append(self.email)
        else:
            show_error(self.email_error, "")
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
