"""Claims audit: audience/level of participation and completion claims, base-less claims,
mismatches, round-number heaping. Texts: sentences of seeds 000 and 002, and planted ones."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.compare import (baseless_claims, claim_contexts, claims_audit, mismatched_claims,
                              participation_claims, round_number_heaping)
from compare_fixtures import code_terms, make_corpus

SEED_000 = ("Kết quả, từ năm 2011 đến nay, từ tỉnh đến các huyện, thành ủy, đảng ủy trực thuộc đã tổ "
            "chức học tập, quán triệt và triển khai thực hiện các nghị quyết Đại hội Đảng bộ các cấp, "
            "số cán bộ, đảng viên tham gia học tập đạt trên 98%; cấp cơ sở đã mở được 468 lớp học tập, "
            "quán triệt nghị quyết, tỷ lệ tham gia đạt từ 90-95%; tỷ lệ đại diện các hộ gia đình tham "
            "gia học tập đạt từ 80- 85%.")
SEED_002 = ("Tỷ lệ cán bộ, đảng viên viết bài thu hoạch đạt 94,8% đối với cấp tỉnh và cấp huyện; "
            "92,7% đối với cấp cơ sở. Qua thống kê, đến ngày 30-9, 100% các chi, đảng bộ xây dựng "
            "chương trình hành động thực hiện Nghị quyết; Trên 90% cấp ủy, người đứng đầu cơ quan, "
            "đơn vị xây dựng kế hoạch hành động.")
HAU_GIANG = ("Kết quả học tập nghị quyết đạt 100%. Huyện Long Mỹ có 15/20 chi bộ hoàn thành, đạt 80%. "
             "Tỷ lệ tham gia đạt 97%.")

CLAIM_COLUMNS = ["doc_id", "claim_index", "kind", "text", "start", "end", "sentence", "sentence_index",
                 "low", "high", "qualifier", "numerator", "denominator", "value", "unit",
                 "unit_expanded", "subject", "consistent"]


@pytest.fixture(scope="module")
def corpus():
    documents, sentences, _ = make_corpus([
        {"doc_id": "ls", "province": "Lạng Sơn", "text": SEED_000},
        {"doc_id": "bn", "province": "Bắc Ninh", "text": SEED_002},
        {"doc_id": "hg", "province": "Hậu Giang", "text": HAU_GIANG},
    ])
    sent = sentences.set_index(["doc_id", "sentence_index"])

    def claim(doc_id, index, phrase, kind="percent", low=None, high=None, qualifier=None,
              numerator=None, denominator=None, unit=None, subject=None, consistent=None, occurrence=0):
        s = sent.loc[(doc_id, index)]
        at = -1
        for _ in range(occurrence + 1):
            at = s.text.index(phrase, at + 1)
        start = int(s.start) + at
        return {"doc_id": doc_id, "claim_index": 0, "kind": kind, "text": phrase, "start": start,
                "end": start + len(phrase), "sentence": s.text, "sentence_index": index,
                "low": low, "high": high, "qualifier": qualifier, "numerator": numerator,
                "denominator": denominator, "value": numerator, "unit": unit, "unit_expanded": unit,
                "subject": subject, "consistent": consistent}

    claims = pd.DataFrame([
        claim("ls", 0, "trên 98%", low=98.0, high=98.0, qualifier="trên", subject="cán bộ, đảng viên"),
        claim("ls", 0, "468 lớp", kind="count", unit="lớp"),
        claim("ls", 0, "từ 90-95%", low=90.0, high=95.0, subject="tỷ lệ tham gia"),
        claim("ls", 0, "từ 80- 85%", low=80.0, high=85.0, subject="đại diện các hộ gia đình"),
        claim("bn", 0, "94,8%", low=94.8, high=94.8, subject="cán bộ, đảng viên"),
        claim("bn", 0, "92,7%", low=92.7, high=92.7, subject="cấp cơ sở"),
        claim("bn", 1, "100%", low=100.0, high=100.0, subject="các chi, đảng bộ"),
        claim("bn", 1, "Trên 90%", low=90.0, high=90.0, qualifier="trên", subject="cấp ủy, người đứng đầu"),
        claim("hg", 0, "100%", low=100.0, high=100.0),
        claim("hg", 1, "15/20 chi bộ", kind="fraction", numerator=15, denominator=20, unit="chi bộ",
              subject="Huyện Long Mỹ", consistent=False),
        claim("hg", 1, "80%", low=80.0, high=80.0, subject="chi bộ"),
        claim("hg", 2, "97%", low=97.0, high=97.0),
    ], columns=CLAIM_COLUMNS)
    claims["claim_index"] = claims.groupby("doc_id").cumcount()
    codings = code_terms(sentences, [
        ("ls", 0, "audience", "can_bo_dang_vien", "cán bộ, đảng viên"),
        ("ls", 0, "level", "co_so", "cấp cơ sở"),
        ("ls", 0, "audience", "ho_gia_dinh", "hộ gia đình"),
        ("ls", 0, "level", "huyen", "huyện"),
        ("bn", 0, "audience", "can_bo_dang_vien", "cán bộ, đảng viên"),
        ("bn", 0, "level", "tinh", "cấp tỉnh"),
        ("bn", 0, "level", "huyen", "cấp huyện"),
        ("bn", 0, "level", "co_so", "cấp cơ sở"),
        ("bn", 1, "audience", "to_chuc_dang", "chi, đảng bộ"),
        ("bn", 1, "audience", "cap_uy", "cấp ủy"),
    ])
    return documents, sentences, claims, codings


def context(ctx, doc_id, text):
    row = ctx[(ctx.doc_id == doc_id) & (ctx.text == text)]
    assert len(row) == 1
    return row.iloc[0]


def test_audience_and_level_from_the_clause_then_the_sentence(corpus):
    documents, sentences, claims, codings = corpus
    ctx = claim_contexts(claims, codings, sentences)
    first = context(ctx, "bn", "94,8%")
    assert (first.level, first.level_scope) == ("huyen; tinh", "clause")
    assert (first.audience, first.audience_scope) == ("can_bo_dang_vien", "clause")
    assert first.claim_type == "participation"
    second = context(ctx, "bn", "92,7%")
    # its own clause says "cấp cơ sở"; the audience and the cue ("viết bài thu hoạch") come from the sentence
    assert (second.level, second.level_scope) == ("co_so", "clause")
    assert (second.audience, second.audience_scope) == ("can_bo_dang_vien", "sentence")
    assert second.claim_type == "participation"
    households = context(ctx, "ls", "từ 80- 85%")
    # its clause names the households but no level: the level falls back to the whole sentence
    assert (households.audience, households.audience_scope) == ("ho_gia_dinh", "clause")
    assert (households.level, households.level_scope) == ("co_so; huyen", "sentence")
    plans = context(ctx, "bn", "100%")
    assert plans.claim_type == "completion" and plans.audience == "to_chuc_dang"
    # count claims are not percentages; fractions are converted to a percentage
    assert "468 lớp" not in set(ctx.text)
    frac = context(ctx, "hg", "15/20 chi bộ")
    assert frac.low == frac.high == 75.0 and frac.value_text == "75"
    no_codes = context(ctx, "hg", "97%")
    assert no_codes.audience == no_codes.level == "(unspecified)" and no_codes.claim_type == "participation"


def test_ranges_are_kept_as_ranges(corpus):
    documents, sentences, claims, codings = corpus
    ctx = claim_contexts(claims, codings, sentences)
    rng = context(ctx, "ls", "từ 90-95%")
    assert (rng.low, rng.high, rng.is_range, rng.value_text) == (90.0, 95.0, True, "90–95")
    assert not context(ctx, "ls", "trên 98%").is_range
    out = participation_claims(claims, codings, documents, sentences)
    ls = out[(out.province == "Lạng Sơn") & (out.audience == "ho_gia_dinh")].iloc[0]
    assert ls["values"] == "80–85" and ls.n_ranges == 1 and ls.low_min == 80 and ls.high_max == 85
    assert ls.mid_median == 82.5
    bn = out[(out.province == "Bắc Ninh") & (out.claim_type == "participation")]
    assert bn.n_claims.sum() == 2


def test_baseless_claims(corpus):
    _, _, claims, _ = corpus
    out = baseless_claims(claims)
    # "đạt 100%" and "đạt 97%" of Hậu Giang say 100% of what?
    assert list(zip(out.doc_id, out.text)) == [("hg", "100%"), ("hg", "97%")]


def test_mismatched_claims(corpus):
    _, _, claims, _ = corpus
    out = mismatched_claims(claims)
    assert out.text.tolist() == ["15/20 chi bộ"]


def test_round_number_heaping_counts(corpus):
    documents, _, claims, _ = corpus
    # stated values: 98 | 90, 95 | 80, 85 | 94.8 | 92.7 | 100 | 90 | 100 | 80 | 97  (12 values)
    overall = round_number_heaping(claims).iloc[0]
    assert overall.n_values == 12 and overall.n_integer == 10
    assert overall.n_multiple_of_5 == 8          # 90 95 80 85 100 90 100 80
    assert overall.n_multiple_of_10 == 6         # 90 80 100 90 100 80
    assert overall.n_100 == 2
    assert overall.share_multiple_of_5 == pytest.approx(8 / 12)
    assert overall.expected_multiple_of_5 == pytest.approx(0.2)
    assert overall.expected_multiple_of_10 == pytest.approx(0.1)
    assert overall.share_multiple_of_5_excl_100 == pytest.approx(6 / 10)
    by = round_number_heaping(claims, documents, "province").set_index("province")
    assert by.loc["Lạng Sơn", ["n_values", "n_multiple_of_5", "n_multiple_of_10"]].tolist() == [5, 4, 2]
    assert by.loc["Bắc Ninh", ["n_values", "n_multiple_of_5", "n_100"]].tolist() == [4, 2, 1]


def test_summary_per_province_and_2025(corpus):
    documents, _, claims, _ = corpus
    out = claims_audit(claims, documents).set_index("province")
    hg = out.loc["Hậu Giang"]
    assert (hg.n_percent, hg.n_baseless, hg.n_fraction, hg.n_checked, hg.n_mismatch) == (3, 2, 1, 1, 1)
    assert hg.baseless_share == pytest.approx(2 / 3) and hg.mismatch_share == 1.0
    assert np.isnan(out.loc["Lạng Sơn", "mismatch_share"])   # nothing to check is not "no mismatch"
    merged = claims_audit(claims, documents, grouping="province_2025").set_index("province_2025")
    # Hậu Giang joined Cần Thơ in 2025
    assert merged.loc["Cần Thơ", "n_baseless"] == 2
    assert merged.loc["Cần Thơ", "members"] == "Cần Thơ; Hậu Giang; Sóc Trăng"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 100).map(float), st.floats(0, 100, allow_nan=False)), min_size=1, max_size=30))
def test_property_heaping_counts_are_consistent(values):
    claims = pd.DataFrame({"doc_id": "d", "kind": "percent", "low": values, "high": values})
    row = round_number_heaping(claims).iloc[0]
    assert row.n_values == len(values)
    assert row.n_100 <= row.n_multiple_of_10 <= row.n_multiple_of_5 <= row.n_integer <= row.n_values
    assert row.n_multiple_of_10 == sum(1 for v in values if round(v, 6) % 10 == 0)
    assert row.n_100 == sum(1 for v in values if round(v, 6) == 100)
