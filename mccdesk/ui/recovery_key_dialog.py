"""「回復キーで開く」: the key is not on this PC, so the person types the printed recovery key.

16 boxes laid out like the sheet (4 per line). Each box is checked as soon as it holds 6 digits,
so a typo is named by its group right there; a whole key pasted into any box is spread out.
On success the key is stored for this OS user (`CaseBook.unlock`) and the dialog accepts.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.errors import LockedError, RecoveryKeyLength, RecoveryKeyTypo, WrongRecoveryKey
from mccdesk.ui import i18n
from mccdesk.ui.errors_dialog import report_error
from mccdesk.ui.widgets.field_error import error_label

GROUPS = 16  # as printed on the recovery-key sheet
PER_LINE = 4
DIGITS = 6
_NOT_DIGIT = re.compile(r"[^0-9]+")

BAD_STYLE = "QLineEdit { border: 2px solid #c5221f; }"
GOOD_STYLE = "QLineEdit { border: 2px solid #1e7e34; }"


def monospace(size_factor: float = 1.0, base: QFont | None = None) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    reference = base or QFont()
    font.setPointSizeF(max(reference.pointSizeF(), 9.0) * size_factor)
    return font


class RecoveryKeyDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(self.tr("回復キーで開く"))
        intro = QLabel(
            self.tr(
                "このPC・このユーザーにはケースブックの鍵が保存されていません。\n"
                "金庫に保管している「ケースブック 回復キー」のシートを見て、"
                "6桁ずつ16グループを入力してください。"
            )
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.boxes: list[QLineEdit] = []
        for i in range(GROUPS):
            box = QLineEdit()
            box.setFont(monospace(1.4, self.font()))
            box.setAccessibleName(self.tr("第{n}グループ").format(n=i + 1))
            box.setPlaceholderText(f"{i + 1}")
            box.setMinimumWidth(box.fontMetrics().horizontalAdvance("0" * (DIGITS + 2)))
            box.textEdited.connect(lambda text, i=i: self._edited(i, text))
            self.boxes.append(box)
            row, col = divmod(i, PER_LINE)
            if col == 0:
                grid.addWidget(QLabel(f"{i + 1:>2}–"), row, 0)
            grid.addWidget(box, row, col + 1)
        self.message = error_label(hidden=False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("キャンセル"))
        self.open_button = self.buttons.addButton(
            self.tr("開く"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.boxes[0].setFocus()

    # --- typing -------------------------------------------------------------------------------

    def _edited(self, index: int, text: str) -> None:
        digits = _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", text))
        if len(digits) > DIGITS:  # a pasted key (or several groups): spread it out
            for j in range(index, GROUPS):
                piece, digits = digits[:DIGITS], digits[DIGITS:]
                self.boxes[j].setText(piece)
                self._check(j)
                if not digits:
                    break
            self._advance(j)
            return
        if digits != text:
            self.boxes[index].setText(digits)
        self._check(index)
        if len(digits) == DIGITS and self.group_ok(index):
            self._advance(index)

    def _advance(self, index: int) -> None:
        if index + 1 < GROUPS:
            self.boxes[index + 1].setFocus()
            self.boxes[index + 1].selectAll()
        else:
            self.open_button.setFocus()

    def group_ok(self, index: int) -> bool:
        return CaseBook.recovery_group_ok(self.boxes[index].text(), index + 1)

    def _check(self, index: int) -> None:
        """Mark a full box right or wrong at once; name the first wrong group."""
        box = self.boxes[index]
        if len(box.text()) < DIGITS:
            box.setStyleSheet("")
        else:
            box.setStyleSheet(GOOD_STYLE if self.group_ok(index) else BAD_STYLE)
        wrong = [
            j for j, b in enumerate(self.boxes) if len(b.text()) == DIGITS and not self.group_ok(j)
        ]
        self.message.setText(i18n.message(RecoveryKeyTypo(group=wrong[0] + 1)) if wrong else "")

    def key_text(self) -> str:
        return "-".join(box.text() for box in self.boxes)

    def set_key_text(self, text: str) -> None:
        """Fill the boxes as if `text` were pasted into the first one."""
        self.boxes[0].setText(text)
        self._edited(0, text)

    # --- opening ------------------------------------------------------------------------------

    def try_unlock(self) -> bool:
        try:
            CaseBook.unlock(self.folder, self.key_text())
        except RecoveryKeyTypo as exc:
            self.message.setText(i18n.message(exc))
            group = int(exc.params["group"])  # type: ignore[call-overload]
            self.boxes[group - 1].setStyleSheet(BAD_STYLE)
            self.boxes[group - 1].setFocus()
            return False
        except (RecoveryKeyLength, WrongRecoveryKey) as exc:
            self.message.setText(i18n.message(exc))
            group = exc.params.get("group")
            if group is not None:
                self.boxes[int(group) - 1].setFocus()  # type: ignore[call-overload]
            return False
        except LockedError as exc:  # e.g. no credential store: the dialog cannot fix that
            report_error(self, exc)
            return False
        self.accept()
        return True
