"""The benchmark's synthetic corpus: deterministic, and realistic enough that the pipeline reads it
as articles about the provinces planted in it (a benchmark on text the pipeline misreads would
measure the wrong code paths)."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.build.bench import generate_corpus, render, render_memory
from analysis.extract.gazetteer import PROVINCES


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.txt"))}


def test_synthetic_corpus_is_deterministic(tmp_path):
    size_a = generate_corpus(12, tmp_path / "a")
    size_b = generate_corpus(12, tmp_path / "b")
    files = _files(tmp_path / "a")
    assert len(files) == 12
    assert files == _files(tmp_path / "b")
    assert size_a == size_b == sum(len(data) for data in files.values())
    generate_corpus(12, tmp_path / "c", seed=7)
    assert _files(tmp_path / "c") != files


@pytest.fixture(scope="module")
def synthetic_documents(tmp_path_factory):
    from analysis.read import read_corpus
    from analysis.extract import extract_document

    folder = tmp_path_factory.mktemp("synthetic")
    generate_corpus(40, folder)
    return [(doc.text, extract_document(doc.text, doc.variables)) for doc in read_corpus([folder]).documents]


def test_synthetic_articles_are_read_as_their_planted_province(synthetic_documents):
    agree = 0
    for text, record in synthetic_documents:
        title = text.split("\n")[1]
        planted = [p for p in PROVINCES if p in title]
        assert planted, title
        agree += record["province"] in planted
    # The outlet code is drawn at random, so a few articles carry another province's paper code.
    assert agree / len(synthetic_documents) >= 0.9


def test_synthetic_articles_have_dates_claims_and_references(synthetic_documents):
    for text, record in synthetic_documents:
        assert record["published"] is not None, text[:80]
        assert 2011 <= int(record["published"][:4]) <= 2025
    assert sum(len(r["claims"]) for _, r in synthetic_documents) >= 40
    assert sum(len(r["references"]) for _, r in synthetic_documents) >= 40


def test_render_shows_each_size_in_its_own_column():
    keys = ["MB", "tokenize_only_MBps", "build_j1_MBps", "build_j1_docs_per_s", "build_jall_MBps",
            "build_jall_docs_per_s", "ratio_build_j1_to_tokenize", "speedup", "rebuild_unchanged_s",
            "rebuild_from_cache_s", "stage_split_s", "stage_tokenize_s", "stage_extract_s", "stage_code_s",
            "ratio_extract_to_tokenize", "ratio_code_to_tokenize", "peak_rss_j1_MB", "peak_rss_jall_MB",
            "peak_rss_from_cache_MB"]
    small = {"documents": 200, **{k: 1.0 for k in keys}, "speedup": 1.234}
    large = {"documents": 2000, **{k: 2.0 for k in keys}, "speedup": 1.789}
    lines = render([small, large]).splitlines()
    assert lines[0].split()[-2:] == ["N=200", "N=2000"]
    speedup = next(line for line in lines if line.startswith("parallel speed-up"))
    assert speedup.split()[-2:] == ["1.23", "1.79"]


def test_render_memory_has_both_cold_builds_and_the_unchanged_rebuild():
    def row(n, scale):
        return {"documents": n, "MB": n * 0.0063, "jobs": 2, "build_j1_s": 10.0 * scale, "peak_rss_j1_MB": 400 * scale,
                "build_jall_s": 6.0 * scale, "peak_rss_jall_MB": 700 * scale, "rebuild_unchanged_s": 0.25,
                "peak_rss_unchanged_MB": 300, "rebuild_from_cache_j1_s": 1.5, "peak_rss_from_cache_j1_MB": 350 * scale}

    lines = render_memory([row(200, 1.0), row(2000, 1.1)]).splitlines()
    assert "cold jobs=1" in lines[0] and "cold jobs=all" in lines[0] and "unchanged rebuild" in lines[0]
    assert lines[2].split()[:2] == ["200", "1.3"] and lines[2].split()[-1] == "0.25"
    cells = lines[3].split()
    assert cells[0] == "2000" and cells[2:5] == ["11.0", "440", "1.10"] and cells[5:8] == ["6.6", "770", "1.10"]


def test_render_memory_adds_the_trees_pss_when_measured():
    base = {"MB": 1.0, "jobs": 2, "build_j1_s": 10.0, "peak_rss_j1_MB": 400, "build_jall_s": 6.0,
            "peak_rss_jall_MB": 800, "rebuild_unchanged_s": 0.25, "peak_rss_unchanged_MB": 300,
            "rebuild_from_cache_j1_s": 1.5, "peak_rss_from_cache_j1_MB": 350}
    without = render_memory([{"documents": 200, **base}])
    assert "PSS" not in without
    pss = {"peak_pss_j1_MB": 390, "peak_pss_jall_MB": 610, "peak_pss_from_cache_j1_MB": 340}
    lines = render_memory([{"documents": 200, **base, **pss}]).splitlines()
    assert lines[-1].startswith("peak PSS") and "N=200: 390 / 610 / 340" in lines[-1]
