"""Names and titles in running text: the words an article cites rather than chooses.

Two kinds of span, found on the folded text (lower case, old tone style; :func:`analysis.read.normalize.fold`
keeps every offset, so a span of the folded text is the same span of the text):

- **Institution names** (:func:`institution_spans`, rules and lists in
  ``analysis/data/institution-names.yaml``): Party and state bodies ("Ban Thường vụ Tỉnh ủy", "Ban
  Chấp hành Đảng bộ tỉnh", "Hội đồng nhân dân huyện", "Mặt trận Tổ quốc Việt Nam"), the province's
  own congresses ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII", "đại hội đảng bộ các cấp") and the
  documents named after them ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV"), each with the place and
  term written after it ("tỉnh Cao Bằng", "khóa XV", "nhiệm kỳ 2020 - 2025").
- **Catalogue titles repeated without their number** (:func:`title_spans`): the subject of a central
  document's title in ``analysis/data/central-documents.csv`` (``title_vi`` after "của <issuing body>
  về": "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" of Directive 05-CT/TW),
  matched on its syllables whatever the punctuation between them, with or without the leading verbs
  that citations drop or add ("đẩy mạnh", "tiếp tục", "tăng cường", "nâng cao", "việc"). A subject is
  matched whole (and, for a title of several clauses joined by ";", each clause after the first
  on its own, and a campaign name quoted inside a title on its own), never a piece of it, and only when it has at least
  :data:`MIN_TITLE_SYLLABLES` syllables without its leading verbs: a short subject ("công tác dân
  tộc", "chất lượng sinh hoạt chi bộ") is ordinary wording, not a recognisable title.

Both feed :func:`analysis.compare.formulas.citation_spans`, which adds the references, the titles
after them, quotations and titles of office.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache

import yaml

from analysis.config import data_file
from analysis.read.normalize import fold

__all__ = ["MIN_TITLE_SYLLABLES", "institution_spans", "title_spans", "catalogue_subjects"]

# A catalogue subject shorter than this (syllables, leading verbs left out) is not matched.
MIN_TITLE_SYLLABLES = 7

_LEADING_VERBS = ("tiếp tục", "đẩy mạnh", "tăng cường", "nâng cao")
_WORD = re.compile(r"[^\W_]+")
_SEP = r"[\W_]+"


def _phrase(words: str) -> str:
    """A regex for a lower-case phrase, any run of spaces between its words."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _alternation(phrases) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted({fold(" ".join(str(p).split())) for p in phrases},
                                                         key=lambda p: (-len(p), p))) + ")"


_ROMAN = r"[ivxlc]+"
# "lần thứ XVII", "khóa XV", "(khóa XII)", "nhiệm kỳ 2020 - 2025", "lần thứ nhất", each after an optional comma
_TERM = (r"(?:\s*,?\s*(?:\(\s*)?(?:(?:lần\s+thứ|khóa|khoá)\s+(?:" + _ROMAN + r"|\d{1,2}|[^\W\d_]+)"
         r"|nhiệm\s+kỳ\s+\d{4}\s*[-–—]\s*\d{4})(?:\s*\))?)")
_LOWER_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _institution_pattern() -> re.Pattern:
    data = yaml.safe_load(data_file("institution_names").read_text(encoding="utf-8")) or {}
    heads, standalone = _alternation(data["heads"]), _alternation(data["standalone_heads"])
    owners, levels = _alternation(data["owners"]), _alternation(data["levels"])
    congress = (_alternation(data["congresses"]) + r"(?:\s+" + _ROMAN + r")?" + _TERM + r"?\s+"
                + _alternation(data["party_units"]) + r"(?:\s+" + levels + r")?")
    body = (r"(?:" + heads + r"(?:\s+" + owners + r"(?:\s+" + levels + r")?|\s+" + levels + r")"
            + r"|" + standalone + r"(?:\s+" + owners + r")?(?:\s+" + levels + r")?)")
    document = _alternation(data["documents"]) + r"\s+" + congress
    names = _alternation(data["names"])
    return re.compile(r"(?<![^\W_])(?:" + document + "|" + congress + "|" + body + "|" + names + r")"
                      + r"(?![^\W_])")


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_TERMS = re.compile(_TERM + "+")


def _run_on(text: str, folded: str, end: int) -> int:
    """The end of a name after the place written with capitals and the terms that follow it."""
    while True:  # a place's name: capitalised words on the same line ("tỉnh Cao Bằng")
        word = _NEXT_WORD.match(text, end)
        if not word or not word.group(1)[0].isupper():
            break
        end = word.end()
    terms = _TERMS.match(folded, end)
    return terms.end() if terms else end


def institution_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the names of Party and state bodies, of the province's own congresses
    and of the documents named after them (see the module docstring), sorted.

    >>> text = ("Ban Thường vụ Tỉnh ủy Cao Bằng quán triệt Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX, "
    ...         "nhiệm kỳ 2020 - 2025 và chuẩn bị đại hội đảng bộ các cấp.")
    >>> [text[a:b] for a, b in institution_spans(text)]
    ['Ban Thường vụ Tỉnh ủy Cao Bằng', 'Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020 - 2025', 'đại hội đảng bộ các cấp']
    >>> institution_spans("Đồng chí Bí thư thường trực chủ trì; Đảng ủy xã họp.")
    []
    """
    if not isinstance(text, str) or not text:
        return []
    folded = fold(text)
    out = []
    for m in _institution_pattern().finditer(folded):
        out.append((m.start(), _run_on(text, folded, m.end())))
    return out


def _subjects_of(title: str, issuer: str) -> list[list[str]]:
    """The subjects (as lists of folded words) a title is cited by: the text after its issuer
    (without a leading "về"), its clauses between ";" and any quoted campaign name."""
    title = fold(" ".join(title.split()))
    issuer = fold(" ".join(str(issuer or "").split()))
    at = title.find(" của " + issuer + " ") if issuer else -1
    subject = title[at + len(issuer) + 5:] if at >= 0 else title.split(" về ", 1)[1] if " về " in title else ""
    subject = re.sub(r"^về\s+", "", subject.strip())
    # the clauses after the first of a title of several ("...; ngăn chặn, đẩy lùi sự suy thoái ...") are
    # cited on their own; the first restates a broad programme ("xây dựng, chỉnh đốn Đảng và hệ
    # thống chính trị") that articles write as a formula of their own
    pieces = [subject] + subject.split(";")[1:]
    pieces += re.findall(r"[“\"]([^”\"]+)[”\"]", subject)
    return [_WORD.findall(p) for p in pieces]


def _core(words: list[str]) -> list[str]:
    """The words without the leading verbs and "việc" that citations drop."""
    i = 0
    while True:
        for verb in _LEADING_VERBS:
            parts = verb.split()
            if words[i:i + len(parts)] == parts:
                i += len(parts)
                break
        else:
            break
    if words[i:i + 1] == ["việc"]:
        i += 1
    return words[i:]


@lru_cache(maxsize=1)
def catalogue_subjects() -> tuple[tuple[str, ...], ...]:
    """The catalogue's title subjects that are matched (folded words, leading verbs left out, at
    least :data:`MIN_TITLE_SYLLABLES` of them), sorted.

    >>> ("học", "tập", "và", "làm", "theo", "tư", "tưởng", "đạo", "đức", "phong", "cách", "hồ", "chí", "minh") in catalogue_subjects()
    True
    """
    found = set()
    with data_file("central_documents").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            title = row.get("title_vi") or ""
            if "title not recorded" in title:
                continue
            for words in _subjects_of(title, row.get("issuing_body")):
                core = _core(words)
                if len(core) >= MIN_TITLE_SYLLABLES:
                    found.add(tuple(core))
    return tuple(sorted(found))


def _word_trie(sequences) -> str:
    """A regex matching any of the word sequences, words separated by punctuation or spaces,
    factored as a trie of words (a failed position costs one word test, not one per title)."""
    trie: dict = {}
    for seq in sequences:
        node = trie
        for w in seq:
            node = node.setdefault(w, {})
        node[""] = {}

    def render(node: dict) -> str:
        # a word that ends a sequence and also continues: the continuation is optional (greedy)
        rendered = []
        for w, child in sorted(node.items()):
            if not w:
                continue
            more = {k: v for k, v in child.items() if k}
            if more and "" in child:
                rendered.append(re.escape(w) + "(?:" + _SEP + render(more) + ")?")
            elif more:
                rendered.append(re.escape(w) + _SEP + render(more))
            else:
                rendered.append(re.escape(w))
        return rendered[0] if len(rendered) == 1 else "(?:" + "|".join(rendered) + ")"

    return render(trie)


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern:
    verbs = "(?:(?:" + "|".join(_SEP.join(re.escape(w) for w in v.split()) for v in _LEADING_VERBS) + ")" + _SEP + ")*"
    return re.compile(r"(?<![^\W_])" + verbs + r"(?:việc" + _SEP + ")?" + _word_trie(catalogue_subjects())
                      + r"(?![^\W_])")


def title_spans(text: str) -> list[tuple[int, int]]:
    """Character spans where a catalogue title's subject is repeated (with or without its number),
    with the leading verbs written before it.

    >>> text = "Chi bộ đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong năm."
    >>> [text[a:b] for a, b in title_spans(text)]
    ['đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh']
    >>> title_spans("Chi bộ nâng cao chất lượng sinh hoạt chi bộ.")  # a short subject: not a title
    []
    """
    if not isinstance(text, str) or not text:
        return []
    return [(m.start(), m.end()) for m in _title_pattern().finditer(fold(text))]
