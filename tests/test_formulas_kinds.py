"""Formulas are the province's own officialese: one row per maximal phrase, names and titles left
out, news-reporting boilerplate of its own kind (planted answers, sentences written for these tests)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.compare import distinctive_words, formulaic_share, widespread_formulas
from analysis.compare.formulas import citation_spans, formula_kind
from analysis.compare.names import institution_spans, title_spans
from analysis.read.normalize import fold
from compare_fixtures import make_corpus

# the officialese formula, between words of each article's own; one Nam Định article writes only its
# first part
FORMULA = "nâng cao chất lượng sinh hoạt chi bộ gắn với nhiệm vụ chính trị của từng địa phương"
FIRST_PART = "nâng cao chất lượng sinh hoạt chi bộ gắn với"
# a catalogue title written without its number (Directive 05-CT/TW's subject)
TITLE = "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
# the province's own congress resolution and a body: names, not formulas
OWN_DOCUMENT = "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025"
BODY = "Ban Thường vụ Tỉnh ủy"
# news-reporting boilerplate
FRAME = "các đại biểu dự hội nghị tại điểm cầu"

FILLERS = {
    "nd1": ("Nam Định", "sáng thứ hai mưa nhỏ", "cán bộ xã Hải Hậu góp ý"),
    "nd2": ("Nam Định", "vụ lúa mùa bội thu", "người dân ven sông phấn khởi"),
    "tb1": ("Thái Bình", "chiều muộn trời hửng nắng", "bà con làng nghề đan cói"),
    "hn1": ("Hà Nam", "đầu tuần gió mùa về", "thanh niên tình nguyện dọn kênh"),
}


def words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"[^\W_]+", text)]


def _corpus():
    docs = []
    for d, (province, a, b) in FILLERS.items():
        formula = FIRST_PART if d == "nd2" else FORMULA
        text = (f"{BODY} tổ chức hội nghị vào {a}. {FRAME} nghe quán triệt {OWN_DOCUMENT}. "
                f"{a.capitalize()}, {formula}; {b}. Đảng viên thi đua {TITLE} trong năm.")
        docs.append({"doc_id": d, "province": province, "text": text})
    documents, _, tokens = make_corpus(docs)
    return docs, documents, tokens


@pytest.fixture(scope="module")
def corpus():
    return _corpus()


def test_the_planted_formula_is_one_maximal_row_with_its_own_documents(corpus):
    docs, documents, tokens = corpus
    out = widespread_formulas(tokens, documents, top=None)
    rows = out[out["formula"].str.contains("sinh hoạt chi bộ")]
    # one row, the whole phrase: not "nâng cao ... gắn với" and "... địa phương" as overlapping pieces
    assert rows["formula"].tolist() == [" ".join(words(FORMULA))]
    row = rows.iloc[0]
    assert row["kind"] == "formula"
    # the documents holding the whole phrase (nd2 writes only its first part, in a province that has it)
    assert (row["n_documents"], row["n_groups"], row["groups"]) == (3, 3, "Hà Nam; Nam Định; Thái Bình")
    assert (row["n_documents_any"], row["n_merged"]) == (4, 1)
    text = {d["doc_id"]: d["text"] for d in docs}["hn1"]   # the first document by doc_id
    assert (row["example_doc_id"], row["example_start"], row["example_end"]) == (
        "hn1", text.index(FORMULA), text.index(FORMULA) + len(FORMULA))


def test_titles_and_institution_names_are_no_formula_of_any_kind(corpus):
    _, documents, tokens = corpus
    out = widespread_formulas(tokens, documents, top=None)
    listed = " | ".join(out["formula"])
    for name in (TITLE, OWN_DOCUMENT, BODY):
        assert " ".join(words(name)[:4]) not in listed, name
    assert "phong cách" not in listed and "đại hội đảng bộ" not in listed and "thường vụ" not in listed
    # without the exclusion they are the widest phrases of all
    raw = widespread_formulas(tokens, documents, top=None, exclude_citations=False)
    raw_listed = " | ".join(raw["formula"])
    assert "phong cách hồ chí minh" in raw_listed and "đại hội đảng bộ tỉnh" in raw_listed


def test_reporting_frame_has_its_own_kind_and_is_not_formulaic(corpus):
    _, documents, tokens = corpus
    out = widespread_formulas(tokens, documents, top=None)
    frame = out[out["formula"].str.contains("điểm cầu")]
    assert len(frame) == 1 and frame.iloc[0]["kind"] == "reporting"
    assert frame.iloc[0]["n_groups"] == 3
    only = widespread_formulas(tokens, documents, top=None, kinds="formula")
    assert set(only["kind"]) == {"formula"} and not only["formula"].str.contains("điểm cầu").any()
    with pytest.raises(ValueError):
        widespread_formulas(tokens, documents, kinds=["officialese"])
    # the formulaic share counts the formula's syllables and nothing of the frame or the names
    share = formulaic_share(tokens, documents).set_index("doc_id")
    assert share.loc["tb1", "n_tokens_formulaic"] == len(words(FORMULA)) == 18
    assert share.loc["nd2", "n_tokens_formulaic"] == len(words(FIRST_PART))
    cited = len(words(TITLE)) + len(words(OWN_DOCUMENT)) + len(words(BODY))
    assert share.loc["tb1", "n_tokens_cited"] == cited


def test_a_shorter_formula_of_more_provinces_is_not_swallowed():
    short = "đưa nghị quyết vào cuộc sống"
    texts = {"a": ("Nam Định", f"Chi bộ quyết tâm {short} ngay."), "b": ("Thái Bình", f"Huyện đoàn quyết tâm {short} sớm."),
             "c": ("Hà Nam", f"Phải {short} bằng việc làm."), "d": ("Ninh Bình", f"Cần {short} thiết thực.")}
    documents, _, tokens = make_corpus([{"doc_id": d, "province": p, "text": t} for d, (p, t) in texts.items()])
    out = widespread_formulas(tokens, documents, top=None).set_index("formula")
    assert out.loc[" ".join(words(short)), ["n_documents", "n_groups", "n_merged"]].tolist() == [4, 4, 0]
    longer = " ".join(words("quyết tâm " + short))
    assert out.loc[longer, ["n_documents", "n_groups"]].tolist() == [2, 2]


def test_formula_kind_rules():
    assert formula_kind("quán triệt sâu sắc đến toàn thể cán bộ") == "formula"
    assert formula_kind("tại hội nghị các đại biểu đã thảo luận") == "reporting"
    assert formula_kind("của ban thường vụ tỉnh ủy") == "citation"
    assert formula_kind("của ban thường vụ tỉnh ủy", citations=False) == "formula"
    # a name in a small part of a longer phrase does not make it a citation
    assert formula_kind("đảng viên trong toàn đảng bộ nêu cao tinh thần trách nhiệm") == "formula"


def test_title_matching_ignores_punctuation_and_case_but_needs_the_whole_subject():
    text = "Các chi bộ đẩy mạnh việc Học tập và làm theo tư tưởng đạo đức, phong cách Hồ Chí Minh."
    assert [text[a:b] for a, b in title_spans(text)] == [text[text.index("đẩy"):-1]]
    # a piece of the subject is wording of its own, and a short subject is never a title
    assert title_spans("Đảng viên làm theo tư tưởng, đạo đức của Bác.") == []
    assert title_spans("Huyện ủy chú trọng công tác dân tộc và công tác tôn giáo.") == []


def test_institution_names_with_place_and_term():
    text = ("Sáng 5/3, Thường trực Huyện ủy Mường Tè làm việc với Ủy ban nhân dân xã Pa Ủ về Đại hội XVII "
            "Đảng bộ tỉnh; Mặt trận Tổ quốc Việt Nam tỉnh phối hợp. Thường trực và chi bộ bàn bạc.")
    found = [text[a:b] for a, b in institution_spans(text)]
    assert found == ["Thường trực Huyện ủy Mường Tè", "Ủy ban nhân dân xã Pa Ủ", "Đại hội XVII Đảng bộ tỉnh",
                     "Mặt trận Tổ quốc Việt Nam tỉnh"]
    # citation_spans includes them, and catalogue titles, without any references table
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    assert set(institution_spans(text)) <= set(citation_spans(docs)["d"])


def test_a_word_only_inside_a_cited_title_is_not_distinctive():
    own = "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI"
    a_texts = [f"Chi bộ bản học tập {own} và bàn việc trồng rừng.", f"Đoàn viên tìm hiểu {own} rồi trồng rừng.",
               f"Hội Nông dân tuyên truyền {own} cho bà con."]
    b_texts = ["Ngư dân học tập nghị quyết trên tàu cá.", "Các xã ven biển tuyên truyền nghị quyết cho ngư dân.",
               "Chi bộ ấp bàn việc nuôi tôm."]
    docs = [{"doc_id": f"a{i}", "province": "Sơn La", "text": t} for i, t in enumerate(a_texts)]
    docs += [{"doc_id": f"b{i}", "province": "Bạc Liêu", "text": t} for i, t in enumerate(b_texts)]
    documents, _, tokens = make_corpus(docs)
    cited = distinctive_words(tokens, documents, "Sơn La", alpha0=50, exclude_citations=False).set_index("word")
    assert cited.loc["tỉnh", "count_a"] == 3 and cited.loc["tỉnh", "z"] > 0   # counted, it looks distinctive
    out = distinctive_words(tokens, documents, "Sơn La", alpha0=50)
    assert "tỉnh" not in set(out["word"]) and "đại" not in set(out["word"])
    assert out.iloc[0]["word"] in {"rừng", "trồng"}   # the province's own words lead
