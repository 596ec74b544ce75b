"""The one file writer and the bounded reader: links are never followed, files are owner-only."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from mccdesk import safe_files

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes, links and FIFOs")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@posix_only
def test_a_written_file_is_owner_only_from_the_start_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = safe_files.write_file(tmp_path / "sheet.pdf", b"%PDF")
    finally:
        os.umask(old)
    assert path.read_bytes() == b"%PDF" and mode(path) == 0o600
    assert not list(tmp_path.glob("*.partial"))  # no temporary file left


@posix_only
def test_a_shared_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = safe_files.write_file(tmp_path / "x.mccack", b"ack", shared=True)
    finally:
        os.umask(old)
    assert mode(path) == 0o644


@posix_only
def test_a_link_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "prefecture.db"
    victim.write_bytes(b"the store")
    drop = tmp_path / "drop"
    drop.mkdir()
    target = drop / "abc.mccack"
    target.symlink_to(victim)
    safe_files.write_file(target, b"an ack", within=drop)
    assert victim.read_bytes() == b"the store"
    assert not target.is_symlink() and target.read_bytes() == b"an ack"


@posix_only
def test_a_planted_link_at_the_old_partial_name_is_left_alone(tmp_path: Path) -> None:
    victim = tmp_path / "prefecture.db"
    victim.write_bytes(b"the store")
    (tmp_path / "abc.mccack.partial").symlink_to(victim)
    safe_files.write_file(tmp_path / "abc.mccack", b"an ack")
    assert victim.read_bytes() == b"the store"


@posix_only
def test_the_temporary_file_is_never_opened_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    planted = tmp_path / "planted"
    planted.symlink_to(victim)
    with pytest.raises(FileExistsError):
        safe_files.create_exclusive(planted)
    assert victim.read_bytes() == b"keep"


@posix_only
def test_a_linked_folder_inside_the_drop_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    drop = tmp_path / "drop"
    (drop / "outbox").mkdir(parents=True)
    (drop / "outbox" / "B01").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(safe_files.UnsafePath):
        safe_files.write_file(drop / "outbox" / "B01" / "a.mccack", b"x", within=drop)
    with pytest.raises(safe_files.UnsafePath):
        safe_files.make_folder(drop / "outbox" / "B01" / "deeper", shared=True, within=drop)
    assert list(elsewhere.iterdir()) == []


@posix_only
def test_the_drop_root_itself_may_be_a_link(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    drop = tmp_path / "drop"
    drop.symlink_to(share, target_is_directory=True)
    folder = safe_files.make_folder(drop / "inbox" / "B01", shared=True, within=drop)
    safe_files.write_file(folder / "s.mccsum", b"x", shared=True, within=drop)
    assert (share / "inbox" / "B01" / "s.mccsum").read_bytes() == b"x"


@posix_only
def test_new_folders_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        safe_files.make_folder(tmp_path / "a" / "b")
    finally:
        os.umask(old)
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.json"
    safe_files.write_file(target, b"old")

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        safe_files.write_file(target, b"new")
    assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob("*.partial"))


# --- reading -------------------------------------------------------------------------------------


def test_a_regular_file_within_the_cap_is_read(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"12345")
    assert safe_files.read_regular(tmp_path / "f", 5) == b"12345"


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"123456")
    with pytest.raises(safe_files.TooLarge):
        safe_files.read_regular(tmp_path / "f", 5)


@posix_only
def test_a_link_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    (tmp_path / "zero.mccsum").symlink_to("/dev/zero")
    with pytest.raises(safe_files.UnsafePath, match="link"):
        safe_files.read_regular(tmp_path / "zero.mccsum", 1 << 20)


@posix_only
def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "x.mccsum"
    os.mkfifo(fifo)
    result: list[BaseException] = []
    reader = threading.Thread(
        target=lambda: result.append(_raises(lambda: safe_files.read_regular(fifo, 100))),
        daemon=True,
    )
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO hung"
    assert isinstance(result[0], safe_files.UnsafePath) and "FIFO" in str(result[0])


def _raises(action: object) -> BaseException:
    try:
        action()  # type: ignore[operator]
    except BaseException as exc:
        return exc
    raise AssertionError("did not raise")


def test_names_are_shown_without_terminal_escapes_or_undecodable_bytes() -> None:
    assert safe_files.shown("\x1b[2Jabc") == "\\x1b[2Jabc"
    assert safe_files.shown(os.fsdecode(b"a\xffb.mccsum")) == "a\\xffb.mccsum"
    assert safe_files.shown("令和6年度.mccsum") == "令和6年度.mccsum"
    assert safe_files.shown("a\u202eb") == "a\\u202eb"
    assert len(safe_files.shown("x" * 500)) == 120
