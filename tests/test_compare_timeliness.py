"""Timeliness: central dates and their basis, follow-up lags to the day, censoring, preparation, 2025 regrouping."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.compare import central_catalogue, central_dates, citations, follow_up_events, timeliness
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
UNDATED = ("Tỉnh ủy Bắc Giang quán triệt Nghị quyết Trung ương 12 (khóa XI) và ban hành "
           "Chương trình số 45-CTr/TU ngày 20-7-2015.")


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
        {"doc_id": "bg1", "province": "Bắc Giang", "published": "2015-08-10", "text": UNDATED},
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
        ref("ls004", t4, "Nghị quyết số 07-NQ/TW ngày 6-11-2006", "07-NQ/TW:2006", "central", "NQ", "TW", "2006-11-06"),
        ref("ls004", t4, "Nghị quyết số 24-NQ/TU ngày 16-8-2011", "24-NQ/TU:2011@Lạng Sơn", "provincial", "NQ", "TU", "2011-08-16"),
        ref("ls004", t4, "Chỉ thị số 10-CT/TW ngày 30-3-2007", "10-CT/TW:2007", "central", "CT", "TW", "2007-03-30"),
        ref("ls004", t4, "Chỉ thị số 29-CT/TU ngày 20-5-2008", "29-CT/TU:2008@Lạng Sơn", "provincial", "CT", "TU", "2008-05-20"),
        ref("ls004", t4, "Nghị quyết số 67-NQ/TU ngày 11-9-2013", "67-NQ/TU:2013@Lạng Sơn", "provincial", "NQ", "TU", "2013-09-11"),
        ref("ls004", t4, "Nghị quyết số 37-NQ/TU ngày 13-2-2012", "37-NQ/TU:2012@Lạng Sơn", "provincial", "NQ", "TU", "2012-02-13"),
        ref("ls004", t4, "Quy định số 57-QĐ/TW ngày 3-5-2007", "57-QĐ/TW:2007", "central", "QĐ", "TW", "2007-05-03"),
        ref("ls004", t4, "Quy định số 228-QĐ/TW ngày 7-2-2014", "228-QĐ/TW:2014", "central", "QĐ", "TW", "2014-02-07"),
        ref("ls004", t4, "Nghị quyết Đại hội XI của Đảng", "congress:national:11", "central"),
        # seed 002: the plan is dated only "tháng 5/2016", so it is not a dated follow-up
        ref("bn002", t2, "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng", "congress:national:12", "central"),
        ref("bn002", t2, "Kế hoạch số 13-KH/TU", "13-KH/TU@Bắc Ninh", "provincial", "KH", "TU", None),
        ref("ag1", AN_GIANG, "Nghị quyết Đại hội XIII của Đảng", "congress:national:13", "central"),
        ref("ag1", AN_GIANG, "Kế hoạch số 12-KH/TU ngày 5-3-2021", "12-KH/TU:2021@An Giang", "provincial", "KH", "TU", "2021-03-05"),
        ref("kg1", KIEN_GIANG, "Nghị quyết Đại hội XIII của Đảng", "congress:national:13", "central"),
        ref("cm1", EARLY, "Nghị quyết Đại hội XIII của Đảng", "congress:national:13", "central"),
        ref("cm1", EARLY, "Kế hoạch số 99-KH/TU ngày 1-12-2020", "99-KH/TU:2020@Cà Mau", "provincial", "KH", "TU", "2020-12-01"),
        ref("cm2", OTHER_03, "Chỉ thị số 03-CT/TW ngày 10-1-2019", "03-CT/TW:2019", "central", "CT", "TW", "2019-01-10"),
        ref("cm2", OTHER_03, "Kế hoạch số 40-KH/HU ngày 2-2-2019", "40-KH/HU:2019@Cà Mau", "district", "KH", "HU", "2019-02-02"),
        ref("bg1", UNDATED, "Nghị quyết Trung ương 12 (khóa XI)", "plenum:11:12", "central"),
        ref("bg1", UNDATED, "Chương trình số 45-CTr/TU ngày 20-7-2015", "45-CTr/TU:2015@Bắc Giang", "provincial", "CTr", "TU", "2015-07-20"),
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
    assert cell(out, "Lạng Sơn", "10-CT/TW:2007", "first_follow_up_key") == "29-CT/TU:2008@Lạng Sơn"
    assert cell(out, "Lạng Sơn", "10-CT/TW:2007", "lag_days") == 417
    # Trung ương 6 khóa X (first resolution 28-1-2008) -> 24-NQ/TU (16-8-2011), same sentence
    assert cell(out, "Lạng Sơn", "plenum:10:6", "first_follow_up_key") == "24-NQ/TU:2011@Lạng Sơn"
    assert cell(out, "Lạng Sơn", "plenum:10:6", "lag_days") == 1296
    assert cell(out, "Lạng Sơn", "07-NQ/TW:2006", "lag_days") == 1744  # not catalogued: the printed date
    assert cell(out, "Lạng Sơn", "10-CT/TW:2007", "status") == "observed"
    start = cell(out, "Lạng Sơn", "10-CT/TW:2007", "follow_up_start")
    text = documents.set_index("doc_id").loc["ls004", "text"]
    assert text[int(start):int(cell(out, "Lạng Sơn", "10-CT/TW:2007", "follow_up_end"))] == "Chỉ thị số 29-CT/TU ngày 20-5-2008"
    # a planted province: Đại hội XIII closed 1-2-2021, plan 12-KH/TU on 5-3-2021, report 15-3-2021
    assert cell(out, "An Giang", "congress:national:13", "lag_days") == 32
    assert cell(out, "An Giang", "congress:national:13", "report_lag_days") == 42


def test_no_follow_up_is_not_zero_and_only_no_citation_is_censored(corpus):
    # Behaviour changed on purpose (reviewer A/C): a province that cites a key without naming a dated
    # instrument was "censored" at the corpus's last date; it now has status "cited_no_instrument"
    # (dated citing article: its first dated citation is report_lag_days) or "cited_undated" (lag
    # unknown); only a province with no citing article at all is censored.
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences)
    # Kiên Giang cites Đại hội XIII (article of 2-4-2021) but names no plan: no lag, not zero, not censored
    kg = out[(out.province == "Kiên Giang") & (out.key == "congress:national:13")].iloc[0]
    assert np.isnan(kg.lag_days) and not kg.censored and kg.status == "cited_no_instrument"
    assert np.isnan(kg.duration_days) and kg.report_lag_days == 60 and kg.first_report_published == "2021-04-02"
    # Bắc Ninh's plan 13-KH/TU has only a month, and the article is undated: lag unknown, not censored
    bn = out[(out.province == "Bắc Ninh") & (out.key == "congress:national:12")].iloc[0]
    assert bn.status == "cited_undated" and not bn.censored and np.isnan(bn.lag_days) and np.isnan(bn.duration_days)
    assert bn.n_citing_documents == 1 and bn.n_undated_citing_documents == 1 and pd.isna(bn.first_report_published)
    # Lạng Sơn's Quy định 57-QĐ/TW sentence names no provincial instrument
    assert cell(out, "Lạng Sơn", "57-QĐ/TW:2007", "status") == "cited_no_instrument"
    # provinces that never cite a key are reported too, censored with zero citing documents, over the
    # window the corpus observes (latest published date 2021-04-02)
    row = out[(out.province == "Bắc Ninh") & (out.key == "10-CT/TW:2007")].iloc[0]
    assert row.censored and row.status == "censored" and row.n_citing_documents == 0
    kg13 = out[(out.province == "Kiên Giang") & (out.key == "10-CT/TW:2007")].iloc[0]
    assert kg13.censor_date == "2021-04-02" and kg13.duration_days == 5117
    # a censoring date can be given
    later = timeliness(documents, references, sentences, censor_date="2021-12-31")
    assert cell(later, "Kiên Giang", "10-CT/TW:2007", "duration_days") == 5390


def test_plan_issued_before_the_central_date_is_not_a_follow_up(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences)
    # behaviour changed on purpose: was "censored"; the article (1-3-2021) cites it, no follow-up lag
    assert cell(out, "Cà Mau", "congress:national:13", "status") == "cited_no_instrument"
    assert np.isnan(cell(out, "Cà Mau", "congress:national:13", "lag_days"))
    events = follow_up_events(documents, references, sentences)
    assert "99-KH/TU:2020@Cà Mau" not in set(events.follow_up_key)


def test_same_number_different_document_is_not_a_citation(corpus):
    _, _, references = corpus
    cited = citations(references)
    # 03-CT/TW of 10-1-2019 is not the Politburo's 03-CT/TW of 14-5-2011: the year keeps them apart
    assert not ((cited.doc_id == "cm2") & (cited.key == "03-CT/TW:2011")).any()
    assert cited.loc[cited.doc_id == "cm2", "key"].tolist() == ["03-CT/TW:2019"]
    assert ((cited.doc_id == "ls004") & (cited.key == "10-CT/TW:2007")).any()


def test_central_date_not_known_to_the_day(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences)
    row = out[(out.province == "Bắc Giang") & (out.key == "plenum:11:12")].iloc[0]  # catalogued to the month only
    assert row.status == "central_undated" and not row.censored and np.isnan(row.lag_days)


def test_wider_window_misattributes(corpus):
    documents, sentences, references = corpus
    out = timeliness(documents, references, sentences, window="document", keys=["plenum:10:6"])
    # in the whole document the first dated plan after 28-1-2008 is 29-CT/TU (for 10-CT/TW)
    assert cell(out, "Lạng Sơn", "plenum:10:6", "first_follow_up_key") == "29-CT/TU:2008@Lạng Sơn"
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


def test_catalogue_joins_events_and_documents():
    table = central_catalogue()
    assert table.key.is_unique and set(table.kind) == {"congress", "plenum", "document"}
    rows = table.set_index("key")
    # a plenum's resolution carries its plenum and the plenum's days; the plenum its first date line
    assert rows.loc["12-NQ/TW:2012", "event"] == "plenum:11:4" and rows.loc["12-NQ/TW:2012", "issued"] == "2012-01-16"
    assert rows.loc["plenum:11:4", "issued"] == "2012-01-16"
    assert rows.loc["plenum:10:6", "issued"] == "2008-01-28"
    assert rows.loc["congress:national:13", "closed"] == "2021-02-01"
    # 35-CT/TW was issued twice: two keys
    assert {"35-CT/TW:2019", "35-CT/TW:2024"} <= set(table.key)


def test_date_basis_is_explicit_and_stated():
    issued = central_dates(date_basis="issued").set_index("key")
    closed = central_dates(date_basis="closed").set_index("key")
    assert issued.loc["12-NQ/TW:2012", "central_date"] == "2012-01-16"
    assert issued.loc["12-NQ/TW:2012", "date_basis"] == "its date line"
    assert issued.loc["congress:national:13", "central_date"] == "2021-02-01"
    assert issued.loc["congress:national:13", "date_basis"].startswith("closing day")
    assert closed.loc["plenum:10:6", "central_date"] is not None
    # a Politburo directive has no plenum: under "closed" it has no date (no fallback that would mix
    # bases), and says so
    assert pd.isna(closed.loc["35-CT/TW:2019", "central_date"])
    assert closed.loc["35-CT/TW:2019", "date_basis"] == "closing day (no plenum or congress), not known to the day"
    # a plenum without a catalogued resolution has no date line
    assert pd.isna(issued.loc["plenum:11:12", "central_date"])
    with pytest.raises(ValueError):
        central_dates(date_basis="whenever")


PREPARING = ("Đảng bộ tỉnh tích cực thi đua tiến tới Đại hội XIII của Đảng. Ban Thường vụ Tỉnh ủy "
             "ban hành Kế hoạch số 20-KH/TU ngày 2-3-2020.")
IMPLEMENTING = ("Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy "
                "đã ban hành Kế hoạch số 150-KH/TU ngày 20/6/2019.")
RESOLUTION = ("Quán triệt Nghị quyết số 12-NQ/TW ngày 16/1/2012 của Hội nghị Trung ương 4 khóa XI, Tỉnh ủy "
              "ban hành Chương trình hành động số 18-CTr/TU ngày 16/3/2012.")
UNCATALOGUED = ("Thực hiện Kết luận số 999-KL/TW ngày 5/5/2020, Tỉnh ủy ban hành Kế hoạch số 7-KH/TU ngày 15/5/2020.",
                "Tiếp tục quán triệt Kết luận số 999-KL/TW ngày 5/5/2020 và Kết luận 999-KL/TW ngày 6/5/2020.",
                "Kết luận số 999-KL/TW ngày 5/5/2020 được triển khai.")


@pytest.fixture(scope="module")
def planted():
    from analysis.extract import extract_document

    rows = [("p1", "Hà Tĩnh", "2020-03-10", PREPARING), ("p2", "Hà Tĩnh", None, PREPARING),
            ("i1", "Bến Tre", "2019-07-01", IMPLEMENTING), ("r1", "Sóc Trăng", "2012-04-01", RESOLUTION),
            ("u1", "Yên Bái", "2020-06-01", UNCATALOGUED[0]), ("u2", "Lào Cai", "2020-07-01", UNCATALOGUED[1]),
            ("u3", "Sơn La", "2020-08-01", UNCATALOGUED[2])]
    documents = pd.DataFrame([{"doc_id": d, "province": p, "province_2025": p, "published": pub, "text": t}
                              for d, p, pub, t in rows])
    refs = []
    for d, p, pub, t in rows:
        for i, r in enumerate(extract_document(t, {"province": p, "published": pub})["references"]):
            refs.append({**r, "doc_id": d, "ref_index": i})
    sentences = pd.concat([sentences_of(d, t) for d, _, _, t in rows], ignore_index=True)
    return documents, sentences, pd.DataFrame(refs)


def test_preparation_is_not_implementation(planted):
    documents, sentences, references = planted
    out = timeliness(documents, references, sentences, keys=["congress:national:13"])
    row = out[out.province == "Hà Tĩnh"].iloc[0]
    # "tiến tới Đại hội XIII" in 2020, and the undated copy with the same cue: preparation, no lag, no censoring
    assert row.status == "preparation_only" and row.n_preparation_documents == 2 and row.n_citing_documents == 0
    assert np.isnan(row.lag_days) and np.isnan(row.duration_days) and not row.censored
    cited = citations(references, documents=documents)
    assert set(cited.loc[cited.key == "congress:national:13", "phase"]) == {"preparation"}


def test_directive_dated_in_the_text_gets_its_lag(planted):
    documents, sentences, references = planted
    out = timeliness(documents, references, sentences, keys=["35-CT/TW:2019"])
    row = out[out.province == "Bến Tre"].iloc[0]
    # 30-5-2019 -> plan of 20-6-2019: 21 days; the report of 1-7-2019: 32 days
    assert (row.lag_days, row.report_lag_days, row.status) == (21, 32, "observed")
    assert row.first_follow_up_key == "150-KH/TU:2019@Bến Tre"


def test_a_plenums_resolution_cites_the_plenum(planted):
    documents, sentences, references = planted
    out = timeliness(documents, references, sentences, keys=["plenum:11:4", "12-NQ/TW:2012"])
    # 16-1-2012 (the resolution's date line) -> programme of 16-3-2012: 60 days, under both keys
    assert cell(out, "Sóc Trăng", "plenum:11:4", "lag_days") == 60
    assert cell(out, "Sóc Trăng", "12-NQ/TW:2012", "lag_days") == 60
    cited = citations(references).query("key == 'plenum:11:4' and doc_id == 'r1'")
    # cited twice: through its resolution, and by name ("Hội nghị Trung ương 4 khóa XI")
    assert cited.via.tolist() == ["12-NQ/TW:2012", None]


def test_uncatalogued_document_takes_the_date_most_articles_print(planted):
    documents, sentences, references = planted
    out = timeliness(documents, references, sentences, keys=["999-KL/TW:2020"])
    # three of four citations print 5-5-2020, one prints 6-5-2020
    assert set(out.central_date) == {"2020-05-05"}
    assert out.date_basis.iloc[0] == "printed by 3 of 4 citing references (not in the catalogue)"
    assert cell(out, "Yên Bái", "999-KL/TW:2020", "lag_days") == 10
    # behaviour changed on purpose: was "censored"; Lào Cai cites it and names no dated instrument
    assert cell(out, "Lào Cai", "999-KL/TW:2020", "status") == "cited_no_instrument"
    assert not cell(out, "Lào Cai", "999-KL/TW:2020", "censored")


def test_lag_basis_can_be_the_closing_day(planted):
    documents, sentences, references = planted
    closed = central_dates(date_basis="closed").set_index("key")
    out = timeliness(documents, references, sentences, keys=["congress:national:13"], date_basis="closed")
    assert set(out.central_date) == {closed.loc["congress:national:13", "central_date"]}
    assert out.date_basis.iloc[0] == "closing day"


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


def test_a_plenum_known_to_the_month_starts_on_its_first_day_for_preparation():
    # The catalogue knows plenum 9 of term XI only to the month (opened "2014-05"); its resolution
    # 33-NQ/TW is dated 9 June 2014. A briefing on the plenum's results published late in May is a
    # follow-up of the plenum, not preparation for it; one published in April is preparation.
    catalogue = central_catalogue()
    assert catalogue.set_index("key").loc["plenum:11:9", "opened"] == "2014-05"
    text = "Tỉnh ủy thông báo nhanh kết quả Hội nghị lần thứ 9 Ban Chấp hành Trung ương Đảng khóa XI."
    phrase = "Hội nghị lần thứ 9 Ban Chấp hành Trung ương Đảng khóa XI"
    documents = pd.DataFrame({"doc_id": ["may", "apr", "jun"], "province": ["Lạng Sơn", "Cao Bằng", "Hà Giang"],
                              "published": ["2014-05-27", "2014-04-20", "2014-06-20"]})
    references = pd.DataFrame([ref(d, text, phrase, "plenum:11:9", "central") for d in ("may", "apr", "jun")],
                              columns=REF_COLUMNS)
    cited = citations(references, documents=documents).set_index("doc_id")
    assert cited.loc["may", "phase"] == "follow-up"
    assert cited.loc["apr", "phase"] == "preparation"
    assert cited.loc["jun", "phase"] == "follow-up"
    # the column itself is unchanged: the day is not known, so it stays the central date
    assert cited.loc["may", "event_start"] == cited.loc["may", "central_date"]


# Written for these tests (not corpus text): undated articles, one with a date in its lede.
LEDE_2020 = ("Sáng nay 12/11/2020, Huyện ủy tổ chức hội nghị góp ý vào dự thảo các văn kiện "
             "và quán triệt Nghị quyết Đại hội XIII của Đảng cho cán bộ chủ chốt.")
CUE_ONCE = ("Tỉnh ủy tuyên truyền sâu rộng tiến tới Đại hội XIII của Đảng. "
            "Mọi tầng lớp nhân dân quan tâm tới Đại hội XIII của Đảng.")
NO_DATE = "Đảng bộ tỉnh tiếp tục học tập, quán triệt Nghị quyết Đại hội XIII của Đảng trong toàn tỉnh."
LEDE_2021 = ("Chiều 9/4/2021, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị học tập, quán triệt "
             "Nghị quyết Đại hội XIII của Đảng cho báo cáo viên.")
BRIEFING = "Tỉnh ủy thông báo nhanh kết quả Hội nghị Trung ương 9 (khóa XI) đến cán bộ chủ chốt."


@pytest.fixture(scope="module")
def undated_corpus():
    rows = [("p1", "Ninh Bình", None, "2020-11-12", LEDE_2020),
            ("p2", "Nam Định", None, None, CUE_ONCE),
            ("p3", "Thái Bình", None, None, NO_DATE),
            ("p4", "Hòa Bình", None, "2021-04-09", LEDE_2021),
            ("p5", "Sơn La", "2014-05-23", None, BRIEFING),
            ("p6", "Điện Biên", "2021-06-30", None, "Tin vắn về thời tiết trong tỉnh tuần này.")]
    documents = pd.DataFrame([{"doc_id": d, "province": p, "province_2025": p, "published": pub,
                               "date_in_text": dit, "text": t} for d, p, pub, dit, t in rows])
    refs = []
    for doc_id, _, _, _, text in rows[:4]:
        for k in range(text.count("Đại hội XIII của Đảng")):
            refs.append(ref(doc_id, text, "Đại hội XIII của Đảng", "congress:national:13", "central", occurrence=k))
    refs.append(ref("p5", BRIEFING, "Hội nghị Trung ương 9 (khóa XI)", "plenum:11:9", "central"))
    references = pd.DataFrame(refs, columns=REF_COLUMNS)
    references["ref_index"] = references.groupby("doc_id").cumcount()
    sentences = pd.concat([sentences_of(d, t) for d, _, _, _, t in rows], ignore_index=True)
    references["sentence"] = [sentences[(sentences.doc_id == r.doc_id) & (sentences.start <= r.start)
                                        & (sentences.end >= r.end)].iloc[0]["text"] for r in references.itertuples()]
    return documents, sentences, references


def test_date_in_text_decides_preparation_but_is_not_a_publication_date(undated_corpus):
    documents, sentences, references = undated_corpus
    cited = citations(references, documents=documents)
    p1 = cited[cited.doc_id == "p1"].iloc[0]
    # 12-11-2020 is before Đại hội XIII opened (26-1-2021): preparation, placed by the date in the text
    assert p1.phase == "preparation" and p1.dated_by == "date in text (approximate)" and pd.isna(p1.published)
    # one cue in an undated article makes its other citation of the same congress preparation too
    assert cited.loc[cited.doc_id == "p2", "phase"].tolist() == ["preparation", "preparation"]
    out = timeliness(documents, references, sentences, keys=["congress:national:13"])
    assert cell(out, "Ninh Bình", "congress:national:13", "status") == "preparation_only"
    assert cell(out, "Nam Định", "congress:national:13", "status") == "preparation_only"
    # after the congress: follow-up, lag unknown (undated), an approximate date kept apart
    row = out[out.province == "Hòa Bình"].iloc[0]
    assert row.status == "cited_undated" and not row.censored and np.isnan(row.duration_days)
    assert np.isnan(row.report_lag_days) and row.approx_report_date == "2021-04-09" and row.approx_report_lag_days == 67
    # undated and no date in the text: lag unknown, not censored at the corpus's last date
    row = out[out.province == "Thái Bình"].iloc[0]
    assert row.status == "cited_undated" and not row.censored and np.isnan(row.approx_report_lag_days)
    # a province with no citing article is the only one censored, over the corpus's window
    row = out[out.province == "Điện Biên"].iloc[0]
    assert row.status == "censored" and row.censored and row.censor_date == "2021-06-30" and row.duration_days == 149


def test_a_report_between_the_plenum_and_its_resolutions_date_line(undated_corpus):
    documents, sentences, references = undated_corpus
    issued = timeliness(documents, references, sentences, keys=["plenum:11:9"])
    row = issued[issued.province == "Sơn La"].iloc[0]
    # plenum of May 2014, resolution 33-NQ/TW dated 9-6-2014: the briefing of 23-5-2014 is follow-up,
    # 17 days before the clock of the "issued" basis starts
    assert row.central_date == "2014-06-09" and row.status == "cited_no_instrument" and row.report_lag_days == -17
    assert "date line" in row.date_basis
    closed = timeliness(documents, references, sentences, keys=["plenum:11:9"], date_basis="closed")
    row = closed[closed.province == "Sơn La"].iloc[0]
    assert row.status == "central_undated" and "closing day" in row.date_basis  # the catalogue knows only the month
