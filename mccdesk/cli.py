"""`mccdesk …`: the command line for administrators and scheduled tasks.

Exit codes: 0 done, 2 usage, 3 locked (no key, wrong key, no credential store), 4 bad input,
5 damaged or unusable file. Messages are Japanese unless `--lang en`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mccdesk import logs
from mccdesk.errors import MccdeskError, UsageError
from mccdesk.paths import default_data_dir, default_demo_dir
from mccdesk.version import generator

log = logging.getLogger(__name__)


class Console:
    """Bilingual output: every line is given in Japanese and English."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def say(self, ja: str, en: str) -> None:
        print(ja if self.lang == "ja" else en, flush=True)

    def warn(self, ja: str, en: str) -> None:
        print(ja if self.lang == "ja" else en, file=sys.stderr, flush=True)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(detail=message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mccdesk", description="医療的ケア児支援センター ブランチ用ケースブック")
    p.add_argument("--data-dir", type=Path, help="case book folder (or MCCDESK_DATA_DIR)")
    p.add_argument("--lang", choices=("ja", "en"), default=os.environ.get("MCCDESK_LANG", "ja"))
    p.add_argument("--version", action="version", version=generator())
    p.add_argument("--self-test", action="store_true", help="自己診断 / check this installation")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    init = sub.add_parser("init", help="新しいケースブックを作る / create a case book")
    init.add_argument("--branch-id", required=True)
    init.add_argument("--branch-name", required=True)
    init.add_argument("--area", required=True, help="area code, e.g. yokosuka-miura")
    init.add_argument("--coordinator", help="first coordinator's name")
    init.add_argument("--prefecture-package", type=Path, help="the prefecture's reference package")
    init.add_argument("--prefecture-fingerprint", help="its fingerprint, as read out by phone")
    init.add_argument("--recovery-sheet", type=Path, help="回復キーシートを保存 FILE.pdf")

    demo = sub.add_parser("demo", help="架空の人物でデモ用ケースブックを作る / make a demo book")
    demo.add_argument("--children", type=int, default=120)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--open", action="store_true", help="then open the app on it")
    demo.add_argument("--force", action="store_true", help="replace an existing demo book")

    imp = sub.add_parser("import", help="Excel/CSV から相談ケースを取り込む / import cases")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true")

    unlock = sub.add_parser("unlock", help="回復キーで開く / unlock with the recovery key")
    unlock.add_argument("--recovery-key", required=True)

    key = sub.add_parser("key", help="鍵の管理 / key management")
    key_sub = key.add_subparsers(dest="key_command", parser_class=_Parser, required=True)
    rotate = key_sub.add_parser("rotate", help="鍵を更新する / re-key the case book")
    rotate.add_argument("--recovery-sheet", type=Path, help="回復キーシートを保存 FILE.pdf")
    key_sub.add_parser("fingerprint", help="署名鍵の指紋 / signing key fingerprint")
    key_export = key_sub.add_parser("export", help="署名鍵の登録ファイル / key registration file")
    key_export.add_argument("file", type=Path)

    backup = sub.add_parser("backup", help="暗号化したバックアップ / encrypted backup")
    backup.add_argument("file", type=Path)
    restore = sub.add_parser("restore", help="バックアップから復元 / restore a backup")
    restore.add_argument("file", type=Path)
    sub.add_parser("check", help="整合性の検査 / integrity checks")
    sub.add_parser("info", help="ケースブックの概要 / what is in the case book")
    for module in _feature_modules():
        module.add_parsers(sub, _Parser)
    return p


def _feature_modules() -> list:  # type: ignore[type-arg]
    """Features that bring their own subcommands (printing, summaries), each in its own module."""
    from mccdesk import cli_prefecture, cli_reports, cli_sync

    return [cli_reports, cli_sync, cli_prefecture]


# --- commands -----------------------------------------------------------------------------------


def _print_recovery_key(out: Console, key: bytes) -> None:
    from mccdesk.casebook import CaseBook

    out.say(
        "回復キー（この一度だけ表示します。印刷して金庫などに保管してください）:",
        "Recovery key (shown this once: print it and keep it in the office safe):",
    )
    text = CaseBook.recovery_key_text(key)
    out.say(text, text)


def cmd_init(args: argparse.Namespace, out: Console) -> int:
    from mccdesk import cli_reports
    from mccdesk.casebook import CaseBook
    from mccdesk.sync import reference

    prefecture = None
    if (args.prefecture_package is None) != (args.prefecture_fingerprint is None):
        raise UsageError(detail="--prefecture-package and --prefecture-fingerprint go together")
    if args.prefecture_package is not None:  # checked before anything is created
        prefecture = reference.check_package(args.prefecture_package, args.prefecture_fingerprint)
    if args.recovery_sheet is not None:
        cli_reports.check_new_file(args.recovery_sheet)
    book, key = CaseBook.create(
        args.data_dir, branch_id=args.branch_id, branch_name=args.branch_name, area=args.area
    )
    with book:
        if args.coordinator:
            book.add_coordinator(args.coordinator)
        if prefecture is not None:
            reference.pin(book, prefecture)
            out.say(
                f"県の公開鍵を登録しました（指紋 {prefecture.fingerprint}）。",
                f"The prefecture's public key is pinned (fingerprint {prefecture.fingerprint}).",
            )
        out.say(
            f"ケースブックを作成しました: {args.data_dir}", f"Case book created: {args.data_dir}"
        )
        info = book.info()
    _print_recovery_key(out, key)
    if args.recovery_sheet is not None:
        return cli_reports.save_recovery_sheet(args.recovery_sheet, info, key, out)
    return 0


def cmd_demo(args: argparse.Namespace, out: Console) -> int:
    from mccdesk import demo

    folder = args.data_dir
    made = demo.make_demo_book(folder, children=args.children, seed=args.seed, replace=args.force)
    if made is None:  # an existing demo book was kept (no --force)
        out.say(
            f"既存のデモ用ケースブックを使います（作り直すには --force）: {folder}",
            f"Using the existing demo case book (--force makes a new one): {folder}",
        )
    else:
        out.say(
            f"デモ用ケースブック（架空の人物）を作成しました: {folder}",
            f"Demo case book (synthetic people) created: {folder}",
        )
    if args.open:
        return _run_app(folder)
    return 0


def cmd_import(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook
    from mccdesk.importer import import_file

    with CaseBook.open(args.data_dir) as book:
        report = import_file(book, args.file, dry_run=args.dry_run)
    for line in report.lines(out.lang):
        out.say(line, line)
    return 0


def cmd_unlock(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook

    CaseBook.unlock(args.data_dir, args.recovery_key)
    out.say(
        "回復キーで鍵を確認し、このPCのこのユーザーに保存しました。",
        "The recovery key was accepted and the key is now stored for this user on this PC.",
    )
    return 0


def cmd_key(args: argparse.Namespace, out: Console) -> int:
    from mccdesk import cli_reports
    from mccdesk.casebook import CaseBook

    sheet = getattr(args, "recovery_sheet", None)  # only `key rotate` has it
    if sheet is not None:
        cli_reports.check_new_file(sheet)
    with CaseBook.open(args.data_dir) as book:
        key = book.rotate_key()
        info = book.info()
    out.say(
        "鍵を更新しました。以前の回復キーはもう使えません。",
        "The key was changed. The previous recovery key no longer works.",
    )
    _print_recovery_key(out, key)
    if sheet is not None:
        return cli_reports.save_recovery_sheet(sheet, info, key, out)
    return 0


def cmd_backup(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook

    with CaseBook.open(args.data_dir) as book:
        path = book.backup(args.file)
    out.say(f"バックアップを作成し、検査しました: {path}", f"Backup written and verified: {path}")
    return 0


def cmd_restore(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook

    kept = CaseBook.restore(args.data_dir, args.file)
    out.say(
        f"復元しました。置き換える前のファイルは残してあります: {kept}",
        f"Restored. The replaced file was kept: {kept}",
    )
    return 0


def cmd_check(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook
    from mccdesk.errors import CaseBookDamaged

    problems = CaseBook.check(args.data_dir)
    if problems:
        for p in problems[:50]:
            out.warn(p, p)
        raise CaseBookDamaged(detail=f"{len(problems)} problem(s)")
    out.say(
        "整合性の検査: 問題ありません（SQLCipher と SQLite の両方）。",
        "Integrity checks passed (SQLCipher and SQLite).",
    )
    return 0


def cmd_info(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook

    with CaseBook.open(args.data_dir) as book:
        info, totals = book.info(), book.totals()
    demo = "（デモ・架空の人物）" if info.demo else ""
    out.say(
        f"{info.branch_name}{demo} 児童 {totals['children']} 人、相談ケース {totals['cases']} 件"
        f"（継続中 {totals['open_cases']} 件）",
        f"{info.branch_name}{' (demo, synthetic people)' if info.demo else ''}: "
        f"{totals['children']} children, {totals['cases']} cases ({totals['open_cases']} open)",
    )
    return 0


def _run_app(folder: Path | None) -> int:
    from mccdesk.ui.app import run

    return run(folder)


COMMANDS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "import": cmd_import,
    "unlock": cmd_unlock,
    "key": cmd_key,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "check": cmd_check,
    "info": cmd_info,
}


def main(argv: Sequence[str] | None = None) -> int:
    logs.configure()
    lang = "en" if "--lang=en" in (argv or sys.argv) or _pair(argv, "--lang", "en") else "ja"
    out = Console(lang)
    try:
        args = _parser().parse_args(argv)
        out.lang = args.lang
        if args.self_test:
            from mccdesk import selftest

            return selftest.main(args.lang)
        if args.command is None:
            return _run_app(args.data_dir)
        if args.data_dir is None:
            args.data_dir = default_demo_dir() if args.command == "demo" else default_data_dir()
        log.info("command %s", args.command)
        commands = dict(COMMANDS)
        for module in _feature_modules():
            commands.update(module.COMMANDS)
        return commands[args.command](args, out)
    except MccdeskError as exc:
        log.info("refused: %s (exit %d)", type(exc).__name__, exc.exit_code)
        out.warn(exc.message("ja"), exc.message("en"))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("unexpected error")
        out.warn(
            f"予期しないエラーが発生しました。ログ: {logs.log_dir()}",
            f"An unexpected error occurred. Log: {logs.log_dir()}",
        )
        return 1


def _pair(argv: Sequence[str] | None, flag: str, value: str) -> bool:
    items = list(argv if argv is not None else sys.argv[1:])
    return any(
        a == flag and i + 1 < len(items) and items[i + 1] == value for i, a in enumerate(items)
    )


if __name__ == "__main__":
    sys.exit(main())
