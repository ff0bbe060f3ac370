"""Notebook set-up: deterministic display, house figure style, quiet warnings, parameter checks."""
from __future__ import annotations

import warnings

import pandas as pd

from analysis.params import ParameterError, check_choice, check_type

from .figures import apply_style

__all__ = ["setup_notebook", "check_choice", "check_type", "ParameterError"]


def setup_notebook() -> None:
    """Fix pandas display options and the figure style; silence warnings that would make nbval
    outputs differ between runs (their text carries temporary file names)."""
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.min_rows", 60)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.precision", 3)
    pd.set_option("display.float_format", lambda value: f"{value:,.3f}".rstrip("0").rstrip("."))
    warnings.filterwarnings("ignore")
    apply_style()
    try:  # inline PNG figures without the random metadata of other backends
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except Exception:
        pass
