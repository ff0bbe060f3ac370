"""Collect a corpus: harvest provincial Party papers and portals into a dated JSON Lines folder.

``python -m analysis collect --out corpus/DIR --sitemap URL --contact EMAIL`` writes
``articles.jsonl`` (``url``, ``title``, ``published``, ``author``, ``outlet``, ``fetched_at``,
``sha256`` of the raw page, ``text``), the raw pages under ``raw/`` and ``collect-log.csv``; the
folder is a corpus that ``python -m analysis build --corpus DIR`` reads as it is.

Modules: `urls` (canonical addresses, hosts), `fetch` (the polite HTTP client: robots.txt,
per-host delay, caps, timeouts), `discover` (sitemaps, feeds and URL lists, with trafilatura's
discovery), `article` (one page -> one article record, with the project's decoder and
trafilatura's extraction), `relevance` (the ``--relevant`` screen from the codebook's stage
terms and document-code patterns), `store` (the corpus folder: append-only files, torn-line
repair, what earlier runs did), `run` (``collect()``). Imports `read`, `extract`, `coding` and
`config` only.
"""
from __future__ import annotations

__all__ = ["CollectOptions", "CollectSummary", "collect"]


def __getattr__(name):
    # `python -m analysis collect --help` imports `analysis.collect.cli` only; the collector
    # (trafilatura, lxml, the extraction rules) loads when it is used.
    if name in __all__:
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
