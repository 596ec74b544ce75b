"""Reads begin deferred: a long read in the app does not hold the write lock `mccdesk sync`
(another process) needs; writes still take it up front."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, select

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.storage import cipher
from mccdesk.storage import schema as s

ROOT = Path(__file__).resolve().parents[1]
WRITER = """
import sys
from pathlib import Path
from mccdesk.casebook import CaseBook
with CaseBook.open(Path(sys.argv[1])) as book:
    print(book.add_coordinator("別プロセス 太郎").id)
"""


def _write_from_another_process(folder: Path) -> subprocess.CompletedProcess[str]:
    # busy_timeout is 10 s: a writer blocked by our read would fail with "database is locked".
    return subprocess.run(
        [sys.executable, "-c", WRITER, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_another_process_writes_while_the_app_is_reading(book: CaseBook, book_folder: Path) -> None:
    for n in range(3):
        book.add_child(d.ChildDraft(family_name="山田", given_name=f"{n}", family_kana="ヤマダ"))
    engine = book.opened.engine
    runs: list[subprocess.CompletedProcess[str]] = []

    def midway(conn, cursor, statement, *_: object) -> None:  # type: ignore[no-untyped-def]
        # The search's first select has run: its transaction is open, its snapshot taken.
        if not runs and "search_key" in statement:
            assert conn.in_transaction()
            runs.append(_write_from_another_process(book_folder))

    event.listen(engine, "after_cursor_execute", midway)
    try:
        found = book.search_children("やまだ")
    finally:
        event.remove(engine, "after_cursor_execute", midway)
    assert len(found) == 3  # the read itself finished normally
    (run,) = runs
    assert run.returncode == 0, run.stderr[-2000:]
    assert "別プロセス 太郎" in [c.name for c in book.coordinators()]


def test_a_long_read_transaction_lets_another_process_write(
    book: CaseBook, book_folder: Path
) -> None:
    engine = book.opened.engine
    with cipher.read_only_sessions(engine)() as session:  # as a long report would read
        before = session.scalars(select(s.Coordinator.name)).all()
        run = _write_from_another_process(book_folder)
        assert run.returncode == 0, run.stderr[-2000:]
        # Still its own snapshot: the read sees one consistent state to its end.
        assert session.scalars(select(s.Coordinator.name)).all() == before
    assert "別プロセス 太郎" in [c.name for c in book.coordinators()]


def test_a_read_only_session_refuses_to_write(book: CaseBook) -> None:
    with cipher.read_only_sessions(book.opened.engine)() as session:
        session.add(s.Meta(key="x", value="y"))
        with pytest.raises(RuntimeError, match="read-only"):
            session.flush()
    assert "x" not in book.store.meta()
