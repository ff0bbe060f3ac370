"""Tests for analysis.extract.claims: percentages, ranges, fractions, counts, subjects, consistency, traps."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.claims import check_consistency, extract_claims
from analysis.extract.references import extract_references


def claims(text, kind=None):
    masked = [(r["start"], r["end"]) for r in extract_references(text)]
    out = extract_claims(text, masked=masked)
    for c in out:
        assert text[c["start"]:c["end"]] == c["text"]
        assert c["sentence"] is not None and c["text"] in c["sentence"]
    return [c for c in out if kind is None or c["kind"] == kind]


def texts(text, kind=None):
    return [c["text"] for c in claims(text, kind)]


# --- percentages --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,span,low,high,qualifier",
    [
        ("số cán bộ, đảng viên tham gia học tập đạt trên 98%.", "trên 98%", 98.0, 98.0, "trên"),
        ("Tỷ lệ viết bài thu hoạch đạt 94,8% đối với cấp tỉnh.", "94,8%", 94.8, 94.8, None),
        ("đến nay 100% các chi, đảng bộ đã triển khai.", "100%", 100.0, 100.0, None),
        ("tỷ lệ tham gia đạt  từ 90-95%; tiếp đó", "từ 90-95%", 90.0, 95.0, None),
        ("đại diện hộ gia đình tham gia đạt từ 80- 85%.", "từ 80- 85%", 80.0, 85.0, None),
        ("đến cán bộ, đảng viên đạt từ 85-95%, trong", "từ 85-95%", 85.0, 95.0, None),
        ("tỷ lệ đạt từ 80% đến 85% trong", "từ 80% đến 85%", 80.0, 85.0, None),
        ("có 90 – 95% hộ gia đình", "90 – 95%", 90.0, 95.0, None),
        ("đạt gần 70% kế hoạch", "gần 70%", 70.0, 70.0, "gần"),
        ("giảm khoảng 3,5% so với cùng kỳ", "khoảng 3,5%", 3.5, 3.5, "khoảng"),
        ("tăng hơn 12% so với năm trước", "hơn 12%", 12.0, 12.0, "hơn"),
        ("tỷ lệ hộ nghèo còn dưới 2%.", "dưới 2%", 2.0, 2.0, "dưới"),
        ("gần như 100% đảng viên", "gần như 100%", 100.0, 100.0, "gần như"),
        ("phấn đấu tối thiểu 95% chi bộ", "tối thiểu 95%", 95.0, 95.0, "tối thiểu"),
        ("từ 80% trở lên", "80% trở lên", 80.0, 80.0, "tối thiểu"),
        ("đạt 100 % kế hoạch", "100 %", 100.0, 100.0, None),
        ("đạt 95 phần trăm", "95 phần trăm", 95.0, 95.0, None),
        ("đạt 99,16%.", "99,16%", 99.16, 99.16, None),
    ],
)
def test_percent_forms(text, span, low, high, qualifier):
    found = claims(text, "percent")
    assert len(found) == 1, found
    c = found[0]
    assert (c["text"], c["low"], c["high"], c["qualifier"]) == (span, low, high, qualifier)
    assert isinstance(c["low"], float) and isinstance(c["high"], float)


def test_several_percentages_in_one_sentence():
    text = "Dân số toàn tỉnh có 751.191 người, trong đó dân tộc Nùng chiếm 42,9%, Tày 35,4%, Kinh 17%, còn lại là dân tộc khác."
    found = claims(text, "percent")
    assert [c["text"] for c in found] == ["42,9%", "35,4%", "17%"]
    assert [c["subject"] for c in found] == ["dân tộc Nùng", "Tày", "Kinh"]


@pytest.mark.parametrize(
    "text,subject",
    [
        ("số cán bộ, đảng viên tham gia học tập đạt trên 98%.", "cán bộ, đảng viên"),
        ("tỷ lệ đại diện các hộ gia đình tham gia học tập đạt từ 80- 85%.", "đại diện các hộ gia đình"),
        ("cấp cơ sở đã mở được 468 lớp học tập, tỷ lệ tham gia đạt từ 90-95%;", "cấp cơ sở"),
        ("Tỷ lệ cán bộ, đảng viên viết bài thu hoạch đạt 94,8% đối với cấp tỉnh", "cán bộ, đảng viên"),
        ("Kết quả: 92,7% đối với cấp cơ sở.", "cấp cơ sở"),
        ("Trên 90% cấp ủy, người đứng đầu cơ quan, đơn vị xây dựng kế hoạch hành động.",
         "cấp ủy, người đứng đầu cơ quan, đơn vị"),
        ("Kết quả triển khai đến cán bộ, đảng viên đạt từ 85-95%, trong quần chúng nhân dân đạt từ 80-85%.",
         "cán bộ, đảng viên"),
    ],
)
def test_percent_subjects(text, subject):
    assert claims(text, "percent")[0]["subject"] == subject


@pytest.mark.parametrize(
    "text,number,subject",
    [
        # a yardstick or a plan is not what a percentage is about
        ("tỷ lệ chi bộ hoàn thành tốt nhiệm vụ đạt 97,5% (Nghị quyết là 90%).", "90%", None),
        ("Đảng ủy đã kết nạp 03 đảng viên, đạt 100% kế hoạch, chuyển đảng chính thức cho 04 đồng chí.", "100%", None),
        ("kết nạp 1.420 đảng viên, đạt 118% chỉ tiêu Nghị quyết Đại hội đề ra.", "118%", None),
        # the noun after "số"; a number ends the phrase; a dangling "và" goes
        ("Có 7,5% số TCCSĐ hoàn thành nhiệm vụ.", "7,5%", "TCCSĐ"),
        ("Toàn Đảng bộ có 89,4% số đảng viên hoàn thành tốt nhiệm vụ.", "89,4%", "đảng viên"),
        ("có tỷ lệ 96,8% đảng viên và 18.305 lượt quần chúng tham gia học tập.", "96,8%", "đảng viên"),
        ("trên 85% tổ chức cơ sở đảng và trên 80% đảng viên được xếp loại hoàn thành tốt nhiệm vụ.", "trên 85%",
         "tổ chức cơ sở đảng"),
        # "tỷ lệ", "còn", "bình quân" end a subject
        ("Đối với chi bộ tỷ lệ hoàn thành xuất sắc nhiệm vụ đạt trên 16%.", "trên 16%", "chi bộ"),
        ("Tỷ lệ hộ nghèo còn 6,2%.", "6,2%", "hộ nghèo"),
        ("Tỷ lệ hộ nghèo bình quân giảm 1,5%.", "1,5%", "hộ nghèo"),
    ],
)
def test_percent_subjects_without_debris(text, number, subject):
    found = [c for c in claims(text, "percent") if c["text"] == number]
    assert found and found[0]["subject"] == subject  # the first with that text


@pytest.mark.parametrize(
    "text",
    ["Quý 1/2013", "tháng 9/2012", "2011- 2013", "giai đoạn 2020-2025", "COVID-19", "lúc 08:11",
     "ngày 14/5/2011", "Nghị quyết số 24-NQ/TU ngày 16-8-2011", "lần thứ 8", "khóa XIII", "năm 2023"],
)
def test_traps_yield_no_claims(text):
    assert claims(text) == []


# --- fractions ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,span,n,d,unit",
    [
        ("Huyện hoàn thành việc thành lập 8/8 chi bộ công an xã.", "8/8 chi bộ", 8, 8, "chi bộ"),
        ("có 35.599/35.900 đảng viên tham gia học tập", "35.599/35.900 đảng viên", 35599, 35900, "đảng viên"),
        ("đã có 152/159 xã, phường, thị trấn đạt chuẩn", "152/159 xã", 152, 159, "xã"),
        ("Có 2/3 số xã đạt chuẩn nông thôn mới.", "2/3 số xã", 2, 3, "xã"),
        ("18/18 huyện, thành phố đã ban hành kế hoạch", "18/18 huyện", 18, 18, "huyện"),
        ("kết quả 1.245/1.300 hộ ký cam kết", "1.245/1.300 hộ", 1245, 1300, "hộ"),
        ("Đảng bộ có 45/47 TCCSĐ hoàn thành", "45/47 TCCSĐ", 45, 47, "TCCSĐ"),
    ],
)
def test_fraction_forms(text, span, n, d, unit):
    found = claims(text, "fraction")
    assert len(found) == 1, found
    c = found[0]
    assert (c["text"], c["numerator"], c["denominator"], c["value"], c["unit"]) == (span, n, d, n, unit)
    assert claims(text, "count") == []


@pytest.mark.parametrize(
    "text",
    ["Từ tháng 5/2016, Ban Thường vụ ban hành", "trong quý 1/2013", "hoàn thành trong Quý 1/2013",
     "vào ngày 30/4 và 2/9", "Nghị quyết số 303/NQ-HĐND", "Nghị định 100/2019/NĐ-CP", "đến 12/2014 có",
     "tỷ lệ 3/2 là", "ngày 14/5/2011", "số 15/2021 của", "Quý I/2021"],
)
def test_fraction_traps(text):
    assert claims(text, "fraction") == []


def test_fraction_and_percent_consistency():
    text = "Có 35.599/35.900 đảng viên tham gia học tập, đạt 99,16%."
    fraction, percent = claims(text)
    assert fraction["kind"] == "fraction" and percent["kind"] == "percent"
    assert fraction["consistent"] is True and percent["consistent"] is True
    assert fraction["paired_percent"] == "99,16%" and percent["paired_fraction"] == "35.599/35.900 đảng viên"

    wrong = claims("Có 30/40 chi bộ đạt chuẩn, đạt 80%.")
    assert [c["consistent"] for c in wrong] == [False, False]

    in_range = claims("Ở 30/30 quận, huyện đạt từ 95 đến 98%.")  # a rate, not a restatement of 30/30
    assert [c["consistent"] for c in in_range] == [None, None]

    alone = claims("Có 8/8 chi bộ được thành lập. Tỷ lệ đạt 90%.")
    assert [c["consistent"] for c in alone] == [None, None]


def test_consistency_tolerance_follows_stated_precision():
    assert check_consistency(2, 3, 66.7, 66.7, 1) is True
    assert check_consistency(2, 3, 67, 67, 0) is True
    assert check_consistency(2, 3, 66.5, 66.5, 1) is False
    assert check_consistency(1, 0, 50, 50) is None


# --- counts ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,span,value,unit,qualifier",
    [
        ("cấp cơ sở đã mở được 468 lớp học tập", "468 lớp", 468, "lớp", None),
        ("đã điều động, luân chuyển 13 vị trí chức danh chủ chốt cấp xã", "13 vị trí chức danh", 13,
         "vị trí chức danh", None),
        ("toàn Đảng bộ tỉnh có 766 TCCSĐ (trong đó", "766 TCCSĐ", 766, "TCCSĐ", None),
        ("với 54.986 đảng viên.", "54.986 đảng viên", 54986, "đảng viên", None),
        ("đã tổ chức gần 20 hội nghị nghiên cứu", "gần 20 hội nghị", 20, "hội nghị", "gần"),
        ("339 lớp bồi dưỡng khác cho gần 15 nghìn cán bộ, đảng viên cơ sở.", "339 lớp", 339, "lớp", None),
        ("kết nạp được trên 2.000 đảng viên", "trên 2.000 đảng viên", 2000, "đảng viên", "trên"),
        ("giới thiệu 14 đồng chí đảng viên đồn biên phòng", "14 đồng chí", 14, "đồng chí", None),
        ("thu hút hơn 3.500 lượt người tham gia", "hơn 3.500 lượt người", 3500, "lượt người", "hơn"),
        ("có 1,5 triệu lượt người truy cập", "1,5 triệu lượt người", 1500000, "lượt người", None),
        ("đăng tải 1.245 tin, bài về nghị quyết", "1.245 tin", 1245, "tin", None),
        ("tổ chức 25 đoàn kiểm tra", "25 đoàn kiểm tra", 25, "đoàn kiểm tra", None),
        ("ban hành 12 văn bản chỉ đạo", "12 văn bản", 12, "văn bản", None),
        ("Huyện có 21 xã, thị trấn biên giới", "21 xã", 21, "xã", None),
        ("ủng hộ 1.200 hộ nghèo", "1.200 hộ nghèo", 1200, "hộ nghèo", None),
    ],
)
def test_count_forms(text, span, value, unit, qualifier):
    found = [c for c in claims(text, "count") if c["text"] == span]
    assert len(found) == 1, claims(text)
    c = found[0]
    assert (c["value"], c["unit"], c["qualifier"], c["unit_kind"]) == (value, unit, qualifier, "count")


def test_count_with_scale_word_and_subject():
    c = [c for c in claims("339 lớp bồi dưỡng khác cho gần 15 nghìn cán bộ, đảng viên cơ sở.") if c["value"] == 15000][0]
    assert c["text"] == "gần 15 nghìn cán bộ" and c["qualifier"] == "gần" and c["unit"] == "cán bộ"
    assert c["subject"] == "cán bộ, đảng viên cơ sở"


def test_abbreviation_expanded():
    c = claims("toàn Đảng bộ tỉnh có 766 TCCSĐ")[0]
    assert c["unit_expanded"] == "tổ chức cơ sở đảng"
    assert claims("với 54.986 đảng viên")[0]["unit_expanded"] is None


def test_measures_are_flagged():
    c = claims("Lạng Sơn có 231km đường biên giới")[0]
    assert (c["text"], c["value"], c["unit"], c["unit_kind"]) == ("231km", 231, "km", "measure")
    c = claims("tổng vốn 1.200 tỷ đồng")[0]
    assert c["value"] == 1_200_000_000_000 and c["unit_kind"] == "measure"


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương",  # ordinal
        "Đại hội lần thứ 13 của Đảng",  # ordinal
        "năm 2020 xã Tân Thành về đích",  # year before a place noun
        "Khóa 13 có nhiều điểm mới",  # term
        "Nghị quyết số 24-NQ/TU có hiệu lực",  # number inside a code
        "các Nghị quyết Trung ương 3, 4, 5, 6 (khóa XI)",  # plenum numbers
        "trong 3 năm, 10 tháng và 12 ngày",  # durations are not counted nouns
        "thứ 2 hằng tuần",  # weekday / ordinal
        "Điều 5 Quy định 102",  # article numbers
        "vào lúc 8 giờ",
        "Trong tháng 12-2014 toàn tỉnh",
    ],
)
def test_count_traps(text):
    assert claims(text, "count") == []


def test_realistic_paragraph_from_another_province():
    text = (
        "Năm 2023, Đảng bộ huyện Bố Trạch đã kết nạp 312 đảng viên mới, đạt 104% chỉ tiêu; "
        "có 57/60 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ (đạt 95%). Huyện ủy tổ chức 8 hội nghị "
        "quán triệt Nghị quyết số 29-NQ/TW ngày 17/11/2022 cho hơn 2.300 lượt cán bộ, đảng viên."
    )
    assert texts(text) == ["312 đảng viên", "104%", "57/60 tổ chức cơ sở đảng", "95%", "8 hội nghị",
                           "hơn 2.300 lượt cán bộ"]
    assert claims(text)[-1]["subject"] == "lượt cán bộ, đảng viên"
    frac = claims(text, "fraction")[0]
    assert frac["consistent"] is True and frac["paired_percent"] == "95%"


def test_claim_records_have_all_contract_keys():
    keys = {"kind", "text", "start", "end", "sentence", "low", "high", "qualifier", "numerator", "denominator",
            "value", "unit", "subject", "unit_expanded", "consistent", "sentence_index"}
    for c in claims("Có 8/8 chi bộ, 468 lớp, đạt 98%."):
        assert keys <= set(c)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,/%- trênđạtgầnlớpchibộđảngviênnghìntháng\n")), max_size=80))
def test_no_crash_and_offsets_hold(text):
    for c in extract_claims(text):
        assert text[c["start"]:c["end"]] == c["text"]
        if c["kind"] == "percent":
            assert c["low"] <= c["high"]
        if c["kind"] == "fraction":
            assert c["numerator"] <= c["denominator"]


def test_dot_decimal_percent_and_thousands():
    found = claims("đạt 98.5% kế hoạch, 1.234 đảng viên")
    assert [(c["text"], c["low"], c["value"]) for c in found] == [
        ("98.5%", 98.5, None), ("1.234 đảng viên", None, 1234)]


def test_bare_tally_after_a_verb_of_achievement():
    assert texts("Huyện đạt 12/12 tiêu chí nông thôn mới; hoàn thành 9/11.") == ["12/12 tiêu chí", "9/11"]
    assert texts("Lễ kỷ niệm 2/9 và 30/4 được tổ chức.") == []


def test_school_years_and_bare_years_are_not_claims():
    assert texts("Năm học 2022/2023 có nhiều đổi mới.") == []
    assert texts("Từ 2020 đến 2023 đảng viên trong tỉnh tăng.") == []


def test_unit_lists_of_the_same_group():
    found = claims("có 312/322 phường, xã, thị trấn đã tổ chức")
    assert [(c["text"], c["unit"], c["subject"]) for c in found] == [("312/322 phường", "phường", "phường, xã, thị trấn")]
    assert [(c["text"], c["subject"]) for c in claims("có 5 huyện, 21 xã, thị trấn biên giới")] == [
        ("5 huyện", "huyện"), ("21 xã", "xã, thị trấn biên giới")]
    found = claims("khen thưởng 1.520 tập thể và 3.215 cá nhân điển hình")
    assert [(c["text"], c["subject"]) for c in found] == [("1.520 tập thể", "tập thể"),
                                                          ("3.215 cá nhân", "cá nhân điển hình")]


def test_percent_subject_skips_years_inside_the_phrase():
    assert claims("Tỷ lệ chi bộ đạt trong sạch, vững mạnh năm 2020 đạt 85,5%.")[0]["subject"] == "chi bộ"


def test_bare_tally_beside_a_percentage():
    found = claims("Huyện đạt 100% (8/8) xã hoàn thành; sáng 8/8 khai mạc.")
    assert [(c["kind"], c["text"]) for c in found] == [("percent", "100%"), ("fraction", "8/8")]
    assert found[1]["consistent"] is True


def test_highland_place_units_and_documents():
    found = claims("Toàn tỉnh có 2.478 thôn, buôn, tổ dân phố; phát hành 3 đề cương tuyên truyền.")
    assert [(c["text"], c["subject"]) for c in found] == [("2.478 thôn", "thôn, buôn, tổ dân phố"),
                                                          ("3 đề cương", "đề cương tuyên truyền")]


def test_foreign_thousands_separator_in_counts_and_tallies():
    found = claims("Đảng bộ có 54,986 đảng viên; 35,599/35,900 đảng viên dự học; lãi suất 1,500 tỷ đồng.")
    assert [(c["text"], c["value"], c["denominator"]) for c in found] == [
        ("54,986 đảng viên", 54986, None), ("35,599/35,900 đảng viên", 35599, 35900),
        ("1,500 tỷ đồng", 1_500_000_000, None)]
    assert claims("đạt 2,5 lớp")[0]["value"] == 2.5


def test_subject_after_at_least_and_not_a_verb():
    c = claims("Trong giai đoạn 2021 - 2025, phấn đấu 95% trở lên đảng viên hoàn thành tốt nhiệm vụ.")[0]
    assert (c["qualifier"], c["subject"]) == ("tối thiểu", "đảng viên")


def test_comparative_hon_is_not_a_qualifier():
    assert [(c["text"], c["qualifier"]) for c in claims("Tỷ lệ này cao hơn 5% so với năm trước; tăng hơn 12%.")] == [
        ("5%", None), ("hơn 12%", "hơn")]


def test_houses_and_gifts_are_counts_money_is_a_measure():
    found = {c["text"]: c["unit_kind"] for c in claims("Xây 35 căn nhà, tặng 120 suất quà trị giá 1,2 tỷ đồng.")}
    assert found == {"35 căn nhà": "count", "120 suất quà": "count", "1,2 tỷ đồng": "measure"}


def test_counts_after_total_and_time_words():
    assert texts("Đảng bộ có tổng số 1.234 đảng viên; mỗi năm 2.000 đảng viên được kết nạp.") == [
        "1.234 đảng viên", "2.000 đảng viên"]
    assert texts("Quyết định số 15 đảng viên; ngày 15 tháng 9 năm 2020 xã Tân Lập") == []


def test_false_ranges_give_back_their_percentage():
    assert texts("Giai đoạn 2016-2020 - 95% chi bộ; năm 2021 - 97%; đạt 95 - 90%.") == ["95%", "97%", "90%"]


def test_a_person_named_after_the_count_is_not_part_of_its_subject():
    # written for this test: "7 members, comrade X chairs" counts members, not the named comrade
    claims = extract_claims("Ủy ban Kiểm tra Huyện ủy nhiệm kỳ mới gồm 7 ủy viên, đồng chí Vũ Văn Hòa được bầu làm Chủ nhiệm.")
    assert [(c["text"], c["subject"]) for c in claims] == [("7 ủy viên", "ủy viên")]
    # where they were elected to is not who was counted
    claims = extract_claims("Đại hội đã bầu 36 đồng chí vào Ban Chấp hành Đảng bộ huyện khóa mới.")
    assert [c["subject"] for c in claims] == ["đồng chí"]
    # a named body after the comma opens the next phrase
    claims = extract_claims("Đại hội bầu Đoàn Chủ tịch gồm 09 người, Ban Thẩm tra tư cách đại biểu gồm 5 người.")
    assert [c["subject"] for c in claims][:1] == ["người"]
    # a list of counted nouns is still one subject
    claims = extract_claims("Toàn huyện có 1.200 cán bộ, đảng viên tham gia học tập.")
    assert [c["subject"] for c in claims] == ["cán bộ, đảng viên"]


@pytest.mark.parametrize("text, expected", [
    ("Ngày 21.9 Ban Tuyên giáo Thành ủy thông tin về đại hội với 320 đại biểu.", ["320 đại biểu"]),
    ("Đại hội diễn ra từ 23-25.9 với 418 đại biểu chính thức.", ["418 đại biểu"]),
    ("Chiều 17.10, Đại hội bầu 53 ủy viên.", ["53 ủy viên"]),
    # a thousands separator is not a date, whatever word comes before it
    ("Đảng bộ tăng từ 12.500 đảng viên lên 13.200 đảng viên.", ["12.500 đảng viên", "13.200 đảng viên"]),
])
def test_a_day_and_month_written_with_a_dot_is_a_date_not_a_count(text, expected):
    assert [c["text"] for c in extract_claims(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a document's number is a label: "NQ 32 đồng chủ trì" (co-chaired) is not 32 đồng of money
    ("Hội nghị tổng kết 15 năm thực hiện NQ 32 đồng chủ trì.", []),
    ("Thực hiện Chỉ thị 05, toàn Đảng bộ có 12 chi bộ đăng ký làm theo.", ["12 chi bộ"]),
    ("Kế hoạch 221 đề ra 6 nhiệm vụ trọng tâm.", ["6 nhiệm vụ"]),
    # "lần thứ" in a heading typed without diacritics
    ("HOI NGHI LAN THU 12 BAN CHAP HANH DANG BO TINH", []),
    ("Năm 2023, tỉnh thu 500 triệu đồng từ quỹ.", ["500 triệu đồng"]),
])
def test_document_numbers_and_unaccented_ordinals_are_not_counts(text, expected):
    assert [c["text"] for c in extract_claims(text)] == expected
