"""House style: file names, byte-stable PNGs, the CSV beside every figure."""
from __future__ import annotations

import hashlib
import subprocess
import sys

import pandas as pd

from analysis.report.figures import slug

from conftest import ROOT

SCRIPT = """
import sys, pandas as pd, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from analysis.report.figures import apply_style, save
apply_style()
fig, ax = plt.subplots(figsize=(4, 3))
ax.barh(["Lạng Sơn", "Thừa Thiên Huế", "Đắk Lắk"], [3, 1, 2])
ax.set_title("Tỉnh ủy quán triệt nghị quyết (khóa XI)")
save(fig, "99-test", "bars", "Thanh Hóa", pd.DataFrame({"province": ["Lạng Sơn"], "n": [3]}))
"""


def test_slug():
    assert slug("Lạng Sơn") == "lang-son"
    assert slug("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert slug("congress:national:12") == "congress-national-12"
    assert slug("") == "all"


def test_saved_figures_are_byte_identical_across_processes(tmp_path):
    digests = []
    for run in range(2):
        folder = tmp_path / f"run{run}"
        subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, check=True,
                       env={"ANALYSIS_FIGURES_DIR": str(folder), "PATH": "/usr/bin:/bin"})
        png = folder / "99-test" / "bars--thanh-hoa.png"
        csv = folder / "99-test" / "bars--thanh-hoa.csv"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert pd.read_csv(csv).to_dict("records") == [{"province": "Lạng Sơn", "n": 3}]
        digests.append(hashlib.sha256(png.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_committed_figures_each_have_their_csv():
    pngs = sorted((ROOT / "figures").rglob("*.png"))
    assert pngs
    for png in pngs:
        assert png.with_suffix(".csv").exists(), png
        assert "--" in png.stem and png.stem == png.stem.lower()
