"""Flat memory: tables spilled in buckets of doc_id and written one sorted bucket at a time must
give the values and order of one in-memory sort, keep an empty table's schema, and leave no
temporary file behind (after a build, or after a failure)."""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import analysis.build.run as run
import analysis.build.spool as spool_module
from analysis.build import build
from analysis.build.bench import generate_corpus
from analysis.build.spool import BUCKETS, Spool, _bucket_of, write_buckets
from analysis.build.tables import Accumulator, table_frame, write_table
from analysis.schema import TABLE_NAMES
from analysis.schema import TABLES as SCHEMA

import pyarrow as pa


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


def _leftovers(out: Path) -> list[Path]:
    """Anything a build leaves that is not a committed generation's table or build.json."""
    found = []
    for path in out.rglob("*"):
        if path.name == ".spill" or path.suffix in (".arrow", ".tmp"):
            found.append(path)
    return found


def _planted_codings(n_docs: int, seed: int = 3) -> list[dict]:
    """Codings rows of many documents across every bucket, arriving in a shuffled order, with
    rows whose sort keys tie (their input order must survive) and ids that are not hex."""
    rng = random.Random(seed)
    ids = [f"{rng.getrandbits(48):012x}" for _ in range(n_docs)] + ["", "zz-not-hex", "G0", "0", "ff~"]
    rows = []
    for doc_id in ids:
        for _ in range(rng.randint(0, 6)):
            rows.append({"doc_id": doc_id, "sentence_index": rng.randint(0, 3), "category": rng.choice("ab"),
                         "code": rng.choice(["x", "y"]), "term": f"t{len(rows)}", "start": rng.randint(0, 2),
                         "end": rng.randint(3, 9)})
    rng.shuffle(rows)
    return rows


def test_bucket_split_is_monotone_in_string_order():
    ids = sorted(["000000000000", "00ffffffffff", "010000000000", "7f1234567890", "ffffffffffff", "", "0", "G",
                  "a", "zz", "ff~", "\u00e9t\u00e9"])
    buckets = list(_bucket_of(pa.array(ids)))
    assert buckets == sorted(buckets)
    assert buckets[ids.index("7f1234567890")] == 0x7F and buckets[ids.index("ffffffffffff")] == BUCKETS - 1


def test_bucketed_write_gives_the_values_and_order_of_an_in_memory_sort(tmp_path, monkeypatch):
    rows = _planted_codings(600)
    # The in-memory way: every row at once, one stable sort by the sort keys.
    whole = Accumulator()
    for row in rows:
        whole.extend({key: [value] for key, value in row.items()})
    write_table("codings", table_frame("codings", whole), tmp_path / "expected.parquet")
    expected = pd.read_parquet(tmp_path / "expected.parquet")
    # Tiny batches, runs and row groups: many runs per bucket, row groups cut across buckets.
    monkeypatch.setitem(spool_module.ROW_GROUP_ROWS, "codings", 50)
    spool = Spool(tmp_path / "spill", ["codings"], {"codings": 7}, spill_bytes=1)
    for row in rows:
        spool.extend("codings", {key: [value] for key, value in row.items()})
    assert len(spool.tables["codings"].runs) > 20
    written = write_buckets("codings", spool.buckets("codings"), tmp_path / "bucketed.parquet")
    spool.close()
    assert not (tmp_path / "spill").exists()
    result = pd.read_parquet(tmp_path / "bucketed.parquet")
    assert written == len(rows) == len(result)
    assert result.equals(expected)
    assert pq.ParquetFile(tmp_path / "bucketed.parquet").metadata.num_row_groups > 5
    assert len(set(_bucket_of(pa.array(result["doc_id"])))) > 200  # the rows really span the buckets


def test_a_planted_corpus_is_the_same_however_it_is_spilled(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    generate_corpus(40, corpus)
    build(corpus, tmp_path / "default", jobs=1, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(run, "SPOOLED", {"tokens": 97, "sentences": 7, "codings": 13, "documents": 3})
    monkeypatch.setattr(run, "_DEFAULT_BATCH_ROWS", 5)
    monkeypatch.setattr(spool_module, "SPILL_BYTES", 1)  # a run per batch
    build(corpus, tmp_path / "spilled", jobs=1, cache_dir=tmp_path / "cache")
    # Row groups are cut from the sorted rows alone: even the bytes are the same.
    assert _digests(tmp_path / "default") == _digests(tmp_path / "spilled")
    documents = pd.read_parquet(tmp_path / "spilled" / "documents.parquet")
    assert len(documents) == 40 and len(set(_bucket_of(pa.array(documents["doc_id"])))) > 25
    for name in TABLE_NAMES:  # each table in its sort order (densities: doc_id, then codebook order)
        frame = pd.read_parquet(tmp_path / "spilled" / f"{name}.parquet")
        keys = ["doc_id"] if name == "densities" else list(SCHEMA[name].sort_keys)
        assert frame.equals(frame.sort_values(keys, kind="mergesort").reset_index(drop=True)), name
    assert not _leftovers(tmp_path / "spilled")


def test_empty_tables_keep_their_schema(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    summary = build(corpus, tmp_path / "out", jobs=1, cache_dir=None)
    assert summary.parsed == 0 and summary.rows["manifest"] == 1
    for name in TABLE_NAMES:
        path = tmp_path / "out" / f"{name}.parquet"
        assert pq.read_schema(path).remove_metadata().equals(SCHEMA[name].arrow_schema), name
        frame = pd.read_parquet(path)
        assert list(frame.columns) == SCHEMA[name].columns and len(frame) == (name == "manifest"), name
    assert not _leftovers(tmp_path / "out")


def test_no_temporary_file_remains_after_a_failure(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    generate_corpus(6, corpus)
    out = tmp_path / "out"
    build(corpus, out, jobs=1, cache_dir=tmp_path / "cache")
    before = _digests(out)
    generations = sorted((out / "generations").iterdir())
    (corpus / "article-000000.txt").write_text("Một bài mới.\n\nNội dung khác hẳn.", encoding="utf-8")
    monkeypatch.setattr(spool_module, "SPILL_BYTES", 1)  # runs are on disk when the failure comes

    real = run.write_buckets

    def fail_on_tokens(name, *args, **kwargs):
        if name == "tokens":
            raise RuntimeError("planted failure while writing")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(run, "write_buckets", fail_on_tokens)
    with pytest.raises(RuntimeError, match="planted failure while writing"):
        build(corpus, out, jobs=1, cache_dir=tmp_path / "cache")
    assert sorted((out / "generations").iterdir()) == generations  # the staged generation is gone
    assert _digests(out) == before and not _leftovers(out)

    monkeypatch.setattr(run, "write_buckets", real)
    real_accumulate = run._accumulate
    seen = []

    def fail_midway(result, *args):
        seen.append(result)
        if len(seen) == 4:
            raise RuntimeError("planted failure while processing")
        return real_accumulate(result, *args)

    monkeypatch.setattr(run, "_accumulate", fail_midway)
    with pytest.raises(RuntimeError, match="planted failure while processing"):
        build(corpus, out, jobs=1, cache_dir=tmp_path / "cache")
    assert sorted((out / "generations").iterdir()) == generations
    assert _digests(out) == before and not _leftovers(out)


def test_the_memory_bench_prints_peak_rss_with_its_ratio_to_the_smallest_n():
    from analysis.build.bench import render_memory

    rows = [{"documents": n, "MB": n / 160, "jobs": 2, "build_j1_s": n / 80, "peak_rss_j1_MB": rss * 0.6,
             "build_jall_s": n / 40, "peak_rss_jall_MB": rss, "rebuild_unchanged_s": 0.3,
             "rebuild_from_cache_j1_s": n / 300, "peak_rss_from_cache_j1_MB": rss / 2}
            for n, rss in ((200, 600.0), (2000, 660.0))]
    table = render_memory(rows)
    assert "peak RSS MB" in table and "ratio" in table
    assert table.splitlines()[-1].split()[:8] == ["2000", "12.5", "25.0", "396", "1.10", "50.0", "660", "1.10"]
