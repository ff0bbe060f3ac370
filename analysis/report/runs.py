"""Run the notebooks as parameterised reports for any corpus (papermill, in-process, in parallel)
and index them.

``python -m analysis reports --corpus DIR`` builds the corpus's tables if needed, then runs 00, 10
for every province with a document, 20 for both groupings, 30 for every central resolution cited by
two or more provinces, 40 and 90. Everything goes under ``reports/<corpus>/``::

    reports/index.html                         the corpora
    reports/<corpus>/index.html                that corpus's reports (Jinja2 template, autoescaped)
    reports/<corpus>/runs.json                 the registry the index is rendered from
    reports/<corpus>/<notebook>/<tag>/report.html        without code (nbconvert exclude_input)
                                     report.code.html    with code
                                     report.ipynb        the executed notebook
                                     <content>--<corpus>--<tag>.png/.csv   its figures and data
                                     failed.html/.ipynb  the latest run, when it failed

A run executes in a staging folder; only a successful run replaces the report, its figures and
CSVs. A failed run is kept beside the last good report of the same parameters (or alone) and
cleared by the next successful run. The index and the command's summary are computed from the
same registry, so they always agree.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
import papermill
from nbconvert import HTMLExporter

from analysis.build import load
from analysis.build.loader import tables_dir
from analysis.config import KERNEL_ARGUMENTS, NOTEBOOKS, REPORTS, SEEDS
from analysis.read.normalize import strip_diacritics
from analysis.compare import order_groups
from .common import GROUPING_LABEL, cited_central_resolutions, resolution_label
from .figures import FIGURE_LIST
from .naming import (corpus_name, corpus_path, distinguishing_parameters, effective_parameters, is_seeds,
                     notebook_defaults, parameter_tag, params_hash, safe_tag)

__all__ = [
    "ReportRun", "plan_reports", "run_reports", "run_all_reports", "run_one_report", "describe_parameters",
    "notebook_parameters", "parse_params", "strip_execution_metadata", "execute_committed_notebooks",
    "render_html", "write_index", "write_corpora_index", "report_dir",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STAGING = ".staging"


@dataclass
class ReportRun:
    notebook: str  # stem, e.g. "10-profile-province"
    tag: str  # folder name of the report, unique per parameters within the corpus
    parameters: dict  # as given to papermill (corpus included when the notebook takes it)
    corpus: str = "seeds"  # corpus name: the folder under reports/
    status: str = "pending"  # "ok" | "failed"
    error: str | None = None

    @property
    def folder(self) -> str:
        return f"{self.notebook}/{self.tag}"

    @property
    def ipynb(self) -> str:
        return f"{self.folder}/report.ipynb"

    @property
    def html(self) -> str:
        return f"{self.folder}/report.html"


def report_dir(corpus: str) -> Path:
    return REPORTS / corpus


def notebook_path(name: str) -> Path:
    """The committed notebook for a name ("10-profile-province", with or without .ipynb)."""
    stem = name[:-6] if name.endswith(".ipynb") else name
    path = NOTEBOOKS / f"{stem}.ipynb"
    if not path.exists() or "/" in stem:
        available = ", ".join(sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")))
        raise SystemExit(f"no notebook named {name!r}; available: {available}")
    return path


def notebook_parameters(name: str) -> dict:
    """The parameters of a notebook, as papermill reads them from its `parameters` cell."""
    return papermill.inspect_notebook(str(notebook_path(name)))


def notebook_question(name: str) -> str:
    """The title of a notebook: its first heading, a question."""
    nb = nbformat.read(notebook_path(name), as_version=4)
    first = nb.cells[0].source.splitlines()[0] if nb.cells else name
    return first.lstrip("# ").strip()


def describe_parameters(name: str) -> str:
    """A readable list of a notebook's parameters with types, defaults and help."""
    params = notebook_parameters(name)
    if not params:
        return f"{name} takes no parameters"
    lines = [f"{name} parameters:"]
    for key, spec in params.items():
        lines.append(f"  {key}: {spec.get('inferred_type_name') or 'any'} = {spec.get('default')}"
                     + (f"  # {spec['help']}" if spec.get("help") else ""))
    return "\n".join(lines)


def parse_params(text: str) -> dict:
    """Parse "name=value;name=value"; values are JSON when they parse as JSON, else strings.

    >>> parse_params('province=Thanh Hóa; min_documents=2; provinces=["Lạng Sơn", "Thanh Hóa"]')
    {'province': 'Thanh Hóa', 'min_documents': 2, 'provinces': ['Lạng Sơn', 'Thanh Hóa']}
    """
    params = {}
    for part in [p for p in re.split(r";(?=\s*\w+\s*=)", text or "") if p.strip()]:
        if "=" not in part:
            raise SystemExit(f"parameter {part.strip()!r} is not of the form name=value")
        key, value = part.split("=", 1)
        value = value.strip()
        try:
            params[key.strip()] = json.loads(value)
        except ValueError:
            params[key.strip()] = value
    return params


# ---------------------------------------------------------------------------------------------
# Names and plans


def _corpus_argument(corpus) -> str:
    """The value of a notebook's `corpus` parameter: "seeds" or the absolute folder."""
    return "seeds" if is_seeds(corpus) else str(corpus_path(corpus))


def _report_name(corpus) -> str:
    """The folder under reports/ for a corpus: its name, plus a hash of its path when another
    corpus of the same name already has reports there."""
    name, path = corpus_name(corpus), str(corpus_path(corpus))
    info = _read_json(report_dir(name) / "corpus.json", {})
    if info.get("path") and info["path"] != path:
        return f"{name}-{params_hash({'path': path})}"
    return name


def _tag(notebook: str, parameters: dict, explicit: str | None = None) -> str:
    """The report's tag: `explicit` sanitised, or the values that differ from the notebook's
    defaults (`naming.parameter_tag`), led by the notebook's subject (its first text parameter:
    province, resolution, grouping) even when that is the default, so that the Lạng Sơn profile is
    "lang-son" whether or not the province was given."""
    if explicit:
        return safe_tag(explicit)
    effective = effective_parameters(notebook, parameters)
    base = parameter_tag(notebook, effective)
    subject = next((k for k, v in notebook_defaults(notebook).items() if k != "corpus" and isinstance(v, str)), None)
    if subject is None or subject in distinguishing_parameters(notebook, effective):
        return base
    lead = safe_tag(str(effective[subject]))
    return lead if base == "default" else f"{lead}--{base}"


def _with_corpus(notebook: str, parameters: dict, corpus) -> dict:
    if "corpus" in notebook_defaults(notebook) and "corpus" not in parameters:
        return {**parameters, "corpus": _corpus_argument(corpus)}
    return dict(parameters)


def plan_reports(corpus=SEEDS) -> tuple[list[ReportRun], dict[str, list[str]]]:
    """Every report `reports --corpus` runs, and notes on rules that found nothing.

    00, 10 for every (pre-2025) province with a document, 20 for both groupings, 30 for every
    central resolution cited by two or more provinces, 40 and 90.
    """
    name = _report_name(corpus)
    names = {p.stem for p in NOTEBOOKS.glob("[0-9]*.ipynb")}
    tables = load(["documents", "references"], corpus=_corpus_argument(corpus))
    documents, references = tables["documents"], tables["references"]
    planned: list[tuple[str, dict]] = []
    notes: dict[str, list[str]] = {}
    for notebook in sorted(names):
        if notebook == "10-profile-province":
            provinces = order_groups(documents["province"].dropna().unique()) if "province" in documents else []
            planned += [(notebook, {"province": p}) for p in provinces]
            if not provinces:
                notes[notebook] = ["No document of this corpus could be placed in a province, so no profile was run."]
        elif notebook == "20-compare-provinces":
            planned += [(notebook, {"grouping": g}) for g in ("province", "province_2025")]
        elif notebook == "30-trace-resolution":
            cited = cited_central_resolutions(references, documents, min_provinces=1)
            keys = cited.loc[cited["n_provinces"] >= 2, "key"].tolist()
            planned += [(notebook, {"resolution": k}) for k in keys]
            if not keys:
                most = "; ".join(f"{resolution_label(k)}: {n} province{'s' if n != 1 else ''}"
                                 for k, n in zip(cited["key"][:5], cited["n_provinces"][:5]))
                notes[notebook] = [
                    "No central resolution, congress or plenum is cited by two or more provinces in this corpus, "
                    "so no trace report was run." + (f" Most cited: {most}." if most else " None is cited at all.")]
        else:
            planned.append((notebook, {}))
            if notebook == "90-validate-extraction" and name != _report_name(SEEDS):
                notes[notebook] = [
                    "This report is the same for every corpus: sections 1-4 check the seeds (a regression check) "
                    "and section 5 shows the committed scores on the hand-coded real-text sentences; it does not "
                    "read this corpus's tables."]
    runs = []
    for notebook, params in planned:
        params = _with_corpus(notebook, params, corpus)
        runs.append(ReportRun(notebook, _tag(notebook, params), params, name))
    return runs, notes


# ---------------------------------------------------------------------------------------------
# Running


def strip_execution_metadata(nb) -> None:
    """Drop papermill's and Jupyter's timestamps so that re-running an unchanged tree changes nothing."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            cell.metadata.pop("tags")


def readable_parameters_cell(nb) -> None:
    """papermill writes non-ASCII strings escaped ("B\\u1eafc Ninh") in a cell with a random id;
    rewrite the cell with Python literals as a person writes them ("Bắc Ninh") and a fixed id."""
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id: same run, same bytes
            lines = []
            for line in cell.source.splitlines():
                match = re.match(r"^(\w+) = (.*)$", line)
                if match:
                    try:
                        value = ast.literal_eval(match[2])
                        line = f"{match[1]} = {value!r}"
                    except (ValueError, SyntaxError):
                        pass
                lines.append(line)
            cell.source = "\n".join(lines)


def _execute(notebook: Path, output: Path, parameters: dict, report_folder: Path | None = None,
             report_name: str | None = None) -> None:
    """Execute with papermill; the report's folder and name reach `save()` in the kernel through
    the environment, set for this call only."""
    saved = {k: os.environ.get(k) for k in ("ANALYSIS_REPORT_DIR", "ANALYSIS_REPORT_NAME", "ANALYSIS_FIGURES_DIR")}
    if report_folder is not None:
        os.environ["ANALYSIS_REPORT_DIR"], os.environ["ANALYSIS_REPORT_NAME"] = str(report_folder), str(report_name)
        os.environ.pop("ANALYSIS_FIGURES_DIR", None)
    else:
        os.environ.pop("ANALYSIS_REPORT_DIR", None)
        os.environ.pop("ANALYSIS_REPORT_NAME", None)
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters or None, cwd=str(NOTEBOOKS),
            progress_bar=False, log_output=False, kernel_name="python3", extra_arguments=KERNEL_ARGUMENTS,
        )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if output.exists():
            nb = nbformat.read(output, as_version=4)
            strip_execution_metadata(nb)
            readable_parameters_cell(nb)
            nbformat.write(nb, output)


def _words(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and (value.startswith("congress:") or value.startswith("plenum:")):
        return resolution_label(value)
    return str(value)


def parameter_rows(notebook: str, parameters: dict) -> list[tuple[str, str]]:
    """(name, value in words) for every parameter of the run but the corpus, defaults included."""
    return [(k, _words(v)) for k, v in effective_parameters(notebook, parameters).items() if k != "corpus"]


def run_title(notebook: str, parameters: dict) -> tuple[str, list[str]]:
    """What a run is about, in words, and its other parameters:
    ("Bắc Ninh · province (pre-2025, 63)", ["category: stage", ...])."""
    defaults = notebook_defaults(notebook)
    rows = dict(parameter_rows(notebook, parameters))
    subject = next((k for k, v in defaults.items() if k != "corpus" and isinstance(v, str)), None)
    parts, shown = [], {subject}
    if subject is not None and subject != "grouping":
        value = rows[subject]
        parts.append("all provinces" if subject == "provinces" and value == "all" else value)
    elif subject is None:
        parts.append("whole corpus")
    # the grouping is named in the title where runs differ by it (comparisons, audits, 2025 profiles)
    if "grouping" in rows and (subject in ("grouping", "provinces") or rows["grouping"] != defaults.get("grouping")):
        parts.append(GROUPING_LABEL.get(rows["grouping"], rows["grouping"]))
        shown.add("grouping")
    return " · ".join(parts), [f"{k}: {v}" for k, v in rows.items() if k not in shown]


def _sections(nb) -> list[tuple[str, str]]:
    sections = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            text = cell.source.splitlines()[0][3:].strip()
            anchor = f"section-{len(sections) + 1}"
            cell.source = f'<a id="{anchor}"></a>\n\n' + cell.source
            sections.append((anchor, text))
    return sections


def render_html(ipynb: Path, notebook: str, parameters: dict, corpus: str, code: bool = False,
                target: Path | None = None) -> Path:
    """The HTML of an executed report: title (question, parameters, corpus), a table of the
    parameters and a table of contents at the top; without code unless `code`."""
    nb = nbformat.read(ipynb, as_version=4)
    question = notebook_question(notebook)
    main, _ = run_title(notebook, parameters)
    nb.metadata["title"] = f"{question} {main} · corpus {corpus}"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             keep_trailing_newline=True)
    sections = _sections(nb)
    corpus_value = parameters.get("corpus")
    _describe_this_run(nb, notebook, parameters, corpus)
    block = env.get_template("report-parameters.html.j2").render(
        corpus_name=corpus, corpus_path=corpus_value if corpus_value not in (None, "seeds") else "",
        parameters=parameter_rows(notebook, parameters), sections=sections)
    cell = nbformat.v4.new_markdown_cell(block)
    cell["id"] = "report-parameters"  # a fixed id: the same report renders to the same bytes
    nb.cells.insert(1, cell)
    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
                            exclude_input=not code, exclude_input_prompt=not code, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    target = target or ipynb.with_suffix(".code.html" if code else ".html")
    target.write_text(body, encoding="utf-8")
    return target


def _describe_this_run(nb, notebook: str, parameters: dict, corpus: str) -> None:
    """The notebook's **Writes** and **Run** lines speak of the committed notebook; in a report they
    say where this report's files are and how to run exactly this report again."""
    given = {k: v for k, v in parameters.items() if k != "corpus"}
    params = ";".join(f"{k}={v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}" for k, v in given.items())
    corpus_value = parameters.get("corpus")
    command = f"make report NB={notebook}" + (f' PARAMS="{params}"' if params else "") \
        + (f" CORPUS={corpus_value}" if corpus_value not in (None, "seeds") else "")
    first = nb.cells[0]
    first.source = re.sub(r"\*\*Writes\*\*.*?(?=·\s*\n?\s*\*\*Run\*\*|\*\*Run\*\*|$)",
                          f"**Writes** its figures and the CSV behind each into this report's folder "
                          f"(`<content>--{corpus}--<tag>.png`) ", first.source, count=1, flags=re.S)
    first.source = re.sub(r"\*\*Run\*\*.*$", lambda _: f"**Run** `{command}`", first.source, count=1, flags=re.S)


def _to_html(ipynb: Path) -> None:
    """HTML for an executed notebook outside a report folder (tests, one-off conversions)."""
    render_html(ipynb, ipynb.stem if (NOTEBOOKS / f"{ipynb.stem}.ipynb").exists() else "00-explore-corpus",
                {}, "seeds", target=ipynb.with_suffix(".html"))


def _run_one(run: ReportRun) -> ReportRun:
    """Execute one report in a staging folder; install it only when it succeeded."""
    folder = report_dir(run.corpus) / run.folder
    staging = folder / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    output = staging / "report.ipynb"
    try:
        _execute(notebook_path(run.notebook), output, run.parameters, staging, f"{run.corpus}--{run.tag}")
        render_html(output, run.notebook, run.parameters, run.corpus)
        render_html(output, run.notebook, run.parameters, run.corpus, code=True)
        run.status = "ok"
    except Exception as error:  # papermill raises PapermillExecutionError with the cell's error
        run.status = "failed"
        run.error = _short_error(error)
    if run.status == "ok":
        for old in folder.iterdir():
            if old.name != STAGING:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        for new in staging.iterdir():
            new.rename(folder / new.name)
    else:
        for old in folder.glob("failed.*"):
            old.unlink()
        if output.exists():
            output.rename(folder / "failed.ipynb")
            try:
                render_html(folder / "failed.ipynb", run.notebook, run.parameters, run.corpus, code=True,
                            target=folder / "failed.html")
            except Exception:
                pass
    shutil.rmtree(staging, ignore_errors=True)
    return run


def _short_error(error: Exception) -> str:
    name = getattr(error, "ename", type(error).__name__)
    value = getattr(error, "evalue", str(error))
    return f"{name}: {value}".strip()[:2000]


# ---------------------------------------------------------------------------------------------
# Registry and index


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def _write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def _registry(corpus: str) -> dict[str, dict]:
    return {f"{r['notebook']}/{r['tag']}": r for r in _read_json(report_dir(corpus) / "runs.json", [])}


def assign_tags(runs: list[ReportRun]) -> None:
    """Make tags unique per parameters: a tag already used (in the registry or in this batch) by
    other parameters gets a short hash of the parameters."""
    if not runs:
        return
    registry = _registry(runs[0].corpus)
    taken = {key: effective_parameters(r["notebook"], r["parameters"]) for key, r in registry.items()}
    for run in runs:
        mine = effective_parameters(run.notebook, run.parameters)
        key = f"{run.notebook}/{run.tag}"
        if key in taken and taken[key] != mine:
            run.tag = f"{run.tag[:72]}--{params_hash(mine)}"
            key = f"{run.notebook}/{run.tag}"
        taken[key] = mine


def _record(corpus: str, runs: list[ReportRun]) -> None:
    registry = _registry(corpus)
    for run in runs:
        key = f"{run.notebook}/{run.tag}"
        entry = registry.get(key, {})
        entry.update(notebook=run.notebook, tag=run.tag, parameters=run.parameters, status=run.status,
                     error=run.error)
        if run.status == "ok":
            entry["error"] = None
        registry[key] = entry
    # an entry is kept while it has a good report or a failed run on disk
    folder = report_dir(corpus)
    kept = [r for _, r in sorted(registry.items())
            if (folder / r["notebook"] / r["tag"] / "report.html").exists()
            or (folder / r["notebook"] / r["tag"] / "failed.ipynb").exists()]
    _write_json(folder / "runs.json", kept)


def _corpus_facts(corpus, name: str) -> dict:
    path = corpus_path(corpus)
    out = tables_dir(path)
    info = _read_json(out / "build.json", {})
    facts = {"name": name, "path": str(path), "built": None, "documents": info.get("parsed", 0),
             "provinces": 0, "skipped": info.get("skipped", 0), "duplicates": info.get("duplicates", 0)}
    if (out / "build.json").exists():
        facts["built"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime((out / "build.json").stat().st_mtime))
    try:
        documents = load("documents", corpus=_corpus_argument(corpus), rebuild="never")
        facts["documents"] = len(documents)
        facts["provinces"] = int(documents["province"].nunique()) if "province" in documents else 0
    except (FileNotFoundError, OSError):
        pass
    return facts


def summarise(corpus: str) -> dict:
    """Counts shown by the index and printed by the command: reports with a good version, failed
    latest runs (with and without a good report kept)."""
    registry = list(_registry(corpus).values())
    folder = report_dir(corpus)
    good = [r for r in registry if (folder / r["notebook"] / r["tag"] / "report.html").exists()]
    failed = [r for r in registry if r["status"] != "ok"]
    return {"reports": len(good), "failed": len(failed),
            "failed_without_report": sum(1 for r in failed if r not in good)}


def _figures(folder: Path, prefix: str) -> list[dict]:
    figures = []
    for line in (folder / FIGURE_LIST).read_text(encoding="utf-8").splitlines() if (folder / FIGURE_LIST).exists() else []:
        item = json.loads(line)
        figures.append({"png": f"{prefix}/{item['stem']}.png", "title": item["title"],
                        "csv": f"{prefix}/{item['stem']}.csv" if item["csv"] else None})
    return figures


def write_index(corpus: str = "seeds", notes: dict[str, list[str]] | None = None, facts: dict | None = None) -> Path:
    """reports/<corpus>/index.html from the registry (Jinja2, autoescaped), then reports/index.html."""
    folder = report_dir(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    meta = _read_json(folder / "corpus.json", {})
    if facts is not None:
        meta.update(facts)
    if notes is not None:
        meta["notes"] = notes
    meta.setdefault("name", corpus)
    _write_json(folder / "corpus.json", meta)
    registry = list(_registry(corpus).values())
    sections, failures = [], []
    notebooks = sorted({p.stem for p in NOTEBOOKS.glob("[0-9]*.ipynb")} | {r["notebook"] for r in registry})
    for notebook in notebooks:
        rows = []
        for r in sorted((r for r in registry if r["notebook"] == notebook), key=lambda r: _sort_key(r)):
            prefix = f"{r['notebook']}/{r['tag']}"
            title, details = run_title(r["notebook"], r["parameters"])
            has_good = (folder / prefix / "report.html").exists()
            row = {"notebook": notebook, "title": title, "details": details, "html": f"{prefix}/report.html",
                   "code_html": f"{prefix}/report.code.html", "ipynb": f"{prefix}/report.ipynb",
                   "failed_html": f"{prefix}/failed.html", "failed_ipynb": f"{prefix}/failed.ipynb",
                   "error": r["error"] if r["status"] != "ok" else None, "has_good": has_good,
                   "figures": _figures(folder / prefix, prefix) if has_good else []}
            main = _main_figure(notebook, row["figures"])
            row["thumbnail"] = main["png"] if main else None
            row["thumbnail_alt"] = main["title"] if main else ""
            if has_good:
                rows.append(row)
            if r["status"] != "ok":
                failures.append(row)
        question = notebook_question(notebook) if (NOTEBOOKS / f"{notebook}.ipynb").exists() else ""
        sections.append({"notebook": notebook, "question": question, "rows": rows,
                         "notes": meta.get("notes", {}).get(notebook, [])})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    page = env.get_template("corpus-index.html.j2").render(
        corpus={**{"path": "", "built": None, "documents": 0, "provinces": 0, "skipped": 0, "duplicates": 0}, **meta},
        sections=sections, failures=failures, summary=summarise(corpus))
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    write_corpora_index()
    return path


def _sort_key(r: dict):
    """Rows in the order a reader looks for them: grouping, then alphabetically as Vietnamese
    readers sort (tone marks and đ folded), then the tag."""
    title = run_title(r["notebook"], r["parameters"])[0]
    grouping = str(effective_parameters(r["notebook"], r["parameters"]).get("grouping", ""))
    return grouping, strip_diacritics(title).lower(), title, r["tag"]


# The figure shown as a report's thumbnail in the index, by notebook (content name prefix); other
# notebooks show their first figure.
MAIN_FIGURE = {"00-explore-corpus": "coverage--", "10-profile-province": "profile-"}


def _main_figure(notebook: str, figures: list[dict]) -> dict | None:
    prefix = MAIN_FIGURE.get(notebook)
    chosen = [f for f in figures if prefix and Path(f["png"]).name.startswith(prefix)]
    return (chosen or figures or [None])[0]


def write_corpora_index() -> Path:
    """reports/index.html: every corpus with reports, its facts and counts."""
    corpora = []
    for meta_path in sorted(REPORTS.glob("*/corpus.json")):
        meta = _read_json(meta_path, {})
        name = meta_path.parent.name
        corpora.append({"name": name, "path": meta.get("path", ""), "built": meta.get("built"),
                        "documents": meta.get("documents", ""), "provinces": meta.get("provinces", ""),
                        **summarise(name)})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    REPORTS.mkdir(parents=True, exist_ok=True)
    path = REPORTS / "index.html"
    path.write_text(env.get_template("corpora-index.html.j2").render(corpora=corpora), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# Commands


def run_reports(runs: list[ReportRun], jobs: int = 2, corpus=SEEDS, notes=None) -> list[ReportRun]:
    """Run reports in parallel worker processes (papermill in-process, no CLI start-up cost),
    record them and rewrite the index."""
    if not runs:
        name = _report_name(corpus)
        write_index(name, notes, _corpus_facts(corpus, name))
        return []
    name = runs[0].corpus
    assign_tags(runs)
    facts = _corpus_facts(corpus, name)
    _write_json(report_dir(name) / "corpus.json", {**_read_json(report_dir(name) / "corpus.json", {}), **facts})
    if jobs <= 1 or len(runs) <= 1:
        done = [_run_one(run) for run in runs]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = list(pool.map(_run_one, runs))
    _record(name, done)
    write_index(name, notes, facts)
    return done


def _summary_lines(name: str, done: list[ReportRun]) -> list[str]:
    counts = summarise(name)
    ran_failed = [r for r in done if r.status != "ok"]
    lines = [f"this run: {len(done)} report(s), {len(ran_failed)} failed",
             f"index reports/{name}/index.html: {counts['reports']} report(s), {counts['failed']} failed"]
    for run in ran_failed:
        lines.append(f"FAILED {run.notebook} {run.tag}: {run.error.splitlines()[0] if run.error else ''}")
    earlier = counts["failed"] - len(ran_failed)
    if earlier > 0:
        lines.append(f"({earlier} failure(s) from earlier runs stay in the index until those parameters run successfully)")
    return lines


def run_all_reports(jobs: int = 2, corpus=SEEDS) -> int:
    """Every report for a corpus (see the module docstring); exit status 1 when any failed."""
    corpus = corpus_path(corpus)
    if not corpus.exists():
        raise SystemExit(f"corpus folder not found: {corpus}")
    runs, notes = plan_reports(corpus)
    done = run_reports(runs, jobs=jobs, corpus=corpus, notes=notes)
    name = runs[0].corpus if runs else _report_name(corpus)
    for note in (n for ns in notes.values() for n in ns):
        print(note)
    print("\n".join(_summary_lines(name, done)))
    return 1 if any(r.status != "ok" for r in done) else 0


def run_one_report(name: str, params_text: str, tag: str | None = None, corpus=None) -> int:
    """Run one notebook with parameters (validated against its parameters cell)."""
    path = notebook_path(name)
    params = parse_params(params_text)
    known = notebook_parameters(path.stem)
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise SystemExit(f"{path.stem} has no parameter(s) {unknown}; it takes: {', '.join(known) or 'none'}")
    if corpus is None:
        corpus = params.get("corpus", "seeds") if isinstance(params.get("corpus", "seeds"), str) else "seeds"
    elif "corpus" in params and corpus_path(params["corpus"]) != corpus_path(corpus):
        raise SystemExit("--corpus and the corpus parameter name different folders")
    if not corpus_path(corpus).exists():
        raise SystemExit(f"corpus folder not found: {corpus_path(corpus)}")
    params = _with_corpus(path.stem, params, corpus)
    if "corpus" in params:
        params["corpus"] = _corpus_argument(params["corpus"])
    report = _report_name(corpus)
    run = ReportRun(path.stem, _tag(path.stem, params, tag), params, report)
    run = run_reports([run], jobs=1, corpus=corpus)[0]
    where = f"reports/{report}/{run.html}" if run.status == "ok" else f"reports/{report}/{run.folder}/failed.html"
    print(f"{run.status}: {where}" + (f"\n{run.error}" if run.error else ""))
    print("\n".join(_summary_lines(report, [run])[1:2]))
    return 0 if run.status == "ok" else 1


def execute_committed_notebooks(names: list[str] | None = None) -> int:
    """Re-execute the committed notebooks in place (default parameters), timestamps stripped.

    Their outputs are the references nbval compares against in `make test`.
    """
    paths = [notebook_path(n) for n in names] if names else sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    status = 0
    for path in paths:
        try:
            _execute(path, path, {}, None)
            print(f"executed {path.name}")
        except Exception as error:
            status = 1
            print(f"FAILED {path.name}: {_short_error(error)}")
    return status


__all__ += ["summarise", "parameter_rows", "run_title", "notebook_question", "readable_parameters_cell"]
