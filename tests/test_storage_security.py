"""The encrypted case book under attack and by accident (security anchors §6, promises 1–4, 8,
9, 11–14).

Every refusal is checked for what a person would notice: the error (and the command line's exit
code and message, Japanese by default, English with --lang en), and that the case book folder
and the keyring are byte-for-byte what they were: no file changed, none created, no key made.
"""

from __future__ import annotations

import errno
import logging
import os
import random
import secrets
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import keyring.core
import pytest
import sqlcipher3

from mccdesk import domain as d
from mccdesk import errors, logs, safe_files
from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.storage import book as book_file
from mccdesk.storage import cipher, recovery_key
from mccdesk.storage.keystore import KeyStore
from mccdesk.textnorm import search_key
from tests.support.fixtures_gen import (
    FILE_BACKEND,
    PAGE,
    ROOT,
    SQLITE_MAGIC,
    find_in_tree,
    flip,
    keyring_file,
    keyring_state,
    pages,
    pycache_dir,
    python_cmd,
    python_env,
    sha256,
    snapshot,
)

FAIL = "keyring.backends.fail.Keyring"
NULL = "keyring.backends.null.Keyring"
RAISING = "tests.support.keyring_backends.RaisingKeyring"
FORGETFUL = "tests.support.keyring_backends.ForgetfulKeyring"

HIRAGANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろ"


# --- helpers ----------------------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], folder: Path, *args: str, lang: str | None = None):
    """Run `mccdesk --data-dir folder [--lang lang] args…`; (exit code, everything printed)."""
    argv = ["--data-dir", str(folder), *(["--lang", lang] if lang else []), *args]
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def first_line(template: str) -> str:
    return template.split("{")[0].splitlines()[0]


def assert_no_key(text: str, *keys: bytes) -> None:
    for key in keys:
        assert key.hex() not in text and key.hex().upper() not in text


def assert_says(
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    args: tuple[str, ...],
    error: type[errors.MccdeskError],
    key: bytes,
) -> None:
    """The command fails with the error's exit code and message, in Japanese, then in English."""
    code, text = cli(capsys, folder, *args)
    assert code == error.exit_code, text
    assert first_line(error.ja) in text
    assert first_line(error.en) not in text
    assert_no_key(text, key)
    code, text = cli(capsys, folder, *args, lang="en")
    assert code == error.exit_code, text
    assert first_line(error.en) in text
    assert first_line(error.ja) not in text
    assert_no_key(text, key)


def table_contents(con: sqlcipher3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal results mean equal case books."""
    names = [
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    ]
    return {n: sorted(map(tuple, con.execute(f'SELECT * FROM "{n}"')), key=repr) for n in names}


def contents_of(path: Path, key: bytes) -> dict[str, list[tuple[Any, ...]]]:
    con = cipher.connect(path, key)
    try:
        assert cipher.integrity_problems(con) == []
        return table_contents(con)
    finally:
        con.close()


def child_draft(family: str = "山田", given: str = "太郎", note: str = "") -> d.ChildDraft:
    return d.ChildDraft(
        family_name=family,
        given_name=given,
        family_kana="ヤマダ",
        given_kana="タロウ",
        birth_date=date(2018, 5, 1),
        residence="142018",
        care_types=("suction",),
        note=note,
    )


def case_draft(child_id: int | None = None, note: str = "") -> d.CaseDraft:
    return d.CaseDraft(
        opened_on=date(2024, 5, 1),
        contact_method="phone",
        consulter_type="family",
        residence="142018",
        topics=("respite",),
        child_id=child_id,
        note=note,
    )


def grow(folder: Path, rows: int = 60) -> None:
    """Add enough rows (one transaction) that the book has many pages."""
    long_note = "経過記録 " * 60
    records = [
        (child_draft(given=f"児{i}", note=long_note), case_draft(note=long_note), None, 2024)
        for i in range(rows)
    ]
    with CaseBook.open(folder) as book:
        book.store.import_records(records, None, "grow")


@pytest.fixture
def select_backend(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], KeyStore]:
    """Choose the keyring backend as an administrator would (the conftest restores it)."""

    def select(name: str) -> KeyStore:
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", name)
        keyring.core.init_backend()
        return KeyStore()

    return select


@pytest.fixture
def app_log(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Let `mccdesk.cli.main` configure logging into this test's log folder."""
    root = logging.getLogger("mccdesk")
    kept, level = list(root.handlers), root.level
    monkeypatch.setattr(logs, "_configured", False)
    yield isolated_env / "logs"
    for handler in [h for h in root.handlers if h not in kept]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


# --- 1. no plaintext on disk ------------------------------------------------------------------

_WRITE_AND_DIE = """
import os, sys
from pathlib import Path
from mccdesk import domain as d
from mccdesk.casebook import CaseBook
book = CaseBook.open(Path(sys.argv[1]))
book.add_child(d.ChildDraft(family_name=sys.argv[2], given_name=sys.argv[3], note=sys.argv[4],
                            residence="142018"))
print("written", flush=True)
os._exit(0)  # no close, no checkpoint: the WAL stays behind as after a crash
"""


def test_no_plaintext_on_disk_open_closed_backed_up_and_rekeyed(
    book: CaseBook,
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    tmp_path: Path,
    app_log: Path,
    pytestconfig: pytest.Config,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rng = random.Random()  # a new canary every run
    family = "鷺ノ宮"
    given = "".join(rng.choice(HIRAGANA) for _ in range(8))
    note = f"胃ろう注入後に嘔吐・{''.join(rng.choice(HIRAGANA) for _ in range(6))}"
    texts = {"name": family + given, "given": given, "note": note, "key": search_key(given)}
    needles = {
        f"{label}/{codec}": text.encode(codec)
        for label, text in texts.items()
        for codec in ("utf-8", "utf-16-le")
    }
    paths = book_file.BookPaths(book_folder)

    child = book.add_child(child_draft(family, given, note))
    case = book.open_case(case_draft(child.id, note))
    book.record_activity(d.ActivityDraft(case.id, date(2024, 5, 2), "home_visit", None, 30, note))
    assert book.search_children(given)[0].id == child.id  # really stored, really searchable
    wal = paths.db.with_name(paths.db.name + "-wal")
    assert wal.stat().st_size > 0  # still open: the new pages sit in the WAL
    assert find_in_tree(tmp_path, needles) == []

    backup = book.backup(paths.backups / "manual.db")
    new_key = book.rotate_key(keystore, show=lambda *_: None, confirm=lambda _: True)
    book.add_child(child_draft(family, given + "2", note))
    assert find_in_tree(tmp_path, needles) == []
    book.close()

    # A process that dies without closing leaves its WAL (and shared memory file) behind.
    done = subprocess.run(
        python_cmd("-c", _WRITE_AND_DIE, str(book_folder), family, given + "3", note),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "written", done.stderr
    assert wal.stat().st_size > 0
    assert find_in_tree(tmp_path, needles) == []

    # The command line with logging on, reading and copying the data once more.
    assert cli(capsys, book_folder, "info")[0] == 0
    assert cli(capsys, book_folder, "check")[0] == 0
    assert cli(capsys, book_folder, "backup", str(tmp_path / "elsewhere" / "cli.db"))[0] == 0
    assert (app_log / "mccdesk.log").stat().st_size > 0
    assert find_in_tree(tmp_path, needles) == []

    # Neither key is anywhere but in the credential store.
    keys = {
        f"{label}/{form}": data
        for label, key in (("old", template_book.key), ("new", new_key))
        for form, data in (("hex", key.hex().encode()), ("HEX", key.hex().upper().encode()))
    }
    keys |= {"old/raw": template_book.key, "new/raw": new_key}
    assert find_in_tree(tmp_path, keys, skip=(keyring_file().parent,)) == []

    for path in (paths.db, backup, tmp_path / "elsewhere" / "cli.db"):
        assert path.read_bytes()[:16] != SQLITE_MAGIC
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()


# --- 2. refusals, each distinct, each changing nothing ------------------------------------------


def _wrong_key(folder: Path, keystore: KeyStore, book_id: str) -> None:
    keystore.put(book_id, secrets.token_bytes(32))


def _no_key(folder: Path, keystore: KeyStore, book_id: str) -> None:
    keystore.delete(book_id)


def _first_page_damaged(folder: Path, keystore: KeyStore, book_id: str) -> None:
    flip(folder / book_file.BOOK_FILE, page=1, offset=200, mask=0xFF)


def _zero_bytes(folder: Path, keystore: KeyStore, book_id: str) -> None:
    (folder / book_file.BOOK_FILE).write_bytes(b"")


def _random_bytes(folder: Path, keystore: KeyStore, book_id: str) -> None:
    (folder / book_file.BOOK_FILE).write_bytes(random.Random(7).randbytes(8 * PAGE))


def _plain_sqlite(folder: Path, keystore: KeyStore, book_id: str) -> None:
    db = folder / book_file.BOOK_FILE
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("INSERT INTO alembic_version VALUES ('0002')")
    con.commit()
    con.close()


REFUSALS: dict[str, tuple[Callable[[Path, KeyStore, str], None], type[errors.MccdeskError]]] = {
    "wrong key stored": (_wrong_key, errors.WrongKey),
    "no key stored": (_no_key, errors.KeyMissing),
    "first page damaged": (_first_page_damaged, errors.CaseBookDamaged),
    "zero-byte file": (_zero_bytes, errors.CaseBookDamaged),
    "random bytes": (_random_bytes, errors.CaseBookDamaged),
    "plain SQLite file": (_plain_sqlite, errors.CaseBookDamaged),
}


@pytest.mark.parametrize("situation", REFUSALS)
def test_refusal_is_told_apart_and_changes_nothing(
    situation: str,
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    damage, expected = REFUSALS[situation]
    damage(book_folder, keystore, template_book.book_id)
    folder_before, keys_before = snapshot(book_folder), keyring_state()

    with pytest.raises(errors.MccdeskError) as info:
        CaseBook.open(book_folder)
    assert type(info.value) is expected
    assert snapshot(book_folder) == folder_before

    assert_says(capsys, book_folder, ("info",), expected, template_book.key)
    _, text = cli(capsys, book_folder, "info", lang="en")
    assert "delete" not in text.lower()  # the way out is a backup or the recovery key
    assert snapshot(book_folder) == folder_before
    assert keyring_state() == keys_before


def test_the_three_locked_and_damaged_states_read_differently() -> None:
    states = (errors.KeyMissing, errors.WrongKey, errors.CaseBookDamaged)
    assert len({e.ja for e in states}) == len({e.en for e in states}) == 3
    assert {e.exit_code for e in states} == {3, 5}
    # "the key does not fit" says the file is intact, and points to the recovery key
    assert "intact" in errors.WrongKey.en and "mccdesk unlock" in errors.WrongKey.en


def test_bit_flip_in_a_later_page_is_reported_by_check(
    book_folder: Path, template_book: Any, keystore: KeyStore, capsys: pytest.CaptureFixture[str]
) -> None:
    grow(book_folder)
    db = book_folder / book_file.BOOK_FILE
    page = pages(db)
    assert page > 20
    flip(db, page)
    before = snapshot(book_folder)

    problems = book_file.check_file(book_folder, keystore)
    assert f"HMAC verification failed for page {page}" in problems
    code, text = cli(capsys, book_folder, "check")
    assert code == 5
    assert f"HMAC verification failed for page {page}" in text
    assert first_line(errors.CaseBookDamaged.ja) in text
    assert_no_key(text, template_book.key)
    assert snapshot(book_folder) == before


def test_damage_in_any_page_is_reported_never_read_silently(
    template_book: Any, keystore: KeyStore, tmp_path: Path
) -> None:
    rng = random.Random(4096)
    source = template_book.folder / book_file.BOOK_FILE
    keystore.put(template_book.book_id, template_book.key)
    total = pages(source)
    assert total >= 20
    for page in range(1, total + 1):
        folder = tmp_path / f"page-{page}"
        folder.mkdir()
        for name in (book_file.BOOK_FILE, book_file.KEYCHECK_FILE):
            shutil.copy2(template_book.folder / name, folder / name)
        offset = rng.randrange(PAGE)
        flip(folder / book_file.BOOK_FILE, page, offset)
        before = snapshot(folder)
        try:
            problems = book_file.check_file(folder, keystore)
        except errors.DamagedError:
            pass  # refused at open (page 1, the schema, the version table)
        else:
            assert any(f"page {page}" in p for p in problems), (page, offset, problems)
        assert snapshot(folder) == before, page


# --- 3. fail closed without a usable credential store -------------------------------------------

UNUSABLE = [FAIL, NULL, RAISING, FORGETFUL]


@pytest.mark.parametrize("backend", UNUSABLE)
def test_unusable_keystore_opens_nothing_and_changes_nothing(
    backend: str,
    book_folder: Path,
    template_book: Any,
    select_backend: Callable[[str], KeyStore],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder_before, keys_before = snapshot(book_folder), keyring_state()
    select_backend(backend)
    # A backend that forgets what it is given reads exactly like a store with no key for this
    # book, and opening must not write to the store to find out: it says "no key" (exit 3),
    # and the recovery key path then finds out the store cannot keep one.
    expected = errors.KeyMissing if backend == FORGETFUL else errors.KeystoreUnavailable
    with pytest.raises(errors.LockedError) as info:
        CaseBook.open(book_folder)
    assert type(info.value) is expected
    assert_says(capsys, book_folder, ("info",), expected, template_book.key)

    recovery = recovery_key.encode(template_book.key)
    code, text = cli(capsys, book_folder, "unlock", "--recovery-key", recovery)
    assert code == 3
    assert first_line(errors.KeystoreUnavailable.ja) in text
    assert_no_key(text, template_book.key)
    assert snapshot(book_folder) == folder_before
    assert keyring_state() == keys_before


INIT = ("init", "--branch-id", "B09", "--branch-name", "港北ブランチ", "--area", "yokosuka-miura")


@pytest.mark.parametrize("backend", UNUSABLE)
def test_init_without_a_usable_keystore_creates_nothing(
    backend: str,
    tmp_path: Path,
    select_backend: Callable[[str], KeyStore],
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty, missing = tmp_path / "empty", tmp_path / "missing"
    empty.mkdir()
    keys_before = keyring_state()
    select_backend(backend)
    for folder in (empty, missing):
        code, text = cli(capsys, folder, *INIT)
        assert code == 3, text
        assert first_line(errors.KeystoreUnavailable.ja) in text
    assert list(empty.iterdir()) == []
    assert not missing.exists()
    assert keyring_state() == keys_before


@pytest.mark.parametrize("backend", [FILE_BACKEND, *UNUSABLE])
def test_init_where_a_book_exists_changes_nothing(
    backend: str,
    book_folder: Path,
    template_book: Any,
    select_backend: Callable[[str], KeyStore],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder_before, keys_before = snapshot(book_folder), keyring_state()
    select_backend(backend)
    code, text = cli(capsys, book_folder, *INIT)
    assert code == 2
    assert first_line(errors.AlreadyInitialised.ja) in text
    assert snapshot(book_folder) == folder_before
    assert keyring_state() == keys_before


# --- 4. cipher settings checked at every open ---------------------------------------------------


@pytest.mark.parametrize(
    "setting",
    ["cipher_page_size = 1024", "cipher_hmac_algorithm = HMAC_SHA1", "cipher_use_hmac = OFF"],
)
def test_book_written_with_other_cipher_settings_is_refused(
    setting: str,
    book_folder: Path,
    template_book: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = book_folder / book_file.BOOK_FILE
    other = book_folder / "other.db"
    key_literal = f"\"x'{template_book.key.hex()}'\""
    con = cipher.connect(db, template_book.key)
    con.execute(f"ATTACH DATABASE '{other}' AS other KEY {key_literal}")
    con.execute(f"PRAGMA other.{setting}")
    con.execute("SELECT sqlcipher_export('other')")
    con.execute("DETACH DATABASE other")
    con.close()
    os.replace(other, db)
    # The same case book, same key, valid key check: only the cipher settings differ.
    raw = sqlcipher3.connect(str(db))
    raw.execute(f"PRAGMA key = {key_literal}")
    raw.execute(f"PRAGMA {setting}")
    (book_id,) = raw.execute("SELECT value FROM book_meta WHERE key = 'book_id'").fetchone()
    raw.close()
    assert book_id == template_book.book_id
    before = snapshot(book_folder)

    with pytest.raises(errors.DamagedError):
        CaseBook.open(book_folder)
    code, text = cli(capsys, book_folder, "info")
    assert code == 5
    assert_no_key(text, template_book.key)
    assert snapshot(book_folder) == before


class _Tampered(sqlcipher3.Connection):
    """A connection on which some statements are swapped, e.g. a driver built differently."""

    swaps: dict[str, str] = {}  # noqa: RUF012  # set per test

    def execute(self, sql: str, *args: Any) -> sqlcipher3.Cursor:  # type: ignore[override]
        return super().execute(self.swaps.get(sql, sql), *args)


def _settings_with(name: str, value: str) -> str:
    lines = {**cipher.PINNED_SETTINGS, name: value}
    return " UNION ALL ".join(f"SELECT 'PRAGMA {k} = {v};'" for k, v in lines.items())


@pytest.mark.parametrize(
    ("statement", "swap", "reported"),
    [
        ("PRAGMA cipher_version", "SELECT '3.4.2 community'", "cipher_version=3.4.2"),
        ("PRAGMA cipher_settings", _settings_with("cipher_page_size", "1024"), "page_size=1024"),
        (
            "PRAGMA cipher_settings",
            _settings_with("cipher_hmac_algorithm", "HMAC_SHA1"),
            "hmac_algorithm=HMAC_SHA1",
        ),
        ("PRAGMA temp_store = MEMORY", "PRAGMA temp_store = FILE", "temp_store=1"),
        ("PRAGMA secure_delete = ON", "PRAGMA secure_delete = OFF", "secure_delete=0"),
        ("PRAGMA foreign_keys = ON", "PRAGMA foreign_keys = OFF", "foreign_keys=0"),
        ("PRAGMA journal_mode = WAL", "SELECT 'delete'", "journal_mode=delete"),
    ],
)
def test_connection_with_other_settings_is_refused_at_open(
    statement: str,
    swap: str,
    reported: str,
    book_folder: Path,
    template_book: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(_Tampered, "swaps", {statement: swap})
    monkeypatch.setattr(sqlcipher3, "connect", partial(sqlcipher3.connect, factory=_Tampered))
    before = snapshot(book_folder)
    with pytest.raises(errors.CipherSettingsMismatch) as info:
        CaseBook.open(book_folder)
    assert reported in info.value.message("en")
    code, text = cli(capsys, book_folder, "info", lang="en")
    assert code == 5 and reported in text
    assert snapshot(book_folder) == before


def test_app_connections_have_the_pinned_settings(book: CaseBook) -> None:
    with book.opened.engine.connect() as con:

        def pragma(name: str) -> Any:
            return con.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("temp_store") == 2
        assert pragma("secure_delete") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert str(pragma("cipher_version")).startswith("4.")
        settings = cipher._settings(con.connection.dbapi_connection)  # type: ignore[arg-type]
        assert {k: settings[k] for k in cipher.PINNED_SETTINGS} == cipher.PINNED_SETTINGS


def test_the_key_never_shows_in_reprs_or_messages(book: CaseBook, template_book: Any) -> None:
    """Promise 11: what lands in logs, tracebacks and crash reports carries no key."""
    key = template_book.key
    texts = [
        repr(book.opened),
        repr(book.opened.engine),
        str(book.opened.engine.url),
        repr(book.opened.engine.url),
        repr(book.opened.paths),
    ]
    for text in texts:
        assert_no_key(text, key)
        assert repr(key)[2:-1] not in text  # not even as escaped bytes


# --- 5. a newer case book ----------------------------------------------------------------------


def test_newer_case_book_is_refused_and_unchanged(
    book_folder: Path, template_book: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    con = cipher.connect(book_folder / book_file.BOOK_FILE, template_book.key)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    before = snapshot(book_folder)
    with pytest.raises(errors.NewerCaseBook) as info:
        CaseBook.open(book_folder)
    assert "9999" in info.value.message("ja")
    code, text = cli(capsys, book_folder, "info", lang="en")
    assert code == 5 and "9999" in text and "left unchanged" in text
    assert snapshot(book_folder) == before
    assert not (book_folder / book_file.BACKUP_DIR).exists()  # no "before-upgrade" copy either


# --- 7. backup and restore ---------------------------------------------------------------------


def test_backup_during_a_write_then_restore(
    book: CaseBook, book_folder: Path, template_book: Any, keystore: KeyStore, tmp_path: Path
) -> None:
    kept_child = book.add_child(child_draft())
    writer = book.opened.raw()
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO book_meta(key, value) VALUES ('uncommitted', 'x')")
    target = tmp_path / "out" / "during-write.db"
    book_file.backup(book.opened, target)  # while the other connection holds the write lock
    writer.execute("COMMIT")
    writer.close()

    saved = contents_of(target, template_book.key)  # opens, and both checks pass
    assert ("uncommitted", "x") not in saved["book_meta"]
    assert [row[0] for row in saved["children"]] == [kept_child.id]
    # No partial files; beside the backup, which key opens it (by key ID, never the key).
    names = sorted(p.name for p in target.parent.iterdir())
    assert names == [target.name, target.name + ".keyinfo.json"]
    assert_no_key((target.parent / names[1]).read_text(), template_book.key)

    book.add_child(child_draft(given="次郎"))  # made after the backup: the restore drops it
    book.close()
    replaced = contents_of(book_folder / book_file.BOOK_FILE, template_book.key)
    assert len(replaced["children"]) == 2

    kept = book_file.restore(book_folder, keystore, target).kept
    assert kept is not None
    assert kept.parent == book_folder and kept.name.startswith("casebook.db.replaced-")
    assert sha256(book_folder / book_file.BOOK_FILE) == sha256(target)
    assert contents_of(kept, template_book.key) == replaced
    with CaseBook.open(book_folder) as restored:
        assert [c.id for c in restored.search_children("")] == [kept_child.id]
        con = restored.opened.raw()
        try:
            assert cipher.integrity_problems(con) == []
            assert table_contents(con) == saved
        finally:
            con.close()


def _backup_of(book: CaseBook, path: Path) -> Path:
    book_file.backup(book.opened, path)
    book.close()
    return path


def _bad_later_page(book: CaseBook, tmp_path: Path, template_book: Any) -> Path:
    path = _backup_of(book, tmp_path / "b.db")
    flip(path, pages(path))
    return path


def _bad_first_page(book: CaseBook, tmp_path: Path, template_book: Any) -> Path:
    path = _backup_of(book, tmp_path / "b.db")
    flip(path, 1, offset=300)
    return path


def _other_book_other_key(book: CaseBook, tmp_path: Path, template_book: Any) -> Path:
    book.close()
    other, _ = CaseBook.create(
        tmp_path / "other",
        branch_id="B02",
        branch_name="他のブランチ",
        area="yokosuka-miura",
        keystore=KeyStore(),
    )
    return _backup_of(other, tmp_path / "b.db")


def _other_book_same_key(book: CaseBook, tmp_path: Path, template_book: Any) -> Path:
    path = _backup_of(book, tmp_path / "b.db")
    con = cipher.connect(path, template_book.key)
    con.execute("UPDATE book_meta SET value = ? WHERE key = 'book_id'", (uuid.uuid4().hex,))
    con.close()
    return path


BAD_BACKUPS = {
    "later page damaged": (_bad_later_page, errors.BackupDamaged),
    # SQLCipher says the same for a damaged first page and another key; the key check value in
    # the backup's .keyinfo.json says the key is the right one, so it is damage.
    "first page damaged": (_bad_first_page, errors.BackupDamaged),
    "another case book, another key": (_other_book_other_key, errors.BackupOfAnotherBook),
    "another case book, same key": (_other_book_same_key, errors.BackupOfAnotherBook),
}


@pytest.mark.parametrize("kind", BAD_BACKUPS)
def test_restore_of_a_bad_backup_is_refused_and_changes_nothing(
    kind: str,
    book: CaseBook,
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make, expected = BAD_BACKUPS[kind]
    source = make(book, tmp_path, template_book)
    before, keys_before = snapshot(book_folder), keyring_state()
    with pytest.raises(errors.MccdeskError) as info:
        book_file.restore(book_folder, keystore, source)
    assert type(info.value) is expected
    assert snapshot(book_folder) == before
    assert_says(capsys, book_folder, ("restore", str(source)), expected, template_book.key)
    assert snapshot(book_folder) == before
    assert keyring_state() == keys_before


def test_backup_where_nothing_can_be_written_is_a_clear_error(
    book_folder: Path, template_book: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "backups" / "b.db"
    before = snapshot(book_folder)
    code, text = cli(capsys, book_folder, "backup", str(target), lang="en")
    assert code == 2, text
    assert "Cannot write to the backup location" in text and str(blocker) in text
    assert "damaged" not in text  # the case book is fine and must not be called damaged
    code, text = cli(capsys, book_folder, "backup", str(target))
    assert code == 2 and "バックアップ先に書き込めません" in text
    assert snapshot(book_folder) == before
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_backup_into_a_read_only_folder_is_a_clear_error(
    book_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        before = snapshot(book_folder)
        code, text = cli(capsys, book_folder, "backup", str(locked / "b.db"), lang="en")
        assert code == 7 and first_line(errors.ReadOnlyLocation.en) in text
        assert list(locked.iterdir()) == []
        assert snapshot(book_folder) == before
    finally:
        locked.chmod(0o700)


def _enospc(*_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_backup_on_a_full_disk_leaves_nothing_behind(
    book_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if str(src).endswith(".partial"):
            _enospc()
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    out = tmp_path / "out"
    before = snapshot(book_folder)
    code, text = cli(capsys, book_folder, "backup", str(out / "b.db"))
    assert code == errors.DiskFull.exit_code == 6
    assert first_line(errors.DiskFull.ja) in text
    assert list(out.iterdir()) == []
    assert snapshot(book_folder) == before


def test_restore_on_a_full_disk_leaves_the_book_as_it_was(
    book: CaseBook,
    book_folder: Path,
    keystore: KeyStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = _backup_of(book, tmp_path / "b.db")

    def copy_half(src: Any, dst: Any) -> None:
        Path(dst).write_bytes(Path(src).read_bytes()[: 3 * PAGE])
        _enospc()

    monkeypatch.setattr(safe_files, "copy_file", copy_half)
    before = snapshot(book_folder)
    code, text = cli(capsys, book_folder, "restore", str(source), lang="en")
    assert code == 6 and first_line(errors.DiskFull.en) in text
    assert snapshot(book_folder) == before


def test_restore_failing_at_the_last_rename_puts_the_book_back(
    book: CaseBook,
    book_folder: Path,
    keystore: KeyStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book.add_child(child_draft())
    source = _backup_of(book, tmp_path / "b.db")
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if str(src).endswith(".restoring"):
            _enospc()
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    before = snapshot(book_folder)
    with pytest.raises(errors.DiskFull) as info:  # which promises "the original is unchanged"
        book_file.restore(book_folder, keystore, source)
    assert "unchanged" in info.value.message("en")
    assert snapshot(book_folder) == before
    with CaseBook.open(book_folder) as reopened:
        assert len(reopened.search_children("")) == 1


# --- 8. the recovery key -----------------------------------------------------------------------


def test_recovery_key_unlocks_after_the_keyring_entry_is_lost(
    book_folder: Path, template_book: Any, keystore: KeyStore, capsys: pytest.CaptureFixture[str]
) -> None:
    keystore.delete(template_book.book_id)
    with pytest.raises(errors.KeyMissing):
        CaseBook.open(book_folder)
    code, text = cli(
        capsys, book_folder, "unlock", "--recovery-key", recovery_key.encode(template_book.key)
    )
    assert code == 0, text
    assert_no_key(text, template_book.key)
    assert keystore.get(template_book.book_id) == template_book.key
    with CaseBook.open(book_folder) as book:
        assert book.info().book_id == template_book.book_id


def test_the_api_unlock_stores_the_key(
    book_folder: Path, template_book: Any, keystore: KeyStore
) -> None:
    keystore.delete(template_book.book_id)
    assert book_file.unlock(book_folder, keystore, template_book.key) == template_book.book_id
    assert keystore.get(template_book.book_id) == template_book.key
    CaseBook.open(book_folder).close()


def test_wrong_recovery_key_is_refused(
    book_folder: Path, template_book: Any, keystore: KeyStore, capsys: pytest.CaptureFixture[str]
) -> None:
    keystore.delete(template_book.book_id)
    before, keys_before = snapshot(book_folder), keyring_state()
    other = secrets.token_bytes(32)
    with pytest.raises(errors.WrongRecoveryKey):
        book_file.unlock(book_folder, keystore, other)
    args = ("unlock", "--recovery-key", recovery_key.encode(other))
    assert_says(capsys, book_folder, args, errors.WrongRecoveryKey, template_book.key)
    assert snapshot(book_folder) == before
    assert keyring_state() == keys_before
    assert keystore.get(template_book.book_id) is None


def test_recovery_key_typo_names_the_group(
    book_folder: Path, template_book: Any, keystore: KeyStore, capsys: pytest.CaptureFixture[str]
) -> None:
    keystore.delete(template_book.book_id)
    groups = recovery_key.encode(template_book.key).split("-")
    digit = groups[4][2]
    groups[4] = groups[4][:2] + str((int(digit) + 1) % 10) + groups[4][3:]
    typed = "-".join(groups)
    before, keys_before = snapshot(book_folder), keyring_state()
    with pytest.raises(errors.RecoveryKeyTypo) as info:
        recovery_key.decode(typed)
    assert info.value.params["group"] == 5
    code, text = cli(capsys, book_folder, "unlock", "--recovery-key", typed)
    assert code == 4 and "第5グループ" in text
    code, text = cli(capsys, book_folder, "unlock", "--recovery-key", typed, lang="en")
    assert code == 4 and "Group 5" in text
    assert_no_key(text, template_book.key)
    assert snapshot(book_folder) == before
    assert keyring_state() == keys_before
