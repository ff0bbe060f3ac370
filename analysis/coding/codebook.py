"""The codebook: categories and codes with Vietnamese terms, loaded from a validated YAML file.

``analysis/data/codebook.yaml`` (documented in ``docs/codebook.md``) lists categories (stage,
channel, audience, level, voice) and codes, each with terms and context conditions. A malformed
file raises `CodebookError` naming the file and the bad entry.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.config import data_file
from analysis.read.normalize import fold

__all__ = ["CodebookError", "Codebook", "Code", "Term", "load_codebook", "parse_codebook", "phrase_syllables"]


class CodebookError(ValueError):
    """The codebook file is malformed; the message names the file and the bad entry."""


# --------------------------------------------------------------------------- phrases

# Punctuation written next to a word in a term ("cán bộ, công chức") is its own token in text.
_EDGE_PUNCT = re.compile(r"^([,;:!?“”\"'()\[\]…]*)(.*?)([,;:!?“”\"'()\[\]…]*)$")


def phrase_syllables(phrase: str) -> tuple[str, ...]:
    """Folded syllables of a codebook phrase, with edge punctuation split off.

    >>> phrase_syllables("Cán bộ, Công Chức")
    ('cán', 'bộ', ',', 'công', 'chức')
    >>> phrase_syllables("Uỷ ban")
    ('ủy', 'ban')
    """
    out: list[str] = []
    for chunk in fold(unicodedata.normalize("NFC", phrase)).split():
        lead, core, trail = _EDGE_PUNCT.match(chunk).groups()
        out.extend(lead)
        if core:
            out.append(core)
        out.extend(trail)
    return tuple(out)


@dataclass(frozen=True)
class Term:
    """One codebook term with its context conditions (phrases are folded syllable tuples)."""

    text: str
    syllables: tuple[str, ...]
    whole_token: bool
    requires: tuple[tuple[str, ...], ...] = ()
    requires_window: int | None = None
    excludes: tuple[tuple[str, ...], ...] = ()
    excludes_near: tuple[tuple[str, ...], ...] = ()
    near_window: int | None = None
    at_start: bool = False


@dataclass(frozen=True)
class Code:
    """One code of a category, as declared in the codebook."""

    name: str
    category: str
    label: str
    gloss_en: str
    definition: str
    examples: tuple[str, ...]
    terms: tuple[Term, ...]
    excludes: tuple[tuple[str, ...], ...] = ()
    excludes_near: tuple[tuple[str, ...], ...] = ()
    near_window: int | None = None
    suppressed_by: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``"category:code"``, the unambiguous name used by :func:`kwic`."""
        return f"{self.category}:{self.name}"


@dataclass(frozen=True)
class Codebook:
    """A validated codebook: categories in file order, codes in file order."""

    categories: dict[str, dict[str, str]]
    codes: tuple[Code, ...]
    path: str = ""
    _by_first: dict[str, tuple[tuple[Code, Term], ...]] = field(default_factory=dict, repr=False)

    def code(self, name: str) -> Code:
        """Look a code up by ``"code"`` or ``"category:code"``; KeyError lists valid names."""
        for c in self.codes:
            if name in (c.name, c.key):
                return c
        raise KeyError(f"unknown code {name!r}; valid codes: {', '.join(c.key for c in self.codes)}")

    def codes_in(self, category: str) -> list[Code]:
        return [c for c in self.codes if c.category == category]

    def table(self) -> pd.DataFrame:
        """The codebook as a tidy table: one row per term (for notebooks and the README)."""
        rows = [
            {"category": c.category, "code": c.name, "label": c.label, "gloss_en": c.gloss_en,
             "term": ("^ " if t.at_start else "") + t.text,
             "requires": "; ".join(" ".join(p) for p in t.requires),
             "excludes": "; ".join(" ".join(p) for p in t.excludes + t.excludes_near)}
            for c in self.codes for t in c.terms
        ]
        return pd.DataFrame(rows, columns=["category", "code", "label", "gloss_en", "term", "requires", "excludes"])


# --------------------------------------------------------------------------- loading

_CODE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_KEYS = {"code", "category", "label", "gloss_en", "definition", "examples", "terms",
              "excludes", "excludes_near", "near_window", "suppressed_by"}
_TERM_KEYS = {"term", "requires", "requires_window", "excludes", "excludes_near", "near_window", "whole_token",
              "at_start"}
_TOP_KEYS = {"version", "description", "categories", "codes"}


def _phrase_list(value: Any, where: str, key: str) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CodebookError(f"{where}: '{key}' must be a list of non-empty strings, got {value!r}")
    return tuple(phrase_syllables(v) for v in value)


def _window(value: Any, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CodebookError(f"{where}: '{key}' must be a non-negative integer, got {value!r}")
    return value


def _text_field(entry: Mapping, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CodebookError(f"{where}: missing or empty '{key}'")
    return value.strip()


def _parse_term(raw: Any, where: str) -> Term:
    if isinstance(raw, str):
        raw = {"term": raw}
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{where}: a term must be a string or a mapping with 'term', got {raw!r}")
    text = raw.get("term")
    if not isinstance(text, str) or not text.strip():
        raise CodebookError(f"{where}: empty term")
    syllables = phrase_syllables(text)
    where = f"{where} ({text!r})"
    if syllables[0] == "#":
        raise CodebookError(f"{where}: a term cannot begin with '#' (any number); use it after a word or in context phrases")
    unknown = sorted(set(raw) - _TERM_KEYS)
    if unknown:
        raise CodebookError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_TERM_KEYS)}")
    whole = raw.get("whole_token", len(syllables) == 1)
    if not isinstance(whole, bool):
        raise CodebookError(f"{where}: 'whole_token' must be true or false, got {whole!r}")
    requires = _phrase_list(raw.get("requires"), where, "requires")
    if "requires_window" in raw and not requires:
        raise CodebookError(f"{where}: 'requires_window' given without 'requires'")
    near = _phrase_list(raw.get("excludes_near"), where, "excludes_near")
    if "near_window" in raw and not near:
        raise CodebookError(f"{where}: 'near_window' given without 'excludes_near'")
    at_start = raw.get("at_start", False)
    if not isinstance(at_start, bool):
        raise CodebookError(f"{where}: 'at_start' must be true or false, got {at_start!r}")
    return Term(
        text=text.strip(), syllables=syllables, whole_token=whole, requires=requires,
        requires_window=_window(raw.get("requires_window"), where, "requires_window"),
        excludes=_phrase_list(raw.get("excludes"), where, "excludes"),
        excludes_near=near, near_window=_window(raw.get("near_window"), where, "near_window"),
        at_start=at_start,
    )


def _parse_code(raw: Any, index: int, categories: Mapping, source: str) -> Code:
    where = f"{source}: codes[{index}]"
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{where}: a code must be a mapping, got {raw!r}")
    name = raw.get("code")
    if not isinstance(name, str) or not _CODE_NAME.match(name):
        raise CodebookError(f"{where}: 'code' must be a lower-case identifier (a-z, 0-9, _), got {name!r}")
    where = f"{source}: code '{name}' (codes[{index}])"
    unknown = sorted(set(raw) - _CODE_KEYS)
    if unknown:
        raise CodebookError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_CODE_KEYS)}")
    category = raw.get("category")
    if category not in categories:
        raise CodebookError(f"{where}: unknown category {category!r}; declared categories: {', '.join(categories)}")
    gloss = _text_field(raw, "gloss_en", where)
    definition = _text_field(raw, "definition", where)
    label = raw.get("label", name)
    if not isinstance(label, str) or not label.strip():
        raise CodebookError(f"{where}: 'label' must be a non-empty string")
    examples = raw.get("examples")
    if not isinstance(examples, list) or not examples or not all(isinstance(e, str) and e.strip() for e in examples):
        raise CodebookError(f"{where}: 'examples' must be a non-empty list of sentences")
    terms_raw = raw.get("terms")
    if not isinstance(terms_raw, list) or not terms_raw:
        raise CodebookError(f"{where}: empty term list ('terms' must be a non-empty list)")
    terms = tuple(_parse_term(t, f"{where} terms[{i}]") for i, t in enumerate(terms_raw))
    seen: dict[tuple[str, ...], int] = {}
    for i, term in enumerate(terms):
        if term.syllables in seen:
            raise CodebookError(f"{where}: duplicate term {term.text!r} (terms[{seen[term.syllables]}] and terms[{i}])")
        seen[term.syllables] = i
    near = _phrase_list(raw.get("excludes_near"), where, "excludes_near")
    if "near_window" in raw and not near:
        raise CodebookError(f"{where}: 'near_window' given without 'excludes_near'")
    suppressed = raw.get("suppressed_by") or []
    if not isinstance(suppressed, list) or not all(isinstance(s, str) for s in suppressed):
        raise CodebookError(f"{where}: 'suppressed_by' must be a list of code names")
    return Code(
        name=name, category=category, label=label.strip(), gloss_en=gloss, definition=definition,
        examples=tuple(e.strip() for e in examples), terms=terms,
        excludes=_phrase_list(raw.get("excludes"), where, "excludes"),
        excludes_near=near, near_window=_window(raw.get("near_window"), where, "near_window"),
        suppressed_by=tuple(suppressed),
    )


def parse_codebook(data: Any, source: str = "codebook") -> Codebook:
    """Validate an already-parsed codebook mapping (see :func:`load_codebook`)."""
    if not isinstance(data, Mapping):
        raise CodebookError(f"{source}: the codebook must be a mapping with 'categories' and 'codes'")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise CodebookError(f"{source}: unknown top-level key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}")
    categories_raw = data.get("categories")
    if not isinstance(categories_raw, Mapping) or not categories_raw:
        raise CodebookError(f"{source}: 'categories' must be a non-empty mapping of category name -> description")
    categories: dict[str, dict[str, str]] = {}
    for cat, info in categories_raw.items():
        where = f"{source}: category {cat!r}"
        if not isinstance(cat, str) or not _CODE_NAME.match(cat):
            raise CodebookError(f"{where}: category names must be lower-case identifiers")
        if not isinstance(info, Mapping):
            raise CodebookError(f"{where}: must be a mapping with 'gloss_en' and 'definition'")
        categories[cat] = {"gloss_en": _text_field(info, "gloss_en", where),
                           "definition": _text_field(info, "definition", where)}
    codes_raw = data.get("codes")
    if not isinstance(codes_raw, list) or not codes_raw:
        raise CodebookError(f"{source}: 'codes' must be a non-empty list")
    codes: list[Code] = []
    first_seen: dict[str, int] = {}
    for i, raw in enumerate(codes_raw):
        code = _parse_code(raw, i, categories, source)
        if code.name in first_seen:
            raise CodebookError(
                f"{source}: duplicate code '{code.name}' (codes[{first_seen[code.name]}] and codes[{i}]); "
                "code names must be unique in the codebook")
        first_seen[code.name] = i
        codes.append(code)
    for i, code in enumerate(codes):
        for other in code.suppressed_by:
            if other not in first_seen:
                raise CodebookError(f"{source}: code '{code.name}' (codes[{i}]): 'suppressed_by' names unknown code {other!r}")
    by_first: dict[str, list[tuple[Code, Term]]] = {}
    for code in codes:
        for term in code.terms:
            by_first.setdefault(term.syllables[0], []).append((code, term))
    return Codebook(categories, tuple(codes), source, {k: tuple(v) for k, v in by_first.items()})


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Codebook:
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{name}: not UTF-8 text ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        place = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CodebookError(f"{name}: invalid YAML{place}: {problem}") from None
    return parse_codebook(data, name)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook (default: the packaged ``analysis/data/codebook.yaml``).

    Raises :class:`CodebookError` naming the file and the bad entry: invalid YAML (with line
    and column), unknown category, duplicate code or term, empty term list, missing gloss or
    definition, wrongly typed ``requires``/``excludes``/windows, unknown keys. Results are
    cached per file version.

    >>> cb = load_codebook()
    >>> list(cb.categories)[:5]
    ['stage', 'channel', 'audience', 'level', 'voice']
    >>> cb.code("stage:quan_triet").label
    'quán triệt'
    """
    p = Path(path) if path is not None else data_file("codebook")
    try:
        stat = p.stat()
    except OSError as exc:
        raise CodebookError(f"{p.name}: cannot read the codebook ({exc.strerror})") from None
    return _load_cached(str(p.resolve()), stat.st_mtime_ns, stat.st_size)

