"""Fiscal years and quarters, the Japanese era calendar (和暦), date text and ages.

The Japanese fiscal year (年度) runs April–March: FY2024 is 2024-04-01 … 2025-03-31, with
Q1 = Apr–Jun, Q2 = Jul–Sep, Q3 = Oct–Dec and Q4 = Jan–Mar of the following calendar year.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

# --- eras -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R
    romaji: str  # Reiwa (for English error messages)
    start: date  # first day of the era


# Newest first. Meiji's start is the conventional 1868-01-25; Japan used the Gregorian calendar
# only from 1873, so earlier Meiji dates here are proleptic Gregorian, not historical dates.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", "Reiwa", date(2019, 5, 1)),
    Era("平成", "H", "Heisei", date(1989, 1, 8)),
    Era("昭和", "S", "Showa", date(1926, 12, 25)),
    Era("大正", "T", "Taisho", date(1912, 7, 30)),
    Era("明治", "M", "Meiji", date(1868, 1, 25)),
)
_ERA_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter)}


def _era_end(era: Era) -> date | None:
    """Last day of ``era``, or None for the current one."""
    i = ERAS.index(era)
    return None if i == 0 else ERAS[i - 1].start - timedelta(days=1)


def _era_of(d: date) -> Era:
    for era in ERAS:
        if d >= era.start:
            return era
    raise ValueError(f"dates before {ERAS[-1].romaji} ({ERAS[-1].start}) have no supported era")


def _era_year_ja(n: int) -> str:
    return "元" if n == 1 else str(n)


def wareki(d: date) -> str:
    """``date(2024, 10, 1)`` → ``"令和6年10月1日"``; the first year of an era is written 元."""
    era = _era_of(d)
    n = d.year - era.start.year + 1
    return f"{era.name}{_era_year_ja(n)}年{d.month}月{d.day}日"


def wareki_short(d: date) -> str:
    """``date(2024, 10, 1)`` → ``"R6.10.1"`` (digits only, so year 1 is ``R1``)."""
    era = _era_of(d)
    return f"{era.letter}{d.year - era.start.year + 1}.{d.month}.{d.day}"


def fiscal_year_label_ja(fy: int) -> str:
    """``2024`` → ``"令和6年度"``.

    A fiscal year takes the latest era that began in its first calendar year, because offices
    renamed the whole year when the era changed: FY2019 (which began under Heisei) is 令和元年度
    and FY1988 (which ended under Heisei) is 昭和63年度.
    """
    for era in ERAS:
        if era.start.year <= fy:
            return f"{era.name}{_era_year_ja(fy - era.start.year + 1)}年度"
    raise ValueError(f"fiscal years before {ERAS[-1].start.year} have no supported era")


def fiscal_year_label_en(fy: int) -> str:
    """``2024`` → ``"FY2024"`` (the fiscal year starting in April 2024)."""
    return f"FY{fy}"


# --- fiscal years and quarters ----------------------------------------------------------------

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_QUARTER_CODE = re.compile(r"(?:FY)?\s*(\d{4})\s*-?\s*Q\s*(\d+)", re.IGNORECASE)


def fiscal_year_of(d: date) -> int:
    """The fiscal year containing ``d``: January–March belong to the previous calendar year's."""
    return d.year if d.month >= 4 else d.year - 1


@dataclass(frozen=True, order=True)
class FiscalQuarter:
    fiscal_year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1 to 4, not {self.quarter}")
        # Q4 of a fiscal year ends in the next calendar year, which must still be a valid date.
        if not 1 <= self.fiscal_year <= 9998:
            raise ValueError(f"fiscal year must be 1 to 9998, not {self.fiscal_year}")

    @classmethod
    def parse(cls, code: str) -> FiscalQuarter:
        """Accept ``"FY2024-Q3"``, ``"fy2024-q3"`` or ``"2024Q3"`` (full-width digits too)."""
        text = unicodedata.normalize("NFKC", code).strip()
        m = _QUARTER_CODE.fullmatch(text)
        if not m:
            raise ValueError("not a fiscal quarter code; expected e.g. FY2024-Q3 or 2024Q3")
        quarter = int(m.group(2))
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter must be 1 to 4, not {quarter}")
        return cls(int(m.group(1)), quarter)

    @classmethod
    def containing(cls, d: date) -> FiscalQuarter:
        return cls(fiscal_year_of(d), (d.month - 4) % 12 // 3 + 1)

    def months(self) -> list[tuple[int, int]]:
        """The three (year, month) pairs of the quarter, in order."""
        first = 4 + 3 * (self.quarter - 1)  # 4, 7, 10, 13 (= January of the next year)
        return [
            (self.fiscal_year + (m - 1) // 12, (m - 1) % 12 + 1)
            for m in (first, first + 1, first + 2)
        ]

    @property
    def year_start(self) -> date:
        return date(self.fiscal_year, 4, 1)

    @property
    def start(self) -> date:
        year, month = self.months()[0]
        return date(year, month, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter (inclusive)."""
        year, month = self.months()[-1]
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def code(self) -> str:
        return f"FY{self.fiscal_year}-Q{self.quarter}"

    def previous(self) -> FiscalQuarter:
        if self.quarter == 1:
            return FiscalQuarter(self.fiscal_year - 1, 4)
        return FiscalQuarter(self.fiscal_year, self.quarter - 1)

    def next(self) -> FiscalQuarter:
        if self.quarter == 4:
            return FiscalQuarter(self.fiscal_year + 1, 1)
        return FiscalQuarter(self.fiscal_year, self.quarter + 1)

    def label_ja(self) -> str:
        """``"令和6年度 第3四半期"``."""
        return f"{fiscal_year_label_ja(self.fiscal_year)} 第{self.quarter}四半期"

    def label_en(self) -> str:
        """``"FY2024 Q3 (Oct–Dec 2024)"``; the year is the calendar year of those months."""
        (year, first), _, (_, last) = self.months()
        return (
            f"FY{self.fiscal_year} Q{self.quarter} "
            f"({_MONTH_ABBR[first - 1]}–{_MONTH_ABBR[last - 1]} {year})"
        )

    def label(self, lang: str = "ja") -> str:
        """``label_ja()`` for ``"ja"``, otherwise ``label_en()``."""
        return self.label_ja() if lang == "ja" else self.label_en()


# --- date text ------------------------------------------------------------------------------------


def format_date(d: date) -> str:
    """``date(2024, 10, 1)`` → ``"2024/10/01"``."""
    return f"{d.year:04d}/{d.month:02d}/{d.day:02d}"


def month_abbr_en(month: int) -> str:
    """``10`` → ``"Oct"``."""
    return _MONTH_ABBR[month - 1]


def date_en(d: date) -> str:
    """``date(2024, 10, 1)`` → ``"1 Oct 2024"`` (day first, month in letters: not ambiguous)."""
    return f"{d.day} {month_abbr_en(d.month)} {d.year}"


# Dashes people (and IMEs) type between date parts; NFKC leaves these alone.
_DASHES = str.maketrans({ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc"})
_ERA_YEAR = r"(\d{1,2}|元)"
_TIME = re.compile(r"(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$", re.IGNORECASE)
_ISO_LIKE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_KANJI = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ERA_SHORT = re.compile(r"([MTSHR])\s*" + _ERA_YEAR + r"([-/.])(\d{1,2})\3(\d{1,2})", re.IGNORECASE)
_ERA_KANJI = re.compile(
    r"(明治|大正|昭和|平成|令和)\s*" + _ERA_YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_FORMS_HINT = "expected e.g. 2024-04-01, 2024/4/1, 20240401, 2024年4月1日, R6.4.1 or 令和6年4月1日"


def _make_date(year: int, month: int, day: int) -> date:
    # Messages do not repeat the typed text: it may be someone's date of birth and end up in a log.
    if not 1 <= month <= 12:
        raise ValueError("impossible date: the month must be 1 to 12")
    if not 1 <= year <= 9999:
        raise ValueError("impossible date: the year must be 1 to 9999")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"impossible date: that month has {last} days")
    return date(year, month, day)


def _era_date(key: str, year_text: str, month: int, day: int) -> date:
    era = _ERA_BY_KEY[key.upper() if len(key) == 1 else key]
    n = 1 if year_text == "元" else int(year_text)
    if n < 1:
        raise ValueError(f"impossible date: {era.romaji} years start at 1 (元年)")
    d = _make_date(era.start.year + n - 1, month, day)
    if d < era.start:
        raise ValueError(f"impossible date: {era.romaji} began on {era.start.isoformat()}")
    end = _era_end(era)
    if end is not None and d > end:
        raise ValueError(f"impossible date: {era.romaji} ended on {end.isoformat()}")
    return d


def parse_date(text: str) -> date:
    """Read a date as people type it or as spreadsheets export it.

    Accepts Western (2024-04-01, 2024/4/1, 2024.4.1, 20240401, 2024年4月1日) and era forms
    (R6.4.1, R06.04.01, r6/4/1, 令和6年4月1日, 令和元年5月1日, H31.4.30, S63.1.7), in full-width
    or half-width, optionally followed by a time (``2024/4/1 0:00:00``, ``2024-04-01T00:00:00``),
    which is checked and dropped. Raises ValueError saying what is wrong.
    """
    s = unicodedata.normalize("NFKC", text).translate(_DASHES).strip()
    if t := _TIME.search(s):
        hour, minute, second = (int(g) if g else 0 for g in t.groups())
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError("impossible time after the date")
        s = s[: t.start()]
    if m := _ISO_LIKE.fullmatch(s):
        return _make_date(int(m[1]), int(m[3]), int(m[4]))
    if (m := _COMPACT.fullmatch(s)) or (m := _KANJI.fullmatch(s)):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _ERA_SHORT.fullmatch(s):
        return _era_date(m[1], m[2], int(m[4]), int(m[5]))
    if m := _ERA_KANJI.fullmatch(s):
        return _era_date(m[1], m[2], int(m[3]), int(m[4]))
    if not s:
        raise ValueError("no date given")
    raise ValueError(f"not a date; {_FORMS_HINT}")


# --- ages ---------------------------------------------------------------------------------------

# Age bands of the summaries (and of the reference data): (code, highest school_age in the band).
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("preschool", 5),
    ("elementary", 11),
    ("middle", 14),
    ("high", 17),
    ("adult", None),
)
SCHOOL_STAGE_JA = {
    "preschool": "未就学",
    "elementary": "小学生",
    "middle": "中学生",
    "high": "高校生",
    "adult": "18歳以上",
}


def age_on(birth: date, on: date) -> int:
    """Completed years on ``on``; a Feb 29 birthday is reached on Mar 1 in common years."""
    if on < birth:
        raise ValueError("the date is before the date of birth")
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def school_age(birth: date, fiscal_year: int) -> int:
    """The age that decides the school grade in ``fiscal_year``: first graders are 6.

    A child born during the fiscal year (not yet born on its first day) counts as 0.
    """
    # Under Japanese law a year is gained at the end of the day before the birthday, so a child
    # born on April 1 is already a year older when the school year starts and joins the earlier
    # grade: the grade is the age reached by the end of March 31, i.e. on the eve of April 1.
    # (age_on(birth - 1 day, April 1) would wrongly move April 2 births to the earlier grade too.)
    eve = date(fiscal_year, 3, 31)
    if birth > date(fiscal_year + 1, 3, 31):
        raise ValueError("the date of birth is after the end of the fiscal year")
    before_birth = birth - timedelta(days=1)
    return age_on(before_birth, eve) if before_birth <= eve else 0


def school_stage(birth: date, on: date) -> str:
    """The age band code (see AGE_BANDS) of a child on ``on``, by school grade, not birthday."""
    if on < birth:
        raise ValueError("the date is before the date of birth")
    age = school_age(birth, fiscal_year_of(on))
    for code, highest in AGE_BANDS:
        if highest is None or age <= highest:
            return code
    raise AssertionError("AGE_BANDS must end with an open band")
