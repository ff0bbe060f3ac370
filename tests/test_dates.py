"""Tests for analysis.extract.dates: numeric, written and labelled Vietnamese dates."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.dates import find_dates, find_month_expressions, format_date, parse_date, weekday_matches


@pytest.mark.parametrize(
    "text,iso",
    [
        ("20/01/2022", "2022-01-20"), ("6-11-2006", "2006-11-06"), ("ngày 15-1-2024", "2024-01-15"),
        ("08/04/2021", "2021-04-08"), ("8-4-2021", "2021-04-08"), ("8.4.2021", "2021-04-08"),
        ("ngày 23 tháng 9 năm 2020", "2020-09-23"), ("23 tháng 9, năm 2020", "2020-09-23"),
        ("Thứ năm, 20/01/2022", "2022-01-20"), ("Thứ Tư, 08/04/2015, 08:11 [GMT+7]", "2015-04-08"),
        ("Cập nhật lúc 05:37, Thứ Năm, 08/04/2021", "2021-04-08"), ("( 08/07/2015)", "2015-07-08"),
        ("Đăng ngày: 08/07/2015", "2015-07-08"), ("Ngày đăng: 12/3/2019", "2019-03-12"),
        ("Ngày cập nhật: 1/12/2020 10:00", "2020-12-01"), ("Thứ năm, 20/01/2022", "2022-01-20"),
        ("ngày 8 / 12 / 2022", "2022-12-08"), ("29/02/2024", "2024-02-29"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text).isoformat() == iso


@pytest.mark.parametrize(
    "text",
    ["31/02/2020", "29/02/2023", "32/1/2020", "5/2016", "tháng 4-2024", "quý 1/2013", "2011- 2013",
     "35.599/35.900", "8/8", "", "20/13/2020", "1/1/1850", "12/12/12", "303/NQ-HĐND", "8/4-2021"],
)
def test_parse_date_rejects(text):
    assert parse_date(text) is None


def test_find_dates_offsets_and_order():
    text = "Nghị quyết 07-NQ/TU ngày 8-12-2022 và Quy định số 2321-QĐ/TU ngày 9-5-2023; tháng 9/2012."
    found = find_dates(text)
    assert [m.iso for m in found] == ["2022-12-08", "2023-05-09"]
    assert [text[m.start:m.end] for m in found] == ["8-12-2022", "9-5-2023"]


def test_month_expressions_are_not_dates_but_are_found():
    text = "Tháng 1/2013, các huyện ủy; quý 1/2013; Quý I/2021; tháng 4-2024; tháng 12 năm 2014."
    assert find_dates(text) == []
    spans = [text[s:e] for s, e in find_month_expressions(text)]
    assert spans == ["Tháng 1/2013", "quý 1/2013", "Quý I/2021", "tháng 4-2024", "tháng 12 năm 2014"]


def test_weekday_check():
    assert weekday_matches("Thứ năm", dt.date(2022, 1, 20)) is True
    assert weekday_matches("Thứ Tư", dt.date(2015, 4, 8)) is True
    assert weekday_matches("Chủ nhật", dt.date(2022, 1, 23)) is True
    assert weekday_matches("Thứ Hai", dt.date(2022, 1, 20)) is False
    assert weekday_matches("hôm qua", dt.date(2022, 1, 20)) is None


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates, st.sampled_from(["slash", "dash", "written"]))
def test_round_trip(date, style):
    assert parse_date(format_date(date, style)) == date


@given(dates)
def test_round_trip_in_a_sentence(date):
    sentence = f"Chỉ thị số 03-CT/TW, ngày {format_date(date, 'dash')} của Bộ Chính trị về 8/8 chi bộ."
    found = find_dates(sentence)
    assert [m.date for m in found] == [date]
    assert sentence[found[0].start:found[0].end] == format_date(date, "dash")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_crash_on_arbitrary_text(text):
    for match in find_dates(text):
        assert 1900 <= match.date.year <= 2099
        assert 0 <= match.start < match.end <= len(text)
    find_month_expressions(text)
    parse_date(text)
