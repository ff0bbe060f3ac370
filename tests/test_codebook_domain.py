"""Domain rules of the codebook that a specialist checks by reading (issue: codebook errors).

Sentences written for these tests in the style of provincial papers; none is copied from a corpus.
"""
from __future__ import annotations

import pytest

from analysis.coding import code_text


def codes(sentence: str, category: str) -> set[str]:
    return {r["code"] for r in code_text(sentence, None) if r["category"] == category}


@pytest.mark.parametrize("sentence, expected", [
    ("Đoàn viên thanh niên dùng dao phát quang đường làng, trồng cây xanh.", set()),
    ("Đồng bào Dao ở các xã vùng cao tích cực tham gia học tập chuyên đề.", {"dan_toc_thieu_so"}),
    ("Tuyên truyền bằng tiếng dân tộc cho người Dao đỏ ở thôn Nậm Khiêu.", {"dan_toc_thieu_so"}),
    ("Đảng bộ huyện Mường Lát tổ chức hội nghị quán triệt nghị quyết.", set()),
    ("Cán bộ là người Mường chiếm 40% đội ngũ cán bộ cấp xã của huyện.", {"dan_toc_thieu_so"}),
])
def test_ethnic_groups_not_knives_or_place_names(sentence, expected):
    assert codes(sentence, "audience") & {"dan_toc_thieu_so"} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Hội nghị lần thứ 12 Ban Chấp hành Đảng bộ tỉnh khóa XV đã thảo luận dự thảo báo cáo.", True),
    ("Tỉnh ủy tổ chức học tập Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XIII.", False),
    ("Quán triệt Nghị quyết Hội nghị Trung ương 4 khóa XII trong toàn Đảng bộ.", False),
    ("Tại buổi làm việc, lãnh đạo huyện báo cáo kết quả thực hiện nghị quyết.", True),
])
def test_provincial_plenums_are_meetings_central_plenums_are_not(sentence, expected):
    assert ("hoi_nghi" in codes(sentence, "channel")) is expected


@pytest.mark.parametrize("sentence, expected", [
    ("Huyện ủy tổ chức Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024.", False),
    ("Đảng ủy xã sơ kết hoạt động 6 tháng đầu năm.", False),
    ("Tỉnh ủy tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW.", True),
    ("Các huyện đã sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW, rút kinh nghiệm trong chỉ đạo.", True),
])
def test_routine_reviews_are_not_reviews_of_a_resolution(sentence, expected):
    assert ("so_tong_ket" in codes(sentence, "stage")) is expected


@pytest.mark.parametrize("sentence, expected", [
    ("Năm 2023, không có tổ chức cơ sở đảng nào không hoàn thành nhiệm vụ.", False),
    ("Có 3 đảng viên không hoàn thành nhiệm vụ, giảm 2 so với năm trước.", True),
    ("Số thôn chưa có đảng viên giảm từ 12 xuống còn 3 thôn.", False),
    ("Chúng ta sẽ vượt qua mọi khó khăn để hoàn thành mục tiêu nghị quyết.", False),
    ("Một số chi bộ còn lúng túng trong việc cụ thể hóa nghị quyết.", True),
])
def test_limitations(sentence, expected):
    assert ("limitation" in codes(sentence, "voice")) is expected


@pytest.mark.parametrize("sentence, expected", [
    ("Đại hội sẽ diễn ra trong hai ngày 14 và 15 tháng 10.", set()),
    ("Huyện phấn đấu mỗi năm kết nạp từ 80 đến 100 đảng viên mới.", {"prescription"}),
    ("Mục tiêu tổng quát đến năm 2030 là xây dựng Đảng bộ trong sạch, vững mạnh.", {"prescription"}),
    ("Các cấp ủy đã kết nạp được 215 đảng viên mới trong năm.", {"achievement"}),
    ("Công tác chuẩn bị đại hội sắp tới được tiến hành khẩn trương, nghiêm túc.", {"achievement"}),
    # headings and numbered points of tasks, without a modal verb (issue 14, voice on real text)
    ("Đẩy mạnh chuyển đổi số trong công tác tuyên truyền.", {"prescription"}),
    ("- Kiện toàn đội ngũ báo cáo viên các cấp.", {"prescription"}),
    ("Thứ hai, các chi bộ đổi mới nội dung sinh hoạt.", {"prescription"}),
    ("Thứ năm, 20/01/2022", set()),                                    # a weekday in a date line
    ("Thứ Sáu, ngày 3 tháng 5 năm 2024, Tỉnh ủy tổ chức hội nghị sơ kết.", set()),
    ("Nghị quyết xác định 4 nhóm nhiệm vụ và 12 chỉ tiêu cụ thể.", {"prescription"}),
    ("Chuyên đề được xác định là nhiệm vụ trọng tâm của năm.", set()),
    ("Huyện đã đẩy mạnh chuyển đổi số trong công tác tuyên truyền.", set()),
    ("Đại hội tiếp tục ngày làm việc thứ hai.", set()),
    ("Hội nghị giới thiệu các chuyên đề Nghị quyết Đại hội.", set()),
    # results without đạt/hoàn thành: improvements in the passive, things achieved, growth, rates
    ("Quốc phòng, an ninh được giữ vững, khối đại đoàn kết được củng cố.", {"achievement"}),
    ("Xã được công nhận đạt chuẩn nông thôn mới nâng cao.", {"achievement"}),
    ("Các chi bộ đã xây dựng được quy chế làm việc.", {"achievement"}),
    ("Tốc độ tăng trưởng bình quân giai đoạn này là 7,2%/năm.", {"achievement"}),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế là 93%.", {"achievement"}),
    ("Phấn đấu đến năm 2030 tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%.", {"prescription"}),
    ("Số lượt người truy cập cổng thông tin lên đến 2 triệu.", {"achievement"}),
    ("Tham dự buổi sinh hoạt có đầy đủ thành viên chi ủy.", set()),
    # a requirement met is a standard, not a demand (no prescription); that personnel work met its
    # standards is a positive evaluation of work done, as the real-text coders read it (dev row r626)
    ("Công tác nhân sự đảm bảo tiêu chuẩn, yêu cầu về cơ cấu.", {"achievement"}),
])
def test_voice_without_the_usual_words(sentence, expected):
    assert codes(sentence, "voice") == expected
