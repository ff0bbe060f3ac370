"""Tables assembled from per-document columns and written as Parquet with the schema's types."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.coding import densities
from analysis.schema import TABLES

from .files import atomic_path
from .records import column_length

__all__ = ["Accumulator", "table_frame", "densities_frame", "write_table"]


# Columns whose values mix numbers and strings across records ("12", "12a"); stored as strings.
_STRING_COLUMNS = {"references": ("number",)}


class Accumulator:
    """Column lists of one table (or of one batch of it), extended document by document
    (C-speed list.extend)."""

    def __init__(self) -> None:
        self.columns: dict[str, list] = {}
        self.length = 0

    def extend(self, columns: dict[str, list]) -> None:
        n = column_length(columns)
        if not n:
            return
        for key, values in columns.items():
            if key not in self.columns:
                self.columns[key] = [None] * self.length
            self.columns[key].extend(values)
        self.length += n
        for key, values in self.columns.items():
            if len(values) < self.length:
                values.extend([None] * (self.length - len(values)))


def table_frame(name: str, rows: Accumulator, sort: bool = True) -> pd.DataFrame:
    """The rows as a DataFrame with the schema's columns (mixed columns as strings, lists and
    dicts as JSON), sorted by the schema's sort keys unless ``sort`` is False."""
    columns = TABLES[name].columns
    unknown = sorted(set(rows.columns) - set(columns))
    if unknown:  # a record field the schema does not declare is a bug, not a new column
        raise ValueError(f"table {name!r}: columns {unknown} are not in analysis/schema.py")
    frame = pd.DataFrame({key: rows.columns.get(key, [None] * rows.length) for key in columns}, columns=columns)
    for column in _STRING_COLUMNS.get(name, ()):
        frame[column] = frame[column].map(lambda v: None if v is None or v != v else str(v)).astype(object)
    for column in frame.columns:  # lists and dicts (evidence, extra fields) are stored as JSON text
        if name in ("tokens", "sentences") or frame[column].dtype != object:
            continue  # all-scalar tables: skip a scan of millions of rows
        if frame[column].map(lambda v: isinstance(v, (list, dict))).any():
            frame[column] = frame[column].map(
                lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v)
    if sort and not frame.empty:
        frame = frame.sort_values(list(TABLES[name].sort_keys), kind="mergesort").reset_index(drop=True)
    return frame


def densities_frame(codings: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document and code: matches and coded sentences, raw and per 1,000 words (every code of
    the codebook for every document, zeros included, so absences count)."""
    return densities(codings, dict(zip(documents["doc_id"], documents["n_words"].fillna(0).astype(int))))


def write_table(name: str, frame: pd.DataFrame, path: Path) -> None:
    """Write one table as Parquet with the schema's column order and types, atomically."""
    schema = TABLES[name].arrow_schema
    unknown = [c for c in frame.columns if c not in schema.names]
    missing = [c for c in schema.names if c not in frame.columns]
    if unknown or missing:
        raise ValueError(f"table {name!r} does not match analysis/schema.py: "
                         f"unknown columns {unknown}, missing columns {missing}")
    table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")
