"""Getting a case book back on a new PC (issue 13 item 4), the way docs/*/data.md tells it.

The attack: following docs/en/data.md, `restore FILE` into an empty folder exited 2, so did
`unlock`; the backup copied in as the book and unlocked exited 5; `init` then `restore` exited 3;
after `key rotate` no earlier backup could be restored; with casebook.keycheck deleted the book
read as damaged. Here each step of the documented procedure runs as a user runs it (its own
process, the recovery key typed at the prompt through stdin) on a fresh data folder and a fresh
credential store, and every row comes back, also from a backup made before a key rotation.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mccdesk import errors
from mccdesk.casebook import CaseBook
from mccdesk.storage import book as book_file
from mccdesk.storage import cipher, keycheck, recovery_key
from mccdesk.storage.keystore import KeyStore
from tests.support.fixtures_gen import (
    ROOT,
    pycache_dir,
    python_cmd,
    python_env,
    snapshot,
)
from tests.support.rotation import rotate_in_subprocess
from tests.test_storage_security import child_draft, grow, table_contents

DOCS = ROOT / "docs"


class PC:
    """A PC of its own: its own data folder (the default one, as on Windows) and credential
    store, and `mccdesk` run as a separate process there."""

    def __init__(self, home: Path, pytestconfig: pytest.Config) -> None:
        self.home = home
        for name in ("data", "config", "logs"):
            (home / name).mkdir(parents=True, exist_ok=True)
        self.env = python_env(
            pycache_dir(pytestconfig),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            MCCDESK_LOG_DIR=str(home / "logs"),
        )

    @property
    def data_folder(self) -> Path:  # platformdirs' user data folder on Linux
        return self.home / "data" / "mccdesk"

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            python_cmd("-m", "mccdesk.cli", "--lang", "en", *args),
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=180,
        )

    def stored_key(self, book_id: str) -> bytes | None:
        """What this PC's credential store holds for the book (asked in a process of its own)."""
        code = (
            "import sys; from mccdesk.storage.keystore import KeyStore; "
            "k = KeyStore().get(sys.argv[1]); print(k.hex() if k else '')"
        )
        done = subprocess.run(
            python_cmd("-c", code, book_id),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        text = done.stdout.strip()
        return bytes.fromhex(text) if text else None


def _rows(db: Path, key: bytes) -> dict[str, list[tuple[Any, ...]]]:
    con = cipher.connect(db, key)
    try:
        assert cipher.integrity_problems(con) == []
        return table_contents(con)
    finally:
        con.close()


def _same_rows(restored: Path, key: bytes, backup: Path, backup_key: bytes) -> None:
    """Every row of every table came back; the audit log has the restore on top."""
    got, want = _rows(restored, key), _rows(backup, backup_key)
    audit_got, audit_want = got.pop("audit_events"), want.pop("audit_events")
    assert got == want
    assert set(audit_want) <= set(audit_got)
    assert len(audit_got) > len(audit_want)


@pytest.fixture
def old_pc(book: CaseBook, book_folder: Path) -> Path:
    """The branch's PC before it dies: a case book with records."""
    for given in ("太郎", "花子", "次郎"):
        book.add_child(child_draft(given=given))
    book.close()
    grow(book_folder, rows=20)
    return book_folder


def test_the_documented_new_pc_procedure_brings_every_row_back(
    old_pc: Path,
    template_book: Any,
    tmp_path: Path,
    pytestconfig: pytest.Config,
) -> None:
    # On the old PC, while it still works: `mccdesk backup E:\backup\casebook-….bak`.
    usb = tmp_path / "usb"
    backup = usb / "casebook-2024-10-01.bak"
    here = PC(tmp_path / "old-pc", pytestconfig)
    here.env = python_env(pycache_dir(pytestconfig))  # the test's own keyring: the old PC's
    done = here.run("--data-dir", str(old_pc), "backup", str(backup))
    assert done.returncode == 0, done.stderr
    key_id = keycheck.key_id(template_book.key)
    assert f"key ID {key_id}" in done.stdout
    info = json.loads((usb / (backup.name + ".keyinfo.json")).read_text())
    assert info["key_id"] == key_id and template_book.key.hex() not in json.dumps(info)

    # The old PC dies. A new PC: nothing in its data folder, nothing in its credential store.
    new = PC(tmp_path / "new-pc", pytestconfig)
    assert not new.data_folder.exists() and new.stored_key(template_book.book_id) is None
    sheet = recovery_key.encode(template_book.key)

    # Step: `mccdesk restore E:\backup\….bak`; it asks for the recovery key, naming the sheet.
    done = new.run("restore", str(backup), stdin=sheet + "\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"key ID {key_id}" in done.stderr  # "needs the sheet with key ID …"
    assert "Recovery key" in done.stderr  # the prompt
    assert sheet not in done.stdout + done.stderr  # typed, never echoed or printed
    assert "Restored into" in done.stdout
    assert new.stored_key(template_book.book_id) == template_book.key  # for this user, here
    # Step: `mccdesk check`, then `mccdesk info`.
    done = new.run("check")
    assert done.returncode == 0, done.stderr
    done = new.run("info")
    assert done.returncode == 0 and "23 children" in done.stdout, done.stdout + done.stderr
    db = new.data_folder / book_file.BOOK_FILE
    _same_rows(db, template_book.key, backup, template_book.key)
    # The key check was rebuilt from the verified key: a later start opens without a word.
    check = keycheck.read(new.data_folder / book_file.KEYCHECK_FILE)
    assert check is not None and check.settled and check.matches(template_book.key)
    done = new.run("info")
    assert done.returncode == 0 and "Notice" not in done.stderr


def test_a_backup_from_before_a_key_rotation_comes_back_with_the_old_recovery_key(
    old_pc: Path, template_book: Any, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    old_key = template_book.key
    here = python_env(pycache_dir(pytestconfig))
    before = tmp_path / "usb" / "before.bak"
    after = tmp_path / "usb" / "after.bak"
    base = python_cmd("-m", "mccdesk.cli", "--lang", "en", "--data-dir", str(old_pc))
    subprocess.run([*base, "backup", str(before)], env=here, check=True, capture_output=True)
    code, printed = rotate_in_subprocess(old_pc, here)
    assert code == 0, printed
    new_key = KeyStore().get(template_book.book_id)
    assert new_key is not None and new_key != old_key
    with CaseBook.open(old_pc) as book:
        book.add_child(child_draft(given="四郎"))
    subprocess.run([*base, "backup", str(after)], env=here, check=True, capture_output=True)

    # A new PC, only the sheets and the backups left.
    new = PC(tmp_path / "new-pc", pytestconfig)
    wrong = new.run("restore", str(before), stdin=recovery_key.encode(new_key) + "\n")
    assert wrong.returncode == 3, wrong.stderr
    assert f"It needs the sheet with key ID {keycheck.key_id(old_key)}" in wrong.stderr
    assert not new.data_folder.exists() or not any(new.data_folder.iterdir())

    done = new.run("restore", str(before), stdin=recovery_key.encode(old_key) + "\n")
    assert done.returncode == 0, done.stderr
    db = new.data_folder / book_file.BOOK_FILE
    _same_rows(db, old_key, before, old_key)
    assert new.run("check").returncode == 0

    # Another new PC restores the later backup with the current sheet.
    other = PC(tmp_path / "other-pc", pytestconfig)
    done = other.run("restore", str(after), stdin=recovery_key.encode(new_key) + "\n")
    assert done.returncode == 0, done.stderr
    _same_rows(other.data_folder / book_file.BOOK_FILE, new_key, after, new_key)
    assert "children" in other.run("info").stdout


def test_a_backup_without_its_key_info_file_still_restores(
    old_pc: Path, template_book: Any, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    """Only the .bak was copied (or it came from an older mccdesk): the recovery key asked for
    is the one that opens it."""
    with CaseBook.open(old_pc) as book:
        book.backup(tmp_path / "made" / "b.bak")
    lone = tmp_path / "usb" / "b.bak"
    lone.parent.mkdir()
    shutil.copy2(tmp_path / "made" / "b.bak", lone)
    new = PC(tmp_path / "new-pc", pytestconfig)
    done = new.run("restore", str(lone), stdin=recovery_key.encode(template_book.key) + "\n")
    assert done.returncode == 0, done.stderr
    assert "no .keyinfo.json" in done.stderr
    _same_rows(new.data_folder / book_file.BOOK_FILE, template_book.key, lone, template_book.key)


def test_the_backup_copied_in_as_the_book_then_unlocked(
    old_pc: Path, template_book: Any, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    """The attack's second try: copy the backup in as casebook.db, then `unlock` (it was 5)."""
    with CaseBook.open(old_pc) as book:
        backup = book.backup(tmp_path / "b.bak")
    new = PC(tmp_path / "new-pc", pytestconfig)
    new.data_folder.mkdir(parents=True)
    shutil.copy2(backup, new.data_folder / book_file.BOOK_FILE)
    done = new.run("info")
    assert done.returncode == 3, done.stderr  # no key here: locked, not "damaged"
    assert "damaged" not in done.stderr
    done = new.run("unlock", stdin=recovery_key.encode(template_book.key) + "\n")
    assert done.returncode == 0, done.stderr
    assert "key check file (casebook.keycheck) was missing" in done.stderr
    done = new.run("info")
    assert done.returncode == 0 and "23 children" in done.stdout


def test_init_then_restore_says_what_to_do_and_changes_nothing(
    old_pc: Path, template_book: Any, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    """The attack's third try: `init` on the new PC first (a new, empty book), then `restore`."""
    with CaseBook.open(old_pc) as book:
        backup = book.backup(tmp_path / "b.bak")
    new = PC(tmp_path / "new-pc", pytestconfig)
    init = ("init", "--branch-id", "B01", "--branch-name", "新しいPC", "--area", "yokosuka-miura")
    assert new.run(*init).returncode == 0
    before = snapshot(new.data_folder)
    done = new.run("restore", str(backup), stdin=recovery_key.encode(template_book.key) + "\n")
    assert done.returncode == errors.BackupOfAnotherBook.exit_code == 2, done.stderr
    assert "move casebook.db and its key check file to another folder" in done.stderr
    assert snapshot(new.data_folder) == before
    # Doing what it says brings the book back.
    (new.home / "mistake").mkdir()
    for name in (book_file.BOOK_FILE, book_file.KEYCHECK_FILE):
        (new.data_folder / name).rename(new.home / "mistake" / name)
    done = new.run("restore", str(backup), stdin=recovery_key.encode(template_book.key) + "\n")
    assert done.returncode == 0, done.stderr
    assert "23 children" in new.run("info").stdout


# --- the key check file lost: rebuilt from a key that opens the book, never "damaged" -----------


def _lose_keycheck(folder: Path) -> None:
    (folder / book_file.KEYCHECK_FILE).unlink()


def test_open_rebuilds_a_lost_key_check_from_the_stored_key(
    old_pc: Path, template_book: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from mccdesk.cli import main

    _lose_keycheck(old_pc)
    assert main(["--data-dir", str(old_pc), "--lang", "en", "info"]) == 0
    out = capsys.readouterr()
    assert "23 children" in out.out and "was missing; it was rebuilt" in out.err
    check = keycheck.read(old_pc / book_file.KEYCHECK_FILE)
    assert check is not None and check.settled and check.matches(template_book.key)
    assert main(["--data-dir", str(old_pc), "--lang", "en", "info"]) == 0
    assert "rebuilt" not in capsys.readouterr().err


def test_unlock_and_restore_rebuild_a_lost_key_check(
    old_pc: Path, template_book: Any, keystore: KeyStore, tmp_path: Path
) -> None:
    with CaseBook.open(old_pc) as book:
        backup = book.backup(tmp_path / "b.bak")
    # Lost with the keyring entry too (a new Windows user): the recovery key rebuilds it.
    _lose_keycheck(old_pc)
    keystore.delete(template_book.book_id)
    with pytest.raises(errors.KeyCheckMissing) as refused:
        CaseBook.open(old_pc)
    assert refused.value.exit_code == 3 and "mccdesk unlock" in refused.value.message("en")
    with pytest.raises(errors.WrongRecoveryKey):
        CaseBook.unlock(old_pc, recovery_key.encode(bytes(32)))
    CaseBook.unlock(old_pc, recovery_key.encode(template_book.key))
    assert keycheck.read(old_pc / book_file.KEYCHECK_FILE) is not None
    CaseBook.open(old_pc).close()
    # Lost again, then a restore: it finds the book's key, restores, and rebuilds the check.
    _lose_keycheck(old_pc)
    restored = CaseBook.restore(old_pc, backup)
    assert restored.kept is not None and not restored.rekeyed
    check = keycheck.read(old_pc / book_file.KEYCHECK_FILE)
    assert check is not None and check.settled and check.matches(template_book.key)
    with CaseBook.open(old_pc) as book:
        assert len(book.search_children("")) == 23


def test_the_prefecture_store_backs_up_and_restores_on_a_new_pc(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    office_pc = PC(tmp_path / "office", pytestconfig)
    store = tmp_path / "office-store"
    done = office_pc.run("--data-dir", str(store), "prefecture", "init", "--name", "総合事務局")
    assert done.returncode == 0, done.stderr
    sheet = next(line for line in done.stdout.splitlines() if len(line.split("-")) == 16)
    fingerprints = office_pc.run("--data-dir", str(store), "prefecture", "fingerprint").stdout
    backup = tmp_path / "usb" / "prefecture.bak"
    done = office_pc.run("--data-dir", str(store), "prefecture", "backup", str(backup))
    assert done.returncode == 0 and "key ID" in done.stdout, done.stderr

    new = PC(tmp_path / "new-pc", pytestconfig)
    folder = tmp_path / "new-store"
    wrong = new.run(
        "--data-dir", str(folder), "prefecture", "restore", str(backup), stdin="1" * 96 + "\n"
    )
    assert wrong.returncode == 4 and not folder.exists()  # a typo in the key: named, nothing made
    done = new.run(
        "--data-dir", str(folder), "prefecture", "restore", str(backup), stdin=sheet + "\n"
    )
    assert done.returncode == 0, done.stderr
    assert new.run("--data-dir", str(folder), "prefecture", "fingerprint").stdout == fingerprints
    (folder / "prefecture.keycheck").unlink()  # lost: the stored key rebuilds it
    assert new.run("--data-dir", str(folder), "prefecture", "fingerprint").returncode == 0
    assert (folder / "prefecture.keycheck").exists()


def test_the_docs_give_the_procedure_the_tests_run() -> None:
    """docs/*/data.md: restore asks for the recovery key; no --recovery-key on a command line;
    old sheets are kept while backups made under them are kept."""
    en = (DOCS / "en" / "data.md").read_text(encoding="utf-8")
    ja = (DOCS / "ja" / "data.md").read_text(encoding="utf-8")
    for text in (en, ja):
        assert "--recovery-key " not in text and '--recovery-key "' not in text
        assert "mccdesk restore" in text and "mccdesk check" in text and "mccdesk info" in text
        assert ".keyinfo.json" in text
    assert "Do not run `mccdesk init`" in en and "`mccdesk init` は実行しない" in ja
    assert "keep the previous sheet" in en and "以前のシートも保管" in ja
