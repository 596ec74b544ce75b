"""Crash safety: processes killed mid-write or mid-rotation never leave a half-done case book.

Promise 6 of the security anchors: a writer killed with SIGKILL at random moments leaves
committed data, drops uncommitted data, and the case book still passes SQLCipher's page check
and SQLite's integrity check. Promise 7 (a key rotation killed after any step) is in
test_rotation_confirm.py.
"""

from __future__ import annotations

import random
import re
import subprocess
import time
from collections import defaultdict
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.storage import cipher
from tests.support.fixtures_gen import ROOT, pycache_dir, python_cmd, python_env
from tests.support.writer import ROWS_PER_TXN

RUNS = 100
SEED = 20261122
MAX_DELAY = 0.4  # seconds between "ready" and the kill
SPARES = 3  # writers loading their modules ahead of their turn (Python start-up is slow)

_NOTE = re.compile(r"txn (\d+) row (\d+)")
_SOURCE = re.compile(rf"{ROWS_PER_TXN} rows from txn-(\d+)")


def _rows_by_txn(notes: list[str]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for note in notes:
        match = _NOTE.fullmatch(note)
        assert match, f"unexpected note {note!r}"
        found[int(match[1])].append(int(match[2]))
    return found


def committed_transactions(folder: Path) -> int:
    """Open the book as the app does, check both integrity checks, and return n such that
    exactly the writer's transactions 1..n are present, each complete."""
    with CaseBook.open(folder) as book:
        con = book.opened.raw()
        try:
            assert cipher.integrity_problems(con) == []
            cases = _rows_by_txn([r[0] for r in con.execute("SELECT note FROM cases")])
            children = _rows_by_txn([r[0] for r in con.execute("SELECT note FROM children")])
            sources = [
                r[0] for r in con.execute("SELECT detail FROM audit_events WHERE action='import'")
            ]
        finally:
            con.close()
    audited = sorted(int(_SOURCE.fullmatch(s)[1]) for s in sources)  # type: ignore[index]
    n = len(audited)
    whole = list(range(1, ROWS_PER_TXN + 1))
    assert audited == list(range(1, n + 1)), "transactions missing or repeated"
    assert {k: sorted(v) for k, v in cases.items()} == {t: whole for t in range(1, n + 1)}
    assert {k: sorted(v) for k, v in children.items()} == {t: whole for t in range(1, n + 1)}
    return n


@pytest.mark.slow
def test_killed_writer_leaves_exactly_a_prefix_of_transactions(
    book_folder: Path, pytestconfig: pytest.Config
) -> None:
    rng = random.Random(SEED)  # reproducible, a different delay each run
    env = python_env(pycache_dir(pytestconfig))

    def spawn() -> subprocess.Popen[str]:
        return subprocess.Popen(
            python_cmd("-m", "tests.support.writer", str(book_folder)),
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    spares = [spawn() for _ in range(SPARES)]  # each loads its modules ahead of its turn
    writer: subprocess.Popen[str] | None = None
    committed = 0
    total_printed = 0
    try:
        for run in range(RUNS):
            writer = spares.pop(0)
            assert writer.stdin is not None and writer.stdout is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
            ready = writer.stdout.readline().split()
            assert ready == ["ready", str(committed + 1)], f"run {run}: writer said {ready}"
            delay = rng.uniform(0, MAX_DELAY)
            time.sleep(delay)  # the only wait: when the kill lands is the point of the test
            writer.kill()
            printed = [int(x) for x in writer.stdout.read().split()]
            assert writer.wait() == -9, f"run {run}: the writer exited by itself"
            writer.stdin.close()
            writer.stdout.close()
            if run + len(spares) + 1 < RUNS:
                spares.append(spawn())
            confirmed = printed[-1] if printed else committed + 1  # "ready n": n is committed
            total_printed += len(printed)

            found = committed_transactions(book_folder)
            where = f"run {run} (kill after {delay * 1000:.0f} ms)"
            # Everything the writer saw committed is there; at most the one in flight besides.
            assert confirmed <= found <= confirmed + 1, f"{where}: {found=} {confirmed=}"
            committed = found
    finally:
        if writer is not None and writer.poll() is None:
            writer.kill()
            writer.wait()
        for proc in spares:
            if proc.stdin is not None:
                proc.stdin.close()  # an unused writer exits without touching the book
        for proc in spares:
            proc.wait(timeout=30)
            if proc.stdout is not None:
                proc.stdout.close()
    assert total_printed > RUNS  # the kills really landed among committing transactions
