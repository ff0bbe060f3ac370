"""Shared pieces of analysis.compare: grouping units, the 2025 regrouping note, duplicate
exclusion, and the doctest examples of every compare module (run here, since the suite does not
collect doctests from analysis/)."""
from __future__ import annotations

import doctest
import importlib

import pandas as pd
import pytest

from analysis.compare import GROUPINGS, documents_without_duplicates, province_members
from analysis.compare._common import check_grouping, doc_groups, is_content_word

MODULES = ["analysis.compare._common", "analysis.compare.profiles", "analysis.compare.vocabulary",
           "analysis.compare.formulas", "analysis.compare.timeliness",
           "analysis.compare.claims_audit", "analysis.compare.candour"]


@pytest.mark.parametrize("name", MODULES)
def test_doctest_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_members_2025_cover_the_63_provinces_once():
    from analysis.extract import gazetteer

    note = province_members("province_2025")
    assert len(note) == 34 and note.n_members.sum() == 63
    old = [p for members in note.members for p in members.split("; ")]
    assert sorted(old) == sorted(gazetteer.PROVINCES)
    hcm = note.set_index("province_2025").loc["Hồ Chí Minh"]
    assert hcm.members == "Bà Rịa - Vũng Tàu; Bình Dương; Hồ Chí Minh" and hcm.n_members == 3


def test_members_in_corpus_and_old_unit():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "province": ["Quảng Nam", "Đà Nẵng", "Quảng Nam"],
                         "province_2025": ["Đà Nẵng", "Đà Nẵng", "Đà Nẵng"]})
    note = province_members("province_2025", ["Đà Nẵng"], docs).iloc[0]
    assert note.members == "Đà Nẵng; Quảng Nam" and note.members_in_corpus == "Đà Nẵng; Quảng Nam"
    same = province_members("province", ["Quảng Nam"]).iloc[0]
    assert same.members == "Quảng Nam" and same.n_members == 1


def test_units_and_groups():
    assert GROUPINGS == ("province", "province_2025")
    with pytest.raises(ValueError):
        check_grouping("region")
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "province": ["Yên Bái", None, ""]})
    assert doc_groups(docs, "province").to_dict() == {"a": "Yên Bái"}
    assert [is_content_word(w) for w in ["chi bộ", "8/8", "94,8%", "-", "xii", None]] == [True, False, False, False, True, False]


def test_documents_without_duplicates():
    docs = pd.DataFrame({"doc_id": ["c", "a", "b", "d"], "duplicate_of": [None, None, "a", None]})
    pairs = pd.DataFrame({"doc_a": ["c"], "doc_b": ["d"], "is_near_duplicate": [True],
                          "keep": ["c"], "drop": ["d"]})
    assert documents_without_duplicates(docs).doc_id.tolist() == ["a", "c", "d"]
    assert documents_without_duplicates(docs, pairs).doc_id.tolist() == ["a", "c"]


def _empty(columns):
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


@pytest.mark.parametrize("unit", ["province", "province_2025"])
def test_empty_tables_give_empty_results_with_columns(unit):
    from analysis import compare as C

    docs = _empty(["doc_id", "province", "province_2025", "published", "text", "n_sentences"])
    sents = _empty(["doc_id", "sentence_index", "paragraph", "start", "end", "text"])
    toks = _empty(["doc_id", "sentence_index", "position", "start", "end", "token", "norm", "is_stop"])
    cod = _empty(["doc_id", "sentence_index", "category", "code", "term", "start", "end"])
    claims = _empty(["doc_id", "claim_index", "kind", "text", "start", "end", "sentence",
                     "sentence_index", "low", "high", "qualifier", "numerator", "denominator",
                     "value", "unit", "unit_expanded", "subject", "consistent"])
    refs = _empty(["doc_id", "ref_index", "kind", "text", "start", "end", "sentence", "sentence_index",
                   "number", "doc_type", "issuer", "issued", "level", "term", "congress",
                   "congress_level", "plenum", "key"])
    results = {
        "profiles": C.reporting_profiles(docs, sents, cod, grouping=unit),
        "candour": C.group_candour(C.document_candour(docs, cod), docs, grouping=unit),
        "words": C.distinctive_words_by_group(toks, docs, grouping=unit),
        "passages": C.shared_passages(toks, docs),
        "formulaic": C.formulaic_share(toks, docs, grouping=unit),
        "formulas": C.widespread_formulas(toks, docs, grouping=unit),
        "duplicates": C.near_duplicates(toks, docs),
        "timeliness": C.timeliness(docs, refs, sents, grouping=unit),
        "participation": C.participation_claims(claims, cod, docs, sents, grouping=unit),
        "heaping": C.round_number_heaping(claims, docs, unit),
        "audit": C.claims_audit(claims, docs, grouping=unit),
        "mismatch": C.mismatched_claims(claims),
    }
    for name, out in results.items():
        assert out.empty and len(out.columns) >= 4, name
        if name in ("profiles", "candour", "timeliness", "participation", "heaping", "audit"):
            assert unit in out.columns, name
            if unit == "province_2025":
                assert "members" in out.columns, name
