"""House style for figures, and `save()`: a PNG plus the CSV of the data behind it, shown with a caption.

Where a figure goes depends on who runs the notebook:

- a report run (`python -m analysis reports`/`report`) sets ``ANALYSIS_REPORT_DIR`` and
  ``ANALYSIS_REPORT_NAME`` (``<corpus>--<tag>``): figures land in the report's own folder as
  ``<content>--<corpus>--<tag>.png``, whatever tag the notebook passes;
- ``ANALYSIS_FIGURES_DIR`` (tests) redirects ``<notebook>/<content>--<tag>.png`` to another folder;
- otherwise (``make notebooks``, JupyterLab) the committed ``figures/<notebook>/<content>--<tag>.png``
  is written only when the notebook runs on the seeds with its default parameters; any other run
  writes to ``reports/<corpus>/lab/<notebook>/<content>--<corpus>--<tag>.png``, so exploring
  another corpus or province never overwrites the committed figures.

PNGs are written with a fixed dpi and no software/date metadata, so the same data gives
byte-identical files.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl

from analysis.config import FIGURES, NOTEBOOKS, REPORTS
from analysis.read.normalize import slug

from .naming import corpus_name, effective_parameters, is_seeds, notebook_defaults, parameter_tag

__all__ = ["apply_style", "save", "slug", "figure_target", "caption", "PALETTE", "DPI"]

DPI = 150
FIGURE_LIST = "figures.jsonl"  # in a report's folder: one line per saved figure, in order
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




def _kernel_parameters(notebook: str) -> dict | None:
    """The current values of the notebook's parameters in the running IPython kernel (None outside one)."""
    try:
        from IPython import get_ipython  # only present in a kernel; imported here to keep save() light elsewhere
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None:
        return None
    namespace = shell.user_ns
    return {name: namespace[name] for name in notebook_defaults(notebook) if name in namespace}


def figure_target(notebook: str, content: str, tag: str = "all") -> tuple[Path, str]:
    """(folder, file stem) where `save` writes a figure; see the module docstring."""
    report_dir = os.environ.get("ANALYSIS_REPORT_DIR")
    if report_dir:
        name = os.environ.get("ANALYSIS_REPORT_NAME") or slug(tag)
        return Path(report_dir), f"{slug(content)}--{name}"
    override = os.environ.get("ANALYSIS_FIGURES_DIR")
    if override:
        return Path(override) / slug(notebook), f"{slug(content)}--{slug(tag)}"
    current = _kernel_parameters(notebook)
    if current is None or not notebook_defaults(notebook):
        return FIGURES / slug(notebook), f"{slug(content)}--{slug(tag)}"
    corpus = effective_parameters(notebook, current).get("corpus", "seeds")
    if is_seeds(corpus) and parameter_tag(notebook, current) == "default":
        return FIGURES / slug(notebook), f"{slug(content)}--{slug(tag)}"
    name = corpus_name(corpus)
    return REPORTS / name / "lab" / slug(notebook), f"{slug(content)}--{name}--{parameter_tag(notebook, current)}"


@lru_cache(maxsize=None)
def _reads(notebook: str) -> str:
    """The **Reads** line of a notebook's first cell: the source tables its figures come from."""
    try:
        cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        text = "".join(cells[0]["source"])
    except (OSError, ValueError, KeyError, IndexError):
        return ""
    if "**Reads**" not in text:
        return ""
    line = text.split("**Reads**", 1)[1].split("·")[0].split("**")[0]
    return " ".join(line.replace("`", "").split()).rstrip(" ,.")


def _title(fig, first_line: bool = False) -> str:
    titles = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    if first_line:
        titles = [t.splitlines()[0] for t in titles if t.strip()]
    return " ".join(" ".join(titles).split()) or "Figure"


def caption(fig, notebook: str, stem: str, data=None) -> str:
    """What a figure shows, its n and where its numbers come from (Markdown, one paragraph)."""
    parts = [f"**Figure.** {_title(fig).rstrip('.')}."]
    if data is not None:
        parts.append(f"n = {len(data):,} row{'s' if len(data) != 1 else ''} of data, in `{stem}.csv`.")
    reads = _reads(notebook)
    if reads:
        parts.append(f"Source: {reads}.")
    return " ".join(parts)


def save(fig, notebook: str, content: str, tag: str = "all", data=None) -> None:
    """Save `fig` as ``<content>--<tag>.png`` (see `figure_target` for the folder and the name) and
    `data` (a DataFrame) as the CSV beside it; in a notebook, show the saved PNG with its caption
    (the figure's title as alternative text) instead of the live figure.

    Returns nothing, so that a notebook cell ending in ``save(...)`` shows no path.
    """
    folder, stem = figure_target(notebook, content, tag)
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{stem}.png"
    fig.savefig(png, dpi=DPI, metadata={"Software": None})
    if data is not None:
        data.to_csv(folder / f"{stem}.csv", index=False, lineterminator="\n", float_format="%.6g")
    if os.environ.get("ANALYSIS_REPORT_DIR"):  # the report index lists figures in the order they were made
        with (folder / FIGURE_LIST).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"stem": stem, "title": _title(fig, first_line=True), "csv": data is not None},
                                    ensure_ascii=False) + "\n")
    _show(fig, png, caption(fig, notebook, stem, data))
    return None


def _show(fig, png: Path, text: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import Image, Markdown, display
    except ImportError:
        return
    if get_ipython() is None or "inline" not in mpl.get_backend():
        return
    import matplotlib.pyplot as plt  # pyplot only where a kernel shows figures

    data = png.read_bytes()
    # shown at the inline backend's scale (figure.dpi), not at the file's savefig dpi
    width = round(int.from_bytes(data[16:20], "big") * mpl.rcParams["figure.dpi"] / DPI)
    alt = _title(fig)
    display(Image(data=data, format="png", width=width, metadata={"alt": alt}))
    display(Markdown(text))
    plt.close(fig)
