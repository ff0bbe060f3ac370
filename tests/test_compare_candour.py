"""Candour: limitation against achievement sentences, per document and province."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare import document_candour, group_candour
from compare_fixtures import code_terms, make_corpus

QUANG_NINH = ("Công tác quán triệt nghị quyết đạt kết quả tích cực. "
              "Tuy nhiên, một số chi bộ chưa tổ chức sinh hoạt chuyên đề, còn hạn chế về nội dung. "
              "Tỷ lệ đảng viên tham gia học tập đạt 97,5%, vượt chỉ tiêu đề ra.")
QUANG_NINH_2 = ("Việc cụ thể hóa nghị quyết còn chậm. "
                "Một số cấp ủy chưa sâu sát, khuyết điểm chậm được khắc phục.")
HA_GIANG = ("Các cấp ủy hoàn thành 100% kế hoạch học tập nghị quyết. "
            "Nhiều mô hình hay, cách làm sáng tạo được nhân rộng.")
TUYEN_QUANG = "Huyện ủy Lâm Bình tổ chức hội nghị báo cáo viên tháng 3."


@pytest.fixture
def corpus():
    docs, sents, _ = make_corpus([
        {"doc_id": "qn1", "province": "Quảng Ninh", "text": QUANG_NINH},
        {"doc_id": "qn2", "province": "Quảng Ninh", "text": QUANG_NINH_2},
        {"doc_id": "hg1", "province": "Hà Giang", "text": HA_GIANG},
        {"doc_id": "tq1", "province": "Tuyên Quang", "text": TUYEN_QUANG},
    ])
    codings = code_terms(sents, [
        ("qn1", 0, "voice", "achievement", "kết quả tích cực"),
        ("qn1", 1, "voice", "limitation", "chưa"),
        ("qn1", 1, "voice", "limitation", "hạn chế"),   # same sentence: counts once
        ("qn1", 2, "voice", "achievement", "vượt chỉ tiêu"),
        ("qn1", 2, "stage", "quan_triet", "học tập"),   # another category: ignored
        ("qn2", 0, "voice", "limitation", "còn chậm"),
        ("qn2", 1, "voice", "limitation", "chưa"),
        ("qn2", 1, "voice", "limitation", "khuyết điểm"),
        ("hg1", 0, "voice", "achievement", "hoàn thành"),
        ("hg1", 1, "voice", "achievement", "nhân rộng"),
    ])
    return docs, sents, codings


def test_document_counts_sentences_and_ratio(corpus):
    docs, _, codings = corpus
    out = document_candour(docs, codings).set_index("doc_id")
    assert out.loc["qn1", ["n_limitation", "n_achievement"]].tolist() == [1, 2]
    assert out.loc["qn1", "candour"] == pytest.approx(1 / 3)
    assert out.loc["qn1", "limitation_share"] == pytest.approx(1 / 3)
    assert out.loc["qn2", "candour"] == 1.0
    assert out.loc["hg1", "candour"] == 0.0
    # neither limitation nor achievement: undefined, not zero
    assert out.loc["tq1", ["n_limitation", "n_achievement"]].tolist() == [0, 0]
    assert np.isnan(out.loc["tq1", "candour"])


def test_category_filter(corpus):
    docs, _, codings = corpus
    relabelled = codings.assign(category=codings.category.replace({"voice": "tone"}))
    assert document_candour(docs, relabelled)["n_limitation"].sum() == 0
    assert document_candour(docs, relabelled, category=None)["n_limitation"].sum() == 3


def test_group_mean_pooled_and_degenerate(corpus):
    docs, _, codings = corpus
    per_doc = document_candour(docs, codings)
    out = group_candour(per_doc, docs, n_boot=500, seed=2).set_index("province")
    qn = out.loc["Quảng Ninh"]
    # mean of 1/3 and 1; pooled (1 + 2) / (3 + 2)
    assert qn.candour == pytest.approx(2 / 3)
    assert qn.pooled_candour == pytest.approx(3 / 5)
    assert 1 / 3 - 1e-12 <= qn.ci_low <= qn.candour <= qn.ci_high <= 1.0
    assert not qn.ci_degenerate
    hg = out.loc["Hà Giang"]
    assert hg.ci_degenerate and hg.ci_low == hg.ci_high == hg.candour == 0.0
    tq = out.loc["Tuyên Quang"]
    assert tq.n_documents == 1 and tq.n_documents_defined == 0 and np.isnan(tq.candour)
    assert np.isnan(tq.ci_low) and tq.ci_degenerate


def test_group_reproducible_and_2025(corpus):
    docs, _, codings = corpus
    per_doc = document_candour(docs, codings)
    a = group_candour(per_doc, docs, grouping="province_2025", n_boot=300, seed=5)
    b = group_candour(per_doc, docs, grouping="province_2025", n_boot=300, seed=5)
    pd.testing.assert_frame_equal(a, b)
    # Hà Giang and Tuyên Quang form the 2025 province Tuyên Quang
    tq = a.set_index("province_2025").loc["Tuyên Quang"]
    assert tq.n_documents == 2 and tq.n_documents_defined == 1 and tq.candour == 0.0
    assert tq.members == "Hà Giang; Tuyên Quang"


def test_documents_that_all_agree_give_no_interval_width_and_are_flagged():
    # three provinces' worth of documents with achievements only: candour 0 in each, so the
    # bootstrap interval is [0, 0]; that is no evidence of certainty and must not read as one
    text = "Các cấp ủy hoàn thành kế hoạch học tập nghị quyết."
    docs, sents, _ = make_corpus([{"doc_id": f"lc{i}", "province": "Lào Cai", "text": text} for i in range(4)])
    codings = code_terms(sents, [(f"lc{i}", 0, "voice", "achievement", "hoàn thành") for i in range(4)])
    row = group_candour(document_candour(docs, codings), docs, n_boot=200, seed=0).set_index("province").loc["Lào Cai"]
    assert row.n_documents_defined == 4 and row.ci_low == row.ci_high == 0.0
    assert row.ci_degenerate and row.interval == "all 4 at 0.00"
