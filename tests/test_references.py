"""Tests for analysis.extract.references: document codes, congresses, plenums, on varied provincial prose."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.compare import central_catalogue
from analysis.extract.references import extract_references, issuer_level, normalise_issuer

CATALOGUE_KEYS = sorted(central_catalogue()["key"])


def refs(text, kind=None, **kwargs):
    out = extract_references(text, **kwargs)
    for r in out:
        assert text[r["start"]:r["end"]] == r["text"]
    return [r for r in out if kind is None or r["kind"] == kind]


def only(text, **kwargs):
    found = refs(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


# --- documents --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,span,key,doc_type,issuer,level,issued",
    [
        ("thực hiện 07-NQ/TW về", "07-NQ/TW", "07-NQ/TW:2016", "NQ", "TW", "central", None),  # unique in the catalogue
        ("tổng kết Nghị quyết số 24-NQ/TU ngày 16-8-2011 để", "Nghị quyết số 24-NQ/TU ngày 16-8-2011",
         "24-NQ/TU:2011", "NQ", "TU", "provincial", "2011-08-16"),
        ("Chỉ thị số 03-CT/TW, ngày 14/5/2011 của Bộ Chính trị", "Chỉ thị số 03-CT/TW, ngày 14/5/2011",
         "03-CT/TW:2011", "CT", "TW", "central", "2011-05-14"),
        ("ban hành Kế hoạch số 13-KH/TU chỉ đạo", "Kế hoạch số 13-KH/TU", "13-KH/TU", "KH", "TU", "provincial", None),
        ("theo Quy định số 2321-QĐ/TU ngày 9-5-2023 của Ban Thường vụ Tỉnh ủy",
         "Quy định số 2321-QĐ/TU ngày 9-5-2023", "2321-QĐ/TU:2023", "QĐ", "TU", "provincial", "2023-05-09"),
        ("Nghị quyết số 303/NQ-HĐND ngày 13-7-2022 của HĐND tỉnh", "Nghị quyết số 303/NQ-HĐND ngày 13-7-2022",
         "303/NQ-HĐND", "NQ", "HĐND", "state", "2022-07-13"),
        ("Nghị quyết 22 – NQ/TW của Bộ Chính trị", "Nghị quyết 22 – NQ/TW", "22-NQ/TW", "NQ", "TW", "central", None),
        ("Kết luận số 01-KL/TƯ ngày 18/5/2021", "Kết luận số 01-KL/TƯ ngày 18/5/2021", "01-KL/TW:2021", "KL", "TW",
         "central", "2021-05-18"),
        ("Chương trình số 08-CTr/TU ngày 3 tháng 5 năm 2016", "Chương trình số 08-CTr/TU ngày 3 tháng 5 năm 2016",
         "08-CTr/TU:2016", "CTr", "TU", "provincial", "2016-05-03"),
        ("Hướng dẫn số 12-HD/BTGTW của Ban Tuyên giáo Trung ương", "Hướng dẫn số 12-HD/BTGTW", "12-HD/BTGTW",
         "HD", "BTGTW", "central", None),  # central level; central_role "agency" (tests/test_central_standing.py)
        ("Nghị quyết số 15-NQ/HU ngày 2/3/2021 của Huyện ủy Tiên Du", "Nghị quyết số 15-NQ/HU ngày 2/3/2021",
         "15-NQ/HU:2021", "NQ", "HU", "district", "2021-03-02"),
        ("Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng", "Quyết định số 1719/QĐ-TTg ngày 14/10/2021",
         "1719/QĐ-TTg", "QĐ", "TTg", "state", "2021-10-14"),
        ("theo Nghị định 100/2019/NĐ-CP của Chính phủ", "Nghị định 100/2019/NĐ-CP", "100/2019/NĐ-CP", "NĐ", "CP",
         "state", None),
        ("Quy định số 08-QĐi/TW ngày 25/10/2021", "Quy định số 08-QĐi/TW ngày 25/10/2021", "08-QĐi/TW:2021", "QĐi",
         "TW", "central", "2021-10-25"),
        ("Thông báo kết luận số 45-TB/TU", "Thông báo kết luận số 45-TB/TU", "45-TB/TU", "TB", "TU", "provincial", None),
        ("Chỉ thị 05-CT/TW ngày 15/5/2016", "Chỉ thị 05-CT/TW ngày 15/5/2016", "05-CT/TW:2016", "CT", "TW", "central",
         "2016-05-15"),
    ],
)
def test_document_forms(text, span, key, doc_type, issuer, level, issued):
    r = only(text)
    assert (r["kind"], r["text"], r["key"], r["doc_type"], r["issuer"], r["level"], r["issued"]) == (
        "document", span, key, doc_type, issuer, level, issued)


def test_issuing_body_and_term():
    r = only("gắn với Nghị quyết số 58-NQ/TW của Bộ Chính trị (khóa XII) “Về xây dựng tỉnh Thanh Hóa”")
    assert r["issuing_body"] == "Bộ Chính trị" and r["term"] == 12 and r["number"] == "58"
    r = only("Quy định số 57-QĐ/TW ngày 3-5-2007 của Bộ Chính trị “Một số vấn đề”")
    assert r["issuing_body"] == "Bộ Chính trị" and r["issued"] == "2007-05-03"
    r = only("Chỉ thị số 29-CT/TU ngày 20-5-2008 “Về đổi mới”")
    assert r["issuing_body"] is None


def test_city_party_committee_is_district_level():
    text = "theo Nghị quyết 07-NQ/TU ngày 8-12-2022 của Ban Chấp hành Đảng bộ thành phố."
    r = only(text)
    assert r["level"] == "district" and r["issuing_body"] == "Ban Chấp hành Đảng bộ thành phố"
    assert only(text, province="Hà Nội")["level"] == "provincial"  # Thành ủy of a centrally-run city
    assert only("Nghị quyết 05-NQ/TU ngày 25-10-2021 của Ban Thường vụ Tỉnh ủy")["level"] == "provincial"


def test_party_code_written_state_style_shares_the_key():
    found = refs("Nghị quyết 26/NQ-TW và Nghị quyết số 303/NQ-HĐND; Công văn số 1234/UBND-VX")
    assert [(r["key"], r["level"]) for r in found] == [("26-NQ/TW", "central"), ("303/NQ-HĐND", "state"),
                                                       ("1234/UBND-VX", "state")]


def test_several_codes_in_one_sentence():
    found = refs("Thực hiện Nghị quyết số 18-NQ/TW, 19-NQ/TW và 20-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương")
    assert [r["key"] for r in found] == ["18-NQ/TW", "19-NQ/TW", "20-NQ/TW:2017"]  # only 20 is dated
    assert found[2]["issued"] == "2017-10-25" and found[0]["issued"] is None


@pytest.mark.parametrize(
    "text",
    ["ngày 14/5/2011", "8/8 chi bộ", "35.599/35.900 đảng viên", "tháng 5/2016", "giai đoạn 2011- 2013",
     "COVID-19", "quốc lộ 1A", "tỷ lệ 90-95%", "Mã số 12-AB", "điện thoại 0205-3812-345"],
)
def test_non_codes(text):
    assert refs(text, "document") == []


# --- congresses --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,span,number,level,years",
    [
        ("thực hiện Nghị quyết Đại hội XII của Đảng,", "Nghị quyết Đại hội XII của Đảng", 12, "national", None),
        ("Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
         13, "national", None),
        ("từ sau Đại hội Đảng lần thứ XI đến nay", "Đại hội Đảng lần thứ XI", 11, "national", None),
        ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV đúng thời gian", "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV",
         15, "provincial", None),
        ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020 - 2025 được tiến hành",
         "Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020 - 2025", 11, "provincial", "2020-2025"),
        ("quán triệt Nghị quyết Đại hội XI Đảng bộ tỉnh; đồng thời", "Nghị quyết Đại hội XI Đảng bộ tỉnh", 11,
         "provincial", None),
        ("Đại hội Đảng bộ tỉnh Bắc Giang lần thứ XIX, nhiệm kỳ 2020-2025",
         "Đại hội Đảng bộ tỉnh Bắc Giang lần thứ XIX, nhiệm kỳ 2020-2025", 19, "provincial", "2020-2025"),
        ("Đại hội Đảng bộ huyện Tiên Du lần thứ XXVI", "Đại hội Đảng bộ huyện Tiên Du lần thứ XXVI", 26,
         "district", None),
        ("Văn kiện Đại hội XIII của Đảng", "Văn kiện Đại hội XIII của Đảng", 13, "national", None),
        ("Đại hội Đảng toàn quốc lần thứ 13", "Đại hội Đảng toàn quốc lần thứ 13", 13, "national", None),
        ("Nghị quyết Đại hội lần thứ XX của Đảng bộ tỉnh Nghệ An", "Nghị quyết Đại hội lần thứ XX của Đảng bộ tỉnh Nghệ An",
         20, "provincial", None),
        ("Đại hội đại biểu lần thứ XX Đảng bộ tỉnh đã thành công", "Đại hội đại biểu lần thứ XX Đảng bộ tỉnh", 20,
         "provincial", None),
        ("Đại hội XIII của Đảng bộ tỉnh đề ra", "Đại hội XIII của Đảng bộ tỉnh", 13, "provincial", None),
        ("quán triệt Nghị quyết XII của Đảng vẫn còn", "Nghị quyết XII của Đảng", 12, "national", None),
        ("truyền đạt Nghị quyết XII tại các chi bộ", "Nghị quyết XII", 12, "national", None),
    ],
)
def test_congress_forms(text, span, number, level, years):
    r = only(text)
    assert (r["kind"], r["text"], r["congress"], r["congress_level"], r["term_years"]) == (
        "congress", span, number, level, years)
    place = next((p for p in ("Bắc Giang", "Nghệ An") if p in text), None)
    assert r["key"] == f"congress:{level}:{number}" + (f"@{place}" if place else "")  # the province it names


def test_unnumbered_congress_with_term():
    r = only("sơ kết Nghị quyết Đại hội Đảng bộ thành phố nhiệm kỳ 2020-2025; giải quyết")
    assert r["congress"] is None and r["congress_level"] == "district" and r["term_years"] == "2020-2025"


def test_congress_of_all_levels_is_not_a_reference():
    assert refs("thực hiện Nghị quyết Đại hội Đảng bộ các cấp và Nghị quyết Đại hội đề ra") == []


# --- plenums -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,keys,first_span",
    [
        ("Nghị quyết Trung ương 4 (khóa XI) “Một số vấn đề”", ["plenum:11:4"], "Nghị quyết Trung ương 4 (khóa XI)"),
        ("học tập NQTW6 (khóa XI) tại Trường", ["plenum:11:6"], "NQTW6 (khóa XI)"),
        ("các Nghị quyết Trung ương 3, 4, 5, 6 (khóa XI); Chỉ thị", ["plenum:11:3", "plenum:11:4", "plenum:11:5",
                                                                    "plenum:11:6"], "Nghị quyết Trung ương 3"),
        ("Hội nghị Trung ương 6, 7, 8 (khóa XII)", ["plenum:12:6", "plenum:12:7", "plenum:12:8"], "Hội nghị Trung ương 6"),
        ("Nghị quyết Hội nghị lần thứ 8, Ban Chấp hành Trung ương Đảng và các chỉ thị của Bộ Chính trị khóa XIII",
         ["plenum:13:8"], "Nghị quyết Hội nghị lần thứ 8, Ban Chấp hành Trung ương Đảng"),
        ("Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII", ["plenum:12:4"],
         "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII"),
        ("các nghị quyết, kết luận Hội nghị Trung ương 4, 5, 6; các", ["plenum:?:4", "plenum:?:5", "plenum:?:6"],
         "Hội nghị Trung ương 4"),
        ("NQ TW 4 khoá XI", ["plenum:11:4"], "NQ TW 4 khoá XI"),
        ("Nghị quyết Trung ương 6 (khóa X) “Về nâng cao”", ["plenum:10:6"], "Nghị quyết Trung ương 6 (khóa X)"),
    ],
)
def test_plenum_forms(text, keys, first_span):
    found = refs(text, "plenum")
    assert [r["key"] for r in found] == keys
    assert found[0]["text"] == first_span
    assert all(r["level"] == "central" for r in found)
    assert len(refs(text, "congress")) == 0


def test_list_members_span_their_own_number():
    text = "Nghị quyết Trung ương 3, 4, 5, 6 (khóa XI)"
    assert [r["text"] for r in refs(text)] == ["Nghị quyết Trung ương 3", "4", "5", "6"]


def test_plenum_and_document_together():
    found = refs("Nghị quyết số 04-NQ/TW, Hội nghị Trung ương 4 khóa XII về xây dựng Đảng")
    assert [r["key"] for r in found] == ["04-NQ/TW:2016", "plenum:12:4"]  # the plenum after it gives the year


# --- helpers and robustness ---------------------------------------------------------------------

def test_issuer_normalisation():
    assert normalise_issuer("TƯ") == "TW" and normalise_issuer("Tu") == "TU"
    assert issuer_level("TƯ") == "central" and issuer_level("UBND") == "state" and issuer_level("ĐU") == "district"


def test_sorted_and_deterministic():
    text = ("Đại hội XIII của Đảng; Nghị quyết Trung ương 4 (khóa XII); 07-NQ/TW; "
            "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII")
    first = extract_references(text)
    assert first == extract_references(text)
    assert [r["start"] for r in first] == sorted(r["start"] for r in first)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789-/–., NQTWUĐạihộiXIVkhóaTrungươngsố()\n")), max_size=80))
def test_no_crash_and_offsets_hold(text):
    for r in extract_references(text):
        assert text[r["start"]:r["end"]] == r["text"]


def test_national_assembly_codes():
    found = refs("Nghị quyết 98/2023/QH15 của Quốc hội và Luật số 20/2023/QH15")
    assert [(r["key"], r["doc_type"], r["issuer"], r["level"]) for r in found] == [
        ("98/2023/QH15", "NQ", "QH15", "state"), ("20/2023/QH15", "L", "QH15", "state")]


_PARTY_TYPES = st.sampled_from([("NQ", "Nghị quyết"), ("CT", "Chỉ thị"), ("KH", "Kế hoạch"), ("QĐ", "Quy định"),
                                ("KL", "Kết luận"), ("HD", "Hướng dẫn"), ("CTr", "Chương trình"), ("TB", "Thông báo")])
_PARTY_ISSUERS = st.sampled_from([("TW", "central"), ("TƯ", "central"), ("TU", "provincial"), ("HU", "district"),
                                  ("ĐU", "district"), ("BTGTW", "central"), ("BTCTU", "provincial")])


@settings(max_examples=200, deadline=None)
@given(
    number=st.integers(min_value=1, max_value=9999),
    zero_pad=st.booleans(),
    doc_type=_PARTY_TYPES,
    issuer=_PARTY_ISSUERS,
    dash=st.sampled_from(["-", " - ", " – ", "–"]),
    with_so=st.booleans(),
    date=st.one_of(st.none(), st.dates(min_value=__import__("datetime").date(1930, 1, 1),
                                       max_value=__import__("datetime").date(2030, 12, 31))),
    date_style=st.sampled_from(["ngày {d}-{m}-{y}", ", ngày {d}/{m}/{y}", " ngày {dd}/{mm}/{y}",
                                " ngày {d} tháng {m} năm {y}"]),
)
def test_party_code_round_trip(number, zero_pad, doc_type, issuer, dash, with_so, date, date_style):
    code_number = f"{number:02d}" if zero_pad else str(number)
    type_code, type_name = doc_type
    issuer_code, level = issuer
    phrase = f"{type_name} {'số ' if with_so else ''}{code_number}{dash}{type_code}/{issuer_code}"
    if date:
        written = date_style.format(d=date.day, m=date.month, y=date.year, dd=f"{date.day:02d}", mm=f"{date.month:02d}")
        phrase += written if written.startswith((",", " ")) else " " + written
    text = f"Thực hiện {phrase} của Ban Thường vụ, các cấp ủy đã quán triệt."
    found = refs(text, "document")
    assert len(found) == 1
    r = found[0]
    canonical_issuer = "TW" if issuer_code == "TƯ" else issuer_code
    code = f"{number:02d}-{type_code}/{canonical_issuer}"  # "5-NQ/TW" and "05-NQ/TW" are one code
    if date:
        assert r["key"] == f"{code}:{date.year}"
    else:
        # undated: a central code takes the year of the only catalogue document with that code
        years = [k for k in CATALOGUE_KEYS if k.startswith(code + ":")] if level == "central" else []
        assert r["key"] == (years[0] if len(years) == 1 else code)
    assert (r["doc_type"], r["issuer"], r["number"]) == (type_code, canonical_issuer, code_number)
    assert r["issued"] == (date.isoformat() if date else None)
    assert r["text"] == phrase
    assert r["level"] == level and r["issuing_body"] == "Ban Thường vụ"


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=3999), st.sampled_from(["NQ", "QĐ", "CT", "KH"]),
       st.sampled_from(["HĐND", "UBND", "TTg", "CP"]), st.one_of(st.none(), st.integers(min_value=1990, max_value=2030)))
def test_state_code_round_trip(number, doc_type, issuer, year):
    code = f"{number}/{year}/{doc_type}-{issuer}" if year else f"{number}/{doc_type}-{issuer}"
    found = refs(f"Theo văn bản {code} của cơ quan nhà nước.", "document")
    assert [r["key"] for r in found] == [code]
    assert found[0]["level"] == "state" and found[0]["year"] == year


@pytest.mark.parametrize(
    "text",
    ["Đại hội đại biểu toàn quốc lần thứ X Mặt trận Tổ quốc Việt Nam", "Đại hội Thể dục thể thao lần thứ IX",
     "Đại hội Đoàn TNCS Hồ Chí Minh tỉnh lần thứ XVII", "Đại hội Hội Nông dân tỉnh lần thứ X"],
)
def test_mass_organisation_congresses_are_not_party_congresses(text):
    assert refs(text) == []


def test_lower_case_congress():
    assert [r["key"] for r in refs("quán triệt nghị quyết đại hội XIII của Đảng")] == ["congress:national:13"]


def test_numbers_sharing_a_code_suffix():
    found = refs("Nghị quyết số 18, 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương")
    assert [(r["text"], r["key"], r["issued"]) for r in found] == [
        ("Nghị quyết số 18", "18-NQ/TW:2017", "2017-10-25"), ("19-NQ/TW ngày 25/10/2017", "19-NQ/TW:2017", "2017-10-25")]
    assert [r["key"] for r in refs("các Nghị quyết 18 và 19-NQ/TW")] == ["18-NQ/TW", "19-NQ/TW"]
    assert [r["key"] for r in refs("có 5, 07-NQ/TW")] == ["07-NQ/TW:2016"]  # the only 07-NQ/TW in the catalogue


def test_bloc_party_committee_stays_below_the_province():
    r = only("Nghị quyết số 05-NQ/ĐUK của Đảng ủy Khối Cơ quan tỉnh về công tác cán bộ")
    assert (r["level"], r["issuing_body"]) == ("district", "Đảng ủy Khối Cơ quan tỉnh")


# --- keys that identify one thing (written for these tests in the style of provincial papers) ----

def test_year_from_the_printed_date_and_from_the_same_code_dated_elsewhere():
    text = ("Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành "
            "kế hoạch. Đến nay, việc triển khai Chỉ thị 35-CT/TW đạt kết quả tốt.")
    assert [r["key"] for r in refs(text)] == ["35-CT/TW:2019", "35-CT/TW:2019"]
    assert [r["year"] for r in refs(text)] == [2019, 2019]


def test_year_from_a_unique_catalogue_match_and_the_publication_date():
    # 35-CT/TW exists in 2019 and 2024: an article of 2020 can only mean the first
    assert only("triển khai Chỉ thị 35-CT/TW của Bộ Chính trị", published="2020-03-02")["key"] == "35-CT/TW:2019"
    # in 2025 both exist: no year is guessed
    assert only("triển khai Chỉ thị 35-CT/TW của Bộ Chính trị", published="2025-03-02")["key"] == "35-CT/TW"
    assert only("triển khai Chỉ thị 35-CT/TW của Bộ Chính trị")["key"] == "35-CT/TW"


def test_plenum_named_after_the_codes_picks_their_year():
    text = "quán triệt Nghị quyết số 18-NQ/TW, 19-NQ/TW của Hội nghị Trung ương 5 khóa XIII cho cán bộ"
    assert [r["key"] for r in refs(text, "document")] == ["18-NQ/TW:2022", "19-NQ/TW:2022"]


def test_provincial_documents_and_congresses_carry_the_province():
    text = "Tỉnh ủy ban hành Chương trình số 03-Ctr/TU ngày 17/3/2021 thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV."
    gia_lai = [r["key"] for r in refs(text, province="Gia Lai")]
    quang_ninh = [r["key"] for r in refs(text, province="Quảng Ninh")]
    assert gia_lai == ["03-CTr/TU:2021@Gia Lai", "congress:provincial:15@Gia Lai"]
    assert quang_ninh == ["03-CTr/TU:2021@Quảng Ninh", "congress:provincial:15@Quảng Ninh"]
    # a central document does not
    assert only("Chỉ thị số 05-CT/TW ngày 15/5/2016", province="Gia Lai")["key"] == "05-CT/TW:2016"


@pytest.mark.parametrize("written,doc_type", [("03-Ctr/TU", "CTr"), ("03-CTR/TU", "CTr"), ("83-CTHĐ/TU", "CTHĐ"),
                                              ("08-Qđi/TW", "QĐi"), ("12-Kh/TU", "KH"), ("4-BC/TU", "BC")])
def test_document_types_are_case_insensitive_and_may_be_long(written, doc_type):
    r = only(f"theo {written} của Ban Thường vụ")
    assert r["doc_type"] == doc_type and r["key"].split("/")[0].split("-")[1] == doc_type


@given(st.sampled_from(["CTr", "QĐi", "KH", "NQ", "CT", "KL", "HD", "TB", "BC", "CTHĐ"]),
       st.lists(st.booleans(), min_size=4, max_size=4), st.integers(1, 999))
@settings(max_examples=60, deadline=None)
def test_document_type_case_round_trip(doc_type, uppers, number):
    # the first letter is a capital in every paper; the rest may be written in any case ("Ctr", "CTR", "CTr")
    written = doc_type[0] + "".join(c.upper() if up else c.lower() for c, up in zip(doc_type[1:], uppers))
    r = only(f"Thực hiện văn bản {number}-{written}/TU của Tỉnh ủy, các cấp ủy quán triệt.")
    assert r["doc_type"] == doc_type and r["number"] == str(number)


def test_plenum_written_with_dotted_abbreviation():
    r = only("thực hiện Nghị quyết T.Ư 4, khóa XI về xây dựng Đảng")
    assert (r["kind"], r["key"], r["term"], r["plenum"]) == ("plenum", "plenum:11:4", 11, 4)


def test_plenum_term_from_the_rest_of_the_document():
    text = ("Quán triệt Nghị quyết Hội nghị Trung ương 11\n"
            "Sáng nay, Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết Hội nghị lần thứ 11 Ban Chấp hành "
            "Trung ương Đảng khóa XIII.")
    assert [r["key"] for r in refs(text)] == ["plenum:13:11", "plenum:13:11"]
    # two different terms named: the bare one stays unknown
    text2 = "Hội nghị Trung ương 7. Nghị quyết Trung ương 4 khóa XI và Nghị quyết Trung ương 4 khóa XII."
    assert refs(text2)[0]["key"] == "plenum:?:7"


def test_party_cell_and_unqualified_congresses_are_not_national():
    r = only("Chi bộ thôn Nà Lại tổ chức thành công đại hội lần thứ VII, nhiệm kỳ 2025-2027.", province="Lạng Sơn")
    assert (r["congress_level"], r["congress"], r["key"]) == ("cell", 7, "congress:cell:7@Lạng Sơn")
    r = only("Đại hội Chi bộ Trường Tiểu học lần thứ V diễn ra sáng nay.")
    assert (r["congress_level"], r["congress"]) == ("cell", 5)
    # no XV national congress exists: an unqualified "Đại hội XV" is local
    r = only("Các cấp ủy đang tập trung chuẩn bị Đại hội XV.", province="Gia Lai")
    assert r["congress_level"] == "local" and r["key"] == "congress:local:15@Gia Lai"
    r = only("Đảng bộ tỉnh đã tổ chức thành công Đại hội lần thứ XVII.", province="Hà Giang")
    assert r["congress_level"] == "provincial"
    # a cell studying the national congress's resolution: still national
    r = only("Chi bộ tổ chức học tập Nghị quyết Đại hội XIII cho đảng viên.")
    assert (r["congress_level"], r["key"]) == ("national", "congress:national:13")


def test_hue_city_committee_is_provincial_only_from_2025():
    text = "theo Nghị quyết 07-NQ/TU ngày 8-12-2020 của Ban Thường vụ Thành ủy"
    assert only(text, province="Huế", published="2021-01-05")["level"] == "district"
    assert only(text, province="Huế", published="2025-02-05")["level"] == "provincial"
    assert only(text, province="Đà Nẵng", published="2021-01-05")["level"] == "provincial"


def test_a_term_that_does_not_fit_the_national_congress_makes_it_local():
    # a province's history: its own first congress, 1976-1979 (the national congress I met in 1935)
    r = only("* Đại hội lần thứ I (nhiệm kỳ 1976 - 1979), tổ chức làm 2 vòng", province="An Giang")
    assert (r["congress_level"], r["key"]) == ("local", "congress:local:1@An Giang")
    assert only("Nghị quyết Đại hội XII, nhiệm kỳ 2016-2021")["key"] == "congress:national:12"


def test_a_reused_number_is_told_apart_by_its_printed_subject_or_term():
    # three catalogue examples of docs/central-resolutions.md: the subject picks the row
    assert only("Nghị quyết số 45-NQ/TW của Bộ Chính trị về xây dựng và phát triển thành phố Hải Phòng "
                "đến năm 2030")["key"] == "45-NQ/TW:2019"
    assert only("Chỉ thị 45-CT/TW của Bộ Chính trị về lãnh đạo cuộc bầu cử đại biểu Quốc hội khóa XV")["key"] == \
        "45-CT/TW:2020"
    assert only("Nghị quyết 22-NQ/TW về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng")["key"] == \
        "22-NQ/TW:2008"
    # a subject that matches no title leaves the year unknown rather than guessing
    assert only("Nghị quyết số 45-NQ/TW về một vấn đề không có trong danh mục nào cả")["key"] == "45-NQ/TW"


# --- plenums written with "BCH", "lần thứ" and Roman numerals ----------------------------------

@pytest.mark.parametrize(
    "text, key, span",
    [
        ("Tỉnh ủy thông báo nhanh kết quả Hội nghị BCH Trung ương Đảng lần thứ 7, khóa XII tới cán bộ chủ chốt.",
         "plenum:12:7", "Hội nghị BCH Trung ương Đảng lần thứ 7, khóa XII"),
        ("các nội dung cơ bản của hội nghị Ban Chấp hành Trung ương Đảng lần thứ 6, khóa XIII.",
         "plenum:13:6", "hội nghị Ban Chấp hành Trung ương Đảng lần thứ 6, khóa XIII"),
        ("Huyện ủy quán triệt hội nghị lần thứ VIII – BCH trung ương đảng khóa XII cho đảng viên.",
         "plenum:12:8", "hội nghị lần thứ VIII – BCH trung ương đảng khóa XII"),
        ("Đảng ủy phổ biến Hội nghị lần thứ 4 BCH TW Đảng khóa XIII tới chi bộ.",
         "plenum:13:4", "Hội nghị lần thứ 4 BCH TW Đảng khóa XIII"),
        ("nghe quán triệt Hội nghị BCH TW lần thứ mười khóa XI.", "plenum:11:10", "Hội nghị BCH TW lần thứ mười khóa XI"),
        ("Các chi bộ học tập Hội nghị Trung ương 9 khóa XI.", "plenum:11:9", "Hội nghị Trung ương 9 khóa XI"),
        ("Các chi bộ học tập Hội nghị BCH Trung ương Đảng 10 khóa XII.", "plenum:12:10",
         "Hội nghị BCH Trung ương Đảng 10 khóa XII"),
    ],
)
def test_plenum_forms_with_bch_and_roman_numbers(text, key, span):
    found = refs(text, "plenum")
    assert [r["key"] for r in found] == [key]
    assert found[0]["text"] == span and found[0]["level"] == "central"
    assert text[found[0]["start"]:found[0]["end"]] == span


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị BCH Đảng bộ tỉnh lần thứ 18, khóa XVII (mở rộng) đánh giá tình hình.",
        "Hội nghị lần thứ V Ban Chấp hành Đảng bộ huyện khóa XXI tổng kết năm.",
        "Hội nghị lần thứ 3 của Ban Thường vụ Tỉnh đoàn diễn ra sáng nay.",
    ],
)
def test_provincial_plenums_are_not_central(text):
    assert refs(text, "plenum") == []


@settings(max_examples=60, deadline=None)
@given(plenum=st.integers(min_value=1, max_value=18), term=st.integers(min_value=8, max_value=14),
       form=st.sampled_from(["Hội nghị BCH Trung ương Đảng lần thứ {n}, khóa {t}",
                             "hội nghị lần thứ {r} – BCH trung ương đảng khóa {t}",
                             "Hội nghị lần thứ {n} Ban Chấp hành Trung ương Đảng (khóa {t})",
                             "Hội nghị Trung ương {n} khóa {t}", "Hội nghị BCH TW lần thứ {n} khóa {t}"]))
def test_plenum_number_and_term_round_trip(plenum, term, form):
    roman = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X",
             11: "XI", 12: "XII", 13: "XIII", 14: "XIV", 15: "XV", 16: "XVI", 17: "XVII", 18: "XVIII"}
    text = "Tỉnh ủy quán triệt " + form.format(n=plenum, r=roman[plenum], t=roman[term]) + " cho cán bộ."
    found = refs(text, "plenum")
    assert [(r["plenum"], r["term"]) for r in found] == [(plenum, term)]
