"""Bad input: each case ends as a parsed document or a manifest entry with a specific reason."""
from __future__ import annotations

import codecs
import json
import unicodedata
from pathlib import Path

import pytest

from analysis.read import decode_bytes, read_corpus, SkipFile

from conftest import SEEDS

ARTICLE = (SEEDS / "002_777384cab15c4b7c.txt").read_text(encoding="utf-8")


def _entries(folder: Path, **options) -> dict[str, object]:
    result = read_corpus([folder], **options)
    return {m.path: m for m in result.manifest}, {d.path: d for d in result.documents}


def _write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


def test_empty_and_whitespace_files(tmp_path):
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "blank.txt", b" \n\t\r\n \xc2\xa0 \n")
    manifest, documents = _entries(tmp_path)
    assert manifest["empty.txt"].status == "skipped"
    assert manifest["empty.txt"].reason == "empty file (0 bytes)"
    assert manifest["blank.txt"].status == "skipped"
    assert "only whitespace" in manifest["blank.txt"].reason
    assert documents == {}


def test_binary_file_with_txt_name(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    _write(tmp_path, "photo.txt", png)
    manifest, _ = _entries(tmp_path)
    assert manifest["photo.txt"].status == "skipped"
    assert "PNG image" in manifest["photo.txt"].reason


def test_nul_bytes_without_bom_are_binary(tmp_path):
    _write(tmp_path, "blob.txt", b"abc\x00\x01\x02def" * 50)
    manifest, _ = _entries(tmp_path)
    assert "NUL bytes" in manifest["blob.txt"].reason


def test_truncated_utf8_keeps_everything_before_the_cut(tmp_path):
    data = ARTICLE.encode("utf-8")
    cut = data.rindex("ỉ".encode("utf-8")) + 1  # inside a three-byte character
    _write(tmp_path, "cut.txt", data[:cut])
    manifest, documents = _entries(tmp_path)
    assert manifest["cut.txt"].status == "parsed"
    document = documents["cut.txt"]
    assert [r.rule for r in document.removals if r.kind == "decoding"] == ["truncated-utf8"]
    assert "Bắc Ninh: nghiêm túc" in document.text


def test_invalid_utf8_in_the_middle_is_a_specific_skip(tmp_path):
    data = "Tỉnh ủy quán triệt nghị quyết. ".encode("utf-8") * 20
    _write(tmp_path, "bad.txt", data[:50] + b"\xff\xfe\xfa" + b"\x81" * 40 + data[50:])
    manifest, _ = _entries(tmp_path)
    assert manifest["bad.txt"].status == "skipped"
    assert "not valid UTF-8" in manifest["bad.txt"].reason


def test_nfd_file_yields_exactly_the_nfc_clean_text(tmp_path):
    _write(tmp_path, "nfc.txt", ARTICLE.encode("utf-8"))
    nfd_dir = tmp_path / "nfd"
    nfd_dir.mkdir()
    _write(nfd_dir, "nfd.txt", unicodedata.normalize("NFD", ARTICLE).encode("utf-8"))
    nfc = read_corpus([tmp_path / "nfc.txt"]).documents[0]
    nfd = read_corpus([nfd_dir]).documents[0]
    assert nfd.text == nfc.text
    assert nfd.doc_id == nfc.doc_id


def test_windows_1258_bytes_decode_to_the_same_text(tmp_path):
    # cp1258 cannot encode every precomposed letter: encode the decomposed form, as Windows does.
    sample = "Tỉnh ủy Bắc Ninh đã hoàn thành việc học tập, quán triệt Nghị quyết Đại hội XII của Đảng. " * 5
    # cp1258 has precomposed â, ê, ô, ơ, ư, ă, đ plus combining tone marks.
    parts = []
    for ch in unicodedata.normalize("NFC", sample):
        try:
            parts.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFD", ch)
            # keep the vowel-shape marks composed (â, ơ, ư...), leave the tone mark combining
            head = unicodedata.normalize("NFC", "".join(c for c in base if c not in "\u0300\u0301\u0303\u0309\u0323"))
            tone = "".join(c for c in base if c in "\u0300\u0301\u0303\u0309\u0323")
            parts.append(head.encode("cp1258") + tone.encode("cp1258"))
    data = b"".join(parts)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    _write(tmp_path, "legacy.txt", data)
    manifest, documents = _entries(tmp_path)
    assert manifest["legacy.txt"].status == "parsed"
    assert manifest["legacy.txt"].encoding == "windows-1258"
    assert documents["legacy.txt"].text == sample.strip()


def test_utf16_with_bom_and_utf8_bom(tmp_path):
    _write(tmp_path, "u16.txt", ARTICLE.encode("utf-16"))
    _write(tmp_path, "x-bom.txt", codecs.BOM_UTF8 + ARTICLE.replace("Thảo Nguyên", "Thảo  Nguyên").encode("utf-8"))
    manifest, documents = _entries(tmp_path)
    assert manifest["u16.txt"].encoding == "utf-16"
    assert manifest["x-bom.txt"].encoding == "utf-8-sig"
    assert documents["u16.txt"].text.startswith("Bắc Ninh: nghiêm túc")
    assert not documents["u16.txt"].text.startswith("\ufeff")
    # the BOM file differs only in a double space, which normalisation removes: a duplicate
    assert manifest["x-bom.txt"].status == "duplicate"


def test_mixed_tone_styles_become_one(tmp_path):
    _write(tmp_path, "mixed.txt", "Tỉnh uỷ Thanh Hoá và Tỉnh ủy Thanh Hóa; hoà bình, khoẻ mạnh, thuỷ lợi.".encode())
    _, documents = _entries(tmp_path)
    assert documents["mixed.txt"].text == "Tỉnh ủy Thanh Hóa và Tỉnh ủy Thanh Hóa; hòa bình, khỏe mạnh, thủy lợi."


def test_large_file_is_skipped_with_its_size_unless_the_limit_is_raised(tmp_path):
    paragraph = ARTICLE.split("\n\n")[2] + "\n\n"
    body = ARTICLE + "".join(f"Đoạn {i}: {paragraph}" for i in range(20 * 1024 * 1024 // len(paragraph.encode()) + 1))
    data = body.encode("utf-8")
    assert len(data) > 20 * 1024 * 1024
    _write(tmp_path, "big.txt", data)
    manifest, documents = _entries(tmp_path)
    assert manifest["big.txt"].status == "skipped"
    assert manifest["big.txt"].reason.startswith(f"file too large: {len(data):,} bytes (the limit is 20,000,000")
    manifest, documents = _entries(tmp_path, max_bytes=30_000_000)
    assert manifest["big.txt"].status == "parsed"
    assert len(documents["big.txt"].text) > 10 * 1024 * 1024


def test_unsupported_extension_and_unreadable_file(tmp_path):
    _write(tmp_path, "report.docx", b"PK\x03\x04 not really")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    _write(tmp_path, "ok.txt", ARTICLE.encode())
    manifest, documents = _entries(tmp_path)
    assert manifest["report.docx"].status == "skipped"
    assert "unsupported file type '.docx'" in manifest["report.docx"].reason
    assert manifest["gone.txt"].status == "skipped"
    assert manifest["gone.txt"].reason == "broken symbolic link (its target does not exist)"
    assert list(documents) == ["ok.txt"]


def test_unreadable_file_permission(tmp_path, monkeypatch):
    import os

    _write(tmp_path, "locked.txt", ARTICLE.encode())
    original = os.open

    def deny(path, *args, **kwargs):  # root reads any file: the refusal is planted
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    manifest, _ = _entries(tmp_path)
    assert manifest["locked.txt"].reason == "cannot read file: Permission denied"


def test_broken_jsonl_line_does_not_stop_the_others(tmp_path):
    lines = [
        json.dumps({"text": ARTICLE, "url": "https://example.vn/a", "province": "Bắc Ninh",
                    "published": "2016-10-01", "title": "Bắc Ninh học tập"}, ensure_ascii=False),
        '{"text": "Tỉnh ủy Lạng Sơn quán triệt", "url": ',
        json.dumps({"title": "no text"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"text": (SEEDS / "000_9cf43ea575181584.txt").read_text("utf-8")}, ensure_ascii=False),
    ]
    _write(tmp_path, "batch.jsonl", "\n".join(lines).encode("utf-8"))
    manifest, documents = _entries(tmp_path)
    assert manifest["batch.jsonl#L1"].status == "parsed"
    assert manifest["batch.jsonl#L2"].status == "skipped"
    assert manifest["batch.jsonl#L2"].reason.startswith("line 2: invalid JSON")
    assert manifest["batch.jsonl#L3"].reason == "line 3: no article text (the 'text' field is missing or empty)"
    assert manifest["batch.jsonl#L4"].reason == "line 4: expected a JSON object, found list"
    assert manifest["batch.jsonl#L6"].status == "parsed"
    assert documents["batch.jsonl#L1"].variables == {
        "url": "https://example.vn/a", "province": "Bắc Ninh", "published": "2016-10-01", "title": "Bắc Ninh học tập"}


def test_same_article_twice_under_two_names(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "b.txt", ARTICLE.encode())
    manifest, documents = _entries(tmp_path)
    assert manifest["a.txt"].status == "parsed"
    assert manifest["b.txt"].status == "duplicate"
    assert manifest["b.txt"].duplicate_of == manifest["a.txt"].doc_id
    assert "a.txt" in manifest["b.txt"].reason
    assert list(documents) == ["a.txt"]


def test_html_article_is_extracted_without_markup(tmp_path):
    html = """<html><head><meta charset="utf-8"><title>Tỉnh ủy Lạng Sơn quán triệt nghị quyết</title></head>
    <body><nav><a href="/">Trang chủ</a></nav><script>alert("x")</script>
    <article><h1>Tỉnh ủy Lạng Sơn quán triệt nghị quyết</h1>
    <p>LSO - Sáng 20/1, Ban Thường vụ Tỉnh ủy tổ chức hội nghị học tập, quán triệt Nghị quyết Trung ương 4
    khóa XIII cho hơn 500 cán bộ chủ chốt của tỉnh.</p>
    <p>Tỷ lệ cán bộ, đảng viên tham gia học tập đạt trên 98%. Các huyện đã mở 468 lớp học tập nghị quyết.</p>
    </article><footer>Các tin khác</footer></body></html>"""
    _write(tmp_path, "page.html", html.encode("utf-8"))
    manifest, documents = _entries(tmp_path)
    assert manifest["page.html"].status == "parsed"
    text = documents["page.html"].text
    assert text.startswith("Tỉnh ủy Lạng Sơn quán triệt nghị quyết")
    assert "468 lớp" in text and "<" not in text and "alert" not in text
    assert documents["page.html"].variables["title"] == "Tỉnh ủy Lạng Sơn quán triệt nghị quyết"


def test_html_without_article_is_skipped(tmp_path):
    _write(tmp_path, "empty.html", "<html><body><nav>Trang chủ</nav></body></html>".encode())
    manifest, _ = _entries(tmp_path)
    assert manifest["empty.html"].status == "skipped"
    # trafilatura finds only the menu ("Trang chủ"), which the chrome rules then remove
    assert "no article text" in manifest["empty.html"].reason


def test_legacy_font_encodings_are_converted_and_noted(tmp_path):
    # TCVN3 (ABC): "Tỉnh ủy Lạng Sơn quán triệt nghị quyết của Đảng" typed in a .VnTime font.
    tcvn3 = "TØnh ñy L¹ng S¬n qu¸n triÖt nghÞ quyÕt cña §¶ng vµ tæ chøc häc tËp cho c¸n bé, ®¶ng viªn. " * 6
    _write(tmp_path, "tcvn3.txt", tcvn3.encode("utf-8"))  # typed in the font, saved as UTF-8
    _write(tmp_path, "tcvn3-bytes.txt", tcvn3.replace("TØnh", "Huyện ủy: TØnh").encode("cp1252", "ignore"))
    vni = "Tænh uûy Laïng Sôn quaùn trieät nghò quyeát cuûa Ñaûng vaø toå chöùc hoïc taäp cho caùn boä. " * 6
    _write(tmp_path, "vni.txt", vni.encode("cp1252"))
    manifest, documents = _entries(tmp_path)
    sentence = "Tỉnh ủy Lạng Sơn quán triệt nghị quyết của Đảng và tổ chức học tập cho cán bộ, đảng viên."
    assert documents["tcvn3.txt"].text.startswith(sentence)
    assert manifest["tcvn3.txt"].encoding == "utf-8+tcvn3"
    assert [r.rule for r in documents["tcvn3.txt"].removals] == ["legacy-tcvn3"]
    assert "ABC table" in documents["tcvn3.txt"].removals[0].text  # no sign of VN1: the capitals stay small
    assert documents["vni.txt"].text.startswith(sentence.replace(", đảng viên", ""))
    assert manifest["vni.txt"].encoding == "vni"
    assert "converted from the VNI font encoding" in documents["vni.txt"].removals[0].text


def _vn1(text: str) -> bytes:
    """``text`` in TCVN3 VN1 bytes (the inverse of the project's table)."""
    from analysis.read.legacy import TCVN3_VN1

    to_vn1 = {letter: byte for byte, letter in TCVN3_VN1.items()}
    return bytes(to_vn1.get(ch, ord(ch)) for ch in text)


VN1_SENTENCE = ("Ý kiến của Ủy ban nhân dân tỉnh: Ứng dụng nghị quyết, Ở cơ sở, Ảnh hưởng của "
                "Đảng bộ tỉnh đối với công tác xây dựng Đảng, ĐẢNG VIÊN, HỌC TẬP, TỔ CHỨC.\n")


def test_tcvn3_vn1_capitals_are_kept_from_bytes_and_from_text_saved_as_unicode(tmp_path):
    data = _vn1(VN1_SENTENCE * 6)
    assert b"\x16" in data and b"\x11" in data and b"\x81" in data  # letters among control bytes
    _write(tmp_path, "vn1.txt", data)
    # typed in a VN1 font and saved as UTF-8: the control characters are still there
    _write(tmp_path, "vn1-unicode.txt", ("¸ " + data.decode("sloppy-windows-1252")).encode("utf-8"))
    manifest, documents = _entries(tmp_path)
    assert manifest["vn1.txt"].encoding == "tcvn3", manifest["vn1.txt"].reason
    assert manifest["vn1-unicode.txt"].encoding == "utf-8+tcvn3", manifest["vn1-unicode.txt"].reason
    assert documents["vn1-unicode.txt"].text.startswith("á " + VN1_SENTENCE.strip())  # not a duplicate
    for name in ("vn1.txt", "vn1-unicode.txt"):
        assert VN1_SENTENCE.strip() in documents[name].text
        assert [r.rule for r in documents[name].removals if r.kind == "decoding"] == ["legacy-tcvn3"]
        assert "VN1" in documents[name].removals[0].text


def test_control_bytes_that_are_not_tcvn3_text_are_still_binary(tmp_path):
    # the control bytes VN1 uses for letters, in a file that is not TCVN3 text
    _write(tmp_path, "controls.txt", b"abc\x01\x02\x11\x16def " * 50)
    # the same with high bytes that read as TCVN3 small letters and undefined Windows-1252 bytes
    _write(tmp_path, "blob.txt", bytes(range(1, 256)) * 20)
    # a TCVN3 text with more control bytes than VN1 has letters for (0x03, 0x07, 0x18-0x1F)
    noisy = _vn1(VN1_SENTENCE * 6) + bytes([0x03, 0x07, 0x18, 0x1B, 0x1F]) * 40
    _write(tmp_path, "noisy.txt", noisy)
    manifest, documents = _entries(tmp_path)
    for name in ("controls.txt", "blob.txt", "noisy.txt"):
        assert manifest[name].status == "skipped", name
        assert manifest[name].reason.startswith("binary file: "), manifest[name].reason
    assert documents == {}


def test_corpus_documentation_files_are_listed(seed_corpus):
    docs = {m.path: m for m in seed_corpus.manifest}
    assert docs["README.md"].status == "skipped"
    assert "documentation" in docs["README.md"].reason
    assert docs["MANIFEST.csv"].status == "skipped"


def test_decode_bytes_rejects_a_pdf():
    with pytest.raises(SkipFile, match="PDF"):
        decode_bytes(b"%PDF-1.4 ....")


@pytest.mark.parametrize("prefix", ["date 2025-09-27 ", " date 2023-07 ", "Date 2024-01-02T08:30 ", "date 2024-01-02 08:30:15 "])
def test_a_scrapers_date_label_before_the_first_line_is_cut_and_recorded(prefix):
    from analysis.extract.metadata import detect_title
    from analysis.read.clean import clean_text
    title = "Huyện ủy Yên Thành quán triệt nghị quyết đại hội"
    clean, removed = clean_text(f"{prefix}{title}\nSáng 5/10, Huyện ủy tổ chức hội nghị.")
    assert clean.split("\n")[0] == title and detect_title(clean)[0] == title
    assert [(r.kind, r.rule, r.text) for r in removed] == [("chrome-prefix", "machine-date-prefix", prefix.strip())]


def test_a_date_label_inside_a_sentence_or_without_an_iso_date_stays():
    from analysis.read.clean import clean_text
    for line in ("Cập nhật date 2024-01-02 lúc 8 giờ.", "date của hội nghị là 2024-01-02.", "Update 2025-09-27 Tỉnh ủy họp."):
        assert clean_text(line) == (line, [])


@pytest.mark.parametrize("counter", ["1,464 lượt xem", "2.171 lượt xem", "Lượt xem: 24342", "Tổng lượt truy cập: 1.234.567"])
def test_a_page_view_counter_line_is_chrome_whichever_side_its_number_is(counter):
    from analysis.read.clean import clean_text
    body = "Sáng 5/10, Huyện ủy tổ chức hội nghị với 320 đại biểu tham dự."
    clean, removed = clean_text(f"Huyện ủy quán triệt nghị quyết\n{counter}\n{body}")
    assert clean.split("\n") == ["Huyện ủy quán triệt nghị quyết", body]
    assert [(r.kind, r.rule) for r in removed] == [("chrome-line", "visit-counter")]


def test_a_sentence_that_counts_views_is_not_chrome():
    from analysis.read.clean import clean_text
    line = "Video clip của cuộc thi đạt 12.000 lượt xem sau một tuần."
    assert clean_text(line) == (line, [])
