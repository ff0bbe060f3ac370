"""Article genre: the rules on sentences written for these tests, the genre mix, and the
genre-adjusted comparison with planted answers (a province that writes only contest news against
one that writes only reviews)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis.compare import genre as G
from compare_fixtures import make_corpus


def genre_of(text, title=None):
    return G.document_genre(text, title)


# --- the rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # event news of a study session
    ("Sáng 12/3, Huyện ủy Mường Lát tổ chức hội nghị học tập, quán triệt Nghị quyết Trung ương 8.", "dissemination"),
    ("Chiều 4/5, Tỉnh ủy thông báo nhanh kết quả Hội nghị Trung ương 10 cho cán bộ chủ chốt.", "dissemination"),
    ("Sáng 20/4, Ban Tuyên giáo Huyện ủy tổ chức hội nghị báo cáo viên quý I năm 2023.", "dissemination"),
    # a congress and a plenum
    ("Sáng 14/10, Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025-2030 khai mạc trọng thể.", "congress"),
    ("Chiều 3/10, Đại hội đã bầu Ban Chấp hành Đảng bộ tỉnh khóa mới gồm 53 đồng chí.", "congress"),
    ("Ngày 9-4, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 18.", "congress"),
    # the closing lede of a congress, its theme quoted at length before any verb of the congress
    ("Sau hai ngày làm việc khẩn trương, Đại hội đại biểu lần thứ I Đảng bộ xã Văn Chấn nhiệm kỳ 2025-2030 với chủ "
     "đề “Đoàn kết, dân chủ, kỷ cương, đổi mới, phát triển bền vững” đã hoàn thành chương trình.", "congress"),
    # a congress "held", and a closing lede with a slogan and a dotted date before "Đại hội"
    ("Sáng 8/8, tại Hội trường huyện, đã tổ chức Đại hội đại biểu Đảng bộ huyện Mường Tè lần thứ XXII.", "congress"),
    ("Sau 2 ngày làm việc nghiêm túc, trên tinh thần “Đoàn kết – Dân chủ – Kỷ cương – Phát triển”, với quyết "
     "tâm cao, chiều 12.10, Đại hội đại biểu Đảng bộ huyện Bảo Lạc lần thứ XX đã bế mạc.", "congress"),
    # the grading of Party organisations is a results report
    ("Có 18/22 tổ chức cơ sở đảng của huyện Mèo Vạc đạt trong sạch, vững mạnh năm 2023.", "review"),
    ("Năm nay, 15% đảng viên của Đảng bộ huyện hoàn thành xuất sắc nhiệm vụ.", "review"),
    # the history of a Party organisation
    ("Đảng bộ huyện Tam Đường qua 8 kỳ Đại hội: những chặng đường đáng nhớ của quê hương.", "commentary"),
    ("Ra đời và trưởng thành trong kháng chiến, Đảng bộ huyện đã lãnh đạo nhân dân vượt qua nhiều khó khăn.",
     "commentary"),
    # reviews: a review conference, yearly statistics of Party work
    ("Ngày 7-9, Tỉnh ủy tổ chức Hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội.", "review"),
    ("Sáu tháng đầu năm, toàn tỉnh kết nạp mới 512 đảng viên, đạt 55% kế hoạch năm.", "review"),
    ("Năm qua, 93% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ theo đánh giá của Ban Tổ chức.", "review"),
    # contest and emulation news
    ("Tối 2/11, Đảng ủy xã tổ chức trao giải cuộc thi tìm hiểu Nghị quyết Đại hội Đảng các cấp.", "contest"),
    ("Sáng 10/1, Cụm thi đua số 3 giao ban công tác thi đua năm 2024 tại huyện Như Xuân.", "contest"),
    # a document's text or its issuing
    ("Ngày 6/8, Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 17-CT/TU về công tác dân vận.", "document"),
    ("Báo tỉnh trân trọng giới thiệu toàn văn Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI.", "document"),
    # other news: a working visit, a ceremony
    ("Sáng 28/1, đoàn công tác Trung ương đã làm việc với Ban Thường vụ Tỉnh ủy về công tác cán bộ.", "other"),
    ("Ngày 18/1, Tỉnh ủy tổ chức họp mặt kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam.", "other"),
    # commentary
    ("Từ thực tiễn của tỉnh, có thể rút ra một số bài học trong lãnh đạo phát triển nông nghiệp.", "commentary"),
])
def test_lede_sentences_decide_the_genre(text, expected):
    result = genre_of(text)
    assert result["genre"] == expected, result
    assert result["evidence_part"] == "lede"
    # the evidence is the matched words, at their offsets in the text
    assert text[result["evidence_start"]:result["evidence_end"]] == result["genre_evidence"]
    assert re.search(result["genre_rule"], G.fold(result["genre_evidence"]))


def test_precedence_within_a_unit_follows_the_definitions():
    # a review conference is a review, though it is also a conference where people "quán triệt"
    text = "Sáng 5/6, Huyện ủy tổ chức hội nghị sơ kết 5 năm học tập, quán triệt Chỉ thị 05-CT/TW."
    assert genre_of(text)["genre"] == "review"
    # a contest awarded at a year-end review is contest news
    text = "Chiều 30/12, Đảng ủy xã tổng kết và trao giải cuộc thi tìm hiểu lịch sử Đảng bộ xã."
    assert genre_of(text)["genre"] == "contest"
    # a congress is not "dissemination" because it names a resolution of a congress
    text = "Sáng 1/10, Đại hội đại biểu Đảng bộ tỉnh lần thứ XI khai mạc phiên trù bị tại Hội trường Tỉnh ủy."
    assert genre_of(text)["genre"] == "congress"


def test_the_first_unit_with_a_cue_decides_not_a_later_one():
    # the lede is a study conference; a later sentence mentions results: still dissemination
    text = ("Ngày 19/8, Thành ủy tổ chức hội nghị quán triệt Nghị quyết Trung ương 9 cho cán bộ chủ chốt. "
            "Qua đó liên hệ với những kết quả nổi bật đã đạt được trong năm qua.")
    assert genre_of(text)["genre"] == "dissemination"
    # a cue beyond the lede (the fourth substantive sentence) is not read
    text = ("Sáng nay, lãnh đạo tỉnh dự buổi sinh hoạt của chi bộ thôn Đông. "
            "Buổi sinh hoạt diễn ra trong không khí dân chủ, cởi mở. "
            "Các đảng viên góp ý vào việc làm đường giao thông nông thôn. "
            "Cuối buổi, chi bộ tổ chức sơ kết công tác sáu tháng đầu năm.")
    result = genre_of(text)
    assert (result["genre"], result["evidence_part"]) == ("other", "none")


def test_the_title_is_read_first_and_banners_above_it_are_not_the_lede():
    text = ("Đài Phát thanh và Truyền hình tỉnh Thanh Hóa trang chủ\n\n"
            "Xã Hà Long trao giải cuộc thi tìm hiểu nghị quyết\n\n"
            "Sáng 29/11, Đảng ủy xã tổ chức hội nghị học tập, quán triệt nghị quyết đại hội.")
    result = genre_of(text, title="Xã Hà Long trao giải cuộc thi tìm hiểu nghị quyết")
    assert (result["genre"], result["evidence_part"]) == ("contest", "title")
    assert text[result["evidence_start"]:result["evidence_end"]] == "cuộc thi"
    # a title that is not part of the text is read too, without offsets
    result = genre_of("Các đại biểu dự hội nghị chụp ảnh lưu niệm tại hội trường.", title="Tổng kết 10 năm thực hiện Nghị quyết 28")
    assert (result["genre"], result["evidence_part"], result["evidence_start"]) == ("review", "title", None)


def test_title_only_cues_and_the_campaign_name():
    # "học tập" in a title is a study session ...
    assert genre_of("Ảnh: các đại biểu.", title="Đảng ủy Quân sự tỉnh học tập Nghị quyết Đại hội XIV")["genre"] == "dissemination"
    # ... but not in the name of the campaign "Học tập và làm theo tư tưởng ... Hồ Chí Minh"
    result = genre_of("Ảnh: các đại biểu.", title="Tuyên dương điển hình học tập và làm theo tư tưởng, đạo đức Hồ Chí Minh")
    assert result["genre"] == "other"
    # a title opening with a document type is the document; the same words in a lede are not
    assert genre_of("Ảnh: toàn cảnh.", title="Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về phát triển du lịch")["genre"] == "document"
    assert genre_of("Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về phát triển du lịch đi vào cuộc sống.")["genre"] != "document"


def test_a_photo_caption_is_not_an_enumeration():
    text = "Đồng chí Bí thư Huyện ủy (thứ nhất từ trái) cùng các đại biểu tham quan mô hình trồng cam."
    assert genre_of(text)["genre"] != "commentary"
    assert genre_of("Thứ nhất, phải đổi mới mạnh mẽ phương thức lãnh đạo của cấp ủy ở cơ sở.")["genre"] == "commentary"


def test_without_a_cue_the_stage_codes_of_the_lede_decide_else_other():
    text = "Các cấp ủy đã bám sát nghị quyết và đạt được nhiều chuyển biến. Ảnh minh họa cho bài viết."
    sentences = [(0, 0, 64), (1, 65, len(text))]
    plain = G.document_genre(text, None, sentences, [])
    assert (plain["genre"], plain["evidence_part"], plain["genre_rule"]) == ("other", "none", "no cue")
    coded = G.document_genre(text, None, sentences, [(0, "stage", "so_tong_ket")])
    assert (coded["genre"], coded["evidence_part"], coded["genre_evidence"]) == ("review", "codings", "stage:so_tong_ket")
    # a code outside the lede does not count
    far = G.document_genre(text, None, sentences, [(7, "stage", "so_tong_ket")])
    assert far["genre"] == "other"


def test_document_genres_table_uses_built_sentences_and_covers_every_document():
    docs, sents, _ = make_corpus([
        {"doc_id": "b", "province": "Lạng Sơn", "text": "Ngày 15/12, Đảng ủy Sở tổ chức hội nghị phổ biến Nghị quyết Đại hội."},
        {"doc_id": "a", "province": "Lạng Sơn", "text": "Trang chủ."},
    ])
    table = G.document_genres(docs, sents)
    assert list(table.columns) == G.GENRE_COLUMNS
    assert table["doc_id"].tolist() == ["a", "b"]
    assert table["genre"].tolist() == ["other", "dissemination"]
    assert set(table["genre"]) <= set(G.GENRES)


def test_the_rules_file_is_consistent():
    rules = G.genre_rules()
    assert rules.names[-1] == "commentary" and "other" in rules.names and len(rules.names) == 7
    assert all(g.gloss for g in rules.genres)
    assert {genre for _, _, genre in rules.codings_fallback} <= set(rules.names)


# --- genre mix and the adjusted comparison: planted answers --------------------------------------

CONTEST = "Xã {p} trao giải cuộc thi tìm hiểu Nghị quyết Đại hội Đảng bộ xã lần thứ {i}."
REVIEW = "Tỉnh ủy {p} tổ chức hội nghị sơ kết {i} năm thực hiện Nghị quyết của Tỉnh ủy."
BODY = (" Có nhiều cách làm hay được ghi nhận. Việc tổ chức còn một số hạn chế. Kết quả đạt được khá toàn diện."
        " Số bài dự thi tăng so với năm trước.")


def _planted(candour_by_doc: dict[str, tuple[str, str, float]], category="voice",
             codes=("limitation", "achievement")):
    """A corpus whose documents are contest or review articles with a planted candour (or
    formalism): each document has 4 coded sentences, k of them carrying the first code."""
    docs, sents, _ = make_corpus([
        {"doc_id": d, "province": p, "text": (CONTEST if kind == "contest" else REVIEW).format(p=p, i=i + 2) + BODY}
        for i, (d, (p, kind, _)) in enumerate(sorted(candour_by_doc.items()))])
    rows = []
    for d, (_, _, value) in candour_by_doc.items():
        k = int(round(value * 4))
        for j in range(4):
            rows.append({"doc_id": d, "sentence_index": j + 1, "category": category,
                         "code": codes[0] if j < k else codes[1], "term": "", "start": 0, "end": 0})
    return docs, sents, pd.DataFrame(rows)


# X writes only contest news, Y only reviews; Z writes both, each a quarter above its genre's mean.
# Within its genre X is exactly as candid as Y is within its own.
PLANTED = {
    "x1": ("Quảng Trị", "contest", 0.0), "x2": ("Quảng Trị", "contest", 0.25), "x3": ("Quảng Trị", "contest", 0.5),
    "y1": ("Sóc Trăng", "review", 0.5), "y2": ("Sóc Trăng", "review", 0.75), "y3": ("Sóc Trăng", "review", 1.0),
    "z1": ("Kon Tum", "contest", 0.5), "z2": ("Kon Tum", "contest", 0.5), "z3": ("Kon Tum", "contest", 0.5),
    "z4": ("Kon Tum", "review", 1.0), "z5": ("Kon Tum", "review", 1.0), "z6": ("Kon Tum", "review", 1.0),
}


def test_planted_genre_effect_differs_raw_and_vanishes_in_the_excess():
    docs, sents, codings = _planted(PLANTED)
    genres = G.document_genres(docs, sents, codings)
    assert dict(zip(genres["doc_id"], genres["genre"])) == {d: kind for d, (_, kind, _) in PLANTED.items()}
    out = G.genre_comparison(docs, codings, genres, "candour", min_documents=3, n_boot=200).set_index("province")
    x, y, z = out.loc["Quảng Trị"], out.loc["Sóc Trăng"], out.loc["Kon Tum"]
    # raw: Y looks far more candid than X (0.75 against 0.25): the genre, not the province
    assert x["candour"] == pytest.approx(0.25) and y["candour"] == pytest.approx(0.75)
    # expected from the genre mix: contest mean (0+0.25+0.5+0.5*3)/6 = 0.375, review 0.875
    assert x["candour_expected"] == pytest.approx(0.375) and y["candour_expected"] == pytest.approx(0.875)
    assert z["candour_expected"] == pytest.approx((0.375 + 0.875) / 2)
    # excess: X and Y are the same (both 0.125 under their genre); Z, above its genres' means in
    # both, is above them by as much
    assert x["candour_excess"] == pytest.approx(y["candour_excess"]) == pytest.approx(-0.125)
    assert z["candour_excess"] == pytest.approx(0.125)
    assert x["candour_excess"] == pytest.approx(x["candour"] - x["candour_expected"])
    # the interval is of the excess: it holds the excess and stays within [-1, 1]
    for row in (x, y, z):
        assert -1 <= row["ci_low"] <= row["candour_excess"] <= row["ci_high"] <= 1
    # the genre mix is reported beside the values
    assert (x["genre_mix"], y["genre_mix"], z["genre_mix"]) == ("contest 3", "review 3", "contest 3, review 3")
    assert x["n_unadjusted"] == 0 and bool(x["ci_shown"])


def test_planted_formalism_dissemination_against_congress():
    docs, sents, _ = make_corpus(
        [{"doc_id": f"d{i}", "province": "Hà Giang",
          "text": "Sáng 2/3, Huyện ủy tổ chức hội nghị quán triệt Nghị quyết Trung ương. Hội nghị có 300 đại biểu."}
         for i in range(3)]
        + [{"doc_id": f"c{i}", "province": "Cần Thơ",
            "text": "Sáng 27/9, Đại hội đại biểu Đảng bộ thành phố khai mạc trọng thể. Đại hội có 418 đại biểu."}
           for i in range(3)])
    values = [1.0, 0.75, 0.5, 0.5, 0.25, 0.0]  # dissemination 0.75 on average, congress 0.25
    codings = pd.DataFrame([{"doc_id": d, "sentence_index": j, "category": "output",
                             "code": "procedural" if j < int(v * 4) else "substantive", "term": "", "start": 0, "end": 0}
                            for d, v in zip(["d0", "d1", "d2", "c0", "c1", "c2"], values) for j in range(4)])
    docs["n_sentences"] = 4
    genres = G.document_genres(docs, sents)
    assert sorted(set(genres["genre"])) == ["congress", "dissemination"]
    out = G.genre_comparison(docs, codings, genres, "formalism", min_documents=3, n_boot=100).set_index("province")
    assert out.loc["Hà Giang", "formalism"] == pytest.approx(0.75)
    assert out.loc["Cần Thơ", "formalism"] == pytest.approx(0.25)
    # each province scores exactly its genre's mean: raw 0.75 against 0.25, excess 0 for both
    assert out.loc["Hà Giang", "formalism_expected"] == pytest.approx(0.75)
    assert out.loc["Cần Thơ", "formalism_expected"] == pytest.approx(0.25)
    assert out.loc["Hà Giang", "formalism_excess"] == pytest.approx(0.0, abs=1e-12)
    assert out.loc["Cần Thơ", "formalism_excess"] == pytest.approx(0.0, abs=1e-12)


def test_rare_genres_stay_unadjusted_and_are_counted():
    planted = dict(PLANTED)
    planted["w1"] = ("Quảng Trị", "review", 0.0)
    del planted["y3"]
    docs, sents, codings = _planted(planted)
    genres = G.document_genres(docs, sents, codings)
    # reviews: y1, y2, z4-z6, w1 = 6 documents; contests: 6. With a floor of 7, nothing adjusts.
    out = G.genre_comparison(docs, codings, genres, "candour", min_documents=7, n_boot=50).set_index("province")
    assert (out["candour"] == out["candour_expected"]).all() and (out["candour_excess"] == 0).all()
    assert out.loc["Quảng Trị", "n_unadjusted"] == 4 and out.loc["Kon Tum", "n_unadjusted"] == 6
    # with a floor of 6 both genres adjust
    out = G.genre_comparison(docs, codings, genres, "candour", min_documents=6, n_boot=50).set_index("province")
    assert (out["n_unadjusted"] == 0).all()


def test_undefined_documents_stay_undefined_and_compared_selects_groups():
    vals = pd.DataFrame({"doc_id": list("abcde"), "candour": [0.0, 0.5, np.nan, 0.4, 0.6]})
    genres = pd.DataFrame({"doc_id": list("abcde"), "genre": ["congress", "congress", "congress", "review", "review"]})
    adjusted = G.genre_adjusted(vals, genres, "candour", min_documents=2).set_index("doc_id")
    assert np.isnan(adjusted.loc["c", "candour_expected"]) and np.isnan(adjusted.loc["c", "candour_excess"])
    docs = pd.DataFrame({"doc_id": list("abcde"), "province": ["X", "X", "X", "Y", "Y"]})
    only_x = G.group_genre_adjusted(vals, genres, docs[docs.province == "X"], "candour", min_documents=2, n_boot=50)
    assert only_x["province"].tolist() == ["X"]
    # the reference means still come from every document (congress mean 0.25 over a and b)
    assert only_x.loc[0, "candour_expected"] == pytest.approx(0.25)
    assert only_x.loc[0, "candour_excess"] == pytest.approx(0.0)
    assert (only_x.loc[0, "n_documents"], only_x.loc[0, "n_defined"]) == (3, 2)


def test_genre_mix_counts_every_genre_and_regroups_2025():
    docs, sents, codings = _planted(PLANTED)
    genres = G.document_genres(docs, sents, codings)
    mix = G.genre_mix(genres, docs)
    assert mix["province"].tolist() == ["Kon Tum", "Quảng Trị", "Sóc Trăng"]  # Vietnamese order
    assert mix.set_index("province").loc["Kon Tum", ["n_contest", "n_review", "n_congress"]].tolist() == [3, 3, 0]
    assert (mix[[f"n_{g}" for g in G.GENRES]].sum(axis=1) == mix["n_documents"]).all()
    mix_2025 = G.genre_mix(genres, docs, grouping="province_2025")
    assert {"members", "members_in_corpus"} <= set(mix_2025.columns)
    with pytest.raises(ValueError):
        G.genre_mix(genres, docs, grouping="district")
