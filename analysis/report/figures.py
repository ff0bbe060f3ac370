"""House style for figures, and `save()`: a PNG plus the CSV of the data behind it.

Figures go to ``figures/<notebook>/<content>--<tag>.png`` (and ``.csv``) for the committed
notebooks; report runs set ``ANALYSIS_FIGURES_DIR`` so that their figures land next to the reports
instead. PNGs are written with a fixed dpi and no software/date metadata, so the same data gives
byte-identical files.
"""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib as mpl

from analysis.config import FIGURES
from analysis.read.normalize import slug

__all__ = ["apply_style", "save", "slug", "figures_dir", "PALETTE", "DPI"]

DPI = 150
# Colour-blind-safe (Okabe–Ito), in a fixed order so that a category keeps its colour everywhere.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def apply_style() -> None:
    """Apply the house style (DejaVu Sans covers every Vietnamese letter with its tone marks)."""
    mpl.rcParams.update({
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.labelsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "svg.hashsalt": "analysis",
        "image.cmap": "viridis",
    })


def figures_dir() -> Path:
    """Where figures are written: ANALYSIS_FIGURES_DIR when set (report runs), else figures/."""
    override = os.environ.get("ANALYSIS_FIGURES_DIR")
    return Path(override) if override else FIGURES


def save(fig, notebook: str, content: str, tag: str = "all", data=None) -> None:
    """Save `fig` as ``<notebook>/<content>--<tag>.png`` and `data` (a DataFrame) as the CSV beside it.

    Returns nothing, so that a notebook cell ending in ``save(...)`` shows no path.
    """
    folder = figures_dir() / slug(notebook) if notebook != slug(notebook) else figures_dir() / notebook
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{slug(content)}--{slug(tag)}"
    fig.savefig(folder / f"{stem}.png", dpi=DPI, metadata={"Software": None})
    if data is not None:
        data.to_csv(folder / f"{stem}.csv", index=False, lineterminator="\n", float_format="%.6g")
    return None
