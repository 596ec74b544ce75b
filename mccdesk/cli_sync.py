"""Subcommands for quarterly summaries and the file drop; registered by mccdesk.cli.

`key fingerprint` and `key export FILE` are parsed by mccdesk.cli's `key` parser; their handling
lives here (this module's COMMANDS is merged after mccdesk.cli's, so "key" dispatches through
`cmd_key`, which hands `key rotate` back to mccdesk.cli).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:  # type: ignore[type-arg]
    """Add this feature's subcommands to `mccdesk`'s parser."""


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


COMMANDS: dict[str, Callable[[argparse.Namespace, Any], int]] = {"key": cmd_key}
