"""Sentence segmentation of clean text, with exact character offsets.

Paragraphs are the lines of the clean text (the corpus reader separates them with newlines); a
sentence never spans two paragraphs, so a heading without a full stop is its own sentence.
Inside a paragraph, underthesea's ``sent_tokenize`` proposes boundaries, which are mapped back
onto the original string and repaired where officialese fools it:

- abbreviations and initials do not end a sentence: "TP. Thanh Hóa", "Q. Ba Đình", "TS.",
  "PGS.TS", "ThS.", "Th.S", "GS.", "Nguyễn Văn A. cho biết";
- a bare list marker ("1.", "2.1.", "a)", "II.", "-", "•") is joined to the item it introduces;
- a closing quote or bracket that underthesea pushes to the next sentence goes back to the
  sentence it closes;
- after an ellipsis, a piece that starts in lower case continues the sentence.

Invariants (tested): ``text[s.start:s.end] == s.text``; sentences are in order, do not
overlap, are stripped and non-empty; no non-space character of the text is lost.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from underthesea import sent_tokenize

__all__ = ["Sentence", "split_sentences", "sentence_at"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``source[start:end]`` is its text (kept so that ``text`` needs no argument)."""

    index: int
    paragraph: int
    start: int
    end: int
    source: str

    @property
    def text(self) -> str:
        return self.source[self.start:self.end]


# A sentence piece ending with one of these is not a sentence end: the next piece continues it.
_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(\"“])(?:TP|Tp|T\.P|Q|P|TX|TT|TS|ThS|Th\.S|Ths|PGS|GS|BS|KS|CN|NXB|Mr|Mrs|St|tr|Tr|"
    r"PGS\.TS|GS\.TS|TS\.BS|Đ/c|đ/c|ĐC|Số|số)\.$"
    r"|(?:^|\s)[A-ZĐ]\.$"
)
# A piece that is only a list marker introduces the next piece.
_LIST_MARKER = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[a-zđ][.)]|[IVXLC]{1,6}[.)]|[-–—•+*]|\(\d{1,3}\)|\([a-zđ]\))$"
)
# Closing punctuation that belongs to the previous sentence when a piece starts with it.
_CLOSING = "”’\")]}»"
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)$")
_PARAGRAPH = re.compile(r"[^\n]+")


def _sentence_pieces(paragraph: str) -> list[str]:
    try:
        return [p for p in sent_tokenize(paragraph) if p.strip()]
    except Exception:  # a tokenizer failure must not lose text: keep the paragraph whole
        return [paragraph]


def _anchor(paragraph: str, pieces: list[str]) -> list[list[int]]:
    """Map underthesea's pieces back to spans of ``paragraph`` (robust to altered pieces)."""
    spans: list[list[int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        found = paragraph.find(piece, cursor)
        if found < 0:
            # sent_tokenize altered the piece; fall back to the first word to re-anchor
            head = piece.split()[0] if piece.split() else ""
            found = paragraph.find(head, cursor) if head else -1
            if found < 0:
                continue
            end = found + len(head)
        else:
            end = found + len(piece)
        spans.append([found, end])
        cursor = end
    return spans


def _continues(previous: str, current: str) -> bool:
    """True when ``current`` (a piece) does not start a new sentence after ``previous``."""
    if _ABBREVIATION_END.search(previous) or _LIST_MARKER.match(previous):
        return True
    if _ELLIPSIS_END.search(previous) and current[:1].islower():
        return True
    return False


def _spans_in_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph, relative to the paragraph."""
    spans = _anchor(paragraph, _sentence_pieces(paragraph))
    if not spans:
        spans = [[0, len(paragraph)]]
    # Make spans contiguous first, so that no text is lost and joins are exact.
    spans[0][0] = 0
    for i in range(len(spans) - 1):
        spans[i][1] = spans[i + 1][0]
    spans[-1][1] = len(paragraph)
    # A closing quote/bracket at the start of a piece belongs to the previous piece.
    for i in range(1, len(spans)):
        start, end = spans[i]
        while start < end and (paragraph[start].isspace() or paragraph[start] in _CLOSING):
            if paragraph[start] in _CLOSING:
                spans[i - 1][1] = start + 1
            start += 1
        spans[i][0] = max(spans[i][0], spans[i - 1][1])
    merged: list[list[int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged:
            previous = paragraph[merged[-1][0]:merged[-1][1]].strip()
            if _continues(previous, paragraph[start:end].strip()):
                merged[-1][1] = end
                continue
        merged.append([start, end])
    out = []
    for start, end in merged:
        chunk = paragraph[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if end - trail > start + lead:
            out.append((start + lead, end - trail))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split clean text into sentences with offsets; paragraphs are lines.

    >>> [s.text for s in split_sentences("TP. Thanh Hóa đạt 95%. Huyện đạt 90%.\\nTiêu đề")]
    ['TP. Thanh Hóa đạt 95%.', 'Huyện đạt 90%.', 'Tiêu đề']
    >>> [s.text for s in split_sentences("1. Tổ chức học tập. 2. Xây dựng kế hoạch.")]
    ['1. Tổ chức học tập.', '2. Xây dựng kế hoạch.']
    >>> split_sentences("")
    []
    """
    sentences: list[Sentence] = []
    for paragraph_id, match in enumerate(_PARAGRAPH.finditer(text)):
        if not match.group().strip():
            continue
        base = match.start()
        for start, end in _spans_in_paragraph(match.group()):
            sentences.append(Sentence(len(sentences), paragraph_id, base + start, base + end, text))
    return sentences


def sentence_at(sentences: Sequence[Sentence], offset: int, starts: Sequence[int] | None = None) -> Sentence | None:
    """The sentence that contains (or, between sentences, precedes) ``offset``; None before the first.

    ``starts`` (the sentences' start offsets) saves recomputing them when called in a loop.

    >>> doc = "Câu một. Câu hai."
    >>> sentence_at(split_sentences(doc), doc.index("hai")).index
    1
    """
    starts = [s.start for s in sentences] if starts is None else starts
    i = bisect.bisect_right(starts, offset) - 1
    return sentences[i] if i >= 0 else None
