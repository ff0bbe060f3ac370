"""Word tokens with exact character offsets into the clean text, and stopword lists.

underthesea's ``word_tokenize`` segments Vietnamese into words ("học tập", "Tỉnh ủy",
"phương tiện thông tin đại chúng": one word may hold several space-separated syllables), but it
returns strings, not offsets, and it may normalise characters or spacing on the way. Every
token here is re-anchored in the source string, so ``text[t.start:t.end] == t.text`` always
holds, whatever underthesea did. A piece that cannot be found again is dropped rather than
given a wrong offset.

``word_tokenize`` is the expensive step of the whole pipeline (about 0.1 MB/s per core). The build
runs underthesea's own regex syllables and CRF model, decoded by `analysis.coding.crf` (same tags,
several times faster): call it once per document and cache the result (the build does).

The stopword lists live in `analysis.coding.stoplists` (editing them re-codes, never re-tokenizes).
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

import underthesea
from underthesea import word_tokenize

from analysis.coding.crf import FastCRFTagger
from analysis.read.normalize import fold
from analysis.read.sentences import split_sentences

__all__ = [
    "Token",
    "tokenize",
    "tokenize_sentences",
    "word_count",
    "TokenizerError",
    "tokenizer_info",
]



@dataclass(frozen=True)
class Token:
    """One word token: ``source[start:end] == text``; ``norm`` is ``fold(text)`` for matching."""

    start: int
    end: int
    text: str
    norm: str

    @property
    def is_word(self) -> bool:
        """True when the token contains a letter or digit (punctuation tokens are not words)."""
        return _has_alnum(self.text)

    @property
    def syllables(self) -> list[str]:
        """The folded syllables of the token ("học tập" -> ["học", "tập"])."""
        return self.norm.split()


def _char_key(ch: str) -> str:
    """A one-character comparison key that ignores case and diacritics."""
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    base = base.replace("đ", "d").replace("Đ", "D").lower()
    return base if len(base) == 1 else ch


def _keyed(text: str) -> str:
    return "".join(_char_key(ch) for ch in text)


def _word_pieces(sentence: str) -> list[str]:
    """underthesea's words for one sentence; never raises (odd input gives a plain split)."""
    try:
        return [w for w in word_tokenize(sentence) if w and not w.isspace()]
    except Exception:  # the tokenizer must never take the pipeline down
        return sentence.split()


class TokenizerError(RuntimeError):
    """underthesea's word segmenter cannot be used the way this module needs it."""


# Sentences written for the start-up check of the fast tagger against underthesea's own: capitals,
# digits, punctuation, sentences of one to three syllables, syllables that spell the padding.
_SELF_CHECK = (
    "Hội nghị quán triệt, triển khai thực hiện Nghị quyết số 07-NQ/TU ngày 8-12-2022 của Ban Chấp hành Đảng bộ tỉnh.",
    "TỈNH ỦY THANH HÓA TỔ CHỨC HỘI NGHỊ HỌC TẬP NGHỊ QUYẾT TRUNG ƯƠNG 4 KHÓA XIII",
    "Đến nay, 98,5% cán bộ, đảng viên (trên 35.599/35.900 người) đã tham gia; đạt chỉ tiêu đề ra.",
    "Ông Nguyễn Văn A, Phó Bí thư Thường trực Tỉnh ủy, phát biểu tại TP. Hồ Chí Minh lúc 8:30 sáng 1/7/2025.",
    "Học tập", "Khởi", "Cán bộ , đảng viên", "BOS EOS BOS", "1 2 3", "“Đảng viên” - gương mẫu!",
)


@functools.lru_cache(maxsize=1)
def _segmenter():
    """underthesea's own two steps behind ``word_tokenize``: its regex syllables, then its CRF word
    tagger, decoded by `analysis.coding.crf.FastCRFTagger` (the same model, same tags, several
    times faster). Raises `TokenizerError` when this underthesea version lays them out differently,
    its model cannot be read, or the fast decoder disagrees with underthesea's ``predict`` on the
    check sentences: tokens never silently come from another tokenization."""
    try:
        import underthesea.pipeline.word_tokenize as module
        from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize as syllables

        word_tokenize("Khởi động")  # loads the model into the module
        model = module.word_tokenize_model
        model.predict([["Khởi"], ["động"]])
        fast = FastCRFTagger.from_underthesea(fallback=model.predict)
    except Exception as error:
        raise TokenizerError(
            f"underthesea {underthesea.__version__}: its syllable tagger cannot be used "
            f"({type(error).__name__}: {error}); install the version pinned in pyproject.toml") from error
    for sentence in _SELF_CHECK:
        pieces = syllables(sentence, use_token_normalize=True, fixed_words=[])
        expected, got = model.predict([[piece] for piece in pieces]), fast.tag(pieces)
        if got != expected:
            raise TokenizerError(
                f"underthesea {underthesea.__version__}: the fast CRF decoder tags {sentence!r} as {got}, "
                f"underthesea's own tagger as {expected}; install the versions pinned in pyproject.toml")
    return syllables, fast.tag


def tokenizer_info() -> str:
    """What tokenizes (recorded in build.json); raises `TokenizerError` when it cannot."""
    _segmenter()
    return (f"underthesea {underthesea.__version__} syllable tagger (word_tokenize's CRF model, offsets kept), "
            f"decoded by analysis.coding.crf (exact, checked against underthesea's predict at start-up)")


def _tagged_syllables(sentence: str) -> list[tuple[str, bool]] | None:
    """(syllable, starts a new word) pairs: exactly what ``word_tokenize`` joins into words, without
    joining them into strings that would then have to be split and found again."""
    syllables, tag = _segmenter()
    try:
        pieces = syllables(sentence, use_token_normalize=True, fixed_words=[])
        tags = tag(pieces)
    except Exception:
        return None
    return [(piece, i == 0 or tag != "I-W") for i, (piece, tag) in enumerate(zip(pieces, tags))]


class _Aligner:
    """Find successive pieces of one span of the source, moving a cursor forward."""

    def __init__(self, source: str, start: int, end: int):
        self.source = source
        self.limit = end
        self.cursor = start
        self._keyed: str | None = None
        self._offset = start

    def _keyed_span(self) -> str:
        if self._keyed is None:
            self._keyed = _keyed(self.source[self._offset:self.limit])
        return self._keyed

    def find(self, piece: str) -> tuple[int, int] | None:
        """Locate ``piece`` at or after the cursor; return its span and advance, or None."""
        source, limit = self.source, self.limit
        pos = self.cursor
        while pos < limit and source[pos].isspace():
            pos += 1
        end = pos + len(piece)
        if end <= limit and (source.startswith(piece, pos) or _keyed(source[pos:end]) == _keyed(piece)):
            self.cursor = end
            return pos, end
        found = source.find(piece, pos, limit)
        if found < 0:
            keyed_at = self._keyed_span().find(_keyed(piece), pos - self._offset)
            found = keyed_at + self._offset if keyed_at >= 0 else -1
        if found < 0:
            return None
        self.cursor = found + len(piece)
        return found, self.cursor


def _tokens_in_span(source: str, start: int, end: int) -> list[Token]:
    tagged = _tagged_syllables(source[start:end])
    if tagged is None:  # fall back on the public function, word by word
        tagged = [(part, i == 0) for word in _word_pieces(source[start:end]) for i, part in enumerate(word.split())]
    aligner: _Aligner | None = None
    tokens: list[Token] = []
    word_start = word_end = -1
    pos = start
    for piece, new_word in tagged:
        if new_word and word_start >= 0:
            text = source[word_start:word_end]
            tokens.append(Token(word_start, word_end, text, _fold(text)))
            word_start = -1
        if not piece or piece.isspace():
            continue
        if source.startswith(" ", pos):
            pos += 1
        after = pos + len(piece)
        if after <= end and source.startswith(piece, pos):
            piece_start = pos  # the usual case: the syllable is the next thing in the source
        else:
            if aligner is None:
                aligner = _Aligner(source, start, end)
            aligner.cursor = pos
            span = aligner.find(piece)
            if span is None:
                continue
            piece_start, after = span
        pos = after
        if word_start < 0:
            word_start = piece_start
        word_end = after
    if word_start >= 0:
        text = source[word_start:word_end]
        tokens.append(Token(word_start, word_end, text, _fold(text)))
    return tokens


@functools.lru_cache(maxsize=1 << 16)
def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    # Words repeat heavily within and across articles: folding each distinct form once is enough.
    return fold(text)


def tokenize_sentences(text: str, sentences: Sequence) -> list[list[Token]]:
    """Word tokens of each sentence (objects with ``start``/``end`` offsets into ``text``).

    Offsets are absolute (into ``text``), one list per sentence, in order.

    >>> from analysis.read.sentences import split_sentences
    >>> doc = "Hội nghị quán triệt Nghị quyết. Đạt 98%."
    >>> [[t.text for t in ts] for ts in tokenize_sentences(doc, split_sentences(doc))]
    [['Hội nghị', 'quán triệt', 'Nghị quyết', '.'], ['Đạt', '98', '%', '.']]
    """
    return [_tokens_in_span(text, s.start, s.end) for s in sentences]


def tokenize(text: str) -> list[Token]:
    """Word tokens of a whole clean text, sentence by sentence, with exact offsets.

    >>> [(t.start, t.end, t.text, t.norm) for t in tokenize("Cán bộ, đảng viên")]
    [(0, 6, 'Cán bộ', 'cán bộ'), (6, 7, ',', ','), (8, 17, 'đảng viên', 'đảng viên')]
    """
    sentences = split_sentences(text)
    return [token for tokens in tokenize_sentences(text, sentences) for token in tokens]


def word_count(tokens: Iterable[Token]) -> int:
    """Number of word tokens (tokens with a letter or digit), the denominator of densities."""
    return sum(1 for t in tokens if t.is_word)
