"""The build: tables from a corpus folder, deterministic, cached, atomic, never losing an input."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.build import build, load
from analysis.build.pipeline import TABLES
from analysis.schema import TABLE_NAMES as ALL_TABLES
from analysis.schema import TABLES as SCHEMA

from conftest import ROOT, SEEDS


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    shutil.copy(SEEDS / "002_777384cab15c4b7c.txt", folder / "copy-of-002.txt")
    return folder


def test_build_writes_every_table_and_accounts_for_every_input(corpus, tmp_path):
    summary = build(corpus, tmp_path / "out", jobs=1, cache_dir=None)
    assert summary.parsed == 5 and summary.duplicates == 1 and summary.skipped == 3
    tables = load(out=tmp_path / "out", corpus=corpus, rebuild="never")
    assert set(tables) == set(ALL_TABLES)
    for name in TABLES:
        assert list(tables[name].columns) == SCHEMA[name].columns, name
    densities = tables["densities"]
    assert set(densities["doc_id"]) == set(tables["documents"]["doc_id"])
    codings = tables["codings"]
    one = codings.iloc[0]
    row = densities[(densities["doc_id"] == one["doc_id"]) & (densities["code"] == one["code"])].iloc[0]
    n_sentences = codings[(codings["doc_id"] == one["doc_id"]) & (codings["code"] == one["code"])]["sentence_index"].nunique()
    assert row["sentences"] == n_sentences
    assert row["sentences_per_1000"] == pytest.approx(1000 * n_sentences / row["n_words"])
    manifest = tables["manifest"].set_index("path")
    assert len(manifest) == len(list(corpus.iterdir()))
    assert manifest.loc["broken.txt", "status"] == "skipped"
    assert "PNG" in manifest.loc["broken.txt", "reason"]
    assert manifest.loc["copy-of-002.txt", "status"] == "duplicate"
    assert manifest.loc["copy-of-002.txt", "duplicate_of"] == manifest.loc["002_777384cab15c4b7c.txt", "doc_id"]
    documents = tables["documents"]
    assert sorted(documents["path"]) == sorted(p.name for p in SEEDS.glob("*.txt"))
    # every sentence indexes the clean text
    text = documents.set_index("doc_id")["text"]
    for row in tables["sentences"].itertuples():
        assert text[row.doc_id][row.start:row.end] == row.text


def test_outputs_are_byte_identical_across_runs_engines_and_cache(corpus, tmp_path):
    build(corpus, tmp_path / "a", jobs=1, cache_dir=None)
    build(corpus, tmp_path / "b", jobs=2, cache_dir=tmp_path / "cache")
    summary = build(corpus, tmp_path / "c", jobs=2, cache_dir=tmp_path / "cache")
    assert summary.cached == summary.inputs
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b") == _digests(tmp_path / "c")


def test_load_rebuilds_when_missing_or_stale_and_prints_nothing(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    documents = load("documents", out=out, corpus=corpus)
    assert len(documents) == 5
    (corpus / "new.txt").write_text((SEEDS / "000_9cf43ea575181584.txt").read_text("utf-8") + "\nThêm một đoạn mới.",
                                    encoding="utf-8")
    assert len(load("documents", out=out, corpus=corpus)) == 6
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_load_uses_worker_processes_for_a_large_corpus_with_the_same_tables(corpus, tmp_path, monkeypatch):
    import analysis.build.loader as build_module

    used: list = []
    real_build = build_module.build

    def recording_build(*args, **kwargs):
        used.append(kwargs.get("jobs"))
        return real_build(*args, **kwargs)

    monkeypatch.setattr(build_module, "build", recording_build)
    load(out=tmp_path / "small", corpus=corpus)
    monkeypatch.setattr(build_module, "_IN_PROCESS_LIMIT", 3)  # the 7 files of the fixture now count as large
    load(out=tmp_path / "large", corpus=corpus)
    assert used == [1, None]  # None: all cores
    assert _digests(tmp_path / "small") == _digests(tmp_path / "large")


def test_spooling_large_tables_in_chunks_changes_no_byte(corpus, tmp_path, monkeypatch):
    import analysis.build.run as build_module

    build(corpus, tmp_path / "whole", jobs=1, cache_dir=None)
    # Chunks of a few rows: many spills per table, and remainders of every size.
    monkeypatch.setattr(build_module, "SPOOLED", {"tokens": 97, "sentences": 7, "codings": 13})
    build(corpus, tmp_path / "chunked", jobs=1, cache_dir=None)
    assert _digests(tmp_path / "whole") == _digests(tmp_path / "chunked")


def test_load_rejects_unknown_tables(tmp_path):
    with pytest.raises(ValueError, match="unknown table"):
        load("claimz", out=tmp_path)


def test_a_document_that_raises_inside_the_pipeline_is_recorded(corpus, tmp_path, monkeypatch):
    import analysis.build.read_stage as read_stage

    original = read_stage._document_tables

    def explode(document):
        if "Bắc Ninh" in document.text[:40]:
            raise RuntimeError("planted failure")
        return original(document)

    monkeypatch.setattr(read_stage, "_document_tables", explode)
    summary = build(corpus, tmp_path / "out", jobs=1, cache_dir=None)
    manifest = pd.read_parquet(tmp_path / "out" / "manifest.parquet").set_index("path")
    assert manifest.loc["002_777384cab15c4b7c.txt", "status"] == "skipped"
    assert "RuntimeError: planted failure" in manifest.loc["002_777384cab15c4b7c.txt", "reason"]
    assert summary.parsed == 4  # the copy of 002 is now the first parse attempt of that text: also failing
    assert manifest.loc["copy-of-002.txt", "status"] == "skipped"


def test_a_killed_build_leaves_the_previous_tables_readable(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1, cache_dir=None)
    before = _digests(out)
    big = corpus / "big"
    big.mkdir()
    text = (SEEDS / "004_ef6ca884f5ba382d.txt").read_text("utf-8")
    for i in range(300):
        (big / f"article-{i:03d}.txt").write_text(f"Bài số {i}.\n" + text, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--corpus", str(corpus), "--out", str(out), "--jobs", "1",
         "--no-cache"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(2.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed: enlarge the corpus"
    assert _digests(out) == before  # old tables intact and readable
    for name in ALL_TABLES:
        pd.read_parquet(out / f"{name}.parquet")
    summary = build(corpus, out, jobs=2, cache_dir=None)
    assert summary.parsed == 305


def test_editing_the_codebook_recodes_without_reading_again(corpus, tmp_path, monkeypatch):
    import analysis.build.cache as build_module
    import analysis.build.pipeline as pipeline
    import analysis.build.read_stage as read_stage

    cache = tmp_path / "cache"
    build(corpus, tmp_path / "first", jobs=1, cache_dir=cache)
    read_version, code_version = pipeline.stage_versions()
    monkeypatch.setattr(build_module, "current_stage_versions", lambda: (read_version, "edited-codebook"))

    def no_reading(source):
        raise AssertionError("stage 'read' ran although its cached result was valid")

    monkeypatch.setattr(read_stage, "read_stage", no_reading)
    summary = build(corpus, tmp_path / "second", jobs=1, cache_dir=cache)
    assert summary.parsed == 5 and summary.cached == 0  # every document re-coded ...
    assert _digests(tmp_path / "first") == _digests(tmp_path / "second")  # ... from the cached tokens


def test_an_unchanged_corpus_rebuilds_from_cache_without_tokenizing(corpus, tmp_path, monkeypatch):
    import analysis.build.read_stage as pipeline
    import analysis.coding.tokens as tokens

    cache = tmp_path / "cache"
    build(corpus, tmp_path / "first", jobs=1, cache_dir=cache)

    def no_tokenizing(*args, **kwargs):
        raise AssertionError("tokenized although every document was cached")

    monkeypatch.setattr(tokens, "tokenize_sentences", no_tokenizing)
    monkeypatch.setattr(pipeline, "tokenize_sentences", no_tokenizing)
    summary = build(corpus, tmp_path / "second", jobs=1, cache_dir=cache)
    assert summary.cached == summary.inputs
    assert _digests(tmp_path / "first") == _digests(tmp_path / "second")
    again = build(corpus, tmp_path / "second", jobs=1, cache_dir=cache)
    assert again.unchanged and again.rows == summary.rows


def test_the_build_does_not_code_stages_named_in_a_cited_title(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = ("Huyện ủy Mường Lát quán triệt Chỉ thị\n"
            "Sáng 5/3, Huyện ủy Mường Lát tổ chức hội nghị quán triệt Chỉ thị số 01-CT/TW ngày 9/11/2020 "
            "của Bộ Chính trị về nghiên cứu, học tập, tuyên truyền Nghị quyết Đại hội XIII của Đảng. "
            "Các chi bộ đã tổ chức học tập đầy đủ.\n")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    build(folder, tmp_path / "out", jobs=1, cache_dir=None)
    tables = load(out=tmp_path / "out", corpus=folder, rebuild="never")
    stage = tables["codings"][tables["codings"]["category"] == "stage"]
    title_start = text.index("về nghiên cứu")
    # the title's "nghiên cứu, học tập, tuyên truyền" are not coded; the sentence's own acts are
    assert not ((stage["start"] >= title_start) & (stage["end"] <= text.index(" của Đảng"))).any()
    assert set(stage["code"]) == {"quan_triet", "hoc_tap"}
    assert stage[stage["code"] == "hoc_tap"]["start"].min() > text.index("Các chi bộ")
