"""Input units from folders and files: one per .txt/.html file, one per line of a .jsonl file.

Folders are walked recursively in sorted order. Files that cannot hold an article (unsupported
types, corpus documentation, unreadable files, bad .jsonl lines) still yield a `Source` that
carries the reason in ``error``, so that the manifest accounts for every input.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

import trafilatura

from .decode import decode_bytes
from .records import SkipFile, Source

__all__ = ["iter_sources", "html_to_text", "SUPPORTED_EXTENSIONS", "JSONL_FIELDS"]

SUPPORTED_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl")
# Files that document a corpus folder rather than hold an article.
CORPUS_DOC_FILES = ("manifest.csv", "readme.md", "readme.txt", "license", "license.md")
JSONL_FIELDS = ("url", "title", "published", "province", "author", "outlet", "source", "fetched_at", "sha256")
# A folder written by `analysis collect` holds its log and the raw pages beside articles.jsonl.
COLLECT_LOG = "collect-log.csv"


def _display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name if root is None else path.as_posix()


def _expand(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, Path | None]]:
    """Files to read, each with the folder its display path is relative to; sorted, stable."""
    found: list[tuple[Path, Path | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() or child.is_symlink():
                    if any(part.startswith(".") for part in child.relative_to(path).parts):
                        continue
                    found.append((child, path))
        else:
            found.append((path, path.parent))
    return found


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Source]:
    """Yield every input unit under `paths` (folders are walked recursively, in sorted order)."""
    for path, root in _expand(paths):
        shown = _display_path(path, root)
        suffix = path.suffix.lower()
        fmt = {".htm": "html"}.get(suffix, suffix.lstrip(".") or "none")
        if root is not None and (root / COLLECT_LOG).is_file() and shown.split("/")[0] in (COLLECT_LOG, "raw"):
            yield Source(shown, None, fmt, None, _size(path), None, {},
                         "record of `analysis collect` (fetch log or raw page), not an article: "
                         "the articles are the lines of articles.jsonl")
            continue
        if path.name.lower() in CORPUS_DOC_FILES:
            yield Source(shown, None, fmt, None, _size(path), None, {},
                         "corpus documentation file (README/MANIFEST/LICENSE), not an article")
            continue
        if suffix not in SUPPORTED_EXTENSIONS:
            yield Source(shown, None, fmt, None, _size(path), None, {},
                         f"unsupported file type {suffix or '(no extension)'!r}; "
                         f"supported: {', '.join(SUPPORTED_EXTENSIONS)}")
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            yield Source(shown, None, fmt, None, None, None, {},
                         f"cannot read file: {error.strerror or error.__class__.__name__}")
            continue
        sha = hashlib.sha256(data).hexdigest()
        if fmt != "jsonl":
            yield Source(shown, None, fmt, data, len(data), sha, {})
            continue
        yield from _jsonl_sources(shown, data, sha)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _jsonl_sources(shown: str, data: bytes, sha: str) -> Iterator[Source]:
    try:
        text, _, _ = decode_bytes(data)
    except SkipFile as error:
        yield Source(shown, None, "jsonl", None, len(data), sha, {}, str(error))
        return
    any_line = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        any_line = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Source(shown, number, "jsonl", None, len(data), sha, {},
                         f"line {number}: invalid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(record, dict):
            yield Source(shown, number, "jsonl", None, len(data), sha, {},
                         f"line {number}: expected a JSON object, found {type(record).__name__}")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Source(shown, number, "jsonl", None, len(data), sha, {},
                         f"line {number}: no article text (the 'text' field is missing or empty)")
            continue
        variables = {
            key: str(record[key]).strip()
            for key in JSONL_FIELDS
            if record.get(key) not in (None, "") and isinstance(record.get(key), (str, int, float))
        }
        yield Source(shown, number, "jsonl", body.encode("utf-8"), len(data), sha, variables)
    if not any_line:
        yield Source(shown, None, "jsonl", None, len(data), sha, {}, "empty .jsonl file (no lines)")




def html_to_text(html: str) -> tuple[str, dict]:
    """Main text of an HTML page (trafilatura; markup is parsed, never executed) and its metadata
    (title, date, author, url) as document variables; the title heads the text."""
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_images=False
    )
    if extracted is None:
        raise SkipFile("HTML page with no extractable article text (trafilatura found no main content)")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = data.get("text") or ""
    if not body.strip():
        raise SkipFile("HTML page with no extractable article text (trafilatura found no main content)")
    variables = {}
    for source_key, key in (("title", "title"), ("date", "published"), ("author", "author"), ("url", "url")):
        if data.get(source_key):
            variables[key] = str(data[source_key]).strip()
    title = variables.get("title")
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n{body}"
    return body, variables

