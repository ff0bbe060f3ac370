"""`python -m analysis parse`: the JSON Lines parse contract on the seeds (README, "The parse contract")."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SEED_GOLDEN

KEYS = ["doc_id", "path", "title", "published", "author", "outlet", "province", "province_2025",
        "province_confidence", "province_evidence", "claims", "references", "skipped"]
CLAIM_KEYS = {"kind", "text", "start", "end", "sentence", "low", "high", "qualifier", "numerator", "denominator",
              "value", "unit", "subject"}
REFERENCE_KEYS = {"kind", "text", "start", "end", "number", "doc_type", "issuer", "issued", "level", "term",
                  "congress", "congress_level", "plenum"}


def _parse(*paths: str) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "analysis", "parse", *paths], cwd=ROOT, capture_output=True,
                            check=True)
    lines = result.stdout.decode("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_parse_prints_the_contract_with_the_golden_values():
    seeds = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "seeds").glob("*.txt"))
    records = _parse(*seeds, "seeds/README.md")
    assert len(records) == 6
    from analysis.read import read_corpus

    texts = {d.path: d.text for d in read_corpus([ROOT / "seeds"]).documents}
    for path, record in zip(seeds, records):
        assert list(record) == KEYS
        assert record["path"] == path and record["skipped"] is None
        golden = json.loads((SEED_GOLDEN / f"{path.split('/')[-1][:-4]}.json").read_text("utf-8"))
        for key, value in golden["metadata"].items():
            if key in record:
                assert record[key] == value, (path, key)
        assert [c["text"] for c in record["claims"]] == [c["text"] for c in golden["claims"]]
        assert [r["text"] for r in record["references"]] == [r["text"] for r in golden["references"]]
        text = texts[path.split("/")[-1]]
        for claim in record["claims"]:
            assert CLAIM_KEYS <= set(claim)
            assert text[claim["start"]:claim["end"]] == claim["text"]
            assert claim["text"] in claim["sentence"]
        for reference in record["references"]:
            assert REFERENCE_KEYS <= set(reference)
            assert text[reference["start"]:reference["end"]] == reference["text"]
    readme = records[-1]
    assert readme["doc_id"] is None and readme["claims"] == [] and "documentation" in readme["skipped"]


def test_parse_jsonl_gives_one_object_per_line(tmp_path):
    article = (ROOT / "seeds" / "002_777384cab15c4b7c.txt").read_text("utf-8")
    lines = [json.dumps({"text": article, "published": "2016-10-03", "url": "https://example.vn/bn"}, ensure_ascii=False),
             "{not json"]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    first, second = _parse(str(tmp_path / "batch.jsonl"))
    assert first["path"].endswith("batch.jsonl#L1") and first["province"] == "Bắc Ninh"
    assert first["published"] == "2016-10-03"  # a date given with the article wins over detection
    assert second["skipped"].startswith("line 2: invalid JSON")
