"""Shared fixtures: every test gets its own folders, log folder and keyring.

The keyring backend is chosen through keyring's own configuration (PYTHON_KEYRING_BACKEND),
as an administrator would: by default keyrings.alt's file backend, in the test's own folder,
so subprocesses see the same keys. Tests that need another backend set the variable again and
call `keyring.core.init_backend()`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.core
import pytest

from mccdesk.casebook import CaseBook
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.storage.book import BOOK_FILE, KEYCHECK_FILE
from mccdesk.storage.keystore import KeyStore
from tests.support.prefecture import Signer, register

FILE_BACKEND = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Fresh XDG folders, temp dir, log dir and keyring for each test."""
    home = tmp_path / "env"
    for name in ("data", "config", "cache", "tmp", "logs"):
        (home / name).mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("TMPDIR", str(home / "tmp"))
    monkeypatch.setenv("MCCDESK_LOG_DIR", str(home / "logs"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FILE_BACKEND)
    monkeypatch.delenv("MCCDESK_DATA_DIR", raising=False)
    monkeypatch.delenv("MCCDESK_FAULT", raising=False)
    keyring.core.init_backend()
    yield home
    keyring.set_keyring(keyring.core.load_keyring(FILE_BACKEND))


@pytest.fixture(autouse=True)
def gui_thread_gc(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests collect cyclic garbage as the app does: on the GUI thread only
    (mccdesk/ui/gui_gc.py); the others leave it to CPython."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    from mccdesk.ui.gui_gc import collect_on_gui_thread

    collector = collect_on_gui_thread(request.getfixturevalue("qapp"))
    yield
    collector.stop()


@dataclass(frozen=True)
class Template:
    folder: Path
    book_id: str
    key: bytes


@pytest.fixture(scope="session")
def template_book(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """One case book built per test run (migrations take about a second); tests copy it."""
    root = tmp_path_factory.mktemp("template")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_DATA_HOME", str(root / "xdg"))
    mp.setenv("PYTHON_KEYRING_BACKEND", FILE_BACKEND)
    keyring.core.init_backend()
    try:
        book, key = CaseBook.create(
            root / "book",
            branch_id="B01",
            branch_name="テスト圏域ブランチ",
            area="yokosuka-miura",
            keystore=KeyStore(),
        )
        info = book.info()
        book.close()
    finally:
        mp.undo()
    return Template(root / "book", info.book_id, key)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "casebook"


@pytest.fixture
def keystore() -> KeyStore:
    return KeyStore()


@pytest.fixture
def book_folder(template_book: Template, data_dir: Path, keystore: KeyStore) -> Path:
    """A fresh encrypted case book in `data_dir`, its key stored in this test's keyring."""
    data_dir.mkdir(parents=True)
    for name in (BOOK_FILE, KEYCHECK_FILE):
        shutil.copy2(template_book.folder / name, data_dir / name)
    keystore.put(template_book.book_id, template_book.key)
    return data_dir


@pytest.fixture
def book(book_folder: Path) -> Iterator[CaseBook]:
    """The fresh case book, open, with a coordinator chosen."""
    opened = CaseBook.open(book_folder)
    coordinator = opened.add_coordinator("試験 花子", "しけん はなこ")
    opened.use_coordinator(coordinator.id)
    yield opened
    opened.close()


if TYPE_CHECKING:
    from mccdesk.ui.preferences import Preferences


@pytest.fixture
def prefs(tmp_path: Path) -> Iterator[Preferences]:
    """This PC's preferences (language, coordinator, window place) in the test's own file."""
    from mccdesk.ui import preferences

    chosen = preferences.Preferences.at(str(tmp_path / "prefs.ini"))
    preferences.use(chosen)
    yield chosen
    preferences.use(None)


# --- the prefecture: its office, the drop folder, a registered branch -----------------------------


@pytest.fixture
def office(tmp_path: Path) -> Iterator[PrefectureOffice]:
    made, _ = PrefectureOffice.create(tmp_path / "pref", "総合事務局")
    yield made
    made.close()


@pytest.fixture
def drop_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


@pytest.fixture
def b01(office: PrefectureOffice, tmp_path: Path) -> Signer:
    signer = Signer("B01")
    register(office, signer, tmp_path)
    return signer
