"""Provinces appear in Vietnamese dictionary order in every group table and figure, not in
Python's code-point order (which puts "Bình" before "Bạc" and "Hưng Yên" before "Hải Phòng")."""
import pandas as pd

from analysis.compare import group_candour, order_groups, sort_by_group
from analysis.read import collation_key

NAMES = ["Hưng Yên", "Bình Định", "Đà Nẵng", "Bạc Liêu", "Hải Phòng", "Điện Biên", "Cà Mau", "Cao Bằng",
         "Cần Thơ", "Bình Dương", "Hòa Bình", "Hồ Chí Minh", "Lâm Đồng", "Lào Cai", "Yên Bái", "An Giang"]
DICTIONARY_ORDER = ["An Giang", "Bạc Liêu", "Bình Dương", "Bình Định", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng",
                    "Điện Biên", "Hải Phòng", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Lào Cai", "Lâm Đồng", "Yên Bái"]


def test_collation_follows_the_vietnamese_alphabet_then_tones():
    assert sorted(NAMES, key=collation_key) == DICTIONARY_ORDER
    assert sorted(NAMES) != DICTIONARY_ORDER  # code-point order really differs
    # same letters: tones decide, in dictionary order (ngang, huyền, hỏi, ngã, sắc, nặng)
    assert sorted(["ma", "mạ", "má", "mã", "mả", "mà"], key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # NFC and NFD spellings sort together
    import unicodedata
    assert collation_key(unicodedata.normalize("NFD", "Đắk Lắk")) == collation_key("Đắk Lắk")


def test_group_tables_are_in_dictionary_order_with_missing_groups_last():
    table = pd.DataFrame({"province": NAMES[::-1] + [None], "code": range(len(NAMES) + 1)})
    ordered = sort_by_group(table, ["province"], "province")
    assert ordered["province"].tolist()[:-1] == DICTIONARY_ORDER and ordered["province"].isna().iloc[-1]
    assert order_groups(reversed(NAMES)) == DICTIONARY_ORDER


def test_candour_rows_follow_dictionary_order():
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(NAMES))], "province": NAMES})
    doc_candour = pd.DataFrame({"doc_id": documents["doc_id"], "n_limitation": 1, "n_achievement": 1,
                                "candour": 0.5})
    table = group_candour(doc_candour, documents, n_boot=10)
    assert table["province"].tolist() == DICTIONARY_ORDER


def test_placeholder_groups_come_after_every_named_group():
    labels = NAMES[::-1] + ["(no province)", "(unknown)", None]
    ordered = order_groups(labels)
    assert ordered[:len(NAMES)] == DICTIONARY_ORDER
    assert ordered[len(NAMES):-1] == ["(no province)", "(unknown)"] and ordered[-1] is None


def test_claim_tables_of_the_audit_notebook_follow_dictionary_order():
    from analysis.report.audit import claims_by_kind, claims_listing
    claims = pd.DataFrame({"province": ["(no province)"] + NAMES[::-1], "kind": "count", "text": "5 xã",
                           "qualifier": "", "low": 5.0, "high": 5.0, "numerator": None, "denominator": None,
                           "value": 5.0, "unit": "xã", "subject": ""})
    assert claims_by_kind(claims)["province"].tolist() == DICTIONARY_ORDER + ["(no province)"]
    listing = claims_listing(claims, max_rows=len(claims))
    assert listing["province"].tolist() == DICTIONARY_ORDER + ["(no province)"]
    assert claims_listing(claims, max_rows=3)["province"].tolist() == DICTIONARY_ORDER[:3]


def test_heaping_figure_follows_dictionary_order():
    from analysis.report import audit
    heaping = pd.DataFrame({"province": NAMES[::-1], "share_multiple_of_5": 0.5, "share_multiple_of_10": 0.2,
                            "share_100": 0.0, "n_values": 4})
    fig = audit.plot_heaping(heaping)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert [label.split(" (")[0] for label in labels] == DICTIONARY_ORDER
    assert fig.axes[0].yaxis_inverted()  # read from the top, like the tables


def test_lag_figure_reads_from_the_top_in_dictionary_order():
    from analysis.report.trace import plot_lags
    lags = pd.DataFrame({"province": NAMES[::-1], "status": "observed", "lag_days": 30.0, "duration_days": 30.0})
    ax = plot_lags(lags).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == DICTIONARY_ORDER and ax.yaxis_inverted()
