"""Shared passages, formulaic share, widespread formulas and near-duplicate documents."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.compare import (documents_without_duplicates, formulaic_share, match_sequences,
                              near_duplicates, shared_passages, widespread_formulas)
from analysis.read.normalize import fold
from compare_fixtures import make_corpus

PASSAGE = "tạo sự thống nhất cao trong Đảng, đồng thuận trong Nhân dân về mục tiêu phát triển"
PASSAGE_C = "Tạo sự thống nhất cao trong Đảng; đồng thuận trong Nhân dân về mục tiêu phát triển"

TEXT_A = ("Ban Thường vụ Tỉnh ủy Hà Tĩnh yêu cầu các cấp ủy quán triệt nghị quyết nhằm "
          + PASSAGE + " kinh tế biển của tỉnh. Hội nghị diễn ra theo hình thức trực tuyến.")
TEXT_B = ("Phát biểu chỉ đạo, đồng chí Bí thư Tỉnh ủy Kon Tum nhấn mạnh việc học tập phải "
          + PASSAGE + " bền vững vùng đồng bào dân tộc thiểu số.")
TEXT_C = ("Đảng ủy Khối Các cơ quan tỉnh Quảng Bình tổ chức hội nghị báo cáo viên tháng 5. "
          + PASSAGE_C + ", bảo đảm quốc phòng, an ninh.")


def words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"[^\W_]+", text)]


@pytest.fixture
def three():
    docs, _, tokens = make_corpus([
        {"doc_id": "ht1", "province": "Hà Tĩnh", "text": TEXT_A},
        {"doc_id": "kt1", "province": "Kon Tum", "text": TEXT_B},
        {"doc_id": "qb1", "province": "Quảng Bình", "text": TEXT_C},
    ], multiword={"ht1": ("thống nhất", "đồng thuận", "phát triển", "nhân dân"),
                  "kt1": ("thống nhất cao", "mục tiêu")})   # segmented differently on purpose
    return docs, tokens


def test_passage_planted_in_three_documents_found_with_exact_offsets(three):
    docs, tokens = three
    out = shared_passages(tokens, docs)
    where = {"ht1": (TEXT_A.index(PASSAGE), TEXT_A.index(PASSAGE) + len(PASSAGE)),
             "kt1": (TEXT_B.index(PASSAGE), TEXT_B.index(PASSAGE) + len(PASSAGE)),
             "qb1": (TEXT_C.index(PASSAGE_C), TEXT_C.index(PASSAGE_C) + len(PASSAGE_C))}
    assert list(zip(out.doc_a, out.doc_b)) == [("ht1", "kt1"), ("ht1", "qb1"), ("kt1", "qb1")]
    for row in out.itertuples():
        assert (row.start_a, row.end_a) == where[row.doc_a]
        assert (row.start_b, row.end_b) == where[row.doc_b]
        assert row.n_tokens == len(words(PASSAGE)) == 17
    assert out.iloc[0]["text"] == PASSAGE
    text = dict(zip(docs.doc_id, docs.text))
    for row in out.itertuples():
        assert words(text[row.doc_a][row.start_a:row.end_a]) == words(text[row.doc_b][row.start_b:row.end_b])


def test_token_mode_depends_on_segmentation(three):
    docs, tokens = three
    # with whole tokens, differently segmented copies match only where segmentation agrees
    out = shared_passages(tokens, docs, match_on="token")
    pair = out[(out.doc_a == "kt1") & (out.doc_b == "qb1")]
    assert pair.n_tokens.max() < 16


def test_units_split_multiword_tokens(three):
    _, tokens = three
    units = match_sequences(tokens)
    assert units["ht1"].norms == words(TEXT_A)
    start = TEXT_A.index("thống nhất")
    i = units["ht1"].norms.index("nhất")
    assert (units["ht1"].starts[i], units["ht1"].ends[i]) == (start + 6, start + 10)


UBIQUITOUS = ("học tập, quán triệt và triển khai thực hiện Nghị quyết Đại hội đại biểu toàn quốc "
              "lần thứ XIII của Đảng")


def test_frequent_shingles_skipped_for_pairs_but_bridged_and_counted():
    x = "Ban Thường vụ Huyện ủy Mường Lát chỉ đạo các chi bộ bản"
    y = "gắn với nhiệm vụ bảo vệ chủ quyền biên giới quốc gia"
    docs = [
        {"doc_id": "a", "province": "Thanh Hóa", "text": f"Năm 2021, {x} {UBIQUITOUS} {y}."},
        {"doc_id": "b", "province": "Điện Biên", "text": f"Trong quý I, {x} {UBIQUITOUS} {y} trên địa bàn."},
    ] + [
        {"doc_id": f"z{i}", "province": p, "text": f"Các đảng bộ {w} đã {UBIQUITOUS} trong tháng {i + 2}."}
        for i, (p, w) in enumerate([("Sơn La", "huyện Mộc Châu"), ("Lai Châu", "thành phố"),
                                    ("Yên Bái", "khối doanh nghiệp"), ("Lào Cai", "xã Y Tý")])
    ]
    documents, _, tokens = make_corpus(docs)
    out = shared_passages(tokens, documents, max_documents=3)
    # pairs are proposed only by shingles in at most 3 documents: only a-b, which share x and y
    assert list(zip(out.doc_a, out.doc_b)) == [("a", "b")]
    passage = f"{x} {UBIQUITOUS} {y}"
    text_a = docs[0]["text"]
    row = out.iloc[0]
    # one maximal passage runs through the ubiquitous formula instead of stopping at it
    assert (row.start_a, row.end_a) == (text_a.index(passage), text_a.index(passage) + len(passage))
    assert row.n_tokens == len(words(passage))
    everything = shared_passages(tokens, documents, max_documents=50)
    assert ("z0", "z1") in set(zip(everything.doc_a, everything.doc_b))
    # the ubiquitous formula still counts as formulaic for a z document
    share = formulaic_share(tokens, documents).set_index("doc_id")
    # z0 shares "đã <formula> trong tháng" with the other z documents (other provinces)
    assert share.loc["z0", "n_tokens_formulaic"] == len(words(f"đã {UBIQUITOUS} trong tháng")) == 25


D1 = "Đảng ủy xã tổ chức học tập nghị quyết cho toàn thể đảng viên trong chi bộ."
D2 = "Huyện ủy yêu cầu tổ chức học tập nghị quyết cho toàn thể đảng viên đúng kế hoạch."
D3 = "Đảng ủy xã tổ chức học tập chuyên đề năm 2024."


@pytest.fixture
def four():
    documents, _, tokens = make_corpus([
        {"doc_id": "d1", "province": "Hải Dương", "text": D1},
        {"doc_id": "d2", "province": "Hải Phòng", "text": D2},
        {"doc_id": "d3", "province": "Hải Dương", "text": D3},
        {"doc_id": "d4", "province": None, "province_2025": None, "text": D2},
    ], multiword={"d1": ("học tập", "nghị quyết", "đảng viên")})
    return documents, tokens


def test_formulaic_share_counts_only_other_provinces(four):
    documents, tokens = four
    out = formulaic_share(tokens, documents).set_index("doc_id")
    # d1: 17 syllables; "tổ chức ... đảng viên" (11) shared with d2 (another province);
    # "đảng ủy xã tổ chức học tập" shared only with d3 (same province)
    assert out.loc["d1", ["n_tokens", "n_tokens_formulaic", "n_tokens_shared"]].tolist() == [17, 11, 14]
    assert out.loc["d1", "formulaic_share"] == pytest.approx(11 / 17)
    assert out.loc["d1", "shared_share"] == pytest.approx(14 / 17)
    # d2 is copied whole by d4, whose province is unknown: that copy is not "another province";
    # "Huyện ủy" names the body that decided (a citation): 18 syllables, 16 of them its own words
    assert out.loc["d2", ["n_tokens", "n_tokens_cited"]].tolist() == [16, 2]
    assert out.loc["d2", "formulaic_share"] == pytest.approx(11 / 16)
    assert out.loc["d2", "shared_share"] == 1.0
    # d3 shares only with its own province; "2024" is a unit, punctuation is not
    assert out.loc["d3", ["n_tokens", "n_tokens_formulaic", "n_tokens_shared"]].tolist() == [11, 0, 7]
    assert np.isnan(out.loc["d4", "formulaic_share"]) and out.loc["d4", "shared_share"] == 1.0


def test_formulaic_share_is_unit_aware(four):
    documents, tokens = four
    # Hải Dương joined Hải Phòng on 1 July 2025: d1 and d2 are then the same province
    out = formulaic_share(tokens, documents, grouping="province_2025").set_index("doc_id")
    assert out.loc["d1", "province_2025"] == "Hải Phòng"
    assert out.loc["d1", "n_tokens_formulaic"] == 0 and out.loc["d2", "n_tokens_formulaic"] == 0


FORMULA = "đưa nghị quyết vào cuộc sống"
LONG = "nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng"


def test_widespread_formulas():
    docs = [
        {"doc_id": "n1", "province": "Nam Định", "text": f"Các chi bộ quyết tâm {FORMULA}. Tỉnh ủy chỉ đạo {LONG} ở vùng giáo."},
        {"doc_id": "n2", "province": "Nam Định", "text": f"Hội nghị nhằm sớm {FORMULA}, tạo chuyển biến rõ nét."},
        {"doc_id": "t1", "province": "Thái Bình", "text": f"Để {FORMULA} cần phát huy vai trò người đứng đầu. Mục tiêu {LONG} nông thôn."},
        {"doc_id": "p1", "province": "Phú Thọ", "text": f"Huyện ủy Thanh Sơn phấn đấu {FORMULA} trong năm nay. Giải pháp {LONG} miền núi."},
        {"doc_id": "q1", "province": "Phú Thọ", "text": "Huyện ủy Thanh Sơn tổ chức sơ kết công tác dân vận."},
    ]
    documents, _, tokens = make_corpus(docs)
    out = widespread_formulas(tokens, documents)
    assert out.iloc[0]["formula"] == FORMULA
    assert out.iloc[0][["n_documents", "n_groups"]].tolist() == [4, 3]
    assert out.iloc[0]["groups"] == "Nam Định; Phú Thọ; Thái Bình"
    long_rows = out[out.formula.str.contains("năng lực")]
    assert long_rows["formula"].tolist() == [LONG]          # one row, not a dozen 6-grams
    assert long_rows.iloc[0][["n_documents", "n_groups", "n_tokens"]].tolist() == [3, 3, len(words(LONG))] == [3, 3, 16]
    first = out.iloc[0]
    text = docs[0]["text"]
    assert (first.example_doc_id, first.example_start, first.example_end) == ("n1", text.index(FORMULA), text.index(FORMULA) + len(FORMULA))
    # "huyện ủy thanh sơn" is shared by two Phú Thọ documents only: not widespread across provinces
    assert not out.formula.str.contains("thanh sơn").any()
    assert widespread_formulas(tokens, documents, min_groups=4).empty


ORIGINAL = (
    "Sáng 12-3, Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị trực tuyến học tập, quán triệt, "
    "triển khai thực hiện Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII "
    "đến hơn 1.200 điểm cầu cấp huyện và cấp xã. Đồng chí Bí thư Tỉnh ủy yêu cầu các cấp ủy, tổ "
    "chức đảng xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành; "
    "gắn việc học tập nghị quyết với thực hiện nhiệm vụ chính trị của địa phương, đơn vị. Sau hội "
    "nghị, cán bộ, đảng viên viết bài thu hoạch, liên hệ với trách nhiệm của bản thân. Ban Tuyên "
    "giáo Tỉnh ủy có trách nhiệm theo dõi, đôn đốc, tổng hợp kết quả, báo cáo Ban Thường vụ Tỉnh "
    "ủy trước ngày 30-4."
)
COPY = (ORIGINAL.replace("Sáng 12-3", "Ngày 12-3").replace("hơn 1.200", "trên 1.200")
        .replace("tổng hợp kết quả", "tổng hợp tình hình"))
OTHER = (
    "Chiều 14-3, Tỉnh ủy Hà Tĩnh tổ chức hội nghị học tập, quán triệt Nghị quyết Hội nghị lần thứ "
    "tám Ban Chấp hành Trung ương Đảng khóa XIII. Hội nghị được kết nối đến 300 điểm cầu. Các "
    "huyện ủy, thành ủy, thị ủy hoàn thành việc học tập trước ngày 15-4 và báo cáo kết quả về Ban "
    "Tuyên giáo Tỉnh ủy."
)


def test_near_duplicate_syndicated_copy_with_small_edits():
    documents, _, tokens = make_corpus([
        {"doc_id": "baona", "province": "Nghệ An", "published": "2024-03-12", "text": ORIGINAL},
        {"doc_id": "agg", "province": None, "published": "2024-03-13", "text": COPY},
        {"doc_id": "baoht", "province": "Hà Tĩnh", "published": "2024-03-14", "text": OTHER},
        {"doc_id": "mirror", "province": "Nghệ An", "published": None, "text": ORIGINAL},
    ])
    out = near_duplicates(tokens, documents)
    pairs = {(r.doc_a, r.doc_b): r for r in out.itertuples()}
    assert set(pairs) == {("agg", "baona"), ("agg", "mirror"), ("baona", "mirror")}
    copy = pairs[("agg", "baona")]
    assert 0.8 <= copy.jaccard < 1 and copy.kind == "near"
    assert (copy.keep, copy.drop) == ("baona", "agg")        # the earlier publication is canonical
    exact = pairs[("baona", "mirror")]
    assert exact.jaccard == 1.0 and exact.kind == "exact" and exact.drop == "mirror"
    # the Hà Tĩnh report of the same plenum shares formulas but is not a copy
    assert not out.doc_a.eq("baoht").any() and not out.doc_b.eq("baoht").any()
    kept = documents_without_duplicates(documents.assign(duplicate_of=None), out)
    assert kept.doc_id.tolist() == ["baoht", "baona"]
    # the lead's file-level duplicates are dropped too
    marked = documents.assign(duplicate_of=[None, None, "baona", None])
    assert documents_without_duplicates(marked).doc_id.tolist() == ["agg", "baona", "mirror"]


SYLLABLES = ["đảng", "ủy", "xã", "học", "tập", "nghị", "quyết", "cán", "bộ", "dân"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(SYLLABLES), st.sampled_from(["", "", "", ",", "."])),
                         min_size=3, max_size=40), min_size=2, max_size=4),
       st.integers(2, 5))
def test_property_passages_match_and_are_maximal(doc_specs, n):
    docs = [{"doc_id": f"d{i}", "province": "Nam Định",
             "text": " ".join(w + p for w, p in spec)} for i, spec in enumerate(doc_specs)]
    documents, _, tokens = make_corpus(docs)
    units = match_sequences(tokens)
    text = dict(zip(documents.doc_id, documents.text))
    out = shared_passages(tokens, documents, n=n)
    for row in out.itertuples():
        a, b = words(text[row.doc_a][row.start_a:row.end_a]), words(text[row.doc_b][row.start_b:row.end_b])
        assert a == b and len(a) == row.n_tokens >= n
        ua, ub = units[row.doc_a], units[row.doc_b]
        ia, ib = int(np.searchsorted(ua.starts, row.start_a)), int(np.searchsorted(ub.starts, row.start_b))
        ja, jb = ia + row.n_tokens, ib + row.n_tokens
        # maximal: the units just before and just after differ (or a document ends)
        assert ia == 0 or ib == 0 or ua.norms[ia - 1] != ub.norms[ib - 1]
        assert ja == len(ua.norms) or jb == len(ub.norms) or ua.norms[ja] != ub.norms[jb]


def _maximal_runs(ua: list[str], ub: list[str], n: int) -> set[tuple[int, int, int]]:
    """Brute force: every maximal common run of length >= n, as (start_a, start_b, length)."""
    runs = set()
    for i in range(len(ua)):
        for j in range(len(ub)):
            if i and j and ua[i - 1] == ub[j - 1]:
                continue  # not the left end of a run
            length = 0
            while i + length < len(ua) and j + length < len(ub) and ua[i + length] == ub[j + length]:
                length += 1
            if length >= n:
                runs.add((i, j, length))
    return runs


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(SYLLABLES[:4]), st.sampled_from(["", "", ","])),
                         min_size=3, max_size=40), min_size=2, max_size=3),
       st.integers(2, 5))
def test_property_passages_equal_brute_force_maximal_matches(doc_specs, n):
    """With no document-frequency cut, the passages are exactly the maximal common runs."""
    docs = [{"doc_id": f"d{i}", "province": "Thái Bình", "text": " ".join(w + p for w, p in spec)}
            for i, spec in enumerate(doc_specs)]
    documents, _, tokens = make_corpus(docs)
    units = match_sequences(tokens)
    out = shared_passages(tokens, documents, n=n, max_documents=100)
    ids = sorted(units)
    for x, a in enumerate(ids):
        for b in ids[x + 1:]:
            rows = out[(out.doc_a == a) & (out.doc_b == b)]
            found = {(int(np.searchsorted(units[a].starts, r.start_a)),
                      int(np.searchsorted(units[b].starts, r.start_b)), r.n_tokens) for r in rows.itertuples()}
            assert found == _maximal_runs(units[a].norms, units[b].norms, n)


def test_seed_articles_share_the_lang_son_congress_formula(seed_corpus):
    """Seeds 000 and 004 (both Lạng Sơn) repeat one long formula; read off the texts by hand."""
    from analysis.coding.tokens import tokenize

    province = {"000": "Lạng Sơn", "001": "Thanh Hóa", "002": "Bắc Ninh", "003": "An Giang", "004": "Lạng Sơn"}
    docs, rows = [], []
    for d in seed_corpus.documents:
        stem = Path(d.path).name[:3]
        docs.append({"doc_id": stem, "province": province[stem], "text": d.text})
        rows += [{"doc_id": stem, "position": i, "start": t.start, "end": t.end, "token": t.text,
                  "norm": t.norm, "is_stop": False} for i, t in enumerate(tokenize(d.text))]
    documents, tokens = pd.DataFrame(docs), pd.DataFrame(rows)
    formula = "thực hiện Nghị quyết Đại hội XI của Đảng, Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV"
    text = dict(zip(documents.doc_id, documents.text))
    out = shared_passages(tokens, documents)
    found = out[(out.doc_a == "000") & (out.doc_b == "004") & (out.n_tokens == len(words(formula)))]
    in_000 = sorted((m.start(), m.start() + len(formula)) for m in re.finditer(re.escape(formula), text["000"]))
    at_004 = text["004"].index(formula)
    assert len(in_000) >= 2   # "triển khai thực hiện ..." and "cụ thể hóa thực hiện ..."
    assert sorted(zip(found.start_a, found.end_a)) == in_000
    assert set(zip(found.start_b, found.end_b)) == {(at_004, at_004 + len(formula))}
    # the same province: it is shared, but not formulaic across provinces
    share = formulaic_share(tokens, documents).set_index("doc_id")
    assert share.loc["004", "n_tokens_shared"] > share.loc["004", "n_tokens_formulaic"]


# Sentences written for these tests: three provinces cite one central resolution with its title and
# quote a slogan; they also share a phrase of their own.
CITED = "Nghị quyết số 99-NQ/TW ngày 2/3/2023 của Bộ Chính trị"
TITLE = "về tăng cường công tác phòng chống thiên tai ở vùng ven biển"
SLOGAN = "“Mỗi chi bộ một công trình chào mừng ngày hội lớn”"
OWN = "cử cán bộ xuống tận từng tổ dân phố nắm tình hình"


def test_widespread_formulas_leave_out_citations_titles_and_quotations():
    texts = {
        "a1": ("Nam Định", f"Tỉnh ủy học tập {CITED} {TITLE}; phát động phong trào {SLOGAN}. Huyện ủy {OWN} hằng tuần."),
        "b1": ("Thái Bình", f"Các huyện quán triệt {CITED} {TITLE}. Hưởng ứng {SLOGAN}, thành ủy {OWN} mỗi tháng."),
        "c1": ("Hà Nam", f"Đảng ủy khối triển khai {CITED} {TITLE}; đoàn viên thi đua {SLOGAN}. Xã {OWN} thường xuyên."),
    }
    docs = [{"doc_id": d, "province": p, "text": t} for d, (p, t) in texts.items()]
    documents, _, tokens = make_corpus(docs)
    references = pd.DataFrame([{"doc_id": d, "start": t.index(CITED), "end": t.index(CITED) + len(CITED)}
                               for d, (_, t) in texts.items()])
    out = widespread_formulas(tokens, documents, references=references, top=None)
    assert out.iloc[0]["formula"] == " ".join(words(OWN)) and out.iloc[0]["n_groups"] == 3
    for row in out.itertuples():   # no formula runs through a citation, its title or a quotation
        text = texts[row.example_doc_id][1]
        cited = [(text.index(CITED), text.index(TITLE) + len(TITLE)),
                 (text.index(SLOGAN), text.index(SLOGAN) + len(SLOGAN))]
        assert not any(a < row.example_end and row.example_start < b for a, b in cited), row.formula
    # counted with them, the citation, its title and the slogan would be the widest formulas
    everything = widespread_formulas(tokens, documents, references=references, top=None, exclude_citations=False)
    assert any("thiên tai" in f for f in everything["formula"])
    assert any("chào mừng ngày hội lớn" in f for f in everything["formula"])
    assert len(everything) > len(out)


def test_widespread_formula_rows_have_their_shingles_documents_and_groups():
    """A phrase may be cut out of one document only (B below: its two shingles are adjacent
    there, apart in A); its documents are those of its shingles, so it still has two groups."""
    texts = {
        "a1": ("Nam Định", "Chi bộ quyết tâm đưa nghị quyết vào lúc này. Đoàn viên tâm đưa nghị quyết vào cuộc thi."),
        "b1": ("Thái Bình", "Đảng ủy xã quyết tâm đưa nghị quyết vào cuộc họp."),
    }
    docs = [{"doc_id": d, "province": p, "text": t} for d, (p, t) in texts.items()]
    documents, _, tokens = make_corpus(docs)
    out = widespread_formulas(tokens, documents, top=None)
    assert "quyết tâm đưa nghị quyết vào cuộc" in out["formula"].tolist()
    assert (out["n_groups"] >= 2).all() and (out["n_documents"] >= 2).all()
    row = out.set_index("formula").loc["quyết tâm đưa nghị quyết vào cuộc"]
    assert (row["n_documents"], row["n_groups"], row["example_doc_id"]) == (2, 2, "b1")


def test_memoised_steps_follow_the_content_of_their_inputs_never_a_stale_copy():
    from analysis.compare import widespread_formulas
    from analysis.compare.formulas import _MEMO

    def toks(d, text):
        return [{"doc_id": d, "position": i, "start": 0, "end": 0, "norm": w} for i, w in enumerate(text.split())]

    docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Nam Định", "Thái Bình"]})
    tokens = pd.DataFrame(toks("a", "quyết tâm đưa nghị quyết vào cuộc sống") + toks("b", "sớm đưa nghị quyết vào cuộc sống"))
    first = widespread_formulas(tokens, docs)["formula"].tolist()
    assert first == ["đưa nghị quyết vào cuộc sống"]
    assert widespread_formulas(tokens, docs)["formula"].tolist() == first  # served from the memo
    assert any(key[0] == "phrases" for key in _MEMO)
    # the same frame edited in place: a different content, so computed afresh
    tokens.loc[tokens["norm"] == "sống", "norm"] = "mới"
    assert widespread_formulas(tokens, docs)["formula"].tolist() == ["đưa nghị quyết vào cuộc mới"]
    # another grouping of the same documents is another question
    docs["province"] = ["Nam Định", "Nam Định"]
    assert widespread_formulas(tokens, docs).empty
    # formulaic_share after widespread_formulas agrees with a fresh computation
    _MEMO.clear()
    fresh = formulaic_share(tokens, docs)
    assert formulaic_share(tokens, docs).equals(fresh)
