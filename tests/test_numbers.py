"""Tests for analysis.extract.numbers: Vietnamese numbers, scale words, Roman numerals."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.numbers import format_number, parse_number, parse_roman, parse_scaled, to_roman


@pytest.mark.parametrize(
    "text,value",
    [
        ("54.986", 54986), ("94,8", 94.8), ("2.000", 2000), ("100", 100), ("0", 0), ("35.599", 35599),
        ("1.234.567", 1234567), ("751.191", 751191), ("99,16", 99.16), ("0,5", 0.5), ("17", 17),
        ("3.803", 3803), ("1.500,25", 1500.25), (" 42,9 ", 42.9),
        # foreign styles met in scraped text
        ("94.8", 94.8), ("1,234,567", 1234567),
    ],
)
def test_parse_number(text, value):
    result = parse_number(text)
    assert result == value and type(result) is type(value)


@pytest.mark.parametrize("text", ["", "  ", "abc", "12a", "1.2.3", "5/2016", "-", ",5", "1..000", "%", None])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text,value",
    [
        ("15 nghìn", 15000), ("15 ngàn", 15000), ("1,5 triệu", 1500000), ("2 tỷ", 2_000_000_000),
        ("2 tỉ", 2_000_000_000), ("468", 468), ("2,75 triệu", 2750000), ("1.200 tỷ", 1_200_000_000_000),
        ("3 vạn", 30000), ("15 Nghìn", 15000),
    ],
)
def test_parse_scaled(text, value):
    assert parse_scaled(text) == value


@pytest.mark.parametrize("text", ["nghìn", "ba nghìn", "15 cán bộ", "", "1,5 triệu người"])
def test_parse_scaled_rejects(text):
    assert parse_scaled(text) is None


@pytest.mark.parametrize(
    "text,value",
    [("I", 1), ("IV", 4), ("IX", 9), ("X", 10), ("XI", 11), ("XII", 12), ("XIII", 13), ("XIV", 14),
     ("XV", 15), ("XIX", 19), ("XX", 20), ("xi", 11), ("MMXX", 2020), ("XL", 40)],
)
def test_parse_roman(text, value):
    assert parse_roman(text) == value


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "XXXX", "ABC", "XIIII", "VV", "12", None, "LL"])
def test_parse_roman_rejects_non_canonical(text):
    assert parse_roman(text) is None


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(value):
    assert parse_roman(to_roman(value)) == value
    assert parse_roman(to_roman(value).lower()) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_integer_round_trip(value):
    written = format_number(value)
    assert parse_number(written) == value
    assert "," not in written


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=99))
def test_decimal_round_trip(integer, hundredths):
    if hundredths % 10 == 0:
        hundredths //= 10
        value = float(f"{integer}.{hundredths}")
    else:
        value = float(f"{integer}.{hundredths:02d}")
    assert parse_number(format_number(value)) == pytest.approx(value)


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["nghìn", "ngàn", "triệu", "tỷ"]))
def test_scaled_integers(value, scale):
    factor = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9}[scale]
    assert parse_scaled(f"{value} {scale}") == value * factor


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_crash_on_arbitrary_text(text):
    assert parse_number(text) is None or isinstance(parse_number(text), (int, float))
    assert parse_roman(text) is None or 1 <= parse_roman(text) <= 3999
    parse_scaled(text)


def test_to_roman_rejects_out_of_range():
    for bad in (0, 4000, -1):
        with pytest.raises(ValueError):
            to_roman(bad)
