"""Run the notebooks as parameterised reports (papermill, in-process, in parallel) and index them.

``make reports`` runs every notebook with its default parameters, plus the per-province and
per-resolution variants that the built tables call for, into ``reports/<notebook>/<tag>.ipynb``
with an HTML copy, and writes ``reports/index.html``. One failing report does not stop the
others; the command exits non-zero when any failed.
"""
from __future__ import annotations

import html
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from analysis.build import load
from analysis.config import NOTEBOOKS, REPORTS
from analysis.read.normalize import slug

from .common import cited_central_resolutions

__all__ = [
    "ReportRun", "plan_reports", "run_reports", "run_all_reports", "run_one_report", "describe_parameters",
    "notebook_parameters", "parse_params", "strip_execution_metadata", "execute_committed_notebooks",
]


@dataclass
class ReportRun:
    notebook: str  # stem, e.g. "10-profile-province"
    tag: str  # file stem of the report
    parameters: dict
    status: str = "pending"  # "ok" | "failed"
    error: str | None = None

    @property
    def ipynb(self) -> str:
        return f"{self.notebook}/{self.tag}.ipynb"

    @property
    def html(self) -> str:
        return f"{self.notebook}/{self.tag}.html"


def notebook_path(name: str) -> Path:
    """The committed notebook for a name ("10-profile-province", with or without .ipynb)."""
    stem = name[:-6] if name.endswith(".ipynb") else name
    path = NOTEBOOKS / f"{stem}.ipynb"
    if not path.exists():
        available = ", ".join(sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")))
        raise SystemExit(f"no notebook named {name!r}; available: {available}")
    return path


def notebook_parameters(name: str) -> dict:
    """The parameters of a notebook, as papermill reads them from its `parameters` cell."""
    return papermill.inspect_notebook(str(notebook_path(name)))


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


def plan_reports() -> list[ReportRun]:
    """Every report `make reports` runs: defaults, one profile per province, one trace per
    central resolution cited by two or more provinces."""
    runs = [ReportRun(p.stem, "default", {}) for p in sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))]
    names = {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    tables = load(["documents", "references"])
    documents, references = tables["documents"], tables["references"]
    if "10-profile-province" in names and "province" in documents:
        for province in sorted(documents["province"].dropna().unique()):
            runs.append(ReportRun("10-profile-province", slug(province), {"province": province}))
    if "30-trace-resolution" in names and "key" in references and "province" in documents:
        for key in cited_central_resolutions(references, documents, min_provinces=2)["key"]:
            runs.append(ReportRun("30-trace-resolution", slug(key), {"resolution": key}))
    return runs


def strip_execution_metadata(nb) -> None:
    """Drop papermill's and Jupyter's timestamps so that re-running an unchanged tree changes nothing."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            cell.metadata.pop("tags")


def _execute(notebook: Path, output: Path, parameters: dict, figures_dir: Path | None) -> None:
    if figures_dir is not None:
        os.environ["ANALYSIS_FIGURES_DIR"] = str(figures_dir)
    else:
        os.environ.pop("ANALYSIS_FIGURES_DIR", None)
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters or None, cwd=str(NOTEBOOKS),
            progress_bar=False, log_output=False, kernel_name="python3",
        )
    finally:
        if output.exists():
            nb = nbformat.read(output, as_version=4)
            strip_execution_metadata(nb)
            nbformat.write(nb, output)


def _to_html(ipynb: Path) -> None:
    nb = nbformat.read(ipynb, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    ipynb.with_suffix(".html").write_text(body, encoding="utf-8")


def _run_one(run: ReportRun) -> ReportRun:
    output = REPORTS / run.ipynb
    try:
        _execute(notebook_path(run.notebook), output, run.parameters, REPORTS / "figures")
        run.status = "ok"
    except Exception as error:  # papermill raises PapermillExecutionError with the cell's error
        run.status = "failed"
        run.error = _short_error(error)
    try:
        if output.exists():
            _to_html(output)
    except Exception as error:
        run.status, run.error = "failed", f"HTML export failed: {_short_error(error)}"
    return run


def _short_error(error: Exception) -> str:
    name = getattr(error, "ename", type(error).__name__)
    value = getattr(error, "evalue", str(error))
    return f"{name}: {value}".strip()[:2000]


def run_reports(runs: list[ReportRun], jobs: int = 2) -> list[ReportRun]:
    """Run reports in parallel worker processes (papermill in-process, no CLI start-up cost)."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    if jobs <= 1 or len(runs) <= 1:
        done = [_run_one(run) for run in runs]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = list(pool.map(_run_one, runs))
    _record(done)
    write_index()
    return done


def _record(runs: list[ReportRun]) -> None:
    registry_path = REPORTS / "runs.json"
    try:
        registry = {(r["notebook"], r["tag"]): r for r in json.loads(registry_path.read_text(encoding="utf-8"))}
    except (OSError, ValueError):
        registry = {}
    for run in runs:
        registry[(run.notebook, run.tag)] = asdict(run)
    ordered = [registry[key] for key in sorted(registry)]
    registry_path.write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_index() -> Path:
    """reports/index.html: every recorded report, its parameters, status and error (escaped)."""
    registry = json.loads((REPORTS / "runs.json").read_text(encoding="utf-8"))
    failed = sum(r["status"] != "ok" for r in registry)
    rows = []
    for r in registry:
        run = ReportRun(r["notebook"], r["tag"], r["parameters"], r["status"], r["error"])
        params = ", ".join(f"{k} = {v}" for k, v in run.parameters.items()) or "defaults"
        status = "ok" if run.status == "ok" else "FAILED"
        error = f"<pre>{html.escape(run.error)}</pre>" if run.error else ""
        rows.append(
            f"<tr class='{html.escape(run.status)}'><td>{html.escape(run.notebook)}</td>"
            f"<td>{html.escape(params)}</td><td>{status}{error}</td>"
            f"<td><a href='{html.escape(run.html)}'>HTML</a> · <a href='{html.escape(run.ipynb)}'>notebook</a></td></tr>"
        )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reports: how provinces report resolution implementation</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}}
tr.failed td{{background:#fdecea}}pre{{white-space:pre-wrap;font-size:.85em}}</style></head><body>
<h1>Reports</h1>
<p>{len(registry)} reports, {failed} failed. Each links to its HTML rendering and the executed notebook.
Rerun one with <code>make report NB=&lt;notebook&gt; PARAMS="name=value"</code>.</p>
<table><tr><th>notebook</th><th>parameters</th><th>status</th><th>files</th></tr>
{chr(10).join(rows)}
</table></body></html>
"""
    path = REPORTS / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def run_all_reports(jobs: int = 2) -> int:
    runs = run_reports(plan_reports(), jobs=jobs)
    failed = [r for r in runs if r.status != "ok"]
    print(f"{len(runs)} reports, {len(failed)} failed; index: reports/index.html")
    for run in failed:
        print(f"FAILED {run.ipynb}: {run.error.splitlines()[0] if run.error else ''}")
    return 1 if failed else 0


def run_one_report(name: str, params_text: str, tag: str | None = None) -> int:
    """Run one notebook with parameters (validated against its parameters cell)."""
    path = notebook_path(name)
    params = parse_params(params_text)
    known = notebook_parameters(path.stem)
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise SystemExit(f"{path.stem} has no parameter(s) {unknown}; it takes: {', '.join(known) or 'none'}")
    tag = tag or (slug("-".join(str(v) for v in params.values())) if params else "default")
    run = run_reports([ReportRun(path.stem, tag, params)], jobs=1)[0]
    print(f"{run.status}: reports/{run.html}" + (f"\n{run.error}" if run.error else ""))
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
