"""Parameter checks shared by the comparisons and the notebooks: clear errors that list valid values.

Papermill does not validate parameters (an unknown name only logs a warning, types are not
enforced), so every notebook checks its parameters through these functions.
"""
from __future__ import annotations

from typing import Iterable

__all__ = ["ParameterError", "check_choice", "check_type"]


class ParameterError(ValueError):
    """A parameter is invalid; the message lists the valid values."""


def check_type(name: str, value, expected: type | tuple[type, ...]) -> None:
    """Fail with a clear message when a papermill parameter has the wrong type.

    >>> check_type("max_rows", "many", int)
    Traceback (most recent call last):
    ...
    analysis.params.ParameterError: parameter 'max_rows' must be int, got str 'many'
    """
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
        raise ParameterError(f"parameter {name!r} must be {names}, got {type(value).__name__} {value!r}")


def check_choice(name: str, value, valid: Iterable, what: str = "value") -> None:
    """Fail with a message listing the valid values when `value` is not one of them.

    >>> check_choice("grouping", "district", ["province", "province_2025"], "grouping")
    Traceback (most recent call last):
    ...
    analysis.params.ParameterError: parameter 'grouping': 'district' is not a valid grouping; valid: province, province_2025
    """
    valid = sorted({str(v) for v in valid})
    if str(value) not in valid:
        shown = ", ".join(valid) if valid else "(none in this corpus)"
        raise ParameterError(f"parameter {name!r}: {value!r} is not a valid {what}; valid: {shown}")
