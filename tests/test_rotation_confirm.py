"""Key rotation that cannot strand an office (issue 13 item 5; security anchors promise 7).

The attack: `key rotate` killed after the re-key left a book whose only key was one user's
keyring entry; the new recovery key was never shown, and the next `info` said nothing. Now the
new recovery key is shown and typed back before the re-key; a rotation killed at any step is
rolled back (not yet confirmed) or finished (confirmed) at the next open, loudly, and the old
recovery key works until the new one is confirmed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
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
from tests.support.rotation import TypesTheNewKey, rotate_in_subprocess

RECOVERY_KEY = re.compile(r"\d{6}(?:-\d{6}){15}")

# Which key opens the book after a kill at each step, and what the next open tells the person.
FAULTS = {
    "rotate-after-pending": ("old", None),  # nothing shown yet, nothing to tell
    "rotate-after-keycheck": ("old", errors.RotationRolledBack),
    "rotate-after-show": ("old", errors.RotationRolledBack),  # shown, never confirmed
    "rotate-after-confirm": ("new", errors.RotationFinished),  # confirmed, not re-keyed yet
    "rotate-after-rekey": ("new", errors.RotationFinished),
    "rotate-after-promote": ("new", errors.RotationFinished),
}


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
    exactly this key, as the current one."""
    assert keystore.get(book_id) == key
    assert keystore.get(book_id, "pending") is None
    check = keycheck.read(folder / book_file.KEYCHECK_FILE)
    assert check is not None and check.settled
    assert check.values == (keycheck.check_value(key, book_id),)
    assert check.entries[0].key_id == keycheck.key_id(key)


def _mccdesk(
    folder: Path, pytestconfig: pytest.Config, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    """`mccdesk --data-dir folder args…` as a user runs it, in its own process."""
    return subprocess.run(
        python_cmd("-m", "mccdesk.cli", "--data-dir", str(folder), *args),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig), **env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _rotate_killed_at(folder: Path, fault: str, pytestconfig: pytest.Config) -> tuple[int, str]:
    return rotate_in_subprocess(folder, python_env(pycache_dir(pytestconfig), MCCDESK_FAULT=fault))


@pytest.mark.parametrize("fault", FAULTS)
def test_rotation_killed_at_each_step_is_settled_loudly_at_the_next_open(
    fault: str,
    book: CaseBook,
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    tmp_path: Path,
    pytestconfig: pytest.Config,
) -> None:
    book.add_child(_child("一郎"))
    book.close()
    book_id, old = template_book.book_id, template_book.key
    db = book_folder / book_file.BOOK_FILE

    code, printed = _rotate_killed_at(book_folder, fault, pytestconfig)
    assert code == -9, printed  # it died at the fault point
    shown = RECOVERY_KEY.findall(printed)
    assert bool(shown) == (fault not in ("rotate-after-pending", "rotate-after-keycheck"))
    new = keystore.get(book_id, "pending")
    assert new is not None and new != old
    if shown:
        assert recovery_key.decode(shown[0]) == new
    which, notice = FAULTS[fault]
    expected = old if which == "old" else new

    if which == "old":
        # Until the new key is confirmed the old recovery key is the valid one: with the
        # keyring entry lost right now, the old sheet still unlocks the book.
        keystore.delete(book_id)
        sheet = tmp_path / "old-sheet.txt"
        sheet.write_text(recovery_key.encode(old))
        first = _mccdesk(
            book_folder, pytestconfig, "--lang", "en", "unlock", "--recovery-key-file", str(sheet)
        )
        assert first.returncode == 0, first.stderr
    else:
        first = _mccdesk(book_folder, pytestconfig, "--lang", "en", "info")  # the next start
        assert first.returncode == 0, first.stderr
    if notice is None:
        assert "Notice" not in first.stderr
    else:
        said = notice(key_id=keycheck.key_id(expected), new_id=keycheck.key_id(new), old_id="")
        assert said.message("en").split("(")[0] in first.stderr, first.stderr
        assert keycheck.key_id(expected) in first.stderr  # which sheet is valid, by its key ID
    again = _mccdesk(book_folder, pytestconfig, "--lang", "en", "info")
    assert again.returncode == 0 and "Notice" not in again.stderr  # told once: it is settled
    if which == "old":  # the key shown by the interrupted rotation unlocks nothing
        sheet.write_text(recovery_key.encode(new))
        done = _mccdesk(book_folder, pytestconfig, "unlock", "--recovery-key-file", str(sheet))
        assert done.returncode == 3, done.stderr

    assert _names(book_folder) == ["一郎"]
    assert _keys_that_open(db, old, new) == [expected]
    _assert_settled(book_folder, book_id, expected, keystore)

    if which == "new":  # confirmed: the new sheet is the valid one, the old one is retired
        keystore.delete(book_id)
        assert book_file.unlock(book_folder, keystore, new) == book_id
        with pytest.raises(errors.WrongRecoveryKey):
            book_file.unlock(book_folder, keystore, old)

    with CaseBook.open(book_folder) as reopened:  # a second rotation works
        third = reopened.rotate_key(keystore, show=lambda *_: None, confirm=lambda _: True)
        reopened.add_child(_child("二郎"))
    assert _names(book_folder) == ["一郎", "二郎"]
    assert _keys_that_open(db, old, new, third) == [third]
    _assert_settled(book_folder, book_id, third, keystore)


def test_the_app_start_shows_a_settled_rotation(
    qtbot, book: CaseBook, book_folder: Path, template_book: Any, pytestconfig: pytest.Config
) -> None:  # type: ignore[no-untyped-def]
    from mccdesk.ui.start import NoticeDialog, open_book
    from tests.test_ui_start import when_shown

    book.close()
    code, printed = _rotate_killed_at(book_folder, "rotate-after-show", pytestconfig)
    assert code == -9 and RECOVERY_KEY.search(printed)
    seen: list[str] = []
    shown = when_shown(NoticeDialog, lambda dialog: seen.append(dialog.text()))
    opened = open_book(book_folder, setup_allowed=False)
    assert opened is not None
    opened.close()
    assert shown and "鍵の更新" in seen[0] and keycheck.key_id(template_book.key) in seen[0]


def test_unconfirmed_rotation_changes_nothing(
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book_id, old = template_book.book_id, template_book.key
    before = (book_folder / book_file.KEYCHECK_FILE).read_bytes()
    for stdin in (TypesTheNewKey(book_id, wrong=True), _Lines()):  # wrong thrice; no answer
        monkeypatch.setattr(sys, "stdin", stdin)
        code = main(["--data-dir", str(book_folder), "--lang", "en", "key", "rotate"])
        out = capsys.readouterr()
        assert code == errors.RotationNotConfirmed.exit_code == 2
        assert "was not changed" in out.err and keycheck.key_id(old) in out.err
        assert len(RECOVERY_KEY.findall(out.out)) == 1  # shown, then void
        assert keystore.get(book_id) == old and keystore.get(book_id, "pending") is None
        assert (book_folder / book_file.KEYCHECK_FILE).read_bytes() == before
        assert _keys_that_open(book_folder / book_file.BOOK_FILE, old) == [old]
    assert stdin.asked if isinstance(stdin, TypesTheNewKey) else True
    keystore.delete(book_id)
    assert book_file.unlock(book_folder, keystore, old) == book_id  # the old sheet works


def test_a_rotation_waiting_for_confirmation_is_left_alone_by_other_opens(
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    pytestconfig: pytest.Config,
) -> None:
    """A scheduled `mccdesk sync` opening the book while the person reads the new sheet must
    neither roll the rotation back nor be refused."""
    book_id, old = template_book.book_id, template_book.key
    proc = subprocess.Popen(
        python_cmd("-m", "mccdesk.cli", "--data-dir", str(book_folder), "key", "rotate"),
        cwd=ROOT,
        env=python_env(pycache_dir(pytestconfig)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        key_line = next(line for line in proc.stdout if RECOVERY_KEY.fullmatch(line.strip()))
        told: list[errors.Notice] = []
        stop = errors.listen(told.append)
        try:
            with CaseBook.open(book_folder) as other:  # while it waits for the answer
                assert other.key_id == keycheck.key_id(old)
        finally:
            stop()
        assert told == []
        check = keycheck.read(book_folder / book_file.KEYCHECK_FILE)
        assert check is not None and check.pending is not None  # still offered, not undone
        proc.stdin.write(key_line)
        proc.stdin.close()
        assert proc.wait(timeout=120) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
    new = recovery_key.decode(key_line.strip())
    _assert_settled(book_folder, book_id, new, keystore)


def test_rotation_retires_the_old_recovery_key_for_the_book_not_for_old_backups(
    book: CaseBook,
    book_folder: Path,
    template_book: Any,
    keystore: KeyStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book.add_child(_child("三郎"))
    before = book.backup(tmp_path / "before-rotation.db")
    book.close()
    book_id, old = template_book.book_id, template_book.key

    stdin = TypesTheNewKey(book_id)
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["--data-dir", str(book_folder), "--lang", "en", "key", "rotate"]) == 0
    out = capsys.readouterr().out
    printed = RECOVERY_KEY.findall(out)
    assert len(printed) == 1 and stdin.asked == 1
    new = recovery_key.decode(printed[0])
    assert new != old
    assert f"key ID {keycheck.key_id(new)}" in out and "keep the previous sheet" in out
    _assert_settled(book_folder, book_id, new, keystore)

    keystore.delete(book_id)  # lost: only the recovery sheets are left
    old_sheet = recovery_key.encode(old)
    monkeypatch.setattr(sys, "stdin", _Lines(old_sheet))
    assert main(["--data-dir", str(book_folder), "unlock"]) == 3
    assert "この回復キーはこのケースブックのものではありません" in capsys.readouterr().err
    assert keystore.get(book_id) is None
    monkeypatch.setattr(sys, "stdin", _Lines(printed[0]))
    assert main(["--data-dir", str(book_folder), "unlock"]) == 0
    assert keystore.get(book_id) == new
    assert _names(book_folder) == ["三郎"]

    # The backup from before the rotation needs the old sheet, and says so by key ID; restored,
    # it is re-keyed to the current key, so the current sheet stays the one that opens the book.
    monkeypatch.setattr(sys, "stdin", _Lines(""))
    code = main(["--data-dir", str(book_folder), "--lang", "en", "restore", str(before)])
    err = capsys.readouterr().err
    assert code == errors.RecoveryKeyNotGiven.exit_code
    assert f"key ID {keycheck.key_id(old)}" in err
    monkeypatch.setattr(sys, "stdin", _Lines(old_sheet))
    code = main(["--data-dir", str(book_folder), "--lang", "en", "restore", str(before)])
    out = capsys.readouterr().out
    assert code == 0 and "re-keyed to the current one" in out
    assert _keys_that_open(book_folder / book_file.BOOK_FILE, old, new) == [new]
    _assert_settled(book_folder, book_id, new, keystore)
    assert _names(book_folder) == ["三郎"]


class _Lines:
    """stdin holding the given lines, not a terminal (as when a script pipes its input)."""

    def __init__(self, *lines: str) -> None:
        self._lines: Iterator[str] = iter([f"{line}\n" for line in lines])

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        return next(self._lines, "")


def test_demo_book_is_not_rekeyed(tmp_path: Path) -> None:
    from mccdesk.demo import make_demo_book

    folder = tmp_path / "demo"
    make_demo_book(folder, children=2, seed=1, today=date(2025, 1, 6))
    with CaseBook.open(folder) as demo, pytest.raises(errors.DemoRekeyRefused):
        demo.rotate_key(show=lambda *_: None, confirm=lambda _: True)


def test_concurrent_rotation_is_refused(book_folder: Path, template_book: Any) -> None:
    from mccdesk.storage.encrypted_file import RotationLock

    # flock belongs to the open file: a second descriptor, even in this process, is refused.
    lock = RotationLock(book_folder / (book_file.BOOK_FILE + ".rotation-lock"))
    assert lock.acquire()
    try:
        with CaseBook.open(book_folder) as book, pytest.raises(errors.RotationInProgress):
            book.rotate_key(show=lambda *_: None, confirm=lambda _: True)
    finally:
        lock.release()
    assert KeyStore().get(template_book.book_id, "pending") is None
