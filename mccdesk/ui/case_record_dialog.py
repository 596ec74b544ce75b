"""ケース記録: one case's activities (対応記録), status and next follow-up, in a non-modal window.

Opened from the child page's 相談ケース tab (Enter) or the cases table (Shift+Enter), so a
coordinator can keep it beside the other screens. Every action is saved at once (each call is one
committed transaction); deleting an activity and scheduling a follow-up offer 「元に戻す」 (Ctrl+Z).
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.errors import InvalidValue, MccdeskError
from mccdesk.periods import format_date
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models.activity_table_model import ACTIVITY_ROLE, ActivityTableModel, Column
from mccdesk.ui.widgets.date_field import DateField, to_qdate
from mccdesk.ui.widgets.field_error import error_label
from mccdesk.ui.widgets.form_parts import tab_chain
from mccdesk.ui.widgets.notice_bar import NoticeBar
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.scaled_font import make_title
from mccdesk.ui.widgets.shortcuts import add_shortcuts, ctrl_enter_saves

MAX_MINUTES = 24 * 60
FOLLOW_UP_DAYS = 14  # the next follow-up's default: two weeks on, as on the new consultation form


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter is handled by the form that has the focus
    return button


def _typing_to_undo(widget: QObject) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit):
        return widget.document().isUndoAvailable()
    return False  # a date field: Ctrl+Z there means the last action


class CaseRecordDialog(QDialog):
    changed = Signal(object)  # d.Change: an activity, the status or a follow-up of the case

    def __init__(
        self,
        book: CaseBook,
        case_id: int,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self._today = today
        self.case = book.case(case_id)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("caseRecordDialog")
        ref = book.ref

        # --- header -------------------------------------------------------------------------
        self.title = QLabel()
        make_title(self.title)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("caseStatus")
        self.notice = NoticeBar()

        # --- activities ---------------------------------------------------------------------
        self.model = ActivityTableModel(ref, self)
        self.table = record_table(self.model, "activityTable", stretch=Column.NOTE, highlight=True)
        self.table.setAccessibleName(self.tr("対応記録の一覧"))
        self.activity_count = QLabel()
        self.activity_count.setObjectName("caseCount")
        self.delete_button = _button(self.tr("削除（Delete）"))
        self.delete_button.clicked.connect(self.delete_selected)

        self.occurred_on = DateField()
        self.occurred_on.setAccessibleName(self.tr("対応日"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("種別"))
        for term in ref.activity_kinds:
            self.kind.addItem(i18n.label(term), term.code)
        self.method = QComboBox()
        self.method.setAccessibleName(self.tr("方法"))
        self.method.addItem(self.tr("（なし）"), None)
        for term in ref.contact_methods:
            self.method.addItem(i18n.label(term), term.code)
        self.minutes = QLineEdit()
        self.minutes.setAccessibleName(self.tr("時間（分）"))
        self.minutes.setPlaceholderText(self.tr("分"))
        self.minutes.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 8 + 16)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("メモ"))
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("対応内容のメモ（Ctrl+Enterで記録）"))
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.activity_error = error_label()
        self.add_button = _button(self.tr("記録（Enter）"))
        self.add_button.setObjectName("saveButton")
        self.add_button.clicked.connect(self.save_activity)

        # --- status -------------------------------------------------------------------------
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("状況"))
        for term in ref.case_statuses:
            self.status.addItem(i18n.label(term), term.code)
        self.status_on = DateField()
        self.status_on.setAccessibleName(self.tr("状況の変更日"))
        self.status_button = _button(self.tr("状況を変更"))
        self.status_button.clicked.connect(self.change_status)
        self.status_error = error_label()
        self.history = QLabel()
        self.history.setObjectName("statusHistory")
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- follow-up ----------------------------------------------------------------------
        self.follow_up_on = DateField()
        self.follow_up_on.setAccessibleName(self.tr("次回フォロー予定日"))
        self.purpose = QLineEdit()
        self.purpose.setAccessibleName(self.tr("フォローの目的"))
        self.purpose.setPlaceholderText(self.tr("目的（例：退院後の様子を確認）"))
        self.follow_up_button = _button(self.tr("予定を登録"))
        self.follow_up_button.clicked.connect(self.schedule_follow_up)
        self.follow_up_error = error_label()
        self.open_follow_ups = QLabel()
        self.open_follow_ups.setObjectName("openFollowUps")
        self.open_follow_ups.setWordWrap(True)

        self.close_button = _button(self.tr("閉じる（Esc）"))
        self.close_button.clicked.connect(self.close)

        self._layout()
        self._shortcuts()
        self.resize(860, 680)
        self.reload()
        self.clear_activity_form()

    # --- building -----------------------------------------------------------------------------

    def _layout(self) -> None:
        self.activity_form = QWidget()
        form = QFormLayout(self.activity_form)
        form.setContentsMargins(0, 0, 0, 0)
        first = QHBoxLayout()
        first.addWidget(self.occurred_on)
        first.addWidget(QLabel(self.tr("種別")))
        first.addWidget(self.kind)
        first.addWidget(QLabel(self.tr("方法")))
        first.addWidget(self.method)
        first.addWidget(QLabel(self.tr("時間")))
        first.addWidget(self.minutes)
        first.addWidget(QLabel(self.tr("分")))
        first.addStretch(1)
        form.addRow(self.tr("対応日"), first)
        form.addRow(self.tr("メモ"), self.note)
        saving = QHBoxLayout()
        saving.addWidget(self.add_button)
        saving.addWidget(self.activity_error, 1)
        form.addRow("", saving)

        activities = QGroupBox(self.tr("対応記録"))
        box = QVBoxLayout(activities)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.activity_count)
        box.addLayout(row)
        box.addWidget(self.activity_form)

        self.status_form = QWidget()
        status_row = QHBoxLayout(self.status_form)
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self.status)
        status_row.addWidget(QLabel(self.tr("変更日")))
        status_row.addWidget(self.status_on)
        status_row.addWidget(self.status_button)
        status_row.addStretch(1)
        status_box = QGroupBox(self.tr("ケースの状況"))
        status_layout = QVBoxLayout(status_box)
        status_layout.addWidget(self.status_form)
        status_layout.addWidget(self.status_error)
        status_layout.addWidget(self.history)

        self.follow_up_form = QWidget()
        follow_row = QHBoxLayout(self.follow_up_form)
        follow_row.setContentsMargins(0, 0, 0, 0)
        follow_row.addWidget(self.follow_up_on)
        follow_row.addWidget(self.purpose, 1)
        follow_row.addWidget(self.follow_up_button)
        follow_box = QGroupBox(self.tr("次回フォロー"))
        follow_layout = QVBoxLayout(follow_box)
        follow_layout.addWidget(self.follow_up_form)
        follow_layout.addWidget(self.follow_up_error)
        follow_layout.addWidget(self.open_follow_ups)

        lower = QHBoxLayout()
        lower.addWidget(status_box, 1)
        lower.addWidget(follow_box, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.status_label)
        layout.addWidget(self.notice)
        layout.addWidget(activities, 1)
        layout.addLayout(lower)
        layout.addLayout(bottom)

        tab_chain(
            [
                self.occurred_on,
                self.kind,
                self.method,
                self.minutes,
                self.note,
                self.add_button,
                self.table,
                self.delete_button,
                self.status,
                self.status_on,
                self.status_button,
                self.follow_up_on,
                self.purpose,
                self.follow_up_button,
                self.close_button,
            ]
        )

    def _shortcuts(self) -> None:
        add_shortcuts(self, (QKeySequence.StandardKey.Undo, self.undo))
        ctrl_enter_saves(self, self._ctrl_enter)
        for field in (
            self.occurred_on,
            self.minutes,
            self.note,
            self.status_on,
            self.follow_up_on,
            self.purpose,
        ):
            field.installEventFilter(self)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # Delete in a field edits the field
        delete.activated.connect(self.delete_selected)

    def today(self) -> date:
        return self._today or date.today()

    # --- showing ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the case, its activities, status history and open follow-ups again."""
        self.case = self.book.case(self.case.id)
        self._header()
        chosen = self.selected()
        self.model.set_activities(self.book.activities(case_id=self.case.id))
        self.activity_count.setText(self.tr("{count} 件").format(count=self.model.rowCount()))
        if chosen is not None and self.model.row_of(chosen.id) >= 0:
            self.table.selectRow(self.model.row_of(chosen.id))
        self._history()
        self._follow_ups()
        self.delete_button.setEnabled(self.model.rowCount() > 0)

    def _header(self) -> None:
        case, ref = self.case, self.book.ref
        self.setWindowTitle(self.tr("ケース記録 {number}").format(number=case.number))
        child = case.child_name or self.tr("（児童未登録）")
        self.title.setText(f"{case.number}　{child}")
        self.title.setToolTip(case.child_kana)
        self.details.setText(
            self.tr("受付日 {opened}　市町村 {place}　主訴 {topics}").format(
                opened=format_date(case.opened_on),
                place=i18n.term(ref.residences, case.residence),
                topics=i18n.terms(ref.topics, case.topics),
            )
        )
        self.details.setToolTip(i18n.date_tooltip(case.opened_on))
        status = i18n.term(ref.case_statuses, case.status)
        since = case.status_changed_on or case.opened_on
        self.status_label.setText(
            self.tr("現在の状況：{status}（{since}から）").format(
                status=status, since=format_date(since)
            )
        )

    def _history(self) -> None:
        ref = self.book.ref
        names = {c.id: c.name for c in self.book.coordinators()}
        lines = []
        for change in reversed(self.book.status_history(self.case.id)):  # newest first
            line = (
                f"{format_date(change.effective_on)}　{i18n.term(ref.case_statuses, change.status)}"
            )
            if change.coordinator_id in names:
                line += f"（{names[change.coordinator_id]}）"
            lines.append(line)
        self.history.setText("\n".join(lines))

    def _follow_ups(self) -> None:
        open_ = self.book.follow_ups(case_id=self.case.id, open_only=True)
        if not open_:
            self.open_follow_ups.setText(self.tr("予定されているフォローはありません。"))
            return
        lines = [f"{format_date(fu.due_on)}　{fu.purpose}".rstrip() for fu in open_]
        self.open_follow_ups.setText(self.tr("予定：") + "\n" + "\n".join(lines))

    def selected(self) -> d.Activity | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ACTIVITY_ROLE) if rows else None

    def shown_activities(self) -> list[d.Activity]:
        return list(self.model.activities)

    # --- keyboard -----------------------------------------------------------------------------

    def _focus_in(self, form: QWidget) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is form or form.isAncestorOf(focus))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter that a field passed on (line edits, combos, dates do) saves the form it came from.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._focus_in(self.activity_form):
                self.save_activity()
            elif self._focus_in(self.status_form):
                self.change_status()
            elif self._focus_in(self.follow_up_form):
                self.schedule_follow_up()
            return  # never the dialog's default "accept" (it would close the window)
        super().keyPressEvent(event)

    def _ctrl_enter(self) -> None:
        if self._focus_in(self.status_form):
            self.change_status()
        elif self._focus_in(self.follow_up_form):
            self.schedule_follow_up()
        else:
            self.save_activity()

    def undo(self) -> bool:
        return self.notice.undo()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Fields claim Ctrl+Z for their own typing even with nothing typed; then it is the
        # notice's 元に戻す (the fields are emptied with their undo history after each save).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and self.notice.can_undo()
            and not _typing_to_undo(watched)
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    # --- activities ---------------------------------------------------------------------------

    def clear_activity_form(self) -> None:
        """Ready for the next activity: today's date, kind and method as they were, no note."""
        today = self.today()
        self.occurred_on.setMinimumDate(to_qdate(self.case.opened_on))
        self.occurred_on.setMaximumDate(to_qdate(max(today, self.case.opened_on)))
        self.occurred_on.set_value(max(today, self.case.opened_on))
        self.minutes.setText("")  # also forgets the field's own undo
        self.note.clear()
        self.activity_error.hide()
        self.status_on.setMinimumDate(to_qdate(self.case.opened_on))
        self.status_on.set_value(max(today, self.case.opened_on))
        self.status.setCurrentIndex(max(0, self.status.findData(self.case.status)))
        self.follow_up_on.setMinimumDate(to_qdate(today))
        self.follow_up_on.set_value(today + timedelta(days=FOLLOW_UP_DAYS))

    def start(self) -> None:
        """Focus the first field of the activity form."""
        self.occurred_on.setFocus(Qt.FocusReason.OtherFocusReason)

    def _minutes(self) -> int | None:
        """The minutes typed (full-width digits too); None when empty; raises for anything else."""
        text = unicodedata.normalize("NFKC", self.minutes.text()).strip()
        if not text:
            return None
        if not text.isdigit() or int(text) > MAX_MINUTES:
            raise ValueError(text)
        return int(text)

    def _fail(self, label: QLabel, text: str, widget: QWidget) -> None:
        label.setText(text)
        label.show()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_activity(self) -> d.Activity | None:
        try:
            minutes = self._minutes()
        except ValueError:
            self._fail(
                self.activity_error,
                self.tr("時間は0〜{max}の分数（数字）で入力してください。").format(max=MAX_MINUTES),
                self.minutes,
            )
            return None
        draft = d.ActivityDraft(
            case_id=self.case.id,
            occurred_on=self.occurred_on.value(),
            kind=self.kind.currentData(),
            method=self.method.currentData(),
            minutes=minutes,
            note=self.note.toPlainText().strip(),
        )
        try:
            activity = self.book.record_activity(draft)
        except InvalidValue as exc:
            self._fail(self.activity_error, i18n.message(exc), self.occurred_on)
            return None
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.clear_activity_form()
        self.reload()
        self.table.selectRow(self.model.row_of(activity.id))
        self.notice.show_notice(
            self.tr("{day} の{kind}を記録しました。").format(
                day=format_date(activity.occurred_on),
                kind=i18n.term(self.book.ref.activity_kinds, activity.kind),
            )
        )
        self.changed.emit(d.Change("activity", activity.id, "create"))
        self.start()
        return activity

    def delete_selected(self) -> None:
        activity = self.selected()
        if activity is None:
            return
        row = self.table.currentIndex().row()
        try:
            change = self.book.delete_activity(activity.id)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self.reload()
        if self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        self.notice.show_notice(
            self.tr("{day} の{kind}を削除しました。").format(
                day=format_date(activity.occurred_on),
                kind=i18n.term(self.book.ref.activity_kinds, activity.kind),
            ),
            lambda: self._restore_activity(activity.id),
        )
        self.changed.emit(change)

    def _restore_activity(self, activity_id: int) -> None:
        try:
            change = self.book.undo_delete_activity(activity_id)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self.reload()
        self.table.selectRow(self.model.row_of(activity_id))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit(change)

    # --- status -------------------------------------------------------------------------------

    def change_status(self) -> d.Case | None:
        status = self.status.currentData()
        if status == self.case.status:
            self._fail(
                self.status_error,
                self.tr("すでに「{status}」です。別の状況を選んでください。").format(
                    status=i18n.term(self.book.ref.case_statuses, status)
                ),
                self.status,
            )
            return None
        try:
            case = self.book.change_status(self.case.id, status, self.status_on.value())
        except InvalidValue as exc:
            self._fail(self.status_error, i18n.message(exc), self.status_on)
            return None
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.status_error.hide()
        self.reload()
        self.notice.show_notice(
            self.tr("状況を「{status}」に変更しました（{day}）。").format(
                status=i18n.term(self.book.ref.case_statuses, case.status),
                day=format_date(self.status_on.value()),
            )
        )
        self.changed.emit(d.Change("case", case.id, "update"))
        return case

    # --- follow-up ----------------------------------------------------------------------------

    def schedule_follow_up(self) -> d.FollowUp | None:
        due = self.follow_up_on.value()
        if due < self.today():
            self._fail(
                self.follow_up_error,
                self.tr("予定日は今日以降の日付にしてください。"),
                self.follow_up_on,
            )
            return None
        try:
            follow_up = self.book.schedule_follow_up(
                d.FollowUpDraft(self.case.id, due, self.purpose.text().strip())
            )
        except InvalidValue as exc:
            self._fail(self.follow_up_error, i18n.message(exc), self.follow_up_on)
            return None
        except MccdeskError as exc:
            report_error(self, exc)
            return None
        self.follow_up_error.hide()
        self.purpose.setText("")
        self._follow_ups()
        self.notice.show_notice(
            self.tr("{due} のフォローを予定しました。").format(due=format_date(due)),
            lambda: self._unschedule(follow_up.id),
        )
        self.changed.emit(d.Change("follow_up", follow_up.id, "create"))
        return follow_up

    def _unschedule(self, follow_up_id: int) -> None:
        try:
            change = self.book.delete_follow_up(follow_up_id)
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self._follow_ups()
        self.changed.emit(change)
