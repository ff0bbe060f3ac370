"""`analysis.load()`: the tables every notebook reads, with syndicated copies set aside once.

`analysis.build.load()` returns the tables as built, one row per input document. A real corpus holds
the same article reprinted by several outlets (syndication) and near-copies with a few words edited;
counted twice, one report weighs twice in a province's profile, its claims are audited twice and its
words look "formulaic" because they are shared with itself. Deciding this once, here, means every
notebook (profiles, audit, trace, comparisons) counts the same documents.

Default (``duplicates="drop"``): near-duplicate pairs are found with
:func:`analysis.compare.near_duplicates` (Jaccard similarity of 5-syllable shingles >= 0.8; the
canonical copy is the earlier ``published``, then the longer, then the smaller doc_id); the other copy
is removed from every table with a ``doc_id`` (the manifest keeps every input). What was set aside is
the ``set_aside`` table (the pairs, with ``keep`` and ``drop``), which 00-explore-corpus lists.
``duplicates="keep"`` returns the tables as built (``set_aside`` still lists the pairs).
"""
from __future__ import annotations

import hashlib
import inspect
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from analysis.build import load as load_built
from analysis.build.files import atomic_path, atomic_write_bytes
from analysis.build.loader import tables_dir
from analysis.build.run import BUILD_INFO
from analysis.compare import near_duplicates
from analysis.config import ROOT, SEEDS
from analysis.params import check_choice

__all__ = ["load", "DUPLICATE_CHOICES"]

DUPLICATE_CHOICES = ("drop", "keep")


def load(tables=None, out: str | os.PathLike | None = None, corpus: str | os.PathLike = SEEDS,
         rebuild: str = "if-stale", duplicates: str = "drop") -> dict[str, pd.DataFrame] | pd.DataFrame:
    """The built tables (all, a list of names, or one name; see `analysis.build.load`), with
    near-duplicate documents removed from every table when ``duplicates="drop"`` (the default),
    plus the ``set_aside`` table of the pairs found."""
    check_choice("duplicates", duplicates, DUPLICATE_CHOICES, "choices")
    built = load_built(None, out=out, corpus=corpus, rebuild=rebuild)
    pairs = _near_duplicates_cached(built, _tables_folder(out, corpus))
    dropped = set()
    if duplicates == "drop":
        dropped = set(pairs.loc[pairs["is_near_duplicate"].astype(bool), "drop"])
    frames = _WithoutDocuments(built, dropped, pairs.reset_index(drop=True))
    if tables is None:
        return frames
    if isinstance(tables, str):
        return frames[tables]
    return {name: frames[name] for name in tables}


class _WithoutDocuments(Mapping):
    """The built tables with some documents removed, each table filtered when first read (the
    built tables are read lazily, so a notebook that never reads ``tokens`` never loads it)."""

    def __init__(self, built: Mapping, dropped: set, set_aside: pd.DataFrame):
        self._built, self._dropped, self._frames = built, dropped, {"set_aside": set_aside}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            frame = self._built[name]
            if name != "manifest" and self._dropped and "doc_id" in frame.columns:
                frame = frame[~frame["doc_id"].isin(self._dropped)].reset_index(drop=True)
            self._frames[name] = frame
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._built, "set_aside"])

    def __len__(self) -> int:
        return len(self._built) + 1


_CACHE_NAME = "near-duplicates.parquet"


def _tables_folder(out, corpus) -> Path:
    if out is not None:
        return Path(out)
    corpus = Path(corpus)
    if not corpus.is_absolute() and not corpus.exists():
        corpus = ROOT / corpus
    return tables_dir(corpus)


def _near_duplicates_cached(frames: dict, folder: Path) -> pd.DataFrame:
    """The near-duplicate pairs, computed once per build of the tables and kept beside them, keyed
    by the SHA-256 of the build's info file and of the module that finds them (shingling 2,000 articles costs tens of seconds)."""
    info = folder / BUILD_INFO
    # the build (its digests) and the code that finds the pairs: either changing recomputes them
    code = Path(inspect.getsourcefile(near_duplicates)).read_bytes()
    key = hashlib.sha256(info.read_bytes() + code).hexdigest() if info.exists() else None
    cache, stamp = folder / _CACHE_NAME, folder / (_CACHE_NAME + ".key")
    if key is not None and cache.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == key:
        return pd.read_parquet(cache)
    pairs = near_duplicates(frames["tokens"], frames["documents"])
    if key is not None:
        try:
            with atomic_path(cache) as tmp:  # never a half-written cache under a valid key
                pairs.to_parquet(tmp, index=False)
            atomic_write_bytes(stamp, key.encode("utf-8"))
        except OSError:  # a read-only tables folder: compute every time
            pass
    return pairs
