"""保留・隔離: every file the prefecture did not accept, with the reason, newest first.

Below the list, the selected file's detail (the technical reason, its hash, when it was decided)
for support; held files are tried again at every ingest, quarantined ones never reach a table.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mccdesk.prefecture import model
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.ui import i18n
from mccdesk.ui.models.prefecture_quarantine_model import (
    Column,
    PrefectureQuarantineModel,
    local_time,
    period_text,
)
from mccdesk.ui.widgets.record_table import record_table
from mccdesk.ui.widgets.scaled_font import make_title


class PrefectureQuarantinePage(QWidget):
    def __init__(self, office: PrefectureOffice) -> None:
        super().__init__()
        self.office = office
        title = QLabel(self.tr("保留・隔離したファイル"))
        make_title(title)
        explain = QLabel(
            self.tr(
                "保留のファイルは、前のファイルが届けば次の取り込みで自動的に受け付けます。"
                "隔離したファイルは集計表に入りません。ブランチに連絡し、送り直してもらってください。"
            )
        )
        explain.setWordWrap(True)
        self.lang = i18n.language()
        self.model = PrefectureQuarantineModel(self, lang=self.lang)
        self.list = record_table(
            self.model,
            "quarantineList",
            stretch=Column.REASON,
            alternating=False,
            wrap=True,
            highlight=True,
        )
        self.list.setAccessibleName(self.tr("保留・隔離したファイルの一覧"))
        self.list.selectionModel().currentRowChanged.connect(self._show_detail)
        self.empty = QLabel(self.tr("保留・隔離したファイルはありません。"))
        detail_label = QLabel(self.tr("詳細(&D)："))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("quarantineDetail")
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(self.tr("選んだファイルの詳細"))
        self.detail.setMaximumHeight(150)
        detail_label.setBuddy(self.detail)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(detail_label)
        layout.addWidget(self.detail)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_files(self.office.quarantine())
        self.empty.setVisible(not self.model.files)
        if self.model.files:
            self.list.selectRow(0)
        else:
            self.detail.clear()

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        f = self.model.files[current.row()]
        self.detail.setPlainText(self.detail_text(f))

    def detail_text(self, f: model.ReceivedFile) -> str:
        lines = [
            self.tr("理由：{ja}（{code}）").format(
                ja=model.reason_text(f.reason, self.lang), code=f.reason
            ),
            self.tr("詳細：{detail}").format(detail=f.detail or "—"),
            self.tr("ブランチ：{branch}（受信フォルダ {folder}）").format(
                branch=f.branch, folder=f.folder
            ),
            self.tr("期間：{period}　版：{rev}　通番：{seq}").format(
                period=period_text(f.period, self.lang) if f.period else "—",
                rev="—" if f.revision is None else f.revision,
                seq="—" if f.seq is None else f.seq,
            ),
            self.tr("ファイル：{name}").format(name=f.file_name),
            self.tr("SHA-256：{hash}").format(hash=f.file_hash),
            self.tr("受信 {received}、判定 {decided}").format(
                received=local_time(f.received_at), decided=local_time(f.decided_at)
            ),
        ]
        return "\n".join(lines)
