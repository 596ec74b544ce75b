"""The prefecture's store follows the case book's storage rules: encrypted, keyed, recoverable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mccdesk.errors import KeyMissing, WrongRecoveryKey
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.storage import keycheck
from mccdesk.storage.keystore import KeyStore


def test_the_store_is_encrypted_and_opens_again_with_the_recovery_key(tmp_path: Path) -> None:
    folder = tmp_path / "pref"
    office, key = PrefectureOffice.create(folder, "総合事務局")
    with office:
        before = office.fingerprints()
    db = (folder / "prefecture.db").read_bytes()
    assert not db.startswith(b"SQLite format 3\x00") and "総合事務局".encode() not in db
    store_id = keycheck.read(folder / "prefecture.keycheck").book_id  # type: ignore[union-attr]
    assert store_id.startswith("prefecture-")  # never a case book's keyring entry

    KeyStore().delete(store_id)  # a new PC, or a lost credential store
    with pytest.raises(KeyMissing):
        PrefectureOffice.open(folder)
    text = PrefectureOffice.recovery_key_text(key)
    wrong = PrefectureOffice.recovery_key_text(bytes(32))
    with pytest.raises(WrongRecoveryKey):
        PrefectureOffice.unlock(folder, wrong)
    PrefectureOffice.unlock(folder, text)
    with PrefectureOffice.open(folder) as again:
        assert again.fingerprints() == before  # the same keys: branches stay pinned
