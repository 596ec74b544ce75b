"""The branch follows the prefecture's reference package: newer and same signer only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.sync import disclosure, drop, outbox, reference
from tests.support.prefecture import Prefecture

Q3 = FiscalQuarter.parse("FY2024-Q3")


@pytest.fixture
def drop_dir(tmp_path: Path) -> Path:
    (tmp_path / "drop" / "reference").mkdir(parents=True)
    return tmp_path / "drop"


def _package(pref: Prefecture, version: str, policy: disclosure.Policy | None = None) -> bytes:
    return reference.make_package(
        pref.signing_private, pref.public, version, "2024-04-01T00:00:00Z", policy=policy
    )


@pytest.fixture
def pinned(book: CaseBook, tmp_path: Path) -> Prefecture:
    pref = Prefecture.new()
    path = tmp_path / "first.mccref"
    path.write_bytes(_package(pref, "1"))
    reference.trust(book, path, pref.fingerprint)
    return pref


def test_a_newer_package_is_pinned_and_its_policy_used(
    book: CaseBook, pinned: Prefecture, drop_dir: Path
) -> None:
    strict = disclosure.Policy("2025.1", {"children": 20})
    (drop_dir / "reference" / "package-v000002.mccref").write_bytes(_package(pinned, "2", strict))
    report = drop.sync(book, drop_dir)
    assert report.package == "2" and not report.warnings
    assert reference.pinned_version(book) == "2"
    assert reference.pinned_policy(book) == strict
    draft = outbox.build_draft(book, Q3)
    assert json.loads(draft.content)["policy"] == "2025.1"  # summaries follow the new policy


def test_an_older_or_equal_package_is_ignored(
    book: CaseBook, pinned: Prefecture, drop_dir: Path
) -> None:
    strict = disclosure.Policy("2025.1", {"children": 20})
    (drop_dir / "reference" / "package-v000003.mccref").write_bytes(_package(pinned, "3", strict))
    drop.sync(book, drop_dir)
    lax = disclosure.Policy("2023.9", {"children": 3})
    (drop_dir / "reference" / "a-old.mccref").write_bytes(_package(pinned, "2", lax))
    (drop_dir / "reference" / "b-same.mccref").write_bytes(_package(pinned, "3", lax))
    report = drop.sync(book, drop_dir)
    assert report.package is None and not report.warnings
    assert reference.pinned_version(book) == "3"
    assert reference.pinned_policy(book) == strict  # no rollback of the policy


def test_a_package_from_another_key_is_refused_and_reported(
    book: CaseBook, pinned: Prefecture, drop_dir: Path
) -> None:
    impostor = Prefecture.new()
    (drop_dir / "reference" / "package-v000009.mccref").write_bytes(_package(impostor, "9"))
    tampered = bytearray(_package(pinned, "4"))
    tampered[tampered.index(b'"version":"4"') + 11] = ord("5")
    (drop_dir / "reference" / "package-v000005.mccref").write_bytes(bytes(tampered))
    report = drop.sync(book, drop_dir)
    assert report.package is None
    warnings = " ".join(report.warnings)
    assert "package-v000009.mccref" in warnings and "another key" in warnings
    assert "package-v000005.mccref" in warnings and "signature" in warnings
    assert reference.pinned_version(book) == "1"
    assert reference.pinned(book).signing_key == pinned.signing_public  # type: ignore[union-attr]


def test_partial_packages_are_not_read(book: CaseBook, pinned: Prefecture, drop_dir: Path) -> None:
    (drop_dir / "reference" / "package-v000002.mccref.partial").write_bytes(b"{")
    assert drop.sync(book, drop_dir).warnings == []
    assert reference.pinned_version(book) == "1"


def test_the_prefecture_package_carries_registry_policy_and_vocabularies(
    tmp_path: Path, book: CaseBook
) -> None:
    from mccdesk.sync import keys

    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()
    with PrefectureOffice.create(tmp_path / "pref")[0] as office:
        first, _ = office.publish(drop_dir)
        path = keys.export_registration(book, tmp_path / "B01.mcckey")
        office.register(path, keys.branch_fingerprint(book))
        second, package = office.publish(drop_dir)
        fingerprint = office.fingerprints().signing
    assert (first, second) == (1, 2)
    read = reference.check_package(package, fingerprint)
    assert read.version == "2" and read.policy == disclosure.DEFAULT_POLICY
    assert [(e["branch"], e["fingerprint"]) for e in read.registry] == [
        ("B01", keys.branch_fingerprint(book))
    ]
    assert set(read.vocabularies) == {"casework.toml", "kanagawa.toml"}
    assert sorted(p.name for p in (drop_dir / "reference").iterdir()) == [
        "package-v000001.mccref",
        "package-v000002.mccref",
    ]
