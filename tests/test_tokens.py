"""Word tokens: exact offsets on the seeds and odd input, compounds, stopword lists."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.read.sentences import split_sentences
from analysis.read.normalize import fold, normalize_text
from analysis.coding.stoplists import STOPLIST_PATH, officialese_stoplist, stopwords
from analysis.coding.tokens import (Token, tokenize,
                             tokenize_sentences, word_count)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def check_offsets(text: str, tokens: list[Token]) -> None:
    previous_end = 0
    for t in tokens:
        assert text[t.start:t.end] == t.text
        assert t.norm == fold(t.text) and len(t.norm) == len(t.text)
        assert t.text == t.text.strip() and t.text
        assert t.start >= previous_end
        previous_end = t.end


@pytest.fixture(scope="module")
def seed_tokens() -> dict[str, tuple[str, list[Token]]]:
    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        text = normalize_text(p.read_text(encoding="utf-8"))
        out[p.stem[:3]] = (text, tokenize(text))
    return out


def test_seed_offsets_and_full_coverage(seed_tokens):
    for text, tokens in seed_tokens.values():
        check_offsets(text, tokens)
        covered = set()
        for t in tokens:
            covered.update(range(t.start, t.end))
        assert [c for i, c in enumerate(text) if i not in covered and not c.isspace()] == []


def test_seed_compounds(seed_tokens):
    text, tokens = seed_tokens["002"]
    words = [t.text for t in tokens]
    # read in seed 002: these are single Vietnamese words
    for compound in ["học tập", "quán triệt", "tuyên truyền", "Nghị quyết", "báo cáo viên", "thông tin đại chúng"]:
        assert any(compound in w for w in words), compound
    assert "phương tiện thông tin đại chúng" in [t.norm for t in tokens]


def test_tokenize_sentences_matches_tokenize():
    doc = "Hội nghị quán triệt Nghị quyết. Đạt 98%.\nTiêu đề"
    sentences = split_sentences(doc)
    per_sentence = tokenize_sentences(doc, sentences)
    assert [[t.text for t in ts] for ts in per_sentence] == [
        ["Hội nghị", "quán triệt", "Nghị quyết", "."], ["Đạt", "98", "%", "."], ["Tiêu đề"]]
    assert [t for ts in per_sentence for t in ts] == tokenize(doc)
    for s, ts in zip(sentences, per_sentence):
        assert all(s.start <= t.start and t.end <= s.end for t in ts)


def test_norm_is_folded_and_text_is_original():
    tokens = tokenize("Tỉnh uỷ Thanh Hoá QUÁN TRIỆT nghị quyết")
    assert [t.text for t in tokens][-2:] == ["QUÁN TRIỆT", "nghị quyết"]
    norms = " ".join(t.norm for t in tokens)
    assert "ủy" in norms and "hóa" in norms and "quán triệt" in norms
    assert all(t.text == "Tỉnh uỷ Thanh Hoá QUÁN TRIỆT nghị quyết"[t.start:t.end] for t in tokens)


def test_word_count_ignores_punctuation():
    tokens = tokenize("Đạt 94,8% (trên 98%); cán bộ, đảng viên.")
    assert word_count(tokens) == len([t for t in tokens if any(c.isalnum() for c in t.text)])
    assert all(not t.is_word for t in tokens if t.text in {"(", ")", ";", ",", ".", "%"})
    assert word_count(tokenize("")) == 0


@pytest.mark.parametrize("text", [
    "", "   ", "...", "“”", "😀 học tập 😀", "Tỉnh ủy\u00a0Lạng Sơn", "A" * 500,
    "Nghị quyết 07-NQ/TU ngày 8-12-2022;09-NQ/TW;22 – NQ/TW", "học\ttập", "Cộng hòa xã hội chủ nghĩa Việt Nam 中文",
    "cu\u0309 thê\u0309 ho\u0301a",  # decomposed (NFD) input must not crash
])
def test_odd_input_never_crashes_and_keeps_offsets(text):
    check_offsets(text, tokenize(text))


_ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÁÀẢÃẠỦỶÝẾỐỚ0123456789 .,;:%-/()“”!?…\n") +
                            ["học tập", "Tỉnh ủy", "TP.", "quán triệt"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_ALPHABET, max_size=60))
def test_property_offsets_exact_on_arbitrary_text(chars):
    text = "".join(chars)
    check_offsets(text, tokenize(text))


def test_stopwords_are_folded_general_list():
    words = stopwords()
    assert isinstance(words, frozenset)
    assert {"của", "và", "các", "những"} <= words
    assert all(w == fold(w) for w in words)


def test_officialese_stoplist_policy():
    stop = officialese_stoplist()
    assert {"nghị quyết", "đồng chí", "các cấp", "thực hiện", "tổ chức", "lãnh đạo", "chỉ đạo"} <= stop
    # words that carry contrast between provinces stay out (see the policy in the file header)
    for informative in ["cán bộ", "đảng viên", "nhân dân", "học tập", "quán triệt", "tuyên truyền", "hạn chế",
                        "chưa", "cần", "tỉnh", "huyện", "xã", "chi bộ", "kiểm tra", "chỉ thị"]:
        assert informative not in stop, informative
    assert all(w == fold(w) for w in stop)
    header = STOPLIST_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#")
