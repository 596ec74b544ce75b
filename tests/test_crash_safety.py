"""Crash safety: processes killed mid-write or mid-rotation never leave a half-done case book.

Promise 6 of the security anchors: a writer killed with SIGKILL at random moments leaves
committed data, drops uncommitted data, and the case book still passes SQLCipher's page check
and SQLite's integrity check. Promise 7: a key rotation killed after any step leaves a case book
that opens with exactly one key, the old or the new, and the keyring and key check agree.
"""

from __future__ import annotations

import random
import re
import subprocess
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mccdesk import domain as d
from mccdesk import errors
from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.storage import book as book_file
from mccdesk.storage import cipher, keycheck, recovery_key
from mccdesk.storage.keystore import KeyStore
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


# --- key rotation killed after every step -------------------------------------------------------

# Which key must open the book after a kill at each step (see book.rotate).
FAULTS = {
    "rotate-after-pending": "old",
    "rotate-after-keycheck": "old",
    "rotate-after-rekey": "new",
    "rotate-after-promote": "new",
}
RECOVERY_KEY = re.compile(r"\d{6}(?:-\d{6}){15}")


def _child(given: str) -> d.ChildDraft:
    return d.ChildDraft(
        family_name="鍵替",
        given_name=given,
        birth_date=date(2019, 2, 3),
        residence="142018",
        note=f"rotation {given}",
    )


def _names(folder: Path) -> list[str]:
    with CaseBook.open(folder) as book:
        con = book.opened.raw()
        try:
            assert cipher.integrity_problems(con) == []
        finally:
            con.close()
        return sorted(c.given_name for c in book.search_children(""))


def _keys_that_open(db: Path, *keys: bytes) -> list[bytes]:
    fitting = []
    for key in keys:
        try:
            cipher.probe(db, key)
        except errors.WrongKey:
            continue
        fitting.append(key)
    return fitting


def _assert_settled(folder: Path, book_id: str, key: bytes, keystore: KeyStore) -> None:
    """The keyring holds exactly this key as current and nothing pending; the key check lists
    exactly this key."""
    assert keystore.get(book_id) == key
    assert keystore.get(book_id, "pending") is None
    check = keycheck.read(folder / book_file.KEYCHECK_FILE)
    assert check is not None
    assert check.values == (keycheck.check_value(key, book_id),)


@pytest.mark.parametrize("fault", FAULTS)
def test_rotation_killed_after_each_step_leaves_exactly_one_key(
    fault: str,
    book: CaseBook,
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    pytestconfig: pytest.Config,
) -> None:
    book.add_child(_child("一郎"))
    book.close()
    book_id, old = template_book.book_id, template_book.key
    db = book_folder / book_file.BOOK_FILE

    done = subprocess.run(
        python_cmd("-m", "mccdesk.cli", "--data-dir", str(book_folder), "key", "rotate"),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig), MCCDESK_FAULT=fault),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr  # it died at the fault point
    assert not RECOVERY_KEY.search(done.stdout)  # no new recovery key was handed out
    new = keystore.get(book_id, "pending")
    assert new is not None and new != old
    expected = old if FAULTS[fault] == "old" else new

    assert _names(book_folder) == ["一郎"]  # opens (and settles the rotation), data intact
    assert _keys_that_open(db, old, new) == [expected]
    _assert_settled(book_folder, book_id, expected, keystore)

    with CaseBook.open(book_folder) as again:  # a second rotation works
        third = again.rotate_key(keystore)
        again.add_child(_child("二郎"))
    assert _names(book_folder) == ["一郎", "二郎"]
    assert _keys_that_open(db, old, new, third) == [third]
    _assert_settled(book_folder, book_id, third, keystore)


def test_rotation_retires_the_old_recovery_key(
    book: CaseBook,
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book.add_child(_child("三郎"))
    book.close()
    book_id, old = template_book.book_id, template_book.key

    assert main(["--data-dir", str(book_folder), "key", "rotate"]) == 0
    printed = RECOVERY_KEY.findall(capsys.readouterr().out)
    assert len(printed) == 1
    new = recovery_key.decode(printed[0])
    assert new != old
    _assert_settled(book_folder, book_id, new, keystore)

    keystore.delete(book_id)  # lost: only the recovery sheets are left
    old_sheet = recovery_key.encode(old)
    assert main(["--data-dir", str(book_folder), "unlock", "--recovery-key", old_sheet]) == 3
    assert "この回復キーはこのケースブックのものではありません" in capsys.readouterr().err
    assert keystore.get(book_id) is None
    assert main(["--data-dir", str(book_folder), "unlock", "--recovery-key", printed[0]]) == 0
    assert keystore.get(book_id) == new
    assert _names(book_folder) == ["三郎"]
