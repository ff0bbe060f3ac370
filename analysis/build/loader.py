"""`load()`: what notebooks call: the tables, rebuilt first when missing or stale, silently."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis.config import PROCESSED, ROOT, SEEDS
from analysis.read import slug
from analysis.schema import TABLE_NAMES

from .run import BUILD_INFO, build, corpus_fingerprint
from .pipeline import pipeline_version

__all__ = ["load", "tables_dir"]


def tables_dir(corpus: str | os.PathLike = SEEDS) -> Path:
    """Where the tables of a corpus live: data/processed/ for seeds/, data/processed-<name>/ else."""
    corpus = Path(corpus).resolve()
    if corpus == SEEDS.resolve():
        return PROCESSED
    return PROCESSED.parent / f"processed-{slug(corpus.name)}-{hashlib.sha256(str(corpus).encode()).hexdigest()[:6]}"


_IN_PROCESS_LIMIT = 50  # files; above this, load() builds with a pool of worker processes


def load(
    tables: Iterable[str] | str | None = None,
    out: str | os.PathLike | None = None,
    corpus: str | os.PathLike = SEEDS,
    rebuild: str = "if-stale",
) -> dict[str, pd.DataFrame] | pd.DataFrame:
    """Return the built tables (all, a list of names, or one name), building them first when they
    are missing or stale (the corpus or the pipeline changed). Prints nothing.

    out: the tables folder (default: data/processed/ for seeds/, a folder per other corpus).
    rebuild: "if-stale" (default), "never" (fail when missing) or "always".
    """
    corpus = Path(corpus)
    if not corpus.is_absolute() and not corpus.exists():
        corpus = ROOT / corpus  # notebooks run in notebooks/: resolve against the project
    out = Path(out) if out is not None else tables_dir(corpus)
    names = list(TABLE_NAMES) if tables is None else [tables] if isinstance(tables, str) else list(tables)
    unknown = [n for n in names if n not in TABLE_NAMES]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; the tables are: {', '.join(TABLE_NAMES)}")
    if rebuild == "always" or (rebuild == "if-stale" and _stale(out, corpus)):
        if not corpus.exists():
            raise FileNotFoundError(f"corpus folder not found: {corpus}")
        # A large corpus gets every core; a small one stays in-process (a worker pool costs seconds to start).
        n_files = 1 if corpus.is_file() else sum(1 for p in corpus.rglob("*") if p.is_file())
        build(corpus, out, jobs=1 if n_files <= _IN_PROCESS_LIMIT else None, progress=False)
    missing = [n for n in names if not (out / f"{n}.parquet").exists()]
    if missing:
        raise FileNotFoundError(f"tables {missing} not found in {out}; run `python -m analysis build`")
    frames = {n: pd.read_parquet(out / f"{n}.parquet") for n in names}
    return frames[names[0]] if isinstance(tables, str) else frames


def _stale(out: Path, corpus: Path) -> bool:
    try:
        info = json.loads((out / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    if any(not (out / f"{n}.parquet").exists() for n in TABLE_NAMES):
        return True
    if info.get("pipeline_version") != pipeline_version():
        return True
    return corpus.exists() and info.get("corpus_fingerprint") != corpus_fingerprint(corpus)

