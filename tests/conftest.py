from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Tables of the temporary corpora tests build go to a temporary folder, not the project's data/
# (inherited by the kernels papermill starts).
# The process that makes the folder (the pytest controller; xdist workers inherit the variable)
# removes it when it exits, so test runs leave nothing behind in /tmp.
if "ANALYSIS_CORPUS_TABLES" not in os.environ:
    _tables = tempfile.mkdtemp(prefix="analysis-corpus-tables-")
    os.environ["ANALYSIS_CORPUS_TABLES"] = _tables
    atexit.register(shutil.rmtree, _tables, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"  # clean-text goldens of the seeds
SEED_GOLDEN = ROOT / "analysis" / "data" / "validation" / "seed-golden"  # extraction goldens


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_corpus():
    from analysis.read import read_corpus

    return read_corpus([SEEDS])


@pytest.fixture(scope="session")
def seed_documents(seed_corpus) -> dict:
    """Clean seed documents by file stem ("000_9cf43ea575181584")."""
    return {Path(d.path).stem: d for d in seed_corpus.documents}
