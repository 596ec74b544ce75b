"""Signed, sealed summary files: promises 17 and 18 of the security anchors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.sync import envelope, keys, summary
from mccdesk.sync.envelope import EnvelopeRejected
from mccdesk.sync.package import summary_file
from tests.support.prefecture import Prefecture

PERIOD = FiscalQuarter(2024, 3)


@pytest.fixture
def prefecture(book: CaseBook) -> Prefecture:
    pref = Prefecture.new()
    pref.register("B01", keys.branch_key(book).public_key)
    return pref


def _file(book: CaseBook, prefecture: Prefecture, **overrides: object) -> tuple[str, bytes]:
    args: dict = {"revision": 0, "seq": 7, "prev_hash": "", "created_at": "2025-01-10T01:02:03Z"}
    return summary_file(
        book,
        summary.build(book, PERIOD),
        prefecture_public=prefecture.public,
        **(args | overrides),
    )


def test_the_prefecture_reads_what_the_branch_built(book: CaseBook, prefecture: Prefecture) -> None:
    name, data = _file(book, prefecture)
    assert re.fullmatch(r"B01_FY2024-Q3_r0_s000007_[0-9a-f]{16}\.mccsum", name)
    header, tables = prefecture.read(name, data)
    assert (header["branch"], header["period"], header["seq"]) == ("B01", "FY2024-Q3", 7)
    assert header["policy"] == "2024.1"
    assert envelope.canonical(tables) == summary.build(book, PERIOD).canonical()
    # Sealed: no count table is readable in the file itself.
    assert b"cases_by_residence" not in data and b'"cells"' not in data


def test_every_bit_flip_truncation_and_appended_byte_is_rejected(
    book: CaseBook, prefecture: Prefecture
) -> None:
    _, data = _file(book, prefecture)
    keys_by_branch = prefecture.branch_keys
    envelope.verify(data, keys_by_branch)
    accepted = []
    for i in range(len(data)):
        for bit in range(8):
            changed = bytearray(data)
            changed[i] ^= 1 << bit
            try:
                envelope.verify(bytes(changed), keys_by_branch)
            except EnvelopeRejected:
                continue
            accepted.append((i, bit))
    assert accepted == []
    for n in range(len(data)):
        with pytest.raises(EnvelopeRejected):
            envelope.verify(data[:n], keys_by_branch)
    with pytest.raises(EnvelopeRejected):
        envelope.verify(data + b"\x00", keys_by_branch)


def _forge(data: bytes, signer: bytes, header_change: dict, context: bytes = envelope.CONTEXT):
    """Re-frame a file with a changed header and sign it with `signer` (a private key)."""
    _, header_bytes, sealed = envelope.split(data)
    header = json.loads(header_bytes) | header_change
    hb = envelope.canonical(header)
    body = len(hb).to_bytes(4, "big") + hb + sealed
    signed = envelope.MAGIC + len(body).to_bytes(4, "big") + body
    return signed + Ed25519PrivateKey.from_private_bytes(signer).sign(context + b"\x00" + signed)


def test_no_cross_branch_cross_context_or_misnamed_file(
    book: CaseBook, prefecture: Prefecture
) -> None:
    name, data = _file(book, prefecture)
    mine = keys.branch_key(book)
    other = Ed25519PrivateKey.generate()
    other_pub = other.public_key().public_bytes_raw()
    prefecture.register("B02", other_pub)

    # Branch A's key, claiming to be branch B (with A's key id, or with B's).
    for key_id in (envelope.key_id(mine.public_key), envelope.key_id(other_pub)):
        forged = _forge(data, mine.private_key, {"branch": "B02", "key_id": key_id})
        with pytest.raises(EnvelopeRejected):
            envelope.verify(forged, prefecture.branch_keys)
    # Another branch's key signing as us.
    forged = _forge(data, other.private_bytes_raw(), {})
    with pytest.raises(EnvelopeRejected):
        envelope.verify(forged, prefecture.branch_keys)
    # Our key, but another payload type's context string.
    forged = _forge(data, mine.private_key, {}, context=b"mccdesk/branch-key-registration/v1")
    with pytest.raises(EnvelopeRejected):
        envelope.verify(forged, prefecture.branch_keys)
    # Our key, a header claiming another period than the sealed tables hold.
    forged = _forge(data, mine.private_key, {"period": "FY2024-Q2"})
    envelope.verify(forged, prefecture.branch_keys)  # the signature is ours…
    with pytest.raises(EnvelopeRejected):  # …but the content disagrees
        prefecture.read(envelope.file_name(json.loads(envelope.split(forged)[1]), forged), forged)
    # A name that disagrees with the content: period, sequence, revision, hash, branch.
    for wrong in (
        name.replace("FY2024-Q3", "FY2024-Q2"),
        name.replace("s000007", "s000008"),
        name.replace("_r0_", "_r1_"),
        name[:-10] + ("0" if name[-10] != "0" else "1") + name[-9:],
        name.replace("B01", "B02"),
        name + ".partial",
    ):
        with pytest.raises(EnvelopeRejected):
            prefecture.read(wrong, data)
    # An unregistered branch, and a file too large to read.
    with pytest.raises(EnvelopeRejected):
        envelope.verify(data, {})
    with pytest.raises(EnvelopeRejected):
        envelope.verify(data + bytes(envelope.MAX_FILE), prefecture.branch_keys)


def test_the_key_is_made_once_kept_in_the_book_and_exported(
    book: CaseBook, book_folder: Path, tmp_path: Path
) -> None:
    first = keys.branch_key(book)
    assert keys.branch_key(book) == first
    fp = keys.branch_fingerprint(book)
    assert re.fullmatch(r"[0-9A-F]{4}( [0-9A-F]{4}){4}", fp)
    target = keys.export_registration(book, tmp_path / "B01.mccreg")
    doc = json.loads(target.read_bytes())
    signed = doc["signed"]
    assert signed["branch"] == "B01" and signed["fingerprint"] == fp
    public = bytes.fromhex(signed["public_key"])
    assert public == first.public_key
    Ed25519PublicKey.from_public_bytes(public).verify(
        bytes.fromhex(doc["signature"]),
        keys.REGISTRATION_CONTEXT + b"\x00" + envelope.canonical(signed),
    )
    assert first.private_key.hex() not in target.read_text()
    book.close()
    with CaseBook.open(book_folder) as reopened:
        assert keys.branch_key(reopened) == first
