"""The per-document cache: one pickle per input unit and stage, keyed by content and stage version."""
from __future__ import annotations

import pickle
from pathlib import Path

from .files import atomic_write_bytes
from .pipeline import READ_TABLES, stage_versions

__all__ = ["Cache"]


class Cache:
    """Stage "read" results under data/cache/read-<version>/, codings under code-<versions>/."""

    def __init__(self, root: Path | None):
        read_version, code_version = stage_versions()
        self.read_root = root / f"read-{read_version}" if root else None
        self.code_root = root / f"code-{read_version}-{code_version}" if root else None

    @staticmethod
    def _get(root: Path | None, key: str):
        if root is None:
            return None
        try:
            with open(root / key[:2] / f"{key}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    @staticmethod
    def _put(root: Path | None, key: str, value) -> None:
        if root is None:
            return
        path = root / key[:2] / f"{key}.pickle"
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def get(self, key: str) -> tuple[dict | None, list | None]:
        return self._get(self.read_root, key), self._get(self.code_root, key)

    def put(self, key: str, result: dict, read_cached: bool) -> None:
        if not read_cached:
            self._put(self.read_root, key, {name: result[name] for name in READ_TABLES})
        self._put(self.code_root, key, result["codings"])
