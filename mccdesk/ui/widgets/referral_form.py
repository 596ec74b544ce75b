"""A new referral: the child and case, where to, when, why and what is asked, and consent.

Nothing is written unless every check passes, consent first: the child's recorded consent must
cover sharing identity (氏名・生年月日・住所) on the referral date, and the coordinator must tick
that they confirmed it. Problems show in red under the field; nothing pops up.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.periods import format_date
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models.child_list_model import child_line
from mccdesk.ui.widgets.date_field import DateField, to_qdate
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.form_parts import (
    button,
    buttons_row,
    enter_or_escape,
    show_error,
    tab_chain,
    with_error,
)
from mccdesk.ui.widgets.resource_picker import ResourcePicker
from mccdesk.ui.widgets.shortcuts import ctrl_enter_saves

CONSENT_SCOPE = "identity"  # sharing anything about a child starts with who they are


class ReferralForm(QWidget):
    saved = Signal(object)  # the Referral just made

    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self._today = today
        self.child: d.Child | None = None
        self._found: dict[str, d.Child] = {}
        tr = self.tr

        self.child_search = QLineEdit()
        self.child_search.setObjectName("referralChildSearch")
        self.child_search.setAccessibleName(tr("児童"))
        self.child_search.setPlaceholderText(tr("名前・かなを入力して候補から選択"))
        self.child_suggestions = QStringListModel(self)
        self.completer = QCompleter(self.child_suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.child_search.setCompleter(self.completer)
        self.completer.activated[str].connect(self._child_chosen)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._look_up)
        self.child_search.textEdited.connect(lambda _t: self._timer.start())
        self.child_error = error_label()

        self.case = QComboBox()
        self.case.setAccessibleName(tr("相談ケース"))
        self.resource = ResourcePicker(book)
        self.resource_error = error_label()
        self.referred_on = DateField()
        self.referred_on.setAccessibleName(tr("紹介日"))
        self.referred_on.dateChanged.connect(self._show_consent)
        self.purpose = self._text(tr("紹介の目的"))
        self.requested = self._text(tr("依頼事項"))
        self.consent_state = QLabel()
        self.consent_state.setWordWrap(True)
        self.consent_checked = QCheckBox(tr("本人・保護者の同意（提供の範囲）を確認しました(&K)"))
        self.consent_error = error_label()
        self.save_button = button(tr("紹介を登録（Enter）"), self.save, "saveButton")
        self.cancel_button = button(tr("取消（Esc）"), self.clear)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("児童"), with_error(self.child_search, self.child_error))
        form.addRow(tr("相談ケース"), self.case)
        form.addRow(tr("紹介先"), with_error(self.resource, self.resource_error))
        form.addRow(tr("紹介日"), self.referred_on)
        form.addRow(tr("目的"), self.purpose)
        form.addRow(tr("依頼事項"), self.requested)
        form.addRow(
            tr("同意"), with_error(self.consent_state, self.consent_checked, self.consent_error)
        )
        form.addRow(buttons_row(self.save_button, self.cancel_button))
        tab_chain(
            [
                self.child_search,
                self.case,
                self.resource.search,
                self.resource.list,
                self.resource.is_new,
                self.resource.new_name,
                self.resource.new_kind,
                self.referred_on,
                self.purpose,
                self.requested,
                self.consent_checked,
                self.save_button,
                self.cancel_button,
            ]
        )
        ctrl_enter_saves(self, self.save)  # from inside the text boxes too
        self.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter that no field used saves; Esc empties the form (nothing was written yet).
        if not enter_or_escape(event, self.save, self.clear):
            super().keyPressEvent(event)

    def _text(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
        return edit

    def today(self) -> date:
        return self._today or date.today()

    # --- the child and case -------------------------------------------------------------------

    def _look_up(self) -> None:
        text = self.child_search.text().strip()
        found = self.book.search_children(text, 20) if text else []
        self._found = {child_line(c): c for c in found}
        self.child_suggestions.setStringList(list(self._found))
        if self._found and self.child_search.hasFocus():
            self.completer.complete()

    def _child_chosen(self, shown: str) -> None:
        child = self._found.get(shown)
        if child is not None:
            self.set_child(child)

    def set_child(self, child: d.Child, case_id: int | None = None) -> None:
        self.child = child
        self.child_search.setText(child.name)
        self.child_error.hide()
        cases = self.book.cases(child_id=child.id)
        cases.sort(key=lambda c: c.status == "closed")  # open cases first, newest first within
        self.case.clear()
        for c in cases:
            topics = i18n.terms(self.book.ref.topics, c.topics)
            status = i18n.term(self.book.ref.case_statuses, c.status)
            self.case.addItem(f"{c.number}　{format_date(c.opened_on)}　{topics}（{status}）", c.id)
        if case_id is not None:
            self.case.setCurrentIndex(max(0, self.case.findData(case_id)))
        self.resource.load(child)
        self._show_consent()

    def start(self, child: d.Child | None = None, case: d.Case | None = None) -> None:
        """A fresh form, for `child` (and its `case`) when given; focus where typing starts."""
        self.clear()
        if child is not None:
            self.set_child(child, case.id if case is not None else None)
            self.resource.search.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.child_search.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self.child = None
        self.child_search.clear()
        self.case.clear()
        self.resource.load(None)
        today = self.today()
        self.referred_on.setMaximumDate(to_qdate(today))
        self.referred_on.set_value(today)
        self.purpose.clear()
        self.requested.clear()
        self.consent_checked.setChecked(False)
        for label in (self.child_error, self.resource_error, self.consent_error):
            label.hide()
        self._show_consent()

    # --- consent ------------------------------------------------------------------------------

    def consent_problem(self) -> str:
        """Why the child's consent does not allow this referral ("" when it does)."""
        if self.child is None:
            return ""
        consent, on = self.child.consent, self.referred_on.value()
        if consent is None:
            return self.tr(
                "この児童には情報提供への同意が記録されていません。"
                "児童の画面の「同意」タブで記録してから紹介してください。"
            )
        if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
            return self.tr("同意は {day} に撤回されています。紹介できません。").format(
                day=format_date(consent.withdrawn_on)
            )
        if not consent.covers(CONSENT_SCOPE, on):
            return self.tr(
                "紹介日に有効な「氏名・生年月日・住所」の提供への同意がありません"
                "（同意日 {day}）。児童の画面の「同意」タブで確認してください。"
            ).format(day=format_date(consent.consented_on))
        return ""

    def _show_consent(self, *_: object) -> None:
        child = self.child
        if child is None:
            self.consent_state.setText(self.tr("児童を選ぶと同意の記録が表示されます。"))
            return
        consent = child.consent
        if consent is None or self.consent_problem():
            self.consent_state.setText(self.consent_problem())
            return
        scopes = i18n.terms(self.book.ref.consent_scopes, consent.scopes)
        self.consent_state.setText(
            self.tr("同意：{who}（{day}）　範囲：{scopes}").format(
                who=consent.consenter, day=format_date(consent.consented_on), scopes=scopes
            )
        )

    # --- saving -------------------------------------------------------------------------------

    def validate(self) -> bool:
        problems: list[QWidget] = []
        if self.child is None:
            show_error(self.child_error, self.tr("候補から児童を選んでください。"))
            problems.append(self.child_search)
        elif self.case.currentData() is None:
            show_error(
                self.child_error,
                self.tr("この児童には相談ケースがありません。先に新規相談で受け付けてください。"),
            )
            problems.append(self.child_search)
        else:
            show_error(self.child_error, "")
        if self.resource.is_new.isChecked() and self.resource.new_draft() is None:
            show_error(self.resource_error, self.tr("新しい紹介先の名称を入力してください。"))
            problems.append(self.resource.new_name)
        elif not self.resource.is_new.isChecked() and self.resource.chosen() is None:
            show_error(
                self.resource_error,
                self.tr("紹介先を一覧から選ぶか、「一覧にない紹介先」に入力してください。"),
            )
            problems.append(self.resource.search)
        else:
            show_error(self.resource_error, "")
        consent = self.consent_problem()
        if not consent and self.child is not None and not self.consent_checked.isChecked():
            consent = self.tr("同意の内容を確認したら、確認欄にチェックしてください。")
        show_error(self.consent_error, consent)
        if consent:
            problems.append(self.consent_checked)
        if problems:
            problems[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return not problems

    def save(self) -> d.Referral | None:
        if not self.validate():
            return None
        try:
            resource = self.resource.chosen()
            if resource is None:
                draft = self.resource.new_draft()
                assert draft is not None
                resource = self.book.add_resource(draft)
            referral = self.book.refer(
                d.ReferralDraft(
                    case_id=self.case.currentData(),
                    resource_id=resource.id,
                    referred_on=self.referred_on.value(),
                    purpose=self.purpose.toPlainText().strip(),
                    requested_items=self.requested.toPlainText().strip(),
                    consent_checked=True,
                )
            )
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.clear()
        self.saved.emit(referral)
        return referral
