"""Claims audit: participation and completion figures by audience and level, claims without a base,
fraction/percentage mismatches, and round-number heaping.

* Audience and level of a claim come from the ``codings`` (categories "audience" and "level") in
  the same clause of the sentence (clauses split at ";"), else in the whole sentence, else
  "(unspecified)". In "Tỷ lệ cán bộ, đảng viên viết bài thu hoạch đạt 94,8% đối với cấp tỉnh và
  cấp huyện; 92,7% đối với cấp cơ sở" the 92,7% gets level "cơ sở" from its own clause and the
  audience "cán bộ, đảng viên" from the sentence.
* Claim type ("participation", "completion", "other") from the cue phrases in
  ``analysis/data/claim-kinds.yaml``.
* Ranges stay ranges: ``low`` and ``high`` are kept, and group summaries list the claims as
  written values ("90–95").
* Base-less: a percent claim with neither a subject nor a unit ("đạt 100%": 100% of what?).
* Mismatch: ``consistent`` is False (the extractor compared a fraction with the percentage
  stated beside it).
* Heaping: the share of stated percent values (each bound of a range counts) that are multiples
  of 5, of 10, or exactly 100, against 1/5 and 1/10, the shares expected when the last digit of
  an integer percentage is uniform. Decimal values ("94,8%") are never round, which makes the
  comparison conservative. Only reported results about Party work count (``HEAPING_TYPES``:
  participation, grading, admission, completion; never targets, rates of change or "other"
  figures such as population shares or the structure of the economy), and of those not votes,
  elections, contests or economic figures (`not_results` of the claim-kinds file). A group's
  shares are given only with at least ``MIN_DOCUMENTS`` documents and ``MIN_HEAPING_VALUES``
  values behind them; below that they are NaN and ``sample`` says "n=…".
"""
from __future__ import annotations

from functools import lru_cache

import re

import numpy as np
import pandas as pd
import yaml

from analysis.config import data_file
from analysis.extract.claims import abbreviations, check_consistency, units
from analysis.read.normalize import fold

from ._common import MIN_DOCUMENTS, NO_GROUP, add_members, check_grouping, doc_groups, order_groups, sort_by_group

__all__ = ["plan_frame_before", "PLAN_LIST_REACH", "CLAIM_TYPES", "HEAPING_TYPES", "UNIT_LEVELS", "claim_unit_level", "MIN_HEAPING_VALUES", "NO_GROUP", "heaping_values", "claim_kinds", "classify_claim", "claim_contexts", "participation_claims", "baseless_claims",
           "mismatched_claims", "round_number_heaping", "claims_audit"]

CLAIM_KINDS_FILE = data_file("claim_kinds")
UNSPECIFIED = "(unspecified)"
EXPECTED_MULTIPLE_OF_5 = 1 / 5
EXPECTED_MULTIPLE_OF_10 = 1 / 10


CLAIM_TYPES = ("target", "change", "grading", "admission", "participation", "completion", "other")
# Reported results about Party work: the only claims whose round numbers the heaping test counts.
HEAPING_TYPES = ("participation", "grading", "admission", "completion")
# Below this many stated values (or MIN_DOCUMENTS documents) a group's heaping shares are not given.
MIN_HEAPING_VALUES = 5
_BEFORE_WINDOW = 40          # characters before a claim searched for `before` cues


@lru_cache(maxsize=1)
def _kinds_file() -> dict:
    with open(CLAIM_KINDS_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


_WHERE = ("before", "after", "paren", "frame", "clause")


@lru_cache(maxsize=1)
def claim_kinds() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The ordered rules of ``analysis/data/claim-kinds.yaml``: (kind, where, folded cues), where is
    one of "before", "after", "paren", "frame", "clause"."""
    data = _kinds_file()
    rules = []
    for i, rule in enumerate(data.get("rules") or []):
        kind = rule.get("kind")
        if kind not in CLAIM_TYPES:
            raise ValueError(f"{CLAIM_KINDS_FILE.name}: rules[{i}]: unknown kind {kind!r}; kinds: {', '.join(CLAIM_TYPES)}")
        unknown = set(rule) - {"kind", *_WHERE}
        if unknown:
            raise ValueError(f"{CLAIM_KINDS_FILE.name}: rules[{i}]: unknown key(s) {sorted(unknown)}; keys: kind, {', '.join(_WHERE)}")
        for where in _WHERE:
            if rule.get(where):
                rules.append((kind, where, tuple(fold(str(p)) for p in rule[where])))
    return tuple(rules)


@lru_cache(maxsize=1)
def _kind_lists() -> dict[str, tuple[str, ...]]:
    """The word lists of the claim-kinds file besides the rules, folded."""
    data = _kinds_file()
    counted = data.get("targets_counted") or {}
    return {
        "void": tuple(fold(str(p)) for p in data.get("void") or ()),
        "frame_ends": tuple(fold(str(p)) for p in data.get("frame_ends") or ()),
        "target_units": tuple(fold(str(p)) for p in counted.get("unit") or ()),
        "target_results": tuple(fold(str(p)) for p in counted.get("result") or ()),
        "not_results": tuple(fold(str(p)) for p in data.get("not_results") or ()),
        "sub_unit_bodies": tuple(fold(str(p)) for p in data.get("sub_unit_bodies") or ()),
        "sub_unit_places": tuple(fold(str(p)) for p in data.get("sub_unit_places") or ()),
        "province_wide": tuple(fold(str(p)) for p in data.get("province_wide") or ()),
    }


UNIT_LEVELS = ("province", "sub-unit")
_NOT_ONE_UNIT = frozenset({"các", "cấp", "những", "mỗi", "từng", "số", "toàn", "tất cả", "nhiều"})


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    words = sorted(_kind_lists()["sub_unit_places"], key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in words)
    # the name is looked ahead, not consumed: in "chi bộ thôn Nà Phai" the name follows "thôn"
    return re.compile(rf"(?<!\w)(?:{alternation})\.?\s+(?=(\w+(?:\s+\w+){{0,3}}))")


def _named_unit(text: str) -> str | None:
    """The first sub-provincial unit named in ``text`` (a body such as "Quân sự", or a place or
    committee word followed by a capitalised name that is not a province), else None."""
    from analysis.extract.gazetteer import resolve_province

    folded = fold(text)
    for body in _kind_lists()["sub_unit_bodies"]:
        at = _cue_at(body, folded)
        if at >= 0:  # with the words around it: "Đảng ủy Quân sự tỉnh"
            words = text[:at].split()
            if len(words) >= 2 and fold(" ".join(words[-2:])) in ("đảng ủy", "đảng bộ", "đảng uỷ"):
                words_before = words[-2:]
            else:
                words_before = words[-1:] if words and fold(words[-1]) in ("bộ", "ban") else []
            words_after = text[at + len(body):].split()[:1]
            return " ".join([*words_before, text[at:at + len(body)], *words_after]).strip(" ,;.:()")
    if len(folded) != len(text):  # fold keeps lengths; if not, match the text as written
        folded = text.lower()
    for m in _place_pattern().finditer(folded):
        name_words = []
        for word in text[m.start(1):m.end(1)].split():
            if not word[0].isupper() or fold(word) in ("khóa", "khoá", "lần", "nhiệm"):
                break
            name_words.append(word)
        if not name_words:
            continue
        before = text[:m.start()].rstrip()
        previous = fold(before.split()[-1]) if before.split() else ""
        if previous in _NOT_ONE_UNIT or re.search(r"[\d%]$", before):
            continue
        if any(resolve_province(" ".join(name_words[:k])) for k in range(len(name_words), 0, -1)):
            continue  # "thành phố Cần Thơ", "TP. Hồ Chí Minh": a province
        head = before.split()[-2:]
        prefix = " ".join(head) + " " if len(head) == 2 and fold(" ".join(head)) in ("chi bộ", "đảng ủy", "đảng bộ") else ""
        return prefix + text[m.start():m.start(1)] + " ".join(name_words)
    return None


def claim_unit_level(sentence: str | None, title: str | None = None) -> tuple[str, str]:
    """Whether a claim is about the province as a whole or about one of its units, and which.

    "sub-unit" when the sentence names a sub-provincial unit (``sub_unit_bodies`` and
    ``sub_unit_places`` of the claim-kinds file), or, when it names none and says nothing
    province-wide (``province_wide``), when the article's title does; else "province" (nothing
    says the figure is narrower than the province). Returns (level, the unit as written, "" for a
    province; "(title) ..." when found in the title).

    >>> claim_unit_level("Đảng ủy Quân sự tỉnh tổ chức quán triệt cho 100% cán bộ, đảng viên.")
    ('sub-unit', 'Đảng ủy Quân sự tỉnh')
    >>> claim_unit_level("Số đảng viên học tập nghị quyết của thị xã Sông Mây đạt 71%.")
    ('sub-unit', 'thị xã Sông Mây')
    >>> claim_unit_level("Đảng bộ thành phố Cần Thơ có 96% đảng viên tham gia học tập.")
    ('province', '')
    >>> claim_unit_level("Có 96% đảng viên ở cấp huyện và các xã tham gia học tập.", "Thị ủy Sông Mây: học tập nghị quyết")
    ('sub-unit', '(title) Thị ủy Sông Mây')
    >>> claim_unit_level("Toàn tỉnh có 96% đảng viên tham gia học tập.", "Thị ủy Sông Mây: học tập nghị quyết")
    ('province', '')
    """
    sentence = sentence if isinstance(sentence, str) else ""
    unit = _named_unit(sentence)
    if unit:
        return "sub-unit", unit
    folded = fold(sentence)
    if any(_cue_in(p, folded) for p in _kind_lists()["province_wide"]):
        return "province", ""
    unit = _named_unit(title) if isinstance(title, str) else None
    if unit:
        return "sub-unit", f"(title) {unit}"
    return "province", ""


def _cue_in(cue: str, text: str) -> bool:
    return _cue_at(cue, text) >= 0


def _cue_at(cue: str, text: str, last: bool = False) -> int:
    """Offset of the first (or last) occurrence of ``cue`` as whole words in ``text``, else -1."""
    found = -1
    at = text.find(cue)
    while at >= 0:
        end = at + len(cue)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            if not last:
                return at
            found = at
        at = text.find(cue, at + 1)
    return found


def _devoid(text: str) -> str:
    """``text`` with the `void` phrases blanked out (same length, so offsets hold)."""
    for phrase in _kind_lists()["void"]:
        at = _cue_at(phrase, text)
        while at >= 0:
            text = text[:at] + " " * len(phrase) + text[at + len(phrase):]
            at = _cue_at(phrase, text)
    return text


def _in_frame(cues: tuple[str, ...], preceding: str) -> bool:
    """A frame cue in ``preceding`` (the sentence before the number) not closed by a `frame_ends` phrase."""
    for cue in cues:
        at = _cue_at(cue, preceding, last=True)
        if at >= 0 and not any(_cue_in(end, preceding[at + len(cue):]) for end in _kind_lists()["frame_ends"]):
            return True
    return False


# Unit groups of analysis/data/units.yaml whose members are never admitted nor study a resolution
# ("100% nhóm, lớp", "tỷ lệ xã đạt chuẩn nông thôn mới"), and those that are never graded.
_NOT_PEOPLE = frozenset({"places_and_bodies", "events", "documents", "things", "measures"})
_NOT_GRADED = frozenset({"events", "documents", "things", "measures"})
_NEEDS_PEOPLE = {"admission": _NOT_PEOPLE, "participation": _NOT_PEOPLE, "grading": _NOT_GRADED}


def _claim_type(clause: str, before: str = "", sentence: str = "", after: str = "", paren: str = "",
                preceding: str = "", group: str | None = None, segment: str = "", percent: bool = True) -> str:
    """The first rule of the claim-kinds file that matches.

    ``before``/``after``: the text just before and after the number; ``paren``: the text from the
    bracket that holds the number up to it; ``preceding``: the sentence before the number (for
    plan frames); ``clause``: its clause, then ``sentence`` (the sentence up to the end of the
    clause); ``group``: the unit group of what the number counts (None when unknown);
    ``segment``: the comma segment of the number (for tallies of targets); ``percent``: False for a
    count or fraction (only those can be tallies of targets: "104% chỉ tiêu" is a share of one).
    """
    before, clause, sentence, after, paren, preceding, segment = (
        _devoid(fold(t or "")) for t in (before, clause, sentence, after, paren, preceding, segment))
    lists = _kind_lists()
    if not percent and any(after.startswith(u) and (len(after) == len(u) or not after[len(u)].isalnum())
                           for u in lists["target_units"]):
        # a tally of targets: met ("16/18 chỉ tiêu đạt và vượt") is a result, set ("xác định 5 chỉ tiêu") a target
        if _cue_in("phấn đấu", segment) or not any(_cue_in(w, segment) for w in lists["target_results"]):
            return "target"
        return "other"
    for scope in (clause, sentence):
        if not scope:
            continue
        for kind, where, cues in claim_kinds():
            if group is not None and group in _NEEDS_PEOPLE.get(kind, ()):
                continue
            if where == "after":
                if any(after.startswith(cue) for cue in cues):
                    return kind
                continue
            if where == "paren":
                if paren and any(paren.lstrip(" (").startswith(cue) for cue in cues):
                    return kind
                continue
            if where == "frame":
                if _in_frame(cues, preceding):
                    return kind
                continue
            text = before if where == "before" else scope
            if any(_cue_in(cue, text) for cue in cues):
                return kind
    return "other"


_DETERMINERS = re.compile(r"^(?:\s*(?:trở\s+lên|trở\s+xuống|các|những|số|tổng\s+số|toàn\s+bộ|cả)\b)*\s*", re.IGNORECASE)
# A percentage of a plan or a target ("đạt 100% kế hoạch", "135% chỉ tiêu") says nothing of who.
_OF_A_PLAN = ("kế hoạch", "chỉ tiêu", "mục tiêu", "nghị quyết")


@lru_cache(maxsize=1)
def _head_nouns() -> tuple[dict[str, str], re.Pattern]:
    """Folded counted noun -> unit group, and a pattern matching one at the start of a text."""
    groups: dict[str, str] = {}
    for word, group in units().items():
        groups.setdefault(fold(word), group)
    for abbr, expansion in abbreviations().items():
        if fold(expansion) in groups:
            groups.setdefault(fold(abbr), groups[fold(expansion)])
    alternation = "|".join(re.escape(n) for n in sorted(groups, key=len, reverse=True))
    return groups, re.compile(rf"(?:{alternation})(?![\w])")


def head_noun(phrase: str | None) -> str | None:
    """The counted noun (``analysis/data/units.yaml``) a phrase starts with, folded, abbreviations
    expanded; None when the phrase does not start with one, or names a plan ("kế hoạch").

    >>> head_noun("các TCCSĐ trong tỉnh"), head_noun("số đảng viên được đánh giá"), head_noun("cấp cơ sở")
    ('tổ chức cơ sở đảng', 'đảng viên', None)
    """
    if not isinstance(phrase, str) or not phrase.strip():
        return None
    text = fold(_DETERMINERS.sub("", phrase.strip()))
    if text.startswith(_OF_A_PLAN):
        return None
    groups, pattern = _head_nouns()
    m = pattern.match(text)
    if not m:
        return None
    noun = m.group()
    expanded = abbreviations().get(noun) or abbreviations().get(noun.upper())
    return fold(expanded) if expanded else noun


def _unit_group(noun: str | None) -> str | None:
    return _head_nouns()[0].get(noun) if noun else None


def _what_is_counted(subject: str | None, after: str, lead: str) -> str | None:
    """The head noun of a claim: its subject's, else the words after the number's ("15% đảng viên",
    "8/8 chi bộ"), else the noun after "tỷ lệ"/"số" in the clause before it ("tỷ lệ xã đạt ...")."""
    noun = head_noun(subject) or head_noun(after)
    if noun is None:
        m = None
        for m in re.finditer(r"(?:^|\s)(?:tỷ\s+lệ|tỉ\s+lệ|số)\s+", lead, re.IGNORECASE):
            pass
        if m is not None:
            noun = head_noun(lead[m.end():])
    return noun


def classify_claim(sentence: str, offset: int, clause: tuple[int, int] | None = None,
                   subject: str | None = None, carried: str = "") -> str:
    """The claim type of the number at ``offset`` of ``sentence`` (offsets relative to the sentence);
    ``subject``: the claim's subject when known (what the number is about); ``carried``: the plan
    frame opened by an earlier sentence of the list it belongs to (``plan_frame_before``), read as
    if it stood before the sentence.

    >>> classify_claim("80% trở lên đảng viên hoàn thành tốt nhiệm vụ.", 0, carried="Phấn đấu hằng năm:")
    'target'
    >>> classify_claim("Có 96% đảng viên hoàn thành tốt nhiệm vụ.", 3, carried="Mục tiêu:")
    'target'

    >>> classify_claim("Có 77,56% đảng viên học tập, quán triệt nghị quyết.", 3)
    'participation'
    >>> classify_claim("Có 15% đảng viên hoàn thành xuất sắc nhiệm vụ.", 3)
    'grading'
    """
    lo, hi = clause if clause else _clause_in(sentence, offset)
    before = sentence[max(lo, offset - _BEFORE_WINDOW):offset]
    pieces = re.split(r"\d[\d.,]*\s*%?", before)
    before = pieces[-1]
    if len(pieces) > 1:  # after a previous number: its own words ("97,1% mục tiêu FDI và") are not ours
        before = re.split(r",|\svà\s", before)[-1]
    # a range may repeat its sign ("từ 80% -85%")
    number = re.match(r"[^\d]{0,12}[\d.,]+(?:\s*%?\s*(?:[-–]|đến)\s*[\d.,]+)?\s*(?:%|phần trăm)?(?:\s*/\s*[\d.,]+)?", sentence[offset:hi])
    after = sentence[offset + (number.end() if number else 0):hi].lstrip()
    open_at = sentence.rfind("(", lo, offset)
    paren = sentence[open_at + 1:offset] if open_at >= 0 and ")" not in sentence[open_at:offset] else ""
    seg_lo = max(lo, sentence.rfind(",", lo, offset) + 1)
    seg_hi = sentence.find(",", offset, hi)
    segment = sentence[seg_lo:seg_hi if seg_hi >= 0 else hi]
    group = _unit_group(_what_is_counted(subject, after, sentence[lo:offset]))
    percent = bool(number and re.search(r"%|phần trăm", number.group()))
    preceding = f"{carried} {sentence[:offset]}" if carried else sentence[:offset]
    return _claim_type(sentence[lo:hi], before, sentence[:hi], after, paren, preceding, group, segment,
                       percent)


# A sentence that opens a plan list for the sentences after it: a target frame cue followed by ":"
# in it ("Phấn đấu hằng năm:", "Mục tiêu cụ thể: ..."), or a heading of a few words that starts with
# one ("Mục tiêu cụ thể", "Chỉ tiêu").
PLAN_LIST_REACH = 8      # at most this many sentences after the opener
_HEADING_WORDS = 6
_HEADINGS = ("mục tiêu", "chỉ tiêu", "phấn đấu", "các chỉ tiêu", "những chỉ tiêu", "các mục tiêu")
# A sentence that ends by announcing targets opens a list too ("... xác định 5 chỉ tiêu chủ yếu.").
_LIST_ENDINGS = ("chỉ tiêu", "chỉ tiêu chủ yếu", "chỉ tiêu cụ thể", "mục tiêu cụ thể", "mục tiêu chủ yếu", "như sau")


def plan_frame_before(previous: list[str]) -> str:
    """The plan frame that the sentences before a claim's (``previous``, nearest last) carry into
    it, "" when none: walking back over list items (sentences that hold a number), the first
    sentence that opens a list (a target frame cue then ":", a sentence ending by announcing
    targets - "... chỉ tiêu chủ yếu", "... như sau" - or a heading of at most six words starting
    with "mục tiêu", "chỉ tiêu" or "phấn đấu"). A sentence with a `frame_ends` phrase
    ("kết quả", "đến nay", "đã đạt") or without a number ends the list first.

    >>> plan_frame_before(["Phấn đấu hằng năm: 100% chi bộ được quán triệt nghị quyết."])
    'phấn đấu hằng năm: 100% chi bộ được quán triệt nghị quyết.'
    >>> plan_frame_before(["Mục tiêu cụ thể", "95% đảng viên học tập nghị quyết."])
    'mục tiêu:'
    >>> plan_frame_before(["Phấn đấu hằng năm: 100% chi bộ được quán triệt.", "Kết quả, 95% đảng viên học tập."])
    ''
    >>> plan_frame_before(["Tỉnh ủy phấn đấu hoàn thành nhiệm vụ năm 2024."])
    ''
    >>> plan_frame_before(["Nghị quyết đại hội xác định 5 chỉ tiêu chủ yếu."])
    'mục tiêu:'
    >>> plan_frame_before(["Nghị quyết đề ra bốn chỉ tiêu, kết quả thực hiện đạt 4/4 chỉ tiêu."])
    ''
    """
    frame_cues = [c for kind, where, cues in claim_kinds() if kind == "target" and where == "frame" for c in cues]
    for sentence in reversed(previous[-PLAN_LIST_REACH:]):
        text = _devoid(fold(sentence or "").strip())
        words = text.rstrip(" :.").split()
        if 0 < len(words) <= _HEADING_WORDS and text.startswith(_HEADINGS) and not re.search(r"\d", text):
            return "mục tiêu:"
        if any(_cue_in(end, text) for end in _kind_lists()["frame_ends"]):
            return ""
        if text.rstrip(" :.").endswith(_LIST_ENDINGS):
            return "mục tiêu:"  # "Nghị quyết đại hội xác định 5 chỉ tiêu chủ yếu." then the targets
        for cue in frame_cues:
            at = _cue_at(cue, text, last=True)
            if at >= 0 and ":" in (cue + text[at + len(cue):]):
                return text
        if not re.search(r"\d", text):
            return ""
    return ""


def _clause_in(sentence: str, offset: int) -> tuple[int, int]:
    lo = sentence.rfind(";", 0, offset) + 1
    hi = sentence.find(";", offset)
    return lo, (hi if hi >= 0 else len(sentence))


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and not value.strip()) or value is pd.NA


def _clause_bounds(sentence_text: str, sentence_start: int, offset: int) -> tuple[int, int]:
    """Document offsets of the ";"-delimited clause of a sentence that contains ``offset``."""
    cuts = [i for i, ch in enumerate(sentence_text) if ch == ";"]
    lo, hi = 0, len(sentence_text)
    rel = offset - sentence_start
    for c in cuts:
        if c < rel:
            lo = c + 1
        elif c >= rel:
            hi = c
            break
    return sentence_start + lo, sentence_start + hi


def _fmt(value: float) -> str:
    return f"{value:g}"


def claim_contexts(claims: pd.DataFrame, codings: pd.DataFrame,
                   sentences: pd.DataFrame | None = None,
                   kinds=("percent", "fraction")) -> pd.DataFrame:
    """Each percent/fraction claim with its type, audience and level.

    Returns ``doc_id, claim_index, sentence_index, kind, text, start, end, low, high``
    (fractions: 100 * numerator / denominator), ``is_range, value_text`` ("90–95"),
    ``qualifier, claim_type, audience, level`` ("; "-joined sorted codes or "(unspecified)"),
    ``audience_scope, level_scope`` ("clause", "sentence" or None), ``repeat_of`` (the claim_index
    of the same figure about the same thing stated earlier in the document, a headline restated in
    the body, see :func:`flag_repeats`; for a fraction paired with the percentage beside it, the
    percentage's claim_index, so the pair counts once; else <NA>), sorted by doc_id, start. ``claim_type`` is one of ``CLAIM_TYPES`` (rules in
    ``analysis/data/claim-kinds.yaml``).
    Without ``sentences`` the clause cannot be located and the whole sentence is used.

    >>> text = "Tỷ lệ đảng viên tham gia học tập đạt từ 90-95% ở cấp huyện; 85% ở cấp xã."
    >>> sents = pd.DataFrame({"doc_id": ["d"], "sentence_index": [0], "start": [0], "text": [text]})
    >>> claims = pd.DataFrame({"doc_id": ["d", "d"], "claim_index": [0, 1], "kind": ["percent"] * 2,
    ...     "text": ["từ 90-95%", "85%"], "start": [text.index("từ 90"), text.index("85%")],
    ...     "end": [0, 0], "sentence": [text] * 2, "sentence_index": [0, 0], "low": [90.0, 85.0],
    ...     "high": [95.0, 85.0], "numerator": [None] * 2, "denominator": [None] * 2})
    >>> codings = pd.DataFrame({"doc_id": ["d"] * 3, "sentence_index": [0] * 3,
    ...     "category": ["audience", "level", "level"], "code": ["dang_vien", "huyen", "xa"],
    ...     "start": [text.index("đảng viên"), text.index("cấp huyện"), text.index("cấp xã")]})
    >>> claim_contexts(claims, codings, sents)[["value_text", "claim_type", "audience", "level"]].to_dict("records")
    [{'value_text': '90–95', 'claim_type': 'participation', 'audience': 'dang_vien', 'level': 'huyen'}, {'value_text': '85', 'claim_type': 'participation', 'audience': 'dang_vien', 'level': 'xa'}]
    """
    columns = ["doc_id", "claim_index", "sentence_index", "kind", "text", "start", "end", "low",
               "high", "is_range", "value_text", "qualifier", "claim_type", "audience", "level",
               "audience_scope", "level_scope", "repeat_of"]
    table = claims[claims["kind"].isin(kinds)].copy()
    table["repeat_of"] = flag_repeats(table) if "claim_index" in table.columns else pd.NA
    if "claim_index" in table.columns and "paired_percent" in table.columns and "paired_fraction" in table.columns:
        # a fraction and the percentage beside it that restates it ("36/36 chi bộ (100%)") count once,
        # as the percentage the report states
        table["repeat_of"] = table["repeat_of"].astype("Int64").where(
            table["repeat_of"].notna(), _pair_partner(table)).astype("Int64")
    if table.empty:
        return pd.DataFrame(columns=columns)
    is_fraction = table["kind"] == "fraction"
    frac = 100 * pd.to_numeric(table["numerator"], errors="coerce") / pd.to_numeric(
        table["denominator"], errors="coerce").replace(0, np.nan)
    table["low"] = pd.to_numeric(table["low"], errors="coerce").where(~is_fraction | table["low"].notna(), frac)
    table["high"] = pd.to_numeric(table["high"], errors="coerce").where(~is_fraction | table["high"].notna(), frac)
    table["is_range"] = (table["low"] != table["high"]) & table["low"].notna() & table["high"].notna()
    table["value_text"] = [
        (f"{_fmt(lo)}–{_fmt(hi)}" if rng else _fmt(lo)) if pd.notna(lo) else None
        for lo, hi, rng in zip(table["low"], table["high"], table["is_range"])]
    sent_index = {}
    if sentences is not None and not sentences.empty:
        sent_index = {(d, int(i)): (int(s), t) for d, i, s, t in zip(
            sentences["doc_id"], sentences["sentence_index"], sentences["start"], sentences["text"])}
    cod = codings[codings["category"].isin(["audience", "level"])]
    wanted = set(zip(table["doc_id"], table["sentence_index"].astype(int)))
    keys = list(zip(cod["doc_id"], cod["sentence_index"].astype(int)))
    # only the sentences that hold a claim (a boolean array: an empty list would select no columns)
    cod = cod.loc[np.array([k in wanted for k in keys], dtype=bool)]
    cod_by_sentence: dict = {}  # (doc, sentence) -> [(category, code, start)], plain tuples: fast
    for doc, sent, cat, code, start in zip(cod["doc_id"], cod["sentence_index"].astype(int), cod["category"],
                                          cod["code"], cod["start"].astype(int)):
        cod_by_sentence.setdefault((doc, sent), []).append((cat, code, start))
    types, audiences, levels, a_scopes, l_scopes = [], [], [], [], []
    for row in table.itertuples(index=False):
        key = (row.doc_id, int(row.sentence_index))
        sentence_text = row.sentence if isinstance(getattr(row, "sentence", None), str) else ""
        subject = getattr(row, "subject", None)
        subject = subject if isinstance(subject, str) else None
        if key in sent_index:
            s_start, s_text = sent_index[key]
            clause = _clause_bounds(s_text, s_start, int(row.start))
            rel = int(row.start) - s_start
            previous = [sent_index[(row.doc_id, i)][1] for i in range(int(row.sentence_index) - PLAN_LIST_REACH,
                                                                       int(row.sentence_index)) if (row.doc_id, i) in sent_index]
            kind = classify_claim(s_text, rel, (clause[0] - s_start, clause[1] - s_start), subject,
                                  plan_frame_before(previous))
        else:
            clause = None
            rel = sentence_text.find(row.text) if row.text else -1
            kind = classify_claim(sentence_text, max(rel, 0), subject=subject) if sentence_text else "other"
        types.append(kind)
        part = cod_by_sentence.get(key)
        for category, codes_out, scopes_out in (("audience", audiences, a_scopes),
                                                ("level", levels, l_scopes)):
            codes, scope = [], None
            if part is not None:
                in_cat = [(code, start) for cat, code, start in part if cat == category]
                if clause is not None:
                    inside = {code for code, start in in_cat if clause[0] <= start < clause[1]}
                    if inside:
                        codes, scope = sorted(inside), "clause"
                if not codes and in_cat:
                    codes, scope = sorted({code for code, _ in in_cat}), "sentence"
            codes_out.append("; ".join(codes) if codes else UNSPECIFIED)
            scopes_out.append(scope)
    table["claim_type"] = types
    table["audience"] = audiences
    table["level"] = levels
    table["audience_scope"] = a_scopes
    table["level_scope"] = l_scopes
    if "qualifier" not in table.columns:
        table["qualifier"] = None
    return table[columns].sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _pair_partner(table: pd.DataFrame) -> pd.Series:
    """For a fraction paired with a percentage of the same sentence (``paired_percent``), the
    percentage's claim_index; else <NA>."""
    percents = table[table["kind"] == "percent"]
    index = {(d, s, t): i for d, s, t, i in zip(percents["doc_id"], percents["sentence_index"], percents["text"],
                                                 percents["claim_index"])}
    out = [index.get((d, s, p), pd.NA) if k == "fraction" and isinstance(p, str) else pd.NA
           for d, s, k, p in zip(table["doc_id"], table["sentence_index"], table["kind"], table["paired_percent"])]
    return pd.Series(out, index=table.index, dtype="Int64")


def participation_claims(claims: pd.DataFrame, codings: pd.DataFrame, documents: pd.DataFrame,
                         sentences: pd.DataFrame | None = None, grouping: str = "province",
                         claim_types=("participation", "completion"),
                         unit_levels=UNIT_LEVELS) -> pd.DataFrame:
    """Participation and completion claims per group, audience and level; ranges kept. Targets,
    rates of change, the grading of members and organisations and admissions are other claim types
    (``claim_types`` selects them); a figure restated in the same document counts once, and so does
    a fraction with the percentage that restates it ("36/36 chi bộ (100%)": the percentage). Claims
    whose sentence names no audience ("(unspecified)") are left out: nothing says who took part
    (the claims audit, :func:`claim_contexts`, keeps them).

    The unit level of each claim (:func:`claim_unit_level`): "province" for a figure about the
    province as a whole, "sub-unit" when its sentence (or the article's title) names one district,
    town, commune, cell or a body such as the provincial military Party committee: a town's 62% is
    not the province's rate. ``unit_levels`` selects them (both by default; compare provinces on
    "province" rows only, and list the others).

    Returns ``<grouping>, unit_level, units`` (the sub-units named, "; "-joined), ``claim_type,
    audience, level, n_claims, n_documents, n_ranges, low_min, high_max, mid_median`` (median of
    range midpoints), ``values`` (the claims as written, in document order: "98; 90–95; 80–85"),
    ``doc_ids`` (the documents behind the row, "; "-joined, for counting documents per province),
    sorted by group, unit_level, claim_type, audience, level.
    """
    check_grouping(grouping)
    columns = [grouping, "unit_level", "units", "claim_type", "audience", "level", "n_claims", "n_documents",
               "n_ranges", "low_min", "high_max", "mid_median", "values", "doc_ids"]
    ctx = claim_contexts(claims, codings, sentences)
    ctx = ctx[ctx["claim_type"].isin(claim_types) & ctx["repeat_of"].isna()  # a restated headline counts once
              & (ctx["audience"] != UNSPECIFIED)]
    groups = doc_groups(documents, grouping)
    ctx = ctx.assign(**{grouping: ctx["doc_id"].map(groups)}).dropna(subset=[grouping])
    text = claims.drop_duplicates(["doc_id", "claim_index"]).set_index(["doc_id", "claim_index"])["sentence"] \
        if {"claim_index", "sentence"} <= set(claims.columns) else pd.Series(dtype=object)
    titles = documents.drop_duplicates("doc_id").set_index("doc_id")["title"] if "title" in documents.columns \
        else pd.Series(dtype=object)
    levels = [claim_unit_level(text.get((d, i)), titles.get(d)) for d, i in zip(ctx["doc_id"], ctx["claim_index"])]
    ctx = ctx.assign(unit_level=[lv for lv, _ in levels], unit=[u for _, u in levels])
    ctx = ctx[ctx["unit_level"].isin(unit_levels)]
    rows = []
    for (group, unit_level, kind, audience, level), part in ctx.groupby(
            [grouping, "unit_level", "claim_type", "audience", "level"], sort=True):
        part = part.sort_values(["doc_id", "start"])
        rows.append({
            grouping: group, "unit_level": unit_level, "units": "; ".join(dict.fromkeys(u for u in part["unit"] if u)),
            "claim_type": kind, "audience": audience, "level": level,
            "n_claims": len(part), "n_documents": part["doc_id"].nunique(),
            "n_ranges": int(part["is_range"].sum()),
            "low_min": float(part["low"].min()), "high_max": float(part["high"].max()),
            "mid_median": float(((part["low"] + part["high"]) / 2).median()),
            "values": "; ".join(v for v in part["value_text"] if isinstance(v, str)),
            "doc_ids": "; ".join(sorted(part["doc_id"].unique())),
        })
    out = sort_by_group(pd.DataFrame(rows, columns=columns), [grouping], grouping)
    return add_members(out, grouping, documents)


def _audit_groups(documents: pd.DataFrame, grouping: str) -> pd.Series:
    """doc_id -> group, documents without one under ``NO_GROUP`` (never silently dropped)."""
    check_grouping(grouping)
    groups = documents.set_index("doc_id")[grouping].astype("string")
    return groups.where(groups.notna() & (groups.str.len() > 0), NO_GROUP).astype(str)


def _relative_offsets(claims: pd.DataFrame, sentences: pd.DataFrame | None) -> pd.Series:
    """Offset of each claim inside its sentence (from the sentences table, else by finding its text)."""
    if sentences is not None and not sentences.empty:
        starts = sentences.set_index(["doc_id", "sentence_index"])["start"]
        keys = list(zip(claims["doc_id"], claims["sentence_index"].astype("Int64")))
        base = pd.Series([starts.get(k) for k in keys], index=claims.index, dtype="float64")
        rel = claims["start"].astype("float64") - base
        if rel.notna().all():
            return rel.astype(int)
    found = [str(s).find(str(t)) if isinstance(s, str) else -1 for s, t in zip(claims["sentence"], claims["text"])]
    return pd.Series([max(f, 0) for f in found], index=claims.index)


def _sentence_offsets(claims: pd.DataFrame) -> list[int]:
    """Offset of each claim in its ``sentence`` text: the k-th claim with the same text in a
    sentence is the k-th occurrence of that text (-1 when not found)."""
    seen: dict = {}
    out = []
    for doc, sent, sentence, text in zip(claims["doc_id"], claims["sentence_index"], claims["sentence"], claims["text"]):
        if not isinstance(sentence, str) or not isinstance(text, str):
            out.append(-1)
            continue
        key = (doc, sent, text)
        at = sentence.find(text, seen.get(key, 0))
        seen[key] = at + 1 if at >= 0 else len(sentence)
        out.append(at)
    return out


# Counted nouns that classify rather than count: the noun after them says what ("4 nhóm chỉ tiêu",
# "4 nhóm giải pháp" are different figures).
_CLASSIFIERS = frozenset({"nhóm", "loại", "khâu", "cuộc", "đợt", "lượt", "bộ"})


def _unit_key(kind: str, unit, subject, sentence, offset: int, text) -> str | None:
    """What a claim counts, for telling a restated figure from another one: a count's or fraction's
    counted noun (abbreviations expanded; a classifier with the noun after it), a percentage's head
    noun (its subject's, else the words after it, else "tỷ lệ X"/"số X" before it). None: unknown."""
    if kind in ("count", "fraction") and isinstance(unit, str) and unit.strip():
        noun = head_noun(unit) or fold(unit)
        if noun in _CLASSIFIERS and isinstance(subject, str):
            rest = fold(subject).split()
            noun = " ".join(rest[:2]) if len(rest) > 1 and rest[0] == noun else noun
        return noun
    if not isinstance(sentence, str) or offset < 0:
        return head_noun(subject) if isinstance(subject, str) else None
    lo, hi = _clause_in(sentence, offset)
    after = sentence[offset + len(str(text)):hi]
    noun = _what_is_counted(subject if isinstance(subject, str) else None, after, sentence[lo:offset])
    if noun is None:  # "có 604 TCCSĐ hoàn thành tốt nhiệm vụ, đạt 91,2%": the count it is a share of
        for m in re.finditer(r"\d[\d.,]*\s+", sentence[lo:offset]):
            noun = head_noun(sentence[lo + m.end():offset]) or noun
    return noun


def flag_repeats(claims: pd.DataFrame) -> pd.Series:
    """``repeat_of``: the claim_index of an earlier claim of the same document that states the same
    figure about the same thing (a headline restated in the lede or the body), else <NA>.

    The same figure: the same kind and values ("100%" and "100%"; a fraction restates a percentage
    when n/d agrees with it, "36/36 chi bộ" after "100% chi bộ"), the same counted noun or subject
    head ("02 chi bộ" is not "02 đảng viên"; a percentage whose subject is unknown is never a
    repeat), in another sentence (one sentence does not restate itself: "trên 90% tổ chức cơ sở
    đảng và trên 90% đảng viên"), and both targets or both not (a target never restates a result).
    A fraction paired with the percentage beside it is not a repeat here (the consistency check
    needs both); :func:`claim_contexts` counts such a pair once.

    >>> c = pd.DataFrame({"doc_id": ["d"] * 4, "claim_index": [0, 1, 2, 3], "kind": ["percent"] * 4,
    ...     "text": ["77,56%", "98%", "77,56%", "98%"], "sentence_index": [0, 0, 1, 2],
    ...     "sentence": ["77,56% đảng viên học tập nghị quyết, 98% chi bộ có kế hoạch.", "77,56% đảng viên học tập nghị quyết, 98% chi bộ có kế hoạch.",
    ...                  "Có 77,56% đảng viên học tập nghị quyết.", "Phấn đấu 98% chi bộ có kế hoạch."],
    ...     "low": [77.56, 98.0, 77.56, 98.0], "high": [77.56, 98.0, 77.56, 98.0]})
    >>> flag_repeats(c).tolist()
    [<NA>, <NA>, 0, <NA>]
    """
    if claims.empty:
        return pd.Series([], index=claims.index, dtype="Int64")
    col = lambda name: claims[name] if name in claims.columns else pd.Series(None, index=claims.index, dtype=object)
    offsets = _sentence_offsets(claims) if "sentence" in claims.columns else [-1] * len(claims)
    kinds, units_, subjects, sentences = col("kind"), col("unit"), col("subject"), col("sentence")
    low, high = pd.to_numeric(col("low"), errors="coerce"), pd.to_numeric(col("high"), errors="coerce")
    num, den = pd.to_numeric(col("numerator"), errors="coerce"), pd.to_numeric(col("denominator"), errors="coerce")
    value = pd.to_numeric(col("value"), errors="coerce")
    paired = col("paired_percent").map(lambda v: not _blank(v)) | col("paired_fraction").map(lambda v: not _blank(v))
    seen: dict = {}  # doc -> [(figure, unit, is_target, sentence_index, claim_index)]
    out = []
    for i, (doc, idx, sent_index) in enumerate(zip(claims["doc_id"], claims["claim_index"], col("sentence_index"))):
        kind, sentence, offset = kinds.iloc[i], sentences.iloc[i], offsets[i]
        text = claims["text"].iloc[i] if "text" in claims.columns else ""
        unit = _unit_key(kind, units_.iloc[i], subjects.iloc[i], sentence, offset, text)
        if kind == "percent":
            figure = ("share", round(float(low.iloc[i]), 6), round(float(high.iloc[i]), 6))
        elif kind == "fraction":
            figure = ("fraction", num.iloc[i], den.iloc[i])
        else:
            figure = (kind, value.iloc[i])
        is_target = (classify_claim(sentence, offset) == "target") if isinstance(sentence, str) and offset >= 0 else False
        match = pd.NA
        if unit is not None:
            for f, u, t, s, first in seen.get(doc, ()):
                if u != unit or t != is_target or s == sent_index:
                    continue
                same = f == figure
                if not same and not paired.iloc[i] and {f[0], figure[0]} == {"share", "fraction"}:
                    share, frac = (f, figure) if f[0] == "share" else (figure, f)
                    same = share[1] == share[2] and bool(check_consistency(frac[1], frac[2], share[1], share[2]))
                if same:
                    match = first
                    break
        out.append(match)
        if pd.isna(match):
            seen.setdefault(doc, []).append((figure, unit, is_target, sent_index, idx))
    return pd.Series(out, index=claims.index, dtype="Int64")


# "tỷ lệ kết nạp đảng viên mới ... (0,44%)", "Số đảng viên đi học ... đạt tỷ lệ 62%": the clause
# names what is counted before the number: "tỷ lệ"/"số" followed, before the number, by a counted
# noun of analysis/data/units.yaml ("Tỷ lệ tham gia đạt 97%" names none: base-less).
_RATE_MARKER = re.compile(r"(?:^|\s)(?:tỷ lệ|tỉ lệ|số)\s+(.*)$")


@lru_cache(maxsize=1)
def _counted_nouns() -> re.Pattern:
    nouns = sorted({fold(u) for u in units() if u.upper() != u}, key=len, reverse=True)
    return re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(n) for n in nouns) + r")(?=\s|,|$)")


def _names_base(lead: str) -> bool:
    marker = _RATE_MARKER.search(lead)
    return bool(marker and _counted_nouns().search(marker.group(1)))


def baseless_claims(claims: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Percentages that say nothing about what they are a share of ("đạt 100%": 100% of what?).

    A percentage has a base when any of these holds: it has a subject or a counted noun; it was
    paired with a fraction; its clause (";"-delimited) holds a fraction or a count, or the words
    "tổng số"; "số ..." follows it ("70% số xã"); an earlier percentage of the same sentence has a
    subject (a list: "90,33% số đảng viên ...; 9,1% hoàn thành nhiệm vụ"). Rates of change ("tăng
    7,1%") and targets are not shares and are never base-less. A headline restated later counts
    once (``repeat_of``). Returns the flagged claims with ``claim_type``, sorted by doc_id, start.

    >>> c = pd.DataFrame({"doc_id": ["a"] * 4, "claim_index": [0, 1, 2, 3],
    ...     "kind": ["percent", "fraction", "percent", "percent"],
    ...     "text": ["100%", "159/1.447", "11%", "7,1%"], "start": [3, 34, 47, 80],
    ...     "sentence_index": [0, 1, 1, 2],
    ...     "sentence": ["Có 100% hoàn thành.", "Toàn huyện có 159/1.447 (= 11%).",
    ...                  "Toàn huyện có 159/1.447 (= 11%).", "Năm 2017 tăng 7,1%."],
    ...     "subject": [None] * 4, "unit": [None] * 4, "low": [100.0, None, 11.0, 7.1], "high": [100.0, None, 11.0, 7.1]})
    >>> baseless_claims(c)["text"].tolist()
    ['100%']
    """
    columns = list(claims.columns) + ["claim_type"]
    table = claims[claims["kind"] == "percent"].copy()
    if table.empty:
        return pd.DataFrame(columns=columns)
    rel = _relative_offsets(table, sentences)
    blank = pd.Series(True, index=table.index)
    for col in ("subject", "unit", "paired_fraction"):
        if col in table.columns:
            blank &= table[col].map(_blank)
    others = claims[claims["kind"].isin(["fraction", "count"])]
    other_keys = set(zip(others["doc_id"], others["sentence_index"]))
    with_subject = table[~table["subject"].map(_blank)] if "subject" in table.columns else table.iloc[0:0]
    first_subject = with_subject.groupby(["doc_id", "sentence_index"])["start"].min().to_dict()
    repeats = flag_repeats(claims).reindex(table.index) if "claim_index" in claims.columns else None
    keep, types = [], []
    for i, row in zip(table.index, table.itertuples(index=False)):
        sentence = row.sentence if isinstance(row.sentence, str) else ""
        offset = int(rel[i])
        lo, hi = _clause_in(sentence, offset)
        kind = classify_claim(sentence, offset, (lo, hi)) if sentence else "other"
        types.append(kind)
        if not blank[i] or kind in ("change", "target") or (repeats is not None and pd.notna(repeats[i])):
            keep.append(False)
            continue
        clause = fold(sentence[lo:hi])
        after = fold(sentence[offset + len(str(row.text)):hi])
        lead = fold(sentence[lo:offset])
        has_base = ("tổng số" in clause or _names_base(lead) or re.match(r"\s*(?:trở lên\s+|trở xuống\s+)?(?:số|tổng số)\s", after) is not None
                    or first_subject.get((row.doc_id, row.sentence_index), row.start) < row.start)
        if not has_base and (row.doc_id, row.sentence_index) in other_keys:
            part = others[(others["doc_id"] == row.doc_id) & (others["sentence_index"] == row.sentence_index)]
            s0 = row.start - offset
            has_base = any(lo <= st - s0 < hi for st in part["start"])
        keep.append(not has_base)
    table["claim_type"] = types
    return table[keep].sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def mismatched_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose fraction and stated percentage disagree (``consistent`` is False).

    ``consistent`` None (nothing to compare) is not a mismatch.

    >>> c = pd.DataFrame({"doc_id": ["d"] * 3, "start": [0, 10, 20],
    ...                   "text": ["8/8 chi bộ (100%)", "15/20 chi bộ, đạt 80%", "98%"],
    ...                   "consistent": [True, False, None]})
    >>> mismatched_claims(c)["text"].tolist()
    ['15/20 chi bộ, đạt 80%']
    """
    flag = claims["consistent"].map(lambda v: isinstance(v, (bool, np.bool_)) and not v).astype(bool)
    return claims[flag].sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def heaping_values(claims: pd.DataFrame) -> pd.DataFrame:
    """Each stated percentage with its claim type and whether the heaping test counts it.

    Returns ``doc_id, text, low, high, claim_type, counted, left_out`` (why not: "target",
    "change", "other", "not a result: <phrase>", "repeat" for a figure restated in the same
    document, :func:`flag_repeats`; "" when counted), in the order of ``claims``.
    Without a ``sentence`` column nothing can be typed: every value counts (``claim_type`` None).

    >>> c = pd.DataFrame({"doc_id": ["d"] * 3, "kind": ["percent"] * 3, "text": ["93,4%", "100%", "100%"],
    ...     "sentence": ["Có 93,4% đảng viên hoàn thành tốt nhiệm vụ.", "Phấn đấu 100% chi bộ đạt trong sạch, vững mạnh.",
    ...                  "Đại hội biểu quyết nhất trí 100% thông qua nghị quyết."],
    ...     "low": [93.4, 100.0, 100.0], "high": [93.4, 100.0, 100.0]})
    >>> heaping_values(c)[["claim_type", "counted", "left_out"]].values.tolist()
    [['grading', True, ''], ['target', False, 'target'], ['other', False, 'other']]
    """
    columns = ["doc_id", "text", "low", "high", "claim_type", "counted", "left_out"]
    table = claims[claims["kind"] == "percent"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({"doc_id": table["doc_id"],
                        "text": table["text"] if "text" in table.columns else None,
                        "low": table["low"], "high": table["high"]})
    if "sentence" not in table.columns:
        out["claim_type"], out["counted"], out["left_out"] = None, True, ""
        return out[columns]
    rel = _relative_offsets(table, None)
    subjects = table["subject"] if "subject" in table.columns else pd.Series(None, index=table.index)
    not_results = _kind_lists()["not_results"]
    types, reasons = [], []
    for sentence, offset, subject in zip(table["sentence"], rel, subjects):
        if not isinstance(sentence, str):
            types.append("other")
            reasons.append("other")
            continue
        kind = classify_claim(sentence, int(offset), subject=subject if isinstance(subject, str) else None)
        types.append(kind)
        if kind not in HEAPING_TYPES:
            reasons.append(kind)
            continue
        lo, hi = _clause_in(sentence, int(offset))
        clause = fold(sentence[lo:hi])
        hit = next((p for p in not_results if _cue_in(p, clause)), None)
        reasons.append(f"not a result: {hit}" if hit else "")
    out["claim_type"] = types
    if "claim_index" in claims.columns:
        repeats = flag_repeats(claims).reindex(table.index)
        reasons = ["repeat" if (r == "" and pd.notna(rep)) else r for r, rep in zip(reasons, repeats)]
    out["left_out"] = reasons
    out["counted"] = out["left_out"] == ""
    return out[columns]


def _percent_values(claims: pd.DataFrame) -> pd.DataFrame:
    table = heaping_values(claims)
    table = table[table["counted"].astype(bool)]
    low = pd.to_numeric(table["low"], errors="coerce")
    high = pd.to_numeric(table["high"], errors="coerce")
    values = pd.concat([
        pd.DataFrame({"doc_id": table["doc_id"], "value": low}),
        pd.DataFrame({"doc_id": table["doc_id"], "value": high})[(high != low) & high.notna()],
    ])
    return values.dropna(subset=["value"])


def _is_multiple(values: np.ndarray, base: float) -> np.ndarray:
    # Percentages stated in text have a few decimals at most: compare at 6 decimals, so that
    # binary floating-point noise (94.8 parsed as 94.79999...) never decides roundness.
    micro = np.round(np.asarray(values, dtype=float) * 1e6)
    return np.mod(micro, round(base * 1e6)) == 0


def _heaping_row(values: np.ndarray) -> dict:
    n = len(values)
    m5, m10 = _is_multiple(values, 5), _is_multiple(values, 10)
    m100 = np.round(values * 1e6) == 100_000_000
    below = values[~m100]
    return {
        "n_values": n,
        "n_integer": int(_is_multiple(values, 1).sum()),
        "n_multiple_of_5": int(m5.sum()),
        "share_multiple_of_5": m5.mean() if n else np.nan,
        "expected_multiple_of_5": EXPECTED_MULTIPLE_OF_5,
        "n_multiple_of_10": int(m10.sum()),
        "share_multiple_of_10": m10.mean() if n else np.nan,
        "expected_multiple_of_10": EXPECTED_MULTIPLE_OF_10,
        "n_100": int(m100.sum()),
        "share_100": m100.mean() if n else np.nan,
        "share_multiple_of_5_excl_100": _is_multiple(below, 5).mean() if len(below) else np.nan,
    }


_SHARES = ("share_multiple_of_5", "share_multiple_of_10", "share_100", "share_multiple_of_5_excl_100")


def _sample(n_documents: int, n_values: int) -> tuple[bool, str]:
    """Whether a group's heaping shares are given, and the "n=…" label when they are not."""
    if n_documents >= MIN_DOCUMENTS and n_values >= MIN_HEAPING_VALUES:
        return True, ""
    docs = "document" if n_documents == 1 else "documents"
    values = "value" if n_values == 1 else "values"
    return False, f"n={n_documents} {docs}, {n_values} {values}"


def round_number_heaping(claims: pd.DataFrame, documents: pd.DataFrame | None = None,
                         grouping: str | None = None) -> pd.DataFrame:
    """Round-number heaping of stated percentages, overall or per group.

    Each stated value counts once (a range contributes both bounds). Only reported results about
    Party work count (claim types ``HEAPING_TYPES``, without votes, elections, contests and economic
    figures: :func:`heaping_values`); targets ("phấn đấu 100%", "(Nghị quyết: 85%)", "đạt 80% trở
    lên") are round by design and left out. Returns ``<grouping>`` (or ``scope`` = "all" when
    ``grouping`` is None), ``n_documents`` (documents with a counted value), ``n_values, n_integer,
    n_multiple_of_5, share_multiple_of_5, expected_multiple_of_5, n_multiple_of_10,
    share_multiple_of_10, expected_multiple_of_10, n_100, share_100, share_multiple_of_5_excl_100``,
    ``shown`` and ``sample``. Per group, the shares are NaN (``shown`` False, ``sample`` "n=2
    documents, 3 values") unless at least ``MIN_DOCUMENTS`` documents and ``MIN_HEAPING_VALUES``
    values stand behind them: one "100%" is not a heaping rate of 1. The overall row always has its
    shares, with its n beside them.

    >>> c = pd.DataFrame({"doc_id": ["a"] * 4, "kind": ["percent"] * 4,
    ...                   "low": [98.0, 90.0, 100.0, 94.8], "high": [98.0, 95.0, 100.0, 94.8]})
    >>> r = round_number_heaping(c).iloc[0]
    >>> int(r["n_values"]), int(r["n_multiple_of_5"]), int(r["n_multiple_of_10"]), int(r["n_100"])
    (5, 3, 2, 1)
    """
    values = _percent_values(claims)
    if grouping is None:
        row = _heaping_row(values["value"].to_numpy(dtype=float))
        n_docs = int(values["doc_id"].nunique())
        shown, sample = _sample(n_docs, row["n_values"])
        return pd.DataFrame([{"scope": "all", "n_documents": n_docs, **row, "shown": shown, "sample": sample}])
    check_grouping(grouping)
    groups = doc_groups(documents, grouping)
    values = values.assign(group=values["doc_id"].map(groups)).dropna(subset=["group"])
    rows = []
    for g, part in values.groupby("group", sort=True):
        row = _heaping_row(part["value"].to_numpy(dtype=float))
        n_docs = int(part["doc_id"].nunique())
        shown, sample = _sample(n_docs, row["n_values"])
        if not shown:
            row.update({k: np.nan for k in _SHARES})
        rows.append({grouping: g, "n_documents": n_docs, **row, "shown": shown, "sample": sample})
    columns = [grouping, "n_documents", *_heaping_row(np.array([])).keys(), "shown", "sample"]
    out = sort_by_group(pd.DataFrame(rows, columns=columns), [grouping], grouping)
    return add_members(out, grouping, documents)


def claims_audit(claims: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                 sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per group: base-less claims, mismatches and heaping side by side.

    Documents without a group (province unknown) stay in, under ``NO_GROUP`` ("(no province)").
    A figure restated in the same document (``repeat_of``) counts once everywhere.
    Returns ``<grouping>, n_documents, n_percent, n_baseless, baseless_share, n_fraction, n_checked``
    (fraction–percentage pairs checked, counted once per pair), ``n_mismatch, mismatch_share`` (of
    checked), ``n_repeats`` (figures restated in the same document, counted once),
    ``n_heaping_values`` (percent values the heaping test counts: results about Party work),
    ``share_multiple_of_5, share_multiple_of_10, share_100`` (of those values; NaN when fewer than
    ``MIN_DOCUMENTS`` documents or ``MIN_HEAPING_VALUES`` values stand behind them).
    """
    groups = _audit_groups(documents, grouping)
    table = claims.assign(group=claims["doc_id"].map(groups)).dropna(subset=["group"])
    if "claim_index" in table.columns and not table.empty:
        repeat = flag_repeats(table).notna()
        n_repeats = table[repeat].groupby("group").size()
        table = table[~repeat]
    else:
        n_repeats = pd.Series(dtype=int)
    baseless = baseless_claims(table, sentences)
    mismatch = mismatched_claims(table)
    heap_docs = documents.assign(**{grouping: documents["doc_id"].map(groups)})
    heaping = round_number_heaping(table, heap_docs, grouping).set_index(grouping) if not table.empty else None
    rows = []
    for group in order_groups(groups.unique()):
        part = table[table["group"] == group]
        n_percent = int((part["kind"] == "percent").sum())
        # a pair is checked once: count its fraction (the percentage carries the same verdict)
        fractions = part[part["kind"] == "fraction"]
        checked = int(fractions["consistent"].notna().sum()) if "consistent" in part.columns else 0
        n_base = int((baseless["group"] == group).sum()) if not baseless.empty else 0
        n_mis = int(((mismatch["group"] == group) & (mismatch["kind"] == "fraction")).sum())
        heap = heaping.loc[group] if heaping is not None and group in heaping.index else None
        rows.append({
            grouping: group, "n_documents": int((groups == group).sum()), "n_percent": n_percent,
            "n_baseless": n_base, "baseless_share": n_base / n_percent if n_percent else np.nan,
            "n_fraction": int((part["kind"] == "fraction").sum()), "n_checked": checked,
            "n_mismatch": n_mis, "mismatch_share": n_mis / checked if checked else np.nan,
            "n_repeats": int(n_repeats.get(group, 0)),
            "n_heaping_values": int(heap["n_values"]) if heap is not None else 0,
            "share_multiple_of_5": float(heap["share_multiple_of_5"]) if heap is not None else np.nan,
            "share_multiple_of_10": float(heap["share_multiple_of_10"]) if heap is not None else np.nan,
            "share_100": float(heap["share_100"]) if heap is not None else np.nan,
        })
    columns = [grouping, "n_documents", "n_percent", "n_baseless", "baseless_share", "n_fraction",
               "n_checked", "n_mismatch", "mismatch_share", "n_repeats", "n_heaping_values", "share_multiple_of_5",
               "share_multiple_of_10", "share_100"]
    return add_members(pd.DataFrame(rows, columns=columns), grouping, documents)
