"""Training the voice model (:mod:`analysis.coding.voice_model`): ``python -m analysis train-voice``.

The model learns from three labelled sets:

- ``analysis/data/voice-training.csv``: sentences written for this purpose, in the register of
  provincial Party reporting, and labelled from the codebook's definitions and the coders' rules
  (``docs/codebook.md``, "The voice model");
- the hand-coded seed sentences (``analysis/data/validation/hand-coded-seeds.csv``);
- with ``--corpus``, the ``dev`` split of the real-text validation set, rebuilt from the
  development corpus (by the command line, which may use :mod:`analysis.validate`). Its sentences shape the trees but add no feature: the vocabulary is the
  features of the first two sets plus the codebook's matches, so the model file holds no word
  that only the corpus has. The frozen splits are never trained on.

Training is deterministic (LightGBM single-threaded with a fixed seed on a fixed feature order),
so the same files give the same model file, byte for byte; the file records what it was trained
on, so a stale model is detected without the corpus.

This module is not imported by the build (only the model file and :mod:`voice_model` are), so
editing the validation set does not invalidate built tables.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import lightgbm
import numpy as np
import pandas as pd
from scipy import sparse

from analysis.config import data_file

from .codebook import load_codebook
from .matching import SentenceView, _match_sentence, _WholeText
from .tokens import tokenize_sentences
from .voice_model import THRESHOLD, VOICE_CODES, VoiceModel, codebook_fingerprint, sentence_features

__all__ = ["training_sentences", "featurize", "decide_voice", "train_voice_model", "write_voice_model",
           "training_provenance"]

MIN_FEATURE_COUNT = 3     # a feature seen in fewer training sentences is not in the vocabulary
BOOST_ROUNDS = 200        # trees per code
# Chosen on the real dev split scored out of fold (docs/codebook.md, "The voice model"): 0.1 x 200
# trees scored as 0.05 x 400 within noise (0.795 / 0.800) at half the prediction cost.
TREE_PARAMS = {
    "objective": "binary", "learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 10,
    "feature_fraction": 0.3,   # each tree sees 30% of the features: many weak words, not one strong one
    "num_threads": 1,          # deterministic, and no OpenMP pool in a process the build may fork
    "deterministic": True, "force_row_wise": True, "seed": 0, "verbose": -1,
}


def training_sentences() -> pd.DataFrame:
    """The project's own labelled sentences: ``voice-training.csv`` and the hand-coded seed
    sentences; columns ``id, sentence, voice``."""
    written = pd.read_csv(data_file("voice_training"), dtype=str, keep_default_na=False)
    seeds = pd.read_csv(data_file("hand_coded_seeds"), dtype=str, keep_default_na=False)
    return pd.concat([written[["id", "sentence", "voice"]], seeds[["id", "sentence", "voice"]]], ignore_index=True)


def _coded(sentence: str, codebook) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """One string coded as one sentence without the model: its features (with the codebook's voice
    matches) and the voice codes the codebook excluded in it."""
    whole = _WholeText(0, 0, len(sentence))
    view = SentenceView(tokenize_sentences(sentence, [whole])[0])
    vetoed: set[str] = set()
    hits = [(c.name, t.text, a, b) for c, t, a, b in _match_sentence(view, codebook, use_model=False, vetoed=vetoed)
            if c.category == "voice"]
    return sentence_features(view.syl, view.first, hits), vetoed


def featurize(sentence: str, codebook) -> dict[str, tuple[int, int]]:
    """:func:`~analysis.coding.voice_model.sentence_features` of one string coded as one sentence,
    with the codebook's own voice matches (the model is not applied)."""
    return _coded(sentence, codebook)[0]


def decide_voice(sentence: str, codebook, model: VoiceModel) -> set[str]:
    """The voice codes the coding pipeline gives ``sentence`` (one sentence) with ``model`` in
    place of the committed one: the model's decision minus the codes the codebook excluded."""
    features, vetoed = _coded(sentence, codebook)
    return set(model.decide(features)) - vetoed


def _codes(cell) -> set[str]:
    return {c.strip() for c in str(cell).split(";") if c.strip()}


def train_voice_model(labelled: pd.DataFrame, codebook, vocabulary_from: pd.DataFrame | None = None,
                      provenance: dict | None = None) -> VoiceModel:
    """Fit one LightGBM classifier per voice code on ``labelled`` (columns ``sentence`` and
    ``voice``, codes ``;``-separated). With ``vocabulary_from``, only features occurring in its
    sentences (and codebook matches) are columns of the model."""
    features = [featurize(str(s), codebook) for s in labelled["sentence"]]
    allowed = None
    if vocabulary_from is not None:
        allowed = set()
        for s in vocabulary_from["sentence"]:
            allowed.update(featurize(str(s), codebook))
    counts: dict[str, int] = {}
    for feats in features:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT
                        and (allowed is None or f in allowed or f.startswith(("r:", "t:"))))
    index = {f: i for i, f in enumerate(vocabulary)}
    rows = [sorted(index[f] for f in feats if f in index) for feats in features]
    indptr = np.cumsum([0] + [len(r) for r in rows])
    columns = np.array([c for r in rows for c in r], dtype=np.int64)
    x = sparse.csr_matrix((np.ones(len(columns)), columns, indptr), shape=(len(rows), len(vocabulary)))
    labels = [_codes(v) for v in labelled["voice"]]
    models = {}
    for code in VOICE_CODES:
        y = np.array([code in lab for lab in labels], dtype=np.float64)
        data = lightgbm.Dataset(x, label=y, params={"num_threads": 1, "verbose": -1}, free_raw_data=False)
        booster = lightgbm.train(TREE_PARAMS, data, num_boost_round=BOOST_ROUNDS)
        models[code] = booster.model_to_string()
    return VoiceModel(features=tuple(vocabulary), models=models, threshold=THRESHOLD,
                      codebook_sha256=codebook_fingerprint(codebook), provenance=provenance or {})


def _sha256_text(frame: pd.DataFrame) -> str:
    rows = frame[["sentence", "voice"]].astype(str).to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(rows.encode("utf-8")).hexdigest()


def training_provenance(real: pd.DataFrame | None = None) -> dict:
    """What a model trained now records: sizes and hashes of its training sets (``real``: the real
    labelled rows, with their ``id``, ``sha256`` and ``voice`` columns)."""
    own = training_sentences()
    out = {"own_sentences": len(own), "own_sha256": _sha256_text(own)}
    if real is not None:
        out["real_dev_sentences"] = len(real)
        labels = real[["id", "sha256", "voice"]].to_csv(index=False, lineterminator="\n")
        out["real_dev_sha256"] = hashlib.sha256(labels.encode("utf-8")).hexdigest()
    return out


def write_voice_model(path: Path | None = None, codebook=None, real: pd.DataFrame | None = None) -> Path:
    """Train on the project's sentences (and on ``real``: labelled real sentences with their text in
    a ``sentence`` column, e.g. the dev split rebuilt by :func:`analysis.validate.resolve_real_set`)
    and write the model file atomically."""
    codebook = codebook or load_codebook()
    own = training_sentences()
    labelled = own if real is None else pd.concat([own, real[["id", "sentence", "voice"]]], ignore_index=True)
    model = train_voice_model(labelled, codebook, vocabulary_from=own, provenance=training_provenance(real))
    out = Path(path) if path is not None else data_file("voice_model")
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(model.to_json(), encoding="utf-8")
    tmp.replace(out)
    return out
