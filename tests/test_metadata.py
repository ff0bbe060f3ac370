"""Tests for analysis.extract.metadata: title, publication date, byline, outlet code."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.metadata import (
    LEDE_BANNER_DAYS,
    detect_author,
    detect_outlet,
    detect_published,
    detect_title,
    extract_metadata,
    normalise_published,
)


def published(text):
    return detect_published(text, detect_title(text)[1])[0]


@pytest.mark.parametrize(
    "text,iso",
    [
        ("Thứ năm, 20/01/2022\nLạng Sơn tích cực quán triệt các nghị quyết\nLSO - Nội dung.", "2022-01-20"),
        ("Thứ Tư, 08/04/2015, 08:11 [GMT+7]\nQuảng Bình học tập nghị quyết Trung ương\nNội dung.", "2015-04-08"),
        ("Cập nhật lúc 05:37, Thứ Năm, 08/04/2021\nHà Tĩnh quán triệt nghị quyết của Đảng\nNội dung.", "2021-04-08"),
        ("Lạng Sơn nâng cao chất lượng tổ chức cơ sở đảng ( 08/07/2015)\nNội dung.", "2015-07-08"),
        ("Nghệ An triển khai Nghị quyết Đại hội XIII của Đảng\nĐăng ngày: 12/03/2021\nNội dung.", "2021-03-12"),
        ("Nghệ An triển khai Nghị quyết Đại hội XIII của Đảng\nNgày đăng: 12-3-2021 08:00\nNội dung.", "2021-03-12"),
        ("Nghệ An triển khai Nghị quyết Đại hội XIII của Đảng\nNgày cập nhật: 1/12/2020\nNội dung.", "2020-12-01"),
        ("Yên Bái tổ chức hội nghị quán triệt nghị quyết\nThứ năm, 20/01/2022\nNội dung.", "2022-01-20"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\n20/01/2022 08:11\nNội dung.", "2022-01-20"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\nNgày 23 tháng 9 năm 2020\nNội dung.", "2020-09-23"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\n10:15 | 12/03/2021\nNội dung.", "2021-03-12"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\nCập nhật ngày: 12/03/2021\nNội dung.", "2021-03-12"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\nĐăng lúc: 10:15 - 12/03/2021\nNội dung.", "2021-03-12"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\nNgày đăng: 12-03-2021 | Lượt xem: 1234\nNội dung.", "2021-03-12"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\nThứ Sáu, 12/03/2021 | 10:15\nNội dung.", "2021-03-12"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\nChủ nhật, 14/3/2021, 08:00 (GMT+7)\nNội dung.", "2021-03-14"),
        ("Tây Ninh: sơ kết nghị quyết Trung ương 4\nThứ 6, 12/3/2021 - 10:15\nNội dung.", "2021-03-12"),
    ],
)
def test_publication_date_forms(text, iso):
    assert published(text) == iso


def test_site_banner_is_not_the_publication_date():
    # The banner has no time; the article's own header has one and sits by the title.
    text = "Thứ Hai, 23/11/2026\nHà Nam học tập nghị quyết Trung ương 8\nThứ Năm, 08/04/2021 | 05:37\nNội dung."
    assert published(text) == "2021-04-08"
    # A header whose weekday contradicts its date is not trusted.
    assert published("Thứ Hai, 20/01/2022\nHà Nam học tập nghị quyết Trung ương 8\nNội dung.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Thanh Hóa triển khai hiệu quả các nghị quyết\nHội nghị do Tỉnh ủy tổ chức, tháng 4-2024.\n"
        "Tại hội nghị vào ngày 15-1-2024, đồng chí Bí thư khẳng định.",
        "Bắc Ninh: nghiêm túc học tập Nghị quyết\nThảo Nguyên\nTừ tháng 5/2016, Ban Thường vụ ban hành kế hoạch.",
        "Tiêu đề bài viết về nghị quyết\nChỉ thị số 03-CT/TW, ngày 14/5/2011 của Bộ Chính trị.",
        "Tiêu đề bài viết về nghị quyết\nNgày 20/1/2022, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt.",
        "Tiêu đề bài viết về nghị quyết\n20/01/2022 - Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt nghị quyết.",
        "Tiêu đề bài viết về nghị quyết\nNội dung.\nTác giả : A. Đăng ngày: 08/07/2015\nTác giả : B. Đăng ngày: 09/07/2015",
    ],
)
def test_event_dates_and_lists_are_not_publication_dates(text):
    assert published(text) is None


@pytest.mark.parametrize(
    "value,iso",
    [("2015-07-08", "2015-07-08"), ("08/07/2015", "2015-07-08"), ("2021-04-08T05:37:00+07:00", "2021-04-08"),
     ("2015-02-30", None), ("hôm qua", None), ("", None), (None, None)],
)
def test_normalise_published(value, iso):
    assert normalise_published(value) == iso


def test_title_skips_date_lines_and_strips_title_date():
    assert detect_title("Thứ năm, 20/01/2022\nLạng Sơn tích cực quán triệt, triển khai\nLSO - x")[0] == \
        "Lạng Sơn tích cực quán triệt, triển khai"
    title, span = detect_title("Lạng Sơn nâng cao chất lượng đảng viên ( 08/07/2015)\nNội dung")
    assert title == "Lạng Sơn nâng cao chất lượng đảng viên" and span == (0, len(title))
    assert detect_title("Trang chủ\nĐắk Lắk quán triệt Nghị quyết Trung ương 8\nNội dung")[0] == \
        "Đắk Lắk quán triệt Nghị quyết Trung ương 8"


@pytest.mark.parametrize(
    "text,code",
    [
        ("Tiêu đề\nLSO - Xác định được vai trò", "LSO"), ("Tiêu đề\nLSO – Xác định", "LSO"),
        ("Tiêu đề\n(TUAG)- Học tập, quán triệt", "TUAG"), ("Tiêu đề\n(QBĐT) - Sáng nay", "QBĐT"),
        ("Tiêu đề\n(Baoquangngai.vn)- Chiều 5-3", "Baoquangngai.vn"), ("Tiêu đề\nHBĐT - Ngày 12/3", "HBĐT"),
        ("Tiêu đề\nTP. Thanh Hóa cũng là địa phương", None), ("Tiêu đề\nUBND - tỉnh", None),
        ("Tiêu đề\nNội dung không có mã", None),
    ],
)
def test_outlet(text, code):
    assert detect_outlet(text)[0] == code


@pytest.mark.parametrize(
    "text,author,role",
    [
        ("Tiêu đề bài viết dài\nThân bài.\nHỒ XUÂN HƯƠNG", "HỒ XUÂN HƯƠNG", None),
        ("Tiêu đề bài viết dài\nThân bài.\nTRÌNH LAM SINH\nTỉnh ủy viên, Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
         "TRÌNH LAM SINH", "Tỉnh ủy viên, Phó Trưởng Ban Tuyên giáo Tỉnh ủy"),
        ("Tiêu đề bài viết dài\nThân bài.\nDương Công Tùy\nUVBTV, Trưởng Ban Tổ chức Tỉnh ủy",
         "Dương Công Tùy", "UVBTV, Trưởng Ban Tổ chức Tỉnh ủy"),
        ("Tiêu đề bài viết dài\nThân bài.\nTS. Nguyễn Văn Hùng\nGiảng viên Trường Chính trị tỉnh",
         "TS. Nguyễn Văn Hùng", "Giảng viên Trường Chính trị tỉnh"),
        ("Tiêu đề bài viết dài\nThân bài.\nTác giả: Nguyễn Thị Mai", "Nguyễn Thị Mai", None),
        ("Tiêu đề bài viết dài\nThân bài.\nBài và ảnh: MINH TRANG", "MINH TRANG", None),
        ("Tiêu đề bài viết dài\nThân bài.\nPhương Anh (tổng hợp)", "Phương Anh", None),
        ("Tiêu đề bài viết dài\nThân bài.\nMINH TRANG", "MINH TRANG", None),
        ("Tiêu đề bài viết dài\nThân bài.\nNGUYỄN VĂN AN - Phó Trưởng Ban Tổ chức Tỉnh ủy", "NGUYỄN VĂN AN",
         "Phó Trưởng Ban Tổ chức Tỉnh ủy"),
        ("Tiêu đề bài viết dài\nThân bài.\nThS. Trần Thị Bình (Trường Chính trị tỉnh)", "ThS. Trần Thị Bình",
         "Trường Chính trị tỉnh"),
        ("Tiêu đề bài viết dài\nThân bài.\nH'Yâo Knul", "H'Yâo Knul", None),
        ("Tiêu đề bài viết dài\nThân bài.\nY Biêr Niê", "Y Biêr Niê", None),
    ],
)
def test_author_at_end(text, author, role):
    found = detect_author(text, detect_title(text)[1])
    assert (found["author"], found["author_role"]) == (author, role)


def test_author_under_title():
    text = "Bắc Ninh: nghiêm túc trong học tập Nghị quyết\nThảo Nguyên\nCác cấp ủy Đảng đã hoàn thành."
    assert detect_author(text, detect_title(text)[1])["author"] == "Thảo Nguyên"


@pytest.mark.parametrize(
    "text",
    ["Tiêu đề bài viết dài\nThân bài.\nCác tin khác", "Tiêu đề bài viết dài\nThân bài.\nXem nhiều nhất",
     "Tiêu đề bài viết dài\nThân bài kết thúc bằng một câu dài có dấu chấm.", "Tiêu đề bài viết dài\nThân bài.\nQuảng Ninh"],
)
def test_no_author(text):
    assert detect_author(text, detect_title(text)[1])["author"] is None


def test_variables_win_when_valid():
    text = "Thứ năm, 20/01/2022\nLạng Sơn tích cực quán triệt các nghị quyết\nLSO - Nội dung.\nHỒ XUÂN HƯƠNG"
    meta = extract_metadata(text, {"published": "2022-01-21", "title": "Tiêu đề  khác", "author": "Hồ Xuân Hương"})
    assert meta["published"] == "2022-01-21" and meta["title"] == "Tiêu đề khác" and meta["author"] == "Hồ Xuân Hương"
    meta = extract_metadata(text, {"published": "not a date"})
    assert meta["published"] == "2022-01-20"
    meta = extract_metadata(text)
    assert (meta["title"], meta["published"], meta["author"], meta["outlet"]) == (
        "Lạng Sơn tích cực quán triệt các nghị quyết", "2022-01-20", "HỒ XUÂN HƯƠNG", "LSO")


def test_breadcrumb_is_not_a_title():
    text = "Trang chủ > Xây dựng Đảng > Tin tức\nHà Giang quán triệt Nghị quyết Trung ương 6\nNội dung."
    assert detect_title(text)[0] == "Hà Giang quán triệt Nghị quyết Trung ương 6"


def test_date_closing_the_title_line_only():
    assert published("Lạng Sơn nâng cao chất lượng đảng viên - 08/07/2015\nNội dung") == "2015-07-08"
    text = "Tiêu đề bài viết về nghị quyết\nThực hiện Chỉ thị số 05-CT/TW (15/5/2016)\nNội dung"
    assert published(text) is None  # a date closing a body line is an event or issue date
    assert published("Tiêu đề bài viết về nghị quyết\nThời gian đăng: 20/01/2022\nNội dung") == "2022-01-20"


def test_related_article_list_is_not_a_byline():
    text = ("Tiêu đề bài viết dài\nThân bài.\nDương Công Tùy\nUVBTV, Trưởng Ban Tổ chức Tỉnh ủy\n"
            "Tác giả : Phúc Nhân. Đăng ngày: 08/07/2015\nTác giả : TS. Trương Thị Bạch Yến. Đăng ngày: 08/07/2015")
    found = detect_author(text, detect_title(text)[1])
    assert (found["author"], found["author_role"]) == ("Dương Công Tùy", "UVBTV, Trưởng Ban Tổ chức Tỉnh ủy")


def test_leftover_site_furniture_is_not_a_title():
    text = "Truy cập hiện tại\nĐang có 50 khách và không thành viên đang online\nHọc tập Nghị quyết Đại hội XI Đảng bộ tỉnh\n(TUAG)- Nội dung."
    assert detect_title(text)[0] == "Học tập Nghị quyết Đại hội XI Đảng bộ tỉnh"


# --- forms met on real pages (sentences written for these tests) ---------------------------------

@pytest.mark.parametrize(
    "last_line,author",
    [
        ("Minh Hà – Thu Trang", "Minh Hà – Thu Trang"),  # two authors
        ("Minh Hà - Ảnh: Thu Trang", "Minh Hà"),  # the photo credit is not the author
        ("H.P", "H.P"),  # initials
        ("T.H.", "T.H."),
        ("T/h: Minh Hà", "Minh Hà"),  # "tổng hợp": compiled by
        ("Quận ủy", None),  # a category label
    ],
)
def test_byline_forms_closing_the_article(last_line, author):
    text = f"Quận ủy Ba Đình quán triệt nghị quyết\nCác chi bộ đã tổ chức học tập nghiêm túc.\n{last_line}"
    assert detect_author(text)["author"] == author


def test_byline_with_affiliation_under_the_title():
    text = "Nâng cao chất lượng học tập nghị quyết\nNguyễn Văn An (Trường Chính trị tỉnh)\nHọc tập nghị quyết là khâu đầu tiên."
    d = detect_author(text, (0, 38))
    assert (d["author"], d["author_role"]) == ("Nguyễn Văn An", "Trường Chính trị tỉnh")


@pytest.mark.parametrize("line", ["Quang cảnh hội nghị.", "Đồng chí Bí thư Tỉnh ủy phát biểu tại hội nghị.",
                                  "Các đại biểu dự hội nghị (Ảnh: Minh Hà)", "Tin tức trong Huyện", "Báo Lạng Sơn",
                                  "Cổng thông tin điện tử tỉnh Lạng Sơn"])
def test_a_title_is_never_a_caption_a_menu_label_or_the_site_name(line):
    text = f"{line}\nHọc tập nghị quyết ở cơ sở được đẩy mạnh\nCác chi bộ đã tổ chức học tập."
    assert detect_title(text)[0] == "Học tập nghị quyết ở cơ sở được đẩy mạnh"


def test_dateline_with_the_time_before_the_date():
    assert detect_published("Thứ ba, 20:02, 23/09/2025\nTiêu đề bài viết về nghị quyết\nThân bài.")[0] == "2025-09-23"
    # a weekday that contradicts the date is still a banner, not the article's date
    assert detect_published("Thứ tư, 20:02, 23/09/2025\nTiêu đề bài viết về nghị quyết\nThân bài.")[0] is None


@pytest.mark.parametrize("line,date", [("24/3/2023, 19:32:23", "2023-03-24"), ("- Thứ năm - 24/09/2020 10:50", "2020-09-24"),
                                       ("Thứ 4, 14/10/2020 | 16:39:25", "2020-10-14")])
def test_datelines_with_seconds_or_a_leading_dash(line, date):
    assert detect_published(f"{line}\nTiêu đề bài viết về nghị quyết\nThân bài.")[0] == date


def test_collaborator_mark_after_the_byline():
    text = "Quán triệt nghị quyết ở xã\nCác chi bộ đã tổ chức học tập nghiêm túc.\nĐoàn Lưu (CTV)"
    assert detect_author(text)["author"] == "Đoàn Lưu"


# --- render stamps, datelines and the lede's event date --------------------------------------

def test_the_articles_dateline_below_the_title_beats_a_render_stamp_above_it():
    text = ("Thứ Hai, 02/12/2024, 09:15 [GMT+7]\nTỉnh ủy Hà Nam tổng kết công tác xây dựng Đảng năm 2019\n"
            "Thứ Ba, 31/12/2019 | 16:40:12\nSáng 31/12, Ban Thường vụ Tỉnh ủy tổ chức hội nghị tổng kết.")
    assert detect_published(text, detect_title(text)[1]) == ("2019-12-31", "Thứ Ba, 31/12/2019 | 16:40:12")
    # with the stamp alone, the stamp is all there is (no lede date to contradict it)
    alone = "Thứ Hai, 02/12/2024, 09:15 [GMT+7]\nTỉnh ủy Hà Nam tổng kết công tác xây dựng Đảng năm 2019\nNội dung."
    assert published(alone) == "2024-12-02"


def test_a_lede_event_date_rejects_a_later_stamp_above_the_title():
    text = ("Thứ Ba, 15/09/2020\nTỉnh ủy Cao Bằng quán triệt Nghị quyết Trung ương 7 khóa XI\n"
            "CBO - Ngày 12/6/2013, Ban Thường vụ Tỉnh ủy Cao Bằng tổ chức hội nghị cán bộ chủ chốt quán triệt nghị quyết.")
    date, evidence = detect_published(text, detect_title(text)[1])
    assert date == "2013-06-12"
    assert evidence.startswith("lede event date: CBO - Ngày 12/6/2013") and "'Thứ Ba, 15/09/2020'" in evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        # the stamp is within a month of the event: it may be the publication day, and stays
        ("Thứ Năm, 20/06/2013\nTỉnh ủy Cao Bằng quán triệt nghị quyết\n"
         "CBO - Ngày 12/6/2013, Ban Thường vụ Tỉnh ủy tổ chức hội nghị cán bộ chủ chốt quán triệt nghị quyết.",
         "2013-06-20"),
        # a labelled date is the article's own, however old the lede's event (a retrospective)
        ("Ngày đăng: 15/09/2020\nNhìn lại bảy năm thực hiện nghị quyết\n"
         "Ngày 12/6/2013, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt nghị quyết, mở đầu một chặng đường.",
         "2020-09-15"),
        # a dateline below the title is the article's own, too
        ("Nhìn lại bảy năm thực hiện nghị quyết\nThứ Ba, 15/09/2020\n"
         "Ngày 12/6/2013, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt nghị quyết, mở đầu một chặng đường.",
         "2020-09-15"),
        # a lede about a document issued that day is not an event report
        ("Thứ Ba, 15/09/2020\nNghị quyết về phát triển hạ tầng giao thông giai đoạn 2016-2020\n"
         "Ngày 14-11-2016, Ban Chấp hành Đảng bộ tỉnh ban hành Nghị quyết số 10-NQ/TU về phát triển hạ tầng.",
         "2020-09-15"),
        # no header at all: the lede's event date does not become a publication date
        ("Tỉnh ủy Cao Bằng quán triệt nghị quyết\n"
         "CBO - Ngày 12/6/2013, Ban Thường vụ Tỉnh ủy tổ chức hội nghị cán bộ chủ chốt quán triệt nghị quyết.",
         None),
    ],
)
def test_the_lede_date_is_used_only_against_a_stamp(text, expected):
    assert published(text) == expected


@settings(max_examples=80, deadline=None)
@given(header=st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2026, 12, 31)),
       lede=st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2026, 12, 31)),
       above=st.booleans(), timed=st.booleans())
def test_stamp_or_lede_property(header, lede, above, timed):
    stamp = f"{header.day:02d}/{header.month:02d}/{header.year}" + (", 08:30" if timed else "")
    title = "Ban Thường vụ Tỉnh ủy quán triệt nghị quyết Trung ương"
    body = f"TQĐT - Sáng ngày {lede.day}/{lede.month}/{lede.year}, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt."
    text = f"{stamp}\n{title}\n{body}" if above else f"{title}\n{stamp}\n{body}"
    expected = lede if above and (header - lede).days > LEDE_BANNER_DAYS else header
    assert published(text) == expected.isoformat()


# --- the first lines of a scraped excerpt that are not its title (lines written for these tests) --

@pytest.mark.parametrize("furniture", [
    "Skip to main content", "Print Thứ Năm, 14/03/2019 08:15", "Thứ Hai, 3/2/2020 7:5'(GMT+7)",
    "Hôm nay, Thứ tư ngày 16/06/2021", "Nam Định, ngày 12 tháng 03 năm 2020", "Quay về trang Tin tức",
    "Theo dõi Báo Yên Bái trên Google News", "Tổng số lượt truy cập:", "Đường dây nóng: 0216 3852 000",
    '<image>data:image/s3,"s3://crabby-images/f6d3c/f6d3c62d7f68ec6af9d89b3b5418bb6a4c00a7a8" alt="Hội nghị"',
    "• Đảng bộ tỉnh Yên Bái", "TRANG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ TỈNH YÊN BÁI", "ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH YÊN BÁI",
    "Yen Bai Radio and Television", "Ban Tuyên giáo Tỉnh ủy Yên Bái", "Đại biểu dự hội nghị", "Quang cảnh hội nghị",
    "Nghiên cứu - Trao đổi",
])
def test_page_furniture_date_stamps_and_captions_are_not_titles(furniture):
    title = "Yên Bái quán triệt nghị quyết về phát triển kinh tế lâm nghiệp"
    text = f"{furniture}\n{title}\nCác chi bộ đã tổ chức học tập."
    assert detect_title(text)[0] == title


@pytest.mark.parametrize("first_line", [
    "Sáng 14/3, Huyện ủy Văn Chấn tổ chức hội nghị quán triệt nghị quyết của Tỉnh ủy về phát triển lâm nghiệp.",
    "Chiều ngày 2/10/2020, Đảng ủy xã Sơn Thịnh tổ chức đại hội.",
    "Ngày 5-6, Ban Thường vụ Huyện ủy làm việc với Đảng ủy xã.",
    "Tại hội nghị, đồng chí Bí thư Huyện ủy quán triệt những nội dung cơ bản,",
    "Sau hai ngày làm việc khẩn trương với tinh thần trách nhiệm cao, Đại hội đại biểu Đảng bộ huyện Văn Chấn lần thứ "
    "XXII đã bầu Ban Chấp hành Đảng bộ huyện khóa mới gồm 41 đồng chí.",
])
def test_an_excerpt_that_starts_in_the_body_has_no_title(first_line):
    text = f"{first_line}\nCác đại biểu thảo luận về nhiệm vụ năm tới.\nHội nghị thống nhất cao."
    assert detect_title(text) == (None, None)


def test_a_long_sentence_with_its_dateline_below_is_the_title():
    title = ("Xây dựng Yên Bái trở thành tỉnh phát triển khá của vùng trung du, góp phần quan trọng vào sự phát triển "
             "chung của cả nước trong giai đoạn mới.")
    text = f"{title}\nThứ 4, 14/10/2020 | 16:39:25\nTrong phiên khai mạc, đồng chí Bí thư phát biểu."
    assert detect_title(text)[0] == title
    # short titles and all-capitals titles are still titles
    assert detect_title("HỘI NGHỊ BÁO CÁO VIÊN QUÝ I NĂM 2023\nThân bài.")[0] == "HỘI NGHỊ BÁO CÁO VIÊN QUÝ I NĂM 2023"
    assert detect_title("Bài học từ phong trào thi đua ở Văn Chấn\nThân bài.")[0] == "Bài học từ phong trào thi đua ở Văn Chấn"


def test_a_stamp_or_photo_credit_closing_the_headline_is_not_part_of_the_title():
    title = "Bộ Chính trị điều động đồng chí Bí thư Tỉnh ủy Yên Bái"
    for stamp in (" 22/09/2025 12:48", " (03/02/2019 21:20)", " - 14/10/2020 16:39"):
        found, span = detect_title(f"{title}{stamp}\nSáng nay, Bộ Chính trị công bố quyết định.")
        assert found == title and span == (0, len(title)), stamp
    assert detect_published(f"{title} 22/09/2025 12:48\nThân bài.")[0] == "2025-09-22"
    caption = "Hội nghị triển khai các chuyên đề nghị quyết của Tỉnh ủy khóa XXI- Ảnh: Minh Hà"
    assert detect_title(f"{caption}\n{title}\nThân bài.")[0] == title
    assert detect_title("Nội dung Chỉ thị như sau:\n1. Các cấp ủy quán triệt.\n2. Tổ chức thực hiện.") == (None, None)


def test_date_in_text_is_apart_from_published():
    from analysis.extract.metadata import extract_metadata

    # written for this test: no date line, a dated lede, and a cited document's date before it
    text = ("Huyện ủy quán triệt nghị quyết mới cho cán bộ\n"
            "Thực hiện Kế hoạch số 15-KH/TU ngày 2/3/2019 của Tỉnh ủy, sáng 7/5/2019 và ngày 8/5/2019, "
            "Huyện ủy đã tổ chức hội nghị quán triệt cho hơn 300 cán bộ.")
    meta = extract_metadata(text)
    assert meta["published"] is None and meta["published_evidence"] is None
    assert meta["date_in_text"] == "2019-05-07"  # the first full date, not the cited plan's 2-3-2019
    assert "7/5/2019" in meta["date_in_text_evidence"] and "2/3/2019" not in meta["date_in_text_evidence"]


# --- captions, run-on paragraphs and the excerpt's cut-off end are not titles (lines written here) --

@pytest.mark.parametrize("caption", [
    "Thiếu tướng Lê Văn Hùng - Giám đốc Công an tỉnh phát biểu ý kiến chỉ đạo tại hội nghị.",
    "Bí thư Trung ương Đảng, Trưởng ban Tổ chức Trung ương tới dự và phát biểu chỉ đạo hội nghị.",
    "Phó Bí thư Tỉnh ủy Trần Văn Bình phát biểu tại hội nghị",
    "Đồng chí Hoàng Văn Nam (thứ hai từ trái sang) nhận khen thưởng tại Hội nghị",
    "Lãnh đạo huyện tặng hoa chúc mừng Đại hội_Nguồn: baoyenbai.vn",
])
def test_a_photo_caption_above_the_headline_is_not_the_title(caption):
    title = "Văn Chấn học tập, quán triệt nghị quyết Đại hội Đảng bộ tỉnh"
    assert detect_title(f"{caption}\n{title}\nCác chi bộ đã tổ chức học tập.")[0] == title


def test_a_headline_that_names_its_event_or_speaker_stays_a_title():
    for title in ("Tổng Bí thư phát biểu tại buổi làm việc với Ban Thường vụ Tỉnh ủy Yên Bái",
                  "Bí thư Tỉnh ủy dự hội nghị học tập Nghị quyết Trung ương 8",
                  "Chủ tịch tỉnh trao giải Cuộc thi tìm hiểu lịch sử Đảng bộ tỉnh"):
        assert detect_title(f"{title}\nThân bài của tin.")[0] == title


def test_a_paragraph_of_sentences_first_means_the_excerpt_has_no_title():
    body = ("Sáng nay, Ban Thường vụ Huyện ủy Văn Chấn tổ chức hội nghị trực tuyến học tập, quán triệt nghị quyết "
            "của Tỉnh ủy về phát triển kinh tế lâm nghiệp đến năm 2030. Hội nghị được kết nối tới 31 điểm cầu "
            "xã, thị trấn, với sự tham dự của hơn 1.500 cán bộ, đảng viên. Tại hội nghị, các đại biểu được nghe "
            "báo cáo viên của Tỉnh ủy truyền đạt những nội dung cơ bản.")
    assert len(body) > 300
    # the excerpt ends in a cut-off line; the short last line is what is left of the body
    assert detect_title(f"{body}\nĐại hội đại biểu Đảng bộ huyện l") == (None, None)
    # a line closed by the end-of-article mark "./." is the body's last line, never a title
    assert detect_title(f"Các đại biểu dự hội nghị\nPhát huy sức mạnh đại đoàn kết toàn dân tộc./.") == (None, None)


def test_the_last_line_cut_off_mid_word_is_not_the_title():
    assert detect_title("Quang cảnh hội nghị\nNgày 2/3/2020\nĐại hội đại biểu Đảng bộ huyện Văn Ch") == (None, None)
    # but a complete headline on the last line of a short text is kept
    assert detect_title("Quang cảnh hội nghị\nVăn Chấn quán triệt nghị quyết về lâm nghiệp.")[0] == \
        "Văn Chấn quán triệt nghị quyết về lâm nghiệp."


def test_a_line_without_diacritics_in_a_vietnamese_text_is_not_a_title():
    # a video label or a slug typed without diacritics, under the outlet-coded lede
    text = ("(tinhtv.vn) – Sáng nay, Hội nghị lần thứ 9 Ban Chấp hành Đảng bộ tỉnh khóa XVI đã khai mạc.\n"
            "HOI NGHI LAN THU 9 BAN CHAP HANH DANG BO TINH KHOA XVI\n"
            "Hội nghị thảo luận báo cáo giữa nhiệm kỳ.")
    assert detect_title(text) == (None, None)
    # a real title under the lede is still found; a text wholly without diacritics keeps its title
    assert detect_title(text.replace("HOI NGHI LAN THU 9 BAN CHAP HANH DANG BO TINH KHOA XVI",
                                     "Hội nghị lần thứ 9 Ban Chấp hành Đảng bộ tỉnh khóa XVI"))[0] \
        == "Hội nghị lần thứ 9 Ban Chấp hành Đảng bộ tỉnh khóa XVI"
    assert detect_title("Hoi nghi quan triet nghi quyet cua tinh\nNoi dung bai viet.")[0] \
        == "Hoi nghi quan triet nghi quyet cua tinh"
