"""`mccdesk …`: the command line for administrators and scheduled tasks.

Exit codes: 0 done, 2 usage, 3 locked (no key, wrong key, no credential store), 4 bad input,
5 damaged or unusable file, 6 disk full, 7 read-only place (write-protected, no permission),
8 a file that cannot be opened (missing folder, unplugged drive, in use), 9 an I/O error.
6-9 never mean the file is damaged. Messages are Japanese unless `--lang en`.

A recovery key is never needed on the command line (where the process list and the shell
history would show it): commands that need one ask for it (typed without echo), or read it from
`--recovery-key-file FILE`, or from standard input when that is not a terminal. `--recovery-key`
still works for old scripts, with a warning.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import secrets
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mccdesk import errors, logs
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

    def notice(self, notice: errors.Notice) -> None:
        self.warn(notice.message("ja"), notice.message("en"))


# --- the recovery key, never from argv unless a script insists ----------------------------------

RECOVERY_KEY_FILE_CAP = 4096


def add_recovery_key_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--recovery-key-file",
        type=Path,
        metavar="FILE",
        help="回復キーを書いたファイル / a file holding the recovery key",
    )
    parser.add_argument(
        "--recovery-key",
        help="非推奨: プロセス一覧と履歴に残ります / discouraged: visible in the process list",
    )


def read_line(out: Console, ja: str, en: str, *, secret: bool) -> str:
    """One line typed by the person: without echo from a terminal when `secret`, else from
    standard input (a pipe or a file, e.g. a script or a test). The prompt goes to stderr."""
    prompt = (ja if out.lang == "ja" else en) + " "
    stdin = sys.stdin
    try:
        if stdin is not None and stdin.isatty():
            return getpass.getpass(prompt) if secret else input(prompt)
        print(prompt, end="", file=sys.stderr, flush=True)
        line = stdin.readline() if stdin is not None else ""
    except (EOFError, OSError, KeyboardInterrupt):
        line = ""
    print(file=sys.stderr, flush=True)
    return line


def recovery_key_text(args: argparse.Namespace, out: Console, ja: str, en: str) -> str:
    """The recovery key: from --recovery-key-file, else asked for (prompt, or stdin); the
    --recovery-key flag is taken with a warning."""
    if getattr(args, "recovery_key", None):
        out.notice(errors.RecoveryKeyInArguments())
        return str(args.recovery_key)
    path = getattr(args, "recovery_key_file", None)
    if path is not None:
        from mccdesk import safe_files

        try:
            data = safe_files.read_regular(Path(path), RECOVERY_KEY_FILE_CAP)
        except OSError as exc:
            raise UsageError(
                detail=f"--recovery-key-file: {exc.strerror or type(exc).__name__}: {path}"
            ) from None
        text = data.decode("utf-8", "replace").strip()
    else:
        text = read_line(out, ja, en, secret=True).strip()
    if not text:
        raise errors.RecoveryKeyNotGiven()
    return text


def _ask_unlock_key(args: argparse.Namespace, out: Console) -> str:
    return recovery_key_text(
        args,
        out,
        "回復キー（6桁×16グループ、入力は表示されません）:",
        "Recovery key (16 groups of 6 digits; not shown as you type):",
    )


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
    add_recovery_key_options(unlock)

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
    add_recovery_key_options(restore)
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


def _print_recovery_key(out: Console, key: bytes, key_id: str) -> None:
    from datetime import date

    from mccdesk.casebook import CaseBook

    out.say(
        "回復キー（この一度だけ表示します。印刷して金庫などに保管してください）:",
        "Recovery key (shown this once: print it and keep it in the office safe):",
    )
    text = CaseBook.recovery_key_text(key)
    out.say(text, text)
    today = date.today().isoformat()
    out.say(
        f"鍵ID {key_id}（{today} 発行）。バックアップには、開くのに必要な鍵IDが記録されます。",
        f"Key ID {key_id} (issued {today}). Each backup records the key ID that opens it.",
    )


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
        key_id = book.key_id
    _print_recovery_key(out, key, key_id)
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

    progress = None
    if sys.stderr.isatty():  # a person watching: one line, rewritten in place

        def progress(step) -> None:  # type: ignore[no-untyped-def]
            print("\r" + step.text(out.lang), end="", file=sys.stderr, flush=True)

    with CaseBook.open(args.data_dir) as book:
        try:
            report = import_file(book, args.file, dry_run=args.dry_run, progress=progress)
        finally:
            if progress is not None:
                print(file=sys.stderr)
    for line in report.lines(out.lang):
        out.say(line, line)
    return 0


def cmd_unlock(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook

    CaseBook.unlock(args.data_dir, _ask_unlock_key(args, out))
    out.say(
        "回復キーで鍵を確認し、このPCのこのユーザーに保存しました。",
        "The recovery key was accepted and the key is now stored for this user on this PC.",
    )
    return 0


CONFIRM_TRIES = 3


def confirm_recovery_key(out: Console, text: str, where_ja: str, where_en: str) -> bool:
    """Ask the person to type one group (chosen at random) of the recovery key back, from the
    printed sheet: True once they have; False after CONFIRM_TRIES wrong answers or none."""
    groups = text.split("-")
    number = secrets.randbelow(len(groups)) + 1
    for _ in range(CONFIRM_TRIES):
        typed = read_line(
            out,
            f"{where_ja}確認のため、新しい回復キーの第{number}グループ（左から{number}番目、"
            "6桁）を入力してください（全体を入力しても構いません）:",
            f"{where_en}To confirm, type group {number} (the {number}th from the left, 6 "
            "digits) of the new recovery key (or the whole key):",
            secret=False,
        )
        answer = "".join(ch for ch in unicodedata.normalize("NFKC", typed) if ch.isdigit())
        if not answer:
            return False
        if answer in (groups[number - 1], "".join(groups)):
            return True
        out.warn(
            "入力が一致しません。シートを確認してもう一度入力してください。",
            "That does not match. Check the sheet and type it again.",
        )
    return False


def cmd_key(args: argparse.Namespace, out: Console) -> int:
    from mccdesk import cli_reports
    from mccdesk.casebook import CaseBook

    sheet = getattr(args, "recovery_sheet", None)  # only `key rotate` has it
    if sheet is not None:
        cli_reports.check_new_file(sheet)
    saved: dict[str, int] = {}

    with CaseBook.open(args.data_dir) as book:
        info = book.info()
        old_id = book.key_id

        def show(key: bytes, key_id: str) -> None:
            out.say(
                "新しい鍵を作りました。まだ切り替えていません（今の回復キー"
                f"（鍵ID {old_id}）が有効なままです）。",
                "A new key was made. Nothing has been switched yet (the current recovery key, "
                f"key ID {old_id}, stays valid).",
            )
            _print_recovery_key(out, key, key_id)
            if sheet is not None:
                saved["code"] = cli_reports.save_recovery_sheet(sheet, info, key, out)

        def confirm(key: bytes) -> bool:
            where = ("印刷したシートを見て、", "Print the sheet, then from it: ")
            return confirm_recovery_key(out, CaseBook.recovery_key_text(key), *where)

        book.rotate_key(show=show, confirm=confirm)
        new_id = book.key_id
    out.say(
        f"鍵を更新しました。これからは新しい回復キー（鍵ID {new_id}）が有効です。"
        f"以前の回復キー（鍵ID {old_id}）では今のケースブックは開けませんが、更新前に作った"
        "バックアップは以前の回復キーで開きます。そのバックアップを残す間は、以前のシートも"
        "保管してください。",
        f"The key was changed. From now on the new recovery key (key ID {new_id}) is the valid "
        f"one. The previous one (key ID {old_id}) no longer opens the case book, but backups "
        "made before the change open with it: keep the previous sheet as long as you keep "
        "those backups.",
    )
    return saved.get("code", 0)


def cmd_backup(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook

    with CaseBook.open(args.data_dir) as book:
        path = book.backup(args.file)
        key_id = book.key_id
    out.say(
        f"バックアップを作成し、検査しました: {path}\n"
        f"このバックアップは鍵ID {key_id} の回復キーで開きます。",
        f"Backup written and verified: {path}\nIt opens with the recovery key of key ID {key_id}.",
    )
    return 0


def ask_backup_key(args: argparse.Namespace, out: Console, info: Any) -> str:
    """The recovery key for a backup no stored key opens; says which sheet it needs."""
    if info is not None:
        made = info.made_at[:10] or "?"
        out.warn(
            f"このバックアップ（{made} 作成）は、このPCに保存されている鍵では開けません。"
            f"鍵ID {info.key_id}（{info.issued} 発行）の回復キーシートの回復キーが必要です。",
            f"This backup (made {made}) does not open with a key stored on this PC. It needs the "
            f"recovery key from the sheet with key ID {info.key_id} (issued {info.issued}).",
        )
    else:
        out.warn(
            "このバックアップは、このPCに保存されている鍵では開けません。バックアップを作った"
            "時点で有効だった回復キーが必要です（鍵IDの記録ファイル .keyinfo.json がありません）。",
            "This backup does not open with a key stored on this PC. It needs the recovery key "
            "that was valid when it was made (there is no .keyinfo.json file beside it).",
        )
    return _ask_unlock_key(args, out)


def cmd_restore(args: argparse.Namespace, out: Console) -> int:
    from mccdesk.casebook import CaseBook

    restored = CaseBook.restore(
        args.data_dir, args.file, lambda info: ask_backup_key(args, out, info)
    )
    say_restored(out, restored, args.data_dir)
    return 0


def say_restored(out: Console, restored: Any, folder: Path) -> None:
    if restored.kept is not None:
        out.say(
            f"復元しました。置き換える前のファイルは残してあります: {restored.kept}",
            f"Restored. The replaced file was kept: {restored.kept}",
        )
    else:
        out.say(
            f"復元しました: {folder}（鍵はこのPCのこのユーザーに保存しました）",
            f"Restored into {folder} (the key is stored for this user on this PC).",
        )
    if restored.rekeyed:
        out.say(
            "このバックアップは以前の鍵で作られていたため、今の鍵にかけ直しました。"
            f"今の回復キー（鍵ID {restored.key_id}）が引き続き有効です。",
            "The backup was made under an earlier key, so it was re-keyed to the current one: "
            f"the current recovery key (key ID {restored.key_id}) stays valid.",
        )
    else:
        out.say(
            f"鍵ID {restored.key_id} の回復キーで開きます。そのシートを保管してください。",
            f"It opens with the recovery key of key ID {restored.key_id}: keep that sheet.",
        )


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
        info, totals, key_id = book.info(), book.totals(), book.key_id
    demo = "（デモ・架空の人物）" if info.demo else ""
    out.say(
        f"{info.branch_name}{demo} 児童 {totals['children']} 人、相談ケース {totals['cases']} 件"
        f"（継続中 {totals['open_cases']} 件）",
        f"{info.branch_name}{' (demo, synthetic people)' if info.demo else ''}: "
        f"{totals['children']} children, {totals['cases']} cases ({totals['open_cases']} open)",
    )
    out.say(f"鍵ID {key_id}", f"Key ID {key_id}")
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
    stop_listening = errors.listen(out.notice)  # rotation settled, key check rebuilt, warnings
    try:
        return _main(argv, out)
    finally:
        stop_listening()


def _main(argv: Sequence[str] | None, out: Console) -> int:
    args: argparse.Namespace | None = None
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
    except Exception as exc:
        found = _storage_error(exc, args)
        if found is not None:  # a full disk, read-only place, ...: never "damaged"
            log.info("refused: %s (exit %d)", type(found).__name__, found.exit_code)
            out.warn(found.message("ja"), found.message("en"))
            return found.exit_code
        log.exception("unexpected error")
        out.warn(
            f"予期しないエラーが発生しました。ログ: {logs.log_dir()}",
            f"An unexpected error occurred. Log: {logs.log_dir()}",
        )
        return 1


def _storage_error(exc: BaseException, args: argparse.Namespace | None) -> MccdeskError | None:
    folder = getattr(args, "data_dir", None) or default_data_dir()
    try:
        from mccdesk.casebook import CaseBook

        return CaseBook.storage_error(exc, Path(folder))
    except Exception:
        return None


def _pair(argv: Sequence[str] | None, flag: str, value: str) -> bool:
    items = list(argv if argv is not None else sys.argv[1:])
    return any(
        a == flag and i + 1 < len(items) and items[i + 1] == value for i, a in enumerate(items)
    )


if __name__ == "__main__":
    sys.exit(main())
