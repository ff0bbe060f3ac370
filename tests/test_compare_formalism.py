"""Formalism: procedural against substantive output sentences (planted answers)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.coding import code_text
from analysis.compare import document_formalism, group_formalism

SENTENCES = {
    # three procedural reports, one substantive: formalism 3/4
    "proc": ["Huyện ủy đã tổ chức hội nghị quán triệt nghị quyết.",
             "Có 1.200 lượt cán bộ, đảng viên tham gia học tập.",
             "Ban Thường vụ ban hành kế hoạch thực hiện nghị quyết.",
             "Thu nhập bình quân đầu người đạt 48 triệu đồng."],
    # substantive only: formalism 0
    "subs": ["Tỷ lệ hộ nghèo giảm còn 2,8%, hoàn thành 18/18 chỉ tiêu.",
             "Bố trí 25 tỷ đồng để làm 12 km đường giao thông nông thôn."],
    # no output at all: undefined, not 0
    "none": ["Đồng chí Bí thư Huyện ủy phát biểu khai mạc."],
}


def _codings():
    rows = []
    for doc, sentences in SENTENCES.items():
        for i, sentence in enumerate(sentences):
            rows += [{**r, "doc_id": doc, "sentence_index": i} for r in code_text(sentence)]
    return pd.DataFrame(rows)


def test_document_formalism_by_hand():
    docs = pd.DataFrame({"doc_id": list(SENTENCES), "n_sentences": [len(s) for s in SENTENCES.values()]})
    out = document_formalism(docs, _codings()).set_index("doc_id")
    assert (out.loc["proc", "n_procedural"], out.loc["proc", "n_substantive"]) == (3, 1)
    assert out.loc["proc", "formalism"] == 0.75
    assert out.loc["subs", "formalism"] == 0.0
    assert np.isnan(out.loc["none", "formalism"])


def test_group_formalism_marks_small_samples_and_undefined():
    docs = pd.DataFrame({"doc_id": list(SENTENCES), "n_sentences": [4, 2, 1],
                         "province": ["Sơn La", "Sơn La", "Điện Biên"]})
    per_doc = document_formalism(docs, _codings())
    out = group_formalism(per_doc, docs, n_boot=200).set_index("province")
    assert out.loc["Sơn La", "formalism"] == 0.375 and out.loc["Sơn La", "interval"] == "n=2"
    assert not out.loc["Sơn La", "ci_shown"]
    assert out.loc["Điện Biên", "reading"].startswith("undefined")
