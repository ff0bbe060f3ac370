"""Claim types, base-less percentages, repeated headlines and documents without a province.

Every sentence is written for this test in the style of provincial papers (one per claim type).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.compare.claims_audit import (CLAIM_TYPES, NO_GROUP, baseless_claims, claims_audit,
                                           classify_claim, flag_repeats)
from analysis.extract.claims import extract_claims


@pytest.mark.parametrize("sentence, number, kind", [
    ("Có 77,56% đảng viên học tập, quán triệt Nghị quyết Trung ương 8.", "77,56%", "participation"),
    ("Tỷ lệ cán bộ, đảng viên tham gia học tập đạt 96,2%.", "96,2%", "participation"),
    ("Năm 2023, 100% đảng viên được đánh giá hoàn thành nhiệm vụ, 15% hoàn thành xuất sắc nhiệm vụ.", "15%", "grading"),
    ("Có 92% tổ chức cơ sở đảng đạt trong sạch, vững mạnh.", "92%", "grading"),
    ("Kết nạp 312 đảng viên mới, đạt 104% chỉ tiêu năm.", "104%", "admission"),
    ("100% chi bộ đã xây dựng kế hoạch thực hiện nghị quyết.", "100%", "completion"),
    ("Phấn đấu đến năm 2025 có 100% thôn có chi bộ.", "100%", "target"),
    ("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ đạt 93,1% (Nghị quyết: 85%).", "85%", "target"),
    ("Năm 2022 tổng sản phẩm trên địa bàn tăng 7,4%.", "7,4%", "change"),
    ("Tốc độ tăng trưởng kinh tế giai đoạn 2016 - 2020 là 6,2%/năm.", "6,2%", "change"),
    ("Dân tộc Tày chiếm 41% dân số của huyện.", "41%", "other"),
])
def test_one_planted_sentence_per_claim_type(sentence, number, kind):
    assert kind in CLAIM_TYPES
    assert classify_claim(sentence, sentence.index(number)) == kind


def _claims(docs):
    rows = []
    for doc_id, text in docs.items():
        for i, c in enumerate(extract_claims(text)):
            rows.append({"doc_id": doc_id, "claim_index": i, **c})
    return pd.DataFrame(rows)


def test_baseless_needs_nothing_that_names_the_base():
    claims = _claims({"d": (
        "Toàn huyện có 159/1.447 (= 11%) đảng viên là người dân tộc thiểu số. "
        "Có 604 TCCSĐ hoàn thành tốt nhiệm vụ, đạt 91,2%. "
        "Toàn Đảng bộ có 90,3% số đảng viên hoàn thành tốt nhiệm vụ; 9,1% hoàn thành nhiệm vụ. "
        "Năm 2021 tăng 6,8%. "
        "Kết quả, đạt 100%.")})
    flagged = baseless_claims(claims)["text"].tolist()
    assert flagged == ["100%"]


def test_repeated_headline_counts_once():
    claims = _claims({"d": "77,56% đảng viên học tập nghị quyết. Theo báo cáo, có 77,56% đảng viên học tập nghị quyết."})
    percents = claims[claims["kind"] == "percent"]
    assert flag_repeats(percents).tolist() == [pd.NA, 0] or list(flag_repeats(percents).isna()) == [True, False]


def test_documents_without_a_province_stay_in_the_audit():
    claims = _claims({"a": "Có 1.356/1.468 đảng viên tham gia học tập, đạt 97,8%.",
                      "b": "Có 45/50 chi bộ hoàn thành, đạt 90%."})
    documents = pd.DataFrame({"doc_id": ["a", "b"], "province": [None, "Lạng Sơn"]})
    audit = claims_audit(claims, documents).set_index("province")
    assert list(audit.index) == ["Lạng Sơn", NO_GROUP]
    assert audit.loc[NO_GROUP, "n_mismatch"] == 1 and audit.loc[NO_GROUP, "n_documents"] == 1
    assert audit.loc["Lạng Sơn", "n_mismatch"] == 0


def test_targets_do_not_count_as_heaping():
    from analysis.compare.claims_audit import round_number_heaping
    claims = _claims({"d": "Năm 2024 có 93,4% đảng viên hoàn thành tốt nhiệm vụ. Phấn đấu năm 2025 có 100% chi bộ đạt trong sạch, vững mạnh."})
    row = round_number_heaping(claims).iloc[0]
    assert row["n_values"] == 1 and row["n_100"] == 0
