"""extract_document on realistic articles written for other provinces, outlets and years.

Each article imitates a different provincial paper (header formats, outlet codes, bylines, document
lists); the expected records were checked by reading the text. Together with the seed goldens they
guard against fitting the five seeds.
"""
from __future__ import annotations

import pytest

from analysis.extract import extract_document

ARTICLES = {
    "a1": """Thứ Ba, 12/10/2021 | 16:20
Quảng Ninh: Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị 10-CT/TW
Những năm qua, Tỉnh ủy Quảng Ninh đã ban hành Nghị quyết số 11-NQ/TU ngày 10/3/2017 về nâng cao chất lượng sinh hoạt chi bộ. Đến nay, toàn Đảng bộ tỉnh có 2.163 chi bộ trực thuộc đảng ủy cơ sở, trong đó 98,7% chi bộ duy trì sinh hoạt định kỳ đúng quy định; 1.520/1.563 chi bộ thôn, khu phố (đạt 97,2%) sinh hoạt chuyên đề ít nhất 1 lần/quý.
Năm 2020, có 87,5% chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên, tăng 4,3% so với năm 2016. Các huyện, thị xã, thành phố đã mở 156 lớp bồi dưỡng nghiệp vụ cho gần 9.000 bí thư, phó bí thư chi bộ.
Thực hiện Hướng dẫn số 12-HD/BTCTW ngày 6/5/2022 của Ban Tổ chức Trung ương, Ban Thường vụ Tỉnh ủy chỉ đạo triển khai tại 13/13 huyện, thị xã, thành phố.
MINH HÀ""",
    "a2": """Cà Mau quán triệt Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII
(CMO) Sáng 18/7, Ban Thường vụ Tỉnh ủy Cà Mau tổ chức hội nghị trực tuyến học tập, quán triệt Nghị quyết số 18-NQ/TW, 19-NQ/TW, 20-NQ/TW và Kết luận số 36-KL/TW của Hội nghị Trung ương 5 khóa XIII đến 108 điểm cầu với hơn 11.000 cán bộ, đảng viên tham dự.
Theo báo cáo, sau hội nghị, 100% đảng bộ trực thuộc Tỉnh ủy xây dựng kế hoạch; 95 - 98% đảng viên ở chi bộ cơ sở tham gia học tập. Từ năm 2021 đến nay, tỉnh đã tổ chức 3 đợt kiểm tra, giám sát tại 24 tổ chức đảng.
Đồng chí Nguyễn Tiến Hải, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, yêu cầu các cấp ủy bám sát Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Cà Mau lần thứ XVI, nhiệm kỳ 2020-2025 và Chương trình hành động số 15-CTr/TU ngày 15/9/2022 để cụ thể hóa, hoàn thành trước ngày 30/9/2022.
Hoàng Vũ""",
    "a3": """Ngày đăng: 05/01/2024
Huyện Mộc Châu sơ kết 3 năm thực hiện Nghị quyết số 21-NQ/TW
Ngày 4/1, Ban Thường vụ Huyện ủy Mộc Châu (Sơn La) tổ chức hội nghị sơ kết 3 năm thực hiện Nghị quyết số 21-NQ/TW ngày 16/6/2022 của Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới.
Sau 3 năm, huyện đã kết nạp 612 đảng viên, đạt 102% chỉ tiêu Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIII đề ra; 30/30 xã, thị trấn có tổ chức đảng; 201/208 chi bộ bản, tiểu khu có đảng viên là người dân tộc thiểu số. Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ đạt từ 85% đến 90%/năm.
Tuy nhiên, vẫn còn 7 bản chưa có chi bộ riêng; khoảng 15% đảng viên tuổi cao, sức yếu được miễn sinh hoạt. Trong quý IV/2023 và quý 1/2024, huyện tập trung thực hiện Kế hoạch số 134-KH/HU.
Thu Hà""",
    "a4": """(Baoquangngai.vn)- Chiều 12/5, Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh Quảng Ngãi tổ chức hội nghị tổng kết 10 năm thực hiện Chỉ thị số 03-CT/TW của Bộ Chính trị.
Tổng kết 10 năm thực hiện Chỉ thị 03-CT/TW ở Đảng bộ Khối
Đảng bộ Khối hiện có 68 tổ chức cơ sở đảng với 4.350 đảng viên. Trong 10 năm, có 6.215 lượt tập thể và 18.430 lượt cá nhân đăng ký làm theo; 96,8% cán bộ, đảng viên viết bài thu hoạch; 2/3 số chi bộ xây dựng được mô hình điểm.
Đảng ủy Khối đã khen thưởng 45 tập thể, 127 cá nhân tiêu biểu, trao tặng 350 Huy hiệu Đảng cho đảng viên. Năm 2015, Đảng ủy Khối ban hành Chương trình số 05-CTr/ĐUK về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.
Chủ tịch Hồ Chí Minh luôn căn dặn: "Một tấm gương sống còn có giá trị hơn một trăm bài diễn văn tuyên truyền".
Thanh Nhị""",
    # a site banner (today's date) above the title; the article's own date line under it; chrome at the end
    "a5": """Thứ Hai, 23/11/2026
Hà Nam: Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh
Thứ Sáu, 19/05/2023 - 09:30
(BHN) - Sáng 18/5, Thường trực Tỉnh ủy Hà Nam tổ chức Hội nghị sơ kết 2 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị. Dự hội nghị có 250 đại biểu.
Trong 2 năm, toàn tỉnh có 100% chi bộ đưa nội dung học tập và làm theo Bác vào sinh hoạt định kỳ; 47.520/48.000 cán bộ, đảng viên (đạt 99%) đăng ký làm theo. Các cấp đã biểu dương 320 tập thể, 1.100 cá nhân; kinh phí hỗ trợ hơn 2,5 tỷ đồng.
Từ ngày 1/6/2021 đến 31/12/2022, tỉnh đã tổ chức Cuộc thi lần thứ 3 với 12.345 bài dự thi. Tháng 12/2022, tỉnh ban hành Quyết định số 1234/QĐ-UBND. Trong giai đoạn 2021 - 2025, phấn đấu 95% trở lên đảng viên hoàn thành tốt nhiệm vụ.
Đồng chí Lê Thị Thủy, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy yêu cầu thực hiện nghiêm Quy định số 08-QĐi/TW ngày 25/10/2021 về trách nhiệm nêu gương; Nghị quyết Trung ương 4 khóa XII và khóa XIII.
Lượt xem: 1.234
Bình luận (0)""",
    "a6": """Hà Nội: Quán triệt các nghị quyết Hội nghị Trung ương 8 khóa XIII
Ngày cập nhật: 10/01/2024
Sáng 9/1, Thành ủy Hà Nội tổ chức hội nghị trực tuyến quán triệt Nghị quyết số 44-NQ/TW, 45-NQ/TW và Kết luận số 68-KL/TW tới 1.025 điểm cầu với gần 130 nghìn đại biểu. Tính đến ngày 31-12-2023, Đảng bộ thành phố có 2.370 tổ chức cơ sở đảng, 12.615 chi bộ trực thuộc với hơn 474.000 đảng viên.
Thành ủy ban hành Chương trình số 03-CTr/TU ngày 17/3/2021 thực hiện Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố; Kế hoạch số 235-KH/TU. Tỷ lệ đảng viên tham gia học tập đạt trên 96%; ở 30/30 quận, huyện, thị xã đạt từ 95 đến 98%.
Thủ đô phấn đấu kết nạp 12.000 đảng viên mới/năm. Năm 2023 kết nạp 11.850 đảng viên, đạt 98,75% kế hoạch.
Nguyễn Hà""",
}

EXPECTED = {
    "a1": {
        "meta": ("Quảng Ninh: Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị 10-CT/TW", "2021-10-12", "MINH HÀ",
                 None, "Quảng Ninh", "Quảng Ninh"),
        "claims": ["2.163 chi bộ", "98,7%", "1.520/1.563 chi bộ", "97,2%", "87,5%", "4,3%", "156 lớp",
                   "gần 9.000 bí thư", "13/13 huyện"],
        "references": ["10-CT/TW:2007", "11-NQ/TU:2017@Quảng Ninh", "12-HD/BTCTW:2022"],
    },
    "a2": {
        "meta": ("Cà Mau quán triệt Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII", None,
                 "Hoàng Vũ", "CMO", "Cà Mau", "Cà Mau"),
        "claims": ["108 điểm cầu", "hơn 11.000 cán bộ", "100%", "95 - 98%", "3 đợt", "24 tổ chức đảng"],
        "references": ["plenum:13:5", "18-NQ/TW:2022", "19-NQ/TW:2022", "20-NQ/TW:2022", "36-KL/TW:2022", "plenum:13:5",
                       "congress:provincial:16@Cà Mau", "15-CTr/TU:2022@Cà Mau"],
    },
    "a3": {
        "meta": ("Huyện Mộc Châu sơ kết 3 năm thực hiện Nghị quyết số 21-NQ/TW", "2024-01-05", "Thu Hà", None,
                 "Sơn La", "Sơn La"),
        "claims": ["612 đảng viên", "102%", "30/30 xã", "201/208 chi bộ", "từ 85% đến 90%", "7 bản", "khoảng 15%"],
        "references": ["21-NQ/TW:2022", "21-NQ/TW:2022", "plenum:13:5", "congress:district:23@Sơn La", "134-KH/HU@Sơn La"],
    },
    "a4": {
        "meta": ("Tổng kết 10 năm thực hiện Chỉ thị 03-CT/TW ở Đảng bộ Khối", None, "Thanh Nhị", "Baoquangngai.vn",
                 "Quảng Ngãi", "Quảng Ngãi"),
        "claims": ["68 tổ chức cơ sở đảng", "4.350 đảng viên", "6.215 lượt tập thể", "18.430 lượt cá nhân", "96,8%",
                   "2/3 số chi bộ", "45 tập thể", "127 cá nhân", "350 Huy hiệu Đảng"],
        "references": ["03-CT/TW:2011", "03-CT/TW:2011", "05-CTr/ĐUK@Quảng Ngãi"],
    },
    "a5": {
        "meta": ("Hà Nam: Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "2023-05-19", None,
                 "BHN", "Hà Nam", "Ninh Bình"),
        "claims": ["250 đại biểu", "100%", "47.520/48.000 cán bộ", "99%", "320 tập thể", "1.100 cá nhân",
                   "hơn 2,5 tỷ đồng", "12.345 bài", "95% trở lên"],
        "references": ["01-KL/TW:2021", "1234/QĐ-UBND@Hà Nam", "08-QĐi/TW:2021", "plenum:12:4"],
    },
    "a6": {
        "meta": ("Hà Nội: Quán triệt các nghị quyết Hội nghị Trung ương 8 khóa XIII", "2024-01-10", "Nguyễn Hà", None,
                 "Hà Nội", "Hà Nội"),
        "claims": ["1.025 điểm cầu", "gần 130 nghìn đại biểu", "2.370 tổ chức cơ sở đảng", "12.615 chi bộ",
                   "hơn 474.000 đảng viên", "trên 96%", "30/30 quận", "từ 95 đến 98%", "12.000 đảng viên",
                   "11.850 đảng viên", "98,75%"],
        "references": ["plenum:13:8", "44-NQ/TW:2023", "45-NQ/TW", "68-KL/TW", "03-CTr/TU:2021@Hà Nội",
                       "congress:provincial:17@Hà Nội", "235-KH/TU@Hà Nội"],
    },
}


@pytest.fixture(scope="module")
def extracted():
    return {name: extract_document(text) for name, text in ARTICLES.items()}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_metadata(name, extracted):
    out = extracted[name]
    got = (out["title"], out["published"], out["author"], out["outlet"], out["province"], out["province_2025"])
    assert got == EXPECTED[name]["meta"]


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_claims(name, extracted):
    out = extracted[name]
    assert [c["text"] for c in out["claims"]] == EXPECTED[name]["claims"]
    for c in out["claims"]:
        assert ARTICLES[name][c["start"]:c["end"]] == c["text"]


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_references(name, extracted):
    out = extracted[name]
    assert [r["key"] for r in out["references"]] == EXPECTED[name]["references"]


# Years come from the catalogue (analysis/data/central-documents.csv) when the code is unique there
# (03-CT/TW:2011) or when the plenum named after it picks one (18-NQ/TW of plenum 13:5 is 2022's);
# 45-NQ/TW exists in 2019 and 2023 and the article names no plenum after it, so it keeps no year.


def test_details(extracted):
    a1 = {c["text"]: c for c in extracted["a1"]["claims"]}
    assert a1["1.520/1.563 chi bộ"]["consistent"] is True and a1["97,2%"]["consistent"] is True
    assert a1["1.520/1.563 chi bộ"]["subject"] == "chi bộ thôn"
    assert a1["87,5%"]["qualifier"] is None and a1["4,3%"]["subject"] is None  # "Năm 2020" is not a subject
    assert a1["gần 9.000 bí thư"]["qualifier"] == "gần" and a1["gần 9.000 bí thư"]["subject"] == "bí thư, phó bí thư chi bộ"
    a2 = extracted["a2"]
    assert [r["issued"] for r in a2["references"] if r["key"] == "15-CTr/TU:2022@Cà Mau"] == ["2022-09-15"]
    assert {c["text"]: (c["low"], c["high"]) for c in a2["claims"]}["95 - 98%"] == (95.0, 98.0)
    a3 = {r["text"]: r for r in extracted["a3"]["references"]}
    assert a3["Kế hoạch số 134-KH/HU"]["level"] == "district"
    assert a3["Nghị quyết số 21-NQ/TW ngày 16/6/2022"]["issued"] == "2022-06-16"
    a4 = {c["text"]: c for c in extracted["a4"]["claims"]}
    assert a4["350 Huy hiệu Đảng"]["value"] == 350 and a4["2/3 số chi bộ"]["denominator"] == 3
    assert extracted["a4"]["province_evidence"][0] == "body: tỉnh Quảng Ngãi"


def test_banner_chrome_and_city_details(extracted):
    a5 = {c["text"]: c for c in extracted["a5"]["claims"]}
    assert a5["47.520/48.000 cán bộ"]["consistent"] is True and a5["99%"]["consistent"] is True
    assert a5["hơn 2,5 tỷ đồng"]["unit_kind"] == "measure" and a5["hơn 2,5 tỷ đồng"]["value"] == 2_500_000_000
    assert (a5["95% trở lên"]["qualifier"], a5["95% trở lên"]["subject"]) == ("tối thiểu", "đảng viên")
    a6 = {c["text"]: c for c in extracted["a6"]["claims"]}
    assert a6["30/30 quận"]["consistent"] is None  # a range is a rate, not a restatement
    assert a6["30/30 quận"]["subject"] == "quận, huyện, thị xã"
    assert a6["gần 130 nghìn đại biểu"]["value"] == 130000 and a6["hơn 474.000 đảng viên"]["qualifier"] == "hơn"
    congress = [r for r in extracted["a6"]["references"] if r["kind"] == "congress"][0]
    assert congress["congress_level"] == "provincial"  # the Đảng bộ thành phố of Hà Nội is provincial
