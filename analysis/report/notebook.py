"""Notebook set-up: deterministic display, readable tables, house figure style, quiet warnings,
parameter checks.

Tables (DataFrames) shown in a notebook are rendered by `frame_html` and `frame_text`: missing
values are blank (never "NaN"), an empty table is a "None found" line, wide tables scroll
sideways, long tables show their first rows (and, in a report run, link to the full CSV), and
resolution keys ("plenum:11:4") carry their human label ("Hội nghị Trung ương 4 khóa XI").
"""
from __future__ import annotations

import html
import os
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.params import ParameterError, check_choice, check_type

from .common import is_central_key, resolution_label
from .figures import apply_style

__all__ = ["setup_notebook", "check_choice", "check_type", "ParameterError", "frame_html", "frame_text",
           "labelled"]

_KEY_COLUMNS = ("key", "first_follow_up_key")
_table_counter = [0]


def setup_notebook() -> None:
    """Fix pandas display options and the figure style; render tables readably; silence warnings
    that would make nbval outputs differ between runs (their text carries temporary file names)."""
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.min_rows", 60)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.precision", 3)
    pd.set_option("display.float_format", _float)
    warnings.filterwarnings("ignore")
    apply_style()
    try:  # inline PNG figures without the random metadata of other backends
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except Exception:
        pass
    _table_counter[0] = 0
    try:
        from IPython import get_ipython  # present in a kernel only
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        formatters = shell.display_formatter.formatters
        formatters["text/html"].for_type(pd.DataFrame, frame_html)
        formatters["text/plain"].for_type(pd.DataFrame, lambda frame, printer, cycle: printer.text(frame_text(frame)))
        formatters["text/plain"].for_type(list, _list_text)


def _list_text(items, printer, cycle) -> None:
    """A list of names reads as a sentence ("An Giang, Bắc Ninh, ..."), not as 60 quoted lines."""
    if items and all(isinstance(item, str) for item in items):
        printer.text(textwrap.fill(", ".join(items), width=110))
    else:
        printer.text(repr(items))


def _float(value: float) -> str:
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a human label beside every column of resolution keys, and congress/plenum
    keys used as column names or index values replaced by their labels."""
    out = frame
    if not any(c in out.columns for c in ("label", "label_vi", "label_en")):
        for column in [c for c in _KEY_COLUMNS if c in out.columns]:
            values = out[column]
            if values.map(is_central_key).any():
                labels = values.map(lambda k: resolution_label(k) if is_central_key(k) else "")
                out = out.copy()
                out.insert(out.columns.get_loc(column) + 1, f"{column} (label)" if column != "key" else "resolution",
                           labels)
    if any(is_central_key(c) for c in out.columns):
        out = out.rename(columns=lambda c: resolution_label(c) if is_central_key(c) else c)
    if not isinstance(out.index, pd.MultiIndex) and any(is_central_key(i) for i in out.index):
        out = out.rename(index=lambda i: resolution_label(i) if is_central_key(i) else i)
    return out


def _plain_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable (extension) columns as NumPy floats or objects with None, which `na_rep` blanks
    (pandas prints <NA> of extension arrays whatever na_rep says)."""
    out = frame
    for i, dtype in enumerate(frame.dtypes):
        if dtype == object and frame.iloc[:, i].isna().any():  # None in an object column prints "None"
            column = frame.iloc[:, i]
            if out is frame:
                out = frame.copy()
            out.isetitem(i, column.where(column.notna(), np.nan))
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and not isinstance(dtype, pd.CategoricalDtype):
            column = frame.iloc[:, i]
            if pd.api.types.is_float_dtype(dtype):
                converted = column.astype("float64")
            else:
                converted = column.astype(object).where(column.notna(), np.nan)
            if out is frame:
                out = frame.copy()
            out.isetitem(i, converted)
    return out


def _split(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    limit = pd.get_option("display.max_rows") or len(frame)
    shown, more = (frame.head(limit), len(frame) - limit) if len(frame) > limit else (frame, 0)
    return _plain_missing(shown), more


def _full_csv(frame: pd.DataFrame) -> str | None:
    """In a report run, the whole table as a CSV in the report's folder; its file name."""
    folder, name = os.environ.get("ANALYSIS_REPORT_DIR"), os.environ.get("ANALYSIS_REPORT_NAME")
    if not folder or not name:
        return None
    _table_counter[0] += 1
    file = f"table-{_table_counter[0]}--{name}.csv"
    frame.to_csv(Path(folder) / file, index=_show_index(frame), lineterminator="\n",
                 float_format="%.6g")
    return file


def _show_index(frame: pd.DataFrame) -> bool:
    """Row numbers (a RangeIndex, or the unnamed integer index left by a filter) say nothing."""
    index = frame.index
    return not (isinstance(index, pd.RangeIndex)
                or (index.name is None and not isinstance(index, pd.MultiIndex) and pd.api.types.is_integer_dtype(index)))


def frame_html(frame: pd.DataFrame) -> str:
    """HTML for a table as a reader should see it (see the module docstring)."""
    if len(frame) == 0:
        return '<p class="none-found"><em>None found</em> (the table has no rows).</p>'
    shown, more = _split(labelled(frame))
    table = shown.to_html(na_rep="", index=_show_index(shown), border=0, escape=True, notebook=True)
    out = f'<div class="table-scroll" style="overflow-x:auto;max-width:100%">{table}</div>'
    if more:
        file = _full_csv(labelled(frame))
        link = f' The full table: <a href="{html.escape(file)}">{html.escape(file)}</a>.' if file else ""
        out += f"<p><em>First {len(shown):,} of {len(frame):,} rows shown.</em>{link}</p>"
    return out


def frame_text(frame: pd.DataFrame) -> str:
    """Plain text for a table: blanks for missing values, "None found" for an empty table."""
    if len(frame) == 0:
        return "None found (the table has no rows)."
    shown, more = _split(labelled(frame))
    text = shown.to_string(na_rep="", index=_show_index(shown), max_colwidth=pd.get_option("display.max_colwidth"))
    return text + (f"\n[first {len(shown):,} of {len(frame):,} rows shown]" if more else "")
