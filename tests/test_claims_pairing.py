"""Fraction–percentage pairing: precision of the stated value, targets, and subjects that are words.

Sentences written for these tests in the style of provincial papers.
"""
from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from analysis.extract.claims import check_consistency, extract_claims


def pairs(text):
    return [(c["kind"], c["text"], c["consistent"]) for c in extract_claims(text) if c["kind"] in ("fraction", "percent")]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000), st.integers(1, 100_000), st.integers(0, 2))
def test_rounded_and_truncated_statements_agree(a, b, decimals):
    n, d = min(a, b), max(a, b)
    value = 100 * n / d
    rounded = round(value, decimals)
    truncated = math.floor(value * 10 ** decimals + 1e-9) / 10 ** decimals
    assert check_consistency(n, d, rounded, rounded, decimals)
    assert check_consistency(n, d, truncated, truncated, decimals)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000), st.integers(1, 100_000), st.integers(0, 2))
def test_a_value_two_units_off_disagrees(a, b, decimals):
    n, d = min(a, b), max(a, b)
    value = 100 * n / d
    unit = 10 ** -decimals
    wrong = round(value + 2 * unit, decimals)
    assert not check_consistency(n, d, wrong, wrong, decimals)


def test_real_mismatch_truncation_and_bracketed_equals():
    assert pairs("Đã có 1.356/1.468 đảng viên tham gia học tập, đạt 97,8%.") == [
        ("fraction", "1.356/1.468 đảng viên", False), ("percent", "97,8%", False)]
    # 19.113/20.000 = 95,565%: written 95,56% (truncated), not an error
    assert pairs("Có 19.113/20.000 đảng viên tham gia, đạt 95,56%.") == [
        ("fraction", "19.113/20.000 đảng viên", True), ("percent", "95,56%", True)]
    assert pairs("Toàn huyện có 159/1.447 (= 11%) đảng viên là người dân tộc thiểu số.")[1] == ("percent", "11%", True)


def test_a_target_is_never_the_partner_of_a_fraction():
    assert pairs("Có 8/11 xã hoàn thành, đạt chỉ tiêu 100%.") == [("fraction", "8/11 xã", None), ("percent", "100%", None)]
    assert pairs("Kết nạp 45/60 quần chúng ưu tú, so với kế hoạch đạt 75%.")[0][2] is None


def test_subjects_are_words_not_code_debris():
    subjects = {c["text"]: c["subject"] for c in extract_claims("Có 45 chi bộ (CT)- 90% hoàn thành.")}
    assert subjects["90%"] is None
    subjects = {c["text"]: c["subject"] for c in extract_claims("Tỷ lệ đảng viên học tập đạt 96% (khóa X) 12 lớp.")}
    assert all(s is None or not s.startswith("khóa") for s in subjects.values())


def test_a_subject_that_starts_with_so_is_kept():
    subjects = [c["subject"] for c in extract_claims("Số đảng viên đi học ở các lớp bồi dưỡng lý luận chính trị của huyện đạt tỷ lệ 95 %.")]
    assert subjects and subjects[0] and subjects[0].startswith("Số đảng viên")


def test_a_resolution_named_as_topic_is_no_yardstick():
    # "học tập nghị quyết, đạt 96,1%" restates the fraction; "(Nghị quyết: 95%)" is a yardstick
    assert pairs("Có 1.288/1.340 đảng viên học tập nghị quyết, đạt 96,1%.") == [
        ("fraction", "1.288/1.340 đảng viên", True), ("percent", "96,1%", True)]
    assert pairs("Có 41/44 chi bộ hoàn thành, đạt 93,2% (Nghị quyết: 95%).") == [
        ("fraction", "41/44 chi bộ", True), ("percent", "93,2%", True), ("percent", "95%", None)]
