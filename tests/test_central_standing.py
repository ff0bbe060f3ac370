"""Which citations of the centre the citation matrix and timeliness count: the Party centre's policy
documents with their year, congresses, plenums with their term. Central agencies' documents, other
document types and ambiguous citations are set apart with the reason (sentences written for these
tests in the style of provincial papers)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare import timeliness
from analysis.compare.timeliness import citation_standing, citations, set_aside_citations
from analysis.extract import extract_document
from analysis.extract.references import central_standing, extract_references, is_central_agency, issuer_level
from analysis.report import comparison


def keys(text, kind=None, **kwargs):
    return [r["key"] for r in extract_references(text, **kwargs) if kind is None or r["kind"] == kind]


# --- issuers: the centre, its agencies --------------------------------------------------------

@pytest.mark.parametrize("issuer,level,agency", [
    ("TW", "central", False), ("TƯ", "central", False),
    ("VPTW", "central", True), ("QUTW", "central", True), ("BTGTW", "central", True),
    ("BTGDVTW", "central", True), ("BTCTƯ", "central", True), ("UBKTTW", "central", True),
    ("ĐUCATW", "central", True), ("ĐUKCQTW", "central", True),
    ("TU", "provincial", False), ("BTGTU", "provincial", False), ("HU", "district", False), ("HĐND", "state", False),
])
def test_issuer_level_and_central_agencies(issuer, level, agency):
    # a central agency is at the central level (the design's four levels), but it is not the Party centre
    assert issuer_level(issuer) == level
    assert is_central_agency(issuer) is agency


def test_agency_documents_are_central_with_role_agency():
    text = ("Ngày 3/4, Văn phòng Trung ương Đảng có Công văn số 5120-CV/VPTW truyền đạt ý kiến của Ban Bí thư; "
            "Đảng ủy Quân sự tỉnh quán triệt Nghị quyết số 230-NQ/QUTW ngày 2/4/2022 của Quân ủy Trung ương "
            "và Nghị quyết số 12-NQ/TW ngày 16/1/2012.")
    found = [(r["key"], r["level"], r["central_role"]) for r in extract_references(text, province="Nghệ An")]
    # no province in the key: a central agency numbers its documents for the whole country
    assert found == [("5120-CV/VPTW", "central", "agency"), ("230-NQ/QUTW:2022", "central", "agency"),
                     ("12-NQ/TW:2012", "central", "policy")]
    assert [r["central_role"] for r in extract_references("Kế hoạch số 12-KH/TU ngày 5/3/2021 của Tỉnh ủy")] == [None]


@pytest.mark.parametrize("kind,level,doc_type,issuer,standing", [
    ("document", "central", "NQ", "TW", "policy"), ("document", "central", "CT", "TW", "policy"),
    ("document", "central", "KL", "TW", "policy"), ("document", "central", "QĐi", "TW", "policy"),
    ("document", "central", "HD", "TW", "policy"),
    ("document", "central", "CV", "TW", "not policy"), ("document", "central", "TB", "TW", "not policy"),
    ("document", "central", "KH", "TW", "not policy"), ("document", "central", "BC", "TW", "not policy"),
    ("document", "central", "NQ", "QUTW", "agency"), ("document", "central", "HD", "BTGTW", "agency"),
    ("plenum", "central", None, None, "policy"), ("congress", "central", None, None, "policy"),
    ("document", "provincial", "NQ", "TU", None), ("document", "state", "NQ", "HĐND", None),
])
def test_central_standing(kind, level, doc_type, issuer, standing):
    assert central_standing(kind, level, doc_type, issuer) == standing


# --- a year the article settles -----------------------------------------------------------------

def test_congress_prepared_for_settles_a_reused_number():
    # 35-CT/TW exists in 2019 (before congress XIII) and in 2024 (before congress XIV)
    xiii = ("Tỉnh ủy chỉ đạo thực hiện nghiêm Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp, tiến tới Đại hội "
            "đại biểu toàn quốc lần thứ XIII của Đảng.")
    xiv = "Các chi bộ tổ chức đại hội theo Chỉ thị 35-CT/TW của Bộ Chính trị, hướng tới Đại hội XIV của Đảng."
    before = "Chuẩn bị Đại hội XIV của Đảng, Ban Thường vụ Tỉnh ủy quán triệt Chỉ thị 35-CT/TW cho các cấp ủy."
    assert keys(xiii, "document") == ["35-CT/TW:2019"]
    assert keys(xiv, "document") == ["35-CT/TW:2024"]
    assert keys(before, "document") == ["35-CT/TW:2024"]


def test_congress_in_another_sentence_or_a_provincial_congress_does_not_settle_it():
    other_sentence = ("Tỉnh ủy quán triệt Chỉ thị 35-CT/TW cho cán bộ chủ chốt. Toàn tỉnh thi đua chào mừng "
                      "Đại hội XIV của Đảng.")
    provincial = "Thực hiện Chỉ thị 35-CT/TW, tiến tới Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII."
    two = "Thực hiện Chỉ thị 35-CT/TW, tiến tới Đại hội XIII và chuẩn bị cho Đại hội XIV của Đảng."
    assert keys(other_sentence, "document") == ["35-CT/TW"]
    assert keys(provincial, "document") == ["35-CT/TW"]
    assert keys(two, "document") == ["35-CT/TW"]  # two congresses named: no guess


# --- a plenum's term from the subject printed after it -------------------------------------------

def test_plenum_term_from_a_quoted_title():
    text = "Hội nghị sơ kết việc thực hiện Nghị quyết TƯ 4 “Một số vấn đề cấp bách về xây dựng Đảng hiện nay” tại huyện."
    assert keys(text, "plenum") == ["plenum:11:4"]


def test_plenum_term_from_its_subject():
    text = "Huyện ủy coi việc thực hiện Nghị quyết Trung ương 7 về nông nghiệp, nông dân, nông thôn là nhiệm vụ trọng tâm."
    assert keys(text, "plenum") == ["plenum:10:7"]


def test_plenum_subject_that_fits_no_catalogued_resolution_leaves_the_term_unknown():
    text = "Đảng bộ xã thực hiện Nghị quyết Trung ương 7 về giữ gìn vệ sinh đường làng ngõ xóm sạch đẹp."
    assert keys(text, "plenum") == ["plenum:?:7"]
    assert keys("Quán triệt Nghị quyết Trung ương 4 cho đảng viên mới.", "plenum") == ["plenum:?:4"]


def test_plenum_held_after_the_article_is_not_a_candidate():
    # the 7th plenum of term X (2008) issued the resolution on agriculture; an article of 2005 cannot cite it
    text = "Huyện ủy coi việc thực hiện Nghị quyết Trung ương 7 về nông nghiệp, nông dân, nông thôn là nhiệm vụ trọng tâm."
    assert keys(text, "plenum", published="2005-06-01") == ["plenum:?:7"]


# --- what the matrix and timeliness count, and what they list apart ------------------------------

ARTICLES = [
    ("a", "Bến Tre", "2021-05-04", "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Tỉnh ủy ban hành "
     "Kế hoạch số 20-KH/TU ngày 1/3/2021. Văn phòng Trung ương Đảng có Văn bản số 8123-CV/VPTW về việc này."),
    ("b", "Trà Vinh", None, "Tỉnh ủy quán triệt Chỉ thị 35-CT/TW của Bộ Chính trị cho các đồng chí chủ chốt."),
    ("c", "Sóc Trăng", "2022-02-01", "Đảng ủy Quân sự tỉnh học tập Nghị quyết số 230-NQ/QUTW ngày 2/4/2021 của Quân "
     "ủy Trung ương và Thông báo số 15-TB/TW ngày 5/1/2022 của Ban Bí thư; quán triệt Nghị quyết Trung ương 4 cho "
     "đảng viên mới."),
    ("d", "Trà Vinh", "2021-06-01", "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016, các chi bộ sinh hoạt chuyên đề."),
]


def _tables(articles=ARTICLES) -> dict:
    documents, references = [], []
    for doc_id, province, published, text in articles:
        documents.append({"doc_id": doc_id, "province": province, "province_2025": province, "published": published,
                          "title": None, "text": text})
        for i, r in enumerate(extract_document(text, {"province": province, "published": published})["references"]):
            references.append({**r, "doc_id": doc_id, "ref_index": i})
    return {"documents": pd.DataFrame(documents), "references": pd.DataFrame(references)}


@pytest.fixture(scope="module")
def tables():
    return _tables()


def test_citation_standing_of_each_reference(tables):
    t = citation_standing(tables["references"], documents=tables["documents"]).set_index("key")
    assert t.loc["05-CT/TW:2016", "standing"].tolist() == ["counted", "counted"]
    assert t.loc["8123-CV/VPTW", "standing"] == "central agency"
    assert t.loc["230-NQ/QUTW:2021", "standing"] == "central agency"
    assert t.loc["15-TB/TW:2022", "standing"] == "not a policy document"
    assert t.loc["35-CT/TW", "standing"] == "ambiguous"
    assert t.loc["35-CT/TW", "candidates"] == "35-CT/TW:2019; 35-CT/TW:2024"
    assert "undated" in t.loc["35-CT/TW", "reason"]
    # a plenum without its term: the candidates are the 4th plenums met by the article's date (2022)
    candidates = t.loc["plenum:?:4", "candidates"].split("; ")
    assert "plenum:11:4" in candidates and "plenum:13:4" in candidates
    assert all(int(k.split(":")[1]) <= 13 for k in candidates)  # term XIV had not met in 2022
    assert "KH/TU" not in " ".join(t.index)  # a provincial plan is not the centre's


def test_matrix_counts_only_the_centres_policy_documents(tables):
    matrix = comparison.citation_matrix(tables, ["Bến Tre", "Sóc Trăng", "Trà Vinh"])
    assert list(matrix.columns) == ["05-CT/TW:2016"]
    assert matrix["05-CT/TW:2016"].tolist() == [1, 0, 1]


def test_set_aside_lists_what_the_matrix_leaves_out(tables):
    out = comparison.citations_set_aside(tables, ["Bến Tre", "Sóc Trăng", "Trà Vinh"])
    rows = out[["province", "key", "standing"]].values.tolist()
    assert rows == [["Trà Vinh", "35-CT/TW", "ambiguous"], ["Sóc Trăng", "plenum:?:4", "ambiguous"],
                    ["Sóc Trăng", "230-NQ/QUTW:2021", "central agency"], ["Bến Tre", "8123-CV/VPTW", "central agency"],
                    ["Sóc Trăng", "15-TB/TW:2022", "not a policy document"]]
    assert out["reason"].str.len().gt(20).all()


def test_timeliness_and_citations_leave_agencies_other_types_and_ambiguous_keys_out(tables):
    cited = citations(tables["references"], documents=tables["documents"])
    assert not cited["key"].isin(["8123-CV/VPTW", "230-NQ/QUTW:2021", "15-TB/TW:2022"]).any()
    lags = timeliness(tables["documents"], tables["references"])
    assert sorted(lags["key"].unique()) == ["05-CT/TW:2016"]
    # asked for by name, an ambiguous key still gets its row, undated and saying why
    asked = timeliness(tables["documents"], tables["references"], keys=["35-CT/TW"])
    row = asked[asked["province"] == "Trà Vinh"].iloc[0]
    assert row["status"] == "central_undated" and row["date_basis"].startswith("year not stated")


def test_matrix_figure_has_one_line_labels_and_each_province_with_its_n(tables):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    matrix = comparison.citation_matrix(tables, ["Bến Tre", "Sóc Trăng", "Trà Vinh"])
    fig = comparison.plot_citation_matrix(matrix)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["05-CT/TW, 2016"]
    n = tables["documents"].groupby("province")["doc_id"].nunique()
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{p} (n={n[p]})" for p in ["Bến Tre", "Sóc Trăng", "Trà Vinh"]]
    colourbar = fig.axes[1]
    ticks = [t for t in colourbar.get_yticks() if colourbar.get_ylim()[0] <= t <= colourbar.get_ylim()[1]]
    assert all(float(t).is_integer() for t in ticks)  # documents are counted, not measured
    matplotlib.pyplot.close(fig)
