"""`analysis.load()` sets syndicated copies aside once, for every table and every notebook."""
from __future__ import annotations

import analysis

BODY = ("Sáng 12-3, Ban Thường vụ Huyện ủy Mộc Châu tổ chức hội nghị học tập, quán triệt Nghị quyết Hội nghị "
        "lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII cho hơn 300 cán bộ chủ chốt của huyện. Các báo cáo "
        "viên đã truyền đạt những nội dung cơ bản, cốt lõi của nghị quyết. Đến nay, 100% chi bộ đã xây dựng kế "
        "hoạch thực hiện, 96,5% đảng viên tham gia học tập. Tuy nhiên, một số chi bộ còn chậm cụ thể hóa nghị "
        "quyết bằng chương trình hành động sát với thực tế của địa phương.")
OTHER = ("Đảng ủy xã Tân Lập tổng kết 10 năm thực hiện Chỉ thị 05-CT/TW. Cán bộ, đảng viên trong xã tích cực "
         "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; nhiều mô hình hay được nhân rộng.")


def test_near_copy_is_set_aside_from_every_table(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Mộc Châu quán triệt nghị quyết\n\n" + BODY + "\n", encoding="utf-8")
    # a reprint in another paper with one word edited
    (corpus / "b.txt").write_text("Mộc Châu quán triệt nghị quyết\n\n" + BODY.replace("Sáng 12-3", "Ngày 12-3") + "\n",
                                  encoding="utf-8")
    (corpus / "c.txt").write_text("Tân Lập tổng kết Chỉ thị 05\n\n" + OTHER + "\n", encoding="utf-8")
    out = tmp_path / "tables"
    kept = analysis.load(corpus=corpus, out=out)
    raw = analysis.load(corpus=corpus, out=out, duplicates="keep")
    assert len(raw["documents"]) == 3 and len(kept["documents"]) == 2
    pair = kept["set_aside"]
    assert len(pair) == 1 and pair["is_near_duplicate"].all()
    dropped = pair["drop"].iloc[0]
    for name in ("documents", "sentences", "tokens", "claims", "codings", "densities"):
        assert dropped not in set(kept[name]["doc_id"]), name
        assert dropped in set(raw[name]["doc_id"]), name
    assert len(kept["manifest"]) == len(raw["manifest"])   # every input stays listed
