"""Tests for analysis.extract.gazetteer: the 63/34 provinces, aliases, 2025 mapping, district index."""
from __future__ import annotations

import pytest

from analysis.extract import gazetteer
from analysis.extract.gazetteer import (
    PROVINCES,
    PROVINCES_2025,
    district_provinces,
    members_2025,
    province_2025,
    resolve_province,
)


def test_counts_and_sorted_unique():
    assert len(PROVINCES) == 63 and len(set(PROVINCES)) == 63
    assert len(PROVINCES_2025) == 34 and len(set(PROVINCES_2025)) == 34
    assert PROVINCES == sorted(PROVINCES, key=gazetteer.sort_key)
    assert PROVINCES_2025 == sorted(PROVINCES_2025, key=gazetteer.sort_key)


def test_short_names_are_the_data_short_names():
    for name in ["Lạng Sơn", "Hồ Chí Minh", "Huế", "Bà Rịa - Vũng Tàu", "Thanh Hóa", "Hòa Bình",
                 "Khánh Hòa", "Đắk Lắk", "Bắc Kạn"]:
        assert name in PROVINCES
    assert "Thừa Thiên Huế" not in PROVINCES


def test_every_2025_province_is_also_a_pre_2025_name():
    assert set(PROVINCES_2025) <= set(PROVINCES)


def test_members_partition_the_63():
    members = members_2025()
    assert sorted(members) == sorted(PROVINCES_2025)
    flat = [p for group in members.values() for p in group]
    assert sorted(flat) == sorted(PROVINCES)
    assert members["Hồ Chí Minh"] == ["Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"]
    assert members["Ninh Bình"] == ["Hà Nam", "Nam Định", "Ninh Bình"]
    assert members["Lạng Sơn"] == ["Lạng Sơn"]


@pytest.mark.parametrize(
    "old,new",
    [("Bắc Giang", "Bắc Ninh"), ("Quảng Nam", "Đà Nẵng"), ("Kon Tum", "Quảng Ngãi"),
     ("Sóc Trăng", "Cần Thơ"), ("Yên Bái", "Lào Cai"), ("Lạng Sơn", "Lạng Sơn"),
     ("Thanh Hóa", "Thanh Hóa"), ("An Giang", "An Giang"), ("Kiên Giang", "An Giang"),
     ("Bình Phước", "Đồng Nai"), ("Phú Yên", "Đắk Lắk"), ("Thừa Thiên Huế", "Huế")],
)
def test_province_2025(old, new):
    assert province_2025(old) == new


@pytest.mark.parametrize(
    "alias,expected",
    [
        ("TP.HCM", "Hồ Chí Minh"), ("TP. Hồ Chí Minh", "Hồ Chí Minh"), ("TPHCM", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"), ("Sài Gòn", "Hồ Chí Minh"),
        ("Thừa Thiên Huế", "Huế"), ("Thừa Thiên - Huế", "Huế"), ("Huế", "Huế"),
        ("Thủ đô", "Hà Nội"), ("Hà Nội", "Hà Nội"), ("thành phố Hà Nội", "Hà Nội"),
        ("ha noi", "Hà Nội"), ("HA NOI", "Hà Nội"), ("Thanh Hoá", "Thanh Hóa"),
        ("tỉnh Thanh Hóa", "Thanh Hóa"), ("Tỉnh Lạng Sơn", "Lạng Sơn"), ("lang son", "Lạng Sơn"),
        ("Đắc Lắc", "Đắk Lắk"), ("Dak Lak", "Đắk Lắk"), ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("BR-VT", "Bà Rịa - Vũng Tàu"), ("Bắc Cạn", "Bắc Kạn"), ("  An Giang ", "An Giang"),
        ("Hoà Bình", "Hòa Bình"), ("QUẢNG NINH", "Quảng Ninh"),
    ],
)
def test_resolve_aliases(alias, expected):
    assert resolve_province(alias) == expected


@pytest.mark.parametrize("text", ["", None, "Paris", "Tỉnh", "Trung ương", "Mường Lát", "Quảng"])
def test_resolve_unknown_is_none(text):
    assert resolve_province(text) is None


def test_no_diacritics_ambiguity_is_not_guessed():
    # "Quang Nam"/"Quảng Nam" is unique, but a key shared by two provinces must not resolve.
    assert resolve_province("quang nam") == "Quảng Nam"
    assert resolve_province("quang ninh") == "Quảng Ninh"
    assert resolve_province("quang ngai") == "Quảng Ngãi"


def test_every_province_resolves_to_itself_and_its_full_name():
    for name in PROVINCES:
        assert resolve_province(name) == name
        assert resolve_province(gazetteer.province_full_name(name)) == name
        assert province_2025(name) in PROVINCES_2025


def test_district_index():
    assert district_provinces("huyện Mường Lát") == ["Thanh Hóa"]
    assert district_provinces("Mường Lát") == ["Thanh Hóa"]
    assert district_provinces("thành phố Thanh Hóa") == ["Thanh Hóa"]
    assert district_provinces("huyện Cao Lộc") == ["Lạng Sơn"]
    assert district_provinces("thị xã Tân Châu") == ["An Giang", "Tây Ninh"]
    shared = district_provinces("Châu Thành")
    assert len(shared) >= 5 and "An Giang" in shared and shared == sorted(shared, key=gazetteer.sort_key)
    assert district_provinces("Atlantis") == []
    index = gazetteer.district_index()
    assert len(index) > 600
    assert all(u.province in PROVINCES for units in index.values() for u in units)


def test_commune_places_read_both_sides_of_the_2025_merger():
    from analysis.extract.gazetteer import commune_places

    # a 2025 commune made of old wards of one province, under the 2025 province that absorbed it
    assert commune_places("xã Phước Hà") == [("Ninh Thuận", "Khánh Hòa")]
    assert commune_places("Phước Hà", within="Khánh Hòa") == [("Ninh Thuận", "Khánh Hòa")]
    assert commune_places("Phước Hà", within="Ninh Thuận") == [("Ninh Thuận", "Khánh Hòa")]
    assert commune_places("Phước Hà", within="Lạng Sơn") == []
    # a name shared across the country narrows to one province by its address
    assert len({old for old, _ in commune_places("Tân Lập")}) > 5
    assert {old for old, _ in commune_places("Tân Lập", within="Vĩnh Phúc")} == {"Vĩnh Phúc"}
    # numbered wards name nothing on their own
    assert commune_places("Phường 1") == []


def test_district_ascii_names_for_web_addresses():
    from analysis.extract.gazetteer import district_ascii_provinces

    assert district_ascii_provinces("quynhluu") == ["Nghệ An"]
    assert district_ascii_provinces("chauthanh") == sorted(district_provinces("Châu Thành"), key=gazetteer.sort_key)
    # communes only inside a province: too many repeat across the country
    assert district_ascii_provinces("phuocha") == []
    assert district_ascii_provinces("phuocha", within="Khánh Hòa") == ["Ninh Thuận"]
