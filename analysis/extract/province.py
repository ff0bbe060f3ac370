"""Which province an article is about, scored from where its province names occur.

Mentions are found case-sensitively (so "hòa bình" = peace is not "Hòa Bình") and weighted by
where they stand:

=============================================  ======
"Tỉnh ủy X", "Thành ủy X" (centrally-run city)   4
"Đảng bộ/UBND/HĐND/Ban Thường vụ ... tỉnh X"     4
"tỉnh X", "thành phố X", "TP. X"                 2
a district of X ("huyện Mường Lát", "Huyện ủy    1.5   (names shared by several provinces count
Lộc Bình", "TP. Thanh Hóa")                            for none)
a bare mention of X                              1
=============================================  ======

A mention in the title counts three times and another +2; a mention in the lede (the first
paragraph after the title) counts 1.5 times. A known outlet code ("LSO" Báo Lạng Sơn, "TUAG" Tỉnh
ủy An Giang; ``data/outlets.yaml``) adds 4. The province with the highest score wins when it has
at least 2 points; ``confidence`` is its share of all points, damped when the evidence is thin.
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
    province_2025,
    province_surface_forms,
    resolve_province,
    sort_key,
)

__all__ = ["detect_province", "outlet_province"]

_OUTLETS_FILE = data_file("outlets")

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


def _scan(text: str, title_span: tuple[int, int] | None, lede_span: tuple[int, int] | None,
          scores: dict, evidence: dict) -> None:
    forms = province_surface_forms()
    districts = district_surface_forms()

    def zone_factor(pos: int) -> tuple[float, float, str]:
        if title_span and title_span[0] <= pos < title_span[1]:
            return 3.0, 2.0, "title"
        if lede_span and lede_span[0] <= pos < lede_span[1]:
            return 1.5, 0.0, "lede"
        return 1.0, 0.0, "body"

    claimed: list[tuple[int, int]] = []
    for match in _province_pattern().finditer(text):
        surface = match.group()
        province = forms[surface]
        before = text[max(0, match.start() - 45):match.start()]
        if province == "Hồ Chí Minh" and surface == "Hồ Chí Minh" and not _PROVINCE_BEFORE.search(before):
            continue  # "Chủ tịch Hồ Chí Minh", "tư tưởng Hồ Chí Minh": the person, not the city
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
            weight, label = 4.0, f"{' '.join(strong.group().split())} {surface}"
        elif plain:
            weight, label = 2.0, f"{' '.join(plain.group().strip(' (,;:').split())} {surface}"
        else:
            weight, label = 1.0, surface
        if surface == "Thủ đô":
            weight, label = 0.5, surface
        factor, bonus, zone = zone_factor(match.start())
        scores[province] = scores.get(province, 0.0) + weight * factor + bonus
        evidence.setdefault(province, []).append(f"{zone}: {label}")
        claimed.append((match.start(), match.end()))

    claimed_starts = [s for s, _ in claimed]  # in text order, not overlapping (one finditer)
    for match in _district_pattern().finditer(text):
        i = bisect.bisect_right(claimed_starts, match.start()) - 1
        if i >= 0 and match.start() < claimed[i][1]:
            continue
        before = text[max(0, match.start() - 20):match.start()]
        kind = _DISTRICT_BEFORE.search(before)
        if not kind:
            continue
        owners = districts[match.group()]
        if len(owners) != 1:
            continue
        province = owners[0]
        factor, bonus, zone = zone_factor(match.start())
        scores[province] = scores.get(province, 0.0) + 1.5 * factor
        evidence.setdefault(province, []).append(f"{zone}: {kind.group('kind')} {match.group()}")


def detect_province(text: str, title: str | None = None, outlet: str | None = None,
                    title_span: tuple[int, int] | None = None) -> dict:
    """The province an article is about.

    Returns ``{"province", "province_2025", "confidence", "evidence"}``; province is None (and
    confidence 0.0) when the text does not name one clearly. ``title`` is scanned as the title
    when it is not inside ``text``; ``title_span`` gives the title's offsets when it is.

    >>> r = detect_province("Tỉnh ủy Lạng Sơn quán triệt nghị quyết. Huyện Cao Lộc đạt 95%.")
    >>> r["province"], r["province_2025"], r["confidence"] > 0.9
    ('Lạng Sơn', 'Lạng Sơn', True)
    >>> detect_province("Các cấp ủy quán triệt nghị quyết.")["province"] is None
    True
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
    outlet_home = outlet_province(outlet)
    if outlet_home:
        scores[outlet_home] = scores.get(outlet_home, 0.0) + 4.0
        evidence.setdefault(outlet_home, []).append(f"outlet: {outlet}")
    if not scores:
        return {"province": None, "province_2025": None, "confidence": 0.0, "evidence": []}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))
    best, best_score = ranked[0]
    total = sum(scores.values())
    if best_score < 2.0 or (len(ranked) > 1 and ranked[1][1] == best_score):
        return {"province": None, "province_2025": None, "confidence": 0.0,
                "evidence": _summarise(evidence, [p for p, _ in ranked[:3]])}
    share = best_score / total
    damp = min(1.0, best_score / 6.0)
    confidence = round(share * (0.5 + 0.5 * damp), 3)
    return {
        "province": best,
        "province_2025": province_2025(best),
        "confidence": confidence,
        "evidence": _summarise(evidence, [best]),
    }


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
