"""The repository's own promises: layout, the two commands, no drift between dependency files."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from conftest import ROOT


def test_environment_yml_installs_the_project_and_nothing_else():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    python_pins = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python_pins == ["python=3.11"]
    assert ">=3.11" in pyproject["project"]["requires-python"]
    assert "pip" in env["dependencies"]
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_sections == [["-e .[dev]"]]
    # every other conda dependency would be a second source of truth
    assert len(env["dependencies"]) == 3


def test_dependencies_are_pinned_to_minor_versions():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = list(pyproject["project"]["dependencies"])
    for extra in pyproject["project"]["optional-dependencies"].values():
        deps += extra
    deps = [d for d in deps if not d.startswith("analysis[")]  # the project's own extras
    for dep in deps:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==\d+\.\d+\.\*", dep), dep
    names = {re.split(r"[=\[]", d)[0].lower() for d in deps}
    assert {"underthesea", "pandas", "matplotlib", "papermill", "nbval", "jupyterlab", "ipykernel",
            "pyarrow", "trafilatura", "hypothesis", "pytest", "dask"} <= names


def test_layout():
    for name in ["environment.yml", "pyproject.toml", "Makefile", "README.md", "analysis", "notebooks", "tests",
                 "seeds", "figures", ".ci/run", "seeds/MANIFEST.csv", "seeds/README.md"]:
        assert (ROOT / name).exists(), name


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make reports" in first_block and "make test" in first_block
    assert readme.index("make reports") < readme.index("## ")


def test_ci_runs_make_test():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "make test"


def test_make_help_lists_the_targets():
    output = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in ["reports", "test", "lab", "build", "report", "params", "notebooks", "bench", "clean"]:
        assert re.search(rf"make {target}\s+\S", output), target


def test_file_names_are_lowercase_ascii_with_hyphens():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for path in tracked:
        name = path.rsplit("/", 1)[-1]
        if path.startswith(("seeds/", "analysis/", "tests/")) or name in {"README.md", "Makefile"}:
            continue
        assert re.fullmatch(r"[a-z0-9.\-_]+", name), path
