"""The import layers of docs/architecture.md hold: no subpackage imports one below it."""
from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "analysis"
# what each part of the package may import from the project (docs/architecture.md, "Import rules")
ALLOWED = {
    "config": set(),
    "schema": set(),
    "params": set(),
    "read": {"config"},
    "extract": {"read", "config", "schema"},
    "coding": {"read", "config"},
    "build": {"read", "extract", "coding", "config", "schema"},
    "collect": {"read", "extract", "coding", "config"},
    "compare": {"extract", "read", "params", "config"},
    "validate": {"coding", "config", "read", "extract", "schema"},
    "report": {"build", "coding", "compare", "config", "extract", "params", "read", "schema", "validate"},
    "cli": {"build", "collect", "config", "schema", "report", "read", "extract", "coding", "params", "validate"},
    "__init__": {"build", "coding", "read", "report", "params", "config"},
    "__main__": {"cli"},
}


def _imports(path):
    part = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    package_parts = list(path.relative_to(PACKAGE).parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                names = base + (node.module.split(".") if node.module else [a.name for a in node.names][:1])
                target = names[0] if names else (node.module or "")
            elif node.module and node.module.startswith("analysis."):
                target = node.module.split(".")[1]
            else:
                continue
        elif isinstance(node, ast.Import):
            targets = [a.name.split(".")[1] for a in node.names if a.name.startswith("analysis.")]
            if not targets:
                continue
            target = targets[0]
        else:
            continue
        yield part, target.removesuffix(".py"), node.lineno


def test_imports_follow_the_layers():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for part, target, line in _imports(path):
            if target != part and target not in ALLOWED[part]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({part} imports {target})")
    assert not wrong, "imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_every_part_of_the_package_has_a_layer():
    parts = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert parts - {"data"} <= set(ALLOWED), parts - set(ALLOWED)
