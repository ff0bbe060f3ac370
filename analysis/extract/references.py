"""References to Party and state documents, Party congresses and Central Committee plenums.

Three kinds of record, each with exact offsets into the clean text:

* ``document``: a numbered document in any written form - "07-NQ/TW", "Nghị quyết số 24-NQ/TU ngày
  16-8-2011", "Chỉ thị số 03-CT/TW, ngày 14/5/2011", "22 – NQ/TW", "05-NQ/TƯ" (TƯ = TW),
  "Quy định số 08-QĐi/TW", "Nghị quyết số 303/NQ-HĐND ngày 13-7-2022", "Nghị định 100/2019/NĐ-CP".
  The span starts at the document-type name when one precedes the code ("Nghị quyết số") and ends
  after the issue date when one follows it. The issuing body named right after ("của Bộ Chính trị",
  "của Ban Thường vụ Tỉnh ủy") is recorded in ``issuing_body`` but is not part of the span.
* ``congress``: "Nghị quyết Đại hội XII của Đảng", "Đại hội đại biểu toàn quốc lần thứ XIII",
  "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV", "Đại hội XI Đảng bộ tỉnh", with the congress number,
  its level (national / provincial / district / commune) and term years ("nhiệm kỳ 2020 - 2025").
* ``plenum``: "Nghị quyết Trung ương 4 (khóa XI)", "NQTW6 (khoá XI)", "Nghị quyết Hội nghị lần thứ
  8, Ban Chấp hành Trung ương Đảng khóa XIII", "Hội nghị Trung ương 6, 7, 8 (khóa XII)" (one record
  per plenum: the first record spans the phrase up to its number, later ones span their number).

Level policy for documents (``level``): the issuer code decides by default - codes ending in "TW"
are central, "TU" provincial, "HU"/"QU"/"TXU"/"ĐU"/"ĐUK" district (ĐU, a grassroots or bloc Party
committee, is below the province: we file it with districts), and state bodies (HĐND, UBND, CP,
TTg, QH, ministries) are "state". A named issuing body overrides the code: "của Ban Chấp hành Đảng
bộ thành phố" / "của Thành ủy" / "của Huyện ủy" make a "/TU" code district-level (a provincial
city's Party committee also numbers its documents "/TU"), except in the five centrally-run cities
(and Huế), whose Thành ủy is provincial.
"""
from __future__ import annotations

import re

from .dates import NUMERIC_DATE, WRITTEN_DATE, valid_date
from .numbers import ROMAN_RE, parse_roman

__all__ = ["extract_references", "normalise_issuer", "issuer_level", "document_key", "CITY_PROVINCES"]

# Provinces whose "Thành ủy" is the provincial Party committee.
CITY_PROVINCES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")

DOC_TYPE_NAMES = {
    "NQ": "Nghị quyết", "CT": "Chỉ thị", "KH": "Kế hoạch", "QĐ": "Quyết định hoặc Quy định",
    "QĐi": "Quy định", "KL": "Kết luận", "HD": "Hướng dẫn", "TB": "Thông báo", "CTr": "Chương trình",
    "BC": "Báo cáo", "QC": "Quy chế", "ĐA": "Đề án", "CV": "Công văn", "NĐ": "Nghị định",
    "TT": "Thông tư", "TTr": "Tờ trình", "TTLT": "Thông tư liên tịch", "L": "Luật",
}

# Document-type names written before a code; the span starts at them when they are adjacent.
_TYPE_WORDS = (
    r"Thông\s+báo\s+kết\s+luận|Nghị\s+quyết|Chỉ\s+thị|Kế\s+hoạch|Quyết\s+định|Quy\s+định|Kết\s+luận|Hướng\s+dẫn|Thông\s+báo|"
    r"Chương\s+trình(?:\s+hành\s+động)?|Báo\s+cáo|Quy\s+chế|Đề\s+án|Công\s+văn|Nghị\s+định|"
    r"Thông\s+tư(?:\s+liên\s+tịch)?|Luật|Tờ\s+trình|Văn\s+bản|NQ|CT|KH|QĐ|KL"
)
_TYPE_PREFIX = re.compile(rf"(?:{_TYPE_WORDS})\s*(?:số\s*)?(?::\s*)?$", re.IGNORECASE)
_SO_PREFIX = re.compile(r"(?:^|(?<=[\s(,;]))số\s*$", re.IGNORECASE)

_DASH = r"\s*[-–—]\s*"
_TYPE = r"(?P<type>CTr|QĐi|TTLT|TTr|[A-ZĐ]{1,3})"
_ISSUER = r"(?P<issuer>(?:[A-ZĐƯ][A-Za-zĐđƯư]{0,11}?)(?:\d{1,2})?)"
# Party style: number-TYPE/ISSUER ("07-NQ/TW", "22 – NQ/TW", "2321-QĐ/TU", "01-CTr/TU").
PARTY_CODE = re.compile(
    rf"(?<![\w/.\-])(?P<number>\d{{1,5}}[a-z]?){_DASH}{_TYPE}\s*/\s*{_ISSUER}(?![\w])"
)
# State style: number[/year]/TYPE-ISSUER ("303/NQ-HĐND", "100/2019/NĐ-CP", "1719/QĐ-TTg", "20/2023/QH15").
STATE_CODE = re.compile(
    r"(?<![\w/.\-])(?P<number>\d{1,5}[a-z]?)\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    r"(?:(?P<type>CTr|QĐi|TTLT|TTr|[A-ZĐ]{1,4})\s*[-–]\s*(?P<issuer>[A-ZĐ][A-Za-zĐđƯư]{0,11}?(?:\d{1,2})?)"
    r"|(?P<law>QH\d{2}))(?![\w])"
)
_STATE_ISSUERS = (
    "HĐND", "UBND", "CP", "TTg", "QH", "UBTVQH", "BNV", "BTC", "BCA", "BQP", "BGDĐT", "BYT", "BTP",
    "BKHĐT", "BCT", "BNNPTNT", "BTNMT", "BXD", "BGTVT", "BLĐTBXH", "BVHTTDL", "BTTTT", "BKHCN",
    "NHNN", "TANDTC", "VKSNDTC", "KTNN", "CTN", "UBMTTQ", "MTTQ", "VPCP",
)

_DATE_AFTER = re.compile(r"\s*,?\s*(?:ban\s+hành\s+)?ngày\s*", re.IGNORECASE)
_BODY_AFTER = re.compile(
    r"\s*,?\s*(?:\(?\s*(?:khóa|khoá)\s+(?P<term0>" + ROMAN_RE + r"|\d{1,2})\s*\)?\s*,?\s*)?"
    r"của\s+(?P<body>(?:Ban\s+Chấp\s+hành|Ban\s+Thường\s+vụ|Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư|"
    r"Thường\s+trực|Ủy\s+ban|Hội\s+đồng|Chính\s+phủ|Thủ\s+tướng|Quốc\s+hội|Tỉnh\s+ủy|Thành\s+ủy|"
    r"Huyện\s+ủy|Thị\s+ủy|Quận\s+ủy|Đảng\s+ủy|HĐND|UBND|Ban\s+[A-ZĐ]\w+|Bộ\s+[A-ZĐ]\w+|Trung\s+ương)"
    r"[^,;.:()“”\"]{0,60}?)(?=\s*(?:[,;.:()“”\"]|$|về\s|\s+(?:khóa|khoá)\s|\s+và\s|\s+gắn\s|\s+để\s|\s+nhằm\s))",
    re.IGNORECASE,
)
_TERM_AFTER = re.compile(r"\s*\(?\s*(?:khóa|khoá)\s+(?P<term>" + ROMAN_RE + r"|\d{1,2})\b\s*\)?", re.IGNORECASE)


def normalise_issuer(issuer: str) -> str:
    """Canonical issuer code: "TƯ" -> "TW"; short Party codes upper-cased ("Tu" -> "TU").

    >>> normalise_issuer("TƯ"), normalise_issuer("BTGTƯ"), normalise_issuer("HĐND"), normalise_issuer("TTg")
    ('TW', 'BTGTW', 'HĐND', 'TTg')
    """
    code = issuer.strip()
    if code.upper().endswith("TƯ"):
        code = code[:-2] + "TW"
    if code in _STATE_ISSUERS or re.fullmatch(r"QH\d{0,2}", code):
        return code
    if code.isalpha() and len(code) <= 3:
        return code.upper()
    return code


def issuer_level(issuer: str) -> str | None:
    """Level of an issuer code: central, provincial, district or state (None when unknown).

    >>> [issuer_level(i) for i in ("TW", "TƯ", "BTGTW", "TU", "HU", "ĐU", "ĐUK", "HĐND", "CP", "XYZ")]
    ['central', 'central', 'central', 'provincial', 'district', 'district', 'district', 'state', 'state', None]
    """
    code = normalise_issuer(issuer)
    upper = code.upper()
    if upper.endswith("TW"):
        return "central"
    if code in _STATE_ISSUERS or re.fullmatch(r"QH\d{0,2}", code) or upper.startswith(("UBND", "HĐND")):
        return "state"
    if upper.endswith("TU"):
        return "provincial"
    if upper.endswith(("HU", "QU", "TXU", "THU", "ĐU", "ĐUK")):
        return "district"
    return None


def document_key(number: str, doc_type: str, issuer: str, year: int | None = None, style: str = "party") -> str:
    """Canonical code used to join references across documents.

    >>> document_key("07", "NQ", "TW"), document_key("303", "NQ", "HĐND", style="state")
    ('07-NQ/TW', '303/NQ-HĐND')
    >>> document_key("100", "NĐ", "CP", 2019, style="state")
    '100/2019/NĐ-CP'
    """
    if style == "party":
        return f"{number}-{doc_type}/{issuer}"
    if year and re.fullmatch(r"QH\d{1,2}", issuer):
        return f"{number}/{year}/{issuer}"
    if year:
        return f"{number}/{year}/{doc_type}-{issuer}"
    return f"{number}/{doc_type}-{issuer}"


def _date_after(text: str, pos: int) -> tuple[int, str | None]:
    """If an issue date follows at ``pos`` (", ngày 14/5/2011"), return (end, iso) else (pos, None)."""
    match = _DATE_AFTER.match(text, pos)
    after = match.end() if match else pos
    window = text[after:after + 40]
    for pattern in (NUMERIC_DATE, WRITTEN_DATE):
        found = pattern.match(window)
        if found:
            date = valid_date(int(found["y"]), int(found["m"]), int(found["d"]))
            if date:
                return after + found.end(), date.isoformat()
    # A bare date right after a comma is an issue date too ("03-CT/TW, 14/5/2011") only with "ngày".
    return pos, None


def _level_from_body(body: str | None, default: str | None, province: str | None) -> str | None:
    if not body:
        return default
    low = body.lower()
    if "trung ương" in low or "bộ chính trị" in low or "ban bí thư" in low:
        return "central" if default in (None, "central", "provincial") and "tỉnh" not in low else default
    if re.search(r"đảng bộ (?:thành phố|thị xã|huyện|quận)|thành ủy|thị ủy|huyện ủy|quận ủy", low):
        if ("thành ủy" in low or "đảng bộ thành phố" in low) and province in CITY_PROVINCES:
            return "provincial"
        return "district"
    if low.startswith("đảng ủy"):
        return default  # "Đảng ủy Khối Cơ quan tỉnh": a bloc committee below the province
    if "tỉnh" in low and default in (None, "district", "provincial"):
        return "provincial"
    return default


def _find_documents(text: str, province: str | None) -> list[dict]:
    records: list[dict] = []
    taken: list[tuple[int, int]] = []
    for pattern, style in ((STATE_CODE, "state"), (PARTY_CODE, "party")):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if style == "state":
                if match["law"]:
                    # "Luật số 20/2023/QH15", "Nghị quyết 98/2023/QH15": the type is the word before
                    before = text[max(0, match.start() - 25):match.start()].lower()
                    doc_type = "NQ" if "nghị quyết" in before else "L"
                    issuer = match["law"]
                else:
                    doc_type, issuer = match["type"], match["issuer"]
                    # "303/NQ-HĐND": accept known state issuers, and Party-style issuers written the
                    # state way ("15/NQ-TU" is sometimes printed); reject dates and fractions.
                    if issuer_level(issuer) is None and not re.fullmatch(r"[A-ZĐ]{2,8}", issuer):
                        continue
            else:
                doc_type, issuer = match["type"], match["issuer"]
                if issuer_level(issuer) is None and not re.fullmatch(r"[A-ZĐƯ]{2,8}", issuer):
                    continue
            if doc_type not in DOC_TYPE_NAMES and not re.fullmatch(r"[A-ZĐ]{2,4}", doc_type):
                continue
            issuer = normalise_issuer(issuer)
            start, end = match.start(), match.end()
            # Extend left over the document-type name ("Nghị quyết số", "Chỉ thị số", "số").
            left = text[max(0, start - 40):start]
            prefix = _TYPE_PREFIX.search(left) or _SO_PREFIX.search(left)
            if prefix:
                start = start - (len(left) - prefix.start())
            end, issued = _date_after(text, end)
            body_match = _BODY_AFTER.match(text, end)
            body = body_match["body"].strip() if body_match else None
            term = None
            if body_match and body_match["term0"]:
                term = _term_value(body_match["term0"])
            tail = body_match.end() if body_match else end
            term_match = _TERM_AFTER.match(text, tail)
            if term is None and term_match:
                term = _term_value(term_match["term"])
            default_level = issuer_level(issuer)
            if default_level is None and doc_type in ("UBND", "HĐND"):
                default_level = "state"  # "1234/UBND-VX": a People's Committee office letter
            level = _level_from_body(body, default_level, province)
            year = int(match["year"]) if style == "state" and match["year"] else None
            key_style = style
            if style == "state" and not year and default_level in ("central", "provincial", "district"):
                key_style = "party"  # "26/NQ-TW" is a Party code written the state way: one join key
            number = match["number"]
            if style == "party" and not prefix:
                # "Nghị quyết số 18, 19-NQ/TW": earlier numbers of a list share the code's suffix.
                listed = _LIST_BEFORE.search(left)
                if listed:
                    base = match.start() - len(left)
                    start = match.start()
                    for item in reversed(list(re.finditer(r"\d{1,4}[a-z]?", listed.group("items")))):
                        i_start = base + listed.start("items") + item.start()
                        i_end = base + listed.start("items") + item.end()
                        if i_start == base + listed.start("items"):
                            i_start = base + listed.start()  # the first item carries "Nghị quyết số"
                        records.append(_document_record(
                            text, i_start, i_end, item.group(), doc_type, issuer, issued, level, term, body,
                            None, document_key(item.group(), doc_type, issuer)))
                        taken.append((i_start, i_end))
            records.append({
                "kind": "document",
                "text": text[start:end],
                "start": start,
                "end": end,
                "number": number,
                "doc_type": doc_type,
                "issuer": issuer,
                "issued": issued,
                "level": level,
                "term": term,
                "congress": None,
                "congress_level": None,
                "plenum": None,
                "issuing_body": body,
                "term_years": None,
                "year": year,
                "key": document_key(number, doc_type, issuer, year, key_style),
            })
            taken.append((match.start(), match.end()))
    return records


# "Nghị quyết số 18, 19, " / "các Nghị quyết 18 và ": a type name then numbers before a full code.
_LIST_BEFORE = re.compile(
    rf"(?:{_TYPE_WORDS})\s*(?:số\s*)?(?P<items>(?:\d{{1,4}}[a-z]?\s*(?:,|và|;)\s*)+)$", re.IGNORECASE
)


def _document_record(text, start, end, number, doc_type, issuer, issued, level, term, body, year, key) -> dict:
    return {
        "kind": "document", "text": text[start:end], "start": start, "end": end, "number": number,
        "doc_type": doc_type, "issuer": issuer, "issued": issued, "level": level, "term": term,
        "congress": None, "congress_level": None, "plenum": None, "issuing_body": body, "term_years": None,
        "year": year, "key": key,
    }


def _term_value(token: str) -> int | None:
    token = token.strip()
    return int(token) if token.isdigit() else parse_roman(token)


# --- congresses -------------------------------------------------------------------------------

_ORD = rf"(?P<num>{ROMAN_RE}|\d{{1,2}})"
_BODY_UNIT = r"(?P<unit>tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn|khối|cơ\s+sở|các\s+cấp)"
# A place name after the unit: capitalised words ("Đảng bộ tỉnh Bắc Ninh"); matching is case-sensitive.
_PLACE = r"(?:\s+(?P<place>[A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*){0,3}))?"
_TERM_YEARS = re.compile(
    r"\s*,?\s*\(?\s*nhiệm\s+kỳ\s+(?P<y1>(?:19|20)\d{2})\s*[-–]\s*(?P<y2>(?:19|20)\d{2})\s*\)?", re.IGNORECASE
)

# "Đại hội [đại biểu] Đảng bộ tỉnh [X] [lần thứ XV]" / "Đại hội XI Đảng bộ tỉnh" / "đại hội đảng bộ
# phường, xã nhiệm kỳ 2020-2025"
CONGRESS_LOCAL = re.compile(
    rf"(?P<head>(?:[Nn]ghị\s+quyết|NQ)\s+)?[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?(?:(?:lần\s+thứ\s+)?{_ORD}\s*,?\s+)?(?:đại\s+biểu\s+)?(?:của\s+)?[Đđ]ảng\s+bộ\s+"
    rf"{_BODY_UNIT}(?:\s*,\s*(?:xã|phường|thị\s+trấn|huyện|thị\s+xã|thành\s+phố))*{_PLACE}"
    rf"(?:\s*,?\s*lần\s+thứ\s+(?P<num2>{ROMAN_RE}|\d{{1,2}}))?"
)
# "Đại hội [đại biểu] toàn quốc lần thứ XIII [của Đảng]", "Đại hội Đảng [toàn quốc] lần thứ XI",
# "Đại hội XII của Đảng", "Đại hội lần thứ XII của Đảng", "Đại hội XIII" (bare: national)
CONGRESS_NATIONAL = re.compile(
    rf"(?P<head>(?:[Nn]ghị\s+quyết|NQ|[Vv]ăn\s+kiện)\s+)?[Đđ]ại\s+hội\s+(?:(?:đại\s+biểu\s+)?(?:Đảng\s+)?(?:toàn\s+quốc\s+)?"
    rf"(?:lần\s+thứ\s+)?)(?P<num>{ROMAN_RE})\b(?P<tail>\s+của\s+Đảng(?!\s+bộ)(?:\s+Cộng\s+sản\s+Việt\s+Nam)?)?"
    rf"|(?P<head2>(?:[Nn]ghị\s+quyết|NQ)\s+)?[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?(?:Đảng\s+)?(?:toàn\s+quốc\s+)?lần\s+thứ\s+"
    rf"(?P<num2>{ROMAN_RE}|\d{{1,2}})\b(?P<tail2>\s+của\s+Đảng(?!\s+bộ)(?:\s+Cộng\s+sản\s+Việt\s+Nam)?)?",
)
# "Nghị quyết XII" (of the congress): only a Roman numeral directly after "Nghị quyết".
CONGRESS_SHORT = re.compile(
    rf"(?P<head>Nghị\s+quyết|NQ)\s+(?P<num>{ROMAN_RE})\b(?!\s*[-/])(?P<tail>\s+của\s+Đảng(?!\s+bộ)(?:\s+Cộng\s+sản\s+Việt\s+Nam)?)?"
)

_LOCAL_LEVEL = {
    "tỉnh": "provincial", "thành phố": "district", "huyện": "district", "quận": "district",
    "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune", "cơ sở": "commune",
    "khối": "district",
}


def _find_congresses(text: str, province: str | None, taken: list[tuple[int, int]]) -> list[dict]:
    records: list[dict] = []
    spans: list[tuple[int, int]] = []

    def overlaps(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in spans + taken)

    for match in CONGRESS_LOCAL.finditer(text):
        unit = re.sub(r"\s+", " ", match["unit"].lower())
        if unit == "các cấp":
            continue
        number_token = match["num"] or match["num2"]
        end = match.end()
        term_years = None
        years = _TERM_YEARS.match(text, end)
        if years:
            term_years = f"{years['y1']}-{years['y2']}"
            end = years.end()
        if number_token is None and term_years is None:
            continue
        level = _LOCAL_LEVEL.get(unit, "district")
        if unit == "thành phố" and province in CITY_PROVINCES:
            place = match["place"]
            if not place or place.strip() in CITY_PROVINCES:
                level = "provincial"
        start = match.start()
        number = _term_value(number_token) if number_token else None
        records.append(_congress_record(text, start, end, number, level, term_years))
        spans.append((start, end))
    for pattern in (CONGRESS_NATIONAL, CONGRESS_SHORT):
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if overlaps(start, end):
                continue
            groups = match.groupdict()
            token = groups.get("num") or groups.get("num2")
            number = _term_value(token) if token else None
            if number is None or number == 0:
                continue
            rest = text[end:end + 40]
            # "Đại hội XI Đảng bộ tỉnh" was taken above; "Nghị quyết XII" followed by "-NQ" is a code.
            if re.match(r"\s*(?:đại\s+biểu\s+)?(?:của\s+)?Đảng\s+bộ", rest, re.IGNORECASE):
                continue
            # "Đại hội đại biểu toàn quốc lần thứ X Mặt trận Tổ quốc": a mass organisation's congress
            if re.match(r"\s*(?:của\s+)?(?:Mặt\s+trận|MTTQ|Hội\s|Đoàn\s|Công\s+đoàn|Liên\s+hiệp|Cựu\s+chiến\s+binh)", rest):
                continue
            if pattern is CONGRESS_SHORT and re.match(r"\s*(?:của\s+)?(?:Hội\s+nghị|Trung\s+ương|TW)", rest):
                continue
            term_years = None
            years = _TERM_YEARS.match(text, end)
            if years:
                term_years = f"{years['y1']}-{years['y2']}"
                end = years.end()
            records.append(_congress_record(text, start, end, number, "national", term_years))
            spans.append((start, end))
    return records


def _congress_record(text: str, start: int, end: int, number: int | None, level: str, term_years: str | None) -> dict:
    while end > start and text[end - 1] in " ,":
        end -= 1
    return {
        "kind": "congress",
        "text": text[start:end],
        "start": start,
        "end": end,
        "number": None,
        "doc_type": None,
        "issuer": None,
        "issued": None,
        "level": {"national": "central", "provincial": "provincial", "district": "district"}.get(level),
        "term": None,
        "congress": number,
        "congress_level": level,
        "plenum": None,
        "issuing_body": None,
        "term_years": term_years,
        "year": None,
        "key": f"congress:{level}:{number if number is not None else '?'}"
        + (f":{term_years}" if number is None and term_years else ""),
    }


# --- plenums ----------------------------------------------------------------------------------

_WORD_ORDINALS = {
    "nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14, "mười lăm": 15,
    "mười sáu": 16, "mười bảy": 17, "mười tám": 18,
}
_WORD_ORD = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _WORD_ORDINALS), key=len, reverse=True))
_NUM_LIST = r"(?P<nums>\d{1,2}(?:\s*(?:,|và|-|–)\s*\d{1,2})*)"
_CC = r"(?:Ban\s+Chấp\s+hành\s+Trung\s+ương(?:\s+Đảng)?|BCH\s*T(?:W|Ư)|Trung\s+ương(?:\s+Đảng)?)"

PLENUM_PATTERNS = [
    # "Nghị quyết Trung ương 4", "Hội nghị Trung ương 6, 7, 8", "NQTW6", "NQ TW 4", "Hội nghị TW 8"
    re.compile(
        rf"(?:(?:Nghị\s+quyết|Kết\s+luận|Hội\s+nghị|NQ|HN)\s*(?:lần\s+thứ\s+)?(?:Ban\s+Chấp\s+hành\s+)?"
        rf"(?:Trung\s+ương|T(?:W|Ư))(?:\s+Đảng)?\s*(?:lần\s+thứ\s+)?){_NUM_LIST}(?!\s*[-/]\s*[A-Z])(?![\d%])"
    ),
    # "Hội nghị lần thứ 8, Ban Chấp hành Trung ương Đảng", "Hội nghị lần thứ tư Ban Chấp hành Trung ương"
    re.compile(
        rf"(?:Nghị\s+quyết\s+|NQ\s+)?Hội\s+nghị\s+(?:lần\s+thứ\s+)?(?:(?P<num>\d{{1,2}})|(?P<word>{_WORD_ORD}))"
        rf"\s*,?\s*(?:của\s+)?{_CC}"
    ),
    # "Hội nghị Ban Chấp hành Trung ương lần thứ 8", "Nghị quyết Hội nghị BCH TW lần thứ 4"
    re.compile(
        rf"(?:Nghị\s+quyết\s+|NQ\s+)?Hội\s+nghị\s+(?:lần\s+thứ\s+)?{_CC}\s+(?:lần\s+thứ\s+)"
        rf"(?:(?P<num>\d{{1,2}})|(?P<word>{_WORD_ORD}))\b"
    ),
]
_TERM_NEAR = re.compile(r"(?:khóa|khoá)\s+(?P<term>" + ROMAN_RE + r"|\d{1,2})\b", re.IGNORECASE)


def _find_plenums(text: str, taken: list[tuple[int, int]]) -> list[dict]:
    records: list[dict] = []
    spans: list[tuple[int, int]] = []
    for index, pattern in enumerate(PLENUM_PATTERNS):
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(a < end and start < b for a, b in spans + taken):
                continue
            groups = match.groupdict()
            if groups.get("nums"):
                numbers = [(m.start() + match.start("nums"), m.end() + match.start("nums"), int(m.group()))
                           for m in re.finditer(r"\d{1,2}", match["nums"])]
            elif groups.get("num"):
                numbers = [(match.start("num"), match.end("num"), int(match["num"]))]
            else:
                word = re.sub(r"\s+", " ", match["word"].lower())
                numbers = [(match.start("word"), match.end("word"), _WORD_ORDINALS[word])]
            numbers = [n for n in numbers if 1 <= n[2] <= 20]
            if not numbers:
                continue
            # The term: "(khóa XI)" right after, or "khóa XIII" later in the same clause.
            term = None
            term_end = None
            tail = text[end:end + 160]
            stop = re.search(r"[.;\n]", tail)
            clause = tail[: stop.start()] if stop else tail
            near = _TERM_NEAR.search(clause)
            if near:
                term = _term_value(near["term"])
                gap = clause[: near.start()]
                if re.fullmatch(r"\s*\(?\s*", gap):
                    term_end = end + near.end()
                    if text[term_end:term_end + 1] == ")" and "(" in gap:
                        term_end += 1
            single = len(numbers) == 1
            for i, (n_start, n_end, plenum) in enumerate(numbers):
                if i == 0:
                    r_start, r_end = start, n_end if not single else end
                else:
                    r_start, r_end = n_start, n_end
                if single and term_end:
                    r_end = term_end
                records.append({
                    "kind": "plenum",
                    "text": text[r_start:r_end],
                    "start": r_start,
                    "end": r_end,
                    "number": None,
                    "doc_type": None,
                    "issuer": None,
                    "issued": None,
                    "level": "central",
                    "term": term,
                    "congress": None,
                    "congress_level": None,
                    "plenum": plenum,
                    "issuing_body": None,
                    "term_years": None,
                    "year": None,
                    "key": f"plenum:{term if term is not None else '?'}:{plenum}",
                })
            spans.append((start, end if not term_end else max(end, term_end)))
    return records


def extract_references(text: str, province: str | None = None) -> list[dict]:
    """All document, congress and plenum references in ``text``, sorted by position.

    ``province`` (pre-2025 short name, optional) only refines the level of "Thành ủy" documents and
    "Đảng bộ thành phố" congresses (provincial in the centrally-run cities).

    >>> [r["key"] for r in extract_references("Chỉ thị số 03-CT/TW, ngày 14/5/2011 của Bộ Chính trị")]
    ['03-CT/TW']
    >>> [r["key"] for r in extract_references("Nghị quyết Trung ương 3, 4 (khóa XI) và NQTW6 (khoá XI)")]
    ['plenum:11:3', 'plenum:11:4', 'plenum:11:6']
    >>> [r["key"] for r in extract_references("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV, Đại hội XII của Đảng")]
    ['congress:provincial:15', 'congress:national:12']
    """
    if not text:
        return []
    documents = _find_documents(text, province)
    taken = [(r["start"], r["end"]) for r in documents]
    plenums = _find_plenums(text, taken)
    taken += [(r["start"], r["end"]) for r in plenums]
    congresses = _find_congresses(text, province, taken)
    records = documents + plenums + congresses
    records.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    return records
