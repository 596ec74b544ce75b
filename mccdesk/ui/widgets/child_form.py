"""The editable parts of a child: basic information, guardians, care types, doctors and consent.

One tab widget each, filled from a `Child` and read back as a `ChildDraft`. Problems show in red
under the field (nothing pops up); `changed` tells the screen there is something to save.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.periods import age_on, school_age, school_stage
from mccdesk.reference import Reference
from mccdesk.textnorm import search_key
from mccdesk.ui import i18n
from mccdesk.ui.widgets.child_guardians import GuardianRows
from mccdesk.ui.widgets.date_field import DateField, to_qdate
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.form_parts import buttons_row, show_error, with_error

CARE_COLUMNS = 3
# First school year of each stage: a 6-year-old (by school year) is in 小学1年.
FIRST_GRADE_AGE = {"elementary": 6, "middle": 12, "high": 15}


def is_kana(text: str) -> bool:
    """Hiragana or katakana (any width), spaces and ー only."""
    return all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in search_key(text))


def _top_form(tab: QWidget) -> QFormLayout:
    """A form at the top of its tab, the spare height left empty below it."""
    outer = QVBoxLayout(tab)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    outer.addLayout(form)
    outer.addStretch(1)
    return form


class ChildForm(QObject):
    changed = Signal()

    def __init__(self, ref: Reference, today: date | None = None) -> None:
        super().__init__()
        self.ref = ref
        self._today = today
        self._loading = False
        self.basic = QWidget()
        self.guardians = GuardianRows(ref)
        self.care = QWidget()
        self.medical = QWidget()
        self.consent = QWidget()
        self._make_basic()
        self._make_care()
        self._make_medical()
        self._make_consent()
        self.guardians.changed.connect(self._edited)
        self.load(None)

    def today(self) -> date:
        return self._today or date.today()

    def tabs(self) -> list[tuple[str, QWidget]]:
        return [
            (self.tr("基本情報"), self.basic),
            (self.tr("保護者"), self.guardians),
            (self.tr("医療的ケア"), self.care),
            (self.tr("医療機関"), self.medical),
            (self.tr("同意"), self.consent),
        ]

    # --- building -----------------------------------------------------------------------------

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.textEdited.connect(self._edited)
        return edit

    def _note(self, name: str) -> QPlainTextEdit:
        note = QPlainTextEdit()
        note.setAccessibleName(name)
        note.setTabChangesFocus(True)
        note.setFixedHeight(note.fontMetrics().lineSpacing() * 3 + 14)
        note.textChanged.connect(self._edited)
        return note

    def _make_basic(self) -> None:
        tr = self.tr
        self.family_name = self._line(tr("姓"))
        self.given_name = self._line(tr("名"))
        self.family_kana = self._line(tr("せい（かな）"))
        self.given_kana = self._line(tr("めい（かな）"))
        self.name_error, self.kana_error = error_label(), error_label()
        self.birth_known = QCheckBox(tr("記入する"))  # the row's label says what
        self.birth_known.setAccessibleName(tr("生年月日を記入する"))
        self.birth_date = DateField()
        self.birth_date.setAccessibleName(tr("生年月日"))
        self.birth_known.toggled.connect(self.birth_date.setEnabled)
        self.birth_known.toggled.connect(self._edited)
        self.birth_known.toggled.connect(self._show_age)
        self.birth_date.dateChanged.connect(self._edited)
        self.birth_date.dateChanged.connect(self._show_age)
        self.age = QLabel()
        self.age.setObjectName("childAge")
        self.sex = QComboBox()
        self.sex.setAccessibleName(tr("性別"))
        for term in self.ref.sexes:
            self.sex.addItem(i18n.label(term), term.code)
        self.sex.currentIndexChanged.connect(self._edited)
        self.residence = QComboBox()
        self.residence.setAccessibleName(tr("市町村"))
        self.residence.setEditable(True)
        self.residence.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for term in self.ref.residences:
            self.residence.addItem(i18n.label(term), term.code)
        completer = QCompleter(self.residence.model(), self.residence)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.residence.setCompleter(completer)
        self.residence.editTextChanged.connect(self._edited)
        self.residence_error = error_label()
        self.address = self._line(tr("住所"))
        self.phone = self._line(tr("電話"))
        self.note = self._note(tr("メモ"))

        names = QGridLayout()
        for col, (label, edit) in enumerate(
            (
                (tr("姓"), self.family_name),
                (tr("名"), self.given_name),
                (tr("せい（かな）"), self.family_kana),
                (tr("めい（かな）"), self.given_kana),
            )
        ):
            edit.setPlaceholderText(label)
            names.addWidget(edit, 0, col)
        names.addWidget(self.name_error, 1, 0, 1, 2)
        names.addWidget(self.kana_error, 1, 2, 1, 2)
        birth = QHBoxLayout()
        birth.addWidget(self.birth_known)
        birth.addWidget(self.birth_date)
        birth.addSpacing(12)
        birth.addWidget(self.age, 1)
        form = _top_form(self.basic)
        form.addRow(tr("氏名"), names)
        form.addRow(tr("生年月日"), birth)
        form.addRow(tr("性別"), self.sex)
        form.addRow(tr("市町村"), with_error(self.residence, self.residence_error))
        form.addRow(tr("住所"), self.address)
        form.addRow(tr("電話"), self.phone)
        form.addRow(tr("メモ"), self.note)

    def _make_care(self) -> None:
        self.care_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self.care)
        rows = (len(self.ref.care_types) + CARE_COLUMNS - 1) // CARE_COLUMNS
        for i, term in enumerate(self.ref.care_types):
            box = QCheckBox(i18n.label(term))
            box.toggled.connect(self._edited)
            self.care_boxes[term.code] = box
            grid.addWidget(box, i % rows, i // rows)
        grid.setRowStretch(rows, 1)

    def _make_medical(self) -> None:
        self.hospital = self._line(self.tr("医療機関"))
        self.doctor = self._line(self.tr("主治医"))
        form = _top_form(self.medical)
        form.addRow(self.tr("医療機関"), self.hospital)
        form.addRow(self.tr("主治医"), self.doctor)

    def _make_consent(self) -> None:
        tr = self.tr
        self.has_consent = QCheckBox(tr("情報提供への同意を記録する"))
        self.consented_on = DateField()
        self.consented_on.setAccessibleName(tr("同意日"))
        self.consenter = self._line(tr("同意した方"))
        self.scope_boxes: dict[str, QCheckBox] = {}
        scopes = QWidget()
        scope_layout = QVBoxLayout(scopes)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        for term in self.ref.consent_scopes:
            box = QCheckBox(i18n.label(term))
            box.toggled.connect(self._edited)
            self.scope_boxes[term.code] = box
            scope_layout.addWidget(box)
        self.withdrawn = QCheckBox(tr("撤回された"))
        self.withdrawn_on = DateField()
        self.withdrawn_on.setAccessibleName(tr("撤回日"))
        self.withdrawn.toggled.connect(self.withdrawn_on.setEnabled)
        self.consent_note = self._note(tr("同意のメモ"))
        self.consent_error = error_label()
        self.consent_fields = [
            self.consented_on,
            self.consenter,
            scopes,
            self.withdrawn,
            self.consent_note,
        ]
        self.has_consent.toggled.connect(self._consent_toggled)
        for w in (self.has_consent, self.withdrawn):
            w.toggled.connect(self._edited)
        for field in (self.consented_on, self.withdrawn_on):
            field.dateChanged.connect(self._edited)
        form = _top_form(self.consent)
        form.addRow(self.has_consent)
        form.addRow(tr("同意日"), self.consented_on)
        form.addRow(tr("同意した方"), self.consenter)
        form.addRow(tr("提供の範囲"), scopes)
        form.addRow(tr("撤回"), buttons_row(self.withdrawn, self.withdrawn_on))
        form.addRow(tr("メモ"), self.consent_note)
        form.addRow(self.consent_error)

    # --- state --------------------------------------------------------------------------------

    def _edited(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _consent_toggled(self, on: bool) -> None:
        for w in self.consent_fields:
            w.setEnabled(on)
        self.withdrawn_on.setEnabled(on and self.withdrawn.isChecked())

    def _show_age(self, *_: object) -> None:
        self.age.setText(self.age_text() if self.birth_known.isChecked() else "")

    def age_text(self) -> str:
        """「3歳（未就学）」, 「9歳（小学生・4年）」: age today and stage by the school year."""
        birth, today = self.birth_date.value(), self.today()
        if birth > today:
            return ""
        stage = school_stage(birth, today)
        labels = {
            "preschool": self.tr("未就学"),
            "elementary": self.tr("小学生"),
            "middle": self.tr("中学生"),
            "high": self.tr("高校生"),
            "adult": self.tr("18歳以上"),
        }
        text = labels[stage]
        if stage in FIRST_GRADE_AGE:
            grade = school_age(birth, today.year if today.month >= 4 else today.year - 1)
            text += self.tr("・{grade}年").format(grade=grade - FIRST_GRADE_AGE[stage] + 1)
        age = self.tr("{age}歳（{stage}）").format(age=age_on(birth, today), stage=text)
        return f"{age}　{i18n.born(i18n.long_date(birth))}"

    def load(self, child: d.Child | None) -> None:
        """Show `child`, or empty fields for a new child."""
        self._loading = True
        try:
            c = child or d.ChildDraft(family_name="", given_name="")
            today = self.today()
            for edit, text in (
                (self.family_name, c.family_name),
                (self.given_name, c.given_name),
                (self.family_kana, c.family_kana),
                (self.given_kana, c.given_kana),
                (self.address, c.address),
                (self.phone, c.phone),
                (self.hospital, c.hospital),
                (self.doctor, c.doctor),
            ):
                edit.setText(text)
            self.note.setPlainText(c.note)
            self.birth_date.setMaximumDate(to_qdate(today))
            self.birth_known.setChecked(c.birth_date is not None)
            self.birth_date.setEnabled(c.birth_date is not None)
            self.birth_date.set_value(c.birth_date or date(today.year - 3, 4, 2))
            self.sex.setCurrentIndex(max(0, self.sex.findData(c.sex)))
            self.residence.setCurrentIndex(max(0, self.residence.findData(c.residence)))
            for code, box in self.care_boxes.items():
                box.setChecked(code in c.care_types)
            self.guardians.load(c.guardians)
            consent = c.consent
            self.has_consent.setChecked(consent is not None)
            self.consented_on.set_value(consent.consented_on if consent else today)
            self.consenter.setText(consent.consenter if consent else "")
            for code, box in self.scope_boxes.items():
                box.setChecked(consent is not None and code in consent.scopes)
            withdrawn_on = consent.withdrawn_on if consent else None
            self.withdrawn.setChecked(withdrawn_on is not None)
            self.withdrawn_on.set_value(withdrawn_on or today)
            self.consent_note.setPlainText(consent.note if consent else "")
            self._consent_toggled(consent is not None)
            self._show_age()
            for label in (self.name_error, self.kana_error, self.residence_error):
                label.hide()
            self.consent_error.hide()
        finally:
            self._loading = False

    # --- reading back -------------------------------------------------------------------------

    def problems(self) -> list[tuple[int, QWidget]]:
        """Check every field, show each problem under it; (tab index, widget) of each problem."""
        found: list[tuple[int, QWidget]] = []
        name_ok = bool(self.family_name.text().strip())
        show_error(self.name_error, "" if name_ok else self.tr("姓を入力してください。"))
        if not name_ok:
            found.append((0, self.family_name))
        bad_kana = [e for e in (self.family_kana, self.given_kana) if not is_kana(e.text())]
        show_error(
            self.kana_error,
            self.tr("かな（ひらがな・カタカナ）で入力してください。") if bad_kana else "",
        )
        found += [(0, e) for e in bad_kana]
        residence_ok = self.residence_code() is not None
        show_error(
            self.residence_error,
            "" if residence_ok else self.tr("一覧にない市町村です。候補から選んでください。"),
        )
        if not residence_ok:
            found.append((0, self.residence))
        if self.has_consent.isChecked():
            problem, widget = self._consent_problem()
            show_error(self.consent_error, problem)
            if widget is not None:
                found.append((4, widget))
        else:
            show_error(self.consent_error, "")
        return found

    def _consent_problem(self) -> tuple[str, QWidget | None]:
        if not self.consenter.text().strip():
            return self.tr("同意した方の氏名を入力してください。"), self.consenter
        if not any(box.isChecked() for box in self.scope_boxes.values()):
            return self.tr("提供の範囲を1つ以上選んでください。"), next(
                iter(self.scope_boxes.values())
            )
        if self.withdrawn.isChecked() and self.withdrawn_on.value() < self.consented_on.value():
            return self.tr("撤回日は同意日より後にしてください。"), self.withdrawn_on
        return "", None

    def residence_code(self) -> str | None:
        text = self.residence.currentText().strip()
        return self.ref.residences.lookup(text) if text else None

    def draft(self) -> d.ChildDraft:
        """The fields as a draft; call `problems()` first."""
        consent = None
        if self.has_consent.isChecked():
            consent = d.Consent(
                consented_on=self.consented_on.value(),
                consenter=self.consenter.text().strip(),
                scopes=tuple(c for c, box in self.scope_boxes.items() if box.isChecked()),
                note=self.consent_note.toPlainText().strip(),
                withdrawn_on=self.withdrawn_on.value() if self.withdrawn.isChecked() else None,
            )
        return d.ChildDraft(
            family_name=self.family_name.text().strip(),
            given_name=self.given_name.text().strip(),
            family_kana=self.family_kana.text().strip(),
            given_kana=self.given_kana.text().strip(),
            birth_date=self.birth_date.value() if self.birth_known.isChecked() else None,
            sex=self.sex.currentData(),
            residence=self.residence_code() or "unknown",
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            hospital=self.hospital.text().strip(),
            doctor=self.doctor.text().strip(),
            care_types=tuple(c for c, box in self.care_boxes.items() if box.isChecked()),
            guardians=self.guardians.value(),
            consent=consent,
            note=self.note.toPlainText().strip(),
        )
