"""A case book writer that never stops, for the crash tests: `python -m tests.support.writer DIR`.

It loads its modules, then waits for a line `go` on stdin (so a test can start the next writer
while the current one runs; anything else, or end of input, makes it exit untouched). It then
opens the case book through the services (`CaseBook.open`, key from the keyring the test's
environment selects), works out where the previous writer stopped, commits transaction
<first>, prints `ready <first>`, and commits numbered transactions forever, printing `<n>`
after each commit. Transaction n imports three rows (a child and a case each, plus one audit
event) in one `Store.import_records` call, so it spans several tables and rows; every row's
note says `txn <n> row <i>`. It prints numbers only, nothing a person entered.

The test kills it with SIGKILL at a random moment and checks that exactly transactions 1..n
are in the book, none partly, and that n is at least the last number printed.
"""

from __future__ import annotations

import gc
import sys
from datetime import date
from pathlib import Path

# A writer is started a hundred times per test run; collecting garbage while SQLAlchemy and the
# ORM classes load costs a fifth of its start-up and frees nothing.
gc.disable()
from mccdesk import domain as d  # noqa: E402
from mccdesk.casebook import CaseBook  # noqa: E402

gc.enable()

ROWS_PER_TXN = 3
SOURCE = "txn-{n}"  # the import's source, kept in its audit event


def note(n: int, i: int) -> str:
    return f"txn {n} row {i}"


def records(n: int) -> list[tuple[d.ChildDraft, d.CaseDraft, None, int]]:
    # Spread over fiscal years so no year's case numbers pass 9999 however long the book grows.
    fiscal_year = 2000 + n % 20
    rows = []
    for i in range(1, ROWS_PER_TXN + 1):
        child = d.ChildDraft(
            family_name="試験",
            given_name=f"{n}-{i}",
            family_kana="シケン",
            birth_date=date(2015, 1, 1),
            residence="142018",
            care_types=("suction",),
            note=note(n, i),
        )
        case = d.CaseDraft(
            opened_on=date(fiscal_year, 6, 1),
            contact_method="phone",
            consulter_type="family",
            residence="142018",
            topics=("respite",),
            note=note(n, i),
        )
        rows.append((child, case, None, fiscal_year))
    return rows


def committed_count(book: CaseBook) -> int:
    """How many writer transactions the book holds (their import audit events)."""
    con = book.opened.raw()
    try:
        (count,) = con.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'import'"
        ).fetchone()
    finally:
        con.close()
    return int(count)


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    if sys.stdin.readline().strip() != "go":
        return 0
    book = CaseBook.open(folder)
    n = committed_count(book) + 1
    # The first transaction also compiles every statement (several times slower than the
    # rest); it is committed before "ready", so the kills land among steady transactions.
    book.store.import_records(records(n), None, SOURCE.format(n=n))
    print(f"ready {n}", flush=True)
    while True:
        n += 1
        book.store.import_records(records(n), None, SOURCE.format(n=n))
        print(n, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
