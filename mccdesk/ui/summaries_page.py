"""集計・送信: each quarter's summary from draft to the prefecture's answer.

Left, every version of every period with its state; right, the selected summary's tables exactly
as they leave the office (both scopes, 「－」 for suppressed counts). 「集計を作成」 prepares a
finished quarter's draft, 「承認して送信」 signs it after a confirmation that says what leaves,
「今すぐ同期」 runs the sync controller. Without a pinned prefecture key, a notice says how
to pin it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.errors import MccdeskError
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import outbox, reference
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.models.summary_list_model import (
    ENTRY_ROLE,
    SummaryListModel,
    period_label,
    state_text,
)
from mccdesk.ui.models.summary_list_model import Column as ListColumn
from mccdesk.ui.models.summary_table_model import Column, SummaryTableModel, rows_of
from mccdesk.ui.sync_controller import SyncController, SyncOutcome
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.scaled_font import make_title
from mccdesk.ui.worker import run_with_progress

ENDED_QUARTERS = 4  # how many finished quarters 「集計を作成」 offers
STYLE = """
#pinNotice { background: #fff4d6; border: 1px solid #e2c36b; border-radius: 4px; }
#syncWarnings { color: #b3261e; font-weight: bold; }
#summaryHeading { font-weight: bold; }
"""


class SummariesPage(QWidget):
    changed = Signal()  # the outbox may have changed (the dashboard refreshes)

    def __init__(self, book: CaseBook, sync: SyncController, today: date | None = None) -> None:
        super().__init__()
        self.setStyleSheet(STYLE)
        self.book, self.sync, self._today = book, sync, today
        self.confirmation: QMessageBox | None = None

        title = QLabel(self.tr("集計・送信"))
        make_title(title)
        self.pin_notice, self.pin_message, self.pin_button = self._make_pin_notice()
        self.warnings = QLabel()
        self.warnings.setObjectName("syncWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.sync_status = QLabel()
        self.sync_status.setObjectName("syncStatusLine")
        self.sync_status.setWordWrap(True)

        self.list_model = SummaryListModel(parent=self)
        self.list = _plain_table(
            self.list_model, "summaryList", ListColumn.STATE, self.tr("集計の一覧")
        )
        self.list.selectionModel().currentRowChanged.connect(self._show_selected)

        self.heading = QLabel()
        self.heading.setObjectName("summaryHeading")
        self.heading.setWordWrap(True)
        self.what_leaves = QLabel()
        self.what_leaves.setWordWrap(True)
        self.table_model = SummaryTableModel(self)
        self.tables = _plain_table(
            self.table_model, "summaryTables", Column.LABEL, self.tr("送信される集計表")
        )
        self.disclosure_note = QLabel(
            self.tr(
                "「－」は少数のため、個人が特定されないよう非表示にした数です（開示制御）。"
                "他の数から計算で戻せないよう、必要な数もあわせて非表示にしています。"
            )
        )
        self.disclosure_note.setObjectName("disclosureNote")
        self.disclosure_note.setWordWrap(True)

        self.period_choice = QComboBox()
        self.period_choice.setAccessibleName(self.tr("集計する期間"))
        self.build_button = QPushButton(self.tr("集計を作成(&B)"))
        self.build_button.clicked.connect(self.build_selected_period)
        self.approve_button = QPushButton(self.tr("承認して送信(&A)"))
        self.approve_button.setObjectName("saveButton")
        self.approve_button.clicked.connect(self.request_approval)
        self.sync_button = QPushButton(self.tr("今すぐ同期(&S)"))
        self.sync_button.clicked.connect(self.sync.sync_now)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.what_leaves)
        right_layout.addWidget(self.tables, 1)
        right_layout.addWidget(self.disclosure_note)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        self.list.setMinimumWidth(360)

        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("期間：")))
        actions.addWidget(self.period_choice)
        actions.addWidget(self.build_button)
        actions.addStretch(1)
        actions.addWidget(self.approve_button)
        actions.addWidget(self.sync_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.pin_notice)
        layout.addWidget(self.warnings)
        layout.addWidget(self.sync_status)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

        sync.started.connect(self._sync_started)
        sync.finished.connect(self._sync_finished)
        sync.failed.connect(self._sync_failed)
        self._fill_periods()
        self.refresh()
        self._show_sync_state()

    def _make_pin_notice(self) -> tuple[QFrame, QLabel, QPushButton]:
        frame = QFrame()
        frame.setObjectName("pinNotice")
        message = QLabel(
            self.tr(
                "県の公開鍵がまだ登録されていないため、集計を承認・送信できません。\n"
                "県の参照パッケージ（共有フォルダの reference にある .mccref ファイル）を選び、"
                "県から電話で聞いた指紋を入力して登録してください。\n"
                "コマンドでも登録できます: "
                'mccdesk trust-prefecture <パッケージ> --fingerprint "XXXX XXXX XXXX XXXX XXXX"'
            )
        )
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(self.tr("県の鍵を登録…"))
        button.clicked.connect(self.choose_package)
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(message, 1)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return frame, message, button

    # --- state ----------------------------------------------------------------------------------

    def today(self) -> date:
        return self._today or date.today()

    def pinned(self) -> bool:
        return reference.pinned(self.book) is not None

    def _fill_periods(self) -> None:
        self.period_choice.clear()
        period = FiscalQuarter.containing(self.today())
        for _ in range(ENDED_QUARTERS):
            period = period.previous()
            self.period_choice.addItem(i18n.period_label(period), period.code)

    def refresh(self) -> None:
        """Reload the list, keeping the selection (else the draft, else the newest)."""
        current = self.selected()
        entries = outbox.entries(self.book)
        self.list_model.set_entries(entries)
        row = self.list_model.row_of(current.id) if current is not None else -1
        if row < 0:
            drafts = [i for i, e in enumerate(self.list_model.entries) if e.state == "draft"]
            row = drafts[0] if drafts else (0 if entries else -1)
        self.pin_notice.setVisible(not self.pinned())
        if row >= 0:
            self.list.selectRow(row)  # shows it (the reset cleared the current row)
        else:
            self._show_selected()

    def selected(self) -> outbox.Entry | None:
        index = self.list.currentIndex()
        return index.data(ENTRY_ROLE) if index.isValid() else None

    def _show_selected(self, *_: QModelIndex) -> None:
        entry = self.selected()
        if entry is None:
            self.heading.setText(
                self.tr("集計はまだありません。期間を選んで「集計を作成」を押してください。")
            )
            self.what_leaves.clear()
            self.table_model.set_rows([])
        else:
            self.heading.setText(f"{period_label(entry.period)}　{state_text(entry)}")
            if entry.state == "draft":
                self.what_leaves.setText(
                    self.tr(
                        "承認すると、この表がそのまま県へ送られます。"
                        "送られるのは件数だけで、氏名・生年月日・相談の記述は含まれません。"
                    )
                )
            elif entry.state == "approved":
                self.what_leaves.setText(
                    self.tr(
                        "承認済みの表です。共有フォルダに届きしだい県へ送られます（{file}）"
                    ).format(file=entry.file_name or "")
                )
            else:
                self.what_leaves.setText(
                    self.tr("県へ送った表です（{file}）").format(file=entry.file_name or "")
                )
            doc = json.loads(entry.content)
            self.table_model.set_rows(rows_of(doc, self.book.ref, i18n.language()))
        self.tables.clearSpans()
        for row in self.table_model.title_rows():
            self.tables.setSpan(row, 0, 1, len(Column))
        self.approve_button.setEnabled(
            entry is not None and entry.state == "draft" and self.pinned()
        )

    # --- actions ------------------------------------------------------------------------------

    def build_selected_period(self) -> None:
        code = self.period_choice.currentData()
        if code:
            self.build(FiscalQuarter.parse(code))

    def build(self, period: FiscalQuarter) -> None:
        try:
            entry = run_with_progress(
                self,
                self.tr("{period}の集計を作成しています…").format(period=i18n.period_label(period)),
                lambda report: outbox.build_draft(self.book, period),
            )
        except MccdeskError as exc:
            report_error(self, exc)
            return
        self.refresh()
        self.list.selectRow(self.list_model.row_of(entry.id))
        self.changed.emit()

    def request_approval(self) -> None:
        """Ask first, saying exactly what leaves the office; approve on 「承認して送信」."""
        entry = self.selected()
        if entry is None or entry.state != "draft":
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("集計の承認と送信"))
        box.setText(
            self.tr("{period}の集計を承認し、県へ送信します。").format(
                period=period_label(entry.period)
            )
        )
        box.setInformativeText(
            self.tr(
                "送られるのは、画面に表示している表の件数だけです（四半期と年度累計）。\n"
                "氏名・生年月日・住所・相談の記述など、個人を特定できる情報は含まれません。\n"
                "「－」の数は非表示のまま送られます。\n"
                "承認した集計は取り消せません。訂正は、作り直して次の版として送ります。"
            )
        )
        approve = box.addButton(self.tr("承認して送信"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("キャンセル"), QMessageBox.ButtonRole.RejectRole)
        box.setStyleSheet(  # wide enough that no sentence wraps
            "#qt_msgbox_label, #qt_msgbox_informativelabel { min-width: 560px; }"
        )
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _r: self._answered(box, approve, entry))
        self.confirmation = box
        box.open()

    def _answered(self, box: QMessageBox, approve: QPushButton, entry: outbox.Entry) -> None:
        self.confirmation = None
        if box.clickedButton() is approve:
            self.approve(entry)
        # Only now: approval runs a local event loop, which could otherwise delete the box
        # while Qt is still inside its button's click.
        box.deleteLater()

    def approve(self, entry: outbox.Entry) -> None:
        period = FiscalQuarter.parse(entry.period)
        try:
            approved = run_with_progress(
                self,
                self.tr("署名しています…"),
                # Exactly what the screen showed, or nothing: a background rebuild may differ.
                lambda report: outbox.approve(self.book, period, reviewed=entry.content),
            )
        except MccdeskError as exc:
            report_error(self, exc)
            self.refresh()
            return
        self.refresh()
        self.list.selectRow(self.list_model.row_of(approved.id))
        self.changed.emit()
        self.sync.sync_now()  # send it now (or right after the run under way)

    def choose_package(self) -> None:
        """The package file, then the fingerprint the prefecture read out by phone."""
        drop_folder = self.book.settings().drop_folder
        start = str(Path(drop_folder) / "reference") if drop_folder else ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("県の参照パッケージを選ぶ"),
            start,
            self.tr("参照パッケージ (*.mccref);;すべてのファイル (*)"),
        )
        if not path:
            return
        fingerprint, ok = QInputDialog.getText(
            self,
            self.tr("県の鍵の指紋"),
            self.tr("県から電話で聞いた指紋を入力してください（例: 1A2B 3C4D 5E6F 7A8B 9C0D）"),
        )
        if ok and fingerprint.strip():
            self.pin_prefecture(Path(path), fingerprint)

    def pin_prefecture(self, path: Path, fingerprint: str) -> bool:
        try:
            pinned = reference.trust(self.book, path, fingerprint)
        except MccdeskError as exc:
            report_error(self, exc)
            return False
        self.sync_status.setText(
            self.tr("県の公開鍵を登録しました（指紋 {fp}）").format(fp=pinned.fingerprint)
        )
        self.refresh()
        self.changed.emit()
        return True

    # --- the sync controller --------------------------------------------------------------------

    def _show_sync_state(self) -> None:
        self.sync_status.setText(self.sync.summary_line)
        self.warnings.setText("\n".join(self.tr("注意：") + w for w in self.sync.warnings))
        self.warnings.setVisible(bool(self.sync.warnings))
        self.sync_button.setEnabled(not self.sync.running())

    def _sync_started(self) -> None:
        self._show_sync_state()

    def _sync_finished(self, outcome: SyncOutcome) -> None:
        self.refresh()
        self._show_sync_state()
        self.changed.emit()

    def _sync_failed(self, message: str) -> None:
        self._show_sync_state()

    def showEvent(self, event: QShowEvent) -> None:
        last_ended = FiscalQuarter.containing(self.today()).previous().code
        if self.period_choice.itemData(0) != last_ended:  # the app stayed open past a quarter
            self._fill_periods()
        self.refresh()
        super().showEvent(event)


def _plain_table(
    model: QAbstractItemModel, name: str, stretch: int, accessible_name: str
) -> QTableView:
    table = record_table(model, name, stretch=stretch, row_padding=8, alternating=False)
    table.setAccessibleName(accessible_name)
    return table
