"""Subcommands for printing documents (referral sheets…); registered by mccdesk.cli.

    mccdesk referral-sheet                      list the referrals to choose from
    mccdesk referral-sheet ID -o FILE.pdf [--background TEXT]

The PDF is rendered in memory and written atomically (FILE.partial, then renamed); every saved
document is recorded in the audit log.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mccdesk.errors import UsageError
from mccdesk.safe_files import write_file


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:  # type: ignore[type-arg]
    """Add this feature's subcommands to `mccdesk`'s parser."""
    p = sub.add_parser(
        "referral-sheet", help="紹介状（情報提供書）をPDFで保存 / save a referral sheet as PDF"
    )
    p.add_argument("referral_id", type=int, nargs="?", help="紹介ID（省略すると一覧）")
    p.add_argument("-o", "--output", type=Path, help="保存先 FILE.pdf")
    p.add_argument("--background", help="経過欄に印刷する文（ケースのメモの代わり）")


def check_new_file(path: Path) -> None:
    """Refuse a recovery-sheet path before the key is made or changed, so nothing is half done."""
    if path.exists():
        raise UsageError(detail=f"--recovery-sheet: the file already exists: {path}")
    if not path.parent.is_dir():
        raise UsageError(detail=f"--recovery-sheet: no such folder: {path.parent}")


def save_recovery_sheet(path: Path, info: Any, key: bytes, out: Any) -> int:
    """Write the recovery-key sheet for `key` (owner-only), after the key was printed once.

    A sheet that cannot be written is reported (exit 5), never retried with the key elsewhere:
    the key on the screen is then the only copy besides this user's credential store."""
    from datetime import date

    from mccdesk.casebook import CaseBook
    from mccdesk.reports.recovery_key_sheet import RecoveryKeySheet

    text = CaseBook.recovery_key_text(key)
    key_id = CaseBook.key_id_of(key)
    pdf = RecoveryKeySheet(info.branch_name, info.book_id, text, date.today(), key_id).generate()
    try:
        write_file(path, pdf)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        out.warn(
            f"回復キーシートを保存できませんでした（{why}）: {path}\n"
            "上に表示した回復キーを書き写して保管してください。",
            f"The recovery-key sheet could not be saved ({why}): {path}\n"
            "Copy the recovery key shown above and keep it safe.",
        )
        return 5
    out.say(
        f"回復キーシートを保存しました（このユーザーだけが読めます）: {path}\n"
        "印刷して金庫などに保管したら、このファイルは削除してください。",
        f"Recovery-key sheet saved (readable by this user only): {path}\n"
        "Print it, keep the paper in the office safe, then delete this file.",
    )
    return 0


def _list_referrals(book: Any, out: Any) -> int:
    rows = []
    for r in book.referrals():
        case = book.case(r.case_id)
        resource = book.store.resource(r.resource_id)
        rows.append((str(r.id), r.referred_on.isoformat(), case.child_name or "-", resource.name))
    if not rows:
        out.say("紹介はまだありません。", "There are no referrals yet.")
        return 0
    head = ("ID", "紹介日", "児童", "紹介先") if out.lang == "ja" else ("ID", "Date", "Child", "To")
    widths = [max(_width(x) for x in col) for col in zip(head, *rows, strict=False)]
    for row in (head, *rows):
        line = "  ".join(
            cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
        )
        out.say(line.rstrip(), line.rstrip())
    out.say(
        "印刷: mccdesk referral-sheet ID -o FILE.pdf",
        "Print: mccdesk referral-sheet ID -o FILE.pdf",
    )
    return 0


def _width(text: str) -> int:
    """Display width: full-width characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cmd_referral_sheet(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.casebook import CaseBook
    from mccdesk.reports.referral_sheet import ReferralSheet, referral_sheet_data

    with CaseBook.open(args.data_dir) as book:
        if args.referral_id is None:
            return _list_referrals(book, out)
        if args.output is None:
            raise UsageError(detail="-o FILE.pdf is required")
        data = referral_sheet_data(book, args.referral_id, background=args.background)
        pdf = ReferralSheet(data).generate()
        write_file(args.output, pdf)
        book.store.record_event("print", "referral", args.referral_id, book.coordinator_id)
    out.say(f"紹介状を保存しました: {args.output}", f"Referral sheet saved: {args.output}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Any], int]] = {
    "referral-sheet": cmd_referral_sheet,
}
