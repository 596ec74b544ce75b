"""Subcommands for quarterly summaries and the file drop; registered by mccdesk.cli."""

from __future__ import annotations

import argparse
from collections.abc import Callable

COMMANDS: dict[str, Callable[[argparse.Namespace, object], int]] = {}


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:  # type: ignore[type-arg]
    """Add this feature's subcommands to `mccdesk`'s parser."""
