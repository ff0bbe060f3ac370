"""Notebook set-up: deterministic display, house figure style, quiet warnings, parameter checks."""
from __future__ import annotations

import warnings
from typing import Iterable

__all__ = ["setup_notebook", "check_choice", "check_type", "ParameterError"]


class ParameterError(ValueError):
    """A notebook parameter is invalid; the message lists the valid values."""


def setup_notebook() -> None:
    """Fix pandas display options and the figure style; silence warnings that would make nbval
    outputs differ between runs (their text carries temporary file names)."""
    import pandas as pd

    from .figures import apply_style

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


def check_type(name: str, value, expected: type | tuple[type, ...]) -> None:
    """Fail with a clear message when a papermill parameter has the wrong type."""
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
        raise ParameterError(f"parameter {name!r} must be {names}, got {type(value).__name__} {value!r}")


def check_choice(name: str, value, valid: Iterable, what: str = "value") -> None:
    """Fail with a message listing the valid values when `value` is not one of them."""
    valid = sorted({str(v) for v in valid})
    if str(value) not in valid:
        shown = ", ".join(valid) if valid else "(none in this corpus)"
        raise ParameterError(f"parameter {name!r}: {value!r} is not a valid {what}; valid: {shown}")
