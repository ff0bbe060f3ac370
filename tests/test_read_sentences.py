"""Sentence segmentation: invariants on the seeds, officialese repairs, golden sentences, properties."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.read.sentences import Sentence, split_sentences
from analysis.read.normalize import normalize_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def check_invariants(text: str, sentences: list[Sentence]) -> None:
    previous_end = 0
    for k, s in enumerate(sentences):
        assert s.index == k
        assert text[s.start:s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end
        assert "\n" not in s.text  # a sentence never spans two paragraphs
        previous_end = s.end
    covered = set()
    for s in sentences:
        covered.update(range(s.start, s.end))
    lost = [ch for i, ch in enumerate(text) if i not in covered and not ch.isspace()]
    assert lost == []
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    return {p.stem[:3]: normalize_text(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))}


def test_seed_invariants(seed_texts):
    for text in seed_texts.values():
        check_invariants(text, split_sentences(text))


def test_seed_002_paragraph_golden(seed_texts):
    # Read in seed 002: the paragraph on báo cáo viên holds six sentences.
    text = seed_texts["002"]
    paragraph = next(s.paragraph for s in split_sentences(text) if s.text.startswith("Ban Thường vụ Tỉnh ủy thành lập Tổ"))
    got = [s.text for s in split_sentences(text) if s.paragraph == paragraph]
    assert [g.split()[0:3] for g in got] == [
        ["Ban", "Thường", "vụ"], ["Các", "Huyện", "ủy,"], ["Điểm", "mới", "tại"],
        ["Tỷ", "lệ", "cán"], ["Qua", "thống", "kê,"], ["Các", "chi,", "đảng"]]
    assert got[3] == "Tỷ lệ cán bộ, đảng viên viết bài thu hoạch đạt 94,8% đối với cấp tỉnh và cấp huyện; 92,7% đối với cấp cơ sở."


def test_seed_abbreviation_tp_and_heading(seed_texts):
    assert "TP. Thanh Hóa cũng là một trong những địa phương triển khai hiệu quả các chỉ thị, nghị quyết về công tác xây dựng Đảng." in texts(seed_texts["001"])
    # a heading without a full stop is its own sentence, not merged with the next paragraph
    seed4 = texts(seed_texts["004"])
    assert "Tập trung củng cố TCCSĐ, chi bộ" in seed4
    assert "Phát triển đảng viên, đào tạo cán bộ" in seed4


def test_abbreviations_and_initials():
    assert texts("TP. Thanh Hóa đạt 95%. Q. Ba Đình có 14 phường. TS. Nguyễn Văn A. phát biểu. PGS.TS Trần Văn B nói.") == [
        "TP. Thanh Hóa đạt 95%.", "Q. Ba Đình có 14 phường.", "TS. Nguyễn Văn A. phát biểu.", "PGS.TS Trần Văn B nói."]
    assert texts("ThS. Lê Thị C trình bày tham luận. GS. Phạm D kết luận.") == [
        "ThS. Lê Thị C trình bày tham luận.", "GS. Phạm D kết luận."]
    assert texts("Th.S Hồ Văn E và ông Nguyễn Văn A. cùng dự hội nghị. Hội nghị bế mạc.") == [
        "Th.S Hồ Văn E và ông Nguyễn Văn A. cùng dự hội nghị.", "Hội nghị bế mạc."]


def test_numbered_lists_and_markers():
    assert texts("1. Tổ chức học tập. 2. Xây dựng kế hoạch.") == ["1. Tổ chức học tập.", "2. Xây dựng kế hoạch."]
    assert texts("(1) Tuyên truyền. (2) Kiểm tra.") == ["(1) Tuyên truyền.", "(2) Kiểm tra."]
    assert texts("- Tập trung củng cố. - Đẩy mạnh tuyên truyền.") == ["- Tập trung củng cố.", "- Đẩy mạnh tuyên truyền."]
    assert texts("Đạt 94,8%. 1.250 điểm cầu được kết nối. 2.1. Mục tiêu cụ thể.") == [
        "Đạt 94,8%.", "1.250 điểm cầu được kết nối.", "2.1. Mục tiêu cụ thể."]


def test_headings_and_paragraphs():
    doc = "I. KẾT QUẢ ĐẠT ĐƯỢC\n1. Công tác quán triệt\na) Ở cấp tỉnh: đạt 100%. b) Ở cấp huyện: đạt 98%."
    got = [(s.paragraph, s.text) for s in split_sentences(doc)]
    assert got == [(0, "I. KẾT QUẢ ĐẠT ĐƯỢC"), (1, "1. Công tác quán triệt"),
                   (2, "a) Ở cấp tỉnh: đạt 100%."), (2, "b) Ở cấp huyện: đạt 98%.")]


def test_quotes_and_ellipsis():
    assert texts("Ông nói: “Phải làm tốt. Không được chủ quan.” Sau đó hội nghị bế mạc.")[-2:] == [
        "Không được chủ quan.”", "Sau đó hội nghị bế mạc."]
    assert texts("Kết quả đạt 98%... tuy nhiên vẫn còn hạn chế! Vì sao?") == [
        "Kết quả đạt 98%... tuy nhiên vẫn còn hạn chế!", "Vì sao?"]


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences("   \n\n  \n") == []


def test_offsets_in_multi_paragraph_text():
    doc = "Tiêu đề bài viết\n\nĐoạn một. Câu hai.\nĐoạn ba"
    sentences = split_sentences(doc)
    check_invariants(doc, sentences)
    assert [(s.paragraph, s.start, s.end) for s in sentences] == [(0, 0, 16), (1, 18, 27), (1, 28, 36), (2, 37, 44)]


_WORDS = st.sampled_from(["Tỉnh ủy", "TP.", "Q.", "học tập", "quán triệt", "đạt", "98%", "1.", "a)", "-", "“", "”",
                          "...", "TS.", "Nguyễn Văn A.", "chưa", "nghị quyết", ".", "!", "?", ";", ",", "(khóa XI)",
                          "13-KH/TU", "\n", "  ", "Hội nghị", "II."])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=40))
def test_property_invariants_hold_on_arbitrary_officialese(words):
    text = normalize_text(" ".join(words))
    check_invariants(text, split_sentences(text))
