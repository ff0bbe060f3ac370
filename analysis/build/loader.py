"""`load()`: what notebooks call: the tables, rebuilt first when missing or stale, silently."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import pandas as pd

from analysis.config import PROCESSED, ROOT, SEEDS
from analysis.read import slug
from analysis.schema import TABLE_NAMES

from .generations import TableStore
from .pipeline import pipeline_version
from .run import build, corpus_fingerprint

__all__ = ["load", "tables_dir", "Tables"]


def tables_dir(corpus: str | os.PathLike = SEEDS) -> Path:
    """Where the tables of a corpus live: data/processed/ for seeds/, data/processed-<name>-<hash>/
    else (or under ``$ANALYSIS_CORPUS_TABLES`` when set: the tests keep their corpora's tables out
    of the project that way)."""
    corpus = Path(corpus).resolve()
    if corpus == SEEDS.resolve():
        return PROCESSED
    parent = Path(os.environ.get("ANALYSIS_CORPUS_TABLES") or PROCESSED.parent)
    return parent / f"processed-{slug(corpus.name)}-{hashlib.sha256(str(corpus).encode()).hexdigest()[:6]}"


_IN_PROCESS_LIMIT = 50  # files; above this, load() builds with a pool of worker processes


def load(
    tables: Iterable[str] | str | None = None,
    out: str | os.PathLike | None = None,
    corpus: str | os.PathLike = SEEDS,
    rebuild: str = "if-stale",
) -> Tables | pd.DataFrame:
    """Return the built tables (all, a list of names, or one name), building them first when they
    are missing, altered or stale (the corpus or the pipeline changed). Prints nothing.

    Several tables come as a `Tables` mapping that reads each table on first use, so a notebook
    that never looks at `tokens` (one row per word) never holds it in memory.

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
        n_files = 1 if corpus.is_file() else sum(len(files) for _, _, files in os.walk(corpus))
        build(corpus, out, jobs=1 if n_files <= _IN_PROCESS_LIMIT else None, progress=False)
    verified = TableStore(out).verified(TABLE_NAMES)
    if verified is None:
        raise FileNotFoundError(f"no complete, verified set of tables in {out}; run `python -m analysis build`")
    frames = Tables(verified[0], names)  # resolved once: every table comes from the same generation
    return frames[names[0]] if isinstance(tables, str) else frames


class Tables(Mapping):
    """Tables of one verified generation by name, each read from Parquet on first use and kept.

    A generation's files are never rewritten, so a table read later is the one that was verified.
    """

    def __init__(self, folder: Path, names: Iterable[str]):
        self._folder = folder
        self._names = tuple(names)
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._names:
            raise KeyError(f"{name!r} is not among the loaded tables: {', '.join(self._names)}")
        if name not in self._frames:
            self._frames[name] = pd.read_parquet(self._folder / f"{name}.parquet")
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"Tables({', '.join(self._names)})"


def _stale(out: Path, corpus: Path) -> bool:
    """True when the current set is missing, incomplete, altered (digests), or was built by
    another pipeline or from another state of the corpus (fingerprint taken before that build)."""
    verified = TableStore(out).verified(TABLE_NAMES)
    if verified is None:
        return True
    info = verified[1]
    if info.get("pipeline_version") != pipeline_version():
        return True
    return corpus.exists() and info.get("corpus_fingerprint") != corpus_fingerprint(corpus)

