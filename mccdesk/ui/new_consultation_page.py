"""新規相談: record a first contact as fast as the phone call allows.

Keyboard only: Tab moves through the fields in reading order, Space toggles a topic, Enter saves
(Ctrl+Enter inside the note). Problems show in red under the field; nothing pops up.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.widgets.child_picker import EXISTING, NEW, ChildPicker
from mccdesk.ui.widgets.date_field import DateField, to_qdate
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.form_parts import (
    button,
    enter_or_escape,
    show_error,
    tab_chain,
    with_error,
)
from mccdesk.ui.widgets.municipality_box import MunicipalityBox
from mccdesk.ui.widgets.scaled_font import make_title
from mccdesk.ui.widgets.shortcuts import ctrl_enter_saves

SUPPORTER = "supporter"
TOPIC_COLUMNS = 2


class NewConsultationPage(QWidget):
    saved = Signal(object)  # the Case just opened

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        ref = book.ref

        self.opened_on = DateField()
        self.opened_on.setAccessibleName(self.tr("受付日"))

        self.method = QComboBox()
        self.method.setAccessibleName(self.tr("相談方法"))
        for term in ref.contact_methods:
            self.method.addItem(i18n.label(term), term.code)

        self.consulter = QComboBox()
        self.consulter.setAccessibleName(self.tr("相談者"))
        for term in ref.consulter_types:
            self.consulter.addItem(i18n.label(term), term.code)
        self.organisation = QComboBox()
        self.organisation.setAccessibleName(self.tr("相談者の所属"))
        for term in ref.supporter_organisations:
            self.organisation.addItem(i18n.label(term), term.code)
        self.consulter.currentIndexChanged.connect(self._consulter_changed)

        self.municipality = MunicipalityBox(
            book, self.tr("市町村名を入力（県外・不明も可）"), ignore_case=True
        )
        self.municipality.setObjectName("municipality")
        self.municipality.setAccessibleName(self.tr("市町村"))
        self.municipality_error = error_label()

        self.topics: dict[str, QCheckBox] = {}
        topic_box = QGroupBox(self.tr("複数選択可（Spaceで切り替え）"))
        topic_grid = QGridLayout(topic_box)
        topic_grid.setHorizontalSpacing(18)
        topic_grid.setVerticalSpacing(4)
        rows = (len(ref.topics) + TOPIC_COLUMNS - 1) // TOPIC_COLUMNS
        for i, term in enumerate(ref.topics):
            box = QCheckBox(i18n.label(term))
            box.setProperty("topic", term.code)
            self.topics[term.code] = box
            topic_grid.addWidget(box, i % rows, i // rows)  # down the columns, in list order
        self.topics_error = error_label()

        self.child = ChildPicker(book)
        self.child_error = error_label()

        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("メモ"))
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("相談内容のメモ（Ctrl+Enterで登録）"))
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)

        self.follow_up = QCheckBox(self.tr("次回フォロー予定"))
        self.follow_up_on = DateField()
        self.follow_up_on.setAccessibleName(self.tr("次回フォロー予定日"))
        self.follow_up.toggled.connect(self.follow_up_on.setEnabled)

        self.save_button = button(self.tr("登録（Enter）"), self.save, "saveButton")
        self.clear_button = button(self.tr("クリア"), self.clear)
        self.confirmation = QLabel()
        self.confirmation.setObjectName("confirmation")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("受付日"), self._row(self.opened_on))
        form.addRow(self.tr("相談方法"), self._row(self.method))
        consulter_row = QHBoxLayout()
        consulter_row.addWidget(self.consulter)
        consulter_row.addSpacing(12)
        consulter_row.addWidget(QLabel(self.tr("所属")))
        consulter_row.addWidget(self.organisation)
        consulter_row.addStretch(1)
        form.addRow(self.tr("相談者"), consulter_row)
        form.addRow(
            self.tr("市町村"),
            with_error(self._row(self.municipality, 22), self.municipality_error),
        )
        form.addRow(self.tr("主訴"), with_error(topic_box, self.topics_error))
        form.addRow(self.tr("児童"), with_error(self.child, self.child_error))
        form.addRow(self.tr("メモ"), self.note)
        form.addRow(self.tr("フォロー"), self._row(self.follow_up, 0, self.follow_up_on))

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.confirmation, 1)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(10)
        title = QLabel(self.tr("新規相談の受付"))
        make_title(title)
        inner.addWidget(title)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # Reading order: the form, then the topics, then the child, the note and saving.
        tab_chain(
            [
                self.opened_on,
                self.method,
                self.consulter,
                self.organisation,
                self.municipality,
                *self.topics.values(),
                self.child.none_button,
                self.child.existing_button,
                self.child.new_button,
                self.child.search,
                self.child.family_name,
                self.child.given_name,
                self.child.family_kana,
                self.child.given_kana,
                self.note,
                self.follow_up,
                self.follow_up_on,
                self.save_button,
                self.clear_button,
            ]
        )
        ctrl_enter_saves(self, self.save)
        self.clear()

    @staticmethod
    def _row(widget: QWidget, min_ems: int = 0, *more: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        if min_ems:
            widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("あ") * min_ems)
        row.addWidget(widget)
        for other in more:
            row.addWidget(other)
        row.addStretch(1)
        return row

    # --- state --------------------------------------------------------------------------------

    def today(self) -> date:
        return self._today or date.today()

    def _consulter_changed(self, *_: object) -> None:
        self.organisation.setEnabled(self.consulter.currentData() == SUPPORTER)

    def clear(self) -> None:
        """Ready for the next call: today's date, first choices, nothing checked or typed."""
        today = self.today()
        self.opened_on.setMaximumDate(to_qdate(today))
        self.opened_on.set_value(today)
        self.method.setCurrentIndex(0)
        self.consulter.setCurrentIndex(0)
        self.organisation.setCurrentIndex(0)
        self._consulter_changed()
        self.municipality.setCurrentIndex(-1)
        self.municipality.setEditText("")
        for box in self.topics.values():
            box.setChecked(False)
        self.child.clear()
        self.note.clear()
        self.follow_up.setChecked(False)
        self.follow_up_on.setEnabled(False)
        self.follow_up_on.setMinimumDate(to_qdate(today))
        self.follow_up_on.set_value(today + timedelta(days=14))
        for label in (self.municipality_error, self.topics_error, self.child_error):
            label.hide()

    def start(self) -> None:
        """Focus the first field (Ctrl+N)."""
        self.opened_on.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- saving -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter that no field used (line edits, combos, dates and check boxes pass it on) saves.
        if not enter_or_escape(event, self.save):
            super().keyPressEvent(event)

    def validate(self) -> bool:
        problems: list[QWidget] = []
        place = self.municipality.problem(
            self.tr("市町村を選んでください（わからなければ「不明」）。"),
            self.tr("一覧にない市町村です。候補から選んでください。"),
        )
        show_error(self.municipality_error, place)
        if place:
            problems.append(self.municipality)
        checked = [code for code, box in self.topics.items() if box.isChecked()]
        if not checked:
            show_error(self.topics_error, self.tr("主訴を1つ以上選んでください。"))
            problems.append(next(iter(self.topics.values())))
        else:
            show_error(self.topics_error, "")
        mode = self.child.mode_id()
        if mode == EXISTING and self.child.chosen is None:
            show_error(self.child_error, self.tr("候補から児童を選ぶか、「未定」にしてください。"))
            problems.append(self.child.search)
        elif mode == NEW and not self.child.family_name.text().strip():
            show_error(self.child_error, self.tr("新しい児童の姓を入力してください。"))
            problems.append(self.child.family_name)
        else:
            show_error(self.child_error, "")
        if problems:
            problems[0].setFocus(Qt.FocusReason.OtherFocusReason)
            self.confirmation.setText("")
        return not problems

    def save(self) -> d.Case | None:
        if not self.validate():
            return None
        residence = self.municipality.residence()
        assert residence is not None
        topics = tuple(code for code, box in self.topics.items() if box.isChecked())
        consulter = self.consulter.currentData()
        try:
            child_id = self._child_id(residence)
            case = self.book.open_case(
                d.CaseDraft(
                    opened_on=self.opened_on.value(),
                    contact_method=self.method.currentData(),
                    consulter_type=consulter,
                    residence=residence,
                    topics=topics,
                    supporter_organisation=(
                        self.organisation.currentData() if consulter == SUPPORTER else None
                    ),
                    child_id=child_id,
                    note=self.note.toPlainText().strip(),
                )
            )
            if self.follow_up.isChecked():
                self.book.schedule_follow_up(d.FollowUpDraft(case.id, self.follow_up_on.value()))
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.clear()
        self.confirmation.setText(
            self.tr("受付番号 {number} を登録しました").format(number=case.number)
        )
        self.saved.emit(case)
        self.start()
        return case

    def _child_id(self, residence: str) -> int | None:
        mode = self.child.mode_id()
        if mode == EXISTING and self.child.chosen is not None:
            return self.child.chosen.id
        if mode == NEW:
            c = self.child
            child = self.book.add_child(
                d.ChildDraft(
                    family_name=c.family_name.text().strip(),
                    given_name=c.given_name.text().strip(),
                    family_kana=c.family_kana.text().strip(),
                    given_kana=c.given_kana.text().strip(),
                    residence=residence,
                )
            )
            return child.id
        return None
