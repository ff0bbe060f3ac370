"""Typed per-document results of the build's two stages, as columns per table.

A `ReadResult` is what stage "read" gives for one input unit: its manifest row and, when it was
parsed, the column lists of every table but `codings` (tokens without `is_stop`). A
`DocumentResult` adds the `CodeResult` of stage "code" (codings and stopword marks), or the
error that stage raised. Both are plain, picklable dataclasses:
worker processes and Dask send them back, and the cache stores them (never one made by an
unexpected exception: ``error`` is set then, and the build does not cache it).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

__all__ = ["ReadResult", "CodeResult", "DocumentResult", "LiveObjects", "to_columns", "column_length", "rows_of"]

Columns = dict[str, list]


def to_columns(records: list[dict]) -> Columns:
    """Records (dicts) -> {column: values}; columns missing from a record get None.

    >>> to_columns([{"a": 1}, {"a": 2, "b": 3}])
    {'a': [1, 2], 'b': [None, 3]}
    """
    columns: Columns = {}
    for i, record in enumerate(records):
        for key in record:
            if key not in columns:
                columns[key] = [None] * i
        for key, values in columns.items():
            values.append(record.get(key))
    return columns


def column_length(columns: Columns) -> int:
    return len(next(iter(columns.values()))) if columns else 0


def rows_of(columns: Columns) -> list[dict]:
    """{column: values} -> records (dicts), the inverse of `to_columns`.

    >>> rows_of({'a': [1, 2], 'b': [None, 3]})
    [{'a': 1, 'b': None}, {'a': 2, 'b': 3}]
    """
    keys = list(columns)
    return [dict(zip(keys, values)) for values in zip(*columns.values())]


@dataclass
class LiveObjects:
    """The sentence and token objects stage "read" just made in this process (saves stage "code"
    rebuilding them from the columns); never cached, never sent between processes."""

    sentences: list
    tokens_by_sentence: list[list]


@dataclass
class ReadResult:
    """Stage "read" of one input unit: its manifest row and the columns of every table it fills."""

    manifest: dict
    tables: dict[str, Columns] = field(default_factory=dict)  # documents, removals, sentences, ...
    error: bool = False  # made by an unexpected exception: a bug to fix, never a cached result

    @property
    def parsed(self) -> bool:
        return self.manifest["status"] == "parsed"

    @property
    def doc_id(self) -> str | None:
        return self.manifest.get("doc_id")

    def table(self, name: str) -> Columns:
        return self.tables.get(name, {})


@dataclass
class CodeResult:
    """Stage "code" of one document: its `codings` columns and its tokens' `is_stop` marks (in
    token order)."""

    codings: Columns
    is_stop: list[bool]


@dataclass
class DocumentResult:
    """Both stages of one input unit. ``code`` is None when stage "code" raised (``coding_error``
    then says how); the read result stays valid and cacheable on its own."""

    read: ReadResult
    code: CodeResult | None = None
    coding_error: str | None = None

    @property
    def manifest(self) -> dict:
        """The manifest row: the read stage's, or a skip naming the coding error."""
        if self.coding_error is None:
            return self.read.manifest
        return dict(self.read.manifest, status="skipped", reason=f"internal error while coding: {self.coding_error}")

    @property
    def parsed(self) -> bool:
        return self.manifest["status"] == "parsed"

    def table(self, name: str) -> Columns:
        if name == "codings":
            return self.code.codings if self.code else {}
        if name == "manifest":
            return to_columns([self.manifest])
        if name == "tokens" and self.code is not None:
            tokens = self.read.table("tokens")
            return {**tokens, "is_stop": self.code.is_stop} if tokens else tokens
        return self.read.table(name)

    def with_manifest(self, **changes) -> "DocumentResult":
        return replace(self, read=replace(self.read, manifest=dict(self.read.manifest, **changes)))
