"""Stopword lists, all folded (lower-case, canonical tone marks) so that they can be compared
with ``Token.norm``:

- :func:`general_stopwords`: the general Vietnamese function-word lists, the union of
  underthesea's (:func:`underthesea_stopwords`, 52 entries), stopwords-iso's
  (:func:`iso_stopwords`, the ``stopwordsiso`` package, 645 entries; shipped in its wheel, read
  offline) and the project's few additions (:func:`project_stopwords`,
  ``analysis/data/stoplist-general.txt``, each with its reason);
- :func:`protected_words`: entries of the general lists that stay counted because they encode a
  codebook dimension: every general-list entry that equals a codebook term (found automatically)
  and the words of ``analysis/data/stoplist-protected.txt`` (each with its reason there);
- :func:`stopwords`: the general list minus the protected words, what the build marks;
- :func:`officialese_stoplist`: formulaic Party/state vocabulary that every provincial report
  uses in the same way, kept in ``analysis/data/stoplist-officialese.txt`` (edit it there; the
  policy is explained at the top of that file and in ``docs/codebook.md``). Protection does not
  apply to it: it lists codebook terms such as "thực hiện" on purpose.

Entries may be several syllables ("tuy nhiên", "bởi vì"): underthesea joins the syllables of a
word with spaces in ``Token.norm``, and an entry matches a token with exactly those syllables.

A module of its own, apart from the tokenizer: the build marks stopwords in its cheap stage
"code", so editing a list re-marks the tokens without tokenizing anything again.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import stopwordsiso
import underthesea

from analysis.coding.codebook import load_codebook
from analysis.config import data_file
from analysis.read.normalize import fold

__all__ = ["stopwords", "general_stopwords", "underthesea_stopwords", "iso_stopwords", "protected_words",
           "codebook_protected", "listed_protected", "officialese_stoplist", "is_stop", "STOPLIST_PATH",
           "PROTECTED_PATH", "project_stopwords", "GENERAL_EXTRA_PATH"]

STOPLIST_PATH = data_file("stoplist")
PROTECTED_PATH = data_file("stoplist_protected")
GENERAL_EXTRA_PATH = data_file("stoplist_general")


def _folded(word: str) -> str:
    return fold(unicodedata.normalize("NFC", " ".join(word.split())))


def _read_list(path: Path) -> frozenset[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(_folded(line))
    return frozenset(words)


@functools.cache
def underthesea_stopwords() -> frozenset[str]:
    """underthesea's Vietnamese stopword list (52 entries), folded.

    >>> {"của", "và", "các"} <= underthesea_stopwords()
    True
    """
    path = Path(underthesea.__file__).resolve().parent / "datasets" / "stopwords" / "stopwords.txt"
    return _read_list(path)


@functools.cache
def iso_stopwords() -> frozenset[str]:
    """stopwords-iso's Vietnamese list (package ``stopwordsiso``, 645 entries), folded.

    >>> {"cũng", "trên", "bởi vì"} <= iso_stopwords()
    True
    """
    return frozenset(_folded(w) for w in stopwordsiso.stopwords("vi") if w.strip())


@functools.cache
def project_stopwords() -> frozenset[str]:
    """Function words neither general list has, written for this project with a reason each
    (``analysis/data/stoplist-general.txt``: "song", "nay", "toàn"...), folded.

    >>> {"song", "nay", "toàn"} <= project_stopwords()
    True
    """
    return _read_list(GENERAL_EXTRA_PATH)


@functools.cache
def general_stopwords() -> frozenset[str]:
    """The union of underthesea's, stopwords-iso's and the project's lists, before protection."""
    return underthesea_stopwords() | iso_stopwords() | project_stopwords()


@functools.cache
def codebook_protected() -> frozenset[str]:
    """General-list entries that equal a codebook term (folded): protected without being listed.

    >>> {"chưa", "cần"} <= codebook_protected()
    True
    """
    terms = {" ".join(term.syllables) for code in load_codebook().codes for term in code.terms}
    return frozenset(general_stopwords() & terms)


@functools.cache
def listed_protected() -> frozenset[str]:
    """The words of ``analysis/data/stoplist-protected.txt`` (reasons in the file), folded."""
    return _read_list(PROTECTED_PATH)


@functools.cache
def protected_words() -> frozenset[str]:
    """Words no general list may stop: :func:`codebook_protected` and :func:`listed_protected`.

    >>> {"chưa", "cần", "mới", "làm", "cuộc"} <= protected_words()
    True
    """
    return codebook_protected() | listed_protected()


@functools.cache
def stopwords() -> frozenset[str]:
    """The general Vietnamese stopwords the build marks: :func:`general_stopwords` minus
    :func:`protected_words`, folded.

    >>> {"của", "và", "các", "cũng", "trên", "cho"} <= stopwords(), "chưa" in stopwords()
    (True, False)
    """
    return general_stopwords() - protected_words()


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
    >>> is_stop("cũng", True), is_stop("chưa", True)
    (True, False)
    """
    return not is_word or norm in _all_stopwords() or _NUMBER.fullmatch(norm) is not None


@functools.cache
def _all_stopwords() -> frozenset[str]:
    return stopwords() | officialese_stoplist()
