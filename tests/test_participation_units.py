"""Participation claims: a figure about one district, town, commune, cell or the military Party
committee is not the province's rate; only province-wide claims are compared, with n.

Every sentence is written for this test (names and figures invented).
"""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare import claim_unit_level, participation_claims
from analysis.extract.claims import extract_claims
from compare_fixtures import code_terms, make_corpus


@pytest.mark.parametrize("sentence, title, level, unit", [
    ("Đảng ủy Quân sự tỉnh đã quán triệt nghị quyết cho 100% cán bộ, chiến sĩ.", None, "sub-unit",
     "Đảng ủy Quân sự tỉnh"),
    ("Có 100% sĩ quan, quân nhân chuyên nghiệp được học tập nghị quyết.", None, "sub-unit", "sĩ quan"),
    ("Đảng bộ Công an tỉnh tổ chức cho 98% đảng viên học tập nghị quyết.", None, "sub-unit", "Đảng bộ Công an tỉnh"),
    ("Đảng ủy Khối doanh nghiệp có 95% đảng viên tham gia học tập.", None, "sub-unit", "Đảng ủy Khối doanh"),
    ("Tỷ lệ đảng viên huyện Sông Mây tham gia học tập đạt 91%.", None, "sub-unit", "huyện Sông Mây"),
    ("Số đảng viên TX Bến Đá dự học nghị quyết đạt 64%.", None, "sub-unit", "TX Bến Đá"),
    ("Đảng ủy xã Tân Lộc có 100% đảng viên tham gia học tập.", None, "sub-unit", "Đảng ủy xã Tân Lộc"),
    ("Chi bộ thôn Nà Phai có 100% đảng viên dự học nghị quyết.", None, "sub-unit", "Chi bộ thôn Nà Phai"),
    # levels of the whole province, counted nouns and provinces are not sub-units
    ("Có 96% đảng viên ở cấp huyện và 93% ở cấp xã tham gia học tập.", None, "province", ""),
    ("Các huyện, thị xã đã tổ chức cho 97% đảng viên học tập nghị quyết.", None, "province", ""),
    ("Có 100% chi bộ đã tổ chức học tập nghị quyết.", None, "province", ""),
    ("Đảng bộ thành phố Cần Thơ có 94% đảng viên tham gia học tập.", None, "province", ""),
    # the title speaks for a sentence that names no unit, unless the sentence is province-wide
    ("Có 88% đảng viên tham gia học tập nghị quyết.", "Huyện ủy Sông Mây học tập nghị quyết", "sub-unit",
     "(title) Huyện ủy Sông Mây"),
    ("Toàn tỉnh có 88% đảng viên tham gia học tập nghị quyết.", "Huyện ủy Sông Mây học tập nghị quyết",
     "province", ""),
    ("Có 88% đảng viên tham gia học tập nghị quyết.", "Lạng Sơn học tập nghị quyết", "province", ""),
])
def test_unit_level_of_a_claim(sentence, title, level, unit):
    assert claim_unit_level(sentence, title) == (level, unit)


def _corpus(docs):
    """docs: doc_id -> (province, title, text)."""
    documents, sentences, _ = make_corpus([{"doc_id": d, "province": p, "text": t} for d, (p, _, t) in docs.items()])
    documents["title"] = documents["doc_id"].map({d: title for d, (_, title, _) in docs.items()})
    rows = []
    for doc_id, (_, _, text) in docs.items():
        for i, c in enumerate(extract_claims(text)):
            rows.append({"doc_id": doc_id, "claim_index": i, **c})
    claims = pd.DataFrame(rows)
    codings = code_terms(sentences, [(d, 0, "audience", "dang_vien", "đảng viên") for d in docs])
    return documents, sentences, claims, codings


DOCS = {
    "a1": ("Lạng Sơn", "Lạng Sơn học tập nghị quyết", "Toàn tỉnh có 93,5% đảng viên tham gia học tập nghị quyết."),
    "b1": ("Cà Mau", "Thị ủy Bến Đá học tập nghị quyết", "Có 61% đảng viên tham gia học tập nghị quyết."),
    "c1": ("Bắc Ninh", None, "Đảng ủy Quân sự tỉnh tổ chức cho 100% đảng viên học tập nghị quyết."),
}


def test_only_province_wide_claims_are_compared():
    documents, sentences, claims, codings = _corpus(DOCS)
    out = participation_claims(claims, codings, documents, sentences).set_index("province")
    assert out.loc["Lạng Sơn", "unit_level"] == "province" and out.loc["Lạng Sơn", "values"] == "93.5"
    assert out.loc["Cà Mau", ["unit_level", "units"]].tolist() == ["sub-unit", "(title) Thị ủy Bến Đá"]
    assert out.loc["Bắc Ninh", ["unit_level", "units"]].tolist() == ["sub-unit", "Đảng ủy Quân sự tỉnh"]
    wide = participation_claims(claims, codings, documents, sentences, unit_levels=("province",))
    assert wide["province"].tolist() == ["Lạng Sơn"]


def test_the_note_says_when_it_is_not_a_comparison():
    from analysis.report.comparison import participation_note
    documents, sentences, claims, codings = _corpus(DOCS)
    out = participation_claims(claims, codings, documents, sentences)
    note = participation_note(out, ["Bắc Ninh", "Cà Mau", "Lạng Sơn"])
    assert note.startswith("Province-wide participation or completion claims: 1 of 3 provinces (Lạng Sơn: 1 claim, 1 document).")
    assert "2 claims about sub-provincial units (Bắc Ninh: Đảng ủy Quân sự tỉnh; Cà Mau: (title) Thị ủy Bến Đá)" in note
    assert "This is not a comparison" in note
    # two provinces, each with three documents of province-wide claims: a comparison
    many = {f"{p[0]}{i}": (p, None, f"Toàn tỉnh có {90 + i},{i}% đảng viên tham gia học tập nghị quyết.")
            for p in ("Lạng Sơn", "Cà Mau") for i in range(3)}
    documents, sentences, claims, codings = _corpus(many)
    note = participation_note(participation_claims(claims, codings, documents, sentences), ["Cà Mau", "Lạng Sơn"])
    assert "not a comparison" not in note and "2 of 2 provinces" in note and "Cà Mau: 3 claims, 3 documents" in note


def test_the_figure_draws_province_wide_claims_only():
    from analysis.report.comparison import plot_claim_ranges
    documents, sentences, claims, codings = _corpus(DOCS)
    ax = plot_claim_ranges(participation_claims(claims, codings, documents, sentences)).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 1 and labels[0].startswith("Lạng Sơn")
    assert "2 claims about sub-provincial units not drawn" in ax.get_title()
