"""Round-number heaping counts reported results about Party work only, and gives a province's rate
only with enough documents and values behind it.

Every sentence is written for this test (names and figures invented).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare.claims_audit import (MIN_HEAPING_VALUES, classify_claim, claims_audit, heaping_values,
                                           round_number_heaping)
from analysis.extract.claims import extract_claims


def _claims(docs: dict[str, str]) -> pd.DataFrame:
    rows = []
    for doc_id, text in docs.items():
        for i, c in enumerate(extract_claims(text)):
            rows.append({"doc_id": doc_id, "claim_index": i, **c})
    return pd.DataFrame(rows)


# one result about Party work (counted) and one non-result of each kind (left out)
RESULT = "Năm 2023 có 87,3% đảng viên được xếp loại hoàn thành tốt nhiệm vụ."
NOT_RESULTS = {
    "vote": "Các đại biểu dự đại hội đã biểu quyết nhất trí 100% thông qua nghị quyết.",
    "approval": "Có 100% đại biểu tán thành chương trình hành động của Huyện ủy.",
    "contest": "Cuộc thi tìm hiểu nghị quyết có sự tham gia của 100% chi bộ trực thuộc.",
    "norm": "Hằng năm, tỷ lệ chi bộ đạt trong sạch, vững mạnh đạt 70% trở lên.",
    "range norm": "Hằng năm có từ 60% -70% trở lên số chi bộ được xếp loại hoàn thành tốt nhiệm vụ.",
    "target": "Phấn đấu đến năm 2026 có 90% thôn có chi bộ.",
    "economy": "Thu ngân sách trên địa bàn đạt 50% dự toán, trong đó đã hoàn thành 60% vốn đầu tư công.",
    "history": "Khi đó nông nghiệp chiếm 80% cơ cấu kinh tế của tỉnh.",
}


def test_only_results_about_party_work_count():
    claims = _claims({"r": RESULT, **NOT_RESULTS})
    values = heaping_values(claims)
    counted = values[values["counted"]]
    assert counted["text"].tolist() == ["87,3%"]
    assert set(values.loc[~values["counted"], "doc_id"]) == set(NOT_RESULTS)
    row = round_number_heaping(claims).iloc[0]
    assert (row["n_values"], row["n_multiple_of_5"], row["n_100"], row["n_documents"]) == (1, 0, 0, 1)


def test_the_reason_a_value_is_left_out_is_given():
    values = heaping_values(_claims(NOT_RESULTS)).set_index("doc_id")
    assert values.loc["vote", "left_out"] == "other"
    assert values.loc["contest", "left_out"] == "not a result: cuộc thi"
    assert values.loc["norm", "left_out"] == "target"
    assert values.loc["range norm", "left_out"] == "target"


@pytest.mark.parametrize("sentence, number, kind", [
    ("Hằng năm, tỷ lệ chi bộ đạt trong sạch, vững mạnh đạt 70% trở lên.", "70%", "target"),
    ("Có từ 60% -70% trở lên số chi bộ được xếp loại hoàn thành tốt nhiệm vụ.", "60%", "target"),
    # "trở lên" after the grade, not after the number: a result
    ("Năm 2023 có 88,6% chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên.", "88,6%", "grading"),
])
def test_or_more_after_the_number_is_a_norm(sentence, number, kind):
    assert classify_claim(sentence, sentence.index(number)) == kind


def test_a_restated_figure_counts_once():
    claims = _claims({"d": "Có 92% đảng viên tham gia học tập nghị quyết. "
                           "Theo báo cáo, 92% đảng viên đã tham gia học tập nghị quyết."})
    values = heaping_values(claims)
    assert values["left_out"].tolist() == ["", "repeat"]
    assert round_number_heaping(claims).iloc[0]["n_values"] == 1


def _two_provinces():
    # Lạng Sơn: 3 documents, 6 results (4 round); Cà Mau: 1 document, one "100%"
    docs = {
        "ls1": "Có 90% đảng viên tham gia học tập nghị quyết; 85% quần chúng tham gia học tập.",
        "ls2": "Có 80% chi bộ đạt trong sạch, vững mạnh; 93,7% đảng viên hoàn thành tốt nhiệm vụ.",
        "ls3": "Đã kết nạp 210 đảng viên mới, đạt 105% chỉ tiêu năm; 97,2% chi bộ đã xây dựng kế hoạch.",
        "cm": "Có 100% đảng viên tham gia học tập nghị quyết.",
    }
    documents = pd.DataFrame({"doc_id": list(docs), "province": ["Lạng Sơn"] * 3 + ["Cà Mau"]})
    return _claims(docs), documents


def test_a_rate_needs_enough_documents_and_values():
    claims, documents = _two_provinces()
    by = round_number_heaping(claims, documents, "province").set_index("province")
    ls, cm = by.loc["Lạng Sơn"], by.loc["Cà Mau"]
    assert (ls["n_documents"], ls["n_values"], ls["n_multiple_of_5"]) == (3, 6, 4)
    assert ls["shown"] and ls["sample"] == "" and ls["share_multiple_of_5"] == pytest.approx(4 / 6)
    # one "100%" is not a heaping rate of 1: counts kept, shares blank, n said
    assert (cm["n_documents"], cm["n_values"], cm["n_100"]) == (1, 1, 1)
    assert not cm["shown"] and cm["sample"] == "n=1 document, 1 value"
    assert np.isnan(cm["share_multiple_of_5"]) and np.isnan(cm["share_100"])
    audit = claims_audit(claims, documents).set_index("province")
    assert audit.loc["Lạng Sơn", "share_multiple_of_5"] == pytest.approx(4 / 6)
    assert audit.loc["Cà Mau", "n_heaping_values"] == 1 and np.isnan(audit.loc["Cà Mau", "share_100"])


def test_enough_documents_but_too_few_values_is_not_a_rate():
    claims, documents = _two_provinces()
    keep = claims[~((claims["doc_id"] == "ls1") | (claims["doc_id"] == "ls2") & (claims["text"] == "80%"))]
    row = round_number_heaping(keep, documents, "province").set_index("province").loc["Lạng Sơn"]
    assert row["n_values"] == 3 < MIN_HEAPING_VALUES and row["n_documents"] == 2
    assert not row["shown"] and row["sample"] == "n=2 documents, 3 values"


def test_the_figure_draws_no_bar_for_a_thin_province():
    from analysis.report.audit import plot_heaping
    claims, documents = _two_provinces()
    heaping = round_number_heaping(claims, documents, "province")
    fig = plot_heaping(heaping, "province", round_number_heaping(claims))
    ax = fig.axes[0]
    bars = [p for c in ax.containers for p in c.patches]
    assert len(bars) == 4  # "all documents" and Lạng Sơn, two bars each; none for Cà Mau
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("all documents") and labels[1] == "Cà Mau"
    assert any("n=1 document, 1 value" in t.get_text() for t in ax.texts)


def test_each_notebook_says_what_it_withholds():
    from analysis.report.common import sample_note
    docs = pd.DataFrame({"doc_id": list("abcd"), "province": ["A", "A", "A", "B"]})
    default = sample_note(docs, ["A", "B"])
    assert "no interval is drawn" in default
    audit = sample_note(docs, ["A", "B"], measures="a heaping rate", withheld="no heaping rate is given")
    assert "no interval" not in audit and "no heaping rate is given" in audit
