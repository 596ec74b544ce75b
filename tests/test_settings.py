"""The case book's shared settings: kept in its meta, checked, audited, read by referral sheets."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from mccdesk.casebook import CaseBook
from mccdesk.domain import BookSettings
from mccdesk.errors import InvalidValue


def test_a_new_book_has_empty_settings(book: CaseBook) -> None:
    assert book.settings() == BookSettings()
    assert not book.backup_due()


def test_settings_are_kept_in_the_book_and_audited_by_key_only(
    book: CaseBook, book_folder: Path, tmp_path: Path
) -> None:
    book.update_settings(
        drop_folder=str(tmp_path / "drop"),
        backup_folder=str(tmp_path / "backups"),
        backup_every_days=7,
        branch_phone="０４６－８２２－１２３４",  # typed with a Japanese IME
        branch_fax="046-822-5678",
    )
    book.close()
    with CaseBook.open(book_folder) as again:
        s = again.settings()
        events = [e for e in again.store.audit_events() if e.entity == "settings"]
    assert s.drop_folder == str(tmp_path / "drop")
    assert s.backup_folder == str(tmp_path / "backups")
    assert s.backup_every_days == 7
    assert s.branch_phone == "046-822-1234"
    assert s.branch_fax == "046-822-5678"
    assert len(events) == 1
    assert "branch_phone" in events[0].detail and "1234" not in events[0].detail


def test_only_changed_settings_are_written(book: CaseBook) -> None:
    book.update_settings(branch_phone="046-1")
    book.update_settings(branch_phone="046-1")
    assert len([e for e in book.store.audit_events() if e.entity == "settings"]) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"branch_phone": "電話して"}, "電話番号"),
        ({"branch_fax": "---"}, "FAX番号"),
        ({"backup_folder": "relative/folder"}, "バックアップ先"),
        ({"backup_every_days": 400}, "バックアップの間隔"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    book: CaseBook, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue) as exc:
        book.update_settings(**changes)
    assert field in exc.value.message("ja")
    assert book.settings() == BookSettings()


def test_backup_to_folder_writes_a_file_and_the_schedule_follows(
    book: CaseBook, tmp_path: Path
) -> None:
    book.update_settings(backup_folder=str(tmp_path / "backups"), backup_every_days=3)
    now = datetime(2025, 4, 1, 9, 0, 0)
    assert book.backup_due(now)
    path = book.backup_to_folder(now)
    assert path.parent == tmp_path / "backups" and path.stat().st_size > 0
    assert book.settings().last_backup_at == now
    assert not book.backup_due(now + timedelta(days=2, hours=23))
    assert book.backup_due(now + timedelta(days=3))


def test_a_coordinator_is_deactivated_not_deleted(book: CaseBook) -> None:
    other = book.add_coordinator("山田 太郎")
    off = book.set_coordinator_active(other.id, False)
    assert not off.active and other.id in [c.id for c in book.coordinators()]
    with pytest.raises(InvalidValue):
        book.use_coordinator(other.id)
    with pytest.raises(InvalidValue):  # the one working now cannot be switched off
        book.set_coordinator_active(book.coordinator_id or 0, False)
    assert book.set_coordinator_active(other.id, True).active
