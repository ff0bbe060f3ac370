"""Quantitative claims: percentages (single and ranges), fractions out of a total, counts with units.

Each claim is a dict with exact offsets into the clean text (``text[start:end] == claim["text"]``):

* ``percent``: "94,8%", "100%", "90-95%", "80- 85%", "từ 85-95%", "từ 80% đến 85%", "95 phần trăm";
  ``low``/``high`` are equal for a single value.
* ``fraction``: "8/8 chi bộ", "35.599/35.900 đảng viên", "2/3 số xã". Never a date ("5/2016", "quý
  1/2013", "ngày 30/4"), a code ("303/NQ-HĐND", "100/2019/NĐ-CP"), or a ratio whose numerator exceeds
  its denominator; without a counted noun only after a verb of achievement ("đạt 12/12") or beside
  a percentage ("100% (8/8)").
* ``count``: a number (optionally with "nghìn"/"ngàn"/"triệu"/"tỷ") followed by a counted noun from
  ``analysis/data/units.yaml`` ("468 lớp", "13 vị trí chức danh", "766 TCCSĐ", "gần 15 nghìn cán bộ").
  Never a year, a date, a document number, an ordinal ("lần thứ 8", "thứ 2"), a term ("khóa 13"),
  a number inside a code or reference. Measures (km, ha, tấn, tỷ đồng, ...) are kept as counts with
  ``unit_kind: "measure"`` so a researcher can filter them; durations (năm, tháng, ngày) are not
  counted nouns and are never claims.

Span convention (``text``): the qualifier before the number is part of the span and also its own
field ("trên 98%" -> qualifier "trên"; "gần 15 nghìn cán bộ" -> "gần"; "tối thiểu", "gần như",
"khoảng", "hơn", "dưới", ...), as are "từ" opening a range ("từ 80% đến 85%") and "trở lên"/"trở
xuống" closing a percentage ("80% trở lên" -> qualifier "tối thiểu"). A count or fraction ends with
its counted noun - a head noun or fixed compound ("468 lớp" in "468 lớp học tập", "3.803 tổ chức
đảng", "13 vị trí chức danh"), never a modifier or a list: "gần 15 nghìn cán bộ, đảng viên cơ sở" is
the claim "gần 15 nghìn cán bộ" with unit "cán bộ" and subject "cán bộ, đảng viên cơ sở".

``subject`` is who or what the number is about when the sentence says it (best effort, from the
phrasing "tỷ lệ X đạt ...", "số X ...", "... đối với X", "N% X", "X chiếm N%"); ``unit_expanded``
expands abbreviations ("TCCSĐ" -> "tổ chức cơ sở đảng"). When a fraction and a percentage sit close
together in one clause they are paired and both get ``consistent`` (True when n/d rounds to the
stated percentage); ranges are not paired.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import yaml

from analysis.config import data_file
from analysis.read.normalize import fold
from analysis.read.sentences import sentence_at, split_sentences
from analysis.schema import CONTRACT_RECORD_KEYS

from .dates import find_dates, find_dotted_day_months, find_month_expressions
from .numbers import NUMBER_RE, SCALE_WORDS, parse_number, parse_scaled

__all__ = ["extract_claims", "units", "abbreviations", "QUALIFIERS", "check_consistency"]


# Qualifiers before a number, longest first; the value is the canonical qualifier recorded.
QUALIFIERS = {
    "gần như": "gần như", "tối thiểu": "tối thiểu", "ít nhất": "tối thiểu", "tối đa": "tối đa",
    "xấp xỉ": "khoảng", "chưa đến": "dưới", "chưa tới": "dưới", "không quá": "tối đa",
    "trên": "trên", "hơn": "hơn", "gần": "gần", "khoảng": "khoảng", "dưới": "dưới", "ngót": "gần",
    "chừng": "khoảng",
}
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|(?<=[\s(,;:]))(?P<q>" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True))
    + r")[ \t]+(?:mức[ \t]+)?$",
    re.IGNORECASE,
)

_NUM = NUMBER_RE
_PCT_SIGN = r"(?:\s?%|\s+phần\s+trăm)"
_RANGE_SEP = r"\s*(?:[-–—]|đến|tới)\s*"
PERCENT = re.compile(
    rf"(?<![\w.,/%])(?:(?P<from>[Tt]ừ)\s+)?(?P<a>{_NUM}){_PCT_SIGN}?{_RANGE_SEP}(?P<b>{_NUM}){_PCT_SIGN}(?![\w])"
    rf"|(?<![\w.,/%])(?P<single>{_NUM}){_PCT_SIGN}(?![\w])"
)
_AT_LEAST_AFTER = re.compile(r"\s*trở\s+lên\b", re.IGNORECASE)
_AT_MOST_AFTER = re.compile(r"\s*trở\s+xuống\b", re.IGNORECASE)
FRACTION = re.compile(rf"(?<![\w.,/\-])(?P<n>{_NUM})\s?/\s?(?P<d>{_NUM})(?![\w/]|[.,]\d|\s?%)")
COUNT = re.compile(
    rf"(?<![\w.,/\-–%])(?P<num>{_NUM})(?:\s*(?P<scale>{'|'.join(SCALE_WORDS)})(?![\w]))?"
)

@lru_cache(maxsize=1)
def context_words() -> dict[str, tuple[str, ...]]:
    """The researcher-editable word lists of ``analysis/data/claim-context.yaml``."""
    data = yaml.safe_load(data_file("claim_context").read_text(encoding="utf-8")) or {}
    return {key: tuple(str(w) for w in words or ()) for key, words in data.items()}


def _alternation(words) -> str:
    """Regex alternation of plain words/phrases, longest first; a space matches any run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_LEAD = r"(?:^|[\s(,;:])"  # a context word starts the text or follows a space or punctuation


@lru_cache(maxsize=None)
def _pattern(key: str) -> re.Pattern:
    """The compiled context pattern of one list of the data file."""
    words = _alternation(context_words()[key])
    if key == "tally_before":
        return re.compile(rf"(?:{words})\s*$", re.IGNORECASE)
    if key == "target_before":  # a target word, then anything but a number, up to the percentage
        return re.compile(rf"{_LEAD}(?:{words})[^\d;]*$", re.IGNORECASE)
    if key == "subject_stops":
        return re.compile(rf"(?:^|\s)(?:{words})(?=\s|$)", re.IGNORECASE)
    return re.compile(rf"{_LEAD}(?:{words})\s*$", re.IGNORECASE)
# "54,986": a comma before exactly three digits in a count is a (foreign-style) thousands separator.
_ENGLISH_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})")
_YEAR_RANGE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}(?!\d)")
_TIME = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])\s*[:h]\s*[0-5]\d(?!\d)")


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Abbreviation -> expansion, from ``analysis/data/abbreviations.yaml``."""
    data = yaml.safe_load(data_file("abbreviations").read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


@lru_cache(maxsize=1)
def units() -> dict[str, str]:
    """Unit -> group (party, people, events, documents, places_and_bodies, measures)."""
    data = yaml.safe_load(data_file("units").read_text(encoding="utf-8")) or {}
    out: dict[str, str] = {}
    for group, words in data.items():
        for word in words or []:
            out.setdefault(str(word), str(group))
    return out


@lru_cache(maxsize=1)
def _unit_table() -> dict[str, list[tuple[str, str, bool]]]:
    """First word -> [(unit as matched, unit, is_abbreviation)], longest first.

    Words are matched on folded text (case- and tone-style-insensitive), abbreviations ("TCCSĐ")
    exactly.
    """
    table: dict[str, list[tuple[str, str, bool]]] = {}
    for unit in units():
        is_abbr = unit.upper() == unit and any(c.isalpha() for c in unit)
        key_text = unit if is_abbr else fold(unit)
        first = re.split(r"[\s,]", key_text, maxsplit=1)[0]
        table.setdefault(first, []).append((key_text, unit, is_abbr))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


_WORD_AT = re.compile(r"[\wÀ-ỹ]+")


def _unit_at(text: str, folded: str, pos: int) -> tuple[str, int] | None:
    """The longest known unit starting at ``pos`` (after optional spaces): (unit, end) or None."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    word = _WORD_AT.match(text, pos)
    if not word:
        return None
    table = _unit_table()
    candidates = table.get(word.group(), []) + table.get(folded[word.start():word.end()], [])
    candidates.sort(key=lambda e: -len(e[0]))
    for key_text, unit, is_abbr in candidates:
        source = text if is_abbr else folded
        end = pos + len(key_text)
        if source[pos:end] == key_text and not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
            return unit, end
    return None


def _unit_span_at(text: str, folded: str, pos: int) -> tuple[str, int] | None:
    """The counted noun starting at ``pos``: (unit, end), "lượt" joined to the noun it counts."""
    found = _unit_at(text, folded, pos)
    if found is None:
        return None
    unit, end = found
    if unit == "lượt":
        # "6.215 lượt tập thể", "1.200 lượt cán bộ": the visits are of the noun that follows
        counted = _unit_at(text, folded, end)
        if counted and not re.match(r"\s*\d", text[end:]):
            return " ".join(text[pos:counted[1]].split()), counted[1]
    return unit, end


_HONORIFIC = re.compile(r"(?:đồng\s+chí|ông|bà|anh|chị|đ/c)", re.IGNORECASE)
_NAMED_PERSON = re.compile(r"\s+(?=[A-ZĐÀÁẢÃẠĂÂÈÉẺẼẸÊÌÍỈĨỊÒÓỎÕỌÔƠÙÚỦŨỤƯỲÝỶỸỴ])\w+")


def _named_body(unit: str) -> bool:
    """A capitalised unit is a body's name ("Ban Thường vụ"); "Đảng viên" is capitalised by convention."""
    return unit[:1].isupper() and not unit.startswith("Đảng")


def _unit_list_end(text: str, folded: str, unit: str, end: int) -> int:
    """End of a comma list of counted nouns right after a unit ("xã, phường, thị trấn", "cán bộ, đảng viên")."""
    head_is_a_name = _named_body(text[end - len(unit):end])
    while True:
        comma = re.match(r",\s*", text[end:end + 3])
        if not comma or re.match(r"\s*\d", text[end + comma.end():]):
            return end
        more = _unit_at(text, folded, end + comma.end())
        if more is None or _NAMED_PERSON.match(text, more[1]) and _HONORIFIC.fullmatch(more[0]):
            return end  # "7 ủy viên, đồng chí Vũ Văn A làm Chủ nhiệm": a person named, not a listed noun
        if _named_body(text[end + comma.end():more[1]]) and not head_is_a_name:
            return end  # "09 người, Ban Thẩm tra tư cách ...": a named body opens the next phrase
        end = more[1]


def _expand(unit: str | None) -> str | None:
    if not unit:
        return None
    abbr = abbreviations()
    if unit in abbr:
        return abbr[unit]
    return None


# --- subjects ---------------------------------------------------------------------------------

_LEADING_FILLER = re.compile(
    r"^(?:(?:trong\s+đó|còn\s+lại|còn|riêng|với|và|đồng\s+thời|cùng\s+với|bên\s+cạnh\s+đó|kết\s+quả|"
    r"qua\s+thống\s+kê|theo\s+đó|nhìn\s+chung|tính\s+đến\s+nay|đến\s+nay|hiện\s+nay|toàn\s+tỉnh\s+có)\s*,?\s*)+",
    re.IGNORECASE,
)


# A connective left dangling at the end of a cut phrase ("tổ chức cơ sở Đảng và | trên 90% ...").
_TRAILING_CONNECTIVE = re.compile(r"(?:\s+(?:và|hoặc|cùng|với|của))+\s*$", re.IGNORECASE)


def _cut_phrase(phrase: str, max_words: int = 10) -> str | None:
    phrase = phrase.strip(" ,;:-–")
    stop = _pattern("subject_stops").search(phrase)
    if stop:
        phrase = phrase[: stop.start()]
    phrase = phrase.strip(" ,;:-–()“”\"")
    phrase = _TRAILING_CONNECTIVE.sub("", phrase).strip(" ,;:-–()“”\"")
    words = phrase.split()
    if not words or len(words) > max_words:
        return None if not words else " ".join(words[:max_words]).rstrip(",")
    return phrase


def _clause_before(text: str, sent_start: int, pos: int) -> str:
    chunk = text[sent_start:pos]
    cut = max(chunk.rfind(";"), chunk.rfind(":"), chunk.rfind("("))
    return chunk[cut + 1:] if cut >= 0 else chunk


_NOT_A_SUBJECT = re.compile(
    r"^(?:(?:cuối|đầu|giữa)\s+)?(?:năm|tháng|quý|ngày|tuần|giai\s+đoạn|nhiệm\s+kỳ|thời\s+gian|hiện\s+nay|hằng\s+năm|hàng\s+năm)\b"
    # a yardstick or a plan is not what is measured: "(Nghị quyết là 90%)", "đạt 100% kế hoạch",
    # "135% chỉ tiêu Nghị quyết" (the share of a plan fulfilled); nor a connective or a label alone
    r"|^(?:kế\s+hoạch|chỉ\s+tiêu)\b|^(?:nghị\s+quyết|nq|tỷ\s+lệ|tỉ\s+lệ|như\s+vậy|công\s+tác|tốc\s+độ)$"
    r"|^\W*$|^\d",
    re.IGNORECASE,
)


def _percent_subject(text: str, sent_start: int, sent_end: int, start: int, end: int) -> str | None:
    subject = _percent_subject_raw(text, sent_start, sent_end, start, end)
    if subject and _NOT_A_SUBJECT.search(subject):
        return None  # "Năm 2020, ... tăng 4,3%": a time, not what is measured
    return subject


def _percent_subject_raw(text: str, sent_start: int, sent_end: int, start: int, end: int) -> str | None:
    clause = _clause_before(text, sent_start, start)
    after = text[end:sent_end]
    # 1. "tỷ lệ X ... đạt N%", "số X tham gia học tập đạt N%" (no other number in between)
    marker = None
    for m in re.finditer(r"(?:^|\s)(?<!dân\s)(?:tỷ\s+lệ|tỉ\s+lệ|số\s+lượng|tổng\s+số|số)\s+", clause, re.IGNORECASE):
        marker = m
    if marker and not re.search(r"\d", re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", "", clause[marker.end():])):
        subject = _cut_phrase(clause[marker.end():])
        if subject and not re.match(r"(?:tham\s+gia|đạt)", subject, re.IGNORECASE):
            return subject
    # 2. "... N% đối với X"
    m = re.match(r"\s*,?\s*(?:đối\s+với|ở|tại|trong)\s+([^,;.()]+)", after, re.IGNORECASE)
    if m and re.match(r"\s*,?\s*đối\s+với", after, re.IGNORECASE):
        return _cut_phrase(m.group(1), 10)
    # 3. "triển khai đến X đạt N%", "trong X đạt N%"
    m = re.search(r"(?:đến|trong(?!\s+đó)|với|ở)\s+([^;\d]+?)\s+(?:đạt|chiếm|là)\s*(?:từ\s*)?$", clause, re.IGNORECASE)
    if m:
        subject = _cut_phrase(m.group(1))
        if subject:
            return subject
    # 4. "N% (các) X đã ..." : the noun phrase after the number
    after = re.sub(r"^\s+trở\s+(?:lên|xuống)(?=\s)", "", after)  # "95% trở lên đảng viên hoàn thành"
    # ("90,33% số đảng viên ...": the noun after "số"; a number ends the phrase: "97,55% đảng viên
    # và 26.472 lượt quần chúng" is about "đảng viên")
    m = (re.match(r"\s+số\s+([^\W\d_][^,;.()\d]*(?:,\s*[^,;.()\d]+){0,3})", after)
         or re.match(r"\s+((?:các|những|tổng\s+số)?\s*[a-zà-ỹđ][^,;.()\d]*(?:,\s*[^,;.()\d]+){0,3})", after))
    if m and not re.match(r"\s+(?:so\s+với|trở\s+lên|trở\s+xuống|và|trong|đến|hoặc|số\s+\d)", after, re.IGNORECASE):
        subject = _cut_phrase(m.group(1))
        if subject:
            return subject
    # 5. "X chiếm N%", "Tày 35,4%": the comma segment before the number
    segment = clause.split(",")[-1]
    segment = re.sub(r"\s*(?:đạt|chiếm|là|bằng|có)?\s*(?:từ\s*)?$", "", segment, flags=re.IGNORECASE)
    segment = _LEADING_FILLER.sub("", segment.strip())
    if segment and len(segment.split()) <= 5 and not _pattern("subject_stops").search(segment):
        return segment
    # 6. the clause's leading noun phrase ("cấp cơ sở đã mở được ..., tỷ lệ tham gia đạt 90%")
    lead = _LEADING_FILLER.sub("", clause.strip())
    stop = _pattern("subject_stops").search(lead)
    if stop and stop.start() > 0:
        candidate = lead[: stop.start()].strip(" ,")
        if 0 < len(candidate.split()) <= 5:
            return candidate
    return None


def _noun_phrase_from(text: str, pos: int, list_end: int, sent_end: int, max_words: int = 10) -> str | None:
    """What is counted: the unit (and the units listed with it) plus modifiers, up to a comma, a
    clause boundary, a number or a verb ("14 đồng chí đảng viên đồn biên phòng về ...")."""
    tail = text[list_end:sent_end]
    tail = re.split(r"\s(?:và|hoặc|với|cùng)\s+\d", tail, maxsplit=1)[0]  # "1.520 tập thể và 3.215 cá nhân"
    m = re.match(r"[^,;.:()“”\"\d]*", tail)
    phrase = text[pos:list_end] + (m.group() if m else "")
    return _cut_phrase(phrase, max_words)


# --- masks ------------------------------------------------------------------------------------

def _masked_spans(text: str, extra: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for m in find_dates(text)]
    spans += find_month_expressions(text)
    spans += [(m.start(), m.end()) for m in _YEAR_RANGE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _TIME.finditer(text)]
    spans += find_dotted_day_months(text)
    if extra:
        spans += list(extra)
    spans.sort()
    return spans


class _Mask:
    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def hits(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        for j in range(max(0, i - 50), i):
            s, e = self.spans[j]
            if s < end and start < e:
                return True
        return False


def _decimals(token: str) -> int:
    return len(token.partition(",")[2])


def check_consistency(numerator: float, denominator: float, low: float, high: float, decimals: int = 0) -> bool | None:
    """Does n/d agree with a stated percentage (or range), allowing for the stated precision?

    A stated value agrees when n/d rounds *or truncates* to it at its number of decimals: papers
    write 95,56% for 95.565% (truncation) as often as 95,57%. So the accepted interval is
    [low - half a unit of the last decimal, high + one unit of the last decimal).

    >>> check_consistency(35599, 35900, 99.16, 99.16, 2), check_consistency(8, 8, 100, 100)
    (True, True)
    >>> check_consistency(30, 40, 80, 80), check_consistency(85, 100, 80, 90), check_consistency(1, 0, 5, 5)
    (False, True, None)
    >>> check_consistency(19113, 20000, 95.56, 95.56, 2)   # 95.565: truncated to 95,56
    True
    """
    if not denominator:
        return None
    value = 100.0 * numerator / denominator
    unit = 10 ** (-decimals)
    return low - 0.5 * unit - 1e-9 <= value < high + unit - 1e-9


# "cao hơn 5%", "nhiều hơn 200 hộ": "hơn" closes a comparative ("5% higher"), it does not qualify
_COMPARATIVE_BEFORE = re.compile(r"(?:cao|thấp|nhiều|ít|lớn|nhỏ|tốt|nhanh|chậm|sớm|muộn)[ \t]+$", re.IGNORECASE)


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    window = text[max(0, start - 20):start]
    m = _QUALIFIER_BEFORE.search(window)
    if not m:
        return None, start
    qualifier = QUALIFIERS[m.group("q").lower()]
    if qualifier == "hơn" and _COMPARATIVE_BEFORE.search(window[: m.start("q")]):
        return None, start
    return qualifier, start - (len(window) - m.start("q"))


class _Scan:
    """What the three claim finders share for one document: the text, its folded form, the
    masked spans, the sentence lookup and the spans already taken by a claim."""

    def __init__(self, text: str, sentences, masked):
        self.text = text
        self.sentences = sentences if sentences is not None else split_sentences(text)
        self.starts = [s.start for s in self.sentences]
        self.folded = fold(text)
        self.mask = _Mask(_masked_spans(text, masked))
        self.taken = _Spans()
        self.decimals_of: dict[int, int] = {}  # id(percent record) -> decimals written, for the consistency check

    def sentence_of(self, pos: int):
        return sentence_at(self.sentences, pos, self.starts)

    def overlaps_taken(self, start: int, end: int) -> bool:
        return self.taken.overlaps(start, end)

    def record(self, kind: str, start: int, end: int) -> dict:
        sentence = self.sentence_of(start)
        return {
            **dict.fromkeys(CONTRACT_RECORD_KEYS["claims"]),
            "kind": kind, "text": self.text[start:end], "start": start, "end": end,
            "sentence": sentence.text if sentence else None,
            "sentence_index": sentence.index if sentence else None,
        }


class _Spans:
    """Spans taken by claims, kept sorted so an overlap test looks only at nearby spans (a scan of
    every span made long documents quadratic).

    >>> spans = _Spans(); spans.append((10, 20)); spans.append((0, 5))
    >>> spans.overlaps(4, 6), spans.overlaps(5, 10), spans.overlaps(19, 30)
    (True, False, True)
    """

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.longest = max(self.longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1  # spans starting before ``end``
        while i >= 0 and self.starts[i] >= start - self.longest:
            if self.ends[i] > start:
                return True
            i -= 1
        return False


def extract_claims(text: str, sentences=None, masked: list[tuple[int, int]] | None = None) -> list[dict]:
    """Percentages, fractions and counts in ``text`` with offsets, sentence and subject.

    ``sentences``: the ``analysis.read.split_sentences(text)`` result (computed when omitted).
    ``masked``: extra spans where no claim may start (reference spans from
    ``analysis.extract.references.extract_references``: document numbers, plenum numbers).

    >>> [(c["kind"], c["text"], c["low"], c["qualifier"]) for c in extract_claims("Tỷ lệ đạt trên 98%.")]
    [('percent', 'trên 98%', 98.0, 'trên')]
    >>> [(c["text"], c["value"], c["unit"]) for c in extract_claims("Đã mở 468 lớp cho gần 15 nghìn cán bộ.")]
    [('468 lớp', 468, 'lớp'), ('gần 15 nghìn cán bộ', 15000, 'cán bộ')]
    >>> [c["text"] for c in extract_claims("Tháng 5/2016 có 8/8 chi bộ; quý 1/2013; lần thứ 8.")]
    ['8/8 chi bộ']
    """
    if not text:
        return []
    scan = _Scan(text, sentences, masked)
    claims = _percent_claims(scan)
    claims += _fraction_claims(scan, [(c["start"], c["end"]) for c in claims])
    claims += _count_claims(scan)
    claims.sort(key=lambda c: (c["start"], c["end"]))
    _pair_fractions_with_percents(claims, text, scan.decimals_of)
    for claim in claims:
        if claim["subject"] is not None and _is_debris(claim["subject"]):
            claim["subject"] = None
    return claims


def _percent_claims(scan: _Scan) -> list[dict]:
    text, claims = scan.text, []
    for m in _percent_matches(text):
        start, end = m.start(), m.end()
        if scan.mask.hits(start, end):
            continue
        if m["single"]:
            low = high = parse_number(m["single"])
            decimals = _decimals(m["single"])
        else:
            low, high = parse_number(m["a"]), parse_number(m["b"])
            decimals = max(_decimals(m["a"]), _decimals(m["b"]))
        if low is None:
            continue
        qualifier, start = _qualifier(text, start)
        after = _AT_LEAST_AFTER.match(text, end) or _AT_MOST_AFTER.match(text, end)
        if after:
            qualifier = "tối thiểu" if after.re is _AT_LEAST_AFTER else "tối đa"
            end = after.end()
        record = scan.record("percent", start, end)
        sentence = scan.sentence_of(start)
        record.update(low=float(low), high=float(high), qualifier=qualifier)
        scan.decimals_of[id(record)] = decimals
        if sentence:
            record["subject"] = _percent_subject(text, sentence.start, sentence.end, start, end)
        claims.append(record)
        scan.taken.append((start, end))
    return claims


def _fraction_claims(scan: _Scan, percent_spans: list[tuple[int, int]]) -> list[dict]:
    text, folded, claims = scan.text, scan.folded, []
    for m in FRACTION.finditer(text):
        start, end = m.start(), m.end()
        if scan.mask.hits(start, end) or scan.overlaps_taken(start, end):
            continue
        n_token, d_token = m["n"], m["d"]
        numerator, denominator = parse_number(n_token), parse_number(d_token)
        if _ENGLISH_THOUSANDS.fullmatch(n_token) and _ENGLISH_THOUSANDS.fullmatch(d_token):
            numerator, denominator = int(n_token.replace(",", "")), int(d_token.replace(",", ""))
        if numerator is None or not denominator or numerator > denominator:
            continue
        if _pattern("date_before_fraction").search(text[max(0, start - 20):start]):
            continue
        if "." not in d_token and "," not in d_token and 1900 <= denominator <= 2099 and numerator <= 12:
            continue  # "5/2016": a month
        if re.fullmatch(r"(?:19|20)\d{2}", n_token) and re.fullmatch(r"(?:19|20)\d{2}", d_token):
            continue  # "năm học 2022/2023": two years
        unit = _unit_span_at(text, folded, end)
        if unit is None and re.match(r"\s+số\s", text[end:end + 5]):
            unit = _unit_span_at(text, folded, end + len(re.match(r"\s+số", text[end:]).group()))  # "2/3 số xã"
        if unit is None and not _bare_tally(text, start, end, numerator, denominator, percent_spans):
            continue
        qualifier, q_start = _qualifier(text, start)
        record = scan.record("fraction", q_start, unit[1] if unit else end)
        record.update(numerator=numerator, denominator=denominator, value=numerator, qualifier=qualifier)
        if unit:
            record.update(unit=unit[0], unit_expanded=_expand(unit[0]), unit_kind=_unit_kind(unit[0]))
        sentence = scan.sentence_of(start)
        if sentence and unit:
            list_end = _unit_list_end(text, folded, unit[0], unit[1])
            record["subject"] = _noun_phrase_from(text, end, list_end, sentence.end)
        claims.append(record)
        scan.taken.append((record["start"], record["end"]))
    return claims


def _bare_tally(text: str, start: int, end: int, numerator: float, denominator: float,
                percent_spans: list[tuple[int, int]]) -> bool:
    """Is an n/d without a counted noun a tally? "2/9" or "30/4" read as day/month: only after a
    verb of achievement ("đạt 12/12") or beside a percentage ("đạt 100% (8/8)"), and never
    followed by a dash and a number (a date range)."""
    tally_verb = _pattern("tally_before").search(text[max(0, start - 20):start])
    beside_percent = any(
        (0 <= start - pe <= 20 or 0 <= ps - end <= 20) and ";" not in text[min(pe, end):max(ps, start)]
        for ps, pe in percent_spans
    )
    if numerator <= 31 and denominator <= 12 and not (tally_verb or beside_percent):
        return False
    return not re.match(r"\s*(?:-|–)\s*\d", text[end:end + 4])


def _count_claims(scan: _Scan) -> list[dict]:
    text, folded, claims = scan.text, scan.folded, []
    for m in COUNT.finditer(text):
        start = m.start()
        num_end = m.end()
        if scan.overlaps_taken(start, num_end) or scan.mask.hits(start, num_end):
            continue
        after = text[num_end:num_end + 2]
        if after.startswith(("/", "%")) or re.match(r"\s?%", after):
            continue
        unit = _unit_span_at(text, folded, num_end)
        if unit is None:
            continue
        before = text[max(0, start - 25):start]
        token = m["num"]
        if _pattern("not_count_before").search(before) and not _pattern("count_after_anyway").search(before):
            continue
        if _pattern("time_before").search(before) and re.fullmatch(r"\d{1,2}|(?:19|20)\d{2}", token):
            continue
        if re.fullmatch(r"(?:19|20)\d{2}", token) and not m["scale"]:
            continue  # an undotted 1900-2099 is a year ("đến 2023 đảng viên ..."); counts write "2.023"
        value = parse_scaled(f"{token} {m['scale']}") if m["scale"] else parse_number(token)
        if not m["scale"] and _ENGLISH_THOUSANDS.fullmatch(token) and _unit_kind(unit[0]) == "count":
            value = int(token.replace(",", ""))  # "54,986 đảng viên": nobody counts 54.986 party members
        if value is None or (value == 0 and not m["scale"]):
            continue
        end = unit[1]
        qualifier, q_start = _qualifier(text, start)
        record = scan.record("count", q_start, end)
        record.update(value=value, unit=unit[0], unit_expanded=_expand(unit[0]), unit_kind=_unit_kind(unit[0]),
                      qualifier=qualifier)
        sentence = scan.sentence_of(start)
        if sentence:
            list_end = _unit_list_end(text, folded, unit[0], end)
            record["subject"] = _noun_phrase_from(text, num_end, list_end, sentence.end)
        claims.append(record)
        scan.taken.append((q_start, end))
    return claims


# A subject must read as words: "CT)-", "khóa X)", "(1)" are debris of codes and brackets.
_SUBJECT_WORD = re.compile(r"[^\W\d_]{2,}")
_DEBRIS_START = re.compile(r"^(?:khóa|khoá)\b|^(?:số|ngày|năm|tháng)\s*\d|^[^\w(]", re.IGNORECASE)


def _is_debris(subject: str) -> bool:
    """True for a subject that is a fragment of a code, a term or a bracket, not a noun phrase."""
    return (not _SUBJECT_WORD.search(subject) or subject.count("(") != subject.count(")")
            or _DEBRIS_START.search(subject) is not None)


_SINGLE_PERCENT = re.compile(rf"(?<![\w.,/%])(?P<single>{_NUM}){_PCT_SIGN}(?![\w])")


def _percent_matches(text: str):
    """Percentage matches; a "range" that is not one ("năm 2020 - 95%", "95 - 90%", a year range
    before a percentage) gives back the single percentage it ends with."""
    for m in PERCENT.finditer(text):
        if m["single"]:
            yield m
            continue
        low, high = parse_number(m["a"]), parse_number(m["b"])
        a_is_year = re.fullmatch(r"(?:19|20)\d{2}", m["a"]) is not None
        if low is None or high is None or low > high or a_is_year:
            single = _SINGLE_PERCENT.match(text, m.start("b"))
            if single:
                yield single
            continue
        yield m


def _unit_kind(unit: str) -> str:
    first = re.split(r",\s*", unit)[0]
    return "measure" if units().get(unit, units().get(first)) == "measures" else "count"


def _is_target(text: str, start: int) -> bool:
    """Is the percentage at ``start`` a target or yardstick ("đạt chỉ tiêu 100%")? Looks at the 30
    characters before it, back to the last number."""
    return _pattern("target_before").search(text[max(0, start - 30):start]) is not None


def _pair_fractions_with_percents(claims: list[dict], text: str, decimals_of: dict[int, int]) -> None:
    """Set ``consistent`` for a fraction and the percentage that restates it.

    The partner is a single-value percentage (a range describes a rate, not a restated tally) in
    the same clause (no ";" between them) of the same sentence with no other fraction between; a
    percentage after the fraction ("35.599/35.900 đảng viên, đạt 99,16%", "159/1.447 (= 11%)") is
    preferred to one before it ("đạt 95% (57/60 chi bộ)"). A percentage introduced as a target or
    yardstick ("đạt chỉ tiêu 100%", "so với kế hoạch", ``target_before`` in
    ``claim-context.yaml``) is never a partner: it is about something else.
    """
    by_sentence: dict = {}
    for claim in claims:
        by_sentence.setdefault(claim["sentence_index"], []).append(claim)
    for group in by_sentence.values():
        fractions = [c for c in group if c["kind"] == "fraction"]
        # Only an exact percentage restates a tally; a range ("đạt từ 95 đến 98%") describes a rate.
        percents = [c for c in group if c["kind"] == "percent" and c["low"] == c["high"]
                    and not _is_target(text, c["start"])]
        used: set[int] = set()
        for fraction in fractions:
            best = None
            for i, percent in enumerate(percents):
                if i in used:
                    continue
                after = percent["start"] >= fraction["end"]
                lo, hi = (fraction["end"], percent["start"]) if after else (percent["end"], fraction["start"])
                gap = hi - lo
                if gap > (80 if after else 40) or ";" in text[lo:hi]:
                    continue
                if any(lo < f["start"] < hi for f in fractions if f is not fraction):
                    continue
                rank = (0 if after else 1, gap)
                if best is None or rank < best[0]:
                    best = (rank, i)
            if best is None:
                continue
            percent = percents[best[1]]
            used.add(best[1])
            verdict = check_consistency(
                fraction["numerator"], fraction["denominator"], percent["low"], percent["high"],
                decimals_of.get(id(percent), 0),
            )
            fraction["consistent"] = verdict
            percent["consistent"] = verdict
            if percent["subject"] is None and fraction["subject"]:
                percent["subject"] = fraction["subject"]
            fraction["paired_percent"] = percent["text"]
            percent["paired_fraction"] = fraction["text"]
