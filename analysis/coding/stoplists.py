"""Stopword lists, both folded (lower-case, canonical tone marks) so that they can be compared
with ``Token.norm``:

- :func:`stopwords`: the general Vietnamese list shipped with underthesea;
- :func:`officialese_stoplist`: formulaic Party/state vocabulary that every provincial report
  uses in the same way, kept in ``analysis/data/stoplist-officialese.txt`` (edit it there; the
  policy is explained at the top of that file and in ``docs/codebook.md``).

A module of its own, apart from the tokenizer: the build marks stopwords in its cheap stage
"code", so editing a list re-marks the tokens without tokenizing anything again.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import underthesea

from analysis.config import data_file
from analysis.read.normalize import fold

__all__ = ["stopwords", "officialese_stoplist", "is_stop", "STOPLIST_PATH"]

STOPLIST_PATH = data_file("stoplist")


def _read_list(path: Path) -> frozenset[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(fold(unicodedata.normalize("NFC", " ".join(line.split()))))
    return frozenset(words)


@functools.cache
def stopwords() -> frozenset[str]:
    """underthesea's Vietnamese stopword list, folded.

    >>> {"của", "và", "các"} <= stopwords()
    True
    """
    path = Path(underthesea.__file__).resolve().parent / "datasets" / "stopwords" / "stopwords.txt"
    return _read_list(path)


@functools.cache
def officialese_stoplist() -> frozenset[str]:
    """Formulaic officialese that carries no contrast between provinces, folded.

    Read from ``analysis/data/stoplist-officialese.txt`` (one term per line, ``#`` comments).

    >>> "nghị quyết" in officialese_stoplist()
    True
    """
    return _read_list(STOPLIST_PATH)


_NUMBER = re.compile(r"[\d.,%/–-]+")


def is_stop(norm: str, is_word: bool) -> bool:
    """A token not counted as vocabulary: punctuation, a number, or a word on either list.

    >>> is_stop("của", True), is_stop("98", True), is_stop(",", False), is_stop("tỉnh ủy", True)
    (True, True, True, False)
    """
    return not is_word or norm in _all_stopwords() or _NUMBER.fullmatch(norm) is not None


@functools.cache
def _all_stopwords() -> frozenset[str]:
    return stopwords() | officialese_stoplist()
