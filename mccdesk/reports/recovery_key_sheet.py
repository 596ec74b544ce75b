"""The recovery-key sheet (回復キーシート): printed once when a case book is made or re-keyed,
kept in the office safe. With it and the file anyone can read the case book."""

from __future__ import annotations

import re
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from mccdesk.periods import wareki
from mccdesk.reports.layout.fonts import GOTHIC, markup
from mccdesk.reports.layout.page import RULE, SHADE, PageMarks, render, stylesheet

TITLE = "ケースブック 回復キー"
GROUPS_PER_LINE = 4


class RecoveryKeySheet:
    def __init__(
        self, branch_name: str, book_id: str, recovery_text: str, on: date, key_id: str = ""
    ) -> None:
        self.branch_name = branch_name
        self.book_id = book_id
        self.key_id = key_id  # the key's public ID: backups name the sheet they need by it
        self.groups = [g for g in re.split(r"[^0-9]+", recovery_text) if g]
        self.on = on
        self.styles = stylesheet()

    def generate(self) -> bytes:
        marks = PageMarks(
            footer=f"{self.branch_name}　医療的ケア児支援センター",
            title_later=TITLE,
            confidential=True,
        )
        return render(self._story(), marks, title=TITLE, author=self.branch_name)

    def _key_table(self) -> Table:
        rows = [
            self.groups[i : i + GROUPS_PER_LINE]
            for i in range(0, len(self.groups), GROUPS_PER_LINE)
        ]
        numbered = [
            [f"{i * GROUPS_PER_LINE + 1:>2}–", *row, *[""] * (GROUPS_PER_LINE - len(row))]
            for i, row in enumerate(rows)
        ]
        table = Table(numbered, colWidths=[14 * mm] + [34 * mm] * GROUPS_PER_LINE)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (0, -1), GOTHIC, 9),
                    ("TEXTCOLOR", (0, 0), (0, -1), RULE),
                    ("FONT", (1, 0), (-1, -1), GOTHIC, 20),
                    ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 9),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 11),
                    ("BOX", (0, 0), (-1, -1), 1.2, RULE),
                    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ]
            )
        )
        return table

    def _story(self) -> list[Flowable]:
        s = self.styles
        p = Paragraph
        steps = [
            "このシートは金庫など鍵のかかる場所に保管し、コピー・撮影・メール送信をしないで"
            "ください。",
            "パソコンの入れ替えや故障、Windows のユーザーを作り直したときなど、ケースブックの鍵が"
            "見つからないと表示されたら、この回復キーで開きます。<br/>"
            "コマンド: <font name='MccGothic'>mccdesk unlock</font>（回復キーの入力を求めます。"
            "新しいPCでは <font name='MccGothic'>mccdesk restore &lt;バックアップ&gt;</font>）<br/>"
            "（数字はハイフンまたは空白で区切って入力します。打ち間違いはグループごとに検出され"
            "ます。）",
            "<b>この回復キーとケースブックのファイルの両方を持つ人は、誰でもケースブックの中身"
            "（児童の個人情報）を読むことができます。</b>ファイルのバックアップとは別の場所に"
            "保管してください。",
            "鍵を更新（mccdesk key rotate）すると、このシートでは今のケースブックは開けなくなり"
            "ますが、更新前に作ったバックアップはこのシートで開きます。そのバックアップを残す間は"
            "このシートも保管し、すべて処分してからシュレッダーにかけてください。",
        ]
        return [
            p(wareki(self.on), s["right"]),
            Spacer(0, 3 * mm),
            p(TITLE, s["title"]),
            p(f"ブランチ　{markup(self.branch_name)}", s["body"]),
            p(f"ケースブックID　{markup(self.book_id)}", s["body"]),
            p(f"作成日　{wareki(self.on)}", s["body"]),
            *([p(f"鍵ID　{markup(self.key_id)}", s["body"])] if self.key_id else []),
            Spacer(0, 6 * mm),
            p(
                f"回復キー（6桁×{len(self.groups)}グループ、左上から右へ順に）",
                s["heading"],
            ),
            self._key_table(),
            Spacer(0, 6 * mm),
            p("保管と使い方", s["heading"]),
            *(p(f"{i}．{text}", s["body"]) for i, text in enumerate(steps, 1)),
            Spacer(0, 8 * mm),
            p("保管者　＿＿＿＿＿＿＿＿＿＿　　保管場所　＿＿＿＿＿＿＿＿＿＿", s["body"]),
        ]
