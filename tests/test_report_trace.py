"""Notebook 30's views on planted articles: formulas without the resolution's own citation, and
messages that explain a missing lag (sentences written for these tests)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis.extract import extract_document
from analysis.read.sentences import split_sentences
from analysis.report import trace

CITE = ("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh, ")
SHARED = "các cấp ủy đã tổ chức quán triệt sâu rộng đến từng chi bộ và đảng viên ở cơ sở"
ARTICLES = [
    ("a", "Bến Tre", "2017-03-01", CITE + SHARED + ". Huyện Ba Tri có nhiều mô hình hay về chăm sóc cây dừa."),
    ("b", "Trà Vinh", None, CITE + SHARED + ". Nhiều gương điển hình được khen thưởng kịp thời trong năm qua."),
    ("c", "Sóc Trăng", "2017-05-01", CITE + SHARED + ". Việc học tập làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
     "trở thành nền nếp."),
]


def _tables(articles=ARTICLES) -> dict:
    documents, references, sentences, tokens = [], [], [], []
    for doc_id, province, published, text in articles:
        documents.append({"doc_id": doc_id, "province": province, "province_2025": province, "published": published,
                          "title": None, "text": text})
        for i, r in enumerate(extract_document(text, {"province": province, "published": published})["references"]):
            references.append({**r, "doc_id": doc_id, "ref_index": i})
        for s in split_sentences(text):
            sentences.append({"doc_id": doc_id, "sentence_index": s.index, "paragraph": s.paragraph,
                              "start": s.start, "end": s.end, "text": s.text})
        for position, m in enumerate(re.finditer(r"\w+|[^\w\s]", text)):
            tokens.append({"doc_id": doc_id, "sentence_index": 0, "position": position, "start": m.start(),
                           "end": m.end(), "token": m.group(), "norm": m.group().lower(), "is_stop": False})
    return {"documents": pd.DataFrame(documents), "references": pd.DataFrame(references),
            "sentences": pd.DataFrame(sentences), "tokens": pd.DataFrame(tokens)}


@pytest.fixture(scope="module")
def tables():
    return _tables()


def test_formulas_leave_out_the_resolutions_own_citation_and_subject(tables):
    formulas = trace.resolution_formulas(tables, "05-CT/TW:2016")
    text = " ".join(formulas["formula"])
    assert "quán triệt sâu rộng đến từng chi bộ" in text  # the province's own shared words travel
    assert "phong cách" not in text and "05" not in text and "bộ chính trị" not in text


def test_lag_message_explains_what_is_missing(tables):
    lags = trace.resolution_follow_ups(tables, "05-CT/TW:2016")
    message = trace.lag_message(tables, "05-CT/TW:2016", lags)
    assert message.startswith("Lags start from 2016-05-15 (its date line).")
    assert "3 provinces cite it: 0 with a dated follow-up document" in message
    assert "No citing article names a provincial plan" in message
    # wording changed on purpose (reviewer C): "2 have a report lag" -> what it is, and n=1 flagged
    assert "2 have a first dated citation in this corpus" in message
    assert "2 of them rest on a single article (n=1), which is not a finding" in message
    # nothing cites it
    assert trace.lag_message(tables, "35-CT/TW:2019", lags.iloc[0:0]) == "No article in this corpus cites 35-CT/TW:2019."


def test_lag_message_for_a_date_known_only_to_the_month():
    text = "Tỉnh ủy quán triệt Nghị quyết Trung ương 12 (khóa XI) đến cán bộ chủ chốt."
    tables = _tables([("m", "Lào Cai", "2015-08-01", text)])
    lags = trace.resolution_follow_ups(tables, "plenum:11:12")
    assert set(lags.status) == {"central_undated"}
    message = trace.lag_message(tables, "plenum:11:12", lags)
    assert message.startswith("No lag can be computed: the date of plenum:11:12 is not known to the day")
    assert message.endswith("another date basis may have one (now 'issued'). 1 province cites it.")


def test_citations_without_a_province_are_counted_in_the_message():
    articles = [("x", None, "2017-03-01", CITE + SHARED + ".")]
    tables = _tables(articles)
    lags = trace.resolution_follow_ups(tables, "05-CT/TW:2016")
    message = trace.lag_message(tables, "05-CT/TW:2016", lags)
    assert lags.empty and "1 of 1 citing articles have no province" in message
    assert message.endswith("No citing article has a province, so the table is empty.")


def test_unplaced_documents_are_listed_with_their_reason():
    from analysis.report import explore

    documents = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "path": ["a.txt", "b.txt", "c.txt"], "published": [None, "2025-09-01", None],
        "title": ["A", "B", "C"], "province": ["Lạng Sơn", None, None], "province_2025": ["Lạng Sơn", "Phú Thọ", None],
        "province_evidence": ['["body: Tỉnh ủy Lạng Sơn"]',
                              '["after 1 July 2025: placed in the 2025 province Phú Thọ (merged Hòa Bình, Phú Thọ, Vĩnh Phúc); the pre-2025 province is not stated"]',
                              '["no province: no province, district or outlet named"]']})
    out = explore.unplaced_documents({"documents": documents})
    assert out["path"].tolist() == ["b.txt", "c.txt"]
    assert out["reason"].tolist()[1] == "no province: no province, district or outlet named"
    assert out["reason"].tolist()[0].startswith("after 1 July 2025")


def test_resolution_parameter_with_and_without_its_year():
    from analysis.params import ParameterError
    from analysis.report.common import resolve_resolution

    tables = _tables([("a", "Bến Tre", "2020-01-05", "Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị."),
                      ("b", "Trà Vinh", "2024-08-05", "Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị."),
                      ("c", "Sóc Trăng", "2021-03-01", "Quán triệt Nghị quyết Trung ương 4 khóa XI.")])
    refs, docs = tables["references"], tables["documents"]
    assert resolve_resolution("35-CT/TW 2019", refs, docs) == "35-CT/TW:2019"
    assert resolve_resolution("35-CT/TW:2024", refs, docs) == "35-CT/TW:2024"
    assert resolve_resolution("Trung ương 4 khóa XI", refs, docs) == "plenum:11:4"
    with pytest.raises(ParameterError, match="35-CT/TW:2019, 35-CT/TW:2024"):
        resolve_resolution("35-CT/TW", refs, docs)


def test_formulas_leave_out_other_quoted_titles():
    """A slogan quoted by every citing article is not a formula that travels with the resolution."""
    slogan = " Các chi bộ hưởng ứng phong trào “Dân vận khéo giữa mùa nước nổi miền Tây quê mình”."
    articles = [(d, p, day, text + slogan) for d, p, day, text in ARTICLES]
    formulas = trace.resolution_formulas(_tables(articles), "05-CT/TW:2016")
    text = " ".join(formulas["formula"])
    assert "quán triệt sâu rộng đến từng chi bộ" in text
    assert "dân vận khéo" not in text and "mùa nước nổi" not in text
    # it would be one without the exclusion
    tables = _tables(articles)
    with_quotes = trace.widespread_formulas(tables["tokens"], tables["documents"], exclude_citations=False, top=None)
    assert any("mùa nước nổi" in f for f in with_quotes["formula"])


def test_undated_citations_are_not_drawn_as_censored_bars():
    lags = pd.DataFrame({"province": ["An Giang", "Bắc Kạn", "Cà Mau"],
                         "status": ["observed", "cited_undated", "cited_no_instrument"],
                         "lag_days": [30.0, np.nan, np.nan], "duration_days": [30.0, np.nan, np.nan],
                         "report_lag_days": [45.0, np.nan, 400.0], "approx_report_lag_days": [np.nan, np.nan, np.nan],
                         "n_citing_documents": [2, 1, 1]})
    ax = trace.plot_lags(lags, basis="its date line").axes[0]
    assert len(ax.patches) == 1  # one bar: the observed follow-up; no bar for the undated or the merely cited
    assert [t.get_text() for t in ax.get_yticklabels()] == ["An Giang (n=2)", "Bắc Kạn (n=1)", "Cà Mau (n=1)"]
    assert any("cited, undated" in t.get_text() for t in ax.texts) and "its date line" in ax.get_xlabel()


@pytest.mark.parametrize("n_rows", [1, 2, 12])
def test_lag_figure_rows_keep_clear_of_title_and_axis(n_rows):
    """The first and last rows (dots and "cited, undated" labels, no bars to pad the axis) sit more
    than half a row inside the frame, for one row and for many."""
    statuses = ["cited_undated", "cited_no_instrument"] * n_rows
    lags = pd.DataFrame({"province": [f"Tỉnh {i:02d}" for i in range(n_rows)], "status": statuses[:n_rows],
                         "n_citing_documents": [1] * n_rows, "report_lag_days": [400.0] * n_rows,
                         "approx_report_lag_days": [np.nan] * n_rows, "lag_days": [np.nan] * n_rows,
                         "duration_days": [np.nan] * n_rows})
    fig = trace.plot_lags(lags, title="Days from a resolution with a long name to the first provincial follow-up")
    ax = fig.axes[0]
    bottom, top = ax.get_ylim()
    assert top < bottom  # first row at the top
    assert top <= -0.5 - 0.25 and bottom >= (n_rows - 1) + 0.5 + 0.25
    import matplotlib.pyplot as plt
    plt.close(fig)
