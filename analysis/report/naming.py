"""Names of report runs: corpus names, report tags, the parameters a notebook takes and their defaults.

Every file a report run writes is named after the corpus and the parameters that distinguish the
run, so that no two runs overwrite each other: ``reports/<corpus>/<notebook>/<tag>/`` holds one
report, its figures and the CSVs behind them. Tags are ASCII slugs, never paths; when two different
parameter sets slug alike (``n_boot=-1`` and ``n_boot=1``), a short hash of the parameters tells
them apart.
"""
from __future__ import annotations

import ast
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from analysis.config import NOTEBOOKS, ROOT, SEEDS
from analysis.read.normalize import slug, strip_diacritics

__all__ = ["corpus_path", "corpus_name", "is_seeds", "notebook_defaults", "effective_parameters",
           "distinguishing_parameters", "parameter_tag", "safe_tag", "params_hash"]


def corpus_path(corpus) -> Path:
    """The corpus folder as an absolute path (relative paths resolve against the caller's folder,
    then against the project root, as `analysis.load` does)."""
    path = Path(corpus)
    if not path.is_absolute() and not path.exists():
        path = ROOT / path
    return path.resolve()


def is_seeds(corpus) -> bool:
    return corpus_path(corpus) == SEEDS.resolve()


def corpus_name(corpus) -> str:
    """The file-name form of a corpus: "seeds" for seeds/, the slug of the folder (or file) name else.

    >>> corpus_name("seeds"), corpus_name("/data/Tin tức Lạng Sơn/"), corpus_name("/x/articles.jsonl")
    ('seeds', 'tin-tuc-lang-son', 'articles')
    """
    path = corpus_path(corpus)
    if path == SEEDS.resolve():
        return "seeds"
    return slug(path.stem if path.suffix.lower() in (".jsonl", ".txt", ".html", ".htm") else path.name)


def safe_tag(text: str) -> str:
    """A tag that is a single, harmless file name: ASCII slug, no separators, no dots.

    >>> safe_tag("../../../../tmp/x"), safe_tag("Bắc Ninh"), safe_tag("")
    ('tmp-x', 'bac-ninh', 'all')
    """
    return slug(text)[:80].strip("-") or "all"


def params_hash(parameters: dict) -> str:
    """Six hex digits of the parameters' canonical JSON: equal parameters, equal hash."""
    canonical = json.dumps(parameters, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:6]


@lru_cache(maxsize=None)
def _parameter_cell(notebook: str) -> tuple[tuple[str, object, str], ...]:
    path = NOTEBOOKS / f"{notebook}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return ()
    cell = next((c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return ()
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    out = []
    for line in source.splitlines():
        node = ast.parse(line).body[0] if line.strip() and not line.lstrip().startswith("#") else None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            value = ast.literal_eval(node.value)
            comment = line.split("#", 1)[1].strip() if "#" in line else ""
            out.append((node.target.id, value, comment))
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            out.append((node.targets[0].id, ast.literal_eval(node.value), ""))
    return tuple(out)


def notebook_defaults(notebook: str) -> dict:
    """The parameters of a committed notebook with their default values, in cell order.

    >>> notebook_defaults("40-audit-claims")["grouping"]
    'province'
    """
    return {name: value for name, value, _ in _parameter_cell(notebook)}




def effective_parameters(notebook: str, parameters: dict) -> dict:
    """Every parameter the run uses: the defaults, overridden by `parameters`."""
    return {**notebook_defaults(notebook), **parameters}


def distinguishing_parameters(notebook: str, parameters: dict) -> dict:
    """The parameters that differ from the notebook's defaults, corpus left out (it names the folder)."""
    defaults = notebook_defaults(notebook)
    return {k: v for k, v in parameters.items() if k != "corpus" and (k not in defaults or defaults[k] != v)}


def parameter_tag(notebook: str, parameters: dict) -> str:
    """A readable tag for a run: the values that differ from the defaults, in parameter order,
    slugged; "default" when none does. A hash is added whenever the slug loses information (two
    parameter sets could then share it), so distinct parameters always get distinct tags.

    >>> parameter_tag("10-profile-province", {"province": "Vĩnh Long", "grouping": "province_2025"})
    'vinh-long--province-2025'
    >>> parameter_tag("20-compare-provinces", {"n_boot": -1}) != parameter_tag("20-compare-provinces", {"n_boot": 1})
    True
    """
    changed = distinguishing_parameters(notebook, parameters)
    if not changed:
        return "default"
    order = list(notebook_defaults(notebook))
    names = sorted(changed, key=lambda k: (order.index(k) if k in order else len(order), k))
    parts = [safe_tag(_plain(changed[k])) for k in names]
    lossy = any(not _faithful(_plain(changed[k]), part) for k, part in zip(names, parts))
    # numbers and switches say which parameter they set ("n-boot-1000"); texts speak for themselves
    parts = [part if isinstance(changed[k], (str, list, tuple)) else f"{safe_tag(k)}-{part}"
             for k, part in zip(names, parts)]
    tag = "--".join(parts)
    if lossy or len(tag) > 80:
        tag = f"{tag[:72].rstrip('-')}--{params_hash({k: changed[k] for k in names})}"
    return tag


def _plain(value) -> str:
    if isinstance(value, (list, tuple)):  # never faithful: ["a b"] and ["a", "b"] would slug alike
        return "[" + "-".join(str(v) for v in value) + "]"
    return str(value)


def _faithful(text: str, part: str) -> bool:
    """True when the slug keeps everything but case, tone marks, spaces and underscores."""
    kept = re.sub(r"[\s_:/.]+", "-", strip_diacritics(text).lower())
    return kept == part
