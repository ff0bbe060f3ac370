"""The typed records of the read stage: an input unit, a removal, a document, a manifest entry.

``Source.shown_path`` is the one place that writes an input's display path ("file.jsonl#L3" for
a line of a .jsonl file); every table and message uses it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

__all__ = ["SkipFile", "Source", "Removal", "Document", "ManifestEntry", "CorpusResult", "shown_path"]


def shown_path(path: str, line: int | None) -> str:
    """How an input is named in tables: the path, with ``#L<line>`` for a line of a .jsonl file.

    >>> shown_path("a.txt", None), shown_path("corpus.jsonl", 3)
    ('a.txt', 'corpus.jsonl#L3')
    """
    return path if line is None else f"{path}#L{line}"


class SkipFile(Exception):
    """Raised while reading an input that cannot become a document; the message is the reason."""


@dataclass(frozen=True)
class Source:
    """One input unit: a file, or one line of a .jsonl file."""

    path: str  # as shown in tables: relative to the corpus folder, POSIX separators
    line: int | None
    format: str
    data: bytes | None  # raw bytes of the unit (None when the file could not be read)
    file_bytes: int | None
    file_sha256: str | None
    variables: dict
    error: str | None = None

    @property
    def shown_path(self) -> str:
        return shown_path(self.path, self.line)


@dataclass(frozen=True)
class Removal:
    """One piece of text the cleaner removed, with the rule that removed it."""

    kind: str  # "chrome-line" | "chrome-prefix" | "footer" | "navigation-label" | "repeated-paragraph" | "decoding"
    rule: str
    text: str
    line: int  # 0-based line of the normalised (pre-cleaning) text; -1 for decoding notes


@dataclass
class Document:
    """A parsed article. ``text`` is the clean text every offset in every table refers to."""

    doc_id: str
    path: str
    format: str
    encoding: str
    text: str
    raw_sha256: str
    variables: dict = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)

    @property
    def n_chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class ManifestEntry:
    """What happened to one input (a file, or one line of a .jsonl file): a row of `manifest`."""

    path: str
    line: int | None
    format: str
    bytes: int | None
    sha256: str | None
    encoding: str | None
    status: str  # "parsed" | "skipped" | "duplicate"
    reason: str | None
    doc_id: str | None
    duplicate_of: str | None

    @classmethod
    def of(cls, source: Source, status: str, reason: str | None = None, doc_id: str | None = None,
           encoding: str | None = None, duplicate_of: str | None = None) -> "ManifestEntry":
        """The entry of one input unit (its path, line, format, size and hash come from ``source``)."""
        return cls(source.shown_path, source.line, source.format, source.file_bytes, source.file_sha256,
                   encoding, status, reason, doc_id, duplicate_of)

    def as_row(self) -> dict:
        return asdict(self)


@dataclass
class CorpusResult:
    documents: list[Document]
    manifest: list[ManifestEntry]

    def manifest_frame(self) -> pd.DataFrame:
        return pd.DataFrame([m.as_row() for m in self.manifest], columns=list(ManifestEntry.__dataclass_fields__))
