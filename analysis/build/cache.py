"""The per-document cache: one checksummed pickle per input unit and stage, keyed by content and
stage version.

Each entry is ``MAGIC + sha256(payload) + payload``. The checksum is verified before anything is
unpickled, so a truncated, bit-flipped or edited entry is never served: `get` reports it as
corrupt (the build recomputes it, overwrites it and names it in its summary). Results made by an
unexpected exception are never stored (the build checks ``ReadResult.error``).
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .files import atomic_write_bytes
from .records import CodeResult, ReadResult
from .versions import current_stage_versions

__all__ = ["Cache", "CacheLookup", "MAGIC"]

MAGIC = b"analysis-cache-v1\n"
_DIGEST = 32


class CacheLookup:
    """The result of one lookup: ``read`` and ``code`` (None on a miss) and ``corrupt`` entries."""

    __slots__ = ("read", "code", "corrupt")

    def __init__(self, read, code, corrupt: list[str]):
        self.read, self.code, self.corrupt = read, code, corrupt


def encode_entry(value) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def decode_entry(data: bytes):
    """The value of an entry; ValueError when the bytes fail the checksum (nothing is unpickled)."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _DIGEST:
        raise ValueError("not a cache entry (bad header or truncated)")
    stored = data[len(MAGIC): len(MAGIC) + _DIGEST]
    payload = data[len(MAGIC) + _DIGEST:]
    if hashlib.sha256(payload).digest() != stored:
        raise ValueError("checksum mismatch (entry truncated or altered)")
    return pickle.loads(payload)


class Cache:
    """Stage "read" results under data/cache/read-<version>/, stage "code" under code-<versions>/."""

    def __init__(self, root: Path | None):
        read_version, code_version = current_stage_versions()
        self.read_root = root / f"read-{read_version}" if root else None
        self.code_root = root / f"code-{read_version}-{code_version}" if root else None

    @staticmethod
    def _path(root: Path, key: str) -> Path:
        return root / key[:2] / f"{key}.pickle"

    def _get(self, root: Path | None, key: str, corrupt: list[str], kind: type):
        if root is None:
            return None
        path = self._path(root, key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            corrupt.append(f"{path}: unreadable ({error.strerror})")
            return None
        try:
            value = decode_entry(data)
        except Exception as error:  # checksum failures, and payloads this code cannot load
            corrupt.append(f"{path}: {error}")
            return None
        if not isinstance(value, kind):
            corrupt.append(f"{path}: holds a {type(value).__name__}, not a {kind.__name__}")
            return None
        return value

    def _put(self, root: Path | None, key: str, value) -> None:
        if root is None:
            return
        path = self._path(root, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, encode_entry(value))

    def get(self, key: str) -> CacheLookup:
        corrupt: list[str] = []
        read = self._get(self.read_root, key, corrupt, ReadResult)
        code = self._get(self.code_root, key, corrupt, CodeResult) if read is not None else None
        return CacheLookup(read, code, corrupt)

    def put_read(self, key: str, read: ReadResult) -> None:
        if not read.error:  # an exception is never a result
            self._put(self.read_root, key, read)

    def put_code(self, key: str, code: CodeResult) -> None:
        self._put(self.code_root, key, code)
