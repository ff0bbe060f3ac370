"""Committed notebooks: executed, error-free, timestamp-free; parameterised runs work and fail clearly.

nbval (run by `make test` on notebooks/) compares the committed outputs with a fresh run; it passes
unexecuted cells silently, which the first test here rules out.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_executed_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code_cells
    for cell in code_cells:
        assert cell.execution_count is not None, f"unexecuted cell: {cell.source[:60]}"
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source[:60]
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], f"stderr output: {cell.source[:60]}"
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata
    assert "papermill" not in nb.metadata
    assert not any("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in nb.cells)
    counts = [c.execution_count for c in code_cells]
    assert counts == list(range(1, len(counts) + 1)), "cells were not run top to bottom in one kernel"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_skeleton(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ") and "?" in first.source.splitlines()[0]
    for word in ("**Reads**", "**Writes**", "**Run**"):
        assert word in first.source
    parameter_cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameter_cells) == 1
    assert nb.cells[-1].cell_type == "markdown" and nb.cells[-1].source.startswith("## Notes")
    # thin notebooks: logic lives in analysis/
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "def " not in cell.source and "for " not in cell.source.split("#")[0], cell.source[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_are_typed_and_documented(path):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assigned = [line.split(":")[0].split("=")[0].strip() for line in cell.source.splitlines()
                if line.strip() and not line.startswith("#")]
    params = papermill.inspect_notebook(str(path))
    assert list(params) == assigned, "papermill cannot read every parameter (one '=' per line, none in comments)"
    for name, spec in params.items():
        assert spec["inferred_type_name"] not in (None, "None"), name
        assert spec["help"], f"parameter {name} has no comment"


def test_explore_corpus_runs_on_another_corpus_and_fails_clearly_on_a_bad_one(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text((ROOT / "seeds" / "001_bf06992612baf552.txt").read_text("utf-8"), "utf-8")
    (corpus / "b.txt").write_bytes(b"")
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "00-explore-corpus.ipynb"), str(output),
                               parameters={"corpus": str(corpus)}, cwd=str(ROOT / "notebooks"),
                               progress_bar=False, kernel_name="python3")
    text = output.read_text(encoding="utf-8")
    assert "empty file (0 bytes)" in text
    with pytest.raises(papermill.PapermillExecutionError) as error:
        papermill.execute_notebook(str(ROOT / "notebooks" / "00-explore-corpus.ipynb"), str(tmp_path / "bad.ipynb"),
                                   parameters={"corpus": str(tmp_path / "missing")}, cwd=str(ROOT / "notebooks"),
                                   progress_bar=False, kernel_name="python3")
    assert "corpus folder not found" in str(error.value)
    with pytest.raises(papermill.PapermillExecutionError) as error:
        papermill.execute_notebook(str(ROOT / "notebooks" / "00-explore-corpus.ipynb"), str(tmp_path / "bad2.ipynb"),
                                   parameters={"max_rows": "many"}, cwd=str(ROOT / "notebooks"),
                                   progress_bar=False, kernel_name="python3")
    assert "parameter 'max_rows' must be int" in str(error.value)


# Each parameterised notebook: a non-default run works, an invalid value fails with a message that
# lists the valid values (papermill exits with an error; the message is the ParameterError).
PARAMETER_CASES = [
    ("10-profile-province", {"province": "Thanh Hóa", "category": "voice"}, "Thanh Hóa",
     {"province": "Hà Giang"}, "valid: An Giang, Bắc Ninh, Lạng Sơn, Thanh Hóa"),
    ("10-profile-province", {"province": "Lạng Sơn", "grouping": "province_2025"}, "Lạng Sơn",
     {"grouping": "district"}, "valid: province, province_2025"),
    ("20-compare-provinces", {"provinces": ["Lạng Sơn", "Thanh Hóa"], "grouping": "province_2025"}, "Thanh Hóa",
     {"provinces": ["Lạng Sơn", "Atlantis"]}, "valid: An Giang, Bắc Ninh, Lạng Sơn, Thanh Hóa"),
    ("30-trace-resolution", {"resolution": "Trung ương 4 khóa XI"}, "plenum:11:4",
     {"resolution": "Trung ương 9 khóa XIII"}, "understood as plenum:13:9"),
    ("40-audit-claims", {"grouping": "province_2025"}, "round-number", {"grouping": "commune"}, "valid: province, province_2025"),
]


@pytest.mark.parametrize("name, good, expected, bad, message", PARAMETER_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(PARAMETER_CASES)])
def test_parameterised_runs(name, good, expected, bad, message, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
    source = str(ROOT / "notebooks" / f"{name}.ipynb")
    output = tmp_path / "good.ipynb"
    papermill.execute_notebook(source, str(output), parameters=good, cwd=str(ROOT / "notebooks"),
                               progress_bar=False, kernel_name="python3")
    assert expected in output.read_text(encoding="utf-8")
    with pytest.raises(papermill.PapermillExecutionError) as error:
        papermill.execute_notebook(source, str(tmp_path / "bad.ipynb"), parameters=bad, cwd=str(ROOT / "notebooks"),
                                   progress_bar=False, kernel_name="python3")
    assert "ParameterError" in str(error.value)
    assert message in str(error.value)


def test_make_report_command_validates_parameter_names():
    result = subprocess.run([sys.executable, "-m", "analysis", "report", "10-profile-province", "--params",
                             "provice=Thanh Hóa"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "has no parameter(s) ['provice']" in result.stderr
    assert "province" in result.stderr
    help_text = subprocess.run([sys.executable, "-m", "analysis", "params", "20-compare-provinces"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout
    # comparisons default to provinces with at least 3 documents (issue: small samples shown as findings)
    assert "min_documents: int = 3" in help_text and "leave out provinces" in help_text


def test_article_text_is_escaped_in_html_reports(tmp_path, monkeypatch):
    """Article text is untrusted: markup in a file name or in the text must come out escaped."""
    from analysis.report.runs import _to_html

    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    article = (ROOT / "seeds" / "002_777384cab15c4b7c.txt").read_text("utf-8")
    hostile = "Tỷ lệ <img src=x onerror=alert(2)> cán bộ, đảng viên tham gia học tập đạt 97,5%."
    title, rest = article.split("\n", 1)
    (corpus / "<script>alert(1)<!--.txt").write_text(f"{title}\n\n{hostile}\n{rest}", "utf-8")
    output = tmp_path / "report.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "10-profile-province.ipynb"), str(output),
                               parameters={"corpus": str(corpus), "province": "Bắc Ninh"},
                               cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3")
    _to_html(output)
    page = output.with_suffix(".html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page and "<script>alert(1)" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_report_index_escapes_errors(tmp_path, monkeypatch):
    import analysis.report.runs as reports

    monkeypatch.setattr(reports, "REPORTS", tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "runs.json").write_text(json.dumps([{
        "notebook": "10-profile-province", "tag": "x", "parameters": {"province": "<b>X</b>"},
        "status": "failed", "error": "ParameterError: <script>alert(1)</script>"}]), encoding="utf-8")
    page = reports.write_index("seeds").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>X</b>" not in page and "&lt;b&gt;X&lt;/b&gt;" in page
    assert "<strong>0</strong> reports, <strong>1</strong> failed" in page
