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
TTg, QH, ministries) are "state". Central is a level, not a body: ``central_role`` says what a
central reference is. "TW" alone is the Party centre (the Central Committee, the Politburo and the
Secretariat all number their documents "/TW"), and of its documents those of the types in
``CENTRAL_POLICY_TYPES`` are its policy documents ("policy"; so are national congresses and
Central Committee plenums), the rest "not policy" (a công văn, a thông báo, a kế hoạch); a longer
code ending in "TW" is a central Party agency, "agency" (Văn phòng Trung ương "VPTW", Ban Tuyên
giáo "BTGTW", Ban Tổ chức "BTCTW", Ủy ban Kiểm tra "UBKTTW", Quân ủy Trung ương "QUTW", Đảng ủy
Công an Trung ương "ĐUCATW", the central blocs' Party committees "ĐUKCQTW"...: departments and
commissions of the centre, not the centre deciding a policy). A named issuing body overrides the code: "của Ban Chấp hành Đảng
bộ thành phố" / "của Thành ủy" / "của Huyện ủy" make a "/TU" code district-level (a provincial
city's Party committee also numbers its documents "/TU"), except in the five centrally-run cities
(and Huế), whose Thành ủy is provincial.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import NamedTuple

from analysis.config import data_file

from .dates import NUMERIC_DATE, WRITTEN_DATE, valid_date
from .gazetteer import resolve_province
from .numbers import ROMAN_RE, parse_roman

__all__ = ["extract_references", "normalise_issuer", "issuer_level", "document_key", "CITY_PROVINCES",
           "city_committee_is_provincial", "NATIONAL_CONGRESS_MAX", "CENTRAL_POLICY_TYPES", "central_standing", "is_central_agency"]

# Provinces whose "Thành ủy" is the provincial Party committee.
CITY_PROVINCES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
HUE = "Huế"
HUE_CITY_FROM = "2025-01-01"  # Thừa Thiên Huế became a centrally-run city on this day

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
# Types are matched case-insensitively and up to five letters ("03-Ctr/TU", "83-CTHĐ/TU"), then
# put in canonical case by _TYPE_CANONICAL (or upper-cased).
_TYPE = r"(?P<type>[A-ZĐ][A-Za-zĐđ]{0,4})"
_TYPE_CANONICAL = {"CTR": "CTr", "QĐI": "QĐi", "TTR": "TTr", "TTLT": "TTLT"}
_ISSUER = r"(?P<issuer>(?:[A-ZĐƯ][A-Za-zĐđƯư]{0,11}?)(?:\d{1,2})?)"
# Party style: number-TYPE/ISSUER ("07-NQ/TW", "22 – NQ/TW", "2321-QĐ/TU", "01-CTr/TU").
PARTY_CODE = re.compile(
    rf"(?<![\w/.\-])(?P<number>\d{{1,5}}[a-z]?){_DASH}{_TYPE}\s*/\s*{_ISSUER}(?![\w])"
)
# State style: number[/year]/TYPE-ISSUER ("303/NQ-HĐND", "100/2019/NĐ-CP", "1719/QĐ-TTg", "20/2023/QH15").
STATE_CODE = re.compile(
    r"(?<![\w/.\-])(?P<number>\d{1,5}[a-z]?)\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    r"(?:(?P<type>[A-ZĐ][A-Za-zĐđ]{0,4})\s*[-–]\s*(?P<issuer>[A-ZĐ][A-Za-zĐđƯư]{0,11}?(?:\d{1,2})?)"
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


# The centre's policy documents: the types that decide or direct (văn bản chỉ đạo) and that the
# central catalogue lists - nghị quyết (resolution), chỉ thị (directive), kết luận (conclusion),
# quyết định / quy định (decision / regulation), quy chế (rules) and hướng dẫn (the Secretariat's
# binding guidance on applying the Statute or a resolution, e.g. 01-HD/TW of 2021). Not policy
# documents: plans, programmes and projects for carrying one out (KH, CTr, ĐA), notices (TB, also
# "Thông báo kết luận": it relays a conclusion, the policy is the conclusion), reports and
# submissions (BC, TTr), dispatches (CV công văn) and any other type. docs/central-resolutions.md.
CENTRAL_POLICY_TYPES = ("NQ", "CT", "KL", "QĐ", "QĐi", "QC", "HD")


def is_central_agency(issuer: str | None) -> bool:
    """A central Party agency's code: longer than "TW" and ending in it ("VPTW", "QUTW", "BTGTƯ").

    >>> [is_central_agency(i) for i in ("TW", "TƯ", "VPTW", "QUTW", "BTGTƯ", "ĐUCATW", "TU", None)]
    [False, False, True, True, True, True, False, False]
    """
    if not isinstance(issuer, str):
        return False
    upper = normalise_issuer(issuer).upper()
    return upper.endswith("TW") and upper != "TW"


def central_standing(kind: str | None, level: str | None, doc_type: str | None = None,
                     issuer: str | None = None) -> str | None:
    """``central_role`` of a reference: "policy" (a policy document of the Party centre, a national
    congress or a Central Committee plenum), "agency" (a central Party agency's document), "not
    policy" (a document of the centre of another type) or None (not central). Whether its year or
    term is known is another question (the key says it).

    >>> central_standing("document", "central", "NQ", "TW"), central_standing("document", "central", "CV", "TW")
    ('policy', 'not policy')
    >>> central_standing("document", "central", "NQ", "QUTW"), central_standing("plenum", "central")
    ('agency', 'policy')
    >>> central_standing("document", "provincial", "NQ", "TU") is None
    True
    """
    if level != "central":
        return None
    if kind != "document":
        return "policy"
    if is_central_agency(issuer):
        return "agency"
    return "policy" if doc_type in CENTRAL_POLICY_TYPES else "not policy"


def document_key(number: str, doc_type: str, issuer: str, year: int | None = None, style: str = "party",
                 province: str | None = None) -> str:
    """Canonical id used to join references across documents.

    Party codes: ``<number>-<type>/<issuer>``, then ``:<year>`` when the year is known (a number is
    reused from year to year: 35-CT/TW of 2019 and of 2024), then ``@<province>`` for provincial and
    lower documents (every province numbers its own 01-CTr/TU). State codes keep the year inside
    the code as printed.

    >>> document_key("07", "NQ", "TW"), document_key("7", "NQ", "TW"), document_key("303", "NQ", "HĐND", style="state")
    ('07-NQ/TW', '07-NQ/TW', '303/NQ-HĐND')
    >>> document_key("35", "CT", "TW", 2019), document_key("03", "CTr", "TU", 2021, province="Hà Nội")
    ('35-CT/TW:2019', '03-CTr/TU:2021@Hà Nội')
    >>> document_key("100", "NĐ", "CP", 2019, style="state")
    '100/2019/NĐ-CP'
    """
    where = f"@{province}" if province else ""
    if style == "party":
        # "5-CT/TW" and "05-CT/TW" are one code: numbers below 10 are written with two digits, as
        # the Party writes them and the catalogue keys them
        number = number.zfill(2) if number.isdigit() else number
        return f"{number}-{doc_type}/{issuer}" + (f":{year}" if year else "") + where
    if year and re.fullmatch(r"QH\d{1,2}", issuer):
        return f"{number}/{year}/{issuer}" + where
    if year:
        return f"{number}/{year}/{doc_type}-{issuer}" + where
    return f"{number}/{doc_type}-{issuer}" + where


def _key_province(record: dict, province: str | None) -> str | None:
    """The province a document key carries: the article's, for provincial and lower documents
    and for a province's HĐND/UBND; None for central and national-state documents."""
    if not province:
        return None
    if record["level"] in ("provincial", "district"):
        return province
    if record["level"] == "state" and (record["issuer"].startswith(("HĐND", "UBND")) or record["doc_type"] in ("UBND", "HĐND")):
        return province
    return None


@lru_cache(maxsize=1)
def _catalogue_years() -> dict[str, tuple[tuple[int, str | None, str | None, str], ...]]:
    """Central catalogue: code ("35-CT/TW") -> ((year, issued date, event key, title), ...); empty
    without a catalogue."""
    path = data_file("central-documents")
    if not path.exists():
        return {}
    found: dict[str, list[tuple[int, str | None, str | None, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            code = (row.get("key") or "").split(":")[0]
            if code and (row.get("year") or "").isdigit():
                found.setdefault(code, []).append((int(row["year"]), row.get("issued") or None, row.get("event") or None,
                                                   row.get("title_vi") or ""))
    return {code: tuple(sorted(set(years))) for code, years in found.items()}


# The subject printed after a code ("... về xây dựng và phát triển thành phố Hải Phòng"), compared
# with the catalogue titles of a reused number; words that every title shares do not count.
_SUBJECT_AFTER = re.compile(r"[^.;\n]{0,120}?\bvề\s+(?P<subject>[^.;:\n]{8,200})", re.IGNORECASE)
_SUBJECT_STOP = {"về", "tiếp", "tục", "trong", "tình", "hình", "mới", "và", "của", "các", "những", "đối", "với",
                 "việc", "một", "số", "đến", "năm", "thời", "kỳ", "giai", "đoạn", "nghị", "quyết", "chỉ", "thị"}
# A printed subject picks a catalogue row when at least this share of its words are in that row's
# title and in no other candidate's as much: three of five words is a match, not a coincidence.
SUBJECT_MATCH_MIN = 0.6


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in _SUBJECT_STOP}


def _by_subject(text: str, end: int, candidates: tuple) -> tuple:
    found = _SUBJECT_AFTER.match(text, end)
    printed = _words(" ".join(found["subject"].split()[:12])) if found else set()
    if len(printed) < 3:
        return candidates
    scores = [(len(printed & _words(c[3])) / len(printed), c) for c in candidates]
    best = max(score for score, _ in scores)
    winners = [c for score, c in scores if score == best]
    return tuple(winners) if best >= SUBJECT_MATCH_MIN and len(winners) == 1 else candidates


def _by_term(term: int | None, candidates: tuple) -> tuple:
    """"(khóa XI)": only documents issued between congress XI and congress XII."""
    years = _national_congress_years()
    if term is None or term not in years:
        return candidates
    last = years.get(term + 1, 9999)
    return tuple(c for c in candidates if years[term] <= c[0] <= last)


# "tiến tới Đại hội đại biểu toàn quốc lần thứ XIII", "chào mừng Đại hội XIV của Đảng": the national
# congress a document prepares for, in the sentence of a code (before or after it).
_TOWARDS_CONGRESS = re.compile(
    r"(?:tiến\s+tới|hướng\s+tới|chuẩn\s+bị(?:\s+cho)?|chào\s+mừng(?:\s+thành\s+công)?)\s+(?:\w+\s+){0,2}?"
    r"Đại\s+hội\s+(?:đại\s+biểu\s+)?(?:toàn\s+quốc\s+)?(?:Đảng\s+)?(?:lần\s+thứ\s+)?(?P<num>" + ROMAN_RE + r")(?![\w])",
    re.IGNORECASE,
)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (up to ".", ";" or a line break) that holds text[start:end]."""
    lo = max(text.rfind(".", 0, start), text.rfind(";", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(".", end), text.find(";", end), text.find("\n", end)) if i >= 0]
    return text[lo:min(stops) if stops else len(text)]


def _by_congress(text: str, start: int, end: int, candidates: tuple) -> tuple:
    """"Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp, tiến tới Đại hội XIII": a document prepared for
    national congress N in its own sentence was issued in term N-1, between congress N-1 and N."""
    numbers = {n for m in _TOWARDS_CONGRESS.finditer(_sentence_around(text, start, end))
               if (n := _term_value(m["num"])) and 2 <= n <= NATIONAL_CONGRESS_MAX}
    if len(numbers) != 1:
        return candidates
    return _by_term(numbers.pop() - 1, candidates) or candidates


_YEAR_AFTER = re.compile(r"\s*(?:\(\s*)?(?:năm\s+)(?P<year>(?:19|20)\d{2})(?!\d)", re.IGNORECASE)


def _resolve_years(records: list[dict], published: str | None, text: str = "") -> None:
    """Give each Party document its year, in this order of evidence:

    1. its issue date ("ngày 16/1/2012") or the year in a state-style code;
    2. the same code dated elsewhere in the article, when all its dates agree on one year;
    3. for a central code, the only catalogue document with that code among those issued by the
       article's publication date (when dated), within the term printed after it ("(khóa XI)"),
       within the term before the national congress its sentence prepares for ("tiến tới Đại hội
       XIII": term XII), and whose title best matches the subject printed after it ("về xây dựng
       ... Hải Phòng").
    Otherwise the year stays None and the key carries no year (docs/central-resolutions.md).
    """
    dated: dict[tuple, set[int]] = {}
    for record in records:
        if record["year"] is None and record["issued"] and record["_style"] == "party":
            record["year"] = int(record["issued"][:4])
        if record["year"] is not None:
            dated.setdefault(_code_of(record), set()).add(record["year"])
    catalogue = _catalogue_years()
    for record in records:
        if record["year"] is not None or record["_style"] != "party":
            continue
        years = dated.get(_code_of(record), set())
        if len(years) == 1:
            record["year"] = next(iter(years))
            continue
        if record["level"] != "central":
            continue
        candidates = catalogue.get(_code_of(record)[0], ())
        if published:
            candidates = tuple(c for c in candidates if not c[1] or c[1] <= published)
        if len({c[0] for c in candidates}) > 1:
            candidates = _by_term(record["term"], candidates)
        if len({c[0] for c in candidates}) > 1 and text:
            candidates = _by_congress(text, record["start"], record["end"], candidates)
        if len({c[0] for c in candidates}) > 1 and text:
            candidates = _by_subject(text, record["end"], candidates)
        if len({c[0] for c in candidates}) == 1:
            record["year"] = candidates[0][0]


def _code_of(record: dict) -> tuple[str, str]:
    return document_key(record["number"], record["doc_type"], record["issuer"]), record["level"] or ""


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


def city_committee_is_provincial(province: str | None, published: str | None = None) -> bool:
    """Is the "Thành ủy" of ``province`` its provincial Party committee?

    True in the five centrally-run cities; in Huế only from 1 January 2025, when Thừa Thiên Huế
    became a centrally-run city (an undated article is read as recent: True).

    >>> [city_committee_is_provincial(p, d) for p, d in (("Hà Nội", None), ("Huế", "2020-05-01"),
    ...     ("Huế", "2025-03-01"), ("Nghệ An", None))]
    [True, False, True, False]
    """
    if province not in CITY_PROVINCES:
        return False
    if province == HUE and published and published < HUE_CITY_FROM:
        return False
    return True


def _level_from_body(body: str | None, default: str | None, province: str | None,
                     published: str | None = None) -> str | None:
    if not body:
        return default
    low = body.lower()
    if "trung ương" in low or "bộ chính trị" in low or "ban bí thư" in low:
        return "central" if default in (None, "central", "provincial") and "tỉnh" not in low else default
    if re.search(r"đảng bộ (?:thành phố|thị xã|huyện|quận)|thành ủy|thị ủy|huyện ủy|quận ủy", low):
        if ("thành ủy" in low or "đảng bộ thành phố" in low) and city_committee_is_provincial(province, published):
            return "provincial"
        return "district"
    if low.startswith("đảng ủy"):
        return default  # "Đảng ủy Khối Cơ quan tỉnh": a bloc committee below the province
    if "tỉnh" in low and default in (None, "district", "provincial"):
        return "provincial"
    return default


class _Code(NamedTuple):
    """One document code found in the text, before its surroundings are read."""

    start: int
    end: int
    style: str  # "party" (07-NQ/TW) or "state" (303/NQ-HĐND)
    number: str
    doc_type: str
    issuer: str
    year: int | None  # written in a state-style code ("100/2019/NĐ-CP")


def _canonical_type(doc_type: str) -> str | None:
    """Canonical document type ("Ctr" -> "CTr", "cthđ" -> "CTHĐ"); None when it is not a type."""
    canonical = _TYPE_CANONICAL.get(doc_type.upper())
    if canonical:
        return canonical
    upper = doc_type.upper()
    return upper if re.fullmatch(r"[A-ZĐ]{2,5}", upper) else None


def _code_matches(text: str) -> list[_Code]:
    """Every document code in ``text``, state style first, not overlapping, in finding order."""
    codes: list[_Code] = []
    for pattern, style in ((STATE_CODE, "state"), (PARTY_CODE, "party")):
        for match in pattern.finditer(text):
            if any(c.start < match.end() and match.start() < c.end for c in codes):
                continue
            code = _parse_code(text, match, style)
            if code:
                codes.append(code)
    return codes


def _parse_code(text: str, match: re.Match, style: str) -> _Code | None:
    if style == "state" and match["law"]:
        # "Luật số 20/2023/QH15", "Nghị quyết 98/2023/QH15": the type is the word before
        before = text[max(0, match.start() - 25):match.start()].lower()
        doc_type, issuer = ("NQ" if "nghị quyết" in before else "L"), match["law"]
    else:
        doc_type, issuer = match["type"], match["issuer"]
        # Accept known issuers and short capitalised codes ("15/NQ-TU" is sometimes printed the
        # state way); reject dates, fractions and words.
        shape = r"[A-ZĐ]{2,8}" if style == "state" else r"[A-ZĐƯ]{2,8}"
        if issuer_level(issuer) is None and not re.fullmatch(shape, issuer):
            return None
        doc_type = _canonical_type(doc_type)
        if doc_type is None:
            return None
    year = int(match["year"]) if style == "state" and match["year"] else None
    return _Code(match.start(), match.end(), style, match["number"], doc_type, normalise_issuer(issuer), year)


def _surroundings(text: str, end: int) -> tuple[int, str | None, str | None, int | None]:
    """What follows a code: (new end, issue date, issuing body, term)."""
    end, issued = _date_after(text, end)
    body_match = _BODY_AFTER.match(text, end)
    body = body_match["body"].strip() if body_match else None
    term = _term_value(body_match["term0"]) if body_match and body_match["term0"] else None
    term_match = _TERM_AFTER.match(text, body_match.end() if body_match else end)
    if term is None and term_match:
        term = _term_value(term_match["term"])
    return end, issued, body, term


def _find_documents(text: str, province: str | None, published: str | None = None) -> list[dict]:
    records: list[dict] = []
    for code in _code_matches(text):
        start = code.start
        # Extend left over the document-type name ("Nghị quyết số", "Chỉ thị số", "số").
        left = text[max(0, start - 40):start]
        prefix = _TYPE_PREFIX.search(left) or _SO_PREFIX.search(left)
        if prefix:
            start -= len(left) - prefix.start()
        end, issued, body, term = _surroundings(text, code.end)
        default_level = issuer_level(code.issuer)
        if default_level is None and code.doc_type in ("UBND", "HĐND"):
            default_level = "state"  # "1234/UBND-VX": a People's Committee office letter
        level = _level_from_body(body, default_level, province, published)
        key_style = code.style
        if code.style == "state" and not code.year and default_level in ("central", "provincial", "district"):
            key_style = "party"  # "26/NQ-TW" is a Party code written the state way: one join key
        shared = dict(doc_type=code.doc_type, issuer=code.issuer, issued=issued, level=level, term=term,
                      body=body, style=key_style)
        if code.style == "party" and not prefix:
            records += _listed_before(text, code, left, shared)
        records.append(_document_record(text, start, end, code.number, year=code.year, **shared))
    _resolve_years(records, published, text)
    for record in records:
        record["key"] = document_key(record["number"], record["doc_type"], record["issuer"], record["year"],
                                     record.pop("_style"), _key_province(record, province))
    return records


def _listed_before(text: str, code: _Code, left: str, shared: dict) -> list[dict]:
    """"Nghị quyết số 18, 19-NQ/TW": earlier numbers of a list share the code's suffix."""
    listed = _LIST_BEFORE.search(left)
    if not listed:
        return []
    items_at = code.start - len(left) + listed.start("items")
    out = []
    for item in re.finditer(r"\d{1,4}[a-z]?", listed.group("items")):
        i_start, i_end = items_at + item.start(), items_at + item.end()
        if item.start() == 0:
            i_start = code.start - len(left) + listed.start()  # the first item carries "Nghị quyết số"
        out.append(_document_record(text, i_start, i_end, item.group(), year=None, **shared))
    return out


# "Nghị quyết số 18, 19, " / "các Nghị quyết 18 và ": a type name then numbers before a full code.
_LIST_BEFORE = re.compile(
    rf"(?:{_TYPE_WORDS})\s*(?:số\s*)?(?P<items>(?:\d{{1,4}}[a-z]?\s*(?:,|và|;)\s*)+)$", re.IGNORECASE
)


def _document_record(text: str, start: int, end: int, number: str, *, doc_type: str, issuer: str,
                     issued: str | None, level: str | None, term: int | None, body: str | None,
                     year: int | None, style: str) -> dict:
    return {
        "kind": "document", "text": text[start:end], "start": start, "end": end, "number": number,
        "doc_type": doc_type, "issuer": issuer, "issued": issued, "level": level, "term": term,
        "congress": None, "congress_level": None, "plenum": None, "issuing_body": body, "term_years": None,
        "year": year, "key": None, "_style": style,
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
# phường, xã nhiệm kỳ 2020-2025" / "Đại hội Chi bộ thôn Nà Phòng lần thứ VII"
CONGRESS_LOCAL = re.compile(
    rf"(?P<head>(?:[Nn]ghị\s+quyết|NQ)\s+)?[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?(?:(?:lần\s+thứ\s+)?{_ORD}\s*,?\s+)?(?:đại\s+biểu\s+)?(?:của\s+)?"
    rf"(?:[Đđ]ảng\s+bộ\s+{_BODY_UNIT}|(?P<cell>[Cc]hi\s+bộ))(?:\s*,\s*(?:xã|phường|thị\s+trấn|huyện|thị\s+xã|thành\s+phố))*{_PLACE}"
    rf"(?:\s*,?\s*lần\s+thứ\s+(?P<num2>{ROMAN_RE}|\d{{1,2}}))?"
)
# "Đại hội Chi bộ Trường Tiểu học Tân Lập lần thứ V": a Party cell's congress, its name in between.
CONGRESS_CELL = re.compile(
    rf"[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?[Cc]hi\s+bộ\b[^.;:\n]{{0,60}}?\s+lần\s+thứ\s+(?P<num>{ROMAN_RE}|\d{{1,2}})\b"
)
# "Đại hội [đại biểu] toàn quốc lần thứ XIII [của Đảng]", "Đại hội Đảng [toàn quốc] lần thứ XI",
# "Đại hội XII của Đảng", "Đại hội lần thứ XII của Đảng", "Đại hội XIII" (bare: read from context)
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

# The national congresses held so far: I (1935) to XIV (January 2026). A larger number written
# without a level ("Đại hội XV" in a provincial paper) is a local congress, never a national one.
NATIONAL_CONGRESS_MAX = 14

_LOCAL_LEVEL = {
    "tỉnh": "provincial", "thành phố": "district", "huyện": "district", "quận": "district",
    "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune", "cơ sở": "commune",
    "khối": "district", "chi bộ": "cell",
}
# For a congress written without its level ("đại hội lần thứ VII"): the nearest Party body named
# before it in the same sentence, within _CUE_REACH characters, says whose congress it is.
_CUE_REACH = 80
_LEVEL_CUES = re.compile(
    r"(?P<cell>[Cc]hi\s+bộ)|(?P<commune>[Đđ]ảng\s+bộ\s+(?:xã|phường|thị\s+trấn|cơ\s+sở)|[Đđ]ảng\s+ủy\s+(?:xã|phường|thị\s+trấn))"
    r"|(?P<district>[Đđ]ảng\s+bộ\s+(?:huyện|quận|thị\s+xã)|[Hh]uyện\s+ủy|[Qq]uận\s+ủy|[Tt]hị\s+ủy)"
    r"|(?P<city>[Đđ]ảng\s+bộ\s+thành\s+phố|[Tt]hành\s+ủy)|(?P<provincial>[Đđ]ảng\s+bộ\s+tỉnh|[Tt]ỉnh\s+ủy)"
    r"|(?P<national>toàn\s+quốc|của\s+Đảng\b(?!\s+bộ)|Trung\s+ương)"
)
_LOCAL_CUE_LEVELS = ("cell", "commune", "district", "provincial")


@lru_cache(maxsize=1)
def _national_congress_years() -> dict[int, int]:
    """National congress number -> the year it opened, from the central catalogue (central-events.csv)."""
    years = dict(_EARLY_CONGRESS_YEARS)
    path = data_file("central-events")
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            years.update({int(row["number"]): int(row["opened"][:4]) for row in csv.DictReader(handle)
                          if row.get("kind") == "congress" and row.get("number", "").isdigit()
                          and row.get("opened", "")[:4].isdigit()})
    return years


# Congresses I-V, which the catalogue does not list (it starts at VI, 1986): Macau 1935, Tuyên
# Quang 1951, Hà Nội 1960, 1976, 1982.
_EARLY_CONGRESS_YEARS = {1: 1935, 2: 1951, 3: 1960, 4: 1976, 5: 1982}


def _context_level(text: str, start: int, province: str | None, published: str | None) -> str | None:
    """Level named by the nearest Party body before ``start`` in its sentence, or None."""
    window_start = max(0, start - _CUE_REACH)
    stop = max(text.rfind(ch, window_start, start) for ch in ".!?\n")
    window = text[max(window_start, stop + 1):start]
    cues = list(_LEVEL_CUES.finditer(window))
    if not cues:
        return None
    level = cues[-1].lastgroup
    if level == "city":
        return "provincial" if city_committee_is_provincial(province, published) else "district"
    return level


def _local_level(match: re.Match, province: str | None, published: str | None) -> str:
    if match["cell"]:
        return "cell"
    unit = re.sub(r"\s+", " ", match["unit"].lower())
    level = _LOCAL_LEVEL.get(unit, "district")
    if unit == "thành phố" and city_committee_is_provincial(province, published):
        place = match["place"]
        if not place or place.strip() in CITY_PROVINCES:
            level = "provincial"
    return level


def _term_years_after(text: str, end: int) -> tuple[int, str | None]:
    years = _TERM_YEARS.match(text, end)
    return (years.end(), f"{years['y1']}-{years['y2']}") if years else (end, None)


def _find_congresses(text: str, province: str | None, taken: list[tuple[int, int]],
                     published: str | None = None) -> list[dict]:
    records: list[dict] = []
    spans: list[tuple[int, int]] = []

    def overlaps(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in spans + taken)

    for match in CONGRESS_CELL.finditer(text):
        end, term_years = _term_years_after(text, match.end())
        records.append(_congress_record(text, match.start(), end, _term_value(match["num"]), "cell", term_years,
                                        province))
        spans.append((match.start(), end))
    for match in CONGRESS_LOCAL.finditer(text):
        if overlaps(match.start(), match.end()):
            continue
        if match["unit"] and re.sub(r"\s+", " ", match["unit"].lower()) == "các cấp":
            continue
        number_token = match["num"] or match["num2"]
        end, term_years = _term_years_after(text, match.end())
        if number_token is None and term_years is None:
            continue
        number = _term_value(number_token) if number_token else None
        level = _local_level(match, province, published)
        named = resolve_province(match["place"]) if match["place"] and level == "provincial" else None
        records.append(_congress_record(text, match.start(), end, number, level, term_years, named or province))
        spans.append((match.start(), end))
    for pattern in (CONGRESS_NATIONAL, CONGRESS_SHORT):
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if overlaps(start, end):
                continue
            groups = match.groupdict()
            token = groups.get("num") or groups.get("num2")
            number = _term_value(token) if token else None
            if number is None or number == 0 or _not_a_party_congress(text, end, pattern):
                continue
            end, term_years = _term_years_after(text, end)
            level = _national_or_local(text, match, number, term_years, province, published)
            records.append(_congress_record(text, start, end, number, level, term_years, province))
            spans.append((start, end))
    return records


def _not_a_party_congress(text: str, end: int, pattern: re.Pattern) -> bool:
    rest = text[end:end + 40]
    # "Đại hội XI Đảng bộ tỉnh" was taken by CONGRESS_LOCAL.
    if re.match(r"\s*(?:đại\s+biểu\s+)?(?:của\s+)?Đảng\s+bộ", rest, re.IGNORECASE):
        return True
    # "Đại hội đại biểu toàn quốc lần thứ X Mặt trận Tổ quốc": a mass organisation's congress
    if re.match(r"\s*(?:của\s+)?(?:Mặt\s+trận|MTTQ|Hội\s|Đoàn\s|Công\s+đoàn|Liên\s+hiệp|Cựu\s+chiến\s+binh)", rest):
        return True
    # "Nghị quyết XII của Hội nghị Trung ương" is a plenum's; "Nghị quyết XII-NQ" a code.
    return pattern is CONGRESS_SHORT and bool(re.match(r"\s*(?:của\s+)?(?:Hội\s+nghị|Trung\s+ương|TW)", rest))


def _national_or_local(text: str, match: re.Match, number: int, term_years: str | None,
                       province: str | None, published: str | None) -> str:
    """Level of a congress matched by the national patterns.

    Stated as national ("toàn quốc", "của Đảng", "Đại hội Đảng lần thứ"): national. Otherwise the
    nearest Party body before it in the sentence decides: a Party cell or commune ("Chi bộ ... tổ
    chức đại hội lần thứ VII"), or a district or province when the number cannot be national or a
    term follows ("Đảng bộ tỉnh ... Đại hội XV"). With no such body, numbers up to
    NATIONAL_CONGRESS_MAX are the national congress ("Nghị quyết Đại hội XIII") and larger ones a
    local congress of unstated level ("local").
    """
    written = match.group()
    groups = match.groupdict()
    if "toàn quốc" in written or groups.get("tail") or groups.get("tail2") or re.search(r"hội\s+Đảng\s", written):
        return "national"
    cue = _context_level(text, match.start(), province, published)
    opened = _national_congress_years().get(number)
    if term_years and opened and abs(int(term_years[:4]) - opened) > 1:
        # "Đại hội lần thứ I (nhiệm kỳ 1976 - 1979)": the national congress I met in 1935, so this is local
        return cue if cue in _LOCAL_CUE_LEVELS else "local"
    has_head = bool(groups.get("head") or groups.get("head2"))
    if cue in ("cell", "commune") and not has_head:
        return cue
    if cue in ("district", "provincial") and not has_head and (number > NATIONAL_CONGRESS_MAX or term_years):
        return cue
    if number <= NATIONAL_CONGRESS_MAX:
        return "national"
    return cue if cue in _LOCAL_CUE_LEVELS else "local"


def _congress_record(text: str, start: int, end: int, number: int | None, level: str, term_years: str | None,
                     province: str | None = None) -> dict:
    while end > start and text[end - 1] in " ,":
        end -= 1
    key = f"congress:{level}:{number if number is not None else '?'}"
    if number is None and term_years:
        key += f":{term_years}"
    if level != "national" and province:
        key += f"@{province}"  # Gia Lai's 15th congress is not Quảng Ninh's
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
        "key": key,
    }


# --- plenums ----------------------------------------------------------------------------------

_WORD_ORDINALS = {
    "nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14, "mười lăm": 15,
    "mười sáu": 16, "mười bảy": 17, "mười tám": 18,
}
_WORD_ORD = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _WORD_ORDINALS), key=len, reverse=True))
_NUM_LIST = r"(?P<nums>\d{1,2}(?:\s*(?:,|và|-|–)\s*\d{1,2})*)"
_CC = (r"(?:Ban\s+Chấp\s+hành\s+Trung\s+ương(?:\s+Đảng)?|BCH\s+Trung\s+ương(?:\s+Đảng)?|BCH\s*T(?:W|Ư)(?:\s+Đảng)?|"
       r"Trung\s+ương(?:\s+Đảng)?)")
# A plenum's number: digits, a word ("lần thứ tư") or, after "lần thứ", a Roman numeral ("lần thứ X")
_PLENUM_NUM = rf"(?:(?P<num>\d{{1,2}})|(?P<word>{_WORD_ORD})|(?<=thứ\s)(?P<roman>[IVX]{{1,5}})(?![\wÀ-ỹ]))"

PLENUM_PATTERNS = [
    # "Nghị quyết Trung ương 4", "Hội nghị Trung ương 6, 7, 8", "NQTW6", "NQ TW 4", "Hội nghị TW 8",
    # "Nghị quyết T.Ư 4", "Hội nghị BCH Trung ương Đảng 9"
    re.compile(
        rf"(?:(?:Nghị\s+quyết|Kết\s+luận|Hội\s+nghị|NQ|HN)\s*(?:lần\s+thứ\s+)?(?:Ban\s+Chấp\s+hành\s+|BCH\s+)?"
        rf"(?:Trung\s+ương|T\.?\s?(?:W|Ư)\.?)(?:\s+Đảng)?\s*(?:lần\s+thứ\s+)?){_NUM_LIST}(?!\s*[-/]\s*[A-Z])(?![\d%])"
    ),
    # "Hội nghị lần thứ 8, Ban Chấp hành Trung ương Đảng", "Hội nghị lần thứ tư Ban Chấp hành Trung ương",
    # "hội nghị lần thứ X – BCH trung ương đảng" (any case: the words are unambiguous here)
    re.compile(
        rf"(?:Nghị\s+quyết\s+|NQ\s+)?Hội\s+nghị\s+(?:lần\s+thứ\s+)?{_PLENUM_NUM}"
        rf"\s*[,–-]?\s*(?:của\s+)?{_CC}",
        re.IGNORECASE,
    ),
    # "Hội nghị Ban Chấp hành Trung ương lần thứ 8", "Nghị quyết Hội nghị BCH TW lần thứ 4",
    # "Hội nghị BCH Trung ương Đảng lần thứ 9, khóa XI"
    re.compile(
        rf"(?:Nghị\s+quyết\s+|NQ\s+)?Hội\s+nghị\s+(?:lần\s+thứ\s+)?{_CC}\s*,?\s*(?:lần\s+thứ\s+)"
        rf"{_PLENUM_NUM}(?![\wÀ-ỹ])",
        re.IGNORECASE,
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
            elif groups.get("roman"):
                numbers = [(match.start("roman"), match.end("roman"), _term_value(match["roman"].upper()) or 0)]
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
                if re.fullmatch(r"\s*[(,]?\s*", gap):
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


# "Ban Chấp hành Trung ương [Đảng] khóa XIII", "Trung ương khóa XII": the Central Committee's term.
_CC_TERM = re.compile(rf"(?:{_CC}|Trung\s+ương)\s*,?\s*\(?\s*(?:khóa|khoá)\s+(?P<term>{ROMAN_RE}|\d{{1,2}})\b")


def _fill_plenum_terms(text: str, plenums: list[dict], published: str | None = None) -> None:
    """A plenum written without its term ("Hội nghị Trung ương 11" in a title) takes it from the rest
    of the document: the term of another mention of the same plenum, else the one term of the
    Central Committee the document names (in plenum mentions or "Ban Chấp hành Trung ương khóa
    XIII"), else the subject printed after it ("Nghị quyết Trung ương 7 về nông nghiệp, nông dân,
    nông thôn": the one plenum of that number, met by the article's date, that issued a catalogued
    resolution on it; ``_plenum_by_subject``). Otherwise it stays unknown ("plenum:?:11")."""
    by_plenum: dict[int, set[int]] = {}
    for record in plenums:
        if record["term"] is not None:
            by_plenum.setdefault(record["plenum"], set()).add(record["term"])
    named = {t for r in plenums if r["term"] is not None for t in [r["term"]]}
    named |= {v for m in _CC_TERM.finditer(text) if (v := _term_value(m["term"])) and v <= NATIONAL_CONGRESS_MAX}
    for record in plenums:
        if record["term"] is not None:
            continue
        same = by_plenum.get(record["plenum"], set())
        if len(same) == 1:
            record["term"] = next(iter(same))
        elif not same and len(named) == 1:
            record["term"] = next(iter(named))
        elif not same:
            record["term"] = _plenum_by_subject(text, record, published)
        if record["term"] is not None:
            record["key"] = f"plenum:{record['term']}:{record['plenum']}"


# A title quoted right after a citation ("Nghị quyết TƯ 4 “Một số vấn đề cấp bách ...”"), else the
# subject after "về" in its clause.
_QUOTED_AFTER = re.compile(r"\s*,?\s*(?:về\s+)?[“\"](?P<subject>[^”\"]{8,200})[”\"]", re.IGNORECASE)
# The preamble of a catalogue title ("Nghị quyết số 12-NQ/TW của Ban Chấp hành Trung ương [về]").
_TITLE_PREAMBLE = re.compile(r"^.*?\bcủa\s+(?:Ban\s+Chấp\s+hành\s+Trung\s+ương|Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư)"
                             r"(?:\s+Đảng)?(?:\s+khóa\s+\w+)?\s+(?:về\s+)?", re.IGNORECASE)
# A subject picks a plenum when at least this share of the words of the shorter of the two (the
# printed subject, or the resolution's title without its preamble) are in the other, and no other
# plenum of that number scores as much.
PLENUM_SUBJECT_MIN = 0.8


@lru_cache(maxsize=1)
def _plenum_titles() -> dict[tuple[int, int], tuple[str | None, tuple[str, ...]]]:
    """(plenum number, term) -> (the day or month it opened, titles of the catalogued documents it
    issued, without their preamble)."""
    opened: dict[str, str] = {}
    path = data_file("central-events")
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            opened = {row["key"]: row.get("opened") or "" for row in csv.DictReader(handle) if row.get("kind") == "plenum"}
    found: dict[tuple[int, int], list[str]] = {}
    for rows in _catalogue_years().values():
        for _, _, event, title in rows:
            parts = (event or "").split(":")
            if len(parts) == 3 and parts[0] == "plenum" and parts[1].isdigit() and parts[2].isdigit():
                found.setdefault((int(parts[2]), int(parts[1])), []).append(_TITLE_PREAMBLE.sub("", title))
    return {k: (opened.get(f"plenum:{k[1]}:{k[0]}") or None, tuple(sorted(v))) for k, v in found.items()}


def _printed_subject(text: str, end: int) -> set[str]:
    """Content words of the title or subject printed after a citation ending at ``end`` (at most 12
    words), empty when none is printed."""
    found = _QUOTED_AFTER.match(text, end) or _SUBJECT_AFTER.match(text, end)
    return _words(" ".join(found["subject"].split()[:12])) if found else set()


def _plenum_by_subject(text: str, record: dict, published: str | None) -> int | None:
    """The term of a plenum named without one, from the subject printed after it; None unless one
    term's resolutions match it clearly (docstring of ``_fill_plenum_terms``)."""
    printed = _printed_subject(text, record["end"])
    if len(printed) < 3:
        return None
    scores: dict[int, float] = {}
    for (plenum, term), (opened, titles) in _plenum_titles().items():
        if plenum != record["plenum"] or (published and opened and opened > published):
            continue
        for title in titles:
            words = _words(title)
            if len(words) >= 3:
                shorter = min(len(words), len(printed))
                scores[term] = max(scores.get(term, 0.0), len(words & printed) / shorter)
    if not scores:
        return None
    best = max(scores.values())
    winners = [t for t, v in scores.items() if v == best]
    return winners[0] if best >= PLENUM_SUBJECT_MIN and len(winners) == 1 else None


# How far after a central code its plenum may be named ("Nghị quyết số 18-NQ/TW, 19-NQ/TW ... của
# Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa XIII"): within the sentence, this many characters.
_PLENUM_REACH = 250


def _years_from_plenums(text: str, documents: list[dict], plenums: list[dict], province: str | None) -> None:
    """A central code without a year, followed in its sentence by the plenum that issued it, takes
    the year of the catalogue document with that code and that plenum (18-NQ/TW of 2017 and of
    2022 are told apart by "Hội nghị Trung ương 5 khóa XIII")."""
    catalogue = _catalogue_years()
    for record in documents:
        if record["year"] is not None or record["level"] != "central":
            continue
        code = document_key(record["number"], record["doc_type"], record["issuer"])
        window_end = min(len(text), record["end"] + _PLENUM_REACH)
        stop = re.search(r"[.;\n]", text[record["end"]:window_end])
        if stop:
            window_end = record["end"] + stop.start()
        near = {p["key"] for p in plenums if record["end"] <= p["start"] < window_end and p["term"] is not None}
        matches = {c[0] for c in catalogue.get(code, ()) if c[2] in near}
        if len(matches) == 1:
            record["year"] = matches.pop()
            record["key"] = document_key(record["number"], record["doc_type"], record["issuer"], record["year"],
                                         "party", _key_province(record, province))


def extract_references(text: str, province: str | None = None, published: str | None = None) -> list[dict]:
    """All document, congress and plenum references in ``text``, sorted by position.

    ``province`` (pre-2025 short name, optional) refines the level of "Thành ủy" documents and
    "Đảng bộ thành phố" congresses (provincial in the centrally-run cities) and is carried in the
    keys of provincial and lower documents and congresses. ``published`` ("YYYY-MM-DD", optional)
    dates the article: Huế's Thành ủy is provincial only from 2025, and a central code without a
    year takes the year of the only catalogue document with that code issued by then.

    >>> [r["key"] for r in extract_references("Chỉ thị số 03-CT/TW, ngày 14/5/2011 của Bộ Chính trị")]
    ['03-CT/TW:2011']
    >>> [r["key"] for r in extract_references("Nghị quyết Trung ương 3, 4 (khóa XI) và NQTW6 (khoá XI)")]
    ['plenum:11:3', 'plenum:11:4', 'plenum:11:6']
    >>> [r["key"] for r in extract_references("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV, Đại hội XII của Đảng")]
    ['congress:provincial:15', 'congress:national:12']
    """
    if not text:
        return []
    documents = _find_documents(text, province, published)
    taken = [(r["start"], r["end"]) for r in documents]
    plenums = _find_plenums(text, taken)
    _fill_plenum_terms(text, plenums, published)
    _years_from_plenums(text, documents, plenums, province)
    taken += [(r["start"], r["end"]) for r in plenums]
    congresses = _find_congresses(text, province, taken, published)
    records = documents + plenums + congresses
    for record in records:
        record["central_role"] = central_standing(record["kind"], record["level"], record["doc_type"], record["issuer"])
    records.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    return records
