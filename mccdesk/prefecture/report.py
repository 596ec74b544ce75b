"""`prefecture report`: the prefecture's tables of a period as Excel and/or PDF.

Needs only `office.current_summaries(period_codes)` (the current revision of each branch's
accepted summary). Files are written whole or not at all (FILE.partial, then renamed).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Protocol

from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture import tables
from mccdesk.reference import Reference, reference
from mccdesk.safe_files import write_file
from mccdesk.sync import disclosure


class Office(Protocol):
    def current_summaries(self, period_codes: Any) -> Any: ...


def build(
    office: Office,
    period: FiscalQuarter | str,
    ref: Reference | None = None,
    policy: disclosure.Policy | None = None,
    lang: str = "ja",
) -> tables.PrefectureTables:
    """The published tables of `period` beside the same quarter of the previous year, labelled
    in `lang` (the printed reports are Japanese)."""
    if isinstance(period, str):
        period = FiscalQuarter.parse(period)
    previous = FiscalQuarter(period.fiscal_year - 1, period.quarter)
    summaries = list(office.current_summaries([period.code, previous.code]))
    return tables.build(summaries, period, ref or reference(), policy, public=True, lang=lang)


def write(
    office: Office,
    period: FiscalQuarter | str,
    xlsx: Path | None,
    pdf: Path | None,
    *,
    on: date | None = None,
) -> tables.PrefectureTables:
    """Write the Excel workbook and/or the PDF of `period`; returns the tables written."""
    from mccdesk.reports.prefecture_pdf import PrefectureReport
    from mccdesk.reports.prefecture_xlsx import generate

    result = build(office, period)
    # Both documents are made before either is written, so a failure leaves no half set.
    outputs: list[tuple[Path, bytes]] = []
    if xlsx is not None:
        outputs.append((Path(xlsx), generate(result)))
    if pdf is not None:
        outputs.append((Path(pdf), PrefectureReport(result, on).generate()))
    for path, data in outputs:
        write_file(path, data)
    return result
