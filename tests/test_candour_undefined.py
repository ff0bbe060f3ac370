"""Notebook 10's candour table and notebook 20's agree: a report with no limitation and no
achievement sentence has no candour ("undefined"), never candour 0."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare import document_candour, document_formalism, group_candour
from analysis.report.profile import province_candour

DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "province": ["Bắc Giang", "Bắc Giang", "Lào Cai"],
                     "n_sentences": [6, 4, 5]})
# a: achievements only (candour 0); b: neither (undefined); c: one of each
CODINGS = pd.DataFrame({"doc_id": ["a", "a", "c", "c"], "sentence_index": [0, 1, 0, 2], "category": ["voice"] * 4,
                        "code": ["achievement", "achievement", "limitation", "achievement"]})


def test_a_report_with_neither_sentence_is_undefined_not_zero():
    out = document_candour(DOCS, CODINGS).set_index("doc_id")
    assert out.loc["a", "candour"] == 0 and out.loc["a", "reading"].startswith("0: achievements only")
    assert np.isnan(out.loc["b", "candour"]) and out.loc["b", "reading"].startswith("undefined")
    assert out.loc["b", "limitation_share"] == 0  # a share of 0 of its sentences, not a candour
    assert out.loc["c", "candour"] == 0.5 and out.loc["c", "reading"] == "both limitations and achievements"


def test_notebook_10_and_notebook_20_read_the_same_report_the_same_way():
    tables = {"documents": DOCS, "codings": CODINGS}
    mine = province_candour(tables, "Bắc Giang").set_index("doc_id")
    assert list(mine.index) == ["a", "b"]
    assert list(mine.columns[:6]) == ["n_sentences", "n_limitation", "n_achievement", "candour", "reading",
                                      "limitation_share"]
    only_b = DOCS[DOCS["doc_id"] == "b"]
    group = group_candour(document_candour(only_b, CODINGS), only_b, n_boot=50).iloc[0]
    assert np.isnan(group["candour"]) and np.isnan(mine.loc["b", "candour"])
    assert group["reading"] == mine.loc["b", "reading"]


def test_formalism_documents_read_in_their_own_words():
    cod = pd.DataFrame({"doc_id": ["a"], "sentence_index": [0], "category": ["output"], "code": ["procedural"]})
    out = document_formalism(DOCS, cod).set_index("doc_id")
    assert out.loc["a", "reading"] == "1: procedural outputs only"
    assert out.loc["b", "reading"] == "undefined: no procedural or substantive output sentence"
