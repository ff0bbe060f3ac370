"""A learned decision for the voice category (achievement, limitation, prescription).

Word lists alone reach voice kappa of about 0.65 on real sentences no rule was fitted on
(docs/codebook.md, "Validation"): whether a sentence claims a result, admits a shortcoming or
sets a task is carried by its whole wording, not by one listed word. This module adds a logistic
regression per voice code over

- the sentence's syllable unigrams and bigrams (numbers folded to ``#``) and its opening word(s),
- the codebook's own voice matches (``r:<code>`` and ``t:<code>:<term>``),

trained (:mod:`analysis.coding.voice_training`) on sentences the project wrote and labelled
itself (``analysis/data/voice-training.csv``), the hand-coded seed sentences and, where the
development corpus is at hand, the ``dev`` split of the real-text validation set. The model stores
weights only for features that occur in the project's own sentences (or are codebook matches), so
no word of the corpus is in it; the frozen real-text splits are never trained on.

Every voice code the model assigns stays evidence-linked: its record points at the codebook
match of that code when there is one, otherwise at the words whose weight pushed the decision
most (term ``"model: <words>"``).
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence


from analysis.config import data_file

__all__ = ["VoiceModel", "VoiceModelError", "sentence_features", "codebook_fingerprint", "load_voice_model",
           "VOICE_CODES", "THRESHOLD", "KEEP_MATCHED"]

VOICE_CODES = ("achievement", "limitation", "prescription")
FEATURE_VERSION = 2
THRESHOLD = 0.5           # probability at which the model assigns a code (chosen on the real dev split)
KEEP_MATCHED = 0.2        # a code the codebook matched stays unless the model gives it less than this
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]")


class VoiceModelError(ValueError):
    """The voice model file is missing, malformed or does not fit the codebook."""


_SYLLABLES: dict[str, tuple[str, bool, str]] = {}  # syllable -> (normal form, is a word, "u:" feature)


def _syllable(syllable: str) -> tuple[str, bool, str]:
    info = _SYLLABLES.get(syllable)
    if info is None:
        norm = "#" if _DIGIT.search(syllable) else syllable
        info = (norm, bool(_WORD.search(norm)), "u:" + norm)
        if len(_SYLLABLES) < 200_000:  # bounded: a corpus's distinct syllables, not its numbers' variety
            _SYLLABLES[syllable] = info
    return info


def sentence_features(syllables: Sequence[str], first: int,
                      voice_hits: Iterable[tuple[str, str, int, int]] = ()) -> dict[str, tuple[int, int]]:
    """Features of one sentence -> the syllable span of their first occurrence.

    ``syllables`` are the folded syllables of the sentence (``SentenceView.syl``), ``first`` the
    index of its opening word after bullets and connectives, ``voice_hits`` the codebook's voice
    matches as ``(code, term, start, end)`` syllable spans.

    >>> sorted(sentence_features(["cần", "làm", "5", "việc"], 0, [("prescription", "cần", 0, 1)]))[:8]
    ['b:# việc', 'b:cần làm', 'b:làm #', 'e1:việc', 'e2:làm việc', 'f2:cần làm', 'f:cần', 'r:prescription']
    """
    feats: dict[str, tuple[int, int]] = {}
    info = [_syllable(s) for s in syllables]
    norm = [x[0] for x in info]
    for i, x in enumerate(info):
        feats.setdefault(x[2], (i, i + 1))
    for i in range(len(norm) - 1):
        feats.setdefault(f"b:{norm[i]} {norm[i + 1]}", (i, i + 2))
    if first < len(norm):
        # how the clause opens (a bare verb: a task) and how it ends ("... được chú trọng.": a state reported)
        feats.setdefault("f:" + norm[first], (first, first + 1))
        feats.setdefault("f2:" + " ".join(norm[first:first + 2]), (first, min(first + 2, len(norm))))
    words = [i for i, x in enumerate(info) if x[1]]
    if words:
        last = words[-1]
        feats.setdefault("e1:" + norm[last], (last, last + 1))
        if len(words) > 1:
            feats.setdefault(f"e2:{norm[words[-2]]} {norm[last]}", (words[-2], last + 1))
    for code, term, a, b in voice_hits:
        feats.setdefault(f"r:{code}", (a, b))
        feats.setdefault(f"t:{code}:{term}", (a, b))
    return feats


def codebook_fingerprint(codebook) -> str:
    """SHA-256 of the voice codes and their terms: the model is used only with the codebook whose
    matches it was trained on (another codebook falls back to its own voice terms)."""
    items = [(c.name, t.text) for c in codebook.codes if c.category == "voice" for t in c.terms]
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VoiceModel:
    """One logistic regression per voice code over :func:`sentence_features`."""

    bias: dict[str, float]
    weights: dict[str, dict[str, float]]
    threshold: float
    codebook_sha256: str
    provenance: dict = field(default_factory=dict)  # what it was trained on (sizes, hashes)
    keep_matched: float = KEEP_MATCHED

    def __post_init__(self):
        # one lookup per feature for all three codes (the build codes every sentence)
        table: dict[str, tuple[float, ...]] = {}
        for k, code in enumerate(VOICE_CODES):
            for feature, weight in self.weights[code].items():
                row = table.setdefault(feature, [0.0] * len(VOICE_CODES))
                row[k] = weight
        object.__setattr__(self, "_table", {f: tuple(row) for f, row in table.items()})

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        z = [self.bias[code] for code in VOICE_CODES]
        table = self._table
        for f in features:
            row = table.get(f)
            if row is not None:
                z[0] += row[0]
                z[1] += row[1]
                z[2] += row[2]
        return {code: 1.0 / (1.0 + math.exp(-v)) for code, v in zip(VOICE_CODES, z)}

    def decide(self, features: dict[str, tuple[int, int]]) -> dict[str, str]:
        """Voice codes assigned -> the feature that weighed most for each (its evidence). A code
        is assigned when its probability reaches ``threshold``, or when the codebook matched it
        (feature ``r:<code>``) and the model does not rule it out (probability at least
        ``keep_matched``): the codebook's decisions stand unless the model is fairly sure."""
        probs = self.probabilities(features)
        chosen = {}
        for code in VOICE_CODES:
            if probs[code] >= self.threshold or (f"r:{code}" in features and probs[code] >= self.keep_matched):
                w = self.weights[code]
                present = [(w.get(f, 0.0), f) for f in features]
                best = max(present, key=lambda x: (x[0], x[1]))
                chosen[code] = best[1]
        return chosen

    def to_json(self) -> str:
        payload = {
            "feature_version": FEATURE_VERSION, "threshold": self.threshold, "keep_matched": self.keep_matched,
            "codebook_sha256": self.codebook_sha256, "trained_on": self.provenance,
            "codes": {code: {"bias": self.bias[code], "weights": dict(sorted(self.weights[code].items()))}
                      for code in VOICE_CODES},
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def _parse(text: str, where: str) -> VoiceModel:
    try:
        data = json.loads(text)
        if data.get("feature_version") != FEATURE_VERSION:
            raise VoiceModelError(f"{where}: feature_version {data.get('feature_version')!r}, "
                                  f"this code reads {FEATURE_VERSION}; retrain with `python -m analysis train-voice`")
        codes = data["codes"]
        return VoiceModel(bias={c: float(codes[c]["bias"]) for c in VOICE_CODES},
                          weights={c: {str(k): float(v) for k, v in codes[c]["weights"].items()} for c in VOICE_CODES},
                          threshold=float(data["threshold"]), codebook_sha256=str(data["codebook_sha256"]),
                          provenance=dict(data.get("trained_on") or {}),
                          keep_matched=float(data["keep_matched"]))
    except VoiceModelError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise VoiceModelError(f"{where}: not a voice model file ({type(error).__name__}: {error})") from None


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int) -> VoiceModel:
    return _parse(Path(path).read_text(encoding="utf-8"), path)


def load_voice_model(path: str | Path | None = None) -> VoiceModel:
    """The committed voice model (``analysis/data/voice-model.json``), cached per file version."""
    p = Path(path) if path is not None else data_file("voice_model")
    try:
        stat = p.stat()
    except OSError as error:
        raise VoiceModelError(f"{p}: cannot read the voice model ({error.strerror}); "
                              "rebuild it with `python -m analysis train-voice`") from None
    return _load_cached(str(p.resolve()), stat.st_mtime_ns, stat.st_size)
