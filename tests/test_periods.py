from __future__ import annotations

from datetime import date

import pytest

from mccdesk.periods import (
    AGE_BANDS,
    SCHOOL_STAGE_JA,
    FiscalQuarter,
    age_on,
    date_en,
    fiscal_year_label_en,
    fiscal_year_label_ja,
    fiscal_year_of,
    format_date,
    month_abbr_en,
    parse_date,
    school_age,
    school_stage,
    wareki,
    wareki_short,
)

# --- fiscal quarters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "code"),
    [
        (date(2025, 3, 31), "FY2024-Q4"),
        (date(2025, 4, 1), "FY2025-Q1"),
        (date(2024, 6, 30), "FY2024-Q1"),
        (date(2024, 7, 1), "FY2024-Q2"),
        (date(2024, 9, 30), "FY2024-Q2"),
        (date(2024, 10, 1), "FY2024-Q3"),
        (date(2024, 12, 31), "FY2024-Q3"),
        (date(2025, 1, 1), "FY2024-Q4"),
    ],
)
def test_containing_at_boundaries(d: date, code: str) -> None:
    q = FiscalQuarter.containing(d)
    assert q.code == code
    assert q.start <= d <= q.end


def test_fiscal_year_of() -> None:
    assert fiscal_year_of(date(2025, 3, 31)) == 2024
    assert fiscal_year_of(date(2025, 4, 1)) == 2025
    assert fiscal_year_of(date(2025, 1, 1)) == 2024


@pytest.mark.parametrize(
    ("quarter", "start", "end", "months"),
    [
        (1, date(2024, 4, 1), date(2024, 6, 30), [(2024, 4), (2024, 5), (2024, 6)]),
        (2, date(2024, 7, 1), date(2024, 9, 30), [(2024, 7), (2024, 8), (2024, 9)]),
        (3, date(2024, 10, 1), date(2024, 12, 31), [(2024, 10), (2024, 11), (2024, 12)]),
        (4, date(2025, 1, 1), date(2025, 3, 31), [(2025, 1), (2025, 2), (2025, 3)]),
    ],
)
def test_quarter_ranges(quarter: int, start: date, end: date, months: list) -> None:
    q = FiscalQuarter(2024, quarter)
    assert (q.start, q.end, q.months()) == (start, end, months)
    assert q.year_start == date(2024, 4, 1)


def test_previous_next_wrap_across_fiscal_years() -> None:
    assert FiscalQuarter(2024, 4).next() == FiscalQuarter(2025, 1)
    assert FiscalQuarter(2025, 1).previous() == FiscalQuarter(2024, 4)
    assert FiscalQuarter(2024, 2).next() == FiscalQuarter(2024, 3)
    assert FiscalQuarter(2024, 3).previous() == FiscalQuarter(2024, 2)
    # Consecutive quarters tile the calendar with no gap or overlap.
    q = FiscalQuarter(2023, 1)
    for _ in range(8):
        assert (q.end - q.next().start).days == -1
        q = q.next()


def test_quarters_sort_chronologically() -> None:
    qs = [FiscalQuarter(2025, 1), FiscalQuarter(2024, 4), FiscalQuarter(2024, 1)]
    assert sorted(qs) == [FiscalQuarter(2024, 1), FiscalQuarter(2024, 4), FiscalQuarter(2025, 1)]


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_quarter_out_of_range(quarter: int) -> None:
    with pytest.raises(ValueError, match="quarter"):
        FiscalQuarter(2024, quarter)


@pytest.mark.parametrize(
    "code", ["FY2024-Q3", "fy2024-q3", "2024Q3", " FY2024-Q3 ", "ＦＹ２０２４－Ｑ３"]
)
def test_parse_quarter_code(code: str) -> None:
    assert FiscalQuarter.parse(code) == FiscalQuarter(2024, 3)


@pytest.mark.parametrize(
    "code", ["FY2024-Q5", "FY2024-Q0", "FY24-Q3", "2024", "Q3", "", "FY2024-3"]
)
def test_parse_quarter_code_rejects(code: str) -> None:
    with pytest.raises(ValueError):
        FiscalQuarter.parse(code)


def test_code_round_trips() -> None:
    q = FiscalQuarter(2024, 3)
    assert q.code == "FY2024-Q3"
    assert FiscalQuarter.parse(q.code) == q


def test_labels() -> None:
    assert FiscalQuarter(2024, 3).label_ja() == "令和6年度 第3四半期"
    assert FiscalQuarter(2024, 3).label_en() == "FY2024 Q3 (Oct–Dec 2024)"
    assert FiscalQuarter(2024, 4).label_en() == "FY2024 Q4 (Jan–Mar 2025)"
    assert FiscalQuarter(2024, 1).label_en() == "FY2024 Q1 (Apr–Jun 2024)"
    assert FiscalQuarter(2019, 1).label_ja() == "令和元年度 第1四半期"


def test_english_labels() -> None:
    assert FiscalQuarter(2023, 4).label("ja") == "令和5年度 第4四半期"
    assert FiscalQuarter(2023, 4).label("en") == "FY2023 Q4 (Jan–Mar 2024)"
    assert FiscalQuarter(2023, 4).label() == "令和5年度 第4四半期"  # Japanese unless asked
    assert fiscal_year_label_en(2024) == "FY2024"
    assert [month_abbr_en(m) for m in (1, 4, 12)] == ["Jan", "Apr", "Dec"]
    assert date_en(date(2024, 10, 1)) == "1 Oct 2024"
    assert date_en(date(2025, 3, 31)) == "31 Mar 2025"


# --- eras ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (2024, "令和6年度"),
        (2020, "令和2年度"),
        (2019, "令和元年度"),  # began under Heisei, named after the new era
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),  # ended under Heisei, still 昭和63年度
        (1926, "昭和元年度"),
        (1925, "大正14年度"),
    ],
)
def test_fiscal_year_label_ja(fy: int, label: str) -> None:
    assert fiscal_year_label_ja(fy) == label


@pytest.mark.parametrize(
    ("d", "long", "short"),
    [
        (date(2024, 10, 1), "令和6年10月1日", "R6.10.1"),
        (date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (date(1926, 12, 24), "大正15年12月24日", "T15.12.24"),
    ],
)
def test_wareki(d: date, long: str, short: str) -> None:
    assert wareki(d) == long
    assert wareki_short(d) == short


def test_format_date_pads() -> None:
    assert format_date(date(2024, 10, 1)) == "2024/10/01"
    assert format_date(date(2024, 1, 9)) == "2024/01/09"


# --- parse_date ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-01", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("2024.4.1", date(2024, 4, 1)),
        ("20240401", date(2024, 4, 1)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("  2024/4/1\n", date(2024, 4, 1)),
        ("２０２４／４／１", date(2024, 4, 1)),
        ("２０２４年４月１日", date(2024, 4, 1)),
        ("２０２４－０４－０１", date(2024, 4, 1)),
        ("2024/4/1 0:00:00", date(2024, 4, 1)),
        ("2024-04-01T00:00:00", date(2024, 4, 1)),
        ("2024-04-01 13:45", date(2024, 4, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("R06.04.01", date(2024, 4, 1)),
        ("r6/4/1", date(2024, 4, 1)),
        ("Ｒ６．４．１", date(2024, 4, 1)),
        ("令和6年4月1日", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("S63.1.7", date(1988, 1, 7)),
        ("昭和63年1月7日", date(1988, 1, 7)),
        ("S64.1.7", date(1989, 1, 7)),
        ("H1.1.8", date(1989, 1, 8)),
        ("2024/2/29", date(2024, 2, 29)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-02-30", "29 days"),
        ("2023-02-29", "28 days"),
        ("2024-13-01", "month"),
        ("20241301", "month"),
        ("R1.4.30", "Reiwa began on 2019-05-01"),
        ("令和元年4月30日", "Reiwa began"),
        ("H31.5.1", "Heisei ended on 2019-04-30"),
        ("H0.1.1", "start at 1"),
        ("S64.1.8", "Showa ended"),
        ("2024/4/1 24:00", "time"),
        ("2024-04/01", "not a date"),
        ("2024-4", "not a date"),
        ("X6.4.1", "not a date"),
        ("tomorrow", "not a date"),
        ("", "no date"),
        ("   ", "no date"),
    ],
)
def test_parse_date_rejects(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


def test_parse_date_round_trips_its_own_formats() -> None:
    for d in (date(2019, 4, 30), date(2019, 5, 1), date(1989, 1, 7), date(2024, 12, 31)):
        assert parse_date(format_date(d)) == d
        assert parse_date(wareki(d)) == d
        assert parse_date(wareki_short(d)) == d


# --- ages ----------------------------------------------------------------------------------------


def test_age_on_birthday() -> None:
    assert age_on(date(2018, 10, 1), date(2024, 9, 30)) == 5
    assert age_on(date(2018, 10, 1), date(2024, 10, 1)) == 6
    assert age_on(date(2024, 10, 1), date(2024, 10, 1)) == 0


def test_age_on_feb_29_birthday() -> None:
    born = date(2020, 2, 29)
    assert age_on(born, date(2023, 2, 28)) == 2
    assert age_on(born, date(2023, 3, 1)) == 3
    assert age_on(born, date(2024, 2, 28)) == 3
    assert age_on(born, date(2024, 2, 29)) == 4


def test_age_on_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError):
        age_on(date(2024, 10, 1), date(2024, 9, 30))


def test_school_age_april_first_joins_the_earlier_grade() -> None:
    # First graders of FY2025 were born 2018-04-02 … 2019-04-01.
    assert school_age(date(2018, 4, 1), 2025) == 7
    assert school_age(date(2018, 4, 2), 2025) == 6
    assert school_age(date(2019, 4, 1), 2025) == 6
    assert school_age(date(2019, 4, 2), 2025) == 5
    # On April 1 itself the ordinary age of the April 1 child is the same; the April 2 child's
    # ordinary age is one less, and it stays in the younger grade.
    assert age_on(date(2019, 4, 1), date(2025, 4, 1)) == 6


def test_school_age_feb_29_birth() -> None:
    # Born 2020-02-29 (早生まれ): first grade in FY2026 with the 2019-04-02 … 2020-04-01 cohort.
    assert school_age(date(2020, 2, 29), 2026) == 6
    assert school_age(date(2020, 2, 29), 2025) == 5


def test_school_age_born_during_the_fiscal_year_is_zero() -> None:
    assert school_age(date(2024, 4, 1), 2024) == 0
    assert school_age(date(2024, 4, 2), 2024) == 0
    assert school_age(date(2025, 3, 31), 2024) == 0
    with pytest.raises(ValueError):
        school_age(date(2025, 4, 1), 2024)


@pytest.mark.parametrize(
    ("birth", "on", "stage"),
    [
        (date(2019, 4, 2), date(2025, 4, 1), "preschool"),
        (date(2019, 4, 1), date(2025, 4, 1), "elementary"),
        (date(2019, 4, 1), date(2025, 3, 31), "preschool"),
        (date(2013, 4, 2), date(2026, 3, 31), "elementary"),  # 6th grade, already 12
        (date(2013, 4, 2), date(2026, 4, 1), "middle"),
        (date(2014, 4, 1), date(2026, 4, 1), "middle"),
        (date(2014, 4, 2), date(2026, 4, 1), "elementary"),
        (date(2010, 4, 2), date(2026, 3, 31), "middle"),
        (date(2010, 4, 2), date(2026, 4, 1), "high"),
        (date(2007, 4, 2), date(2026, 3, 31), "high"),  # 18 but still in high school
        (date(2007, 4, 2), date(2026, 4, 1), "adult"),
        (date(2025, 1, 15), date(2025, 2, 1), "preschool"),
    ],
)
def test_school_stage(birth: date, on: date, stage: str) -> None:
    assert school_stage(birth, on) == stage


def test_stage_codes_have_japanese_labels() -> None:
    assert [code for code, _ in AGE_BANDS] == list(SCHOOL_STAGE_JA)
    assert AGE_BANDS[-1] == ("adult", None)
