"""The codebook file: the shipped codebook is valid and self-consistent; bad codebooks fail clearly."""
from __future__ import annotations

import textwrap

import pytest

from analysis.coding import CodebookError, code_sentences, code_text, load_codebook

GOOD = """
categories:
  stage: {gloss_en: stage, definition: Which stage.}
  voice: {gloss_en: voice, definition: Which voice.}
codes:
  - code: quan_triet
    category: stage
    label: quán triệt
    gloss_en: briefing
    definition: Conveying a resolution.
    examples: ["Tỉnh ủy quán triệt nghị quyết."]
    terms: [quán triệt]
  - code: limitation
    category: voice
    label: hạn chế
    gloss_en: limitation
    definition: Shortcomings.
    examples: ["Còn hạn chế."]
    terms:
      - term: chưa
        excludes: [chưa là đảng viên]
"""


def write(tmp_path, text: str):
    path = tmp_path / "codebook.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_shipped_codebook_has_the_required_scheme():
    cb = load_codebook()
    assert list(cb.categories) == ["stage", "channel", "audience", "level", "voice", "concretisation", "campaign",
                                   "party_building", "model", "propaganda", "cause", "output"]
    names = {c.key for c in cb.codes}
    for required in ["stage:nghien_cuu", "stage:hoc_tap", "stage:quan_triet", "stage:tuyen_truyen", "stage:cu_the_hoa",
                     "stage:trien_khai", "stage:kiem_tra_giam_sat", "stage:so_tong_ket",
                     "channel:hoi_nghi", "channel:truc_tuyen", "channel:bao_cao_vien", "channel:lop_hoc",
                     "channel:bai_thu_hoach", "channel:truong_chinh_tri", "channel:thong_tin_dai_chung",
                     "channel:mang_xa_hoi", "channel:sinh_hoat_chi_bo",
                     "audience:can_bo_chu_chot", "audience:can_bo_dang_vien", "audience:doan_vien_hoi_vien",
                     "audience:nhan_dan", "audience:ho_gia_dinh", "audience:dan_toc_thieu_so",
                     "level:tinh", "level:huyen", "level:xa_co_so", "level:chi_bo",
                     "voice:achievement", "voice:limitation", "voice:prescription"]:
        assert required in names, required
    for code in cb.codes:
        assert code.terms and code.gloss_en and code.definition and code.examples


def test_every_codebook_example_gets_its_own_code():
    cb = load_codebook()
    for code in cb.codes:
        for example in code.examples:
            assert code.name in {r["code"] for r in code_text(example, cb)}, (code.key, example)


def test_codebook_table_lists_every_term():
    cb = load_codebook()
    table = cb.table()
    assert list(table.columns) == ["category", "code", "label", "gloss_en", "term", "requires", "excludes"]
    assert len(table) == sum(len(c.terms) for c in cb.codes)
    row = table[(table.code == "trien_khai") & (table.term == "thực hiện")].iloc[0]
    assert "nghị quyết" in row["requires"] and "kế hoạch thực hiện" in row["excludes"]


def test_good_custom_codebook_loads_and_codes(tmp_path):
    cb = load_codebook(write(tmp_path, GOOD))
    assert [c.key for c in cb.codes] == ["stage:quan_triet", "voice:limitation"]
    assert [r["code"] for r in code_text("Một số nơi chưa quán triệt.", cb)] == ["limitation", "quan_triet"]
    assert code_text("Ông A chưa là đảng viên.", cb) == []


AT_START = """
categories:
  voice: {gloss_en: voice, definition: Which voice.}
codes:
  - code: prescription
    category: voice
    label: nhiệm vụ
    gloss_en: prescription
    definition: Tasks.
    examples: ["Tăng cường kiểm tra."]
    terms:
      - {term: tăng cường, at_start: true, excludes_near: [đã]}
"""


@pytest.mark.parametrize("sentence, expected", [
    ("Tăng cường kiểm tra, giám sát việc thực hiện nghị quyết.", True),
    ("- Tăng cường kiểm tra việc thực hiện nghị quyết.", True),         # a bullet
    ("2. Tăng cường công tác kiểm tra.", True),                          # a list number
    ("b) Tăng cường công tác kiểm tra.", True),                          # a list letter
    ("Huyện ủy tăng cường kiểm tra việc thực hiện nghị quyết.", False),  # not the opening words
    ("Tăng cường kiểm tra đã giúp phát hiện sai phạm.", False),          # a past marker: a report
])
def test_at_start_terms_match_only_the_opening_words(tmp_path, sentence, expected):
    """(and ``#`` in a context phrase is any number)"""
    cb = load_codebook(write(tmp_path, AT_START))
    assert bool(code_text(sentence, cb)) is expected
    assert cb.table()["term"].tolist() == ["^ tăng cường"]


@pytest.mark.parametrize("mutation, message", [
    (lambda t: t.replace("code: limitation", "code: quan_triet"), "duplicate code 'quan_triet' (codes[0] and codes[1])"),
    (lambda t: t.replace("terms: [quán triệt]", "terms: []"), "code 'quan_triet' (codes[0]): empty term list"),
    (lambda t: t.replace("category: voice", "category: tone"), "code 'limitation' (codes[1]): unknown category 'tone'"),
    (lambda t: t.replace("    gloss_en: briefing\n", ""), "code 'quan_triet' (codes[0]): missing or empty 'gloss_en'"),
    (lambda t: t.replace("definition: Conveying a resolution.", "definition: ''"), "code 'quan_triet' (codes[0]): missing or empty 'definition'"),
    (lambda t: t.replace("excludes: [chưa là đảng viên]", "excludes: chưa là đảng viên"), "code 'limitation' (codes[1]) terms[0] ('chưa'): 'excludes' must be a list"),
    (lambda t: t.replace("excludes: [chưa là đảng viên]", "requires: [đảng]\n        requires_window: -1"), "terms[0] ('chưa'): 'requires_window' must be a non-negative integer"),
    (lambda t: t.replace("excludes: [chưa là đảng viên]", "exclude: [chưa là]"), "terms[0] ('chưa'): unknown key(s) ['exclude']"),
    (lambda t: t.replace("terms: [quán triệt]", "terms: [quán triệt, Quán Triệt]"), "code 'quan_triet' (codes[0]): duplicate term 'Quán Triệt'"),
    (lambda t: t.replace("terms: [quán triệt]", "terms: [quán triệt, '']"), "code 'quan_triet' (codes[0]) terms[1]: empty term"),
    (lambda t: t.replace("    terms: [quán triệt]", "    terms: [quán triệt]\n    suppressed_by: [nothing]"), "code 'quan_triet' (codes[0]): 'suppressed_by' names unknown code 'nothing'"),
    (lambda t: t.replace("code: limitation", "code: Limitation"), "codes[1]: 'code' must be a lower-case identifier"),
    (lambda t: t.replace('examples: ["Còn hạn chế."]', "examples: []"), "code 'limitation' (codes[1]): 'examples' must be a non-empty list"),
    (lambda t: t + "colour: red\n", "unknown top-level key(s) ['colour']"),
    (lambda t: t.replace("excludes: [chưa là đảng viên]", "at_start: yes please"), "terms[0] ('chưa'): 'at_start' must be true or false"),
    (lambda t: t.replace("terms: [quán triệt]", "terms: [quán triệt, '# lớp']"), "a term cannot begin with '#'"),
])
def test_bad_codebooks_fail_naming_the_entry(tmp_path, mutation, message):
    bad = mutation(textwrap.dedent(GOOD))
    assert bad != textwrap.dedent(GOOD)
    with pytest.raises(CodebookError) as excinfo:
        load_codebook(write(tmp_path, bad))
    assert message in str(excinfo.value)
    assert str(excinfo.value).startswith("codebook.yaml")


def test_bad_yaml_reports_line_number(tmp_path):
    text = textwrap.dedent(GOOD).replace("    terms: [quán triệt]", "    terms: [quán triệt\n  oops: {")
    with pytest.raises(CodebookError, match=r"codebook.yaml: invalid YAML at line \d+, column \d+"):
        load_codebook(write(tmp_path, text))


def test_not_a_mapping_and_missing_file(tmp_path):
    with pytest.raises(CodebookError, match="must be a mapping"):
        load_codebook(write(tmp_path, "- just\n- a list\n"))
    with pytest.raises(CodebookError, match="cannot read the codebook"):
        load_codebook(tmp_path / "absent.yaml")


def test_edited_codebook_is_reloaded(tmp_path):
    path = write(tmp_path, GOOD)
    assert len(load_codebook(path).codes) == 2
    path.write_text(textwrap.dedent(GOOD).replace("terms: [quán triệt]", "terms: [quán triệt, truyền đạt]"), encoding="utf-8")
    assert [t.text for t in load_codebook(path).codes[0].terms] == ["quán triệt", "truyền đạt"]


def test_documents_without_sentences_yield_no_codings():
    assert code_sentences("", [], []) == []
    assert code_sentences("", []) == []
    assert code_text("") == []
    assert code_text("   \n ") == []
    from analysis.read.sentences import split_sentences
    assert code_sentences("\n\n", split_sentences("\n\n")) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Tỉnh ủy mở 12 lớp bồi dưỡng.", False),        # a number right before "lớp": excluded
    ("Tỉnh ủy mở 3.500 lớp bồi dưỡng.", False),
    ("Tỉnh ủy mở các lớp bồi dưỡng.", True),
])
def test_hash_in_a_context_phrase_is_any_number(tmp_path, sentence, expected):
    cb = load_codebook(write(tmp_path, GOOD.replace("terms: [quán triệt]",
                                                    "terms: [quán triệt, {term: lớp, excludes: ['# lớp']}]")))
    assert ("quan_triet" in {r["code"] for r in code_text(sentence, cb)}) is expected
