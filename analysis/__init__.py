"""Shared module of the notebooks on how Vietnamese provinces report resolution implementation.

The package parses raw articles into tidy, evidence-linked tables (`python -m analysis build`)
and provides the comparisons and figures the notebooks show. Notebooks start with::

    import analysis
    analysis.setup_notebook()
    tables = analysis.load()

Heavy submodules are imported on first use, so `import analysis` stays cheap.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "load": ("analysis.build", "load"),
    "build": ("analysis.build", "build"),
    "read_corpus": ("analysis.corpus", "read_corpus"),
    "kwic": ("analysis.coding", "kwic"),
    "setup_notebook": ("analysis.notebook", "setup_notebook"),
}


def __getattr__(name: str):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
