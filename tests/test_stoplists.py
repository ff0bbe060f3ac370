"""The general stopword list (underthesea's and stopwords-iso's Vietnamese lists) and the words it
must not stop: the codebook's terms and the protected words of analysis/data/stoplist-protected.txt."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.coding.codebook import load_codebook
from analysis.coding.stoplists import (PROTECTED_PATH, codebook_protected, general_stopwords, is_stop,
                                       iso_stopwords, listed_protected, officialese_stoplist, project_stopwords,
                                       protected_words, stopwords, underthesea_stopwords)
from analysis.coding.tokens import tokenize
from analysis.compare.vocabulary import distinctive_words, distinctive_words_by_group
from analysis.read.normalize import fold

# Function words that underthesea's 52-word list lacks and that ranked among provinces'
# distinctive words on the development corpus before the fuller list.
FUNCTION_WORDS = ["cho", "cũng", "trên", "với", "dưới", "cả", "cùng", "khác", "vừa", "đây", "bởi vì",
                  "cho nên", "tuy nhiên", "của", "và", "đã", "được", "này", "khi"]


def _codebook_terms() -> set[str]:
    return {" ".join(term.syllables) for code in load_codebook().codes for term in code.terms}


def test_the_general_list_is_the_union_of_both_lists_and_folded():
    assert len(underthesea_stopwords()) == 52 and len(iso_stopwords()) >= 600
    assert general_stopwords() == underthesea_stopwords() | iso_stopwords() | project_stopwords()
    for words in (underthesea_stopwords(), iso_stopwords(), project_stopwords(), general_stopwords(),
                  protected_words()):
        assert all(w == fold(w) and w == " ".join(w.split()) and w for w in words)


@pytest.mark.parametrize("word", FUNCTION_WORDS)
def test_planted_function_words_are_stops(word):
    assert word in stopwords()
    assert is_stop(word, True)


def test_multi_syllable_entries_match_tokens_with_exactly_those_syllables():
    """underthesea joins the syllables of a word with spaces: a list entry of several syllables
    stops that token, and neither its syllables alone nor a longer token."""
    norms = {t.norm: t for t in tokenize("Tuy nhiên, bởi vì trời mưa, học sinh vẫn đi học.")}
    assert "tuy nhiên" in norms and is_stop("tuy nhiên", True)
    assert "bởi vì" in stopwords() and "bởi vì trời" not in stopwords()
    assert not is_stop("học sinh", True)


def test_no_codebook_term_is_a_general_stopword():
    """Every codebook term stays counted, unless the officialese list stops it on purpose
    ("thực hiện", "bảo đảm": its header says why)."""
    terms = _codebook_terms()
    assert not terms & stopwords()
    for term in terms:
        if term not in officialese_stoplist() and any(ch.isalpha() for ch in term):
            assert not is_stop(term, True), term
    # the automatic part of the protected set: general-list entries that are codebook terms
    assert {"chưa", "cần", "phải", "sẽ"} <= codebook_protected() <= terms


def test_protected_words_are_not_stops():
    assert {"chưa", "cần", "mới", "làm", "cuộc"} <= protected_words()
    for word in protected_words():
        assert word in general_stopwords()
        assert word not in stopwords() and not is_stop(word, True), word


def test_protected_file_has_no_stale_entry():
    """Each listed word is on a general list (else protecting it means nothing) and is not already
    protected as a codebook term (else the file says twice what the codebook says)."""
    listed = listed_protected()
    assert listed, PROTECTED_PATH
    assert not listed - general_stopwords(), f"not on any general list: {sorted(listed - general_stopwords())}"
    assert not listed & _codebook_terms(), f"codebook terms, protected anyway: {sorted(listed & _codebook_terms())}"
    assert PROTECTED_PATH.read_text(encoding="utf-8").startswith("#")


def _tokens(texts: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d, "position": i, "norm": t.norm, "token": t.text,
                          "is_stop": is_stop(t.norm, t.is_word)}
                         for d, text in texts.items() for i, t in enumerate(tokenize(text))])


def test_planted_function_words_are_not_distinctive():
    """Province A writes "cũng", "trên" and "cho" far more often than B, and one word of substance
    ("chè") and one protected voice word ("chưa"): only those two are listed for A."""
    shared = "Nhân dân trồng {crop} trên đất dốc; cán bộ trên cơ sở cho dân vay vốn."
    texts = {f"a{i}": shared.format(crop="chè") + " Cũng trên đồi, cũng cho dân, cũng trên đất dốc, chưa đủ vốn."
             for i in range(3)}
    texts |= {f"b{i}": shared.format(crop="lúa") + " Đồi, dân, đất dốc, đủ vốn." for i in range(3)}
    documents = pd.DataFrame({"doc_id": list(texts), "province": ["Sơn La"] * 3 + ["Cà Mau"] * 3})
    tokens = _tokens(texts)
    assert {"cũng", "trên", "cho"} <= set(tokens["norm"])
    out = distinctive_words(tokens, documents, "Sơn La", alpha0=10)
    assert set(out.loc[out["z"] > 0, "word"]) == {"chè", "chưa"}
    by_group = distinctive_words_by_group(tokens, documents, alpha0=10, top=None)
    son_la = by_group[(by_group["province"] == "Sơn La") & (by_group["z"] > 0)]
    assert set(son_la["word"]) == {"chè", "chưa"}


def test_every_project_stopword_takes_effect():
    # an addition that another list already has, or that a codebook term protects, is dead weight
    additions = project_stopwords()
    assert {"song", "nay", "gần", "cuối", "đầu", "toàn", "mọi", "thứ"} <= additions
    assert not additions & (underthesea_stopwords() | iso_stopwords())
    assert not additions & _codebook_terms() and not additions & listed_protected()
    assert all(is_stop(w, True) for w in additions)

