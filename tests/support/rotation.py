"""Answering `mccdesk key rotate`'s confirmation in tests: the person types the new recovery
key back. In-process, a stand-in for stdin reads the new key where rotation keeps it while it
waits (the keyring's pending entry) and types all of it (which the prompt accepts)."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

from mccdesk.storage import recovery_key
from mccdesk.storage.keystore import KeyStore
from tests.support.fixtures_gen import ROOT


class TypesTheNewKey(io.StringIO):
    """stdin that answers the confirmation with the pending key of `book_id` (or `wrong`)."""

    def __init__(self, book_id: str, *, wrong: bool = False) -> None:
        super().__init__()
        self.book_id = book_id
        self.wrong = wrong
        self.asked = 0

    def isatty(self) -> bool:
        return False

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.asked += 1
        if self.wrong:
            return "000000\n"
        pending = KeyStore().get(self.book_id, "pending")
        assert pending is not None, "asked to confirm with no key pending"
        return recovery_key.encode(pending) + "\n"


RECOVERY_KEY_LINE = re.compile(r"\d{6}(?:-\d{6}){15}")


def rotate_in_subprocess(folder: Path, env: dict[str, str]) -> tuple[int, str]:
    """`mccdesk --data-dir folder key rotate` in its own process, as a person runs it: when the
    new recovery key is shown, it is typed back (whole). MCCDESK_FAULT in `env` kills it at that
    step. Returns the exit status and what it printed on stdout."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mccdesk.cli", "--data-dir", str(folder), "key", "rotate"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    printed = []
    for line in proc.stdout:
        printed.append(line)
        if RECOVERY_KEY_LINE.fullmatch(line.strip()):
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.write(line)  # the person types the whole key back
                proc.stdin.flush()
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.close()
    proc.wait(timeout=120)
    proc.stdout.close()
    return proc.returncode, "".join(printed)
