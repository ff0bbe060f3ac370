"""Formulaic share does not measure quoted titles of central documents (planted answers)."""
from __future__ import annotations

import pandas as pd

from analysis.coding.tokens import tokenize
from analysis.compare.formulas import citation_spans, formulaic_share

TITLE = "“về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả”"
A = f"Huyện ủy Bảo Lâm tổ chức quán triệt Nghị quyết số 18-NQ/TW {TITLE} cho cán bộ chủ chốt của huyện."
B = f"Các chi bộ ở thị trấn Phước Long đã thảo luận Nghị quyết số 18-NQ/TW {TITLE} trong buổi sinh hoạt tháng 5."


def _tables():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Cao Bằng", "Bạc Liêu"], "text": [A, B]})
    rows = []
    for d, text in (("a", A), ("b", B)):
        rows += [{"doc_id": d, "position": i, "start": t.start, "end": t.end, "token": t.text, "norm": t.norm,
                  "is_stop": False} for i, t in enumerate(tokenize(text))]
    refs = pd.DataFrame({"doc_id": ["a", "b"], "start": [A.index("Nghị quyết"), B.index("Nghị quyết")],
                         "end": [A.index("18-NQ/TW") + 8, B.index("18-NQ/TW") + 8]})
    return docs, pd.DataFrame(rows), refs


def test_shared_title_is_formulaic_only_when_citations_count():
    docs, tokens, refs = _tables()
    raw = formulaic_share(tokens, docs, exclude_citations=False).set_index("doc_id")
    clean = formulaic_share(tokens, docs, references=refs).set_index("doc_id")
    # the two reports share nothing but the cited code and the quoted title
    assert raw.loc["a", "formulaic_share"] > 0.5
    assert clean.loc["a", "formulaic_share"] == 0 and clean.loc["b", "formulaic_share"] == 0
    assert clean.loc["a", "n_tokens_cited"] > 0
    assert clean.loc["a", "n_tokens"] + clean.loc["a", "n_tokens_cited"] == raw.loc["a", "n_tokens"]


def test_citation_spans_cover_code_title_and_quotes():
    docs, _, refs = _tables()
    spans = citation_spans(docs, refs)["a"]
    covered = "".join(A[s:e] for s, e in spans)
    assert "18-NQ/TW" in covered and "sắp xếp tổ chức bộ máy" in covered
    assert "cán bộ chủ chốt" not in covered


def test_a_party_committee_by_its_own_name_is_a_citation_not_a_word():
    # a city's committee is "Thành ủy", a province's "Tỉnh ủy": the word says what kind of place
    # wrote, not how it reports, so neither is counted (nor "huyện ủy", "thị ủy", "quận ủy")
    texts = {"a": "Thành ủy chỉ đạo các chi bộ sinh hoạt chuyên đề; Thành ủy kiểm tra việc học tập.",
             "b": "Tỉnh ủy chỉ đạo các chi bộ sinh hoạt chuyên đề; các huyện ủy, thị ủy kiểm tra việc học tập."}
    docs = pd.DataFrame({"doc_id": list(texts), "province": ["Hải Phòng", "Cao Bằng"], "text": list(texts.values())})
    refs = pd.DataFrame(columns=["doc_id", "start", "end"])
    covered = {d: [texts[d][s:e] for s, e in spans] for d, spans in citation_spans(docs, refs).items()}
    assert [c.lower() for c in covered["a"]] == ["thành ủy", "thành ủy"]
    assert sorted(c.lower() for c in covered["b"]) == ["huyện ủy", "thị ủy", "tỉnh ủy"]


def test_titles_of_office_in_lower_case_after_pho_are_citations():
    text = ("Dự hội nghị có đồng chí Phó bí thư Thường trực Thành ủy, Phó chủ tịch HĐND thành phố và "
            "Phó trưởng Ban Tuyên giáo Thành ủy; Bí thư Đảng ủy xã phát biểu.")
    docs = pd.DataFrame({"doc_id": ["a"], "province": ["Hải Phòng"], "text": [text]})
    spans = citation_spans(docs, pd.DataFrame(columns=["doc_id", "start", "end"]))["a"]
    masked = [any(s <= i < e for s, e in spans) for i in range(len(text))]

    def covered(phrase):
        start = text.index(phrase)
        return all(masked[start:start + len(phrase)])

    for title in ("Phó bí thư Thường trực Thành ủy", "Phó chủ tịch HĐND", "Phó trưởng Ban Tuyên giáo Thành ủy",
                  "Bí thư Đảng ủy"):
        assert covered(title), title
    assert not any(masked[text.index("hội nghị"):text.index("hội nghị") + 8])
    assert not any(masked[text.index("phát biểu"):text.index("phát biểu") + 9])


def test_former_titles_of_office_are_citations():
    # "nguyên" is "former" before a title: protocol, like the title itself; elsewhere it is a word
    # ("nguyên tắc", "nguyên nhân", "tài nguyên") and stays counted
    text = ("Dự lễ có đồng chí nguyên Ủy viên Bộ Chính trị, nguyên Bí thư Tỉnh ủy và các đồng chí nguyên "
            "lãnh đạo tỉnh qua các thời kỳ; bà Lan, Nguyên phó chủ tịch UBND tỉnh phát biểu. "
            "Hội nghị chỉ rõ nguyên nhân hạn chế và giữ vững nguyên tắc tập trung dân chủ.")
    docs = pd.DataFrame({"doc_id": ["a"], "province": ["Hà Nam"], "text": [text]})
    spans = citation_spans(docs, pd.DataFrame(columns=["doc_id", "start", "end"]))["a"]
    masked = [any(s <= i < e for s, e in spans) for i in range(len(text))]

    def covered(phrase, where=0):
        start = text.index(phrase, where)
        return all(masked[start:start + len(phrase)])

    for title in ("nguyên Ủy viên Bộ Chính trị", "nguyên Bí thư Tỉnh ủy", "Nguyên phó chủ tịch UBND"):
        assert covered(title), title
    assert covered("nguyên", text.index("đồng chí nguyên lãnh đạo") + 9)
    assert not covered("lãnh đạo tỉnh qua")
    assert not any(masked[text.index("nguyên nhân"):text.index("nguyên nhân") + 11])
    assert not any(masked[text.index("nguyên tắc"):text.index("nguyên tắc") + 10])
