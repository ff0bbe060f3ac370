"""How far to trust the tables: extraction and coding measured against hand-checked data.

- Extraction: the golden files ``analysis/data/validation/seed-golden/<seed>.json`` list, for each seed, every
  claim and reference (read and checked by hand) and the metadata. `extraction_scores` matches
  the built `claims` and `references` tables against them by (document, kind, text as written)
  and reports precision, recall and F1 per kind, plus how often the parsed fields of matched
  records (values, qualifier, unit, subject; type, issuer, date, level, key) equal the golden ones.
- Coding: the hand-coded sentences ``analysis/data/validation/hand-coded-seeds.csv`` (coded by
  reading, with a held-out split) against the codebook, through `agreement`.

Agreement between hand codes and the codebook's automatic codes: both inputs are *wide* tables with one row per sentence: an ``id`` column and one column per
category holding the codes present in that sentence, separated by semicolons (the format of
``analysis/data/validation/hand-coded-seeds.csv``). :func:`auto_codes` produces that table from sentences
with the codebook, so the usual call is::

    hand = pd.read_csv("analysis/data/validation/hand-coded-seeds.csv", dtype=str, keep_default_na=False)
    agreement(hand, auto_codes(hand))

Each code is a sentence-level presence/absence decision. Per code we report the 2x2 counts,
precision, recall, F1 and Cohen's kappa. Per category we report the same statistics on the
*pooled* decisions (every sentence x every code of the category, i.e. micro-averaged), and also
``kappa_mean``, the unweighted mean of the per-code kappas, which gives rare codes equal weight.
Kappa is 1.0 when both coders agree on every decision and neither varies (chance agreement 1).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

import hashlib
import random
import unicodedata

from analysis.coding import Codebook, code_text, load_codebook
from analysis.coding.matching import drop_inside_cited_titles
from analysis.config import data_file
from analysis.extract.cited_titles import cited_title_spans
from analysis.extract.references import extract_references
from analysis.read import split_sentences
from analysis.read.normalize import canonical_tones

__all__ = ["GOLDEN_EXTRACT", "HAND_CODED", "REAL_SET", "REAL_AGREEMENT", "load_golden", "corpus_sentences",
           "draw_real_sample", "draw_second_sample", "draw_third_sample", "draw_more_dev", "load_real_set", "resolve_real_set", "real_agreement",
           "write_real_agreement", "intercoder_agreement", "frozen_sha256", "FROZEN_SPLITS", "corpus_sha256", "sentence_sha256",
           "extraction_scores", "field_accuracy",
           "metadata_accuracy", "coding_agreement", "auto_codes", "agreement", "split_codes", "AGREEMENT_COLUMNS"]

GOLDEN_EXTRACT = data_file("seed_golden")
HAND_CODED = data_file("hand_coded_seeds")
REAL_SET = data_file("real_validation")
REAL_AGREEMENT = data_file("real_agreement")

CLAIM_FIELDS = ("low", "high", "qualifier", "numerator", "denominator", "value", "unit", "subject", "consistent")
REFERENCE_FIELDS = ("key", "doc_type", "issuer", "issued", "level", "term", "congress", "congress_level", "plenum")
METADATA_FIELDS = ("title", "published", "author", "outlet", "province", "province_2025")


def load_golden(folder: Path = GOLDEN_EXTRACT) -> dict[str, dict]:
    """Golden extraction records by seed file stem."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def _documents_by_stem(documents: pd.DataFrame) -> dict[str, str]:
    return {Path(path).stem: doc_id for path, doc_id in zip(documents["path"], documents["doc_id"])}


def extraction_scores(documents: pd.DataFrame, claims: pd.DataFrame, references: pd.DataFrame,
                      golden: dict[str, dict] | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per record kind (percent, fraction, count, document, congress,
    plenum), matching records by document, kind and text as written (a multiset: a claim written
    twice must be found twice)."""
    golden = golden if golden is not None else load_golden()
    by_stem = _documents_by_stem(documents)
    counts: dict[str, Counter] = {}
    for stem, gold in golden.items():
        doc_id = by_stem.get(stem)
        for table_name, table in (("claims", claims), ("references", references)):
            expected = Counter((r["kind"], r["text"]) for r in gold[table_name])
            found_rows = table[table["doc_id"] == doc_id] if doc_id else table.iloc[0:0]
            found = Counter(zip(found_rows["kind"], found_rows["text"]))
            for kind in sorted({k for k, _ in expected} | {k for k, _ in found}):
                e = Counter({key: n for key, n in expected.items() if key[0] == kind})
                f = Counter({key: n for key, n in found.items() if key[0] == kind})
                tally = counts.setdefault(f"{table_name}:{kind}", Counter())
                tally["tp"] += sum((e & f).values())
                tally["fp"] += sum((f - e).values())
                tally["fn"] += sum((e - f).values())
    rows = []
    for name, tally in sorted(counts.items()):
        table_name, kind = name.split(":")
        tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else float("nan")
        rows.append({"table": table_name, "kind": kind, "golden": tp + fn, "found": tp + fp, "tp": tp, "fp": fp,
                     "fn": fn, "precision": precision, "recall": recall, "f1": f1})
    return pd.DataFrame(rows)


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and a != a):
        return b is None or (isinstance(b, float) and b != b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    return str(a) == str(b)


def field_accuracy(documents: pd.DataFrame, claims: pd.DataFrame, references: pd.DataFrame,
                   golden: dict[str, dict] | None = None) -> pd.DataFrame:
    """For records found with the right text, how often each parsed field equals the golden value."""
    golden = golden if golden is not None else load_golden()
    by_stem = _documents_by_stem(documents)
    tallies: dict[tuple[str, str], list[int]] = {}
    for stem, gold in golden.items():
        doc_id = by_stem.get(stem)
        for table_name, table, fields in (("claims", claims, CLAIM_FIELDS), ("references", references, REFERENCE_FIELDS)):
            rows = table[table["doc_id"] == doc_id].to_dict("records") if doc_id else []
            pool: dict[tuple, list[dict]] = {}
            for row in rows:
                pool.setdefault((row["kind"], row["text"]), []).append(row)
            for expected in gold[table_name]:
                candidates = pool.get((expected["kind"], expected["text"]))
                if not candidates:
                    continue
                found = candidates.pop(0)
                for name in fields:
                    if name in expected:
                        tally = tallies.setdefault((table_name, name), [0, 0])
                        tally[0] += _same(expected[name], found.get(name))
                        tally[1] += 1
    rows = [{"table": t, "field": f, "checked": n, "correct": c, "accuracy": c / n if n else float("nan")}
            for (t, f), (c, n) in sorted(tallies.items())]
    return pd.DataFrame(rows)


def metadata_accuracy(documents: pd.DataFrame, golden: dict[str, dict] | None = None) -> pd.DataFrame:
    """Per seed and metadata field: the golden value, the extracted one, and whether they agree."""
    golden = golden if golden is not None else load_golden()
    by_stem = {Path(p).stem: row for p, row in zip(documents["path"], documents.to_dict("records"))}
    rows = []
    for stem, gold in golden.items():
        found = by_stem.get(stem, {})
        for name in METADATA_FIELDS:
            if name in gold["metadata"]:
                expected, got = gold["metadata"][name], found.get(name)
                rows.append({"seed": stem, "field": name, "golden": expected, "extracted": got,
                             "correct": _same(expected, got)})
    return pd.DataFrame(rows)


def coding_agreement(split: str | None = None) -> pd.DataFrame:
    """Precision, recall, F1 and Cohen's kappa of the codebook against the hand-coded sentences
    (all of them, or one split: "dev" or "heldout")."""
    hand = pd.read_csv(HAND_CODED, dtype=str, keep_default_na=False)
    if split is not None:
        hand = hand[hand["split"] == split]
    return agreement(hand, auto_codes(hand))


AGREEMENT_COLUMNS = ["level", "category", "code", "n", "tp", "fp", "fn", "tn",
                     "precision", "recall", "f1", "kappa", "kappa_mean"]


def split_codes(cell) -> list[str]:
    """Codes in one cell ("a;b" -> ["a", "b"]), sorted; empty and NaN cells give []."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return sorted({c.strip() for c in str(cell).split(";") if c.strip()})


def auto_codes(sentences: pd.DataFrame, codebook: Codebook | None = None,
               text_column: str = "sentence", use_model: bool = True) -> pd.DataFrame:
    """Code each sentence with the codebook into the wide hand-coding format (id + categories), as
    the build codes it (stages named in the title of a cited document are dropped:
    :func:`analysis.coding.matching.drop_inside_cited_titles`); ``use_model=False`` gives the
    codebook's own voice terms without the voice model."""
    codebook = codebook or load_codebook()
    rows = []
    for sid, text in zip(sentences["id"], sentences[text_column]):
        found: dict[str, set[str]] = {cat: set() for cat in codebook.categories}
        text = str(text)
        titles = cited_title_spans(text, [r["end"] for r in extract_references(text)])
        for r in drop_inside_cited_titles(code_text(text, codebook, use_model), titles):
            found[r["category"]].add(r["code"])
        rows.append({"id": sid, **{cat: ";".join(sorted(codes)) for cat, codes in found.items()}})
    return pd.DataFrame(rows, columns=["id", *codebook.categories])


def _stats(tp: int, fp: int, fn: int, tn: int) -> dict:
    n = tp + fp + fn + tn
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    if n == 0:
        kappa = float("nan")
    else:
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        kappa = (1.0 if po == 1 else 0.0) if pe == 1 else (po - pe) / (1 - pe)
    return {"n": n, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision,
            "recall": recall, "f1": f1, "kappa": kappa}


def agreement(hand: pd.DataFrame, auto: pd.DataFrame, codebook: Codebook | None = None,
              categories: Sequence[str] | None = None) -> pd.DataFrame:
    """Precision, recall, F1 and Cohen's kappa of ``auto`` against ``hand``, per code and category.

    Rows are matched on ``id`` (sentences missing from ``auto`` count as coded with nothing).
    Codes are those of the codebook plus any other code that appears in either table, so a hand
    code the codebook lacks shows up with recall 0. Returns columns ``level`` ("code" or
    "category"), ``category, code`` (empty for category rows), ``n, tp, fp, fn, tn, precision,
    recall, f1, kappa, kappa_mean``, rounded to 3 decimals, in codebook order.

    >>> h = pd.DataFrame({"id": ["a", "b"], "voice": ["limitation", ""]})
    >>> agreement(h, h, categories=["voice"]).query("level == 'category'")[["n", "kappa"]].values.tolist()
    [[6.0, 1.0]]
    """
    codebook = codebook or load_codebook()
    # categories the hand coder coded (a hand-coded file predates categories added later)
    categories = list(categories or [c for c in codebook.categories if c in hand.columns])
    auto_by_id = {str(i): row for i, row in auto.set_index(auto["id"].astype(str)).iterrows()}
    rows = []
    for cat in categories:
        hand_sets = [set(split_codes(v)) for v in hand[cat]]
        auto_sets = [set(split_codes(auto_by_id[str(i)][cat])) if str(i) in auto_by_id and cat in auto.columns
                     else set() for i in hand["id"]]
        codes = [c.name for c in codebook.codes_in(cat)] if cat in codebook.categories else []
        extra = sorted(set().union(*hand_sets, *auto_sets) - set(codes))
        pooled = [0, 0, 0, 0]
        per_code_kappa = []
        for code in codes + extra:
            tp = sum(code in h and code in a for h, a in zip(hand_sets, auto_sets))
            fp = sum(code not in h and code in a for h, a in zip(hand_sets, auto_sets))
            fn = sum(code in h and code not in a for h, a in zip(hand_sets, auto_sets))
            tn = len(hand_sets) - tp - fp - fn
            stats = _stats(tp, fp, fn, tn)
            per_code_kappa.append(stats["kappa"])
            pooled = [p + v for p, v in zip(pooled, (tp, fp, fn, tn))]
            rows.append({"level": "code", "category": cat, "code": code, **stats, "kappa_mean": float("nan")})
        stats = _stats(*pooled)
        valid = [k for k in per_code_kappa if k == k]
        mean = sum(valid) / len(valid) if valid else float("nan")
        rows.append({"level": "category", "category": cat, "code": "", **stats, "kappa_mean": mean})
    out = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    for col in ["precision", "recall", "f1", "kappa", "kappa_mean"]:
        out[col] = out[col].astype("float64").round(3)
    return out


# --- Real-text validation set -------------------------------------------------------------------
# The project stores no text it did not write: the real-text set (``REAL_SET``) holds each
# sentence's *reference* (article URL, character offsets into the article's ``text`` field of the
# corpus's .jsonl, SHA-256 of the sentence) and the hand codes. `resolve_real_set` rebuilds the
# sentences from a copy of the corpus and refuses any whose hash differs. Sampling rule and coding
# protocol: ``analysis/data/validation/real-sentences.md``.

SAMPLE_SEED = 14            # random.Random seed of the draw (recorded in real-sentences.md)
SAMPLE_SIZE = 160           # sentences drawn
SAMPLE_HELDOUT = 80         # the first 80 drawn are the frozen held-out split; the rest are dev
SECOND_SEED = 20261202      # the second draw (real-sentences.md): seed, size, and the first drawn that
SECOND_SIZE = 240           # form the frozen ``heldout2`` split; the rest are ``dev`` (r281-r400)
SECOND_HELDOUT = 120
THIRD_SEED = 20261203       # the third draw (real-sentences.md): all ``dev`` (r401-r760), from the
THIRD_SIZE = 360            # sentences the first two draws left
FOURTH_SEED = 20261204      # the fourth draw (real-sentences.md): all ``dev`` (r761-r1240), every
FOURTH_SIZE = 480           # sentence the first three draws left
# Frozen splits: coded blind and committed before the codebook was first run on them; never tuned on.
# "heldout" is the first draw's (coder A), "heldout2" the second draw's (coder B; see real-sentences.md).
FROZEN_SPLITS = ("heldout", "heldout2")
ALL_SPLITS = ("dev", *FROZEN_SPLITS)
MIN_SENTENCE_WORDS = 8      # shorter pieces are headings, captions and page furniture
_WORD = re.compile(r"[^\W\d_]+")
REAL_COLUMNS = ["id", "split", "line", "url", "start", "end", "sha256",
                "stage", "channel", "audience", "level", "voice", "coder", "coded_on"]


def _jsonl_files(corpus: Path) -> list[Path]:
    corpus = Path(corpus)
    return [corpus] if corpus.is_file() else sorted(corpus.glob("*.jsonl"))


def sentence_sha256(text: str) -> str:
    """SHA-256 of a sentence as stored in the corpus (UTF-8 of the NFC text)."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def corpus_sentences(corpus: Path) -> pd.DataFrame:
    """Every sentence of every article of a .jsonl corpus with at least ``MIN_SENTENCE_WORDS``
    words: ``line`` (1-based line of the .jsonl), ``url``, ``start``/``end`` into the line's
    ``text`` field, ``sha256`` and ``text`` (for use in memory only; never written to the project)."""
    rows = []
    for path in _jsonl_files(corpus):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            text = record.get("text") or ""
            for sentence in split_sentences(text):
                if len(_WORD.findall(sentence.text)) >= MIN_SENTENCE_WORDS:
                    rows.append({"line": line_no, "url": record.get("url") or "", "start": sentence.start,
                                 "end": sentence.end, "sha256": sentence_sha256(sentence.text),
                                 "text": sentence.text})
    return pd.DataFrame(rows, columns=["line", "url", "start", "end", "sha256", "text"])


def draw_real_sample(corpus: Path, n: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED,
                     heldout: int = SAMPLE_HELDOUT) -> pd.DataFrame:
    """The random sample of the real-text validation set: sentences in corpus order, duplicates
    (same hash) kept once, ``random.Random(seed).sample`` of ``n``; the first ``heldout`` drawn form
    the frozen ``heldout`` split, the rest ``dev``. Ids ``r001``... follow the draw order."""
    sentences = corpus_sentences(corpus).drop_duplicates("sha256").reset_index(drop=True)
    order = random.Random(seed).sample(range(len(sentences)), min(n, len(sentences)))
    sample = sentences.iloc[order].reset_index(drop=True)
    sample.insert(0, "split", ["heldout" if i < heldout else "dev" for i in range(len(sample))])
    sample.insert(0, "id", [f"r{i + 1:03d}" for i in range(len(sample))])
    return sample


def _draw_from_rest(corpus: Path, taken: set[str], n: int, seed: int, first_number: int,
                    heldout: int = 0, heldout_split: str = "") -> pd.DataFrame:
    """A further draw of the real-text set: the pool is the deduplicated sentences of
    :func:`corpus_sentences` minus those already drawn (``taken``, by SHA-256), in corpus order;
    ``random.Random(seed).sample`` of ``n``; the first ``heldout`` drawn form the frozen split
    ``heldout_split``, the rest ``dev``. Ids are ``r<first_number>``... in draw order."""
    sentences = corpus_sentences(corpus).drop_duplicates("sha256")
    pool = sentences[~sentences["sha256"].isin(taken)].reset_index(drop=True)
    order = random.Random(seed).sample(range(len(pool)), min(n, len(pool)))
    sample = pool.iloc[order].reset_index(drop=True)
    sample.insert(0, "split", [heldout_split if i < heldout else "dev" for i in range(len(sample))])
    sample.insert(0, "id", [f"r{first_number + i:03d}" for i in range(len(sample))])
    return sample


def draw_second_sample(corpus: Path, n: int = SECOND_SIZE, seed: int = SECOND_SEED,
                       heldout: int = SECOND_HELDOUT) -> pd.DataFrame:
    """The second draw of the real-text set, from the sentences the first draw left: the pool is
    the deduplicated sentences of :func:`draw_real_sample` minus its 160 (by SHA-256), in corpus
    order; ``random.Random(seed).sample`` of ``n``; the first ``heldout`` drawn form the frozen
    ``heldout2`` split, the rest ``dev``. Ids continue the first draw's (``r161``...)."""
    first = draw_real_sample(corpus)
    return _draw_from_rest(corpus, set(first["sha256"]), n, seed, len(first) + 1, heldout, "heldout2")


def draw_more_dev(corpus: Path, seed: int, size: int, first_id: int, taken: set[str]) -> pd.DataFrame:
    """More ``dev`` sentences (no frozen part): ``size`` drawn with ``seed`` from the sentences not in
    ``taken`` (SHA-256 of every sentence drawn before), ids from ``r<first_id>``."""
    return _draw_from_rest(corpus, taken, size, seed, first_id)


def draw_third_sample(corpus: Path, n: int = THIRD_SIZE, seed: int = THIRD_SEED) -> pd.DataFrame:
    """The third draw (all ``dev``, r401-r760): the pool is the deduplicated sentences minus the
    400 of the first two draws (by SHA-256), in corpus order; ``random.Random(seed).sample`` of
    ``n``."""
    first = draw_real_sample(corpus)
    second = draw_second_sample(corpus)
    taken = set(first["sha256"]) | set(second["sha256"])
    return draw_more_dev(corpus, seed, n, len(first) + len(second) + 1, taken)


def draw_fourth_sample(corpus: Path, n: int = FOURTH_SIZE, seed: int = FOURTH_SEED) -> pd.DataFrame:
    """The fourth draw (all ``dev``, r761-r1240): the pool is the deduplicated sentences minus the
    760 of the first three draws (by SHA-256), in corpus order; ``random.Random(seed).sample`` of
    ``n``, which on the development corpus is the whole pool."""
    taken = set().union(*(set(draw["sha256"]) for draw in
                          (draw_real_sample(corpus), draw_second_sample(corpus), draw_third_sample(corpus))))
    return draw_more_dev(corpus, seed, n, len(taken) + 1, taken)


def load_real_set(split: str | None = None, path: Path | None = None) -> pd.DataFrame:
    """The hand-coded real-text references (no text), optionally one split."""
    table = pd.read_csv(path or REAL_SET, dtype=str, keep_default_na=False)
    missing = set(REAL_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"{path or REAL_SET}: missing columns {sorted(missing)}")
    return table if split is None else table[table["split"] == split].reset_index(drop=True)


def resolve_real_set(labels: pd.DataFrame, corpus: Path) -> pd.DataFrame:
    """The labels with their ``sentence`` rebuilt from the corpus by URL (or line) and offsets.
    A sentence whose SHA-256 differs from the recorded one (another version of the corpus) raises."""
    by_url, by_line = {}, {}
    for path in _jsonl_files(corpus):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                by_line[line_no] = record.get("text") or ""
                if record.get("url"):
                    by_url.setdefault(record["url"], record.get("text") or "")
    sentences, bad = [], []
    for row in labels.itertuples(index=False):
        text = by_url.get(row.url) if row.url else None
        if text is None:
            text = by_line.get(int(row.line), "")
        sentence = text[int(row.start):int(row.end)]
        if sentence_sha256(sentence) != row.sha256:
            bad.append(row.id)
        sentences.append(canonical_tones(sentence))
    if bad:
        raise ValueError(f"{len(bad)} validation sentences do not match the corpus "
                         f"(wrong corpus or version?): {', '.join(bad[:10])}")
    out = labels.copy()
    out["sentence"] = sentences
    return out


def real_agreement(corpus: Path, split: str | None = None, labels: pd.DataFrame | None = None,
                   use_model: bool = True) -> pd.DataFrame:
    """Agreement of the codebook with the hand codes of the real-text set (one split or all).
    Dev rows get their voice from a model trained without their coder group
    (:func:`dev_voice_out_of_fold`); ``use_model=False`` scores the codebook's own voice terms."""
    labels = labels if labels is not None else load_real_set(split)
    if split is not None and "split" in labels:
        labels = labels[labels["split"] == split]
    resolved = resolve_real_set(labels.reset_index(drop=True), corpus)
    auto = auto_codes(resolved, use_model=use_model)
    dev = (resolved["split"] == "dev").to_numpy() if "split" in resolved else None
    if use_model and dev is not None and dev.any():
        # the voice model was trained on the dev split: score each dev row with a model trained
        # without its coder group, never with the committed one
        out_of_fold = dev_voice_out_of_fold(corpus)
        auto.loc[dev, "voice"] = [out_of_fold[i] for i in resolved.loc[dev, "id"]]
    return agreement(resolved, auto)


# Coder groups of the dev split: the voice model that scores one group is trained on the other
# (and on the project's own sentences), as the committed model is trained on all of dev.
DEV_FOLDS = (("A", "B", "C", "D"), ("F", "G", "H"))


def dev_voice_out_of_fold(corpus: Path) -> dict[str, str]:
    """Voice codes of every dev sentence from a model trained without its coder group (see
    ``DEV_FOLDS``): dev row id -> codes (``;``-separated)."""
    from analysis.coding.codebook import load_codebook
    from analysis.coding.voice_training import decide_voice, train_voice_model, training_sentences
    codebook = load_codebook()
    dev = resolve_real_set(load_real_set("dev"), corpus)
    unknown = sorted(set(dev["coder"]) - {c for fold in DEV_FOLDS for c in fold})
    if unknown:
        raise ValueError(f"dev rows by coders {unknown} are in no fold of DEV_FOLDS")
    own = training_sentences()
    out: dict[str, str] = {}
    for fold in DEV_FOLDS:
        held = dev["coder"].isin(fold)
        model = train_voice_model(pd.concat([own, dev.loc[~held, ["id", "sentence", "voice"]]], ignore_index=True),
                                  codebook, vocabulary_from=own)
        for sid, sentence in zip(dev.loc[held, "id"], dev.loc[held, "sentence"]):
            out[sid] = ";".join(sorted(decide_voice(sentence, codebook, model)))
    return out


def corpus_sha256(corpus: Path) -> str:
    """SHA-256 over the corpus's .jsonl files (their bytes, in name order)."""
    digest = hashlib.sha256()
    for path in _jsonl_files(corpus):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_real_agreement(corpus: Path, out: Path | None = None, date: str | None = None,
                         splits: Sequence[str] = ALL_SPLITS) -> pd.DataFrame:
    """Score the splits and write the result table (``REAL_AGREEMENT``) with the corpus hash and
    the date, the table notebook 90 shows.

    ``splits`` chooses which splits are scored; the rows of the other splits already in the table
    are kept as they were (with their own date), so that rules tuned on ``dev`` can be rescored
    with ``splits=("dev",)`` without computing anything on a held-out split."""
    import datetime as _dt  # only the command needs today's date

    target = Path(out or REAL_AGREEMENT)
    frames = []
    kept = pd.DataFrame()
    if set(splits) != set(ALL_SPLITS) and target.exists():
        kept = pd.read_csv(target, dtype=str, keep_default_na=False)
        kept = kept[~kept["split"].isin(splits)]
    digest = corpus_sha256(corpus)
    if len(kept) and set(kept["corpus_sha256"]) != {digest}:
        raise ValueError(f"{target}: kept rows were scored on another corpus; rescore every split")
    for split in splits:
        table = real_agreement(corpus, split)
        table.insert(0, "split", split)
        table["corpus_sha256"] = digest
        table["scored_on"] = date or _dt.date.today().isoformat()
        frames.append(table)
    result = pd.concat(frames, ignore_index=True)
    if len(kept):
        order = {s: k for k, s in enumerate(ALL_SPLITS)}
        result = pd.concat([result.astype(str).replace("nan", ""), kept], ignore_index=True)
        result = result.sort_values("split", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)
    result.to_csv(target, index=False, lineterminator="\n")
    return result


SECOND_CODER = data_file("real_second_coder")


def intercoder_agreement(split: str | None = None, path: Path | None = None) -> pd.DataFrame:
    """Agreement between two human coders on the frozen sentences: coder E's independent codes
    (``real-sentences-second-coder.csv``, ids of the frozen splits, codes only) against the codes
    of ``real-sentences.csv`` (coders A and B), per code and category, as `agreement` computes it.
    Labels only: no corpus is needed. ``split`` restricts it to one frozen split.

    >>> table = intercoder_agreement()
    >>> sorted(table.query("level == 'category'")["category"])
    ['audience', 'channel', 'level', 'stage', 'voice']
    """
    frozen = load_real_set().query("split in @FROZEN_SPLITS").reset_index(drop=True)
    first = frozen if split is None else frozen[frozen["split"] == split].reset_index(drop=True)
    second = pd.read_csv(path or SECOND_CODER, dtype=str, keep_default_na=False)
    if sorted(second["id"]) != sorted(frozen["id"]):
        raise ValueError(f"{path or SECOND_CODER}: its ids are not those of the frozen splits")
    second = second.set_index("id").loc[first["id"]].reset_index()
    return agreement(first, second)


def frozen_sha256(path: Path | None = None, split: str = "heldout") -> str:
    """SHA-256 of the rows of one frozen split (header + rows as CSV, ``\\n`` line ends): recorded in
    ``real-sentences.md``; a test keeps the frozen labels from being edited."""
    if split not in FROZEN_SPLITS:
        raise ValueError(f"{split!r} is not a frozen split ({', '.join(FROZEN_SPLITS)})")
    table = load_real_set(split, path)
    return hashlib.sha256(table.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()
