"""Timeliness: central dates, follow-up lags to the day, censoring, 2025 regrouping."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.compare import central_resolutions, citations, follow_up_events, timeliness
from compare_fixtures import make_corpus

REF_COLUMNS = ["doc_id", "ref_index", "kind", "text", "start", "end", "sentence", "number",
               "doc_type", "issuer", "issued", "level", "term", "congress", "congress_level",
               "plenum", "key"]


def ref(doc_id: str, text: str, phrase: str, key: str, level: str, doc_type=None, issuer=None,
        issued=None, occurrence: int = 0) -> dict:
    """A references row for ``phrase`` as it occurs in ``text`` (its n-th occurrence)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    kind = "congress" if key.startswith("congress") else "plenum" if key.startswith("plenum") else "document"
    return {"doc_id": doc_id, "ref_index": 0, "kind": kind, "text": phrase, "start": start,
            "end": start + len(phrase), "sentence": None, "number": None, "doc_type": doc_type,
            "issuer": issuer, "issued": issued, "level": level, "term": None, "congress": None,
            "congress_level": None, "plenum": None, "key": key}


def sentences_of(doc_id: str, text: str) -> pd.DataFrame:
    from analysis.read.sentences import split_sentences

    return pd.DataFrame([{"doc_id": doc_id, "sentence_index": s.index, "paragraph": s.paragraph,
                          "start": s.start, "end": s.end, "text": s.text} for s in split_sentences(text)])


AN_GIANG = ("Thực hiện Nghị quyết Đại hội XIII của Đảng, Ban Thường vụ Tỉnh ủy An Giang đã ban hành "
            "Kế hoạch số 12-KH/TU ngày 5-3-2021 về học tập, quán triệt và tuyên truyền nghị quyết.")
KIEN_GIANG = ("Các cấp ủy trong tỉnh đang khẩn trương học tập Nghị quyết Đại hội XIII của Đảng. "
              "Hội nghị báo cáo viên được tổ chức tại Rạch Giá.")
EARLY = ("Theo Nghị quyết Đại hội XIII của Đảng và Kế hoạch số 99-KH/TU ngày 1-12-2020 "
         "chuẩn bị đại hội, Tỉnh ủy Cà Mau tổ chức tuyên truyền.")
OTHER_03 = ("Huyện ủy Đầm Dơi thực hiện Chỉ thị số 03-CT/TW ngày 10-1-2019 và ban hành "
            "Kế hoạch số 40-KH/HU ngày 2-2-2019.")
UNDATED = ("Tỉnh ủy Bắc Giang quán triệt Nghị quyết Trung ương 6 (khóa XI) và ban hành "
           "Chương trình số 45-CTr/TU ngày 20-12-2012.")


@pytest.fixture(scope="module")
def corpus(seed_documents):
    lang_son = seed_documents["004_ef6ca884f5ba382d"]
    bac_ninh = seed_documents["002_777384cab15c4b7c"]
    t4, t2 = lang_son.text, bac_ninh.text
    planted, planted_sents, _ = make_corpus([
        {"doc_id": "ag1", "province": "An Giang", "published": "2021-03-15", "text": AN_GIANG},
        {"doc_id": "kg1", "province": "Kiên Giang", "published": "2021-04-02", "text": KIEN_GIANG},
        {"doc_id": "cm1", "province": "Cà Mau", "published": "2021-03-01", "text": EARLY},
        {"doc_id": "cm2", "province": "Cà Mau", "published": "2019-03-01", "text": OTHER_03},
        {"doc_id": "bg1", "province": "Bắc Giang", "published": "2013-01-10", "text": UNDATED},
    ])
    seeds = pd.DataFrame([
        {"doc_id": "ls004", "province": "Lạng Sơn", "province_2025": "Lạng Sơn", "published": "2015-07-08", "text": t4},
        {"doc_id": "bn002", "province": "Bắc Ninh", "province_2025": "Bắc Ninh", "published": None, "text": t2},
    ])
    documents = pd.concat([seeds, planted[["doc_id", "province", "province_2025", "published", "text"]]],
                          ignore_index=True)
    sentences = pd.concat([sentences_of("ls004", t4), sentences_of("bn002", t2), planted_sents],
                          ignore_index=True)
    refs = [
        # seed 004, read by hand: the central document and the province's own instrument
        ref("ls004", t4, "Nghị quyết Trung ương 6 (khóa X)", "plenum:10:6", "central"),
        ref("ls004", t4, "Nghị quyết số 07-NQ/TW ngày 6-11-2006", "07-NQ/TW", "central", "NQ", "TW", "2006-11-06"),
        ref("ls004", t4, "Nghị quyết số 24-NQ/TU ngày 16-8-2011", "24-NQ/TU", "provincial", "NQ", "TU", "2011-08-16"),
        ref("ls004", t4, "Chỉ thị số 10-CT/TW ngày 30-3-2007", "10-CT/TW", "central", "CT", "TW", "2007-03-30"),
        ref("ls004", t4, "Chỉ thị số 29-CT/TU ngày 20-5-2008", "29-CT/TU", "provincial", "CT", "TU", "2008-05-20"),
        ref("ls004", t4, "Nghị quyết số 67-NQ/TU ngày 11-9-2013", "67-NQ/TU", "provincial", "NQ", "TU", "2013-09-11"),
        ref("ls004", t4, "Nghị quyết số 37-NQ/TU ngày 13-2-2012", "37-NQ/TU", "provincial", "NQ", "TU", "2012-02-13"),
        ref("ls004", t4, "Quy định số 57-QĐ/TW ngày 3-5-2007", "57-QĐ/TW", "central", "QĐ", "TW", "2007-05-03"),
        ref("ls004", t4, "Quy định số 228-QĐ/TW ngày 7-2-2014", "228-QĐ/TW", "central", "QĐ", "TW", "2014-02-07"),
        ref("ls004", t4, "Nghị quyết Đại hội XI của Đảng", "congress:national:11", "central"),
        # seed 002: the plan is dated only "tháng 5/2016", so it is not a dated follow-up
        ref("bn002", t2, "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng", "congress:national:12", "central"),
        ref("bn002", t2, "Kế hoạch số 13-KH/TU", "13-KH/TU", "provincial", "KH", "TU", None),
        ref("ag1", AN_GIANG, "Nghị quyết Đại hội XIII của Đảng", "congress:national:13", "central"),
        ref("ag1", AN_GIANG, "Kế hoạch số 12-KH/TU ngày 5-3-2021", "12-KH/TU", "provincial", "KH", "TU", "2021-03-05"),
        ref("kg1", KIEN_GIANG, "Nghị quyết Đại hội XIII của Đảng", "congress:national:13", "central"),
        ref("cm1", EARLY, "Nghị quyết Đại hội XIII của Đảng", "congress:national:13", "central"),
        ref("cm1", EARLY, "Kế hoạch số 99-KH/TU ngày 1-12-2020", "99-KH/TU", "provincial", "KH", "TU", "2020-12-01"),
        ref("cm2", OTHER_03, "Chỉ thị số 03-CT/TW ngày 10-1-2019", "03-CT/TW", "central", "CT", "TW", "2019-01-10"),
        ref("cm2", OTHER_03, "Kế hoạch số 40-KH/HU ngày 2-2-2019", "40-KH/HU", "district", "KH", "HU", "2019-02-02"),
        ref("bg1", UNDATED, "Nghị quyết Trung ương 6 (khóa XI)", "plenum:11:6", "central"),
        ref("bg1", UNDATED, "Chương trình số 45-CTr/TU ngày 20-12-2012", "45-CTr/TU", "provincial", "CTr", "TU", "2012-12-20"),
    ]
    references = pd.DataFrame(refs, columns=REF_COLUMNS)
    references["ref_index"] = references.groupby("doc_id").cumcount()
    return documents, sentences, references


def cell(table, unit_value, key, column, grouping="province"):
    row = table[(table[grouping] == unit_value) & (table["key"] == key)]
    assert len(row) == 1, (unit_value, key)
    return row.iloc[0][column]


def test_known_lags_to_the_day_in_seed_004(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences)
    # Chỉ thị 10-CT/TW (30-3-2007) -> Chỉ thị 29-CT/TU of the Lạng Sơn Standing Committee (20-5-2008)
    assert cell(out, "Lạng Sơn", "10-CT/TW", "first_follow_up_key") == "29-CT/TU"
    assert cell(out, "Lạng Sơn", "10-CT/TW", "lag_days") == 417
    # Trung ương 6 khóa X (first resolution 28-1-2008) -> 24-NQ/TU (16-8-2011), same sentence
    assert cell(out, "Lạng Sơn", "plenum:10:6", "first_follow_up_key") == "24-NQ/TU"
    assert cell(out, "Lạng Sơn", "plenum:10:6", "lag_days") == 1296
    assert cell(out, "Lạng Sơn", "07-NQ/TW", "lag_days") == 1744
    assert cell(out, "Lạng Sơn", "10-CT/TW", "status") == "observed"
    start = cell(out, "Lạng Sơn", "10-CT/TW", "follow_up_start")
    text = documents.set_index("doc_id").loc["ls004", "text"]
    assert text[int(start):int(cell(out, "Lạng Sơn", "10-CT/TW", "follow_up_end"))] == "Chỉ thị số 29-CT/TU ngày 20-5-2008"
    # a planted province: Đại hội XIII closed 1-2-2021, plan 12-KH/TU on 5-3-2021, report 15-3-2021
    assert cell(out, "An Giang", "congress:national:13", "lag_days") == 32
    assert cell(out, "An Giang", "congress:national:13", "report_lag_days") == 42


def test_no_follow_up_is_censored_not_zero(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences)
    # Kiên Giang cites Đại hội XIII but names no plan: censored at the latest date in the corpus
    kg = out[(out.province == "Kiên Giang") & (out.key == "congress:national:13")].iloc[0]
    assert np.isnan(kg.lag_days) and kg.censored and kg.status == "censored"
    assert kg.censor_date == "2021-04-02" and kg.duration_days == 60
    # Bắc Ninh's plan 13-KH/TU has only a month: no dated follow-up, censored
    bn = out[(out.province == "Bắc Ninh") & (out.key == "congress:national:12")].iloc[0]
    assert bn.censored and np.isnan(bn.lag_days) and bn.duration_days == 1891
    assert bn.n_citing_documents == 1 and pd.isna(bn.first_report_published)
    # Lạng Sơn's Quy định 57-QĐ/TW sentence names no provincial instrument
    assert cell(out, "Lạng Sơn", "57-QĐ/TW", "censored")
    # provinces that never cite a key are reported too, censored with zero citing documents
    row = out[(out.province == "Bắc Ninh") & (out.key == "10-CT/TW")].iloc[0]
    assert row.censored and row.n_citing_documents == 0
    # a censoring date can be given
    later = timeliness(documents, references, sentences, censor_date="2021-12-31")
    assert cell(later, "Kiên Giang", "congress:national:13", "duration_days") == 333


def test_plan_issued_before_the_central_date_is_not_a_follow_up(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences)
    assert cell(out, "Cà Mau", "congress:national:13", "censored")
    events = follow_up_events(documents, references, sentences)
    assert "99-KH/TU" not in set(events.follow_up_key)


def test_same_number_different_document_is_not_a_citation(corpus):
    _, _, references = corpus
    cited = citations(references)
    # 03-CT/TW of 10-1-2019 is not the Politburo's 03-CT/TW of 14-5-2011
    assert not ((cited.doc_id == "cm2") & (cited.key == "03-CT/TW")).any()
    assert ((cited.doc_id == "ls004") & (cited.key == "10-CT/TW")).any()


def test_central_date_not_known_to_the_day(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences)
    row = out[(out.province == "Bắc Giang") & (out.key == "plenum:11:6")].iloc[0]
    assert row.status == "central_undated" and not row.censored and np.isnan(row.lag_days)


def test_wider_window_misattributes(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences, window="document", keys=["plenum:10:6"])
    # in the whole document the first dated plan after 28-1-2008 is 29-CT/TU (for 10-CT/TW)
    assert cell(out, "Lạng Sơn", "plenum:10:6", "first_follow_up_key") == "29-CT/TU"
    assert cell(out, "Lạng Sơn", "plenum:10:6", "lag_days") == 113


def test_2025_regrouping_takes_the_first_follow_up_of_the_merged_province(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences, grouping="province_2025",
                     keys=["congress:national:13"])
    # An Giang and Kiên Giang form the 2025 province An Giang: observed, 32 days
    ag = out[out.province_2025 == "An Giang"].iloc[0]
    assert ag.lag_days == 32 and not ag.censored and ag.n_documents == 2 and ag.n_citing_documents == 2
    assert ag.members == "An Giang; Kiên Giang" and ag.members_in_corpus == "An Giang; Kiên Giang"
    assert out["key"].eq("congress:national:13").all()
    assert out.province_2025.tolist() == sorted(out.province_2025)


def test_output_is_sorted_and_deterministic(corpus):
    documents, sentences, references = corpus
    a = timeliness(documents, references, sentences)
    b = timeliness(documents.sample(frac=1, random_state=3), references.sample(frac=1, random_state=4),
                   sentences)
    pd.testing.assert_frame_equal(a, b)


def test_central_table_is_well_formed():
    table = central_resolutions()
    assert table.key.is_unique
    assert set(table.date_precision) <= {"day", "month", "year"}
    assert set(table.confidence) <= {"high", "medium", "low"}
    day = table[table.date_precision == "day"]
    assert pd.to_datetime(day.issued, format="%Y-%m-%d").notna().all()
    assert table[table.date_precision != "day"].issued.isna().all()
    assert table.source.notna().all()
    required = {"congress:national:11", "congress:national:12", "congress:national:13",
                "congress:national:14", "plenum:10:6", "plenum:11:3", "plenum:11:4", "plenum:11:5",
                "plenum:11:6", "plenum:13:4", "plenum:13:5", "plenum:13:6", "plenum:13:8",
                "03-CT/TW", "10-CT/TW", "57-QĐ/TW", "228-QĐ/TW", "58-NQ/TW", "07-NQ/TW"}
    assert required <= set(table.key)
    dates = table.set_index("key").issued
    assert dates["congress:national:11"] == "2011-01-19"
    assert dates["congress:national:12"] == "2016-01-28"
    assert dates["congress:national:13"] == "2021-02-01"
    assert dates["congress:national:14"] == "2026-01-23"
    assert dates["plenum:11:4"] == "2012-01-16"
    assert dates["03-CT/TW"] == "2011-05-14" and dates["10-CT/TW"] == "2007-03-30"
    # the documentation lists every key
    doc = (Path(__file__).resolve().parents[1] / "docs" / "central-resolutions.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in doc for key in table.key)


def test_sentence_index_of_the_references_table_is_used_without_sentences(corpus):
    documents, sentences, references = corpus
    starts = sentences.sort_values(["doc_id", "start"])
    located = []
    for row in references.itertuples():
        s = starts[(starts.doc_id == row.doc_id) & (starts.start <= row.start)].iloc[-1]
        located.append(int(s.sentence_index))
    with_index = references.assign(sentence_index=located)
    a = timeliness(documents, with_index, None)
    b = timeliness(documents, references, sentences)
    pd.testing.assert_frame_equal(a, b)
    # without the index, the sentences table, or the sentence text, a sentence window is impossible
    with pytest.raises(ValueError):
        timeliness(documents, references.drop(columns=["sentence"]), None)
    with pytest.raises(ValueError):  # a sentence column of nulls does not locate anything
        timeliness(documents, references, None)
