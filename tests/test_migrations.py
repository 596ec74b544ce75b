"""Older case books open, are backed up first, and migrate to exactly the declared schema.

Promise 5 of the security anchors. A case book at the first released schema (0001) is built with
the real Alembic scripts and filled with raw SQL of that time; opening it with the current
mccdesk must keep an encrypted copy of it as it was, migrate it to head and keep every record.
"""

from __future__ import annotations

import secrets
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine, inspect

from mccdesk.casebook import CaseBook
from mccdesk.storage import book as book_file
from mccdesk.storage import cipher
from mccdesk.storage.keystore import KeyStore
from mccdesk.storage.schema import Base
from tests.support.fixtures_gen import (
    ROOT,
    SQLITE_MAGIC,
    make_book_at,
    pycache_dir,
    python_cmd,
    python_env,
)

NOW = "2024-05-01 09:30:00.000000"


def _fill_at_0001(db: Path, key: bytes) -> None:
    """One coordinator, child and case, written the way mccdesk 0001 stored them."""
    con = cipher.connect(db, key)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO coordinators (id, name, kana, active, created_at) "
            "VALUES (1, '旧版 花子', 'きゅうはん はなこ', 1, ?)",
            (NOW,),
        )
        con.execute(
            "INSERT INTO children (id, family_name, given_name, family_kana, given_kana,"
            " birth_date, sex, residence, address, phone, hospital, doctor, note, search_key,"
            " created_at, created_by, updated_at, updated_by) VALUES (1, '山田', '太郎',"
            " 'ヤマダ', 'タロウ', '2018-05-01', 'male', '142018', '', '', '', '', '夜間吸引',"
            " 'やまだたろう やまだたろう', ?, 1, ?, 1)",
            (NOW, NOW),
        )
        con.execute("INSERT INTO child_care_types (child_id, care_type) VALUES (1, 'suction')")
        con.execute(
            "INSERT INTO cases (id, number, opened_on, contact_method, consulter_type,"
            " supporter_organisation, residence, child_id, status, status_changed_on, note,"
            " created_at, created_by, updated_at, updated_by) VALUES (1, '2024-0001',"
            " '2024-05-01', 'phone', 'family', NULL, '142018', 1, 'ongoing', '2024-05-01',"
            " '退院調整', ?, 1, ?, 1)",
            (NOW, NOW),
        )
        con.execute("INSERT INTO case_topics (case_id, topic) VALUES (1, 'respite')")
        con.execute(
            "INSERT INTO case_status_history (id, case_id, status, effective_on, recorded_at,"
            " coordinator_id) VALUES (1, 1, 'ongoing', '2024-05-01', ?, 1)",
            (NOW,),
        )
        con.execute("COMMIT")
    finally:
        con.close()


def _version_and_tables(path: Path, key: bytes) -> tuple[str, set[str]]:
    con = cipher.connect(path, key)
    try:
        assert cipher.integrity_problems(con) == []
        (version,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        (child,) = con.execute("SELECT given_name FROM children WHERE id = 1").fetchone()
        assert child == "太郎"
        return version, tables
    finally:
        con.close()


def test_first_schema_book_is_backed_up_then_upgraded(tmp_path: Path, keystore: KeyStore) -> None:
    folder = tmp_path / "old-book"
    book_id, key = make_book_at(folder, keystore, "0001")
    _fill_at_0001(folder / book_file.BOOK_FILE, key)
    assert _version_and_tables(folder / book_file.BOOK_FILE, key)[0] == "0001"

    with CaseBook.open(folder) as book:
        assert book.opened.migrated_from == "0001"
        assert book.info().book_id == book_id
        child = book.child(1)
        assert (child.family_name, child.given_name, child.note) == ("山田", "太郎", "夜間吸引")
        assert child.care_types == ("suction",)
        case = book.case(1)
        assert (case.number, case.child_id, case.topics, case.status, case.note) == (
            "2024-0001",
            1,
            ("respite",),
            "ongoing",
            "退院調整",
        )
        assert [c.id for c in book.search_children("やまだ")] == [1]
        assert book.status_on(date(2024, 6, 1)) == {"ongoing": 1}
        # The upgraded book takes new records next to the old ones.
        book.use_coordinator(1)
        assert book.case(1).coordinator_id == 1

    version, tables = _version_and_tables(folder / book_file.BOOK_FILE, key)
    assert version == book_file.HEAD
    assert "signing_keys" in tables and "outbox_items" in tables

    backups = sorted((folder / "backups").glob(f"before-upgrade-0001-to-{book_file.HEAD}-*.db"))
    assert len(backups) == 1
    assert backups[0].read_bytes()[:16] != SQLITE_MAGIC  # encrypted …
    version, tables = _version_and_tables(backups[0], key)  # … with the same key
    assert version == "0001"
    assert "signing_keys" not in tables
    assert not list((folder / "backups").glob("*.partial"))

    with CaseBook.open(folder) as again:  # already at head: no second copy
        assert again.opened.migrated_from is None
    assert len(list((folder / "backups").glob("*.db"))) == 1


_KILLED_MID_UPGRADE = """
import os, signal, sys
from pathlib import Path
from alembic.operations import Operations
from mccdesk.casebook import CaseBook
real = Operations.create_table
def create_then_die(self, *args, **kwargs):
    real(self, *args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)  # power cut between two statements of the upgrade
Operations.create_table = create_then_die
CaseBook.open(Path(sys.argv[1]))
"""


def test_upgrade_killed_halfway_is_undone_and_runs_again(
    tmp_path: Path, keystore: KeyStore, pytestconfig: pytest.Config
) -> None:
    folder = tmp_path / "old-book"
    _, key = make_book_at(folder, keystore, "0001")
    _fill_at_0001(folder / book_file.BOOK_FILE, key)
    done = subprocess.run(
        python_cmd("-c", _KILLED_MID_UPGRADE, str(folder)),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr
    # Nothing of the upgrade stayed: still a clean 0001 book, without any later table.
    assert _version_and_tables(folder / book_file.BOOK_FILE, key) == (
        "0001",
        _version_and_tables(next((folder / "backups").glob("*.db")), key)[1],
    )
    with CaseBook.open(folder) as book:
        assert book.opened.migrated_from == "0001"
        assert book.child(1).given_name == "太郎"
    version, tables = _version_and_tables(folder / book_file.BOOK_FILE, key)
    assert version == book_file.HEAD and "signing_keys" in tables


def test_a_book_at_head_is_not_migrated_or_copied(book_folder: Path) -> None:
    with CaseBook.open(book_folder) as book:
        assert book.opened.migrated_from is None
    assert not (book_folder / "backups").exists()


def _describe(con: Connection) -> dict[str, Any]:
    """Tables, columns, keys and indexes as SQLite reports them."""
    insp = inspect(con)
    found: dict[str, Any] = {}
    for table in sorted(set(insp.get_table_names()) - {"alembic_version"}):
        found[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in insp.get_columns(table)
            ],
            "pk": insp.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (f["name"], tuple(f["constrained_columns"]), f["referred_table"])
                for f in insp.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
            ),
            "uniques": sorted(
                (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
            ),
        }
    return found


def _declared() -> dict[str, Any]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.connect() as con:
        return _describe(con)


@pytest.mark.parametrize("path", ["step by step (an old book)", "straight to head (a new book)"])
def test_migrations_produce_exactly_the_declared_schema(path: str, tmp_path: Path) -> None:
    db, key = tmp_path / "schema.db", secrets.token_bytes(32)
    con = cipher.connect(db, key, create=True)
    try:
        if path.startswith("step"):
            for revision in book_file.REVISIONS:
                book_file._migrate(con, to=revision)
        else:
            book_file._migrate(con, to=book_file.HEAD)
    finally:
        con.close()

    engine = cipher.make_engine(db, key)
    try:
        with engine.connect() as con:
            context = MigrationContext.configure(con, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            migrated = _describe(con)
    finally:
        engine.dispose()
    declared = _declared()
    assert sorted(migrated) == sorted(declared)
    for table, shape in declared.items():
        assert migrated[table] == shape, table


def test_the_comparison_sees_a_missing_migration(tmp_path: Path) -> None:
    """A book left at 0001 differs from the declared schema by exactly the later tables."""
    db, key = tmp_path / "old.db", secrets.token_bytes(32)
    con = cipher.connect(db, key, create=True)
    try:
        book_file._migrate(con, to="0001")
    finally:
        con.close()
    engine = cipher.make_engine(db, key)
    try:
        with engine.connect() as con:
            diffs = compare_metadata(MigrationContext.configure(con), Base.metadata)
            migrated = _describe(con)
    finally:
        engine.dispose()
    later = {"signing_keys", "prefecture_keys", "outbox_items"}  # 0002, 0003
    added = {table.name for op, table in diffs if op == "add_table"}
    assert added == later
    assert all(d[0] in ("add_table", "add_index") for d in diffs), diffs
    assert set(_declared()) - set(migrated) == later
