"""Distinctive vocabulary: weighted log-odds with an informative Dirichlet prior (Fightin' Words)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.compare import (distinctive_words, distinctive_words_by_group, log_odds_dirichlet,
                              word_counts)
from compare_fixtures import make_corpus

MOUNTAIN = [
    "Huyện ủy Mường Nhé chú trọng phát triển đảng viên ở các bản vùng cao biên giới.",
    "Đồn biên phòng phối hợp tuyên truyền nghị quyết đến đồng bào vùng cao.",
    "Chi bộ bản Huổi Lụ tổ chức học tập nghị quyết bằng tiếng Mông cho bà con vùng cao.",
]
DELTA = [
    "Tỉnh ủy Cà Mau tuyên truyền nghị quyết đến bà con ngư dân ven biển.",
    "Các xã ven biển tổ chức học tập nghị quyết trên tàu cá của ngư dân.",
    "Hội Nông dân phối hợp tuyên truyền nghị quyết đến ngư dân và hộ nuôi tôm.",
]


@pytest.fixture
def corpus():
    docs = [{"doc_id": f"db{i}", "province": "Điện Biên", "text": t} for i, t in enumerate(MOUNTAIN)]
    docs += [{"doc_id": f"cm{i}", "province": "Cà Mau", "text": t} for i, t in enumerate(DELTA)]
    documents, _, tokens = make_corpus(docs, multiword={d["doc_id"]: ("nghị quyết", "tuyên truyền",
                                                                      "học tập", "ngư dân", "vùng cao")
                                                        for d in docs})
    return documents, tokens


def test_word_only_in_group_a_has_largest_positive_z(corpus):
    documents, tokens = corpus
    out = distinctive_words(tokens, documents, "Điện Biên", alpha0=50)
    # "vùng cao" occurs three times, only in Điện Biên: the most distinctive word of group A
    assert out.iloc[0]["word"] == "vùng cao"
    assert out.iloc[0]["count_a"] == 3 and out.iloc[0]["count_b"] == 0 and out.iloc[0]["z"] > 0
    # "ngư dân" (three times, only in Cà Mau) is the most distinctive of group B
    assert out.iloc[-1]["word"] == "ngư dân" and out.iloc[-1]["z"] < 0
    # a word used alike by both ("nghị quyết": 3 and 3) sits near zero
    shared = out.set_index("word").loc["nghị quyết", "z"]
    assert abs(shared) < 0.5
    assert out["group_a"].eq("Điện Biên").all() and out["group_b"].eq("(rest)").all()


def test_hand_computed_values():
    # A: x 3, y 1; B: y 2, z 2; background A+B, alpha0 = 8 => a_x = 3, a_y = 3, a_z = 2, a0 = 8
    out = log_odds_dirichlet(pd.Series({"x": 3, "y": 1}), pd.Series({"y": 2, "z": 2}), alpha0=8)
    row = out.set_index("word")
    assert row.loc["x", "prior"] == pytest.approx(3.0)
    delta_x = math.log(6 / 6) - math.log(3 / 9)
    assert row.loc["x", "delta"] == pytest.approx(delta_x)
    assert row.loc["x", "variance"] == pytest.approx(1 / 6 + 1 / 3)
    assert row.loc["x", "z"] == pytest.approx(delta_x / math.sqrt(0.5))
    delta_y = math.log(4 / 8) - math.log(5 / 7)
    assert row.loc["y", "delta"] == pytest.approx(delta_y)
    assert row.loc["y", "z"] == pytest.approx(delta_y / math.sqrt(1 / 4 + 1 / 5))
    assert out["word"].tolist() == ["x", "y", "z"]


def test_stopwords_punctuation_numbers_and_extra_stoplist_are_excluded(corpus):
    documents, tokens = corpus
    counts = word_counts(tokens)
    assert "của" not in counts.index and "và" not in counts.index   # is_stop
    assert "." not in counts.index and "," not in counts.index
    numbers = tokens.assign(norm=tokens["norm"].where(tokens.position != 0, "98%"), is_stop=False)
    assert "98%" not in word_counts(numbers).index
    out = distinctive_words(tokens, documents, "Điện Biên", extra_stopwords=["vùng cao"])
    assert "vùng cao" not in set(out["word"])


def test_ties_are_broken_by_word():
    out = log_odds_dirichlet(pd.Series({"bản": 2, "anh": 2, "chung": 1}),
                             pd.Series({"chung": 1, "xã": 4}), alpha0=10)
    assert out["word"].tolist()[:2] == ["anh", "bản"]
    assert out.iloc[0]["z"] == out.iloc[1]["z"]


def test_tiny_and_empty_corpora():
    empty = log_odds_dirichlet(pd.Series(dtype=int), pd.Series({"xã": 1}))
    assert empty.empty and "z" in empty.columns
    one = log_odds_dirichlet(pd.Series({"xã": 1}), pd.Series({"phường": 1}), alpha0=1)
    assert one["z"].tolist()[0] == pytest.approx(-one["z"].tolist()[1])
    assert np.isfinite(one["z"]).all()
    with pytest.raises(ValueError):
        log_odds_dirichlet(pd.Series({"a": 1}), pd.Series({"b": 1}), alpha0=0)
    # one word type in both groups: the odds have no "other words", z is undefined, not infinite
    single = log_odds_dirichlet(pd.Series({"xã": 5}), pd.Series({"xã": 3}))
    assert len(single) == 1 and np.isnan(single["z"].iloc[0])


def test_group_a_against_group_b_and_overlap(corpus):
    documents, tokens = corpus
    docs = pd.concat([documents, pd.DataFrame([{"doc_id": "x", "province": "Lai Châu"}])])
    out = distinctive_words(tokens, docs, ["Điện Biên"], ["Cà Mau"], alpha0=50)
    assert out["group_b"].eq("Cà Mau").all()
    assert out.iloc[0]["word"] == "vùng cao"
    with pytest.raises(ValueError):
        distinctive_words(tokens, docs, ["Điện Biên"], ["Điện Biên", "Cà Mau"])
    # a group with no document yields an empty table rather than an error
    assert distinctive_words(tokens, docs, "Lai Châu").empty


def test_by_group_ranks(corpus):
    documents, tokens = corpus
    out = distinctive_words_by_group(tokens, documents, alpha0=50, top=3)
    # Điện Biên has two words that lean toward it ("vùng cao", "biên"); its third would be "nghị
    # quyết", which Cà Mau writes more often, so its list stops at two
    assert out.groupby("province")["rank"].apply(list).to_dict() == {"Cà Mau": [1, 2, 3], "Điện Biên": [1, 2]}
    assert out.set_index(["province", "rank"]).loc[("Cà Mau", 1), "word"] == "ngư dân"


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["xã", "bản", "thôn", "ấp", "tổ", "khu"]), st.integers(1, 30), min_size=1),
       st.dictionaries(st.sampled_from(["xã", "bản", "thôn", "ấp", "tổ", "khu"]), st.integers(1, 30), min_size=1),
       st.floats(0.5, 1000))
def test_property_swapping_groups_negates_z(a, b, alpha0):
    a, b = pd.Series(a), pd.Series(b)
    background = a.add(b, fill_value=0)
    ab = log_odds_dirichlet(a, b, background, alpha0).set_index("word")
    ba = log_odds_dirichlet(b, a, background, alpha0).set_index("word")
    np.testing.assert_allclose(ab["z"], -ba.loc[ab.index, "z"], atol=1e-9)
    # z is sorted descending
    assert (np.diff(ab["z"].to_numpy()) <= 1e-12).all()


def test_seed_articles(seed_corpus):
    """On the real seeds, no place name, Roman numeral or code fragment is a distinctive word."""
    from analysis.coding.stoplists import officialese_stoplist, stopwords
    from analysis.coding.tokens import tokenize

    province = {"000": "Lạng Sơn", "001": "Thanh Hóa", "002": "Bắc Ninh", "003": "An Giang", "004": "Lạng Sơn"}
    stop = stopwords() | officialese_stoplist()
    docs, rows = [], []
    for d in seed_corpus.documents:
        docs.append({"doc_id": d.doc_id, "province": province[d.path.split("/")[-1][:3]]})
        rows += [{"doc_id": d.doc_id, "norm": t.norm, "is_stop": (not t.is_word) or t.norm in stop}
                 for t in tokenize(d.text)]
    docs, tokens = pd.DataFrame(docs), pd.DataFrame(rows)
    thanh_hoa = distinctive_words(tokens, docs, "Thanh Hóa")
    bac_ninh = distinctive_words(tokens, docs, "Bắc Ninh")
    # place names, Roman numerals and code fragments say where and which document, not how a
    # province reports (issue: distinctive words were mostly such noise): never counted
    for table in (thanh_hoa, bac_ninh):
        words = set(table["word"])
        assert not words & {"thanh hóa", "mường lát", "bắc ninh", "lạng sơn", "xii", "xi", "tw", "nq"}
        assert not [w for w in words if any(ch.isdigit() for ch in w) or "/" in w]
    # what is left is substance: Bắc Ninh's list still leads with words of its article
    assert bac_ninh.iloc[0]["count_b"] == 0 or bac_ninh.iloc[0]["z"] > 0
    # stoplisted officialese never appears
    assert not set(thanh_hoa["word"]) & set(officialese_stoplist())


# Sentences written for these tests. Group A (Sơn La) has one distinctive word of substance,
# "vùng cao", and, only in A as well, names, furniture, numerals and fragments that would top the
# list if they were counted.
PLANTED_A = [
    "Thứ Sáu, 12/3/2021 09:00 SA (GMT+7)\nThưa các đồng chí, đồng chí Tòng Văn Khiêm, TUV, nói về vùng cao.",
    "Tổng Bí thư Tô Huy thăm vùng cao; đoàn dâng hương tưởng niệm Bác Hồ ở xã Nà Khoang bên sông Mã.",
    "Vùng trung du và miền núi phía Bắc có hai cửa khẩu sang Lào; ông Lường Văn Pọm nói vùng cao cần vốn.",
    "Ban Tuyên giáo Thành ủy và hai huyện học theo Bác; chúng ta thu hút ba triệu USD cho vùng cao.",
    "Anh hùng lao động ở vùng cao kể chuyện cấp tỉnh giúp các xã làm nông thôn mới.",
]
PLANTED_B = [
    "Tỉnh ủy Bạc Liêu học tập nghị quyết; ngư dân ra khơi.",
    "Các xã ven biển học tập nghị quyết trên tàu cá.",
    "Cấp tỉnh hướng dẫn ngư dân làm nông thôn mới ven biển.",
]
NAME_NOISE = {
    # places: a region written in lower case, a commune and a river after their place word, a country
    "trung", "du", "miền", "núi", "phía", "bắc", "nà", "khoang", "sông", "mã", "lào",
    # persons: full names after a surname (two syllables or more), the honorific, titles before names
    "tòng", "văn", "khiêm", "tô", "huy", "lường", "pọm", "bác", "hồ", "ông",
    # furniture, numerals, units, abbreviations, forms of address, a token cut across a name
    "thứ", "sáu", "thứ sáu", "sa", "gmt", "tuv", "hai", "ba", "triệu", "usd", "thưa", "chúng ta",
    "tuyên giáo thành", "ủy",
}


@pytest.fixture
def planted():
    docs = [{"doc_id": f"sl{i}", "province": "Sơn La", "text": t} for i, t in enumerate(PLANTED_A)]
    docs += [{"doc_id": f"bl{i}", "province": "Bạc Liêu", "text": t} for i, t in enumerate(PLANTED_B)]
    words = ("vùng cao", "nghị quyết", "học tập", "ngư dân", "Tuyên giáo Thành", "chúng ta", "dâng hương",
             "lao động", "nông thôn mới", "thu hút", "Anh hùng", "cửa khẩu", "Thứ Sáu", "Tỉnh ủy")
    documents, _, tokens = make_corpus(docs, multiword={d["doc_id"]: words for d in docs})
    return documents, tokens


def test_planted_distinctive_word_on_top_and_names_never_counted(planted):
    documents, tokens = planted
    # min_group_documents=1: this test is about which tokens count as words, and several of the
    # look-alikes below are written in one article only (the spread rule has its own test)
    out = distinctive_words(tokens, documents, "Sơn La", alpha0=50, min_group_documents=1)
    assert out.iloc[0]["word"] == "vùng cao" and out.iloc[0]["count_a"] == 5
    # place and person names, furniture, numerals and fragments are not counted at all
    assert not set(out["word"]) & NAME_NOISE
    # words of substance that look like them stay: "anh hùng" (not the country "Anh"), levels
    # ("cấp tỉnh", "các xã": no name after them), "nông thôn mới" (a surname only when a name)
    assert {"anh hùng", "tỉnh", "xã", "nông thôn mới", "cửa khẩu", "dâng hương"} <= set(out["word"])
    # the same table group by group
    by_group = distinctive_words_by_group(tokens, documents, alpha0=50, top=None)
    assert not set(by_group["word"]) & NAME_NOISE
    assert by_group.set_index(["province", "rank"]).loc[("Sơn La", 1), "word"] == "vùng cao"


def test_without_the_surface_only_word_level_noise_is_dropped(planted):
    """The names in running text need the tokens' case: without the ``token`` column only the
    word-level rules apply (and a capitalised name split into syllables is counted)."""
    documents, tokens = planted
    words = set(word_counts(tokens.drop(columns=["token"])).index)
    assert {"khoang", "pọm"} <= words                     # names: only found in context
    assert not words & {"usd", "hai", "tuv", "thưa", "thứ sáu"}   # word-level rules


def test_noise_token_mask_marks_names_in_context(planted):
    from analysis.compare.vocabulary import noise_token_mask

    _, tokens = planted
    marked = tokens.loc[noise_token_mask(tokens), "token"].tolist()
    doc1 = tokens[(tokens.doc_id == "sl1") & noise_token_mask(tokens)]["token"].tolist()
    assert doc1 == ["Tô", "Huy", "Bác", "Hồ", "xã", "Nà", "Khoang", "sông", "Mã"]
    assert "SA" in marked and "Lào" in marked and "Tuyên giáo Thành" in marked
    # "Tổng Bí thư" is a title of office, not a name; "Anh hùng" is not the country "Anh"
    assert "Tổng" not in marked and "Anh hùng" not in marked
    # the row order of the input does not matter
    shuffled = tokens.sample(frac=1, random_state=3)
    assert (noise_token_mask(shuffled) == noise_token_mask(tokens)[shuffled.index.to_numpy()]).all()


def test_by_group_equals_one_group_against_the_rest(planted, corpus):
    for documents, tokens in (planted, corpus):
        by_group = distinctive_words_by_group(tokens, documents, alpha0=50, top=None)
        for group, part in by_group.groupby("province"):
            one = distinctive_words(tokens, documents, group, alpha0=50)
            one = one[one["z"] > 0]   # the by-group table lists the words toward each group only
            assert part["word"].tolist() == one["word"].tolist()
            np.testing.assert_allclose(part["z"].to_numpy(float), one["z"].to_numpy(float))
            assert part[["count_a", "count_b"]].to_numpy().tolist() == one[["count_a", "count_b"]].to_numpy().tolist()


def test_the_last_word_of_an_excerpt_cut_off_is_not_counted():
    from analysis.compare.vocabulary import noise_token_mask
    docs = [{"doc_id": "cut", "province": "Sơn La", "text": "Huyện ủy tổ chức hội nghị quán triệt nghị quyết, các chi bộ tro"},
            {"doc_id": "whole", "province": "Sơn La", "text": "Huyện ủy tổ chức hội nghị quán triệt nghị quyết tại hội trường."}]
    _, _, tokens = make_corpus(docs)
    marked = tokens.loc[noise_token_mask(tokens), ["doc_id", "token"]].values.tolist()
    assert marked == [["cut", "tro"]]   # a document ending on its full stop keeps "trường"
    assert "tro" not in word_counts(tokens).index and "trường" in word_counts(tokens).index


def test_a_word_of_one_article_is_not_distinctive_of_its_province():
    """Burstiness: one article repeating a word is its topic, not its province's language."""
    documents = pd.DataFrame({"doc_id": ["a1", "a2", "a3", "b1", "b2", "b3"],
                              "province": ["Sơn La"] * 3 + ["Cà Mau"] * 3})
    texts = {"a1": "giải nhất|giải nhì|giải ba|giải khuyến khích|giải nhất|vùng cao|nghị quyết",
             "a2": "vùng cao|nghị quyết|học tập", "a3": "vùng cao|nghị quyết|quán triệt",
             "b1": "ngư dân|nghị quyết|học tập", "b2": "ngư dân|nghị quyết", "b3": "nghị quyết|quán triệt"}
    rows = [{"doc_id": d, "position": i, "norm": w, "is_stop": False}
            for d, text in texts.items() for i, w in enumerate(text.split("|"))]
    tokens = pd.DataFrame(rows)
    out = distinctive_words(tokens, documents, "Sơn La", alpha0=10)
    listed = out.set_index("word")
    # "giải nhất"... repeated in one article only: scored, but not listed; "vùng cao" (3 articles) is
    assert out.iloc[0]["word"] == "vùng cao" and listed.loc["vùng cao", "docs_a"] == 3
    assert not {w for w in listed.index if w.startswith("giải")}
    # the other side's words are judged by the other side's documents: "ngư dân" in 2 of Cà Mau's
    assert listed.loc["ngư dân", "docs_b"] == 2 and listed.loc["ngư dân", "z"] < 0
    # turned off, the one-article words come back, with their count of documents
    everything = distinctive_words(tokens, documents, "Sơn La", alpha0=10, min_group_documents=1)
    assert everything.set_index("word").loc["giải nhất", "docs_a"] == 1
    # the by-group table applies the same rule
    by_group = distinctive_words_by_group(tokens, documents, alpha0=10, top=None)
    son_la = by_group[by_group["province"] == "Sơn La"]
    assert son_la.iloc[0]["word"] == "vùng cao" and not son_la["word"].str.startswith("giải").any()


def test_a_compound_the_segmenter_split_is_counted_as_one_word():
    # the fixture tokenizer splits every syllable, as underthesea sometimes splits "nâng cao"
    a = ["Huyện ủy nâng cao chất lượng sinh hoạt chi bộ, nâng cao năng lực lãnh đạo.",
         "Các chi bộ nâng cao tinh thần tự phê bình; đảng viên dự cuộc thi tìm hiểu.",
         "Đảng bộ xã nâng cao ý thức kỷ luật, nâng cao chất lượng và dự cuộc họp định kỳ."]
    b = ["Tỉnh tổ chức hội nghị sơ kết; các xã dự cuộc thi viết.",
         "Huyện đoàn tổ chức cuộc sống mới cho thanh niên; cuộc vận động được hưởng ứng.",
         "Hội nghị đánh giá cuộc thi và trao giải."]
    docs = [{"doc_id": f"a{i}", "province": "Lạng Sơn", "text": t} for i, t in enumerate(a)]
    docs += [{"doc_id": f"b{i}", "province": "Cà Mau", "text": t} for i, t in enumerate(b)]
    documents, _, tokens = make_corpus(docs)
    out = distinctive_words(tokens, documents, "Lạng Sơn")
    words = set(out["word"])
    # "nâng" is followed by "cao" every time (5 of 5): one word, never the fragment
    assert "nâng cao" in words and "nâng" not in words
    assert out.set_index("word").loc["nâng cao", "count_a"] == 5
    # "cuộc" stands before "thi", "họp", "sống", "vận": no single partner, it stays a word of its own
    assert "cuộc" in words and not any(w.startswith("cuộc ") for w in words)


def test_an_ordinal_is_neither_a_word_nor_half_of_a_compound():
    # "thứ" before a number is part of an ordinal; "họp" always before "thứ" is no compound "họp thứ"
    texts = ["Kỳ họp thứ 8 của Hội đồng thông qua nghị quyết; kỳ họp thứ 9 bàn kế hoạch.",
             "Tại kỳ họp thứ 10, đại biểu chất vấn; kỳ họp thứ 11 giám sát.",
             "Kỳ họp thứ 12 bế mạc sau khi kỳ họp thứ XIII chuẩn bị."]
    docs = [{"doc_id": f"a{i}", "province": "Kon Tum", "text": t} for i, t in enumerate(texts)]
    docs += [{"doc_id": "b0", "province": "Cà Mau", "text": "Hội nghị tổng kết công tác tuyên giáo năm 2024."},
             {"doc_id": "b1", "province": "Cà Mau", "text": "Các chi bộ sinh hoạt chuyên đề hằng tháng."}]
    documents, _, tokens = make_corpus(docs)
    words = set(distinctive_words(tokens, documents, "Kon Tum")["word"])
    assert "thứ" not in words and "họp thứ" not in words
    assert "kỳ họp" in words  # "kỳ" always before "họp": the session, one word


def test_by_group_lists_only_words_that_lean_toward_the_group():
    """A province that writes few counted words gets a short list, not a tail of words it uses
    less than the rest or never (the list once ran on with count 0 and z < 0)."""
    documents = pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2", "b3"],
                              "province": ["Sơn La"] * 2 + ["Cà Mau"] * 3})
    texts = {"a1": "vùng cao|nghị quyết", "a2": "vùng cao|học tập",
             "b1": "ngư dân|nghị quyết|học tập|quán triệt", "b2": "ngư dân|nghị quyết|quán triệt",
             "b3": "biển đảo|nghị quyết|quán triệt"}
    rows = [{"doc_id": d, "position": i, "norm": w, "is_stop": False}
            for d, text in texts.items() for i, w in enumerate(text.split("|"))]
    tokens = pd.DataFrame(rows)
    by_group = distinctive_words_by_group(tokens, documents, alpha0=10, top=8)
    son_la = by_group[by_group["province"] == "Sơn La"]
    assert son_la["word"].tolist() == ["vùng cao"]
    assert (by_group["z"] > 0).all() and (by_group["count_a"] > 0).all()
    assert by_group[by_group["province"] == "Cà Mau"]["word"].tolist()[:2] == ["quán triệt", "ngư dân"]
