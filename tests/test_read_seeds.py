"""Golden tests of the cleaner on the five seeds: every body line kept, every chrome line gone."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.read.normalize import normalize_text

from conftest import GOLDEN, SEEDS

# The lines the cleaner must remove from each seed (after normalisation), with the removal kind.
# Written by reading the seeds: everything else in a seed is title, date, byline, caption or body.
EXPECTED_REMOVED = {
    "000_9cf43ea575181584": [
        ("repeated-paragraph", "LSO - Xác định được vai trò quan trọng của các chủ trương"),
    ],
    "001_bf06992612baf552": [
        ("footer", "Phản hồi"),
        ("footer", "Các tin khác"),
        ("footer", "Mới nhất"),
        ("footer", "Xem nhiều nhất"),
    ],
    "002_777384cab15c4b7c": [
        ("footer", "• Tag:"),
        ("footer", "cùng chuyên mục"),
        ("footer", "Kéo xuống để xem tiếp nội dung"),
        ("footer", "Xem thêm trên infonet"),
    ],
    "003_8d987a9affe74461": [
        ("chrome-line", "Truy cập hiện tại"),
        ("chrome-line", "Đang có 50 khách và không thành viên đang online"),
        ("navigation-label", "Tiến tới đại hội đảng"),
        ("navigation-label", "Giải phóng miền Nam"),
        ("footer", "Số lần xem các bài viết"),
        ("footer", "18095454"),
    ],
    "004_ef6ca884f5ba382d": [
        ("footer", "Các bài trước"),
        *[("footer", "Tác giả : ")] * 9,
        ("footer", "Các bài tiếp"),
        *[("footer", "Tác giả : ")] * 3,
        ("footer", "Sáng 26-1-2021, Đại hội đại biểu toàn quốc lần thứ XIII"),
        ("footer", "VIDEO CLIPS"),
        ("footer", "Tra cứu tạp chí in trước năm 2010:"),
    ],
}

STEMS = sorted(EXPECTED_REMOVED)


def test_every_seed_is_parsed(seed_corpus):
    statuses = {Path(m.path).stem: m.status for m in seed_corpus.manifest if m.path.endswith(".txt")}
    assert statuses == {stem: "parsed" for stem in STEMS}


@pytest.mark.parametrize("stem", STEMS)
def test_removals_are_exactly_the_chrome(stem, seed_documents):
    removals = seed_documents[stem].removals
    assert len(removals) == len(EXPECTED_REMOVED[stem])
    for removal, (kind, prefix) in zip(removals, EXPECTED_REMOVED[stem]):
        assert removal.kind == kind
        assert removal.text.startswith(prefix), (removal.text, prefix)


@pytest.mark.parametrize("stem", STEMS)
def test_every_other_line_is_kept_verbatim(stem, seed_documents):
    document = seed_documents[stem]
    normalised_lines = [line.strip() for line in normalize_text((SEEDS / f"{stem}.txt").read_text("utf-8")).split("\n")]
    removed_lines = {r.line for r in document.removals}
    kept = [line for i, line in enumerate(normalised_lines) if line and i not in removed_lines]
    assert document.text.split("\n") == kept


@pytest.mark.parametrize("stem", STEMS)
def test_clean_text_matches_golden_file(stem, seed_documents):
    golden = (GOLDEN / "clean" / f"{stem}.clean.txt").read_text(encoding="utf-8")
    assert seed_documents[stem].text + "\n" == golden


def test_key_content_survives(seed_documents):
    # Title, date line, byline, role line and the last body sentence of each seed are kept.
    expectations = {
        "000_9cf43ea575181584": ["Thứ năm, 20/01/2022", "Lạng Sơn tích cực quán triệt", "HỒ XUÂN HƯƠNG",
                                 "tỷ lệ đại diện các hộ gia đình tham gia học tập đạt từ 80- 85%."],
        "001_bf06992612baf552": ["Thanh Hóa triển khai hiệu quả", "tháng 4-2024.",
                                 "Ban Thường vụ Tỉnh ủy mới ban hành..."],
        "002_777384cab15c4b7c": ["Bắc Ninh: nghiêm túc", "Thảo Nguyên", "rõ nét trong toàn tỉnh."],
        "003_8d987a9affe74461": ["(TUAG)- Học tập", "TRÌNH LAM SINH",
                                 "Tỉnh ủy viên, Phó Trưởng Ban Tuyên giáo Tỉnh ủy"],
        "004_ef6ca884f5ba382d": ["( 08/07/2015)", "Dương Công Tùy", "UVBTV, Trưởng Ban Tổ chức Tỉnh ủy",
                                 "với 54.986 đảng viên."],
    }
    for stem, snippets in expectations.items():
        for snippet in snippets:
            assert snippet in seed_documents[stem].text, (stem, snippet)


def test_the_repeated_lede_appears_once(seed_documents):
    text = seed_documents["000_9cf43ea575181584"].text
    assert text.count("Xác định được vai trò quan trọng của các chủ trương") == 1
    assert "Chỉ đạo Ban Tuyên giáo Tỉnh ủy xây dựng kế hoạch" in text


def test_doc_ids_are_stable(seed_documents):
    assert {stem: d.doc_id for stem, d in seed_documents.items()} == {
        "000_9cf43ea575181584": "2183b229ed6d",
        "001_bf06992612baf552": "bd6848c8b7ba",
        "002_777384cab15c4b7c": "8ba1227e7740",
        "003_8d987a9affe74461": "dc4839507dca",
        "004_ef6ca884f5ba382d": "e7f9563b1f8d",
    }
