"""Cache keys of the build's stages, derived from what each stage actually runs.

A stage's version is a hash of:
- the source of every module of this package the stage's entry module imports, transitively
  (found by walking the import statements; a name imported through a package's ``__init__`` is
  followed to the submodule that defines it, so re-exports do not drag in the whole package);
- the data files those modules read (``data_file("name")`` calls, resolved through
  ``analysis.config.DATA_FILES``);
- the versions of the installed libraries that change the output (underthesea above all).

Nothing is listed by hand: a new module imported by a stage, or a new rule file it reads, changes
the key by itself; a file no stage reads (a comparison's data) changes no key.
"""
from __future__ import annotations

import ast
import hashlib
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from analysis.config import DATA_FILES, PACKAGE

__all__ = ["StageFiles", "stage_files", "stage_digest", "library_versions", "STAGE_ENTRIES", "OUTPUT_LIBRARIES"]

# The module each stage runs (its imports are followed from there).
STAGE_ENTRIES = {"read": "analysis.build.read_stage", "code": "analysis.build.code_stage"}
# Installed distributions whose version changes what the stages produce.
OUTPUT_LIBRARIES = ("underthesea", "underthesea_core", "stopwordsiso", "trafilatura", "lxml", "lxml_html_clean", "ftfy", "pyyaml")


@dataclass(frozen=True)
class StageFiles:
    modules: tuple[str, ...]  # dotted names
    data: tuple[str, ...]  # registered data-file names


def _module_path(name: str, package_dir: Path, package: str) -> Path | None:
    if name != package and not name.startswith(package + "."):
        return None
    parts = name.split(".")[1:]
    base = package_dir.joinpath(*parts) if parts else package_dir
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _is_package(name: str, package_dir: Path, package: str) -> bool:
    path = _module_path(name, package_dir, package)
    return path is not None and path.name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _defining_module(package_name: str, name: str, package_dir: Path, package: str) -> str:
    """The submodule a package's ``__init__`` re-exports ``name`` from, or the package itself."""
    init = _module_path(package_name, package_dir, package)
    for node in ast.walk(_tree(init)):
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
            return _resolve(package_name, node, True)
    return package_name


def stage_files(entry: str, package_dir: Path = PACKAGE, package: str = "analysis") -> StageFiles:
    """Modules (transitively imported from ``entry``) and data files a stage depends on."""
    seen: set[str] = set()
    parents: set[str] = set()
    data: set[str] = set()
    todo = [entry]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = _module_path(module, package_dir, package)
        if path is None:
            continue
        seen.add(module)
        # Importing a.b.c runs the __init__ of a and a.b: their source counts (their own imports
        # are followed only for the names actually taken from them).
        parts = module.split(".")
        parents.update(".".join(parts[:i]) for i in range(1, len(parts)))
        is_package = path.name == "__init__.py"
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import):
                todo.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, node, is_package)
                for alias in node.names:
                    child = f"{base}.{alias.name}"
                    if _module_path(child, package_dir, package) is not None:
                        todo.append(child)
                    elif _is_package(base, package_dir, package) and base != module:
                        todo.append(_defining_module(base, alias.name, package_dir, package))
                    else:
                        todo.append(base)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "data_file":
                if not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    # a computed name would leave a data file out of the key: stale results served silently
                    raise ValueError(f"{module}: line {node.lineno}: data_file() needs a literal name so the "
                                     "build's cache key can include the file")
                data.add(node.args[0].value.replace("-", "_"))  # registry names use underscores
    modules = {m for m in seen | parents if _module_path(m, package_dir, package) is not None}
    return StageFiles(tuple(sorted(modules)), tuple(sorted(data)))


def library_versions() -> dict[str, str]:
    """Versions of Python (major.minor) and of the libraries that change the stages' output."""
    versions = {"python": f"{sys.version_info.major}.{sys.version_info.minor}"}
    for name in OUTPUT_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _hash_path(digest, path: Path, label: str) -> None:
    paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for item in paths:
        digest.update(f"{label}:{item.relative_to(path) if path.is_dir() else ''}\0".encode())
        digest.update(item.read_bytes() if item.is_file() else b"<missing>")


def stage_digest(entry: str, package_dir: Path = PACKAGE, package: str = "analysis",
                 data_files: dict[str, Path] | None = None, versions: dict[str, str] | None = None) -> str:
    """A 16-hex-digit version of one stage (see the module docstring)."""
    files = stage_files(entry, package_dir, package)
    data_files = DATA_FILES if data_files is None else data_files
    digest = hashlib.sha256()
    for module in files.modules:
        _hash_path(digest, _module_path(module, package_dir, package), module)
    for name in files.data:
        _hash_path(digest, data_files[name], f"data:{name}")
    for name, version in sorted((library_versions() if versions is None else versions).items()):
        digest.update(f"lib:{name}={version}\0".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def current_stage_versions() -> tuple[str, str]:
    return stage_digest(STAGE_ENTRIES["read"]), stage_digest(STAGE_ENTRIES["code"])
