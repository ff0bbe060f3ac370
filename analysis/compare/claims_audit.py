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
  comparison conservative.
"""
from __future__ import annotations

from functools import lru_cache

import re

import numpy as np
import pandas as pd
import yaml

from analysis.config import data_file
from analysis.extract.claims import units
from analysis.read.normalize import fold

from ._common import NO_GROUP, add_members, check_grouping, doc_groups, order_groups, sort_by_group

__all__ = ["CLAIM_TYPES", "NO_GROUP", "claim_kinds", "classify_claim", "claim_contexts", "participation_claims", "baseless_claims",
           "mismatched_claims", "round_number_heaping", "claims_audit"]

CLAIM_KINDS_FILE = data_file("claim_kinds")
UNSPECIFIED = "(unspecified)"
EXPECTED_MULTIPLE_OF_5 = 1 / 5
EXPECTED_MULTIPLE_OF_10 = 1 / 10


CLAIM_TYPES = ("target", "change", "grading", "admission", "participation", "completion", "other")
_BEFORE_WINDOW = 40          # characters before a claim searched for `before` cues


@lru_cache(maxsize=1)
def claim_kinds() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The ordered rules of ``analysis/data/claim-kinds.yaml``: (kind, "before"|"after"|"clause", folded cues)."""
    with open(CLAIM_KINDS_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    rules = []
    for i, rule in enumerate(data.get("rules") or []):
        kind = rule.get("kind")
        if kind not in CLAIM_TYPES:
            raise ValueError(f"{CLAIM_KINDS_FILE.name}: rules[{i}]: unknown kind {kind!r}; kinds: {', '.join(CLAIM_TYPES)}")
        for where in ("before", "after", "clause"):
            if rule.get(where):
                rules.append((kind, where, tuple(fold(str(p)) for p in rule[where])))
    return tuple(rules)


def _cue_in(cue: str, text: str) -> bool:
    at = text.find(cue)
    while at >= 0:
        end = at + len(cue)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(cue, at + 1)
    return False


def _claim_type(clause: str, before: str = "", sentence: str = "", after: str = "") -> str:
    """The first rule of the claim-kinds file that matches: ``before``/``after`` are the text just
    before and after the number, ``clause`` its clause (then the whole sentence)."""
    before, clause, sentence, after = fold(before or ""), fold(clause or ""), fold(sentence or ""), fold(after or "")
    for scope in (clause, sentence):
        if not scope:
            continue
        for kind, where, cues in claim_kinds():
            if where == "after":
                if any(after.startswith(cue) for cue in cues):
                    return kind
                continue
            text = before if where == "before" else scope
            if any(_cue_in(cue, text) for cue in cues):
                return kind
    return "other"


def classify_claim(sentence: str, offset: int, clause: tuple[int, int] | None = None) -> str:
    """The claim type of the number at ``offset`` of ``sentence`` (offsets relative to the sentence).

    >>> classify_claim("Có 77,56% đảng viên học tập, quán triệt nghị quyết.", 3)
    'participation'
    >>> classify_claim("Có 15% đảng viên hoàn thành xuất sắc nhiệm vụ.", 3)
    'grading'
    """
    lo, hi = clause if clause else _clause_in(sentence, offset)
    before = sentence[max(lo, offset - _BEFORE_WINDOW):offset]
    before = re.split(r"\d[\d.,]*\s*%?", before)[-1]  # back to the previous number
    number = re.match(r"[^\d]{0,12}[\d.,]+(?:\s*(?:[-–]|đến)\s*[\d.,]+)?\s*(?:%|phần trăm)?", sentence[offset:hi])
    after = sentence[offset + (number.end() if number else 0):hi].lstrip()
    return _claim_type(sentence[lo:hi], before, sentence, after)


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
    of the same figure stated earlier in the document, a headline restated in the body; else
    <NA>), sorted by doc_id, start. ``claim_type`` is one of ``CLAIM_TYPES`` (rules in
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
    cod = cod[[k in wanted for k in keys]]  # only the sentences that hold a claim
    cod_by_sentence: dict = {}  # (doc, sentence) -> [(category, code, start)], plain tuples: fast
    for doc, sent, cat, code, start in zip(cod["doc_id"], cod["sentence_index"].astype(int), cod["category"],
                                          cod["code"], cod["start"].astype(int)):
        cod_by_sentence.setdefault((doc, sent), []).append((cat, code, start))
    types, audiences, levels, a_scopes, l_scopes = [], [], [], [], []
    for row in table.itertuples(index=False):
        key = (row.doc_id, int(row.sentence_index))
        sentence_text = row.sentence if isinstance(getattr(row, "sentence", None), str) else ""
        if key in sent_index:
            s_start, s_text = sent_index[key]
            clause = _clause_bounds(s_text, s_start, int(row.start))
            rel = int(row.start) - s_start
            kind = classify_claim(s_text, rel, (clause[0] - s_start, clause[1] - s_start))
        else:
            rel = sentence_text.find(row.text) if row.text else -1
            kind = classify_claim(sentence_text, max(rel, 0)) if sentence_text else "other"
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


def participation_claims(claims: pd.DataFrame, codings: pd.DataFrame, documents: pd.DataFrame,
                         sentences: pd.DataFrame | None = None, grouping: str = "province",
                         claim_types=("participation", "completion")) -> pd.DataFrame:
    """Participation and completion claims per group, audience and level; ranges kept. Targets,
    rates of change, the grading of members and organisations and admissions are other claim types
    (``claim_types`` selects them); a figure restated in the same document counts once.

    Returns ``<grouping>, claim_type, audience, level, n_claims, n_documents, n_ranges, low_min,
    high_max, mid_median`` (median of range midpoints), ``values`` (the claims as written, in
    document order: "98; 90–95; 80–85"), sorted by group, claim_type, audience, level.
    """
    check_grouping(grouping)
    columns = [grouping, "claim_type", "audience", "level", "n_claims", "n_documents", "n_ranges",
               "low_min", "high_max", "mid_median", "values"]
    ctx = claim_contexts(claims, codings, sentences)
    ctx = ctx[ctx["claim_type"].isin(claim_types) & ctx["repeat_of"].isna()]  # a restated headline counts once
    groups = doc_groups(documents, grouping)
    ctx = ctx.assign(**{grouping: ctx["doc_id"].map(groups)}).dropna(subset=[grouping])
    rows = []
    for (group, kind, audience, level), part in ctx.groupby([grouping, "claim_type", "audience", "level"], sort=True):
        part = part.sort_values(["doc_id", "start"])
        rows.append({
            grouping: group, "claim_type": kind, "audience": audience, "level": level,
            "n_claims": len(part), "n_documents": part["doc_id"].nunique(),
            "n_ranges": int(part["is_range"].sum()),
            "low_min": float(part["low"].min()), "high_max": float(part["high"].max()),
            "mid_median": float(((part["low"] + part["high"]) / 2).median()),
            "values": "; ".join(v for v in part["value_text"] if isinstance(v, str)),
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


def flag_repeats(claims: pd.DataFrame) -> pd.Series:
    """``repeat_of``: the claim_index of the first claim of the same document with the same kind and
    the same values (a headline figure restated in the lede or the body), else <NA>.

    >>> c = pd.DataFrame({"doc_id": ["d"] * 3, "claim_index": [0, 1, 2], "kind": ["percent"] * 3,
    ...                   "low": [77.56, 98.0, 77.56], "high": [77.56, 98.0, 77.56]})
    >>> flag_repeats(c).tolist()
    [<NA>, <NA>, 0]
    """
    fields = [f for f in ("kind", "low", "high", "numerator", "denominator", "value") if f in claims.columns]
    key = claims[fields].astype("string").fillna("")
    first = {}
    out = []
    for doc, idx, row in zip(claims["doc_id"], claims["claim_index"], key.itertuples(index=False, name=None)):
        k = (doc, *row)
        if k in first:
            out.append(first[k])
        else:
            first[k] = idx
            out.append(pd.NA)
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


def _reported(claims: pd.DataFrame) -> pd.Series:
    """False for percentages that are targets (targets are round by design: "phấn đấu 100%")."""
    if "sentence" not in claims.columns or claims.empty:
        return pd.Series(True, index=claims.index)
    rel = _relative_offsets(claims, None)
    kinds = [classify_claim(s, int(o)) if isinstance(s, str) else "other" for s, o in zip(claims["sentence"], rel)]
    return pd.Series([k != "target" for k in kinds], index=claims.index)


def _percent_values(claims: pd.DataFrame) -> pd.DataFrame:
    table = claims[claims["kind"] == "percent"]
    table = table[_reported(table)][["doc_id", "low", "high"]]
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


def round_number_heaping(claims: pd.DataFrame, documents: pd.DataFrame | None = None,
                         grouping: str | None = None) -> pd.DataFrame:
    """Round-number heaping of stated percentages, overall or per group.

    Each stated value counts once (a range contributes both bounds); targets ("phấn đấu 100%",
    "(Nghị quyết: 85%)") are left out, since they are round by design. Returns ``<grouping>`` (or
    ``scope`` = "all" when ``grouping`` is None), ``n_values, n_integer, n_multiple_of_5,
    share_multiple_of_5, expected_multiple_of_5, n_multiple_of_10, share_multiple_of_10,
    expected_multiple_of_10, n_100, share_100, share_multiple_of_5_excl_100``.

    >>> c = pd.DataFrame({"doc_id": ["a"] * 4, "kind": ["percent"] * 4,
    ...                   "low": [98.0, 90.0, 100.0, 94.8], "high": [98.0, 95.0, 100.0, 94.8]})
    >>> r = round_number_heaping(c).iloc[0]
    >>> int(r["n_values"]), int(r["n_multiple_of_5"]), int(r["n_multiple_of_10"]), int(r["n_100"])
    (5, 3, 2, 1)
    """
    values = _percent_values(claims)
    if grouping is None:
        row = _heaping_row(values["value"].to_numpy(dtype=float))
        return pd.DataFrame([{"scope": "all", **row}])
    check_grouping(grouping)
    groups = doc_groups(documents, grouping)
    values = values.assign(group=values["doc_id"].map(groups)).dropna(subset=["group"])
    rows = [{grouping: g, **_heaping_row(part["value"].to_numpy(dtype=float))}
            for g, part in values.groupby("group", sort=True)]
    out = sort_by_group(pd.DataFrame(rows, columns=[grouping, *_heaping_row(np.array([])).keys()]), [grouping], grouping)
    return add_members(out, grouping, documents)


def claims_audit(claims: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                 sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per group: base-less claims, mismatches and heaping side by side.

    Documents without a group (province unknown) stay in, under ``NO_GROUP`` ("(no province)").
    A figure restated in the same document (``repeat_of``) counts once everywhere.
    Returns ``<grouping>, n_documents, n_percent, n_baseless, baseless_share, n_fraction, n_checked``
    (fraction–percentage pairs checked, counted once per pair), ``n_mismatch, mismatch_share`` (of
    checked), ``n_repeats`` (figures restated in the same document, counted once),
    ``share_multiple_of_5, share_multiple_of_10, share_100`` (of stated percent values).
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
            "share_multiple_of_5": float(heap["share_multiple_of_5"]) if heap is not None else np.nan,
            "share_multiple_of_10": float(heap["share_multiple_of_10"]) if heap is not None else np.nan,
            "share_100": float(heap["share_100"]) if heap is not None else np.nan,
        })
    columns = [grouping, "n_documents", "n_percent", "n_baseless", "baseless_share", "n_fraction",
               "n_checked", "n_mismatch", "mismatch_share", "n_repeats", "share_multiple_of_5",
               "share_multiple_of_10", "share_100"]
    return add_members(pd.DataFrame(rows, columns=columns), grouping, documents)
