"""The Dask engine: the same per-document function on a real LocalCluster, byte-identical tables."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from analysis.build import build

from conftest import SEEDS

distributed = pytest.importorskip("dask.distributed", reason="the Dask extra is not installed")


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


def test_dask_cluster_build_equals_local_build(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    shutil.copy(SEEDS / "000_9cf43ea575181584.txt", corpus / "copy.txt")
    local = build(corpus, tmp_path / "local", jobs=1, cache_dir=None)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = build(corpus, tmp_path / "dask", scheduler=cluster.scheduler_address, cache_dir=None)
    assert (summary.parsed, summary.skipped, summary.duplicates) == (local.parsed, local.skipped, local.duplicates)
    assert _digests(tmp_path / "dask") == _digests(tmp_path / "local")
