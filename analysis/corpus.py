"""Read a folder (or a list of files) of scraped articles into clean, normalised documents.

Load inputs (bytes) -> decode (UTF-8 with/without BOM, UTF-16/32 with BOM, Windows-1258; legacy
TCVN3/VNI font encodings are detected and skipped with a reason naming them) -> normalise
(`analysis.text.normalize_text`: NFC, one tone-mark style, whitespace) -> clean (site chrome from
`analysis/data/chrome-rules.yaml`, repeated paragraphs), recording every removal.

Every input appears in the manifest as ``parsed``, ``skipped`` (with a reason a researcher can act
on) or ``duplicate`` (of which document). Nothing is dropped silently; one bad file never stops
the rest.

>>> from pathlib import Path
>>> result = read_corpus([Path(__file__).resolve().parents[1] / "seeds"])
>>> sorted(result.manifest_frame()["status"].unique().tolist())
['parsed', 'skipped']
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from .text import fold, normalize_text

__all__ = [
    "Document",
    "Removal",
    "ManifestEntry",
    "CorpusResult",
    "SkipFile",
    "read_corpus",
    "iter_sources",
    "read_source",
    "decode_bytes",
    "clean_text",
    "doc_id_for",
    "SUPPORTED_EXTENSIONS",
]

SUPPORTED_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl")
# Files that document a corpus folder rather than hold an article.
CORPUS_DOC_FILES = ("manifest.csv", "readme.md", "readme.txt", "license", "license.md")
JSONL_FIELDS = ("url", "title", "published", "province", "author", "outlet", "source")
RULES_PATH = Path(__file__).with_name("data") / "chrome-rules.yaml"


class SkipFile(Exception):
    """Raised while reading an input that cannot become a document; the message is the reason."""


@dataclass(frozen=True)
class Removal:
    """One piece of text the cleaner removed, with the rule that removed it."""

    kind: str  # "chrome-line" | "footer" | "navigation-label" | "repeated-paragraph" | "decoding"
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
    """What happened to one input (a file, or one line of a .jsonl file)."""

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


@dataclass
class CorpusResult:
    documents: list[Document]
    manifest: list[ManifestEntry]

    def manifest_frame(self):
        import pandas as pd

        return pd.DataFrame([vars(m) for m in self.manifest], columns=list(ManifestEntry.__dataclass_fields__))


# ---------------------------------------------------------------------------------------------
# Decoding

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\xd0\xcf\x11\xe0", "an MS Office (OLE) document such as .doc"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
]

# Letters that exist only in Vietnamese (with diacritics); a correctly decoded Vietnamese text is
# full of them, a mis-decoded one is not.
_VIETNAMESE_LETTERS = set(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
# TCVN3 (ABC) maps Vietnamese letters onto these Latin-1 code points; text decoded from such a
# file (or typed in a TCVN3 font) shows them in large numbers and almost no real Vietnamese letters.
_TCVN3_MARKERS = set("¸µ¶·¹¨©ª«®¬¦§ÆÇË×ØÙÞßåæçëîïñöøûüþ")
_VNI_MARKERS = set("øûïäëöñæåÿ")
# VNI writes a base letter followed by a Latin-1 symbol for the diacritic ("Vieät", "ñaûng").
_TCVN3_MARKER = re.compile("[" + re.escape("".join(sorted(_TCVN3_MARKERS))) + "]")
_VNI_MARKER = re.compile("[" + re.escape("".join(sorted(_VNI_MARKERS))) + "]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_VNI_PATTERN = re.compile(r"[aeiouyAEIOUY][øùûõïâêôæåäöëáàéèò]|ñ[a-zø-ÿ]")


_VIETNAMESE_LETTER = re.compile("[" + "".join(sorted(_VIETNAMESE_LETTERS)) + "]")
_LETTER = re.compile(r"[^\W\d_]")


def _vietnamese_share(text: str) -> float:
    """Share of letters that exist only in Vietnamese (with diacritics)."""
    lowered = text.lower()
    letters = len(_LETTER.findall(lowered))
    return len(_VIETNAMESE_LETTER.findall(lowered)) / letters if letters else 0.0


def _legacy_encoding(text: str) -> str | None:
    """Name the legacy Vietnamese font encoding a decoded text seems to be in, if any.

    Both TCVN3 and VNI leave characters that never occur in Unicode Vietnamese (TCVN3: "¸µ¶·¹§";
    VNI: "ø û ï ä ë ö ñ" after vowels). A few of them (a foreign name) are fine; 3% of the
    letters is not.
    """
    # Regex scans, not per-character Python loops: this runs on every file of the corpus.
    letters = sum(map(len, _LETTER_RUN.findall(text)))
    if letters < 40:
        return None
    tcvn3 = len(_TCVN3_MARKER.findall(text)) / letters
    vni = len(_VNI_MARKER.findall(text)) / letters
    if tcvn3 > 0.03 and tcvn3 >= vni:
        return "TCVN3 (ABC)"
    if vni > 0.03 and _VNI_PATTERN.search(text):
        return "VNI"
    return None


def _fix_double_utf8(text: str) -> str | None:
    """Repair UTF-8 that was decoded as Windows-1252/Latin-1 and saved again ("Tá»‰nh á»§y")."""
    if not re.search("Ã.|á»|áº|Ä‘|Æ°", text):
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _vietnamese_share(repaired) > _vietnamese_share(text):
            return repaired
    return None


def decode_bytes(data: bytes) -> tuple[str, str, list[Removal]]:
    """Decode the bytes of one article; return (text, encoding name, decoding notes).

    Raises `SkipFile` with a specific reason when the bytes are not Vietnamese text we can trust.

    >>> decode_bytes("Tỉnh ủy".encode("utf-8"))[:2]
    ('Tỉnh ủy', 'utf-8')
    >>> decode_bytes(codecs.BOM_UTF8 + "Tỉnh ủy".encode("utf-8"))[:2]
    ('Tỉnh ủy', 'utf-8-sig')
    """
    notes: list[Removal] = []
    if not data:
        raise SkipFile("empty file (0 bytes)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SkipFile(f"binary file: the bytes are {what}, not text")
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        encoding = "utf-32"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    else:
        encoding = None
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise SkipFile(f"invalid {encoding} text at byte {error.start} despite its byte-order mark") from None
    else:
        if b"\x00" in data[:4096]:
            raise SkipFile("binary file: contains NUL bytes and no UTF-16 byte-order mark")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as error:
            tail = len(data) - error.start
            if error.reason == "unexpected end of data" and tail <= 3:
                # The file was cut inside a multi-byte character: keep everything before it.
                text = data[: error.start].decode("utf-8")
                encoding = "utf-8"
                notes.append(Removal("decoding", "truncated-utf8", repr(data[error.start:]), -1))
            else:
                text, encoding = _decode_legacy(data, error)
    if _control_share(text) > 0.01:
        raise SkipFile(f"binary file: {_control_share(text):.0%} control characters after decoding as {encoding}")
    repaired = _fix_double_utf8(text)
    if repaired is not None:
        notes.append(Removal("decoding", "double-encoded-utf8", "text was UTF-8 decoded twice; repaired", -1))
        text = repaired
    legacy = _legacy_encoding(text)
    if legacy:
        raise SkipFile(
            f"legacy Vietnamese font encoding {legacy} detected (almost no Unicode Vietnamese letters); "
            "convert the file to Unicode (e.g. with UniKey's converter) and add it again"
        )
    return text, encoding, notes


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    """Share of control characters (other than line and tab breaks): high in binary data."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """Bytes that are not UTF-8: accept Windows-1258 when it yields Vietnamese, else skip."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        composed = unicodedata.normalize("NFC", text)
        if _vietnamese_share(composed) > 0.08:
            return composed, "windows-1258"
        legacy = _legacy_encoding(composed)
        if legacy:
            raise SkipFile(
                f"legacy Vietnamese font encoding {legacy} detected; convert the file to Unicode "
                "(e.g. with UniKey's converter) and add it again"
            )
    raise SkipFile(
        f"not valid UTF-8 (bad byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
        "and not recognisable as Windows-1258 Vietnamese"
    )


# ---------------------------------------------------------------------------------------------
# Cleaning


@dataclass(frozen=True)
class _Rules:
    line: tuple[tuple[str, re.Pattern], ...]
    tail: tuple[tuple[str, re.Pattern], ...]
    navigation_label_max_words: int
    byline_role_words: tuple[str, ...]
    repeated_paragraph_min_chars: int


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> _Rules:
    """Load and validate the chrome rules file (cached)."""
    rules_path = Path(path) if path else RULES_PATH
    try:
        raw = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{rules_path}: not valid YAML: {error}") from None

    def compile_section(name: str) -> tuple[tuple[str, re.Pattern], ...]:
        compiled, seen = [], set()
        for i, rule in enumerate(raw.get(name) or []):
            if not isinstance(rule, dict) or "id" not in rule or "pattern" not in rule:
                raise ValueError(f"{rules_path}: {name} rule #{i + 1} needs an 'id' and a 'pattern'")
            if rule["id"] in seen:
                raise ValueError(f"{rules_path}: duplicate {name} rule id {rule['id']!r}")
            seen.add(rule["id"])
            try:
                compiled.append((rule["id"], re.compile(fold(rule["pattern"]))))
            except re.error as error:
                raise ValueError(f"{rules_path}: {name} rule {rule['id']!r}: bad pattern: {error}") from None
        return tuple(compiled)

    return _Rules(
        line=compile_section("line"),
        tail=compile_section("tail"),
        navigation_label_max_words=int(raw.get("navigation_label_max_words", 6)),
        byline_role_words=tuple(fold(w) for w in raw.get("byline_role_words", [])),
        repeated_paragraph_min_chars=int(raw.get("repeated_paragraph_min_chars", 60)),
    )


def _match_rule(rules: Iterable[tuple[str, re.Pattern]], line: str) -> str | None:
    key = fold(line).strip(" .:-–—|•·*")
    for rule_id, pattern in rules:
        if pattern.fullmatch(key):
            return rule_id
    return None


_SENTENCE_PUNCTUATION = re.compile(r"[.!?;:,…\"“”()]")


def _looks_like_byline(line: str, role_words: tuple[str, ...]) -> bool:
    words = line.split()
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True  # "HỒ XUÂN HƯƠNG"
    if 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words):
        return True  # "Dương Công Tùy"
    folded = f" {fold(line)} "
    return any(f" {w} " in folded or f" {w}," in folded or f" {w}." in folded for w in role_words)


def _dedupe_key(line: str) -> str:
    key = fold(line)
    key = re.sub(r"[–—‒-]", "-", key)
    key = re.sub(r"\s+", " ", key)
    return key.strip()


def clean_text(normalised: str, rules: _Rules | None = None) -> tuple[str, list[Removal]]:
    """Remove site chrome and repeated paragraphs from normalised text.

    Returns the clean text (one paragraph per line) and the removals, each with the rule.

    >>> text, removed = clean_text("Truy cập hiện tại\\nTỉnh ủy quán triệt nghị quyết.\\nCác tin khác\\nTin 1")
    >>> text
    'Tỉnh ủy quán triệt nghị quyết.'
    >>> [(r.kind, r.rule) for r in removed]
    [('chrome-line', 'visitors-now'), ('footer', 'footer-other-news'), ('footer', 'footer-other-news')]
    """
    rules = rules or load_rules()
    lines = [line for line in normalised.split("\n")]
    keep = [bool(line.strip()) for line in lines]
    removals: dict[int, Removal] = {}
    total = sum(len(line) + 1 for line in lines) or 1

    # Footer: the first tail marker in the second half of the text and everything below it.
    position = 0
    footer_start = None
    for i, line in enumerate(lines):
        if keep[i] and position >= total / 2:
            rule_id = _match_rule(rules.tail, line)
            if rule_id:
                footer_start = i
                for j in range(i, len(lines)):
                    if keep[j]:
                        removals[j] = Removal("footer", rule_id, lines[j], j)
                        keep[j] = False
                break
        position += len(line) + 1

    # Single chrome lines anywhere.
    for i, line in enumerate(lines):
        if keep[i]:
            rule_id = _match_rule(rules.line, line)
            if rule_id:
                removals[i] = Removal("chrome-line", rule_id, line, i)
                keep[i] = False

    # Navigation labels directly above the footer (menu/category names), stopping at a byline.
    if footer_start is not None:
        i = footer_start - 1
        while i >= 0:
            if not lines[i].strip() or not keep[i]:
                i -= 1
                continue
            line = lines[i]
            if (
                len(line.split()) <= rules.navigation_label_max_words
                and not _SENTENCE_PUNCTUATION.search(line)
                and not _looks_like_byline(line, rules.byline_role_words)
            ):
                removals[i] = Removal("navigation-label", "label-above-footer", line, i)
                keep[i] = False
                i -= 1
                continue
            break

    # Repeated paragraphs: an exact repeat, or a paragraph repeated as the start of a later one.
    kept_keys: list[tuple[int, str]] = [(i, _dedupe_key(lines[i])) for i in range(len(lines)) if keep[i]]
    minimum = rules.repeated_paragraph_min_chars
    seen: dict[str, int] = {}
    for index, (i, key) in enumerate(kept_keys):
        if len(key) >= minimum // 2 and key in seen:
            removals[i] = Removal("repeated-paragraph", "exact-repeat", lines[i], i)
            keep[i] = False
            continue
        seen.setdefault(key, i)
        if len(key) >= minimum:
            for _, later in kept_keys[index + 1 : index + 3]:
                if len(later) > len(key) and later.startswith(key):
                    removals[i] = Removal("repeated-paragraph", "repeated-as-start-of-next", lines[i], i)
                    keep[i] = False
                    break

    clean = "\n".join(line.strip() for i, line in enumerate(lines) if keep[i])
    return clean, [removals[i] for i in sorted(removals)]


# ---------------------------------------------------------------------------------------------
# Inputs


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


def doc_id_for(normalised: str) -> str:
    """Stable document id: the first 12 hex digits of the SHA-256 of the normalised text.

    Normalised text does not depend on the chrome rules, so editing the rules keeps ids stable;
    the same article saved in NFC and NFD, or in UTF-8 and Windows-1258, gets the same id.

    >>> doc_id_for("Tỉnh ủy")
    '785a821d38d8'
    """
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def _html_to_text(html: str) -> tuple[str, dict]:
    import trafilatura

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


def read_source(source: Source, rules: _Rules | None = None) -> Document:
    """Turn one input unit into a Document; raises `SkipFile` with the reason when it cannot."""
    if source.error:
        raise SkipFile(source.error)
    assert source.data is not None
    text, encoding, notes = decode_bytes(source.data)
    variables = dict(source.variables)
    if source.format == "html":
        text, html_vars = _html_to_text(text)
        for key, value in html_vars.items():
            variables.setdefault(key, value)
        encoding = f"{encoding}+html"
    normalised = normalize_text(text)
    if not normalised:
        raise SkipFile("no text: the file holds only whitespace" if source.data.strip() == b"" or not text.strip()
                       else "no text left after normalisation")
    clean, removals = clean_text(normalised, rules)
    if not clean.strip():
        raise SkipFile("no article text left after removing site chrome (every line matched a chrome rule)")
    return Document(
        doc_id=doc_id_for(normalised),
        path=source.path if source.line is None else f"{source.path}#L{source.line}",
        format=source.format,
        encoding=encoding,
        text=clean,
        raw_sha256=hashlib.sha256(source.data).hexdigest(),
        variables=variables,
        removals=notes + removals,
    )


def read_corpus(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> CorpusResult:
    """Read every article under `paths` (folders and/or files) into documents plus a manifest.

    Duplicates (the same normalised text, or the same clean text, under another name or line)
    are listed in the manifest with the document they duplicate and are not returned twice.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    documents: list[Document] = []
    manifest: list[ManifestEntry] = []
    by_id: dict[str, Document] = {}
    by_clean: dict[str, Document] = {}
    rules = load_rules()
    for source in iter_sources(paths):
        shown = source.path if source.line is None else f"{source.path}#L{source.line}"
        try:
            document = read_source(source, rules)
        except SkipFile as reason:
            manifest.append(ManifestEntry(shown, source.line, source.format, source.file_bytes, source.file_sha256,
                                          None, "skipped", str(reason), None, None))
            continue
        clean_key = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        original = by_id.get(document.doc_id) or by_clean.get(clean_key)
        if original is not None:
            manifest.append(ManifestEntry(shown, source.line, source.format, source.file_bytes, source.file_sha256,
                                          document.encoding, "duplicate",
                                          f"same article text as {original.path} (doc {original.doc_id})",
                                          original.doc_id, original.doc_id))
            continue
        by_id[document.doc_id] = document
        by_clean[clean_key] = document
        documents.append(document)
        manifest.append(ManifestEntry(shown, source.line, source.format, source.file_bytes, source.file_sha256,
                                      document.encoding, "parsed", None, document.doc_id, None))
    return CorpusResult(documents, manifest)
