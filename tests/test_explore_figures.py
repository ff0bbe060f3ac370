"""00-explore-corpus views: the coverage figure (what a reader must be able to see in it) and the sources table."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.report import explore  # noqa: E402


def test_coverage_shows_every_year_between_and_rows_in_dictionary_order():
    counts = pd.DataFrame({
        "province": ["Đồng Tháp", "Bạc Liêu", "Bình Định", "(unknown)", "An Giang", "Đà Nẵng"],
        "year": ["2019", "2022", "(no date)", "2020", "2019", "2023"],
        "documents": [1, 2, 1, 1, 3, 1],
    })
    fig = explore.plot_coverage(counts)
    ax = fig.axes[0]
    # 2020 has only an unplaced article and 2021 none at all: both stay as columns, no year vanishes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["(no date)", "2019", "2020", "2021", "2022", "2023"]
    # Vietnamese dictionary order (Bạc before Bình, Đ after D), the unplaced last
    assert [t.get_text() for t in ax.get_yticklabels()] == ["An Giang", "Bạc Liêu", "Bình Định", "Đà Nẵng",
                                                           "Đồng Tháp", "(unknown)"]
    image = ax.images[0].get_array()
    assert image[0, 1] == 3 and image[:, 3].sum() == 0  # An Giang 2019; nothing in 2021
    plt.close(fig)


def test_sources_count_documents_per_site_and_outlet_mark():
    documents = pd.DataFrame({
        "url": ["https://www.baolangson.vn/a/1", "http://baolangson.vn/b", "https://baocaobang.vn/x", None],
        "outlet": ["LSO", None, None, None],
        "format": ["jsonl", "jsonl", "jsonl", "txt"]})
    out = explore.sources({"documents": documents})
    assert out.to_dict("records") == [
        {"site": "(no URL)", "outlet": "(no outlet mark)", "format": "txt", "documents": 1},
        {"site": "baocaobang.vn", "outlet": "(no outlet mark)", "format": "jsonl", "documents": 1},
        {"site": "baolangson.vn", "outlet": "(no outlet mark)", "format": "jsonl", "documents": 1},
        {"site": "baolangson.vn", "outlet": "LSO", "format": "jsonl", "documents": 1},
    ]
