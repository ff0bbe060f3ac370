"""Shared module of the notebooks on how Vietnamese provinces report resolution implementation.

The package mirrors the data flow, one subpackage per stage, each importing only the stages
above it: `read` (bytes -> clean text) -> `extract` (metadata, province, references, claims) ->
`coding` (tokens, codebook, KWIC) -> `build` (per-document pipeline, cache, tables, `load`) ->
`compare` (comparative statistics) -> `report` (notebook views, figures, papermill runs);
`schema` declares every table, `config` the paths and data files, `validate` measures extraction
and coding against hand-checked data. `analysis.load()` is `analysis.build.load()` with
near-duplicate (syndicated) documents set aside once for every notebook
(`analysis.report.tables`). Notebooks start with::

    import analysis
    analysis.setup_notebook()
    tables = analysis.load()

The public names below are imported on first use, so `import analysis` stays cheap.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_PUBLIC = {
    "load": ("analysis.report.tables", "load"),
    "build": ("analysis.build", "build"),
    "read_corpus": ("analysis.read", "read_corpus"),
    "kwic": ("analysis.coding", "kwic"),
    "setup_notebook": ("analysis.report.notebook", "setup_notebook"),
    "save": ("analysis.report.figures", "save"),
    "slug": ("analysis.read", "slug"),
    "check_type": ("analysis.params", "check_type"),
    "check_choice": ("analysis.params", "check_choice"),
    "ParameterError": ("analysis.params", "ParameterError"),
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        module, attribute = _PUBLIC[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_PUBLIC))
