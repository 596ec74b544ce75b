"""A thin bar above a list: what just happened, with 「元に戻す」 while it can still be undone.

Used instead of a confirmation pop-up: a deletion happens at once and the bar offers the way back
(the button, or Ctrl+Z on the page that owns the bar).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

STYLE = """
#noticeBar { background: #fff4d6; border: 1px solid #e2c36b; border-radius: 4px; }
#noticeBar QLabel { color: #3d3200; }
"""


class NoticeBar(QFrame):
    undone = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("noticeBar")
        self.setStyleSheet(STYLE)
        self._undo: Callable[[], None] | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("元に戻す（Ctrl+Z）"))
        self.undo_button.setObjectName("undoButton")
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QPushButton(self.tr("閉じる"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button)
        self.hide()

    def show_notice(self, text: str, undo: Callable[[], None] | None = None) -> None:
        """Show `text`; with `undo`, offer it until the next notice replaces this one."""
        self._undo = undo
        self.message.setText(text)
        self.undo_button.setVisible(undo is not None)
        self.show()

    def can_undo(self) -> bool:
        return self._undo is not None

    def undo(self) -> bool:
        """Run the pending undo once; False when there is nothing to undo."""
        action, self._undo = self._undo, None
        if action is None:
            return False
        self.hide()
        action()
        self.undone.emit()
        return True

    def dismiss(self) -> None:
        self._undo = None
        self.hide()
