"""Claim types, base-less percentages, repeated headlines and documents without a province.

Every sentence is written for this test in the style of provincial papers (one per claim type).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.compare.claims_audit import (CLAIM_TYPES, NO_GROUP, baseless_claims, claim_contexts, claims_audit,
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


# --- targets, tallies of targets and the subjects each claim type needs ----------------------------
# (sentences written for these tests; names and figures invented)

@pytest.mark.parametrize("sentence, number, kind", [
    # a plan's list runs across ";": every figure after "phấn đấu" / "đề ra ... chỉ tiêu" is a target
    ("Chi bộ đề ra một số chỉ tiêu năm 2025 như: phấn đấu 100% đảng viên học tập nghị quyết; "
     "100% đảng viên hoàn thành nhiệm vụ trở lên; 9/9 tổ đảng hoàn thành tốt nhiệm vụ.", "100% đảng viên hoàn", "target"),
    ("Chi bộ đề ra một số chỉ tiêu năm 2025 như: phấn đấu 100% đảng viên học tập nghị quyết; "
     "100% đảng viên hoàn thành nhiệm vụ trở lên; 9/9 tổ đảng hoàn thành tốt nhiệm vụ.", "9/9", "target"),
    ("Huyện ủy phấn đấu hằng năm có từ 75% -85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ; có từ 88% -92% "
     "đảng viên hoàn thành tốt nhiệm vụ.", "từ 88%", "target"),
    ("Nghị quyết đề ra mục tiêu phấn đấu: thu ngân sách tăng bình quân 11%/năm; tỷ lệ hộ nghèo giảm 2,5%/năm.",
     "2,5%", "target"),
    # a yardstick in brackets is a target, whatever the clause is about
    ("Tỷ lệ đảng viên so với dân số đạt 3,1% (Nghị quyết 3,3%); kết nạp mới 412 đảng viên.", "3,3%", "target"),
    ("Đã có 702/733 thôn có chi bộ, đạt 95,8%, vượt mục tiêu đề ra (mục tiêu nghị quyết là năm 2024 đạt 93%).",
     "93%", "target"),
    # a "mục tiêu" that belongs to the number before is not this number's frame
    # the economy's results are not steps of Party work, although "hoàn thành" carries them (and
    # "mục tiêu" after the number does not make them targets)
    ("Tỉnh đã hoàn thành 96,2% mục tiêu thu hút vốn FDI và gần 35% vốn đầu tư trong nước của cả nhiệm kỳ.",
     "gần 35%", "other"),
    ("Tỉnh đã hoàn thành 96,2% mục tiêu thu hút vốn FDI và gần 35% vốn đầu tư trong nước của cả nhiệm kỳ.",
     "96,2%", "other"),
    ("Có 3/8 huyện hoàn thành, đạt chuẩn nông thôn mới.", "3/8", "other"),
    ("Có 12/12 chi bộ hoàn thành việc xây dựng kế hoạch thực hiện nghị quyết.", "12/12", "completion"),
    # "nỗ lực phấn đấu đạt được" is a result, not a plan
    ("Đảng bộ và nhân dân tỉnh đã nỗ lực phấn đấu đạt được những kết quả quan trọng, hoàn thành vượt mức "
     "19/25 chỉ tiêu Nghị quyết.", "19/25", "other"),
    # tallies of targets: met is a result (other), set is a target
    ("Nhiệm kỳ qua, huyện có 14/17 chỉ tiêu đạt và vượt Nghị quyết.", "14/17", "other"),
    ("Nghị quyết Đại hội đề ra năm chỉ tiêu, kết quả thực hiện đạt 5/5 chỉ tiêu.", "5/5", "other"),
    ("Nghị quyết đại hội xác định 6 chỉ tiêu chủ yếu về xây dựng Đảng.", "6 chỉ tiêu", "target"),
    ("Kết nạp 215 đảng viên mới, đạt 107% chỉ tiêu năm.", "107%", "admission"),
    # admission and participation need people: not communes reaching a standard, not classes
    ("Nhiều chỉ tiêu đạt cao: tỷ lệ xã đạt chuẩn nông thôn mới 78,4%; phát triển đảng viên mới 6.120 đảng viên.",
     "78,4%", "other"),
    ("Triển khai đến 100% nhóm, lớp chương trình giáo dục mầm non mới.", "100%", "other"),
    ("Triển khai đến 100% cán bộ, đảng viên trong Đảng bộ.", "100%", "participation"),
])
def test_targets_tallies_and_subjects(sentence, number, kind):
    assert classify_claim(sentence, sentence.index(number)) == kind


def test_repeats_need_the_same_counted_noun():
    claims = _claims({"d": (
        "Đảng ủy có 03 chi bộ hoàn thành tốt nhiệm vụ. "
        "Trong năm, chuyển đảng chính thức cho 03 đảng viên. "
        "Toàn huyện có 01 thị trấn, 01 thị xã với 24 xã. "
        "Có 92% đảng viên được đánh giá hoàn thành tốt nhiệm vụ. "
        "Có 92% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.")})
    assert flag_repeats(claims).isna().all()


def test_one_sentence_does_not_restate_itself():
    claims = _claims({"d": (
        "Nghị quyết đề ra 5 nhóm chỉ tiêu, 7 nhiệm vụ trọng tâm và 5 nhóm giải pháp. "
        "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ đạt 97,2% (Nghị quyết là 90%); tỷ lệ đảng viên hoàn thành tốt "
        "nhiệm vụ đạt 95,1% (Nghị quyết là 90%).")})
    assert flag_repeats(claims).isna().all()


def test_a_target_never_restates_a_result():
    claims = _claims({"d": (
        "Năm 2024 có 100% chi bộ xây dựng kế hoạch học tập nghị quyết. "
        "Năm 2025, Đảng ủy phấn đấu 100% chi bộ xây dựng kế hoạch học tập nghị quyết.")})
    assert flag_repeats(claims).isna().all()


def test_restated_headlines_are_found_with_their_subject():
    claims = _claims({"d": (
        "88,6% số tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ\n"
        "Qua đánh giá, có 497 TCCSĐ hoàn thành tốt nhiệm vụ, đạt 88,6%, trong đó có 21,4% hoàn thành xuất sắc. "
        "Toàn tỉnh có 64.210 đảng viên. "
        "Trong năm kết nạp 1.310 đảng viên mới, nâng tổng số đảng viên lên 64.210 đảng viên.")})
    repeats = flag_repeats(claims)
    restated = claims[repeats.notna()]
    assert restated["text"].tolist() == ["88,6%", "64.210 đảng viên"]
    firsts = claims.set_index("claim_index").loc[repeats.dropna().astype(int), "text"].tolist()
    assert firsts == ["88,6%", "64.210 đảng viên"]


def test_a_fraction_restates_a_percentage_of_the_same_thing():
    claims = _claims({"d": (
        "Hội thi có sự tham gia của 100% chi bộ trực thuộc Đảng ủy xã. "
        "Hội thi quy tụ 28 thí sinh, đại diện 28/28 chi bộ trực thuộc Đảng ủy xã.")})
    repeats = flag_repeats(claims)
    assert claims.loc[repeats.notna(), "text"].tolist() == ["28/28 chi bộ"]


def test_participation_counts_a_fraction_and_its_percentage_once_and_needs_an_audience():
    from analysis.compare import participation_claims
    from compare_fixtures import code_terms, make_corpus

    text = ("Có 1.288/1.340 đảng viên tham gia học tập nghị quyết, đạt 96,1%. "
            "Tỷ lệ tham gia học tập đạt 97%.")
    documents, sentences, _ = make_corpus([{"doc_id": "d", "province": "Lạng Sơn", "text": text}])
    claims = _claims({"d": text})
    codings = code_terms(sentences, [("d", 0, "audience", "dang_vien", "đảng viên")])
    out = participation_claims(claims, codings, documents, sentences)
    assert out[["audience", "n_claims", "values"]].values.tolist() == [["dang_vien", 1, "96.1"]]


def test_claim_contexts_without_any_coding_gives_unspecified_audiences():
    # a corpus (or a province) whose sentences carry no audience or level code at all
    text = "Có 96,2% cán bộ tham gia học tập nghị quyết."
    claims = pd.DataFrame([{**c, "doc_id": "d1", "claim_index": i} for i, c in enumerate(extract_claims(text))])
    sentences = pd.DataFrame({"doc_id": ["d1"], "sentence_index": [0], "start": [0], "end": [len(text)], "text": [text]})
    codings = pd.DataFrame(columns=["doc_id", "sentence_index", "category", "code", "term", "start", "end"])
    out = claim_contexts(claims, codings, sentences)
    assert out["claim_type"].tolist() == ["participation"]
    assert out["audience"].tolist() == ["(unspecified)"]
