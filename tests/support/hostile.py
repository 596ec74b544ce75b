"""What a hostile writer of the drop plants, and a way to run a reader that must not hang."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from mccdesk.sync import envelope

T = TypeVar("T")
DEEP = b"[" * 100_000  # json.loads recursed on it (RecursionError) before it was refused


def deep_summary() -> bytes:
    """A summary file whose framing is right and whose header is `[[[[…`."""
    body = len(DEEP).to_bytes(4, "big") + DEEP
    return envelope.MAGIC + len(body).to_bytes(4, "big") + body + b"\0" * envelope.SIG_LEN


def odd_name(stem: bytes, suffix: str) -> str:
    """A file name with bytes that are not UTF-8 (0xFF), as os.listdir gives it back."""
    return os.fsdecode(stem + suffix.encode())


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def link(path: Path, target: Path | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def _release(fifos: Iterable[Path]) -> None:
    """Open each FIFO for writing, so that a reader blocked opening it returns (then EOF)."""
    for path in fifos:
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def within(seconds: float, action: Callable[[], T], fifos: Iterable[Path] = ()) -> T:
    """`action()` in a thread; fails (never hangs the suite) if it has not returned in time."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = action()
        except BaseException as exc:  # handed to the test's thread below
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        _release(fifos)
        thread.join(10)
        raise AssertionError(f"still running after {seconds} s (blocked on a FIFO?)")
    if "error" in result:
        raise result["error"]
    return result["value"]
