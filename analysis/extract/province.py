"""Which province an article is about, scored from where its province names occur.

Mentions are found case-sensitively (so "hòa bình" = peace is not "Hòa Bình") and weighted by
what they are and where they stand (the weights are the named constants below, each with why):

=============================================  ===================
"Tỉnh ủy X", "Thành ủy X" (centrally-run city)   STRONG_WEIGHT
"Đảng bộ/UBND/HĐND/Ban Thường vụ ... tỉnh X"     STRONG_WEIGHT
"tỉnh X", "thành phố X", "TP. X"                 PROVINCE_WEIGHT
a district of X ("huyện Mường Lát", "Huyện ủy    DISTRICT_WEIGHT   (names shared by several
Hàm Thuận Nam", "quận 9", "Đức Linh:" opening              provinces count for none)
a paragraph)
a bare mention of X                              BARE_WEIGHT
=============================================  ===================

A mention in the title counts TITLE_FACTOR times plus TITLE_BONUS; one in the lede (the first
paragraph after the title) LEDE_FACTOR times. A known outlet code ("LSO" Báo Lạng Sơn, "TUAG"
Tỉnh ủy An Giang; ``data/outlets.yaml``) adds OUTLET_WEIGHT, and so does a web address naming a
province ("baoninhthuan.com.vn"; ``data/province-rules.yaml``). The province with the highest
score wins when it has at least MIN_SCORE points, or when it is the only province named and is
named in the title or lede; ``confidence`` is its share of all points, damped when the evidence
is thin. Articles published from 1 July 2025 are placed in a 2025 province directly: when the
name they use covers several pre-2025 provinces, the pre-2025 province is left empty, with the
reason. A document without a province always carries the reason in its evidence.
"""
from __future__ import annotations

import bisect

import re
from functools import lru_cache

import yaml

from analysis.config import data_file
from analysis.read.normalize import literal_alternation

from .gazetteer import (
    district_surface_forms,
    members_2025,
    province_2025,
    province_surface_forms,
    resolve_province,
    sort_key,
)

__all__ = ["detect_province", "outlet_province", "url_province"]

_OUTLETS_FILE = data_file("outlets")

STRONG_WEIGHT = 4.0  # the province's own bodies ("Tỉnh ủy X", "UBND tỉnh X"): the article is about them
PROVINCE_WEIGHT = 2.0  # "tỉnh X": named as a unit, but may be a neighbour or a comparison
DISTRICT_WEIGHT = 2.0  # a district with one possible province is as specific as "tỉnh X" (was 1.5:
#                        one district alone then fell below MIN_SCORE and the article was left unplaced)
BARE_WEIGHT = 1.0  # a bare name can be a visitor, a person's home or a comparison
CAPITAL_WEIGHT = 0.5  # "Thủ đô" is usually Hà Nội, but also any capital
TITLE_FACTOR, TITLE_BONUS = 3.0, 2.0  # the headline names what the article is about
LEDE_FACTOR = 1.5  # the first paragraph names the actors; later paragraphs wander
OUTLET_WEIGHT = 4.0  # a provincial paper's mark or web address: it reports on its own province
MIN_SCORE = 2.0  # at least one "tỉnh X" or district, or two bare mentions: one bare name is too thin
CONFIDENCE_FULL_AT = 6.0  # evidence worth this many points is not damped
AFTER_MERGER = "2025-07-01"  # from this day the 34 provinces of the 2025 merger exist

_STRONG_BEFORE = re.compile(
    r"(?:(?:Tỉnh|Thành)\s+ủy|(?:(?:Đảng\s+bộ|UBND|HĐND|Ủy\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân|"
    r"Ủy\s+ban\s+MTTQ|MTTQ|Báo|Công\s+an|Ban\s+Tuyên\s+giáo\s+Tỉnh\s+ủy|Bộ\s+Chỉ\s+huy\s+Quân\s+sự)\s+"
    r"(?:tỉnh|thành\s+phố|TP\.?)))\s*$",
    re.IGNORECASE,
)
_PROVINCE_BEFORE = re.compile(r"(?:^|[\s(,;:])(?:tỉnh|thành\s+phố|TP\.?|T\.P\.?)\s*$", re.IGNORECASE)
_DISTRICT_BEFORE = re.compile(
    r"(?:^|[\s(,;:])(?P<kind>huyện|quận|thị\s+xã|thành\s+phố|TP\.?|(?:Huyện|Quận|Thị|Thành)\s+ủy)\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str | None]:
    data = yaml.safe_load(_OUTLETS_FILE.read_text(encoding="utf-8")) or {}
    return {str(code): (resolve_province(name) if name else None) for code, name in data.items()}


def outlet_province(code: str | None) -> str | None:
    """Province of a known outlet code ("LSO" -> "Lạng Sơn"); None for national or unknown outlets.

    >>> outlet_province("LSO"), outlet_province("TUAG"), outlet_province("XYZ")
    ('Lạng Sơn', 'An Giang', None)
    >>> outlet_province("Baonghean.vn"), outlet_province("baoquangninh.com.vn"), outlet_province("baotintuc.vn")
    ('Nghệ An', 'Quảng Ninh', None)
    """
    if not code:
        return None
    code = code.strip("() ")
    known = _outlets().get(code.upper()) or _outlets().get(code)
    if known or code.upper() in _outlets():
        return known
    domain = re.fullmatch(r"(?:www\.)?(?P<name>[\w-]+)(?:\.(?:org|com|gov))?\.(?:vn|com|net)", code.lower())
    if domain:
        # A provincial paper's domain: "baonghean.vn", "baoquangninh.com.vn", "tinhuyhagiang.vn"
        name = re.sub(r"^(?:bao|tinhuy|tuyengiao|dangbo|ubnd|congan)", "", domain.group("name")).replace("-", "")
        return resolve_province(name) if len(name) >= 4 else None
    return None


def _word_pattern(forms) -> re.Pattern:
    return re.compile(rf"(?<![\wÀ-ỹ])(?:{literal_alternation(forms)})(?![\wÀ-ỹ])")


@lru_cache(maxsize=1)
def _province_pattern() -> re.Pattern:
    return _word_pattern(province_surface_forms())


@lru_cache(maxsize=1)
def _district_pattern() -> re.Pattern:
    return _word_pattern(district_surface_forms())


@lru_cache(maxsize=1)
def _rules() -> dict:
    return yaml.safe_load(data_file("province_rules").read_text(encoding="utf-8")) or {}


_NUMBERED_DISTRICT = re.compile(r"(?<![\wÀ-ỹ])(?:[Qq]uận|Quận\s+ủy|quận\s+ủy)\s+(?P<n>[1-9]|1[0-2])(?!\d|[.,]\d)")
# A district name opening a paragraph as its dateline: "Đức Linh: ...", "Đô Lương - ..."
_DATELINE = re.compile(r"(?m)^(?P<name>[A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*){0,3})\s*(?::|\s[-–]\s)")


def url_province(url: str | None) -> str | None:
    """Province named by an article's web address, or None.

    >>> url_province("https://baoninhthuan.com.vn/news/1.htm"), url_province("https://kimson.ninhbinh.gov.vn/a")
    ('Ninh Thuận', 'Ninh Bình')
    >>> url_province("https://thainguyentv.vn/x"), url_province("https://www.baomoi.com/x"), url_province(None)
    ('Thái Nguyên', None, None)
    """
    if not isinstance(url, str):
        return None
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    host = host[4:] if host.startswith("www.") else host
    rules = _rules()
    if any(host == h or host.endswith("." + h) for h in rules.get("national_hosts") or ()):
        return None
    labels = [lab for lab in host.split(".") if lab not in ("vn", "com", "org", "gov", "net", "edu", "info")]
    prefixes = sorted(rules.get("url_prefixes") or (), key=len, reverse=True)
    suffixes = sorted(rules.get("url_suffixes") or (), key=len, reverse=True)
    for label in reversed(labels):  # "kimson.ninhbinh.gov.vn": the province is the outer label
        name = label.replace("-", "")
        for prefix in prefixes:
            if name.startswith(prefix) and len(name) > len(prefix) + 3:
                name = name[len(prefix):]
                break
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) + 3:
                name = name[: -len(suffix)]
                break
        found = resolve_province(name) if len(name) >= 4 else None
        if found:
            return found
    return None


def _scan(text: str, title_span: tuple[int, int] | None, lede_span: tuple[int, int] | None,
          scores: dict, evidence: dict) -> None:
    forms = province_surface_forms()

    def zone_factor(pos: int) -> tuple[float, float, str]:
        if title_span and title_span[0] <= pos < title_span[1]:
            return TITLE_FACTOR, TITLE_BONUS, "title"
        if lede_span and lede_span[0] <= pos < lede_span[1]:
            return LEDE_FACTOR, 0.0, "lede"
        return 1.0, 0.0, "body"

    def add(province: str, weight: float, pos: int, label: str) -> None:
        factor, bonus, zone = zone_factor(pos)
        scores[province] = scores.get(province, 0.0) + weight * factor + bonus
        evidence.setdefault(province, []).append(f"{zone}: {label}")

    claimed: list[tuple[int, int]] = []
    for match in _province_pattern().finditer(text):
        surface = match.group()
        province = forms[surface]
        before = text[max(0, match.start() - 45):match.start()]
        if province == "Hồ Chí Minh" and surface in ("Hồ Chí Minh", "HCM") and not _PROVINCE_BEFORE.search(before):
            continue  # "Chủ tịch Hồ Chí Minh", "phong cách HCM", "Đoàn TNCS HCM": the person, not the city
        if surface == "Thái Bình" and text.startswith(" Dương", match.end()):
            continue  # "Thái Bình Dương": the Pacific Ocean
        if text.startswith(" Phủ", match.end()) and surface == "Điện Biên":
            continue  # "Điện Biên Phủ" (the city, or the battle) is handled as a district
        district_kind = _DISTRICT_BEFORE.search(before)
        if district_kind and district_kind.group("kind").lower().startswith(("huyện", "quận", "thị")):
            continue  # "huyện Quảng Ninh" (Quảng Bình) is a district: left to the district pass
        strong = _STRONG_BEFORE.search(before)
        plain = _PROVINCE_BEFORE.search(before)
        if strong:
            weight, label = STRONG_WEIGHT, f"{' '.join(strong.group().split())} {surface}"
        elif plain:
            weight, label = PROVINCE_WEIGHT, f"{' '.join(plain.group().strip(' (,;:').split())} {surface}"
        else:
            weight, label = BARE_WEIGHT, surface
        if surface == "Thủ đô":
            weight, label = CAPITAL_WEIGHT, surface
        add(province, weight, match.start(), label)
        claimed.append((match.start(), match.end()))
    _scan_districts(text, claimed, add)


def _scan_districts(text: str, claimed: list[tuple[int, int]], add) -> None:
    districts = district_surface_forms()
    # province mentions come from one finditer: in text order and not overlapping, so bisect finds
    # the one a district match could sit in (a linear scan made long files quadratic)
    province_spans = list(claimed)
    province_starts = [s for s, _ in province_spans]
    for match in _district_pattern().finditer(text):
        i = bisect.bisect_right(province_starts, match.start()) - 1
        if i >= 0 and match.start() < province_spans[i][1]:
            continue
        kind = _DISTRICT_BEFORE.search(text[max(0, match.start() - 20):match.start()])
        owners = districts[match.group()]
        if kind and len(owners) == 1:
            add(owners[0], DISTRICT_WEIGHT, match.start(), f"{kind.group('kind')} {match.group()}")
            claimed.append((match.start(), match.end()))
    numbered_home = resolve_province(_rules().get("numbered_districts") or "")
    for match in _NUMBERED_DISTRICT.finditer(text):
        if numbered_home:
            add(numbered_home, DISTRICT_WEIGHT, match.start(), " ".join(match.group().split()))
    for match in _DATELINE.finditer(text):
        owners = districts.get(match["name"], ())
        if len(owners) == 1 and not any(s <= match.start() < e for s, e in claimed):
            add(owners[0], DISTRICT_WEIGHT, match.start(), f"{match['name']}: (dateline)")


def detect_province(text: str, title: str | None = None, outlet: str | None = None,
                    title_span: tuple[int, int] | None = None, url: str | None = None,
                    published: str | None = None) -> dict:
    """The province an article is about.

    Returns ``{"province", "province_2025", "confidence", "evidence"}``; province is None (and
    confidence 0.0) when the text does not name one clearly, and then ``evidence`` starts with the
    reason ("no province named", "tie: ...", "too little evidence: ..."). ``title`` is scanned as
    the title when it is not inside ``text``; ``title_span`` gives the title's offsets when it is.
    ``url`` (the article's address) and ``outlet`` (its mark) count as evidence; ``published``
    ("YYYY-MM-DD") from 1 July 2025 places the article in a 2025 province directly.

    >>> r = detect_province("Tỉnh ủy Lạng Sơn quán triệt nghị quyết. Huyện Cao Lộc đạt 95%.")
    >>> r["province"], r["province_2025"], r["confidence"] > 0.9
    ('Lạng Sơn', 'Lạng Sơn', True)
    >>> r = detect_province("Các cấp ủy quán triệt nghị quyết.")
    >>> r["province"], r["evidence"]
    (None, ['no province: no province, district or outlet named'])
    """
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    text = text or ""
    lede_span = None
    if title_span is None and title and title in text[:600]:
        start = text.find(title)
        title_span = (start, start + len(title))
    if title_span:
        next_break = text.find("\n", title_span[1] + 1)
        lede_end = text.find("\n", next_break + 1) if next_break >= 0 else -1
        lede_span = (title_span[1], lede_end if lede_end >= 0 else len(text))
    shouted = None
    if title_span and text[title_span[0]:title_span[1]].isupper():
        # An all-caps headline ("LẠNG SƠN: ...") is matched in title case, separately.
        shouted = text[title_span[0]:title_span[1]].title()
        text = text[:title_span[0]] + " " * (title_span[1] - title_span[0]) + text[title_span[1]:]
    _scan(text, title_span, lede_span, scores, evidence)
    if shouted:
        _scan(shouted, (0, len(shouted)), None, scores, evidence)
    elif title and not title_span:
        _scan(title.title() if title.isupper() else title, (0, len(title)), None, scores, evidence)
    for home, label in ((outlet_province(outlet), f"outlet: {outlet}"), (url_province(url), f"url: {_host(url)}")):
        if home:
            scores[home] = scores.get(home, 0.0) + OUTLET_WEIGHT
            evidence.setdefault(home, []).append(label)
    return _decide(scores, evidence, published)


def _host(url: str | None) -> str:
    return re.sub(r"^[a-z]+://", "", (url or "").lower()).split("/")[0]


def _decide(scores: dict, evidence: dict, published: str | None) -> dict:
    """The winner of the scores, or None with the reason first in the evidence."""
    if not scores:
        return _unplaced(["no province: no province, district or outlet named"])
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))
    best, best_score = ranked[0]
    top = [p for p, _ in ranked[:3]]
    if len(ranked) > 1 and ranked[1][1] == best_score:
        tied = ", ".join(p for p, v in ranked if v == best_score)
        return _unplaced([f"no province: tie between {tied}"] + _summarise(evidence, top))
    sole_clear = len(ranked) == 1 and any(e.startswith(("title:", "lede:")) for e in evidence[best])
    if best_score < MIN_SCORE and not sole_clear:
        return _unplaced([f"no province: too little evidence ({best} {best_score:g} < {MIN_SCORE:g} points)"]
                         + _summarise(evidence, top))
    share = best_score / sum(scores.values())
    damp = min(1.0, best_score / CONFIDENCE_FULL_AT)
    result = {"province": best, "province_2025": province_2025(best),
              "confidence": round(share * (0.5 + 0.5 * damp), 3), "evidence": _summarise(evidence, [best])}
    if published and published >= AFTER_MERGER:
        _after_merger(result, evidence)
    return result


def _after_merger(result: dict, evidence: dict) -> None:
    """From 1 July 2025 a name such as "tỉnh Phú Thọ" means the 2025 province, which absorbed
    Vĩnh Phúc and Hòa Bình: keep the 2025 province; keep the pre-2025 one only when a district
    places the article there."""
    best = result["province"]
    new = province_2025(best)
    members = members_2025().get(new, []) if new else []
    by_district = any(re.match(r"\w+: (?:huyện|quận|thị xã|thành phố|TP|Huyện ủy|Quận ủy|Thị ủy|Thành ủy)\s", e,
                               re.IGNORECASE) or "(dateline)" in e for e in evidence.get(best, []))
    if len(members) > 1 and not by_district:
        result["province"] = None
        result["evidence"] = [f"after 1 July 2025: placed in the 2025 province {new} (merged "
                              f"{', '.join(members)}); the pre-2025 province is not stated"] + result["evidence"]


def _unplaced(evidence: list[str]) -> dict:
    return {"province": None, "province_2025": None, "confidence": 0.0, "evidence": evidence}


def _summarise(evidence: dict, provinces: list[str]) -> list[str]:
    """Short, deterministic evidence strings: "title: Lạng Sơn", "body: Tỉnh ủy Lạng Sơn ×3"."""
    out: list[str] = []
    for province in provinces:
        counts: dict[str, int] = {}
        for item in evidence.get(province, []):
            counts[item] = counts.get(item, 0) + 1
        for item, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]:
            out.append(item if count == 1 else f"{item} ×{count}")
    return out
