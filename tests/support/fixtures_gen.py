"""Helpers for the storage robustness tests: files to compare, bytes to damage, old case books.

`make_book_at` builds a case book at an older schema revision with the real Alembic scripts,
the way `mccdesk.storage.book.create` does at head (file, meta rows, key check, key in the
keyring), so that opening it exercises the upgrade path exactly as a branch would.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import uuid
from pathlib import Path

import keyring.core

from mccdesk.storage import book as book_file
from mccdesk.storage import cipher, keycheck
from mccdesk.storage.keystore import KeyStore

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096
SQLITE_MAGIC = b"SQLite format 3\x00"
FILE_BACKEND = "keyrings.alt.file.PlaintextKeyring"


# --- files ----------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path → SHA-256): equal snapshots mean nothing changed,
    no file appeared and none went away."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def keyring_file() -> Path:
    """Where the tests' keyring backend (keyrings.alt plain text) keeps its entries."""
    return Path(keyring.core.load_keyring(FILE_BACKEND).file_path)


def keyring_state() -> str | None:
    path = keyring_file()
    return sha256(path) if path.exists() else None


def flip(path: Path, page: int, offset: int = 100, mask: int = 0x01) -> None:
    """Flip bits of one byte inside page `page` (1-based) of a case book file."""
    data = bytearray(path.read_bytes())
    data[(page - 1) * PAGE + offset] ^= mask
    path.write_bytes(bytes(data))


def pages(path: Path) -> int:
    return path.stat().st_size // PAGE


def find_in_tree(root: Path, needles: dict[str, bytes], skip: tuple[Path, ...] = ()) -> list[str]:
    """`label: file` for every needle found in any file under root (skipping `skip` trees)."""
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(path.is_relative_to(s) for s in skip):
            continue
        data = path.read_bytes()
        hits += [f"{label}: {path}" for label, needle in needles.items() if needle in data]
    return hits


# --- subprocesses ---------------------------------------------------------------------------


def python_env(pycache: Path | None = None, **extra: str) -> dict[str, str]:
    """The test's environment (keyring backend, XDG and log folders) for a child Python.

    With `pycache`, compiled modules are cached there: this machine sets PYTHONDONTWRITEBYTECODE,
    so each child would otherwise compile SQLAlchemy again (about 1.5 s per process).
    """
    env = dict(os.environ, **extra)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def python_cmd(*args: str) -> list[str]:
    return [sys.executable, *args]


# --- case books at an older schema ----------------------------------------------------------


def make_book_at(
    folder: Path, keystore: KeyStore, revision: str, meta: dict[str, str] | None = None
) -> tuple[str, bytes]:
    """A real (non-demo) case book at `revision`, key stored; returns (book_id, key)."""
    paths = book_file.BookPaths(folder)
    folder.mkdir(parents=True, exist_ok=True)
    book_id = uuid.uuid4().hex
    key = secrets.token_bytes(cipher.KEY_BYTES)
    keystore.put(book_id, key)
    rows = {
        "branch_id": "B07",
        "branch_name": "旧版ブランチ",
        "area": "yokosuka-miura",
        "created_on": "2024-04-01",
        **(meta or {}),
        "book_id": book_id,
        "demo": "0",
    }
    con = cipher.connect(paths.db, key, create=True)
    try:
        book_file._migrate(con, to=revision)
        con.execute("BEGIN IMMEDIATE")
        con.executemany("INSERT INTO book_meta(key, value) VALUES (?, ?)", rows.items())
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    keycheck.write(paths.keycheck, book_id, [key])
    return book_id, key


def pycache_dir(config: object) -> Path | None:
    """A bytecode cache kept between test runs (pytest's cache folder), if pytest has one."""
    cache = getattr(config, "cache", None)
    return Path(cache.mkdir("mccdesk-pycache")) if cache is not None else None
