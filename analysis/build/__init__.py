"""Stage 4, build: the per-document pipeline every engine runs, the cache, the tables, `load()`.

Modules: `pipeline` (one input unit -> a typed `records.DocumentResult`: `read_stage` (read ->
extract -> tokens) then `code_stage` (codes)), `versions` (stage keys derived from the modules
and data files each stage uses), `cache` (checksummed per-document results by content and stage
version), `engines` (in-process, worker processes, Dask), `tables` (assembly and Parquet writing
with `analysis.schema`), `generations` (table sets switched atomically, digests, the build lock),
`run` (`build()`), `loader` (`load()`, what notebooks call), `parse` (the parse contract),
`bench` (the benchmark; imported only by `python -m analysis bench`). Imports `read`, `extract`, `coding`,
`config` and `schema`.
"""
from __future__ import annotations

from .loader import load, tables_dir
from .generations import BUILD_INFO
from .run import BuildSummary, build, corpus_fingerprint

__all__ = ["build", "load", "tables_dir", "BuildSummary", "BUILD_INFO", "corpus_fingerprint"]
