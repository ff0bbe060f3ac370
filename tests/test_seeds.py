"""seeds/ is the raw corpus: byte-for-byte copies whose hashes MANIFEST.csv records."""
from __future__ import annotations

import csv
import hashlib

from conftest import ROOT, SEEDS


def test_manifest_hashes_and_sizes_match_the_files():
    with open(SEEDS / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for row in rows:
        data = (SEEDS / row["file"]).read_bytes()
        assert int(row["bytes"]) == len(data)
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["source"]


def test_seeds_match_the_shared_corpus_when_present():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():  # a clone outside the workspace: the manifest test above still holds
        return
    for path in sorted(shared.glob("*.txt")):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()
