"""Reporting profiles: sentence shares per document and province, seeded bootstrap CIs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.compare import document_profiles, group_profiles, reporting_profiles, sentence_codes
from compare_fixtures import code_terms, make_corpus

NGHE_AN = ("Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị quán triệt Nghị quyết Trung ương 5. "
           "Các huyện ủy xây dựng kế hoạch thực hiện nghị quyết. "
           "Hội nghị quán triệt được tổ chức trực tuyến đến 480 điểm cầu. "
           "Tỉnh ủy thành lập đoàn kiểm tra việc học tập nghị quyết.")
NGHE_AN_2 = "Đảng ủy khối tổ chức quán triệt nghị quyết cho 2.300 đảng viên."
CA_MAU = ("Tỉnh ủy Cà Mau sơ kết 5 năm thực hiện Nghị quyết số 36-NQ/TW. "
          "Công tác tuyên truyền biển đảo được đẩy mạnh. "
          "Một số cấp ủy chưa quan tâm đúng mức.")
DIEN_BIEN = "Huyện ủy Mường Nhé tổ chức học tập, quán triệt nghị quyết cho cán bộ chủ chốt."
BAC_GIANG = ("Tỉnh ủy Bắc Giang ban hành chương trình hành động thực hiện nghị quyết. "
             "Các cơ sở đảng tổ chức quán triệt xong trước ngày 30-6.")


@pytest.fixture
def corpus():
    docs, sents, _ = make_corpus([
        {"doc_id": "na1", "province": "Nghệ An", "text": NGHE_AN},
        {"doc_id": "na2", "province": "Nghệ An", "text": NGHE_AN_2},
        {"doc_id": "cm1", "province": "Cà Mau", "text": CA_MAU},
        {"doc_id": "db1", "province": "Điện Biên", "text": DIEN_BIEN},
        {"doc_id": "bg1", "province": "Bắc Giang", "text": BAC_GIANG},
        {"doc_id": "xx1", "province": None, "text": "Hội nghị quán triệt nghị quyết."},
    ])
    codings = code_terms(sents, [
        ("na1", 0, "stage", "quan_triet", "quán triệt"),
        ("na1", 0, "channel", "hoi_nghi", "hội nghị"),
        ("na1", 1, "stage", "cu_the_hoa", "kế hoạch"),
        ("na1", 2, "stage", "quan_triet", "quán triệt"),
        ("na1", 2, "channel", "hoi_nghi", "Hội nghị"),
        ("na1", 2, "channel", "truc_tuyen", "trực tuyến"),
        ("na1", 3, "stage", "kiem_tra", "kiểm tra"),
        ("na1", 3, "stage", "quan_triet", "học tập"),
        ("na2", 0, "stage", "quan_triet", "quán triệt"),
        ("cm1", 0, "stage", "so_ket", "sơ kết"),
        ("cm1", 1, "channel", "tuyen_truyen", "tuyên truyền"),
        ("cm1", 2, "voice", "limitation", "chưa"),
        ("db1", 0, "stage", "quan_triet", "học tập"),
        ("db1", 0, "stage", "quan_triet", "quán triệt"),
        ("bg1", 0, "stage", "cu_the_hoa", "chương trình hành động"),
        ("bg1", 1, "stage", "quan_triet", "quán triệt"),
        ("xx1", 0, "stage", "quan_triet", "quán triệt"),
    ])
    return docs, sents, codings


def share(table, doc_id, code):
    row = table[(table.doc_id == doc_id) & (table.code == code)]
    assert len(row) == 1
    return row.iloc[0]


def test_sentences_not_rows_are_counted(corpus):
    docs, sents, codings = corpus
    # db1's single sentence has two quan_triet matches ("học tập", "quán triệt"): one sentence
    assert len(sentence_codes(codings).query("doc_id == 'db1'")) == 1
    prof = document_profiles(docs, sents, codings)
    row = share(prof, "db1", "quan_triet")
    assert (row.n_coded, row.denominator, row.share) == (1, 1, 1.0)
    # na1: quán triệt/học tập in sentences 0, 2, 3 of 4
    row = share(prof, "na1", "quan_triet")
    assert (row.n_coded, row.denominator, row.share) == (3, 4, 0.75)


def test_every_document_gets_every_code_with_zeros(corpus):
    docs, sents, codings = corpus
    prof = document_profiles(docs, sents, codings)
    n_codes = codings[["category", "code"]].drop_duplicates().shape[0]
    assert len(prof) == len(docs) * n_codes
    row = share(prof, "cm1", "quan_triet")
    assert (row.n_coded, row.denominator, row.share) == (0, 3, 0.0)
    assert list(prof.columns) == ["doc_id", "category", "code", "n_coded", "denominator", "share"]
    assert prof.equals(prof.sort_values(["doc_id", "category", "code"]).reset_index(drop=True))


def test_coded_denominator(corpus):
    docs, sents, codings = corpus
    prof = document_profiles(docs, sents, codings, denominator="coded")
    # na1 has 4 sentences with a stage code; quan_triet in 3 of them
    row = share(prof, "na1", "quan_triet")
    assert (row.n_coded, row.denominator) == (3, 4)
    # channel: sentences 0 and 2 carry channel codes; hoi_nghi in both, truc_tuyen in one
    assert share(prof, "na1", "hoi_nghi").share == 1.0
    assert share(prof, "na1", "truc_tuyen").share == 0.5
    # cm1 has no channel other than tuyen_truyen in one sentence; stage coded in one sentence
    assert share(prof, "cm1", "so_ket").share == 1.0
    # a document with no coded sentence of a category has an undefined share, not 0
    assert np.isnan(share(prof, "db1", "hoi_nghi").share)
    with pytest.raises(ValueError):
        document_profiles(docs, sents, codings, denominator="words")


def test_province_mean_pooled_and_counts(corpus):
    docs, sents, codings = corpus
    out = reporting_profiles(docs, sents, codings, n_boot=500, seed=1)
    row = out[(out.province == "Nghệ An") & (out.code == "quan_triet")].iloc[0]
    # na1 3/4, na2 1/1 -> mean 0.875, pooled 4/5
    assert row.n_documents == 2 and row.n_coded == 4 and row.denominator == 5
    assert row.share == pytest.approx(0.875)
    assert row.pooled_share == pytest.approx(0.8)
    # two documents: bootstrap means lie between the two document shares
    assert 0.75 <= row.ci_low <= row.share <= row.ci_high <= 1.0
    assert not row.ci_degenerate
    # the document without a province is not in any group
    assert set(out.province) == {"Bắc Giang", "Cà Mau", "Điện Biên", "Nghệ An"}


def test_one_document_province_is_degenerate_and_flagged(corpus):
    docs, sents, codings = corpus
    out = reporting_profiles(docs, sents, codings, n_boot=300, seed=3)
    rows = out[out.province == "Cà Mau"]
    assert rows.n_documents.eq(1).all() and rows.ci_degenerate.all()
    row = rows[rows.code == "so_ket"].iloc[0]
    assert row.ci_low == row.ci_high == row.share == pytest.approx(1 / 3)


def test_bootstrap_is_seeded_and_independent_of_other_groups(corpus):
    docs, sents, codings = corpus
    extra = pd.DataFrame([{"doc_id": f"na{i}", "n_sentences": 4, "province": "Nghệ An"} for i in range(3, 8)])
    docs = pd.concat([docs, extra], ignore_index=True)
    more = pd.DataFrame([{"doc_id": f"na{i}", "sentence_index": j, "category": "stage",
                          "code": "quan_triet", "term": "quán triệt", "start": 0, "end": 0}
                         for i in range(3, 8) for j in range(i - 3)])
    codings = pd.concat([codings, more], ignore_index=True)
    a = reporting_profiles(docs, sents, codings, n_boot=400, seed=7)
    b = reporting_profiles(docs, sents, codings, n_boot=400, seed=7)
    c = reporting_profiles(docs, sents, codings, n_boot=400, seed=8)
    pd.testing.assert_frame_equal(a, b)
    key = (a.province == "Nghệ An") & (a.code == "quan_triet")
    assert not np.allclose(a.loc[key, ["ci_low", "ci_high"]].to_numpy(),
                           c.loc[key, ["ci_low", "ci_high"]].to_numpy())
    # dropping another province leaves Nghệ An's interval unchanged
    d = reporting_profiles(docs[docs.province != "Cà Mau"], sents, codings, n_boot=400, seed=7)
    keyd = (d.province == "Nghệ An") & (d.code == "quan_triet")
    np.testing.assert_allclose(a.loc[key, ["ci_low", "ci_high"]].to_numpy(),
                               d.loc[keyd, ["ci_low", "ci_high"]].to_numpy())


def test_2025_regrouping_merges_and_notes_members(corpus):
    docs, sents, codings = corpus
    docs = pd.concat([docs, pd.DataFrame([{"doc_id": "bn1", "province": "Bắc Ninh",
                                           "province_2025": "Bắc Ninh", "n_sentences": 2}])],
                     ignore_index=True)
    codings = pd.concat([codings, pd.DataFrame([{"doc_id": "bn1", "sentence_index": 0,
        "category": "stage", "code": "quan_triet", "term": "quán triệt", "start": 0, "end": 0}])])
    out = reporting_profiles(docs, sents, codings, grouping="province_2025", n_boot=200)
    row = out[(out.province_2025 == "Bắc Ninh") & (out.code == "quan_triet")].iloc[0]
    # Bắc Giang (bg1: 1 of 2) and Bắc Ninh (bn1: 1 of 2) form the 2025 province Bắc Ninh
    assert row.n_documents == 2 and row.share == pytest.approx(0.5)
    assert row.members == "Bắc Giang; Bắc Ninh"
    assert row.members_in_corpus == "Bắc Giang; Bắc Ninh"
    # Nghệ An was not merged: it contains only itself
    assert out[out.province_2025 == "Nghệ An"].members.eq("Nghệ An").all()


def test_unknown_unit_is_rejected(corpus):
    docs, sents, codings = corpus
    with pytest.raises(ValueError):
        reporting_profiles(docs, sents, codings, grouping="district")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 12)), min_size=1, max_size=8),
       st.integers(0, 2**31 - 1))
def test_property_shares_and_intervals_bounded(docs_spec, seed):
    docs = pd.DataFrame([{"doc_id": f"d{i}", "province": "Hà Giang", "n_sentences": n}
                         for i, (n, _) in enumerate(docs_spec)])
    rows = [{"doc_id": f"d{i}", "sentence_index": j, "category": "stage", "code": "quan_triet",
             "term": "x", "start": 0, "end": 0}
            for i, (n, k) in enumerate(docs_spec) for j in range(min(n, k))]
    codings = pd.DataFrame(rows, columns=["doc_id", "sentence_index", "category", "code", "term", "start", "end"])
    prof = document_profiles(docs, None, codings)
    if prof.empty:  # no code anywhere: nothing to profile
        assert codings.empty
        return
    assert prof.share.between(0, 1).all()
    row = group_profiles(prof, docs, n_boot=200, seed=seed).iloc[0]
    lo, hi = prof.share.min(), prof.share.max()
    assert lo - 1e-12 <= row.ci_low <= row.share <= row.ci_high <= hi + 1e-12 or row.ci_degenerate
    assert row.share == pytest.approx(prof.share.mean())
