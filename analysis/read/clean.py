"""Site chrome and repeated paragraphs removed from normalised text, each removal recorded.

Rules live in ``analysis/data/chrome-rules.yaml``: whole-line chrome ("Truy cập hiện tại"),
machine-made prefixes of a line ("date 2025-09-27 " before a lede),
footers that start at a tail marker in the second half of a page ("Các tin khác"), menu labels
just above a footer, and paragraphs printed twice (a repeated lede).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from analysis.config import data_file

from .normalize import fold
from .records import Removal

__all__ = ["clean_text", "load_rules"]



@dataclass(frozen=True)
class _Rules:
    line: tuple[tuple[str, re.Pattern], ...]
    tail: tuple[tuple[str, re.Pattern], ...]
    prefix: tuple[tuple[str, re.Pattern], ...]
    navigation_label_max_words: int
    byline_role_words: tuple[str, ...]
    repeated_paragraph_min_chars: int


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> _Rules:
    """Load and validate the chrome rules file (cached)."""
    rules_path = Path(path) if path else data_file("chrome_rules")
    try:
        raw = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{rules_path}: not valid YAML: {error}") from None

    def compile_section(name: str, folded: bool = True) -> tuple[tuple[str, re.Pattern], ...]:
        compiled, seen = [], set()
        for i, rule in enumerate(raw.get(name) or []):
            if not isinstance(rule, dict) or "id" not in rule or "pattern" not in rule:
                raise ValueError(f"{rules_path}: {name} rule #{i + 1} needs an 'id' and a 'pattern'")
            if rule["id"] in seen:
                raise ValueError(f"{rules_path}: duplicate {name} rule id {rule['id']!r}")
            seen.add(rule["id"])
            try:
                pattern = fold(rule["pattern"]) if folded else rule["pattern"]
                compiled.append((rule["id"], re.compile(pattern, 0 if folded else re.IGNORECASE)))
            except re.error as error:
                raise ValueError(f"{rules_path}: {name} rule {rule['id']!r}: bad pattern: {error}") from None
        return tuple(compiled)

    return _Rules(
        line=compile_section("line"),
        tail=compile_section("tail"),
        prefix=compile_section("prefix", folded=False),
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

    # Machine-made prefixes on a kept line ("date 2025-09-27 Sáng 27/9, ..."): the prefix goes, the line stays.
    for i, line in enumerate(lines):
        if keep[i] and rules.prefix:
            stripped = line.lstrip()
            for rule_id, pattern in rules.prefix:
                m = pattern.match(stripped)
                if m and m.end() > 0:
                    removals[i] = Removal("chrome-prefix", rule_id, stripped[:m.end()].strip(), i)
                    lines[i] = stripped[m.end():]
                    keep[i] = bool(lines[i].strip())
                    break

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

