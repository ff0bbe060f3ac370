"""Table sets as generations: a build writes a complete set into a new folder, then switches to it.

Layout of a tables folder ``out/``::

    out/generations/<name>/*.parquet, build.json   one complete set per build (build.json lists
                                                   every table's SHA-256)
    out/current -> generations/<name>              the set readers see, switched by one rename
    out/<table>.parquet -> current/<table>.parquet  stable paths for anyone reading files directly
    out/build.json -> current/build.json
    out/.lock                                      held by the build writing into ``out``

A build killed at any moment leaves ``current`` on the previous complete set; a set whose files
do not match the digests in its build.json is never trusted (`TableStore.verified`). Old
generations are pruned (the previous one is kept for readers that resolved it just before a switch).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .files import atomic_write_bytes

__all__ = ["TableStore", "BuildLocked", "file_sha256", "BUILD_INFO"]

BUILD_INFO = "build.json"
_KEEP = 2  # generations kept: the current one and the one before it


class BuildLocked(RuntimeError):
    """Another build is writing into the same tables folder."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class TableStore:
    def __init__(self, out: Path):
        self.out = Path(out)
        self.generations = self.out / "generations"

    # -- reading -------------------------------------------------------------------------------
    def current(self) -> Path | None:
        """The folder of the current generation (resolved once: read every table from it)."""
        link = self.out / "current"
        try:
            target = os.readlink(link)
        except OSError:
            return None
        folder = (self.out / target)
        return folder if folder.is_dir() else None

    def verified(self, tables: tuple[str, ...] | list[str]) -> tuple[Path, dict] | None:
        """(folder, build info) of the current generation when it is complete and every table's
        digest matches its build.json; None otherwise (missing, partial, altered or legacy)."""
        folder = self.current()
        if folder is None:
            return None
        try:
            info = json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))
            digests = info["digests"]
            for name in tables:
                if file_sha256(folder / f"{name}.parquet") != digests[name]:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return folder, info

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the folder's build lock; wait for another build to finish (BuildLocked after
        ``timeout`` seconds, when given)."""
        self.out.mkdir(parents=True, exist_ok=True)
        with open(self.out / ".lock", "a+b") as handle:
            waited = 0.0
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if timeout is not None and waited >= timeout:
                        raise BuildLocked(f"another build is writing into {self.out} (lock {self.out / '.lock'}); "
                                          "wait for it to finish") from None
                    time.sleep(0.2)
                    waited += 0.2
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def new_generation(self) -> Path:
        self.generations.mkdir(parents=True, exist_ok=True)
        folder = self.generations / f"g{time.time_ns():x}-{os.getpid()}"
        folder.mkdir()
        return folder

    def commit(self, folder: Path, tables: list[str], info: dict) -> dict:
        """Write build.json (with every table's digest) into ``folder``, then make it current."""
        info = dict(info, digests={name: file_sha256(folder / f"{name}.parquet") for name in tables})
        atomic_write_bytes(folder / BUILD_INFO, (json.dumps(info, indent=2, sort_keys=True) + "\n").encode())
        _fsync_dir(folder)
        self._switch(folder)
        self._stable_links(tables + [BUILD_INFO.removesuffix(".json")])
        self.prune()
        return info

    def _switch(self, folder: Path) -> None:
        link = self.out / "current"
        tmp = self.out / f".current.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(os.path.relpath(folder, self.out), tmp)
        os.replace(tmp, link)
        _fsync_dir(self.out)

    def _stable_links(self, names: list[str]) -> None:
        for name in names:
            file = f"{name}.json" if name == "build" else f"{name}.parquet"
            path, target = self.out / file, os.path.join("current", file)
            try:
                if os.readlink(path) == target:
                    continue
            except OSError:
                pass
            tmp = self.out / f".{file}.{os.getpid()}.tmp"
            tmp.unlink(missing_ok=True)
            os.symlink(target, tmp)
            os.replace(tmp, path)  # also replaces a table file of the old single-folder layout

    def prune(self) -> None:
        """Remove generations but the current one and the one before it (and failed partial ones)."""
        if not self.generations.is_dir():
            return
        current = self.current()
        folders = sorted((p for p in self.generations.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime_ns)
        complete = [p for p in folders if (p / BUILD_INFO).exists()]
        keep = set(complete[-_KEEP:]) | ({current} if current else set())
        for folder in folders:
            if folder not in keep:
                shutil.rmtree(folder, ignore_errors=True)
