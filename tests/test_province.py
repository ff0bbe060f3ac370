"""Tests for analysis.extract.province.detect_province on varied provincial articles."""
from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.gazetteer import _data, commune_places, district_surface_forms, province_surface_forms
from analysis.extract.province import (
    COMMUNE_WEIGHT,
    CONFIDENCE_FULL_AT,
    detect_province,
    outlet_province,
    url_province,
)


@lru_cache(maxsize=1)
def _addressable_communes() -> list[tuple[str, str, str]]:
    """(name, pre-2025 province, 2025 province) of 2025 communes the address "xã N, tỉnh P" pins to
    one pre-2025 province, leaving out names that are also a province or district name."""
    out = set()
    places = province_surface_forms()
    districts = district_surface_forms()
    for key in _data().communes:
        for _, new in commune_places(key):
            pairs = commune_places(key, within=new)
            if len({old for old, _ in pairs}) != 1:
                continue
            name = " ".join(w[:1].upper() + w[1:] for w in key.split())
            if len(name.split()) < 2 or any(c.isdigit() for c in name) or name in places or name in districts:
                continue
            out.add((name, pairs[0][0], new))
    return sorted(out)


def detect(text, title=None, outlet=None):
    return detect_province(text, title=title, outlet=outlet)


@pytest.mark.parametrize(
    "text,title,outlet,province,province_2025",
    [
        ("Ban Thường vụ Tỉnh ủy Lạng Sơn đã chỉ đạo học tập nghị quyết.", None, None, "Lạng Sơn", "Lạng Sơn"),
        ("Ở huyện Mường Lát, Ban Thường vụ Huyện ủy đã ban hành đề án. Huyện Mường Lát còn tăng cường cán bộ.",
         None, None, "Thanh Hóa", "Thanh Hóa"),
        ("Thành ủy TP.HCM tổ chức hội nghị quán triệt Nghị quyết.", None, None, "Hồ Chí Minh", "Hồ Chí Minh"),
        ("Tỉnh ủy Thừa Thiên Huế triển khai Nghị quyết số 54-NQ/TW.", None, None, "Huế", "Huế"),
        ("Các cấp ủy trong toàn tỉnh quán triệt nghị quyết.", "Bắc Giang: học tập nghị quyết Trung ương 4", None,
         "Bắc Giang", "Bắc Ninh"),
        ("Học tập, quán triệt nghị quyết là khâu đầu tiên. Kinh tế An Giang phát triển.", None, "TUAG",
         "An Giang", "An Giang"),
        ("UBND tỉnh Kon Tum chỉ đạo các sở, ngành triển khai.", None, None, "Kon Tum", "Quảng Ngãi"),
        ("Thủ đô tổ chức hội nghị; Thành ủy Hà Nội chỉ đạo các quận, huyện.", None, None, "Hà Nội", "Hà Nội"),
        ("Đảng bộ tỉnh Bà Rịa - Vũng Tàu có 50 đảng bộ trực thuộc.", None, None, "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Tỉnh ủy Đắk Lắk và thành phố Buôn Ma Thuột triển khai.", None, None, "Đắk Lắk", "Đắk Lắk"),
    ],
)
def test_detect(text, title, outlet, province, province_2025):
    found = detect(text, title, outlet)
    assert (found["province"], found["province_2025"]) == (province, province_2025)
    assert 0 < found["confidence"] <= 1 and found["evidence"]


@pytest.mark.parametrize(
    "text",
    [
        "Các cấp ủy quán triệt nghị quyết của Đảng đến cán bộ, đảng viên.",
        "Chủ tịch Hồ Chí Minh đã dạy: nói phải đi đôi với làm. Học tập tư tưởng Hồ Chí Minh.",
        "Hòa bình, ổn định là điều kiện phát triển; nhân dân được sống trong thái bình.",
        "Thực hiện Quyết định của huyện Châu Thành về công tác cán bộ.",  # ten provinces have a Châu Thành
    ],
)
def test_undetermined_is_null(text):
    found = detect(text)
    assert found["province"] is None and found["province_2025"] is None and found["confidence"] == 0.0


def test_district_named_like_a_province_points_to_its_own_province():
    # huyện Quảng Ninh is a district of Quảng Bình, not the province of Quảng Ninh.
    found = detect("Huyện ủy Quảng Ninh tổ chức hội nghị; huyện Quảng Ninh có 15 xã. Đồng Hới, tỉnh Quảng Bình.")
    assert found["province"] == "Quảng Bình"


def test_main_province_beats_passing_mentions():
    text = ("Tỉnh ủy Nghệ An tổ chức hội nghị trực tuyến. Đoàn công tác tỉnh Nghệ An đã học tập kinh nghiệm "
            "của tỉnh Hà Tĩnh và Thanh Hóa. Ban Thường vụ Tỉnh ủy Nghệ An kết luận.")
    found = detect(text)
    assert found["province"] == "Nghệ An" and found["confidence"] < 1.0


def test_title_weighs_more_than_a_body_mention():
    found = detect("Đoàn đã đến thăm tỉnh Quảng Trị.", title="Quảng Bình: sơ kết Nghị quyết Trung ương 4")
    assert found["province"] == "Quảng Bình"


def test_evidence_is_deterministic_and_short():
    text = "Tỉnh ủy Lạng Sơn chỉ đạo. Tỉnh ủy Lạng Sơn kết luận. Huyện ủy Cao Lộc triển khai."
    first = detect(text)
    assert first == detect(text)
    assert "body: Tỉnh ủy Lạng Sơn ×2" in first["evidence"] and "body: Huyện ủy Cao Lộc" in first["evidence"]


def test_outlets():
    assert outlet_province("LSO") == "Lạng Sơn" and outlet_province("(QBĐT)") == "Quảng Bình"
    assert outlet_province("TTXVN") is None and outlet_province(None) is None


def test_pacific_ocean_is_not_thai_binh():
    assert detect("Khu vực châu Á - Thái Bình Dương; châu Á - Thái Bình Dương.")["province"] is None


def test_all_caps_headline():
    text = "LẠNG SƠN: NÂNG CAO CHẤT LƯỢNG TỔ CHỨC CƠ SỞ ĐẢNG\nCác cấp ủy trong tỉnh đã quán triệt nghị quyết."
    assert detect_province(text, title_span=(0, text.index("\n")))["province"] == "Lạng Sơn"
    assert detect("Các cấp ủy đã quán triệt.", title="BẮC GIANG: HỌC TẬP NGHỊ QUYẾT")["province"] == "Bắc Giang"


def test_dash_variants_of_compound_names():
    assert detect("Tỉnh ủy Bà Rịa – Vũng Tàu chỉ đạo; tỉnh Bà Rịa-Vũng Tàu.")["province"] == "Bà Rịa - Vũng Tàu"
    assert detect("Tỉnh ủy Thừa Thiên – Huế tổ chức hội nghị.")["province"] == "Huế"


# --- forms that left articles unplaced (sentences written for these tests) -----------------------

@pytest.mark.parametrize(
    "text,title,province",
    [
        # a district's own Party committee alone
        ("Ban Thường vụ Huyện ủy Hàm Thuận Nam tổ chức hội nghị học tập nghị quyết.", None, "Bình Thuận"),
        ("Thị ủy Cửa Lò nhắc nhở các tổ chức cơ sở đảng chưa học tập nghị quyết.", None, "Nghệ An"),
        # a district name as the dateline of a paragraph
        ("Học tập nghị quyết ở cơ sở\nĐức Linh: Các chi bộ đã hoàn thành việc học tập nghị quyết.",
         "Học tập nghị quyết ở cơ sở", "Bình Thuận"),
        # a numbered district: only Ho Chi Minh City numbers them
        ("Đảng bộ quận 9 tổ chức hội nghị báo cáo viên tháng 6.", None, "Hồ Chí Minh"),
        # one clear mention in the lede, no other province
        ("Quán triệt nghị quyết\nCác cấp ủy ở Đồng Nai đã tổ chức học tập nghị quyết cho cán bộ, đảng viên.",
         "Quán triệt nghị quyết", "Đồng Nai"),
    ],
)
def test_forms_that_place_an_article(text, title, province):
    assert detect(text, title=title)["province"] == province


def test_web_address_names_the_province():
    r = detect_province("Đảng ủy Quân sự tỉnh tổ chức hội nghị quán triệt nghị quyết.",
                        url="https://baoninhthuan.com.vn/news/123.htm")
    assert r["province"] == "Ninh Thuận" and "url: baoninhthuan.com.vn" in r["evidence"]
    r = detect_province("Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị.", url="https://kimson.ninhbinh.gov.vn/tin-1.html")
    assert r["province"] == "Ninh Bình"
    # an aggregator names no province
    assert detect_province("Hội nghị báo cáo viên tháng 6.", url="https://www.baomoi.com/x.epi")["province"] is None


def test_hcm_is_the_person_in_ideology_and_youth_union_contexts():
    text = "Học tập và làm theo tư tưởng, đạo đức, phong cách HCM; Đoàn TNCS HCM tuyên truyền."
    assert detect(text)["province"] is None
    assert detect("Thành ủy TP HCM tổ chức hội nghị.")["province"] == "Hồ Chí Minh"


def test_after_the_2025_merger_the_name_keeper_is_the_pre_2025_province():
    # From 1 July 2025 "Tỉnh ủy Phú Thọ" is the merged province's committee; the 2025 province kept
    # Phú Thọ's name, so the pre-2025 label is Phú Thọ, with a note (it was left empty before, which
    # made post-merger articles vanish from every pre-2025 count).
    text = "Ban Thường vụ Tỉnh ủy Phú Thọ tổ chức hội nghị quán triệt nghị quyết."
    before = detect_province(text, published="2025-03-01")
    assert (before["province"], before["province_2025"]) == ("Phú Thọ", "Phú Thọ")
    assert not before["evidence"][0].startswith("after 1 July 2025")
    after = detect_province(text, published="2025-09-01")
    assert (after["province"], after["province_2025"]) == ("Phú Thọ", "Phú Thọ")
    assert after["evidence"][0] == ("after 1 July 2025: Phú Thọ names the 2025 province (merged Hòa Bình, "
                                    "Phú Thọ, Vĩnh Phúc); labelled with the pre-2025 province of that name")
    # a district of an absorbed province, outweighing the name, places it in that province
    placed = detect_province("Tỉnh Phú Thọ tổng kết. Huyện ủy Lập Thạch, Huyện ủy Tam Dương và huyện "
                             "Sông Lô triển khai nghị quyết.", published="2025-09-01")
    assert (placed["province"], placed["province_2025"]) == ("Vĩnh Phúc", "Phú Thọ")
    # the name of an absorbed province is unambiguous after the merger too
    absorbed = detect_province("Nhìn lại 25 năm xây dựng tỉnh Vĩnh Phúc, Tỉnh ủy Vĩnh Phúc đã lãnh đạo.",
                               published="2025-09-01")
    assert (absorbed["province"], absorbed["province_2025"]) == ("Vĩnh Phúc", "Phú Thọ")
    assert not absorbed["evidence"][0].startswith("after 1 July 2025")


def test_after_the_merger_a_bare_name_alone_leaves_the_pre_2025_province_empty():
    text = "Phú Thọ đẩy mạnh chuyển đổi số. Nhân dân Phú Thọ hưởng ứng phong trào."
    assert detect_province(text, published="2025-03-01")["province"] == "Phú Thọ"
    after = detect_province(text, published="2025-09-01")
    assert (after["province"], after["province_2025"]) == (None, "Phú Thọ")
    assert after["evidence"][0].startswith("after 1 July 2025: placed in the 2025 province Phú Thọ")


@pytest.mark.parametrize("published", ["2025-09-22", "2025-07-01", "2026-01-15"])
def test_explicit_province_after_the_merger_is_assigned(published):
    # "tỉnh Khánh Hòa" stated outright, nothing contradicting it: the article counts for Khánh Hòa
    text = ("Bộ Chính trị chỉ định đồng chí Nguyễn Văn A giữ chức Bí thư Tỉnh ủy Khánh Hòa nhiệm kỳ "
            "2025-2030.\nTại hội nghị, Ban Thường vụ Tỉnh ủy Khánh Hòa cam kết lãnh đạo tỉnh Khánh Hòa phát triển.")
    r = detect_province(text, published=published)
    assert (r["province"], r["province_2025"]) == ("Khánh Hòa", "Khánh Hòa")
    assert r["evidence"][0].startswith("after 1 July 2025: Khánh Hòa names the 2025 province (merged Khánh Hòa, Ninh Thuận)")


def test_an_unplaced_article_says_why():
    assert detect("Các cấp ủy quán triệt nghị quyết.")["evidence"] == ["no province: no province, district or outlet named"]
    tie = detect("Đoàn công tác tỉnh Nam Định làm việc với tỉnh Thái Bình.")
    assert tie["province"] is None and tie["evidence"][0] == "no province: tie between Nam Định, Thái Bình"
    thin = detect("Kinh nghiệm của Thái Bình được giới thiệu. Hội nghị diễn ra tốt đẹp.")
    assert thin["province"] is None and thin["evidence"][0].startswith("no province: too little evidence")


# --- communes, before and after the 2025 merger ---------------------------------------------

@pytest.mark.parametrize(
    "text, published, province, province_2025",
    [
        # a 2025 address: the commune lay in Ninh Thuận, which the 2025 Khánh Hòa absorbed
        ("Đảng ủy xã Phước Hà, tỉnh Khánh Hòa tổ chức hội nghị học tập nghị quyết.", "2025-10-02",
         "Ninh Thuận", "Khánh Hòa"),
        # the same address without a date: only after the merger did Phước Hà belong to Khánh Hòa
        ("Đảng ủy xã Phước Hà, tỉnh Khánh Hòa tổ chức hội nghị học tập nghị quyết.", None,
         "Ninh Thuận", "Khánh Hòa"),
        # the address in brackets, the commune named again later
        ("Đảng bộ phường Đô Vinh (tỉnh Khánh Hòa) tổ chức Đại hội lần thứ I. Phường Đô Vinh có 14 chi bộ.",
         "2025-08-20", "Ninh Thuận", "Khánh Hòa"),
        # a pre-2025 address: commune, district and province agree, all count
        ("Chi bộ thôn 3, xã Hội Thịnh, huyện Tam Dương, tỉnh Vĩnh Phúc quán triệt nghị quyết.", "2020-05-04",
         "Vĩnh Phúc", "Phú Thọ"),
        # a commune alone, named once: as specific as a district
        ("Ban Chấp hành Đảng bộ xã Hưng Hội họp phiên thường kỳ quý III.", None, "Bạc Liêu", "Cà Mau"),
    ],
)
def test_a_commune_places_the_article_in_its_pre_2025_province(text, published, province, province_2025):
    r = detect_province(text, published=published)
    assert (r["province"], r["province_2025"]) == (province, province_2025)


def test_a_2025_address_does_not_count_for_the_merged_provinces_name():
    r = detect_province("Đảng ủy xã Phước Hà, tỉnh Khánh Hòa tổ chức hội nghị.", published="2025-10-02")
    assert r["evidence"] == ["body: xã Phước Hà, tỉnh Khánh Hòa"]
    assert r["confidence"] == round(0.5 + 0.5 * COMMUNE_WEIGHT / CONFIDENCE_FULL_AT, 3)


def test_ambiguous_communes_and_district_towns_are_not_commune_evidence():
    # "Tân Lập" names communes in many provinces; "thị xã Hoàng Mai" is a district (and ambiguous)
    assert detect("Đảng ủy xã Tân Lập tổ chức hội nghị. Xã Tân Lập đạt 95%.")["province"] is None
    assert detect("Thị ủy thị xã Hoàng Mai chỉ đạo các xã học tập nghị quyết.")["province"] is None
    # the address picks the one Tân Lập in its province; a pre-2025 address names that province too
    r = detect_province("Đảng bộ xã Tân Lập, tỉnh Phú Thọ tổ chức đại hội.", published="2025-09-10")
    assert r["province_2025"] == "Phú Thọ"
    # a one-syllable word after "xã" is not a commune name ("xã Hội" in a shouted heading)
    assert detect("Kinh tế - xã Hội phát triển.")["province"] is None


def test_a_district_opening_the_headline_places_the_article():
    title = "Quỳnh Lưu tổ chức hội nghị quán triệt nghị quyết Trung ương"
    r = detect_province(title + "\nSáng 30/3, hội nghị có 300 đại biểu tham dự.", title=title)
    assert r["province"] == "Nghệ An" and r["evidence"] == ["title: Quỳnh Lưu (title subject)"]
    # a bare district name inside the body is not enough (it may be a person, a ship, a comparison)
    assert detect("Hội nghị tổ chức tốt. Đồng chí phụ trách Quỳnh Lưu phát biểu.")["province"] is None
    # an ambiguous district name in the headline places nothing
    title = "Châu Thành tổ chức hội nghị quán triệt nghị quyết"
    assert detect_province(title + "\nNội dung.", title=title)["province"] is None


@pytest.mark.parametrize(
    "url, province",
    [
        ("https://phuocha.khanhhoa.gov.vn/tin-tuc/1", "Ninh Thuận"),  # a 2025 commune portal
        ("https://quynhluu.gov.vn/a", "Nghệ An"),  # a district's own portal
        ("https://quynhluu.com.vn/a", None),  # a commercial host is not a district's portal
        ("https://khanhhoa.gov.vn/a", "Khánh Hòa"),
        ("https://vietnam.vn/khanhhoa/bai-viet", "Khánh Hòa"),  # an aggregator's provincial section
        ("https://vietnam.vn/thoi-su/bai-viet", None),
        ("https://tanlap.phutho.gov.vn/a", "Phú Thọ"),  # three Tân Lập in the 2025 Phú Thọ: the province stands
    ],
)
def test_web_addresses_of_district_and_commune_portals(url, province):
    assert url_province(url) == province


def test_commune_portal_url_outweighs_nothing_else():
    r = detect_province("Đảng ủy xã tổ chức hội nghị quán triệt các văn bản của Trung ương.",
                        url="https://phuocha.khanhhoa.gov.vn/tin-tuc/1")
    assert (r["province"], r["province_2025"]) == ("Ninh Thuận", "Khánh Hòa")
    assert r["evidence"] == ["url: phuocha.khanhhoa.gov.vn"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_unambiguous_2025_commune_address_gives_its_old_province(data):
    # Property: for a 2025 commune whose old wards lay in one pre-2025 province, the sentence
    # "Đảng ủy xã N, tỉnh P2025 ..." is placed in that pre-2025 province and in P2025.
    name, old, new = data.draw(st.sampled_from(_addressable_communes()))
    r = detect_province(f"Đảng ủy xã {name}, tỉnh {new} tổ chức hội nghị học tập nghị quyết.",
                        published="2025-09-01")
    assert (r["province"], r["province_2025"]) == (old, new)
