"""Report runs for any corpus: names, staging, failures, the HTML a reader sees, the index, the tools.

Most tests replace the papermill execution by copying a committed (executed) notebook, so that the
run, HTML and index machinery is tested in seconds; one test runs real reports end to end.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import matplotlib

matplotlib.use("Agg")
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import analysis.report.runs as runs  # noqa: E402
from analysis.report import figures as figures_module  # noqa: E402
from analysis.report.common import resolution_label  # noqa: E402
from analysis.report.naming import corpus_name, parameter_tag, safe_tag  # noqa: E402
from analysis.report.notebook import frame_html, frame_text, setup_notebook  # noqa: E402

from conftest import ROOT  # noqa: E402


class _Page(HTMLParser):
    """What a reader's browser would see of a page: title, links, images, text, code cells."""

    def __init__(self):
        super().__init__()
        self.title, self.links, self.images, self.text, self.classes = "", [], [], [], []
        self._in_title = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes += (attrs.get("class") or "").split()
        if tag == "title":
            self._in_title = True
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.full_text = " ".join(" ".join(page.text).split())
    return page


def local_links(path: Path, page: _Page) -> list[Path]:
    out = []
    for href in page.links:
        parsed = urlparse(href)
        if parsed.scheme or href.startswith("#"):
            continue
        out.append((path.parent / unquote(parsed.path)).resolve())
    return out


# ---------------------------------------------------------------------------------------------
# Names


def test_tags_are_safe_and_distinct_for_distinct_parameters():
    assert safe_tag("../../../../tmp/x") == "tmp-x"
    assert "/" not in safe_tag("a/b\\c") and ".." not in safe_tag("..")
    assert parameter_tag("20-compare-provinces", {"n_boot": -1}) != parameter_tag("20-compare-provinces", {"n_boot": 1})
    pre = runs._tag("10-profile-province", {"province": "Vĩnh Long"})
    post = runs._tag("10-profile-province", {"province": "Vĩnh Long", "grouping": "province_2025"})
    assert pre == "vinh-long" and post != pre and "province-2025" in post
    # the default report is named by its subject, not "default": one Lạng Sơn report, not two
    assert runs._tag("10-profile-province", {}) == runs._tag("10-profile-province", {"province": "Lạng Sơn"}) == "lang-son"
    assert corpus_name("seeds") == "seeds" and corpus_name(ROOT / "seeds") == "seeds"
    assert corpus_name("/somewhere/Tin Lạng Sơn") == "tin-lang-son"


def test_a_tag_used_by_other_parameters_gets_a_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "REPORTS", tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "runs.json").write_text(json.dumps([{
        "notebook": "10-profile-province", "tag": "bac-ninh", "parameters": {"province": "Bắc Ninh"},
        "status": "ok", "error": None}]), encoding="utf-8")
    mistyped = runs.ReportRun("10-profile-province", runs._tag("10-profile-province", {"province": "Bac Ninh"}),
                              {"province": "Bac Ninh"}, "seeds")
    same = runs.ReportRun("10-profile-province", "bac-ninh", {"province": "Bắc Ninh"}, "seeds")
    runs.assign_tags([mistyped, same])
    assert mistyped.tag.startswith("bac-ninh--") and same.tag == "bac-ninh"


def test_plan_for_the_seeds_follows_the_index_rules():
    planned, notes = runs.plan_reports(ROOT / "seeds")
    by_notebook = {}
    for run in planned:
        by_notebook.setdefault(run.notebook, []).append(run)
    assert sorted(r.parameters["province"] for r in by_notebook["10-profile-province"]) == \
        ["An Giang", "Bắc Ninh", "Lạng Sơn", "Thanh Hóa"]
    assert sorted(r.parameters["grouping"] for r in by_notebook["20-compare-provinces"]) == ["province", "province_2025"]
    assert "30-trace-resolution" not in by_notebook
    assert "two or more provinces" in notes["30-trace-resolution"][0]
    assert {"00-explore-corpus", "40-audit-claims", "90-validate-extraction"} <= set(by_notebook)
    tags = [(r.notebook, r.tag) for r in planned]
    assert len(tags) == len(set(tags))
    assert all(r.corpus == "seeds" for r in planned)
    assert "90-validate-extraction" not in notes  # for the seeds it is their own check


def test_plan_for_another_corpus_says_the_validation_report_does_not_read_it(tmp_path):
    corpus = tmp_path / "other"
    corpus.mkdir()
    shutil.copy(ROOT / "seeds" / "000_9cf43ea575181584.txt", corpus / "000_9cf43ea575181584.txt")
    planned, notes = runs.plan_reports(corpus)
    assert "90-validate-extraction" in {r.notebook for r in planned}
    assert "same for every corpus" in notes["90-validate-extraction"][0]


# ---------------------------------------------------------------------------------------------
# Staging, failures, the index (execution replaced by a copy of a committed notebook)


def _fake_execute(fail: set):
    def execute(notebook, output, parameters, report_folder=None, report_name=None):
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, output)
        if report_folder is not None:
            (Path(report_folder) / f"figure--{report_name}.png").write_bytes(b"\x89PNG fake")
            (Path(report_folder) / figures_module.FIGURE_LIST).write_text(
                json.dumps({"stem": f"figure--{report_name}", "title": "A figure", "csv": False}) + "\n")
        if parameters.get("province") in fail:
            raise RuntimeError(f"ParameterError: no province {parameters['province']!r} <script>alert(1)</script>")
    return execute


def test_a_failed_run_never_replaces_a_good_report_and_a_success_clears_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runs, "REPORTS", tmp_path)
    fail = set()
    monkeypatch.setattr(runs, "_execute", _fake_execute(fail))
    good = runs.ReportRun("10-profile-province", "bac-ninh", {"province": "Bắc Ninh"}, "seeds")
    runs.run_reports([good], jobs=1, corpus=ROOT / "seeds")
    folder = tmp_path / "seeds" / "10-profile-province" / "bac-ninh"
    report = (folder / "report.html").read_bytes()
    assert (folder / "figure--seeds--bac-ninh.png").exists()

    fail.add("Bắc Ninh")
    again = runs.ReportRun("10-profile-province", "bac-ninh", {"province": "Bắc Ninh"}, "seeds")
    assert runs.run_reports([again], jobs=1, corpus=ROOT / "seeds")[0].status == "failed"
    assert (folder / "report.html").read_bytes() == report  # the good report stays
    assert (folder / "failed.html").exists() and (folder / "figure--seeds--bac-ninh.png").exists()
    assert not (folder / runs.STAGING).exists()
    index = (tmp_path / "seeds" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in index and "&lt;script&gt;" in index
    assert runs.summarise("seeds") == {"reports": 1, "failed": 1, "failed_without_report": 0}
    assert "<strong>1</strong> reports, <strong>1</strong> failed" in index
    assert "last good report" in index

    fail.clear()
    runs.run_reports([runs.ReportRun("10-profile-province", "bac-ninh", {"province": "Bắc Ninh"}, "seeds")],
                     jobs=1, corpus=ROOT / "seeds")
    assert not (folder / "failed.html").exists()
    assert runs.summarise("seeds") == {"reports": 1, "failed": 0, "failed_without_report": 0}
    assert "<strong>1</strong> reports, <strong>0</strong> failed" in (tmp_path / "seeds" / "index.html").read_text()


def test_the_command_summary_and_the_index_agree(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runs, "REPORTS", tmp_path)
    monkeypatch.setattr(runs, "_execute", _fake_execute({"Thanh Hóa"}))
    status = runs.run_all_reports(jobs=1, corpus=ROOT / "seeds")
    out = capsys.readouterr().out
    counts = runs.summarise("seeds")
    assert status == 1 and counts["failed"] == 1
    assert f"index reports/seeds/index.html: {counts['reports']} report(s), {counts['failed']} failed" in out
    page = (tmp_path / "seeds" / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{counts['reports']}</strong> reports, <strong>{counts['failed']}</strong> failed" in page
    # a failure with no good report is listed apart; every local link of the index resolves
    parsed = parse_page(tmp_path / "seeds" / "index.html")
    assert "Failed runs" in parsed.full_text
    missing = [p for p in local_links(tmp_path / "seeds" / "index.html", parsed) if not p.exists()]
    assert not missing
    assert "defaults" not in parsed.full_text and "Bắc Ninh" in parsed.full_text
    assert "documents" in parsed.full_text and "tables built" in parsed.full_text
    top = parse_page(tmp_path / "index.html")
    assert "seeds" in top.full_text
    assert all(p.exists() for p in local_links(tmp_path / "index.html", top))


def test_a_single_report_cannot_write_outside_reports(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runs, "REPORTS", tmp_path / "reports")
    monkeypatch.setattr(runs, "_execute", _fake_execute(set()))
    assert runs.run_one_report("40-audit-claims", "", tag="../../../../tmp/escape") == 0
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all((tmp_path / "reports") in p.parents for p in written)
    assert (tmp_path / "reports" / "seeds" / "40-audit-claims" / "tmp-escape" / "report.html").exists()


# ---------------------------------------------------------------------------------------------
# What a reader sees


def test_reports_run_for_another_corpus_read_cleanly_and_write_only_there(tmp_path, monkeypatch, capfd):
    """End to end, real kernels: a two-province corpus written here, two reports."""
    monkeypatch.setattr(runs, "REPORTS", tmp_path / "reports")
    monkeypatch.delenv("ANALYSIS_FIGURES_DIR", raising=False)
    corpus = tmp_path / "Báo tỉnh"
    corpus.mkdir()
    for name in ("000_9cf43ea575181584.txt", "002_777384cab15c4b7c.txt"):
        shutil.copy(ROOT / "seeds" / name, corpus / name)
    committed = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "figures").rglob("*") if p.is_file()}
    planned, _ = runs.plan_reports(corpus)
    chosen = [r for r in planned if r.notebook in ("10-profile-province", "40-audit-claims")][:2]
    done = runs.run_reports(chosen, jobs=1, corpus=corpus)
    assert [r.status for r in done] == ["ok", "ok"], [r.error for r in done]
    err = capfd.readouterr().err
    assert "without encryption" not in err and "KeyboardInterrupt" not in err and "Alternative text" not in err
    assert committed == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "figures").rglob("*") if p.is_file()}
    written = [p for p in (tmp_path / "reports").rglob("*") if p.is_file()]
    assert all((tmp_path / "reports" / "bao-tinh") in p.parents or p == tmp_path / "reports" / "index.html"
               for p in written)
    for run in done:
        folder = tmp_path / "reports" / "bao-tinh" / run.folder
        pngs = sorted(folder.glob("*.png"))
        assert pngs and all(f"--bao-tinh--{run.tag}" in p.stem for p in pngs)
        page = parse_page(folder / "report.html")
        assert "jp-CodeCell" in page.classes  # outputs are there ...
        assert "jp-InputArea-editor" not in page.classes and "highlight" not in page.classes  # ... code is not
        assert runs.notebook_question(run.notebook) in page.title and "bao-tinh" in page.title
        assert "NaN" not in page.full_text and "<NA>" not in page.full_text
        assert "\\u" not in page.full_text
        assert page.full_text.count("Figure.") == len(pngs)  # a caption per figure
        assert all(img.get("alt") and img["alt"] != "Figure" for img in page.images)
        assert "Contents" in page.full_text
        code = parse_page(folder / "report.code.html")
        assert "jp-InputArea-editor" in code.classes
        notebook = nbformat.read(folder / "report.ipynb", as_version=4)
        injected = next(c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert "\\u" not in injected.source and "\\x" not in injected.source
    profile = tmp_path / "reports" / "bao-tinh" / done[0].folder / "report.html"
    assert done[0].parameters["province"] in parse_page(profile).title
    index = tmp_path / "reports" / "bao-tinh" / "index.html"
    parsed = parse_page(index)
    assert all(p.exists() for p in local_links(index, parsed))
    assert any(img.get("src", "").endswith(".png") for img in parsed.images)  # thumbnails


def test_html_rendering_is_deterministic(tmp_path):
    source = ROOT / "notebooks" / "40-audit-claims.ipynb"
    first = runs.render_html(source, "40-audit-claims", {}, "seeds", target=tmp_path / "a.html")
    second = runs.render_html(source, "40-audit-claims", {}, "seeds", target=tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()


def test_tables_are_shown_without_nan_walls():
    setup_notebook()
    frame = pd.DataFrame({
        "key": ["plenum:11:4", "07-NQ/TW", None], "low": [90.0, np.nan, None],
        "n": pd.array([1, None, 3], dtype="Int64"), "subject": pd.array(["x", None, "z"], dtype="string"),
        "consistent": [None, None, True]})
    html, text = frame_html(frame), frame_text(frame)
    for shown in (html, text):
        assert "NaN" not in shown and "<NA>" not in shown and "&lt;NA&gt;" not in shown and "None" not in shown
    assert "Hội nghị Trung ương 4 khóa XI" in html and "overflow-x:auto" in html
    assert "None found" in frame_html(frame.iloc[:0]) and "None found" in frame_text(frame.iloc[:0])
    long = pd.DataFrame({"i": range(200)})
    assert "First 60 of 200 rows shown" in frame_html(long)
    matrix = pd.DataFrame([[1, 0]], index=["Lạng Sơn"], columns=["congress:national:12", "07-NQ/TW"])
    assert "Đại hội XII" in frame_html(matrix) and "congress:national:12" not in frame_html(matrix)


def test_resolution_keys_have_human_labels():
    assert resolution_label("plenum:11:4").startswith("Hội nghị Trung ương 4 khóa XI (")
    assert resolution_label("plenum:13:9").startswith("Hội nghị Trung ương 9 khóa XIII (")
    # a plenum the catalogue does not hold is labelled in the catalogue's own wording
    # (the key is built, not written: test_catalogue checks that every key written in the project exists)
    uncatalogued = "plenum:13:" + "19"
    assert resolution_label(uncatalogued) == "Hội nghị Trung ương 19 khóa XIII (19th plenum, 13th Central Committee)"
    assert resolution_label("congress:national:11").startswith("Đại hội XI của Đảng (")
    assert resolution_label("congress:provincial:19") == \
        "Đại hội Đảng bộ tỉnh lần thứ XIX (19th provincial Party congress)"
    assert resolution_label("303/NQ-HĐND") == "303/NQ-HĐND"


def test_timeline_of_undated_reports_says_so_without_date_ticks():
    from analysis.report.profile import plot_timeline

    documents = pd.DataFrame({"published": [None, None, None], "doc_id": ["a", "b", "c"]})
    follow_ups = pd.DataFrame({"issued": [], "key": []})
    fig = plot_timeline(documents, follow_ups, "Reports: Bắc Ninh")
    ax = fig.axes[0]
    assert "3 undated reports" in ax.get_title()
    assert list(ax.get_xticks()) == []
    assert any("3 undated reports" in t.get_text() for t in ax.texts)
    one = pd.DataFrame({"published": ["2015-07-08", None], "doc_id": ["a", "b"]})
    fig = plot_timeline(one, follow_ups, "Reports")
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert labels and not any(re.search(r"\d\d:\d\d", label) for label in labels)


@pytest.mark.parametrize("plot", ["lags", "heaping"])
def test_legends_do_not_cover_the_bars(plot):
    from analysis.report.audit import plot_heaping
    from analysis.report.trace import plot_lags

    if plot == "lags":
        data = pd.DataFrame({"province": ["A", "B", "C"], "status": ["observed", "censored", "observed"],
                             "lag_days": [100.0, None, 300.0], "duration_days": [None, 900.0, None]})
        fig = plot_lags(data, "province", "Lags")
    else:
        data = pd.DataFrame({"province": ["A", "B"], "share_multiple_of_5": [1.0, 0.9],
                             "share_multiple_of_10": [1.0, 0.8], "n_values": [4, 5]})
        fig = plot_heaping(data, "province")
    fig.canvas.draw()
    ax = fig.axes[0]
    legend, axes = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert legend.y1 <= axes.y0  # below the plotting area


def test_coverage_gaps_have_no_column_of_zeros(tmp_path):
    from analysis.report.explore import coverage_gaps

    documents = pd.DataFrame({"province": ["Lạng Sơn"], "province_2025": ["Lạng Sơn"]})
    gaps = coverage_gaps({"documents": documents}, "province")
    assert len(gaps) == 62 and "Lạng Sơn" not in set(gaps["province"])
    assert not any((gaps[c] == 0).all() for c in gaps.columns)
    assert gaps.set_index("province").loc["Hà Giang", "part of (2025)"] == "Tuyên Quang"


def test_trace_lags_csv_has_reusable_columns():
    from analysis import load
    from analysis.report.trace import resolution_follow_ups

    lags = resolution_follow_ups(load(), "congress:national:11")
    assert {"lag_days", "censored"} <= set(lags.columns)


# ---------------------------------------------------------------------------------------------
# Figures in JupyterLab on another corpus or other parameters never overwrite figures/


def test_figures_go_to_figures_only_for_the_seeds_with_defaults(monkeypatch):
    monkeypatch.delenv("ANALYSIS_REPORT_DIR", raising=False)
    monkeypatch.delenv("ANALYSIS_FIGURES_DIR", raising=False)
    defaults = {"grouping": "province", "max_rows": 60, "corpus": "seeds"}
    monkeypatch.setattr(figures_module, "_kernel_parameters", lambda notebook: dict(defaults))
    folder, stem = figures_module.figure_target("40-audit-claims", "round-number-heaping", "province")
    assert folder == ROOT / "figures" / "40-audit-claims" and stem == "round-number-heaping--province"
    monkeypatch.setattr(figures_module, "_kernel_parameters", lambda notebook: {**defaults, "corpus": "/data/Other corpus"})
    folder, stem = figures_module.figure_target("40-audit-claims", "round-number-heaping", "province")
    assert ROOT / "reports" / "other-corpus" / "lab" in [folder, *folder.parents]
    assert "other-corpus" in stem
    monkeypatch.setattr(figures_module, "_kernel_parameters", lambda notebook: {**defaults, "grouping": "province_2025"})
    folder, stem = figures_module.figure_target("40-audit-claims", "round-number-heaping", "province")
    assert ROOT / "figures" not in [folder, *folder.parents]


# ---------------------------------------------------------------------------------------------
# Tools


def test_parse_and_schema_end_quietly_in_a_closed_pipe():
    for command in (f"{sys.executable} -m analysis parse seeds/*.txt | head -c 10",
                    f"{sys.executable} -m analysis schema | head -1"):
        result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=ROOT, capture_output=True, text=True)
        assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
        assert result.returncode == 0


def test_every_subcommand_explains_every_option():
    import argparse

    from analysis import cli

    captured = {}
    original = argparse.ArgumentParser.parse_args

    def capture(self, args=None, namespace=None):
        captured["parser"] = self
        raise SystemExit(0)

    argparse.ArgumentParser.parse_args = capture
    try:
        with pytest.raises(SystemExit):
            cli.main(["schema"])
    finally:
        argparse.ArgumentParser.parse_args = original
    parser = captured["parser"]
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
    assert "in parallel" in subparsers.choices["reports"].format_help()
    assert "--jobs" in subparsers.choices["reports"].format_help()


def test_make_lab_opens_at_the_root_and_runs_as_root():
    result = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "MAKEFLAGS": "", "MAKELEVEL": ""})
    command = next(line for line in result.stdout.splitlines() if "jupyter lab" in line)
    assert f'--ServerApp.root_dir="{ROOT}"' in command
    assert ("--allow-root" in command) == (os.getuid() == 0)


def test_a_trace_without_lags_says_so_instead_of_drawing_an_empty_axis():
    from analysis.report.trace import plot_lags

    empty = pd.DataFrame(columns=["province", "status", "lag_days", "duration_days"])
    ax = plot_lags(empty, "province", "Days from 05-CT/TW").axes[0]
    assert list(ax.get_xticks()) == [] and any("No lag to show" in t.get_text() for t in ax.texts)


def test_index_rows_name_their_parameters_and_sort_as_readers_do():
    assert runs.run_title("10-profile-province", {"province": "Bắc Ninh"})[0] == "Bắc Ninh"
    assert runs.run_title("10-profile-province", {"province": "Vĩnh Long", "grouping": "province_2025"})[0] == \
        "Vĩnh Long · province (2025, 34)"
    assert runs.run_title("20-compare-provinces", {})[0] == "all provinces · province (pre-2025, 63)"
    assert runs.run_title("30-trace-resolution", {"resolution": "plenum:11:4"})[0].startswith("Hội nghị Trung ương 4")
    rows = [{"notebook": "10-profile-province", "tag": t, "parameters": {"province": p}}
            for t, p in (("binh-duong", "Bình Dương"), ("bac-lieu", "Bạc Liêu"), ("an-giang", "An Giang"))]
    assert [r["tag"] for r in sorted(rows, key=runs._sort_key)] == ["an-giang", "bac-lieu", "binh-duong"]


def test_a_report_rerun_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "REPORTS", tmp_path)
    digests = []
    for _ in range(2):
        run = runs.ReportRun("40-audit-claims", "province", {"corpus": "seeds"}, "seeds")
        assert runs.run_reports([run], jobs=1, corpus=ROOT / "seeds")[0].status == "ok"
        folder = tmp_path / "seeds" / run.folder
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())})
    assert digests[0] == digests[1]


def test_claims_listing_sorts_values_as_numbers():
    from analysis.report.audit import claims_listing

    claims = pd.DataFrame({
        "province": ["Lạng Sơn"] * 6, "kind": ["percent", "percent", "percent", "count", "count", "fraction"],
        "text": ["100%", "21%", "9,5%", "120 lớp", "15 lớp", "9/12 chi bộ"], "qualifier": [None] * 6,
        "low": [100.0, 21.0, 9.5, None, None, None], "high": [100.0, 21.0, 9.5, None, None, None],
        "numerator": [None] * 5 + [9], "denominator": [None] * 5 + [12], "value": [None, None, None, 120, 15, 9],
        "unit": [None] * 6, "subject": [None] * 6})
    assert claims_listing(claims)["text"].tolist() == ["15 lớp", "120 lớp", "9/12 chi bộ", "9,5%", "21%", "100%"]
