"""The genre validation set: references only, a reproducible draw, and floors on the rules'
agreement with the hand labels where the development corpus is (skipped elsewhere)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from analysis.compare import genre as G

ROOT = Path(__file__).resolve().parents[1]
# the development corpus sits beside the checkout (../shared/dev-corpus); it is never copied into it
_NEARBY = [p / "shared" / "dev-corpus" for p in (ROOT.parent, ROOT.parent.parent)]
CORPUS = Path(os.environ.get("DEV_CORPUS") or next((p for p in _NEARBY if p.exists()), _NEARBY[0]))
HAVE_CORPUS = (CORPUS / "articles.jsonl").exists()
# Floors on the dev split only (measured 2026-12-03 when the rules were written: accuracy 0.917,
# kappa 0.891 on 48 articles). The 24 held-out articles are scored and reported (0.875, kappa
# 0.839), never floored or tuned on. Floors only rise.
FLOOR_DEV_ACCURACY = 0.875
FLOOR_DEV_KAPPA = 0.85


def test_set_holds_references_not_text():
    labels = G.load_genre_labels()
    assert list(labels.columns) == G.GENRE_LABEL_COLUMNS
    assert len(labels) == G.GENRE_SIZE >= 60 and labels["id"].is_unique and labels["line"].is_unique
    assert (labels["split"] == "heldout").sum() == G.GENRE_HELDOUT
    assert labels["split"].tolist()[: G.GENRE_HELDOUT] == ["heldout"] * G.GENRE_HELDOUT
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in labels["sha256"])
    assert all(u.startswith("http") for u in labels["url"])
    assert set(labels["genre"]) <= set(G.GENRES)
    # no free-text column where an article's words could sit
    assert max(len(str(v)) for col in ("id", "split", "genre", "coder", "coded_on") for v in labels[col]) <= 13


def test_the_draw_reproduces_the_labelled_lines():
    labels = G.load_genre_labels()
    assert G.draw_genre_sample(182) == labels["line"].tolist()


def test_unknown_genres_are_refused(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(",".join(G.GENRE_LABEL_COLUMNS) + "\ng001,dev,1,http://x,"
                    + "0" * 64 + ",editorial,I,2026-12-03\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown genres"):
        G.load_genre_labels(path)


@pytest.fixture(scope="module")
def scored():
    import analysis
    labels = G.load_genre_labels()
    tables = analysis.load(corpus=str(CORPUS))
    genres = G.document_genres(tables["documents"], tables["sentences"], tables["codings"])
    return labels, tables, genres


@pytest.mark.skipif(not HAVE_CORPUS, reason="development corpus not here")
def test_labels_match_the_corpus_by_hash():
    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    labels = G.load_genre_labels()
    for row in labels.itertuples():
        record = json.loads(lines[row.line - 1])
        assert record["url"] == row.url, row.id
        assert G.article_sha256(record["text"]) == row.sha256, row.id


@pytest.mark.skipif(not HAVE_CORPUS, reason="development corpus not here")
def test_agreement_floors_on_dev_and_held_out_reported(scored):
    labels, tables, genres = scored
    table = G.genre_agreement(labels, genres, tables["documents"]).set_index("split")
    assert (table["n_matched"] == table["n"]).all()  # every labelled article is a document
    assert table.loc["dev", "accuracy"] >= FLOOR_DEV_ACCURACY, table
    assert table.loc["dev", "kappa"] >= FLOOR_DEV_KAPPA, table
    assert table.loc["heldout", "n_matched"] == G.GENRE_HELDOUT
