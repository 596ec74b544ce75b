"""Storage benchmark: an mccdesk case book (SQLCipher) against plain SQLite, same data, same run.

    bench/run            10,000 children, 100,000 cases
    bench/run --quick    1,000 children, 10,000 cases (smoke run)

Both files are built in a temporary folder by the same loader with the same seed. The plain file
is stdlib `sqlite3` with the same tables (`Base.metadata.create_all`), the same pragmas (WAL,
synchronous=FULL, 64 MiB page cache, foreign keys, secure_delete, temp_store=MEMORY) and the same
`BEGIN IMMEDIATE` engine, so a ratio shows what encryption and mccdesk's open checks cost.
Variants run in turn, round by round, the order flipping every round; a ratio is the median of
the round-by-round ratios. Goals are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import keyring.backend
import keyring.errors
import sqlalchemy
import sqlcipher3
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import QueuePool

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.storage import book as book_file
from mccdesk.storage import cipher
from mccdesk.storage.bulk import load_synthetic
from mccdesk.storage.keystore import KeyStore
from mccdesk.storage.schema import Base

SEED = 20261122
# 13 fiscal years, so that no year needs more than 9,999 case numbers (FY-NNNN).
START, END = date(2012, 4, 1), date(2025, 3, 31)
QUERIES = ("やま", "ﾀﾅｶ", "さとう はな", "スズキ")
META = {
    "branch_id": "BENCH",
    "branch_name": "性能測定用ブランチ",
    "area": "yokosuka-miura",
    "created_on": "2025-04-01",
}

OPEN_GOAL_S = 0.3
SEARCH_GOAL_S = 0.020
WRITE_GOAL_RATIO = 1.5


# --- the two variants -------------------------------------------------------------------------


class MemoryKeyring(keyring.backend.KeyringBackend):
    """The key source does not matter for speed; this one lets the real (non-demo) open path run:
    key check file, credential store lookups, probe, settle, open checks."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def plain_connect(path: Path) -> sqlite3.Connection:
    """cipher.connect without the key: same pragmas, same checks of the non-cipher ones."""
    con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("PRAGMA secure_delete = ON")
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA busy_timeout = 10000")
    con.execute(f"PRAGMA cache_size = -{cipher.PAGE_CACHE_KIB}")
    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    (mode,) = con.execute("PRAGMA journal_mode = WAL").fetchone()
    assert mode == "wal", mode
    con.execute("PRAGMA synchronous = FULL")
    for pragma, expected in {"temp_store": 2, "secure_delete": 1, "foreign_keys": 1}.items():
        (value,) = con.execute(f"PRAGMA {pragma}").fetchone()
        assert value == expected, (pragma, value)
    return con


def plain_engine(path: Path) -> Engine:
    """cipher.make_engine for the plain file."""
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: plain_connect(path),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass
class Variant:
    name: str
    folder: Path
    build_s: float = 0.0
    file_mib: float = 0.0
    keystore: KeyStore | None = None
    times: dict[str, list[float]] = field(default_factory=dict)

    def add(self, what: str, seconds: float) -> None:
        self.times.setdefault(what, []).append(seconds)

    def build(self, children: int, cases: int) -> None:
        raise NotImplementedError

    def open(self) -> CaseBook:
        raise NotImplementedError

    def execute(self, sql: str) -> None:
        """Run one statement on a connection of its own (used to add an index)."""
        raise NotImplementedError


class CipherVariant(Variant):
    def build(self, children: int, cases: int) -> None:
        self.keystore = KeyStore(MemoryKeyring())
        opened, _ = book_file.create(self.folder, self.keystore, META)
        _fill(CaseBook(opened), children, cases)
        self.file_mib = _size(self.folder / book_file.BOOK_FILE)

    def execute(self, sql: str) -> None:
        with book_file.opened(self.folder, self.keystore) as opened:
            con = opened.raw()
            try:
                con.execute(sql)
            finally:
                con.close()

    def open(self) -> CaseBook:
        """CaseBook.open: key check, keystore, probe, revision check, engine, first query."""
        book = CaseBook(book_file.open_book(self.folder, self.keystore))
        book.info()
        return book


class PlainVariant(Variant):
    @property
    def db(self) -> Path:
        return self.folder / "plain.db"

    def build(self, children: int, cases: int) -> None:
        self.folder.mkdir(parents=True)
        setup = create_engine(f"sqlite:///{self.db}")
        Base.metadata.create_all(setup)
        with setup.begin() as conn:
            conn.exec_driver_sql(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
            conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": book_file.HEAD})
            conn.execute(
                text("INSERT INTO book_meta(key, value) VALUES (:k, :v)"),
                [{"k": k, "v": v} for k, v in {**META, "book_id": "plain", "demo": "0"}.items()],
            )
        setup.dispose()
        _fill(self._casebook(), children, cases)
        self.file_mib = _size(self.db)

    def _casebook(self) -> CaseBook:
        opened = book_file.OpenBook(
            book_file.BookPaths(self.folder), "plain", plain_engine(self.db), False, b""
        )
        return CaseBook(opened)

    def execute(self, sql: str) -> None:
        con = plain_connect(self.db)
        try:
            con.execute(sql)
        finally:
            con.close()

    def open(self) -> CaseBook:
        """An engine, the same schema version read, first query."""
        con = plain_connect(self.db)
        try:
            book_file._revision(con)  # type: ignore[arg-type]  # same sqlite_master + version read
        finally:
            con.close()
        book = self._casebook()
        book.info()
        return book


def _fill(book: CaseBook, children: int, cases: int) -> None:
    try:
        book.add_coordinator("測定 太郎", "そくてい たろう")
        load_synthetic(
            book.opened.engine, children=children, cases=cases, seed=SEED, start=START, end=END
        )
    finally:
        book.close()  # the last connection to close checkpoints the WAL into the file


def _size(path: Path) -> float:
    return sum(
        p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    ) / (1 << 20)


# --- measuring ------------------------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def _rounds(variants: list[Variant], n: int, step: Callable[[Variant, int], None]) -> None:
    for r in range(n):
        for v in variants if r % 2 == 0 else reversed(variants):
            step(v, r)


def measure_open(variants: list[Variant], rounds: int) -> None:
    def step(v: Variant, _: int) -> None:
        seconds, book = _timed(v.open)
        v.add("open", seconds)
        try:
            seconds, _ = _timed(lambda: book.search_children(QUERIES[0], limit=200))
            v.add("cold", seconds)
        finally:
            book.close()

    _rounds(variants, rounds, step)


def measure_search(variants: list[Variant], books: dict[str, CaseBook], rounds: int) -> None:
    results: dict[str, dict[str, list[int]]] = {}
    for v in variants:  # warm-up: fills the page cache, compiles the statements
        results[v.name] = {q: [c.id for c in books[v.name].search_children(q)] for q in QUERIES}
    first, second = results.values()
    assert first == second, "both files must hold the same children"

    def step(v: Variant, _: int) -> None:
        for q in QUERIES:
            seconds, _ = _timed(lambda q=q: books[v.name].search_children(q, limit=200))
            v.add(f"search {q}", seconds)
            v.add("search", seconds)

    _rounds(variants, rounds, step)


def measure_write(variants: list[Variant], books: dict[str, CaseBook], rounds: int) -> None:
    child = books[variants[0].name].search_children(QUERIES[2], limit=1)[0]
    for book in books.values():
        book.use_coordinator(book.coordinators()[0].id)

    def step(v: Variant, r: int) -> None:
        draft = d.CaseDraft(
            opened_on=date(2024, 10, 1) + timedelta(days=r % 150),
            contact_method="phone",
            consulter_type="family",
            residence=child.residence,
            topics=("respite", "home_life"),
            child_id=child.id,
            note="性能測定の記録",
        )
        seconds, _ = _timed(lambda: books[v.name].open_case(draft))
        v.add("record", seconds)

    _rounds(variants, rounds, step)


# --- report ---------------------------------------------------------------------------------


def fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def machine_info() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    con = sqlcipher3.connect(":memory:")
    try:
        con.execute("PRAGMA key = 'version probe'")  # the provider is only known once keyed
        (cipher_version,) = con.execute("PRAGMA cipher_version").fetchone()
        (provider,) = con.execute("PRAGMA cipher_provider_version").fetchone()
    finally:
        con.close()
    return [
        f"- Machine: {os.cpu_count()} CPUs, {cpu}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; SQLAlchemy {sqlalchemy.__version__}; "
        f"sqlcipher3 (SQLCipher {cipher_version}, {provider}, SQLite {sqlcipher3.sqlite_version}); "
        f"stdlib sqlite3 = SQLite {sqlite3.sqlite_version}",
    ]


def row(
    what: str, cipher_times: list[float], plain_times: list[float], goal: str, result: str
) -> str:
    ratios = [c / p for c, p in zip(cipher_times, plain_times, strict=True) if p > 0]
    return (
        f"| {what} | {len(cipher_times)} | {fmt(statistics.median(cipher_times))} "
        f"| {fmt(min(cipher_times))} | {fmt(statistics.median(plain_times))} "
        f"| x{statistics.median(ratios):.2f} | {goal} | {result} |"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(
    c: Variant, p: Variant, children: int, cases: int, took: float, load_before: float
) -> str:
    lines = [
        f"Storage benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{children:,} children, {cases:,} cases",
        "",
        *machine_info(),
        f"- Load average before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        f"- Case book {c.file_mib:.0f} MiB (SQLCipher), {p.file_mib:.0f} MiB (plain)",
        "",
        "| measurement | n | median | min | plain median | ratio | goal | result |",
        "|---|---:|---:|---:|---:|---:|---|---|",
        f"| build: create + load (one transaction) + close | 1 | {fmt(c.build_s)} "
        f"| {fmt(c.build_s)} | {fmt(p.build_s)} | x{c.build_s / p.build_s:.2f} | | |",
    ]
    t, u = c.times, p.times
    lines.append(
        row(
            "open: nothing to a usable case book",
            t["open"],
            u["open"],
            f"≤ {fmt(OPEN_GOAL_S)}",
            verdict(statistics.median(t["open"]) <= OPEN_GOAL_S),
        )
    )
    lines.append(row(f"cold first search '{QUERIES[0]}' after open", t["cold"], u["cold"], "", ""))
    for q in QUERIES:
        key = f"search {q}"
        ok = statistics.median(t[key]) <= SEARCH_GOAL_S
        lines.append(
            row(f"search '{q}', limit 200", t[key], u[key], f"≤ {fmt(SEARCH_GOAL_S)}", verdict(ok))
        )
    ok = statistics.median(t["search"]) <= SEARCH_GOAL_S
    lines.append(
        row("search, all queries", t["search"], u["search"], f"≤ {fmt(SEARCH_GOAL_S)}", verdict(ok))
    )
    ratios = [a / b for a, b in zip(t["record"], u["record"], strict=True)]
    lines.append(
        row(
            "record one consultation (open_case, commit)",
            t["record"],
            u["record"],
            f"≤ x{WRITE_GOAL_RATIO} plain",
            verdict(statistics.median(ratios) <= WRITE_GOAL_RATIO),
        )
    )
    lines += ["", f"Whole run: {took:.0f} s (builds included)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 children, 10,000 cases")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    children, cases = (1_000, 10_000) if args.quick else (10_000, 100_000)
    open_rounds, search_rounds, write_rounds = (5, 3, 6) if args.quick else (15, 10, 20)
    began = time.perf_counter()
    root = args.keep or Path(tempfile.mkdtemp(prefix="mccdesk-bench-"))
    c = CipherVariant("sqlcipher", root / "casebook")
    p = PlainVariant("plain", root / "plain")
    load_before = os.getloadavg()[0]
    try:
        for v in (c, p):
            print(f"building {v.name}: {children:,} children, {cases:,} cases…", file=sys.stderr)
            v.build_s, _ = _timed(lambda v=v: v.build(children, cases))
        variants: list[Variant] = [c, p]
        print("measuring open…", file=sys.stderr)
        measure_open(variants, open_rounds)
        books = {v.name: v.open() for v in variants}
        try:
            print("measuring search…", file=sys.stderr)
            measure_search(variants, books, search_rounds)
            print("measuring record…", file=sys.stderr)
            measure_write(variants, books, write_rounds)
        finally:
            for book in books.values():
                book.close()
        print(report(c, p, children, cases, time.perf_counter() - began, load_before))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
