"""The titles that follow cited documents ("Chỉ thị số 01-CT/TW của Bộ Chính trị **về nghiên cứu,
học tập, quán triệt ...**"): words an article quotes, not words about what was done.

A module of its own, with no data files, because the build's coding stage uses it: its cache key
follows its imports, and the reference extractor's rule files are not the coding stage's business.
"""
from __future__ import annotations

import re

__all__ = ["TITLE_AFTER", "cited_title_spans"]

# After a cited document: "của Bộ Chính trị", a date, then "về <title>" up to the clause's end.
TITLE_AFTER = re.compile(
    r"^(?:\s*\((?:khóa|khoá)[^)]{1,12}\))?(?:\s*,?\s*(?:ngày\s+)?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})?"
    r"(?:\s*(?:của|do)\s+[^,;.()“\"]{2,60}?)??(?:\s*,?\s*(?:ngày\s+)?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})?"
    r"\s*,?\s*(?P<title>về\s+[^;.()\n]{3,300})", re.IGNORECASE)


# Where a title runs on into the sentence's own clause: a quoted title ends at its closing quote; an
# unquoted one at a comma before a capitalised word (a new subject: "..., Ban Thường vụ Tỉnh ủy đã
# ban hành ...") or before an auxiliary of tense ("đã", "đang", "sẽ", "vừa"), which titles, being
# noun phrases, do not carry.
_QUOTED_TITLE = re.compile(r"về\s+[“\"«]")
_CLOSING_QUOTE = re.compile(r"[”\"»]")
_CLAUSE_AFTER = re.compile(r",\s+(?=[A-ZĐÀ-ỸÂĂÊÔƠƯ])|\s(?:đã|đang|sẽ|vừa)\s")


def _title_end(title: str) -> int:
    opening = _QUOTED_TITLE.match(title)
    if opening:
        closing = _CLOSING_QUOTE.search(title, opening.end())
        return closing.end() if closing else len(title)
    clause = _CLAUSE_AFTER.search(title)
    return clause.start() if clause else len(title)


def cited_title_spans(text: str, reference_ends) -> list[tuple[int, int]]:
    """The spans of the titles that follow cited documents in ``text`` ("Chỉ thị số 01-CT/TW của Bộ
    Chính trị **về nghiên cứu, học tập, quán triệt ... Nghị quyết Đại hội XIII**"), one per
    reference end offset that has one: words the author quotes, not words about what was done.
    A title ends where the clause ends, or earlier where the sentence's own clause begins
    (its closing quote; a comma before a new subject; "đã", "đang", "sẽ", "vừa").

    >>> text = "Hội nghị quán triệt Chỉ thị số 01-CT/TW của Bộ Chính trị về nghiên cứu, học tập Nghị quyết."
    >>> [text[a:b] for a, b in cited_title_spans(text, [text.index(" của")])]
    ['về nghiên cứu, học tập Nghị quyết']
    >>> text = ('Thực hiện Chỉ thị số 10-CT/TW của Ban Bí thư về “Nâng cao chất lượng sinh hoạt chi bộ”, '
    ...         'Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 29-CT/TU.')
    >>> [text[a:b] for a, b in cited_title_spans(text, [text.index(" của")])]
    ['về “Nâng cao chất lượng sinh hoạt chi bộ”']

    A comma before a lower-case subject is not seen, so "các chi bộ" stays in the title; "đã" ends it:

    >>> text = "Theo Kế hoạch số 24-KH/TU về thực hiện Nghị quyết, các chi bộ đã học tập, Tỉnh ủy đã kiểm tra."
    >>> [text[a:b] for a, b in cited_title_spans(text, [text.index(" về")])]
    ['về thực hiện Nghị quyết, các chi bộ']
    """
    spans = []
    for end in reference_ends:
        end = int(end)
        title = TITLE_AFTER.match(text[end:end + 400])
        if title:
            start = end + title.start("title")
            spans.append((start, start + _title_end(title.group("title"))))
    return spans
