"""Three branches and the prefecture over one drop: FY2023 Q1–Q4 from case books to acks,
and the prefecture's FY2023 tables equal the sum of what the branches recorded."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mccdesk import domain as d
from mccdesk.casebook import CaseBook
from mccdesk.importer import import_file
from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture import tables
from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.reference import reference as load_reference
from mccdesk.storage.keystore import KeyStore
from mccdesk.sync import drop, keys, outbox, reference
from tests.support import seed003

OPENED = [date(2023, 5, 10), date(2023, 8, 10), date(2023, 11, 10), date(2024, 2, 10)]
QUARTERS = [FiscalQuarter.parse(f"FY2023-Q{q}") for q in (1, 2, 3, 4)]


def _cases(book: CaseBook, n: int) -> None:
    for i in range(n):
        book.open_case(
            d.CaseDraft(
                opened_on=OPENED[i % len(OPENED)],
                contact_method="phone",
                consulter_type="family",
                residence="142018",
                topics=("respite",),
            )
        )


@pytest.fixture
def branches(book: CaseBook, tmp_path: Path) -> list[CaseBook]:
    import_file(book, seed003.write_xlsx(tmp_path))
    books = [book]
    for branch, area in (("B02", "shonan-west"), ("B03", "kensei")):
        made, _ = CaseBook.create(
            tmp_path / branch,
            branch_id=branch,
            branch_name=f"{branch} ブランチ",
            area=area,
            keystore=KeyStore(),
        )
        made.use_coordinator(made.add_coordinator("試験 次郎").id)
        _cases(made, 6 if branch == "B02" else 3)
        books.append(made)
    yield books
    for made in books[1:]:
        made.close()


def test_three_branches_report_a_year_and_get_their_acks(
    branches: list[CaseBook], tmp_path: Path
) -> None:
    drop_dir = tmp_path / "drop"
    drop_dir.mkdir()
    office, _ = PrefectureOffice.create(tmp_path / "prefecture", "総合事務局")
    with office:
        _, first_package = office.publish(drop_dir)
        fingerprint = office.fingerprints().signing
        for book in branches:
            reference.trust(book, first_package, fingerprint)
            branch = book.info().branch_id
            registration = keys.export_registration(book, tmp_path / f"{branch}.mcckey")
            office.register(registration, keys.branch_fingerprint(book))
        version, _ = office.publish(drop_dir)  # now with the registry of the three keys
        sent: dict[tuple[str, str], dict] = {}
        for book in branches:
            for quarter in QUARTERS:
                outbox.build_draft(book, quarter)
                entry = outbox.approve(book, quarter)
                sent[(book.info().branch_id, quarter.code)] = json.loads(entry.content)
            report = drop.sync(book, drop_dir)
            assert len(report.delivered) == 4 and not report.queued
            assert report.package == str(version)  # the newer package, same signer

        ingested = office.ingest(drop_dir)
        assert [o.status for o in ingested.outcomes] == ["accepted"] * 12
        assert ingested.acks_written == 12

        for book in branches:
            report = drop.sync(book, drop_dir)
            assert sorted(state for _, state, _ in report.answered) == ["acknowledged"] * 4
            assert {e.state for e in outbox.entries(book)} == {"acknowledged"}
            assert reference.pinned_version(book) == str(version)

        current = office.current_summaries([q.code for q in QUARTERS])
        assert {(s.branch, s.period): s.document for s in current} == sent
        assert {s.area for s in current} == {"yokosuka-miura", "shonan-west", "kensei"}
        complete = office.completeness("FY2023-Q4", date(2024, 6, 1))
        assert [(b.branch, b.state, b.late) for b in complete.branches] == [
            ("B01", "received", True),  # sent in this test run, long after April 2024
            ("B02", "received", True),
            ("B03", "received", True),
        ]
        assert office.ingest(drop_dir).acks_written == 0  # nothing new, nothing rewritten

        # The FY2023 tables (the office's working view: no public thresholds) add up the books.
        year = tables.build(current, QUARTERS[-1], load_reference(), public=False)
        fy_start, fy_end = QUARTERS[0].start, QUARTERS[-1].end
        for table, by in (
            ("cases_by_contact_method", "contact_method"),
            ("cases_by_consulter_type", "consulter_type"),
            ("cases_by_topic", "topic"),
        ):
            recorded: dict[str, int] = {}
            for book in branches:
                for code, n in book.count_cases_opened(fy_start, fy_end, by).items():
                    recorded[code] = recorded.get(code, 0) + n
            shown = {
                row.code: year.table(table).cell(row.code, "year_to_date").value
                for row in year.table(table).rows
            }
            assert {code: n for code, n in shown.items() if n} == recorded, table
        by_area = year.table("cases_by_area")
        assert by_area.total is not None
        assert by_area.total[[c.key for c in by_area.columns].index("year_to_date")].value == (
            77 + 6 + 3
        )
