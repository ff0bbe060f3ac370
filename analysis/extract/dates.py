"""Vietnamese date parsing: numeric dates, written-out dates, weekday headers and labelled dates.

Forms handled (what provincial sites print):
"20/01/2022", "6-11-2006", "8.4.2021", "ngày 15-1-2024", "ngày 23 tháng 9 năm 2020",
"Thứ năm, 20/01/2022", "Thứ Tư, 08/04/2015, 08:11 [GMT+7]", "Cập nhật lúc 05:37, Thứ Năm, 08/04/2021",
"( 08/07/2015)", "Đăng ngày: 08/07/2015", "Ngày đăng: ...", "Ngày cập nhật: ...".
Month-precision expressions ("tháng 4-2024", "tháng 9/2012", "quý 1/2013") are recognised so
that other extractors can avoid them, but they are never a full date.

Every returned date is a valid calendar date (31/02 is rejected), with a year in 1900..2099.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "DateMatch",
    "parse_date",
    "find_dates",
    "find_month_expressions",
    "find_dotted_day_months",
    "WEEKDAYS",
    "weekday_matches",
    "format_date",
    "valid_date",
]

YEAR_MIN, YEAR_MAX = 1900, 2099

# Vietnamese weekday names; Python's weekday(): Monday = 0.
WEEKDAYS = {
    "thứ hai": 0, "thứ 2": 0, "thứ ba": 1, "thứ 3": 1, "thứ tư": 2, "thứ 4": 2, "thứ năm": 3,
    "thứ 5": 3, "thứ sáu": 4, "thứ 6": 4, "thứ bảy": 5, "thứ 7": 5, "chủ nhật": 6, "cn": 6,
}

_SEP = r"\s*[/\-.]\s*"
_SEP_TIGHT = r"[/\-.]"
# dd/mm/yyyy, d-m-yyyy, d.m.yyyy; separators must agree (no "8/4-2021") and spaces are only allowed
# around "/" and "-" ("8 / 4 / 2021"); 2-digit years are not accepted (ambiguous with fractions).
NUMERIC_DATE = re.compile(
    r"(?<![\d/.,\-])(?P<d>\d{1,2})(?P<s>\s?[/\-]\s?|\.)(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d/]|[.,]\d)"
)
# "ngày 23 tháng 9 năm 2020", "23 tháng 9 năm 2020"
WRITTEN_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:,\s*)?năm\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE
)
# Month precision: "tháng 4-2024", "tháng 9/2012", "tháng 12 năm 2014", "quý 1/2013", "quý I/2021"
MONTH_EXPRESSION = re.compile(
    r"(?P<unit>tháng|quý|qúy)\s+(?P<m>\d{1,2}|[IV]{1,3})\s*(?:[/\-.]|\s*năm\s+)\s*(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
_WEEKDAY_NAMES = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|CN)"
WEEKDAY_PREFIX = re.compile(rf"(?P<wd>{_WEEKDAY_NAMES})\s*,?\s*(?:ngày\s+)?$", re.IGNORECASE)
TIME = re.compile(r"\b(?P<h>[01]?\d|2[0-3])\s*[:hg]\s*(?P<min>[0-5]\d)\b")


@dataclass(frozen=True)
class DateMatch:
    """A full calendar date found in text: ``text[start:end]`` is the date expression."""

    start: int
    end: int
    date: dt.date
    form: str  # "numeric" or "written"

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """Parse a string that is (or starts with, after "ngày"/a weekday) one full date.

    >>> parse_date("20/01/2022"), parse_date("ngày 15-1-2024"), parse_date("6-11-2006")
    (datetime.date(2022, 1, 20), datetime.date(2024, 1, 15), datetime.date(2006, 11, 6))
    >>> parse_date("ngày 23 tháng 9 năm 2020"), parse_date("Thứ năm, 20/01/2022")
    (datetime.date(2020, 9, 23), datetime.date(2022, 1, 20))
    >>> parse_date("31/02/2020"), parse_date("5/2016"), parse_date("tháng 4-2024"), parse_date("")
    (None, None, None, None)
    """
    if not isinstance(text, str):
        return None
    found = find_dates(text)
    return found[0].date if found else None


def find_dates(text: str) -> list[DateMatch]:
    """All full, valid calendar dates in ``text``, in order of position.

    >>> [m.iso for m in find_dates("Ngày 8-12-2022 và 13/7/2022; tháng 9/2012; 35.599/35.900")]
    ['2022-12-08', '2022-07-13']
    """
    if not isinstance(text, str):
        return []
    out: list[DateMatch] = []
    for match in NUMERIC_DATE.finditer(text):
        date = valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if date:
            out.append(DateMatch(match.start(), match.end(), date, "numeric"))
    for match in WRITTEN_DATE.finditer(text):
        date = valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if date:
            out.append(DateMatch(match.start(), match.end(), date, "written"))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def find_month_expressions(text: str) -> list[tuple[int, int]]:
    """Spans of month/quarter-precision expressions ("tháng 4-2024", "quý 1/2013", "quý I/2021").

    >>> t = "trong tháng 9/2012, quý 1/2013 và quý I/2021"
    >>> [t[s:e] for s, e in find_month_expressions(t)]
    ['tháng 9/2012', 'quý 1/2013', 'quý I/2021']
    """
    if not isinstance(text, str):
        return []
    return [(m.start(), m.end()) for m in MONTH_EXPRESSION.finditer(text)]


# A day and month written with a dot after a word of time: "Ngày 21.9 Ban Tuyên giáo ...", "chiều
# 17.10", "diễn ra từ 23-25.9" (some outlets' style); not a decimal, not a thousands separator.
DOTTED_DAY_MONTH = re.compile(
    r"\b(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|từ|đến|mùng|mồng)\s+(?P<d>\d{1,2})(?:\s*[-–]\s*\d{1,2})?"
    r"\.(?P<m>\d{1,2})(?![\d.,]\d|\d)", re.IGNORECASE)


def find_dotted_day_months(text: str) -> list[tuple[int, int]]:
    """Spans of a day and month written with a dot after a word of time (day 1-31, month 1-12),
    from the day on: some outlets' style for dates without a year.

    >>> t = "Ngày 21.9 Ban Tuyên giáo họp; diễn ra từ 23-25.9; có 12.500 đảng viên"
    >>> [t[s:e] for s, e in find_dotted_day_months(t)]
    ['21.9', '23-25.9']
    """
    if not isinstance(text, str):
        return []
    return [(m.start("d"), m.end()) for m in DOTTED_DAY_MONTH.finditer(text)
            if 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12]


def weekday_matches(weekday_text: str, date: dt.date) -> bool | None:
    """Whether a Vietnamese weekday name agrees with a date (None if the name is unknown).

    >>> import datetime as dt
    >>> weekday_matches("Thứ năm", dt.date(2022, 1, 20)), weekday_matches("Thứ Hai", dt.date(2022, 1, 20))
    (True, False)
    """
    key = re.sub(r"\s+", " ", weekday_text.strip().lower())
    expected = WEEKDAYS.get(key)
    if expected is None:
        return None
    return date.weekday() == expected


def format_date(date: dt.date, style: str = "slash") -> str:
    """Write a date as Vietnamese sites do ("slash": 08/07/2015, "dash": 8-7-2015, "written").

    >>> import datetime as dt
    >>> format_date(dt.date(2015, 7, 8)), format_date(dt.date(2015, 7, 8), "dash")
    ('08/07/2015', '8-7-2015')
    >>> format_date(dt.date(2020, 9, 23), "written")
    'ngày 23 tháng 9 năm 2020'
    """
    if style == "slash":
        return f"{date.day:02d}/{date.month:02d}/{date.year}"
    if style == "dash":
        return f"{date.day}-{date.month}-{date.year}"
    if style == "written":
        return f"ngày {date.day} tháng {date.month} năm {date.year}"
    raise ValueError(f"unknown style {style!r}")
