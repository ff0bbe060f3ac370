"""Vietnamese number and Roman-numeral parsing.

Vietnamese writing groups thousands with "." ("54.986") and uses "," as the decimal mark ("94,8%").
Scale words multiply ("15 nghìn" / "15 ngàn" = 15000, "1,5 triệu" = 1500000, "2 tỷ"). Roman numerals
name Party congresses and terms ("khóa XI", "Đại hội XIII", "lần thứ XIX").
"""
from __future__ import annotations

import re

__all__ = [
    "NUMBER_RE",
    "SCALE_WORDS",
    "parse_number",
    "parse_scaled",
    "format_number",
    "parse_roman",
    "to_roman",
    "ROMAN_RE",
]


# A written number: digit groups separated by "." (thousands) with an optional ",decimals"; or a
# plain digit run with an optional decimal part. Used by the claim and reference extractors.
# A dot followed by one or two digits is a (foreign-style) decimal mark: "98.5%".
NUMBER_RE = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?"
_NUMBER_FULL = re.compile(r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\Z")
_ENGLISH_GROUPS = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?\Z")  # "1,234,567" (rare, foreign style)
_DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}\Z|\d+\.\d{4,}\Z")  # "94.8", "3.14159": dot as decimal mark

SCALE_WORDS: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "ngìn": 1_000,
    "vạn": 10_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}
_SCALED = re.compile(
    r"\s*(?P<number>\d[\d.,]*)\s*(?P<scale>" + "|".join(SCALE_WORDS) + r")?\s*\Z", re.IGNORECASE
)


def _as_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def parse_number(text: str) -> int | float | None:
    """Parse one written Vietnamese number; None when it is not a number.

    Integers come back as ``int``; numbers with a decimal part as ``float``.

    >>> parse_number("54.986"), parse_number("94,8"), parse_number("2.000"), parse_number("100")
    (54986, 94.8, 2000, 100)
    >>> parse_number("1.234.567"), parse_number("35.599"), parse_number("0,5")
    (1234567, 35599, 0.5)
    >>> parse_number("94.8"), parse_number("12a"), parse_number("")
    (94.8, None, None)
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text:
        return None
    if _NUMBER_FULL.match(text):
        integer, _, decimals = text.partition(",")
        integer = integer.replace(".", "")
        if decimals:
            return _as_number(float(f"{integer}.{decimals}"))
        return int(integer)
    if _ENGLISH_GROUPS.match(text):
        return _as_number(float(text.replace(",", "")))
    if _DOT_DECIMAL.match(text):
        return _as_number(float(text))
    return None


def parse_scaled(text: str) -> int | float | None:
    """Parse a number with an optional scale word ("15 nghìn", "1,5 triệu", "gần 2 tỷ" minus "gần").

    >>> parse_scaled("15 nghìn"), parse_scaled("15 ngàn"), parse_scaled("1,5 triệu"), parse_scaled("468")
    (15000, 15000, 1500000, 468)
    >>> parse_scaled("2 tỷ"), parse_scaled("triệu"), parse_scaled("ba")
    (2000000000, None, None)
    """
    if not isinstance(text, str):
        return None
    match = _SCALED.match(text)
    if not match:
        return None
    number = parse_number(match.group("number"))
    if number is None:
        return None
    scale = match.group("scale")
    if scale:
        # Scale words are exact decimal multipliers: avoid float noise in 1,5 x 10^6.
        integer, _, decimals = match.group("number").replace(".", "").partition(",")
        factor = SCALE_WORDS[scale.lower()]
        scaled = int(integer) * factor
        if decimals:
            scaled += int(decimals) * factor / 10 ** len(decimals)
        return _as_number(scaled)
    return number


def format_number(value: int | float) -> str:
    """Write a number the Vietnamese way (the inverse of :func:`parse_number`).

    >>> format_number(54986), format_number(94.8), format_number(2000), format_number(7)
    ('54.986', '94,8', '2.000', '7')
    """
    if isinstance(value, bool) or value < 0:
        raise ValueError("only non-negative numbers are written by format_number")
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
        if "e" in text:
            raise ValueError(f"cannot write {value!r} without an exponent")
        integer, _, decimals = text.partition(".")
        return f"{int(integer):,}".replace(",", ".") + "," + decimals
    return f"{int(value):,}".replace(",", ".")


_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
# Canonical Roman numerals 1..3999 only: "IIII", "VX", "IC" are rejected.
ROMAN_RE = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_FULL = re.compile(rf"(?:{ROMAN_RE})\Z")


def parse_roman(text: str) -> int | None:
    """Integer value of a canonical Roman numeral (upper or lower case), else None.

    >>> parse_roman("XIX"), parse_roman("XIII"), parse_roman("xi"), parse_roman("IIII"), parse_roman("")
    (19, 13, 11, None, None)
    """
    if not isinstance(text, str):
        return None
    text = text.strip().upper()
    if not text or not _ROMAN_FULL.match(text):
        return None
    total, rest = 0, text
    for value, symbol in _ROMAN_VALUES:
        while rest.startswith(symbol):
            total += value
            rest = rest[len(symbol):]
    return total


def to_roman(value: int) -> str:
    """Canonical Roman numeral for 1..3999.

    >>> to_roman(19), to_roman(13), to_roman(2020)
    ('XIX', 'XIII', 'MMXX')
    """
    if not isinstance(value, int) or not 1 <= value <= 3999:
        raise ValueError("Roman numerals cover 1..3999")
    out = []
    for number, symbol in _ROMAN_VALUES:
        count, value = divmod(value, number)
        out.append(symbol * count)
    return "".join(out)
