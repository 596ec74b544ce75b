"""The benchmarks still run against today's code (they are not timed here, only exercised)."""

from __future__ import annotations

from bench import pdf


def test_the_pdf_benchmark_sample_still_renders() -> None:
    from mccdesk.reports.referral_sheet import ReferralSheet

    assert ReferralSheet(pdf.sample()).generate().startswith(b"%PDF-")
    assert pdf.bare_page().startswith(b"%PDF-")
