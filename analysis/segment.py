"""Sentence segmentation of clean text, with exact character offsets.

Paragraphs are the lines of the clean text (the corpus reader separates them with newlines); a
sentence never spans two paragraphs. Inside a paragraph, underthesea's ``sent_tokenize`` proposes
boundaries, which are mapped back onto the original string and repaired where officialese fools
it (abbreviations such as "TP.", "TS.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]


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
    r"(?:^|[\s(])(?:TP|Tp|T\.P|Q|P|TS|ThS|Th\.S|PGS|GS|BS|KS|CN|NXB|Mr|St|tr|TT|Ths|PGS\.TS|GS\.TS)\.$"
    r"|(?:^|\s)[A-ZĐ]\.$"
)
_PARAGRAPH = re.compile(r"[^\n]+")


def _sentence_pieces(paragraph: str) -> list[str]:
    from underthesea import sent_tokenize

    try:
        return [p for p in sent_tokenize(paragraph) if p.strip()]
    except Exception:  # a tokenizer failure must not lose text: keep the paragraph whole
        return [paragraph]


def _spans_in_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph, relative to the paragraph."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _sentence_pieces(paragraph):
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
        spans.append((found, end))
        cursor = end
    # Repair: join spans split after an abbreviation; make spans contiguous so no text is lost.
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and _ABBREVIATION_END.search(paragraph[merged[-1][0]:merged[-1][1]]):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    if not merged:
        merged = [[0, len(paragraph)]]
    merged[0][0] = 0
    for i in range(len(merged) - 1):
        merged[i][1] = merged[i + 1][0]
    merged[-1][1] = len(paragraph)
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
    """
    sentences: list[Sentence] = []
    for paragraph_id, match in enumerate(_PARAGRAPH.finditer(text)):
        base = match.start()
        for start, end in _spans_in_paragraph(match.group()):
            sentences.append(Sentence(len(sentences), paragraph_id, base + start, base + end, text))
    return sentences
