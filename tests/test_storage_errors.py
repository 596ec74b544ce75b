"""A place that cannot be used is not a damaged case book (issue 13 item 9).

The attack: a full disk made `info`, `check` and `import` say
「壊れています — バックアップから復元」 (exit 5), and so did a read-only folder and restoring
from write-protected media; following that advice replaces a healthy book. Now a full disk
(exit 6), a read-only place (7), a file that cannot be opened (8) and an I/O error (9) each
say what happened, and a backup on write-protected media restores. Real mounts where this
process may make them (root: a small tmpfs filled up, a read-only bind mount), and the same
failures simulated at the OS/SQLite call everywhere.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from mccdesk import errors
from mccdesk.casebook import CaseBook
from mccdesk.cli import main
from mccdesk.storage import book as book_file
from mccdesk.storage import cipher
from mccdesk.storage.keystore import KeyStore
from mccdesk.storage.store import Store
from tests.support import seed003
from tests.support.fixtures_gen import snapshot

# What the damaged-file message says ("The case book file is damaged. Restore it …").
DAMAGED = (errors.DamagedError.en[:30], errors.DamagedError.ja[:18], "壊れています", "Restore it")


def _cli(capsys: pytest.CaptureFixture[str], folder: Path, *args: str, lang: str = "en"):
    code = main(["--data-dir", str(folder), "--lang", lang, *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _first_line(template: str) -> str:
    return template.split("{")[0].splitlines()[0]


def _says(text: str, error: type[errors.MccdeskError], lang: str = "en") -> None:
    assert _first_line(error.en if lang == "en" else error.ja) in text, text
    assert not any(word in text for word in DAMAGED), text


def _can_mount() -> bool:
    return os.name == "posix" and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def _mounted(target: Path, *args: str) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def _book_in(folder: Path, template_book: Any, keystore: KeyStore) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in (book_file.BOOK_FILE, book_file.KEYCHECK_FILE):
        shutil.copy2(template_book.folder / name, folder / name)
    keystore.put(template_book.book_id, template_book.key)
    return folder


def _fill(mount: Path, leave: int = 0) -> Path:
    """Fill the file system up to `leave` bytes free; returns the filler file."""
    filler = mount / "filler"
    with open(filler, "wb") as f:
        with contextlib.suppress(OSError):
            while shutil.disk_usage(mount).free > leave:
                f.write(b"\0" * 4096)
                f.flush()
        with contextlib.suppress(OSError):
            f.close()
    return filler


# --- real mounts --------------------------------------------------------------------------------


@pytest.mark.skipif(not _can_mount(), reason="needs root to mount a small tmpfs")
def test_a_full_disk_is_reported_as_full_never_as_damage(
    tmp_path: Path,
    template_book: Any,
    keystore: KeyStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = seed003.write_csv(tmp_path)
    with _mounted(tmp_path / "disk", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs") as disk:
        folder = _book_in(disk / "casebook", template_book, keystore)
        before = snapshot(folder)
        filler = _fill(disk)
        assert shutil.disk_usage(disk).free == 0
        for args in (("info",), ("check",), ("import", str(sheet))):
            code, text = _cli(capsys, folder, *args)
            assert code == errors.DiskFull.exit_code == 6, (args, text)
            _says(text, errors.DiskFull)
            assert str(folder) in text
        code, text = _cli(capsys, folder, "info", lang="ja")
        assert code == 6
        _says(text, errors.DiskFull, "ja")
        filler.unlink()
        # Room to open (its -shm) but not to write the import: still "full", nothing imported.
        filler = _fill(disk, leave=48 * 1024)
        code, text = _cli(capsys, folder, "import", str(sheet))
        assert code == 6, text
        _says(text, errors.DiskFull)
        filler.unlink()
        assert {k: v for k, v in snapshot(folder).items() if "-" not in k} == before
        code, text = _cli(capsys, folder, "check")
        assert code == 0, text  # the book was healthy all along
        with CaseBook.open(folder) as book:
            assert book.totals()["cases"] == 0


@pytest.mark.skipif(not _can_mount(), reason="needs root for a read-only bind mount")
def test_a_read_only_folder_is_reported_as_read_only_and_a_backup_on_one_restores(
    tmp_path: Path,
    template_book: Any,
    keystore: KeyStore,
    book_folder: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = _book_in(tmp_path / "source" / "casebook", template_book, keystore)
    with CaseBook.open(book_folder) as book:
        book.backup(tmp_path / "source" / "usb" / "b.bak")
    with _mounted(tmp_path / "ro", "--bind", str(tmp_path / "source")) as ro:
        done = subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot make the bind mount read-only")
        folder = ro / "casebook"
        for args in (("info",), ("check",)):
            code, text = _cli(capsys, folder, *args)
            assert code == errors.ReadOnlyLocation.exit_code == 7, (args, text)
            _says(text, errors.ReadOnlyLocation)
        # Restoring from write-protected media (the backup on the read-only mount).
        before = snapshot(book_folder)
        code, text = _cli(capsys, book_folder, "restore", str(ro / "usb" / "b.bak"))
        assert code == 0, text
        assert snapshot(book_folder) != before
        assert sorted(p.name for p in (ro / "usb").iterdir()) == ["b.bak", "b.bak.keyinfo.json"]
    assert source.exists()
    assert _cli(capsys, book_folder, "check")[0] == 0


# --- the same failures at the OS / SQLite call, everywhere ---------------------------------------


def _sqlite_error(message: str, code: int) -> sqlcipher3.OperationalError:
    error = sqlcipher3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


SIMULATED = {
    "disk full": (_sqlite_error("database or disk is full", 13), {}, errors.DiskFull),
    "read-only": (
        _sqlite_error("attempt to write a readonly database", 8),
        {},
        errors.ReadOnlyLocation,
    ),
    "cannot open": (_sqlite_error("unable to open database file", 14), {}, errors.CannotOpenFile),
    "I/O error": (_sqlite_error("disk I/O error", 10), {}, errors.StorageIOError),
    # What SQLite says on a full disk when it cannot grow the -shm file, and for a read-only
    # folder: the place itself tells which it is (ENOSPC / EROFS at the OS call).
    "shm on a full disk": (
        _sqlite_error("disk I/O error", 4874),
        {"place_is_full": True},
        errors.DiskFull,
    ),
    "read-only folder (EROFS)": (
        _sqlite_error("unable to open database file", 14),
        {"place_is_read_only": True},
        errors.ReadOnlyLocation,
    ),
    "ENOSPC": (OSError(28, os.strerror(28)), {}, errors.DiskFull),
    "EROFS": (OSError(30, os.strerror(30)), {}, errors.ReadOnlyLocation),
}


@pytest.mark.parametrize("case", SIMULATED)
@pytest.mark.parametrize("command", ["info", "check"])
def test_simulated_storage_failures_at_open_are_named(
    case: str,
    command: str,
    book_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    error, place, expected = SIMULATED[case]
    for name, value in place.items():
        monkeypatch.setattr(cipher, name, lambda _path, value=value: value)

    def refuse(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(cipher.sqlcipher3, "connect", refuse)
    before = snapshot(book_folder)
    code, text = _cli(capsys, book_folder, command)
    assert code == expected.exit_code, text
    _says(text, expected)
    code, text = _cli(capsys, book_folder, command, lang="ja")
    assert code == expected.exit_code
    _says(text, expected, "ja")
    assert snapshot(book_folder) == before


def test_a_full_disk_while_importing_is_named(
    book_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(*_: object, **__: object) -> list[int]:
        raise _sqlite_error("database or disk is full", 13)

    monkeypatch.setattr(Store, "import_records", full)
    code, text = _cli(capsys, book_folder, "import", str(seed003.write_csv(tmp_path)))
    assert code == 6, text
    _says(text, errors.DiskFull)


def test_the_exit_codes_are_their_own() -> None:
    kinds = (errors.DiskFull, errors.ReadOnlyLocation, errors.CannotOpenFile)
    codes = [k.exit_code for k in (*kinds, errors.StorageIOError)]
    assert codes == [6, 7, 8, 9]
    assert errors.CaseBookDamaged.exit_code == 5 and 5 not in codes
    for kind in (*kinds, errors.StorageIOError):
        assert not issubclass(kind, errors.DamagedError)
        assert (
            "not damaged" in kind.en
            or "not necessarily damaged" in kind.en
            or ("does not mean the file is damaged" in kind.en)
        )


def test_the_app_names_them_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui.errors_dialog import error_text

    text = error_text(_sqlite_error("database or disk is full", 13))
    assert _first_line(errors.DiskFull.ja) in text and "壊れています" not in text
