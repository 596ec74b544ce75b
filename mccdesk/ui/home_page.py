"""ホーム: the branch, the current fiscal quarter and the case book's headline counts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter

# (key of CaseBook.totals(), label, unit), in the order they are shown.
COUNTS = (
    ("children", QT_TRANSLATE_NOOP("HomePage", "児童"), QT_TRANSLATE_NOOP("HomePage", "人")),
    ("cases", QT_TRANSLATE_NOOP("HomePage", "相談ケース"), QT_TRANSLATE_NOOP("HomePage", "件")),
    ("open_cases", QT_TRANSLATE_NOOP("HomePage", "継続中"), QT_TRANSLATE_NOOP("HomePage", "件")),
    (
        "referrals_waiting",
        QT_TRANSLATE_NOOP("HomePage", "回答待ちのつなぎ"),
        QT_TRANSLATE_NOOP("HomePage", "件"),
    ),
    (
        "follow_ups_overdue",
        QT_TRANSLATE_NOOP("HomePage", "期限切れのモニタリング"),
        QT_TRANSLATE_NOOP("HomePage", "件"),
    ),
)


def scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    bigger = QFont(font)
    bigger.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    bigger.setBold(bold)
    return bigger


class CountTile(QFrame):
    """One large number with its Japanese label."""

    def __init__(self, key: str, label: str, unit: str) -> None:
        super().__init__()
        self.setObjectName("countTile")
        self.label, self.unit = label, unit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.number = QLabel()
        self.number.setObjectName("countNumber")
        self.number.setProperty("count_key", key)
        self.number.setFont(scaled(self.font(), 3.0, bold=True))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(f"{label}（{unit}）")
        self.caption.setObjectName("countLabel")
        self.caption.setFont(scaled(self.font(), 1.1))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, value: int, alert: bool = False) -> None:
        self.number.setText(f"{value:,}")
        self.setAccessibleName(f"{self.label} {value}{self.unit}")
        if self.property("alert") != alert:
            self.setProperty("alert", alert)
            self.style().unpolish(self)
            self.style().polish(self)


class HomePage(QWidget):
    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        self.today = today
        info = book.info()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)

        area = book.ref.area(info.area).label("ja")
        heading = QLabel(f"{info.branch_name}　{area}")
        heading.setObjectName("branchHeading")
        heading.setFont(scaled(self.font(), 1.6, bold=True))
        heading.setWordWrap(True)
        layout.addWidget(heading)

        self.period = QLabel()
        self.period.setObjectName("periodLabel")
        self.period.setFont(scaled(self.font(), 1.1))
        layout.addWidget(self.period)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.tiles: dict[str, CountTile] = {}
        for i, (key, label, unit) in enumerate(COUNTS):
            tile = CountTile(
                key,
                QCoreApplication.translate("HomePage", label),
                QCoreApplication.translate("HomePage", unit),
            )
            self.tiles[key] = tile
            grid.addWidget(tile, i // 3, i % 3)
        layout.addLayout(grid)

        hint = QLabel(
            self.tr("Ctrl+N：新規相談を記録　Ctrl+F：相談ケースを検索　Alt+数字：画面の切り替え")
        )
        hint.setObjectName("shortcutHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        today = self.today or date.today()
        totals = self.book.totals(today)
        self.period.setText(
            self.tr("現在の期間：{period}").format(
                period=FiscalQuarter.containing(today).label_ja()
            )
        )
        for key, tile in self.tiles.items():
            value = totals.get(key, 0)
            tile.set_value(value, alert=key == "follow_ups_overdue" and value > 0)
