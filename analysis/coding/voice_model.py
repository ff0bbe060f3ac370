"""A learned decision for the voice category (achievement, limitation, prescription).

Word lists alone reach voice kappa of about 0.65 on real sentences no rule was fitted on
(docs/codebook.md, "Validation"): whether a sentence claims a result, admits a shortcoming or
sets a task is carried by its whole wording, not by one listed word. This module adds one
gradient-boosted tree ensemble (LightGBM) per voice code over binary features of the sentence:

- its syllable unigrams and bigrams (numbers folded to ``#``), its opening and closing word(s),
- the codebook's own voice matches (``r:<code>`` and ``t:<code>:<term>``).

Trees rather than one weight per word because the decision turns on combinations ("đã" with an
evaluative word, a modal verb after a subject, a listed word inside a purpose clause): on the
real dev split, scored out of fold, trees reach voice kappa 0.80 where a logistic regression on
the same features reached 0.77 (docs/codebook.md, "The voice model").

The model is trained (:mod:`analysis.coding.voice_training`) on sentences the project wrote and
labelled itself (``analysis/data/voice-training.csv``), the hand-coded seed sentences and, where
the development corpus is at hand, the ``dev`` split of the real-text validation set. Only
features that occur in the project's own sentences (or are codebook matches) are in its
vocabulary, so no word of the corpus is in the model file; the frozen real-text splits are never
trained on.

Every voice code the model assigns stays evidence-linked: its record points at the codebook
match of that code when there is one, otherwise at the words without which the model would be least sure of the code (the feature
whose removal lowers its score most; term ``"model: <words>"``).

LightGBM runs single-threaded here (``num_threads=1``): the build forks its workers, and an
OpenMP thread pool started before a fork can hang the children.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import lightgbm
import numpy as np
from scipy import sparse

from analysis.config import data_file

__all__ = ["VoiceModel", "VoiceModelError", "sentence_features", "codebook_fingerprint", "load_voice_model",
           "VOICE_CODES", "THRESHOLD", "KEEP_MATCHED", "MODEL_KIND"]

VOICE_CODES = ("achievement", "limitation", "prescription")
FEATURE_VERSION = 2
MODEL_KIND = "lightgbm"   # the file holds one LightGBM model text per code (feature_version 2 files before it held weights)
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
    """One LightGBM binary classifier per voice code over :func:`sentence_features`.

    ``features`` is the vocabulary (column ``i`` of the models is ``features[i]``), ``models``
    the LightGBM model text of each code."""

    features: tuple[str, ...]
    models: dict[str, str]
    threshold: float
    codebook_sha256: str
    provenance: dict = field(default_factory=dict)  # what it was trained on (sizes, hashes)
    keep_matched: float = KEEP_MATCHED

    def __post_init__(self):
        object.__setattr__(self, "_index", {f: i for i, f in enumerate(self.features)})
        boosters = {}
        for code in VOICE_CODES:
            booster = lightgbm.Booster(model_str=self.models[code])
            if booster.num_feature() != len(self.features):
                raise VoiceModelError(f"the {code} model reads {booster.num_feature()} features, "
                                      f"the vocabulary has {len(self.features)}")
            boosters[code] = booster
        object.__setattr__(self, "_boosters", boosters)
        # columns each code's trees split on: only these can be a model-assigned code's evidence
        object.__setattr__(self, "_used", {code: frozenset(np.flatnonzero(b.feature_importance("split") > 0).tolist())
                                           for code, b in boosters.items()})

    def trees_per_code(self) -> int:
        return self._boosters[VOICE_CODES[0]].num_trees()

    def _columns(self, features: Iterable[str]) -> np.ndarray:
        index = self._index
        return np.array(sorted({index[f] for f in features if f in index}), dtype=np.int32)

    def _csr(self, rows: Sequence[np.ndarray]) -> sparse.csr_matrix:
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        columns = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        return sparse.csr_matrix((np.ones(len(columns)), columns, indptr), shape=(len(rows), len(self.features)))

    def _matrix(self, many: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        return self._csr([self._columns(features) for features in many])

    def probabilities_many(self, many: Sequence[Iterable[str]]) -> np.ndarray:
        """Probability of each voice code (columns in ``VOICE_CODES`` order) for each feature set."""
        if not many:
            return np.zeros((0, len(VOICE_CODES)))
        x = self._matrix(many)
        return np.column_stack([self._boosters[code].predict(x, num_threads=1) for code in VOICE_CODES])

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        row = self.probabilities_many([list(features)])[0]
        return {code: float(p) for code, p in zip(VOICE_CODES, row)}

    def _evidence_many(self, code: str, many: Sequence[dict[str, tuple[int, int]]]) -> list[str]:
        """For each sentence, the feature whose removal lowers the model's score for ``code`` the
        most (ties broken by name). All removals of one document go to LightGBM in one call:
        occlusion over the features the trees split on costs one batch prediction, where the
        trees' SHAP values cost about ten times as much and are not needed to name one word."""
        used = self._used[code]
        names = self.features
        blocks: list[np.ndarray] = []   # per sentence: its full row, then one row per candidate left out
        spans: list[tuple[list[str], int]] = []  # (candidates, index of the sentence's full row)
        n_rows = 0
        for features in many:
            columns = self._columns(features)
            positions = [i for i, c in enumerate(columns.tolist()) if c in used]
            candidates = [names[columns[i]] for i in positions]
            spans.append((candidates, n_rows))
            blocks.append(columns)
            if positions:
                keep = np.ones((len(positions), len(columns)), dtype=bool)
                keep[np.arange(len(positions)), positions] = False
                blocks.extend(np.broadcast_to(columns, keep.shape)[keep].reshape(len(positions), -1))
            n_rows += 1 + len(positions)
        scores = self._boosters[code].predict(self._csr(blocks), raw_score=True, num_threads=1) if blocks else []
        out = []
        for features, (candidates, at) in zip(many, spans):
            if not candidates:
                out.append(min(features))
                continue
            drops = [round(float(scores[at] - scores[at + 1 + k]), 9) for k in range(len(candidates))]
            out.append(max(zip(drops, candidates))[1])
        return out

    def decide_many(self, many: Sequence[dict[str, tuple[int, int]]]) -> list[dict[str, str]]:
        """Voice codes assigned to each sentence -> the feature that is their evidence. A code is
        assigned when its probability reaches ``threshold``, or when the codebook matched it
        (feature ``r:<code>``) and the model does not rule it out (probability at least
        ``keep_matched``): the codebook's decisions stand unless the model is fairly sure."""
        probs = self.probabilities_many(many)
        out: list[dict[str, str]] = [{} for _ in many]
        unexplained: dict[str, list[int]] = {code: [] for code in VOICE_CODES}
        for k, (features, row) in enumerate(zip(many, probs)):
            for code, p in zip(VOICE_CODES, row):
                matched = f"r:{code}" in features
                if p >= self.threshold or (matched and p >= self.keep_matched):
                    out[k][code] = f"r:{code}" if matched else ""
                    if not matched:
                        unexplained[code].append(k)
        for code, which in unexplained.items():
            if which:
                for k, evidence in zip(which, self._evidence_many(code, [many[k] for k in which])):
                    out[k][code] = evidence
        # the order of a sentence's codes is that of VOICE_CODES, as before the evidence was filled in
        return out

    def decide(self, features: dict[str, tuple[int, int]]) -> dict[str, str]:
        """:meth:`decide_many` for one sentence.

        >>> model = load_voice_model()
        >>> sorted(model.decide(sentence_features(["cần", "đẩy", "mạnh", "tuyên", "truyền"], 0,
        ...                                       [("prescription", "cần", 0, 1)])))
        ['prescription']
        """
        return self.decide_many([features])[0]

    def to_json(self) -> str:
        payload = {
            "feature_version": FEATURE_VERSION, "model": MODEL_KIND, "threshold": self.threshold,
            "keep_matched": self.keep_matched, "codebook_sha256": self.codebook_sha256,
            "trained_on": self.provenance, "features": list(self.features),
            "codes": {code: self.models[code] for code in VOICE_CODES},
            "codes_sha256": {code: _sha256(self.models[code]) for code in VOICE_CODES},
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parse(text: str, where: str) -> VoiceModel:
    try:
        data = json.loads(text)
        if data.get("feature_version") != FEATURE_VERSION or data.get("model") != MODEL_KIND:
            raise VoiceModelError(f"{where}: a {data.get('model') or 'logistic'} model of feature_version "
                                  f"{data.get('feature_version')!r}, this code reads {MODEL_KIND} models of "
                                  f"feature_version {FEATURE_VERSION}; retrain with `python -m analysis train-voice`")
        codes = data["codes"]
        for code in VOICE_CODES:
            # LightGBM aborts the whole process on some malformed model texts, so a damaged or
            # hand-edited text must be caught before it reaches LightGBM.
            if _sha256(str(codes[code])) != data["codes_sha256"][code]:
                raise VoiceModelError(f"{where}: the {code} model text does not match its recorded SHA-256 "
                                      "(edited or damaged); retrain with `python -m analysis train-voice`")
        return VoiceModel(features=tuple(str(f) for f in data["features"]),
                          models={c: str(codes[c]) for c in VOICE_CODES},
                          threshold=float(data["threshold"]), codebook_sha256=str(data["codebook_sha256"]),
                          provenance=dict(data.get("trained_on") or {}),
                          keep_matched=float(data["keep_matched"]))
    except VoiceModelError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, lightgbm.basic.LightGBMError) as error:
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
