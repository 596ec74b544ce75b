"""The import benchmark still runs against today's code (not timed here, only exercised): its
sheet imports without a problem, and its attack files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import import_bench
from mccdesk.casebook import CaseBook
from mccdesk.importer import ImportFailed, Limits, import_file


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_benchmark_sheet_imports_whole(book: CaseBook, tmp_path: Path, fmt: str) -> None:
    rows = import_bench.make_rows(400)
    writer = import_bench.write_csv if fmt == "csv" else import_bench.write_xlsx
    report = import_file(book, writer(tmp_path / f"rows.{fmt}", rows))
    assert (report.rows, report.cases) == (400, 400) and not report.problems
    assert report.children > 10 and report.separate_children >= 1
    assert report.ignored_columns == ("No.",)


def test_the_benchmark_attacks_are_refused(book: CaseBook, tmp_path: Path) -> None:
    huge = import_bench.write_attack_huge_cell(tmp_path / "huge.xlsx", 3 << 20)
    with pytest.raises(ImportFailed) as exc:
        import_file(book, huge)
    assert [(p.row, p.column) for p in exc.value.report.problems] == [(2, "児童氏名")]
    for data, rows, stop in (("valid", 1_100, 1_002), ("blank", 1_100_000, 1_048_577)):
        path = import_bench.write_attack_many_rows(tmp_path / f"{data}.xlsx", rows, data)
        with pytest.raises(ImportFailed) as exc:
            import_file(book, path, limits=Limits(rows=1_000))
        assert [p.row for p in exc.value.report.problems] == [stop]
    numbers = import_bench.write_attack_many_rows(tmp_path / "numbers.xlsx", 2_000, "number")
    with pytest.raises(ImportFailed) as exc:
        import_file(book, numbers)
    assert len(exc.value.report.problems) == 1_001  # checking stopped at 1,000 problems
    assert book.cases() == []
