"""Input units from folders and files: one per .txt/.html file, one per line of a .jsonl file.

Folders are walked recursively in sorted order. Entries that cannot hold an article (unsupported
types, corpus documentation, unreadable files, bad .jsonl lines, hidden files and folders, FIFOs
and devices, symbolic links leaving the corpus folder, files over the size limit) still yield a
`Source` that carries the reason in ``error``, so that the manifest accounts for every entry.
File names that are not valid UTF-8 are read through their lossless ``os.fsdecode`` form and
shown with ``\\xNN`` escapes.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Iterable, Iterator

import trafilatura

from .decode import decode_bytes
from .records import SkipFile, Source

__all__ = ["iter_sources", "html_to_text", "safe_text", "SUPPORTED_EXTENSIONS", "JSONL_FIELDS", "DEFAULT_MAX_BYTES"]

SUPPORTED_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl")
# Files that document a corpus folder rather than hold an article.
CORPUS_DOC_FILES = ("manifest.csv", "readme.md", "readme.txt", "license", "license.md")
JSONL_FIELDS = ("url", "title", "published", "province", "author", "outlet", "source", "fetched_at", "sha256")
# A folder written by `analysis collect` holds its log and the raw pages beside articles.jsonl.
COLLECT_LOG = "collect-log.csv"


# Files larger than this are skipped with their size (a 54 MB "article" is a dump, not an article;
# `--max-bytes` raises it).
DEFAULT_MAX_BYTES = 20_000_000
# JSON nested deeper than this is not an article record (and would exhaust the parser's stack).
MAX_JSON_DEPTH = 64
_JSON_OPENERS = re.compile(r"[\[{]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(text: str) -> str:
    """A string from the file system (undecodable bytes kept as lone surrogates by
    ``os.fsdecode``) made safe for tables and JSON: those bytes shown as ``\\xNN``.

    >>> safe_text(os.fsdecode(b"tin-\\xff.txt"))
    'tin-\\\\xff.txt'
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return safe_text(path.relative_to(root).as_posix())
        except ValueError:
            pass
    return safe_text(path.name if root is None else path.as_posix())


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: Path, unlisted: list[Path]) -> Iterator[Path]:
    """Every entry under ``folder`` in sorted order (a folder's entries right after it); hidden
    entries and symbolic links are yielded, not entered; folders that cannot be listed are added
    to ``unlisted``."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        unlisted.append(folder)
        return
    for entry in entries:
        path = Path(entry.path)
        if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
            yield from _walk(path, unlisted)
            if unlisted and unlisted[-1] == path:
                yield path  # accounted for with the reason it could not be listed
        else:
            yield path


def _expand(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, Path]]:
    """Entries to account for, each with the folder its display path is relative to; sorted, stable.
    A folder given by the caller is walked even when it is a symbolic link."""
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend((child, path) for child in _walk(path, []))
        else:
            found.append((path, path.parent))
    return found


def _refusal(path: Path, root: Path, follow_symlinks: bool, max_bytes: int) -> str | None:
    """Why an entry is not read (hidden, special, outside the corpus, too large), or None."""
    if path.name.startswith("."):
        kind = "folder" if path.is_dir() and not path.is_symlink() else "file"
        return f"hidden {kind} (its name starts with '.'): not read"
    if path.is_dir() and not path.is_symlink():  # only folders that could not be listed get here
        try:
            os.scandir(path).close()
        except OSError as error:
            return f"cannot list folder: {error.strerror or error.__class__.__name__}"
    if path.is_symlink():
        target = os.path.realpath(path)
        if not os.path.exists(target):
            return "broken symbolic link (its target does not exist)"
        if not follow_symlinks and not _inside(target, os.path.realpath(root)):
            return "symbolic link leading outside the corpus folder: not followed (use --follow-symlinks)"
        if os.path.isdir(target):
            return "symbolic link to a folder: not followed"
    try:
        info = path.stat()
    except OSError as error:
        return f"cannot read file: {error.strerror or error.__class__.__name__}"
    if not stat.S_ISREG(info.st_mode):
        what = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a character device"
                if stat.S_ISCHR(info.st_mode) else "a block device" if stat.S_ISBLK(info.st_mode)
                else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        return f"not a regular file ({what}): not read"
    if info.st_size > max_bytes:
        return f"file too large: {info.st_size:,} bytes (the limit is {max_bytes:,}; raise it with --max-bytes)"
    return None


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, opened without blocking (a file swapped for a FIFO cannot hang the build)
    and read no further than the size limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise SkipFile("not a regular file: not read")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SkipFile(f"file too large: over {max_bytes:,} bytes (raise the limit with --max-bytes)")
    return data


def iter_sources(paths: Iterable[str | os.PathLike], follow_symlinks: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source]:
    """Yield every input unit under `paths` (folders are walked recursively, in sorted order).

    Every entry yields at least one `Source`: hidden files and folders, FIFOs and devices,
    symbolic links that leave the corpus folder (unless ``follow_symlinks``), files over
    ``max_bytes`` and unsupported types carry the reason they are not read in ``error``.
    """
    for path, root in _expand(paths):
        shown = _display_path(path, root)
        suffix = path.suffix.lower()
        fmt = safe_text({".htm": "html"}.get(suffix, suffix.lstrip(".") or "none"))
        if root is not None and (root / COLLECT_LOG).is_file() and shown.split("/")[0] in (COLLECT_LOG, "raw"):
            yield Source(shown, None, fmt, None, _size(path), None, {},
                         "record of `analysis collect` (fetch log or raw page), not an article: "
                         "the articles are the lines of articles.jsonl")
            continue
        refusal = _refusal(path, root, follow_symlinks, max_bytes)
        if refusal:
            yield Source(shown, None, fmt, None, _size(path), None, {}, refusal)
            continue
        if path.name.lower() in CORPUS_DOC_FILES:
            yield Source(shown, None, fmt, None, _size(path), None, {},
                         "corpus documentation file (README/MANIFEST/LICENSE), not an article")
            continue
        if suffix not in SUPPORTED_EXTENSIONS:
            yield Source(shown, None, fmt, None, _size(path), None, {},
                         f"unsupported file type {safe_text(suffix) or '(no extension)'!r}; "
                         f"supported: {', '.join(SUPPORTED_EXTENSIONS)}")
            continue
        try:
            data = _read_bounded(path, max_bytes)
        except SkipFile as error:
            yield Source(shown, None, fmt, None, _size(path), None, {}, str(error))
            continue
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
        return path.lstat().st_size
    except OSError:
        return None


def _json_too_deep(line: str) -> bool:
    """True when a line opens more brackets than an article record ever nests (a cheap upper
    bound: brackets inside strings count too, so only lines with many brackets are parsed to check)."""
    if len(_JSON_OPENERS.findall(line)) <= MAX_JSON_DEPTH:
        return False
    depth = deepest = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


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
        if _json_too_deep(line):
            yield Source(shown, number, "jsonl", None, len(data), sha, {},
                         f"line {number}: JSON nested deeper than {MAX_JSON_DEPTH} levels; not an article record")
            continue
        try:
            record = json.loads(line)
        except RecursionError:  # pragma: no cover - guarded by _json_too_deep
            yield Source(shown, number, "jsonl", None, len(data), sha, {}, f"line {number}: JSON nested too deeply")
            continue
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
        if _has_surrogate(body):
            yield Source(shown, number, "jsonl", None, len(data), sha, {},
                         f"line {number}: the 'text' field holds a lone surrogate escape (such as \\ud83d), "
                         "which is not a character: the text is corrupt")
            continue
        # Metadata fields: a lone surrogate is replaced by U+FFFD (the rest of the value is kept).
        variables = {
            key: _SURROGATE.sub("\ufffd", str(record[key]).strip())
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

