"""Which province an article is about, scored from where its province names occur.

Mentions are found case-sensitively (so "hòa bình" = peace is not "Hòa Bình") and weighted by
what they are and where they stand (the weights are the named constants below, each with why):

=============================================  ===================
"Tỉnh ủy X", "Thành ủy X" (centrally-run city)   STRONG_WEIGHT
"Đảng bộ/UBND/HĐND/Ban Thường vụ ... tỉnh X"     STRONG_WEIGHT
"tỉnh X", "thành phố X", "TP. X"                 PROVINCE_WEIGHT
a district of X ("huyện Mường Lát", "Huyện ủy    DISTRICT_WEIGHT   (names shared by several
Hàm Thuận Nam", "quận 9", "Đức Linh:" opening              provinces count for none)
a paragraph, "Đô Lương tổ chức ..." opening
the headline)
a commune of X, before or after 2025 ("xã Ya Ly",  COMMUNE_WEIGHT    (its address, "xã Ya Ly, tỉnh
"phường Từ Sơn (tỉnh Bắc Ninh)")                                       Quảng Ngãi", picks the
                                                                       commune and counts with it)
a bare mention of X                              BARE_WEIGHT
=============================================  ===================

A mention in the title counts TITLE_FACTOR times plus TITLE_BONUS; one in the lede (the first
paragraph after the title) LEDE_FACTOR times. A known outlet code ("LSO" Báo Lạng Sơn, "TUAG"
Tỉnh ủy An Giang; ``data/outlets.yaml``) adds OUTLET_WEIGHT, and so does a web address naming a
province ("baoninhthuan.com.vn"; ``data/province-rules.yaml``). The province with the highest
score wins when it has at least MIN_SCORE points, or when it is the only province named and is
named in the title or lede; ``confidence`` is its share of all points, damped when the evidence
is thin. ``province`` is always a pre-2025 province (the contract): communes created in 2025
count for the pre-2025 province their old wards lay in ("xã Vĩnh Điều", An Giang since 2025,
is Kiên Giang's). For articles published from 1 July 2025 a name such as "tỉnh Khánh Hòa" means
the merged 2025 province: stated as a unit ("tỉnh X", "Tỉnh ủy X") and outscoring every district
or commune of another member, it labels the pre-2025 province of that name, with a note first in
the evidence; named only in passing or by a web address, the pre-2025 province is left empty,
with the reason. A document without a province always carries the reason in its evidence.
"""
from __future__ import annotations

import bisect

import re
from functools import lru_cache

import yaml

from analysis.config import data_file
from analysis.read.normalize import literal_alternation

from .gazetteer import (
    commune_places,
    district_ascii_provinces,
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
COMMUNE_WEIGHT = 2.0  # "xã Ya Ly", "phường Từ Sơn": a commune whose name (or address) fits one
#                        pre-2025 province is as specific as a district
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
    """Pre-2025 province named by an article's web address, or None.

    A label inside a province's host that names one of its districts or communes places the
    article in that unit's pre-2025 province: since July 2025 commune portals sit under the 2025
    province ("vinhdieu.angiang.gov.vn": xã Vĩnh Điều, Kiên Giang before the merger). A
    government host that is a district's own name ("doluong.gov.vn") points to its province when
    only one province has a district of that name.

    >>> url_province("https://baoninhthuan.com.vn/news/1.htm"), url_province("https://kimson.ninhbinh.gov.vn/a")
    ('Ninh Thuận', 'Ninh Bình')
    >>> url_province("https://thainguyentv.vn/x"), url_province("https://www.baomoi.com/x"), url_province(None)
    ('Thái Nguyên', None, None)
    >>> url_province("https://yaly.quangngai.gov.vn/tin"), url_province("https://doluong.gov.vn/a")
    ('Kon Tum', 'Nghệ An')
    >>> url_province("https://vietnam.vn/namdinh/hoi-nghi"), url_province("https://vietnam.vn/hoi-nghi")
    ('Nam Định', None)
    """
    return _url_place(url)[0]


def _url_place(url: str | None) -> tuple[str | None, str | None]:
    """(pre-2025 province, the host label naming a district or commune, if that is what placed it)."""
    if not isinstance(url, str):
        return None, None
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    host = host[4:] if host.startswith("www.") else host
    rules = _rules()
    if any(host == h or host.endswith("." + h) for h in rules.get("national_hosts") or ()):
        if host in (rules.get("province_section_hosts") or ()):
            # an aggregator's provincial section: "vietnam.vn/namdinh/..." carries that province's paper
            path = re.sub(r"^[a-z]+://[^/]+", "", url.strip().lower()).strip("/").split("/")
            section = path[0].replace("-", "") if path and len(path) > 1 else ""
            found = resolve_province(section) if len(section) >= 4 else None
            return found, None
        return None, None
    labels = [lab for lab in host.split(".") if lab not in ("vn", "com", "org", "gov", "net", "edu", "info")]
    prefixes = sorted(rules.get("url_prefixes") or (), key=len, reverse=True)
    suffixes = sorted(rules.get("url_suffixes") or (), key=len, reverse=True)
    for i in range(len(labels) - 1, -1, -1):  # "kimson.ninhbinh.gov.vn": the province is the outer label
        name = labels[i].replace("-", "")
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
            for inner in labels[:i]:  # a district or commune portal under the province's host
                units = district_ascii_provinces(inner, within=found) if len(inner) >= 4 else []
                if len(units) == 1:
                    return units[0], inner
            return found, None
    if host.endswith(".gov.vn") and len(labels) == 1 and len(labels[0]) >= 5:
        units = district_ascii_provinces(labels[0])  # "doluong.gov.vn": a district's own portal
        if len(units) == 1:
            return units[0], labels[0]
    return None, None


# A commune-level unit: "xã Ya Ly", "Đảng ủy phường Từ Sơn", "thị trấn Đô Lương" (two to four
# capitalised syllables; "thị xã X" is a district and left to the district pass).
_COMMUNE = re.compile(
    r"(?<![\wÀ-ỹ])(?P<kind>[Xx]ã|[Pp]hường|[Tt]hị\s+trấn|[Đđ]ặc\s+khu)\s+"
    r"(?P<name>[A-ZĐÀ-Ỹ][\wÀ-ỹ']*(?:(?:\s+|-)[A-ZĐÀ-Ỹ][\wÀ-ỹ']*){1,3})(?![\wÀ-ỹ])"
)
# The province that closes a commune's address: "xã Ya Ly, tỉnh Quảng Ngãi", "phường Từ Sơn (tỉnh Bắc Ninh)"
_ADDRESS_PROVINCE = re.compile(r"\s*(?:,|\(|[-–])?\s*(?:tỉnh|thành\s+phố|TP\.?)\s*", re.IGNORECASE)


def _communes(text: str) -> list[tuple[int, int, str, str, tuple[int, int] | None]]:
    """Commune mentions that fit one pre-2025 province: (start, end, province, label, address span).

    The longest run of capitalised syllables that names a commune is taken. When a province closes
    the address, only communes in it count (read as the 2025 province after the merger, so
    "xã Ya Ly, tỉnh Quảng Ngãi" is Kon Tum's old commune); its span is returned so the address is
    not counted a second time for the 2025 province's name.
    """
    forms = province_surface_forms()
    out = []
    for match in _COMMUNE.finditer(text):
        if re.search(r"(?i)thị\s*$", text[max(0, match.start() - 6):match.start()]) and match["kind"].lower() == "xã":
            continue  # "thị xã Cửa Lò" is a district
        words = re.split(r"(?<=[\wÀ-ỹ'])(?=[\s-])", match["name"])
        for n in range(len(words), 1, -1):
            name = "".join(words[:n]).strip()
            end = match.start("name") + len("".join(words[:n]))
            address = _ADDRESS_PROVINCE.match(text, end)
            within, span = None, None
            if address:
                named = _province_pattern().match(text, address.end())
                if named:
                    within, span = forms[named.group()], (named.start(), named.end())
            pairs = commune_places(name, within=within)
            if not pairs and within:
                pairs, span = commune_places(name), None  # the address names another province: ignore it
            olds = sorted({old for old, _ in pairs})
            if len(olds) == 1:
                kind = " ".join(match["kind"].split())
                label = " ".join(f"{kind} {name}{text[end:span[1]] if span else ''}".split())
                if span and within == olds[0]:
                    span = None  # a pre-2025 address: the province counts on its own as well
                out.append((match.start(), end, olds[0], label, span))
                break
            if pairs:
                break  # the longest name that exists is ambiguous: shorter prefixes are other places
    return out


def _scan(text: str, title_span: tuple[int, int] | None, lede_span: tuple[int, int] | None,
          scores: dict, evidence: dict, explicit: set | None = None) -> None:
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
        if explicit is not None and weight >= PROVINCE_WEIGHT:
            explicit.add(province)  # named as a unit ("tỉnh X", "Tỉnh ủy X") or through a district/commune

    communes = _communes(text)
    inside_commune = [(s, e) for s, e, *_ in communes] + [span for *_, span in communes if span]
    claimed: list[tuple[int, int]] = []
    for match in _province_pattern().finditer(text):
        surface = match.group()
        if any(s <= match.start() < e for s, e in inside_commune):
            continue  # part of a commune's name or of its (2025) address: counted with the commune
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
    for start, end, province, label, _ in communes:
        add(province, COMMUNE_WEIGHT, start, label)
    claimed = sorted(claimed + [(s, e) for s, e, *_ in communes])
    if title_span:
        # a district opening the headline as its subject: "Đô Lương tổ chức hội nghị quán triệt ..."
        subject = _district_pattern().match(text, title_span[0])
        if subject and re.match(r"\s+[a-zà-ỹđ]", text[subject.end():subject.end() + 3]) \
                and not any(s <= subject.start() < e for s, e in claimed):
            owners = district_surface_forms()[subject.group()]
            if len(owners) == 1:
                add(owners[0], DISTRICT_WEIGHT, subject.start(), f"{subject.group()} (title subject)")
                claimed = sorted(claimed + [(subject.start(), subject.end())])
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
    explicit: set[str] = set()
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
    _scan(text, title_span, lede_span, scores, evidence, explicit)
    if shouted:
        _scan(shouted, (0, len(shouted)), None, scores, evidence, explicit)
    elif title and not title_span:
        _scan(title.title() if title.isupper() else title, (0, len(title)), None, scores, evidence, explicit)
    for home, label in ((outlet_province(outlet), f"outlet: {outlet}"), (_url_place(url)[0], f"url: {_host(url)}")):
        if home:
            scores[home] = scores.get(home, 0.0) + OUTLET_WEIGHT
            evidence.setdefault(home, []).append(label)
    return _decide(scores, evidence, published, explicit)


def _host(url: str | None) -> str:
    return re.sub(r"^[a-z]+://", "", (url or "").lower()).split("/")[0]


def _decide(scores: dict, evidence: dict, published: str | None, explicit: set | None = None) -> dict:
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
        _after_merger(result, evidence, explicit or set())
    return result


def _after_merger(result: dict, evidence: dict, explicit: set) -> None:
    """From 1 July 2025 a name such as "tỉnh Khánh Hòa" means the 2025 province, which absorbed
    Ninh Thuận. The 2025 province kept the name (and the Party committee) of one pre-2025
    province, and ``province`` holds that one: the article is labelled Khánh Hòa, with a note
    saying the name now covers the merged province. This needs the name as a unit ("tỉnh X",
    "Tỉnh ủy X") or a district or commune of X; a bare name or a web address alone after the
    merger leaves ``province`` empty, with the reason. A district or commune of another member
    (scored on its own) outweighs the name when it has more points; the name of an absorbed
    province ("tỉnh Vĩnh Phúc") is unambiguous and stays as it is."""
    best = result["province"]
    new = province_2025(best)
    members = members_2025().get(new, []) if new else []
    if len(members) <= 1 or best != new:
        return
    if best not in explicit:
        result["province"] = None
        result["evidence"] = [f"after 1 July 2025: placed in the 2025 province {new} (merged "
                              f"{', '.join(members)}); the pre-2025 province is not stated"] + result["evidence"]
        return
    result["evidence"] = [f"after 1 July 2025: {new} names the 2025 province (merged {', '.join(members)}); "
                          f"labelled with the pre-2025 province of that name"] + result["evidence"]


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
