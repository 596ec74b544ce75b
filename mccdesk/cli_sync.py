"""Subcommands for quarterly summaries and the file drop; registered by mccdesk.cli.

`key fingerprint` and `key export FILE` are parsed by mccdesk.cli's `key` parser; their handling
lives here (this module's COMMANDS is merged after mccdesk.cli's, so "key" dispatches through
`cmd_key`, which hands `key rotate` back to mccdesk.cli).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

STATE_JA = {
    "draft": "下書き",
    "approved": "承認済み・送信待ち",
    "delivered": "送信済み",
    "acknowledged": "県が受領",
    "refused": "県が不受理",
}


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:  # type: ignore[type-arg]
    """Add this feature's subcommands to `mccdesk`'s parser."""
    summary = sub.add_parser("summary", help="四半期集計 / quarterly summaries")
    s_sub = summary.add_subparsers(dest="summary_command", parser_class=parser_class, required=True)
    build = s_sub.add_parser("build", help="確認用に集計を作る / prepare a summary for review")
    build.add_argument("--period", required=True, help="e.g. FY2024-Q3")
    approve = s_sub.add_parser("approve", help="署名して送信待ちにする / sign and queue")
    approve.add_argument("--period", help="the draft's period (if there are several)")
    show = s_sub.add_parser("show", help="集計表を表示 / print the tables")
    show.add_argument("period")
    show.add_argument("--json", action="store_true", help="the signed content as JSON")
    show.add_argument("--pdf", type=Path, metavar="FILE", help="集計報告PDFを保存 / save a PDF")
    s_sub.add_parser("status", help="各期間の状態 / each period's state")

    sync = sub.add_parser("sync", help="共有フォルダへ送信・受領確認 / deliver and collect")
    sync.add_argument(
        "--drop", type=Path, help="the shared drop folder (default: the one set in the app)"
    )

    trust = sub.add_parser("trust-prefecture", help="県の公開鍵を登録 / pin the prefecture key")
    trust.add_argument("file", type=Path, help="the prefecture's signed reference package")
    trust.add_argument("--fingerprint", required=True, help="as read out by the prefecture")


def cmd_key(args: argparse.Namespace, out: Any) -> int:
    from mccdesk import cli
    from mccdesk.casebook import CaseBook
    from mccdesk.sync import keys

    if args.key_command == "fingerprint":
        with CaseBook.open(args.data_dir) as book:
            fp = keys.branch_fingerprint(book)
        out.say(f"署名鍵の指紋: {fp}", f"Signing key fingerprint: {fp}")
        return 0
    if args.key_command == "export":
        with CaseBook.open(args.data_dir) as book:
            path = keys.export_registration(book, args.file)
            fp = keys.branch_fingerprint(book)
        out.say(
            f"登録ファイルを書き出しました: {path}\n県へ電話でこの指紋を伝えてください: {fp}",
            f"Registration file written: {path}\nRead this fingerprint to the prefecture: {fp}",
        )
        return 0
    return cli.cmd_key(args, out)


def _open(args: argparse.Namespace) -> Any:
    from mccdesk.casebook import CaseBook

    return CaseBook.open(args.data_dir)


def _print_tables(content: bytes, out: Any) -> None:
    """Labels from the reference vocabularies, in the chosen language; `--json` keeps codes."""
    from mccdesk.reference import reference
    from mccdesk.sync.summary import table_lines

    for line in table_lines(json.loads(content), reference(), out.lang):
        out.say(line, line)


def cmd_summary(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.periods import FiscalQuarter
    from mccdesk.sync import outbox

    command = args.summary_command
    with _open(args) as book:
        if command == "build":
            period = FiscalQuarter.parse(args.period)
            entry = outbox.build_draft(book, period)
            _print_tables(entry.content, out)
            out.say(
                f"{period.code} の集計（下書き）を作りました。内容を確認して"
                f" `mccdesk summary approve --period {period.code}` で承認してください。",
                f"Summary draft for {period.code} prepared. Review it, then approve with"
                f" `mccdesk summary approve --period {period.code}`.",
            )
            return 0
        if command == "approve":
            period = FiscalQuarter.parse(args.period) if args.period else None
            entry = outbox.approve(book, period)
            out.say(
                f"{entry.period} 第{entry.revision}版を承認し、送信待ちにしました:"
                f" {entry.file_name}",
                f"{entry.period} revision {entry.revision} approved and queued: {entry.file_name}",
            )
            return 0
        if command == "show":
            entry = outbox.latest(book, FiscalQuarter.parse(args.period))
            if args.json:
                text = json.dumps(
                    outbox.as_json(entry), ensure_ascii=False, indent=2, sort_keys=True
                )
                out.say(text, text)
            else:
                state = entry.state
                out.say(f"{entry.period}: {STATE_JA[state]}", f"{entry.period}: {state}")
                _print_tables(entry.content, out)
            if args.pdf:
                from mccdesk.reports.summary_report import from_content
                from mccdesk.safe_files import write_file

                write_file(args.pdf, from_content(book, entry.content))
                out.say(f"集計報告PDFを保存しました: {args.pdf}", f"Summary PDF saved: {args.pdf}")
            return 0
        entries = outbox.entries(book)
        if not entries:
            out.say("集計はまだありません。", "No summaries yet.")
        for e in entries:
            rev = "-" if e.revision is None else f"r{e.revision}"
            extra_ja = extra_en = ""
            if e.state == "refused":
                extra_ja = extra_en = f": {e.reason}"
            elif e.state == "approved" and e.last_error:
                extra_ja = f"（未送信: {e.last_error}）"
                extra_en = f" (queued: {e.last_error})"
            out.say(
                f"{e.period} {rev} {STATE_JA[e.state]}{extra_ja} {e.file_name or ''}".rstrip(),
                f"{e.period} {rev} {e.state}{extra_en} {e.file_name or ''}".rstrip(),
            )
        return 0


def cmd_sync(args: argparse.Namespace, out: Any) -> int:
    """Exit 0 even when the drop cannot be reached: the summaries stay queued (and it says so)."""
    from mccdesk.errors import DropFolderNotSet
    from mccdesk.sync import drop

    with _open(args) as book:
        folder = args.drop or book.settings().drop_folder  # set once, in the app's settings
        if not folder:
            raise DropFolderNotSet()
        report = drop.sync(book, Path(folder))
    for name, state, reason in report.answered:
        why = f": {reason}" if reason else ""
        out.say(
            f"県からの通知 {name}: {STATE_JA[state]}{why}",
            f"Prefecture answer {name}: {state}{why}",
        )
    for name in report.delivered:
        out.say(f"送信しました: {name}", f"Delivered: {name}")
    for name in report.already_there:
        out.say(f"送信済みを確認しました: {name}", f"Already delivered: {name}")
    for name, why in report.queued:
        out.warn(
            f"送信できませんでした。送信待ちのまま残ります: {name}（{why}）",
            f"Not delivered; it stays queued: {name} ({why})",
        )
    for warning in report.warnings:
        out.warn(f"注意: {warning}", f"Warning: {warning}")
    if not (report.delivered or report.already_there or report.queued or report.answered):
        out.say("送信するものはありません。", "Nothing to deliver.")
    return 0


def cmd_trust_prefecture(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.sync import reference

    keys = reference.check_package(args.file, args.fingerprint)
    with _open(args) as book:
        reference.pin(book, keys)
    out.say(
        f"県の公開鍵を登録しました（指紋 {keys.fingerprint}）。",
        f"The prefecture's public key is pinned (fingerprint {keys.fingerprint}).",
    )
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Any], int]] = {
    "key": cmd_key,
    "summary": cmd_summary,
    "sync": cmd_sync,
    "trust-prefecture": cmd_trust_prefecture,
}
