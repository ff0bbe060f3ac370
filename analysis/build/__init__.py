"""Stage 4, build: the per-document pipeline every engine runs, the cache, the tables, `load()`.

Modules: `pipeline` (one input unit -> the records of every table: read -> extract -> tokens ->
codes), `cache` (per-document results by content and stage version), `engines` (in-process,
worker processes, Dask), `tables` (assembly and Parquet writing with `analysis.schema`), `run`
(`build()`), `loader` (`load()`, what notebooks call), `parse` (the parse contract), `bench` (the
benchmark; imported only by `python -m analysis bench`). Imports `read`, `extract`, `coding`,
`config` and `schema`.
"""
from __future__ import annotations

from .loader import load, tables_dir
from .run import BUILD_INFO, BuildSummary, build, corpus_fingerprint

__all__ = ["build", "load", "tables_dir", "BuildSummary", "BUILD_INFO", "corpus_fingerprint"]
