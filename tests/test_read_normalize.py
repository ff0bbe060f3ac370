"""Normalisation: NFC, one tone-mark style, whitespace; length-preserving where offsets depend on it."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, strategies as st

from analysis.read.normalize import canonical_tones, fold, literal_alternation, normalize_text, strip_diacritics

VIETNAMESE = "aăâeêioôơuưyđàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
vietnamese_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " qghnktc.,-\n", max_size=200)


def test_new_style_syllables_move_their_tone():
    pairs = {"hoà": "hòa", "Hoá": "Hóa", "hoả": "hỏa", "hoạ": "họa", "khoẻ": "khỏe", "thuỷ": "thủy",
             "Uỷ": "Ủy", "tuỳ": "tùy", "luỹ": "lũy", "HOÀ": "HÒA", "xoè": "xòe"}
    for new, old in pairs.items():
        assert canonical_tones(new) == old


def test_syllables_that_are_the_same_in_both_styles_are_left_alone():
    for word in ["hoàn", "quý", "quỳ", "thuế", "khuỷu", "toàn", "hòa", "ủy", "qua", "hoạch", "quả"]:
        assert canonical_tones(word) == word


@given(vietnamese_text)
def test_canonical_tones_preserves_length_and_is_idempotent(text):
    text = unicodedata.normalize("NFC", text)
    once = canonical_tones(text)
    assert len(once) == len(text)
    assert canonical_tones(once) == once


@given(vietnamese_text)
def test_fold_is_length_preserving(text):
    text = unicodedata.normalize("NFC", text)
    assert len(fold(text)) == len(text)


@given(st.text(max_size=300))
def test_normalize_text_never_crashes_and_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


def test_nfd_and_nfc_normalise_identically():
    sample = "Tỉnh uỷ Lạng Sơn tổ chức học tập, quán triệt Nghị quyết Trung ương 4 (khoá XI)"
    assert normalize_text(unicodedata.normalize("NFD", sample)) == normalize_text(sample)
    assert normalize_text(sample) == "Tỉnh ủy Lạng Sơn tổ chức học tập, quán triệt Nghị quyết Trung ương 4 (khóa XI)"


def test_whitespace_is_tidied_but_lines_kept():
    raw = "Tiêu đề\u00a0 bài\t viết \r\n\r\n\r\n   \n Đoạn\u200b một.\u2028Đoạn hai.  "
    assert normalize_text(raw) == "Tiêu đề bài viết\n\nĐoạn một.\nĐoạn hai."


def test_strip_diacritics():
    assert strip_diacritics("Đắk Lắk, Thừa Thiên Huế, Bà Rịa - Vũng Tàu") == "Dak Lak, Thua Thien Hue, Ba Ria - Vung Tau"


short_words = st.text(alphabet="aàb .-", min_size=1, max_size=5)


@given(st.lists(short_words, min_size=1, max_size=12), st.text(alphabet="aàb .-x", max_size=60))
def test_prefix_tree_matches_like_a_longest_first_alternation(words, text):
    longest_first = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    boundary = r"(?<![\w])(?:{})(?![\w])"
    expected = [(m.start(), m.end()) for m in re.finditer(boundary.format(longest_first), text)]
    tree = [(m.start(), m.end()) for m in re.finditer(boundary.format(literal_alternation(words)), text)]
    assert tree == expected


def test_prefix_tree_of_the_gazetteer_finds_every_province_form():
    from analysis.extract.gazetteer import province_surface_forms

    forms = province_surface_forms()
    pattern = re.compile(literal_alternation(forms))
    for form in forms:
        assert pattern.fullmatch(form), form
