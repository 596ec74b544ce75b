"""The first window, until the real screens exist: the open case book and its headline counts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter

DEMO_BANNER = "デモ用ケースブック：架空の人物のデータです。実際の相談は記録しないでください。"
# (key of CaseBook.totals(), label, unit), in the order they are shown.
COUNTS = (
    ("children", "児童", "人"),
    ("cases", "相談ケース", "件"),
    ("open_cases", "継続中", "件"),
    ("referrals_waiting", "回答待ちのつなぎ", "件"),
    ("follow_ups_overdue", "期限切れのモニタリング", "件"),
)
STYLE = """
#demoBanner {
    background: #e8730c; color: white; font-weight: bold;
    padding: 10px 16px; border-radius: 4px;
}
#countTile { background: #f4f6f8; border: 1px solid #d0d5da; border-radius: 6px; }
#countTile[alert="true"] { background: #fdecea; border-color: #d93025; }
#countNumber { color: #1a1a1a; }
#countTile[alert="true"] #countNumber { color: #b3261e; }
#countLabel, #periodLabel, #placeholderNote { color: #444; }
"""


def _scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    bigger = QFont(font)
    bigger.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    bigger.setBold(bold)
    return bigger


class CountTile(QFrame):
    """One large number with its Japanese label."""

    def __init__(self, key: str, label: str, unit: str, value: int, alert: bool = False) -> None:
        super().__init__()
        self.setObjectName("countTile")
        self.setProperty("alert", alert)
        self.setAccessibleName(f"{label} {value}{unit}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.number = QLabel(f"{value:,}")
        self.number.setObjectName("countNumber")
        self.number.setProperty("count_key", key)
        self.number.setFont(_scaled(self.font(), 3.0, bold=True))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(f"{label}（{unit}）")
        self.caption.setObjectName("countLabel")
        self.caption.setFont(_scaled(self.font(), 1.1))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)


class PlaceholderWindow(QMainWindow):
    def __init__(self, book: CaseBook, today: date | None = None) -> None:
        super().__init__()
        self.book = book
        today = today or date.today()
        info = book.info()
        totals = book.totals(today)
        self.setWindowTitle(f"mccdesk — {info.branch_name}")
        self.setStyleSheet(STYLE)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)

        self.banner: QLabel | None = None
        if info.demo:
            self.banner = QLabel(DEMO_BANNER)
            self.banner.setObjectName("demoBanner")
            self.banner.setWordWrap(True)
            self.banner.setFont(_scaled(self.font(), 1.2, bold=True))
            layout.addWidget(self.banner)

        area = book.ref.area(info.area).label("ja")
        heading = QLabel(f"{info.branch_name}　{area}")
        heading.setObjectName("branchHeading")
        heading.setFont(_scaled(self.font(), 1.6, bold=True))
        heading.setWordWrap(True)
        layout.addWidget(heading)

        period = QLabel(f"現在の期間：{FiscalQuarter.containing(today).label_ja()}")
        period.setObjectName("periodLabel")
        period.setFont(_scaled(self.font(), 1.1))
        layout.addWidget(period)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.tiles: dict[str, CountTile] = {}
        for i, (key, label, unit) in enumerate(COUNTS):
            value = totals.get(key, 0)
            tile = CountTile(
                key, label, unit, value, alert=key == "follow_ups_overdue" and value > 0
            )
            self.tiles[key] = tile
            grid.addWidget(tile, i // 3, i % 3)
        layout.addLayout(grid)

        note = QLabel("この画面は仮のものです。相談の記録や検索の画面は準備中です。")
        note.setObjectName("placeholderNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

        self.setCentralWidget(central)
        self.resize(960, 600)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.book.close()
        super().closeEvent(event)
