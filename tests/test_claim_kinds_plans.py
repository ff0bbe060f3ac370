"""Claim kinds: results that beat their target, plan lists whose target word is in an earlier
sentence, and the share of Party members in the population (sentences written for these tests)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare.claims_audit import claim_contexts, classify_claim, plan_frame_before


def kind(sentence: str, number: str, carried: str = "") -> str:
    return classify_claim(sentence, sentence.index(number), carried=carried)


@pytest.mark.parametrize("sentence,number,expected", [
    ("Công tác kết nạp đảng viên vượt mục tiêu đề ra, đạt 112%.", "112%", "admission"),
    ("Việc tổ chức học tập nghị quyết vượt kế hoạch, đạt 104% số cán bộ, đảng viên tham gia.", "104%", "participation"),
    ("Toàn huyện hoàn thành vượt chỉ tiêu, có 97% chi bộ xây dựng kế hoạch thực hiện.", "97%", "completion"),
    # still targets: the goal itself, not a result beating it
    ("Mục tiêu đề ra là 90% đảng viên tham gia học tập.", "90%", "target"),
    ("Kết quả đạt 96%, vượt mục tiêu đề ra (mục tiêu là 95%).", "95%", "target"),
])
def test_a_result_that_beat_its_target_is_a_result(sentence, number, expected):
    assert kind(sentence, number) == expected


@pytest.mark.parametrize("sentence,number", [
    ("Toàn tỉnh có 41.200 đảng viên, chiếm 3,1% dân số.", "3,1%"),
    ("Trong năm kết nạp 820 đảng viên mới, nâng tỷ lệ đảng viên so với dân số lên 2,9%.", "2,9%"),
    ("Huyện kết nạp 96 đảng viên, tỷ lệ đảng viên đạt 2,4% so với dân số.", "2,4%"),
])
def test_party_members_share_of_the_population_is_not_admission(sentence, number):
    assert kind(sentence, number) == "other"


def test_admission_rate_stays_admission():
    assert kind("Trong năm kết nạp 96 đảng viên mới, đạt 104% kế hoạch.", "104%") == "admission"


@pytest.mark.parametrize("previous", [
    ["Phấn đấu hằng năm: 100% chi bộ tổ chức quán triệt nghị quyết."],
    ["Mục tiêu cụ thể"],
    ["Chỉ tiêu:"],
    ["Nghị quyết đại hội đề ra các chỉ tiêu chủ yếu như sau:"],
    ["Nghị quyết xác định 6 chỉ tiêu chủ yếu.", "Kết nạp từ 300 đảng viên mới trở lên mỗi năm."],
])
def test_plan_list_items_after_their_opener_are_targets(previous):
    item = "90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ; 85% đảng viên tham gia học tập."
    carried = plan_frame_before(previous)
    assert carried
    assert kind(item, "90%", carried) == "target" and kind(item, "85%", carried) == "target"
    assert kind(item, "90%") == "grading" and kind(item, "85%") == "participation"  # without the opener


@pytest.mark.parametrize("previous", [
    ["Phấn đấu hằng năm: 100% chi bộ tổ chức quán triệt.", "Kết quả, đến nay toàn tỉnh đã thực hiện."],
    ["Phấn đấu hằng năm: 100% chi bộ tổ chức quán triệt.", "Hội nghị diễn ra trang trọng."],
    ["Tỉnh ủy phấn đấu hoàn thành các nhiệm vụ năm 2024."],
    ["Nghị quyết đề ra 4 chỉ tiêu, kết quả thực hiện đạt 4/4 chỉ tiêu."],
    [],
])
def test_results_after_a_closed_or_no_plan_are_not_targets(previous):
    assert plan_frame_before(previous) == ""


def test_plan_list_reach_is_bounded():
    opener = ["Phấn đấu hằng năm:"] + [f"{k}0% chi bộ đạt yêu cầu." for k in range(1, 10)]
    assert plan_frame_before(opener[:8]) != "" and plan_frame_before(opener) == ""


def test_claim_contexts_carries_the_plan_frame_across_sentences():
    texts = ["Mục tiêu cụ thể", "90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
             "Năm qua, 93% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ."]
    starts, text = [], ""
    for t in texts:
        starts.append(len(text))
        text += t + "\n"
    sents = pd.DataFrame({"doc_id": ["d"] * 3, "sentence_index": [0, 1, 2], "start": starts, "text": texts})
    claims = pd.DataFrame({"doc_id": ["d", "d"], "claim_index": [0, 1], "kind": ["percent"] * 2,
                           "text": ["90%", "93%"], "start": [starts[1], starts[2] + texts[2].index("93%")],
                           "end": [0, 0], "sentence": [texts[1], texts[2]], "sentence_index": [1, 2],
                           "low": [90.0, 93.0], "high": [90.0, 93.0], "numerator": [None] * 2,
                           "denominator": [None] * 2})
    codings = pd.DataFrame({"doc_id": ["d", "d"], "sentence_index": [1, 2], "category": ["audience"] * 2,
                            "code": ["to_chuc_dang"] * 2, "start": [starts[1] + 4, starts[2] + 14]})
    out = claim_contexts(claims, codings, sents)
    # the item under the heading is a target; the same words as a plain result are graded
    assert out["claim_type"].tolist()[0] == "target"
    plain = claim_contexts(claims.iloc[[1]], codings, sents.iloc[[2]])
    assert plain["claim_type"].tolist() == ["grading"]
