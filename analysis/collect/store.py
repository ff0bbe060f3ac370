"""The collected corpus folder: ``articles.jsonl``, ``collect-log.csv`` and ``raw/``.

* ``articles.jsonl``: one article per line, appended and flushed line by line, never rewritten.
  A line cut by a kill (no final newline) is removed on the next run and its URL fetched again.
* ``collect-log.csv``: one row per URL tried (and per robots.txt, sitemap and feed read), appended
  and flushed the same way; a torn last row is repaired the same way.
* ``raw/<2 hex>/<sha256>.html.gz``: every page an article was extracted from, gzip-compressed
  (deterministic: no time stamp or name in the gzip header), named by the SHA-256 of the page
  bytes as served (``zcat FILE | sha256sum`` gives the name back). Compressed files are not
  opened by a browser by accident, so no page is ever rendered.

What a previous run did is read back from the two files: URLs with a final outcome are not
fetched again (unless ``--refresh``), and the texts already collected are known by their
normalised-text hash (the build's ``doc_id``).
"""
from __future__ import annotations

import csv
import gzip
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no lock
    fcntl = None

from analysis.read.corpus import doc_id_for
from analysis.read.normalize import normalize_text

from .fetch import TRANSIENT

__all__ = ["CorpusStore", "repair_torn_tail", "ARTICLES", "LOG", "RAW", "LOG_FIELDS", "raw_path"]

ARTICLES = "articles.jsonl"
LOG = "collect-log.csv"
RAW = "raw"
LOG_FIELDS = ("time", "kind", "url", "final_url", "status", "http", "bytes", "sha256", "doc_id",
              "encoding", "source", "reason")


def repair_torn_tail(path: Path) -> bytes:
    """Cut a file back to its last complete line (ending in a newline); return what was cut.

    Appending writers end every record with a newline, so anything after the last newline is
    a record cut short by a kill.
    """
    if not path.exists():
        return b""
    size = path.stat().st_size
    if size == 0:
        return b""
    with open(path, "rb+") as handle:
        keep = 0
        step = 1 << 16
        position = size
        while position > 0:  # scan backwards for the last newline
            start = max(0, position - step)
            handle.seek(start)
            block = handle.read(position - start)
            index = block.rfind(b"\n")
            if index >= 0:
                keep = start + index + 1
                break
            position = start
        if keep == size:
            return b""
        handle.seek(keep)
        cut = handle.read()
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())
    return cut


def raw_path(folder: Path, sha256: str) -> Path:
    return folder / RAW / sha256[:2] / f"{sha256}.html.gz"


@dataclass
class CorpusStore:
    """Append-only writer of one collected corpus folder, with what earlier runs left in it."""

    folder: Path
    done: set = field(default_factory=set)           # URLs with a final outcome
    texts: dict = field(default_factory=dict)        # doc_id -> URL of the article with that text
    collected: dict = field(default_factory=dict)    # URL -> (doc_id, fetched_at) of articles.jsonl
    repairs: list = field(default_factory=list)      # (file, bytes cut) for torn last lines

    def __post_init__(self):
        self.folder = Path(self.folder)
        self._articles = None
        self._log = None
        self._log_writer = None

    # ------------------------------------------------------------------ opening

    def open(self) -> "CorpusStore":
        self.folder.mkdir(parents=True, exist_ok=True)
        self._articles = open(self.folder / ARTICLES, "a", encoding="utf-8", newline="\n")
        if fcntl is not None:
            try:  # one collection per folder at a time: two writers would interleave their lines
                fcntl.flock(self._articles.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self._articles.close()
                raise BlockingIOError(f"another collection is writing to {self.folder}; wait for it to finish") from None
        for name in (ARTICLES, LOG):
            cut = repair_torn_tail(self.folder / name)
            if cut:
                self.repairs.append((name, len(cut)))
        known = self._load_log()
        self._load_articles(known)
        log_path = self.folder / LOG
        new_log = not log_path.exists() or log_path.stat().st_size == 0
        self._log = open(log_path, "a", encoding="utf-8", newline="")
        self._log_writer = csv.DictWriter(self._log, fieldnames=LOG_FIELDS, lineterminator="\n",
                                          extrasaction="ignore")
        if new_log:
            self._log_writer.writeheader()
            self._log.flush()
        return self

    def _load_articles(self, known: dict[str, str]) -> None:
        """URLs and text hashes of the articles kept; a hash is recomputed only for an article
        whose ``saved`` log row is missing (a kill between the two writes)."""
        path = self.folder / ARTICLES
        if not path.exists():
            return
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if not isinstance(record, dict) or not isinstance(record.get("url"), str):
                    continue
                doc_id = known.get(record["url"])
                if doc_id is None:
                    text = record.get("text") if isinstance(record.get("text"), str) else ""
                    doc_id = doc_id_for(normalize_text(text))
                self.done.add(record["url"])
                self.texts.setdefault(doc_id, record["url"])
                self.collected.setdefault(record["url"], (doc_id, record.get("fetched_at")))

    def _load_log(self) -> dict[str, str]:
        """Mark the URLs with a final outcome as done; return URL -> doc_id of ``saved`` rows."""
        path = self.folder / LOG
        known: dict[str, str] = {}
        if not path.exists():
            return known
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("status") == "saved" and row.get("doc_id"):
                    known[row.get("final_url") or row.get("url", "")] = row["doc_id"]
                if row.get("kind") != "article" or not row.get("status") or row["status"] in TRANSIENT:
                    continue
                for key in ("url", "final_url"):
                    if row.get(key):
                        self.done.add(row[key])
        return known

    # ------------------------------------------------------------------ writing

    def write_raw(self, body: bytes, sha256: str) -> Path:
        target = raw_path(self.folder, sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + ".part")
            temporary.write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
            os.replace(temporary, target)
        return target

    def append_article(self, record: dict, doc_id: str) -> None:
        self._articles.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._articles.flush()
        self.done.add(record["url"])
        self.texts.setdefault(doc_id, record["url"])
        self.collected.setdefault(record["url"], (doc_id, record.get("fetched_at")))

    def log(self, row: dict) -> None:
        clean = {key: _one_line(row.get(key)) for key in LOG_FIELDS}
        self._log_writer.writerow(clean)
        self._log.flush()
        if row.get("kind") == "article" and row.get("status") and row["status"] not in TRANSIENT:
            for key in ("url", "final_url"):
                if row.get(key):
                    self.done.add(row[key])

    def close(self) -> None:
        for handle in (self._articles, self._log):
            if handle is not None and not handle.closed:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()


def _one_line(value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())
