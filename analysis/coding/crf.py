"""Exact and faster inference for underthesea's CRF word segmenter (its syllable B-W/I-W tagger).

underthesea's ``word_tokenize`` tags each syllable with ``FastCRFSequenceTagger.predict``: the Rust
``CRFFeaturizer`` writes 43 attribute strings per syllable ("T[-1,0].lower=hà nội", "T[1].istitle=True",
...), then the Rust ``CRFTagger`` looks them up in the model and runs Viterbi. Building those strings
and handing them to Python is about 80% of all tokenizing time.

This module computes the same tags without the strings. A linear-chain CRF's emission score of a label
at position ``i`` is the sum of the weights of the attributes active there, and every attribute depends
on one n-gram of syllables (a syllable, an adjacent pair or a triple) that starts at ``i + k`` for a
template offset ``k`` in -2..2, or is the constant ``BOS``/``EOS`` padding. So the score splits into
one term per n-gram start ``s``: ``G(s)[k]`` sums the weights of every template with offset ``k`` whose
n-gram starts at ``s``, and ``score(i) = sum over k of G(i + k)[k]``. ``G(s)`` depends only on the
syllables ``s, s+1, s+2`` (or on the sentence's end), and triples of syllables repeat heavily in any
text, so ``G`` is cached per distinct triple (a bounded cache) and computed on a miss from per-syllable
values, themselves cached. Viterbi then runs over the model's two labels with its transition weights.

Exactness, by construction and by check:

- the weights and transitions are read from the model file itself (CRFsuite's binary format, which
  underthesea_core reads), and every attribute string of the model is parsed back into its template
  and value; a template this module does not understand raises `ModelLayoutError`;
- the value of a syllable's features (``lower``, ``isdigit``, ``istitle``, ``is_in_dict``) comes from
  underthesea_core's own ``CRFFeaturizer``, called on that one syllable, so Rust's semantics are kept
  ("1".istitle is True there, not in Python); an n-gram's values are composed the way that featurizer
  composes them (underthesea_core 3.3's ``featurizers.rs``): syllables joined by one space, lower-cased
  (``to_lowercase`` maps the syllables one by one, the space breaking any context), looked up in the
  same dictionary, title when every space-separated part is;
- a sentence with a syllable this composition does not cover (empty, or holding a space) is tagged by
  underthesea's own ``predict``;
- `analysis.coding.tokens` compares this tagger with underthesea's on its own sentences when it starts
  and refuses to run on a difference; the tests compare them on the seeds, real articles, the
  benchmark's corpora and random syllable sequences.

The emission scores are sums of the same weights in another order, so they can differ from Rust's in
the last bits: where two taggings tie within ``TIE_TOLERANCE`` (a run of identical syllables such as
"07-NQ/TU 07-NQ/TU 07-NQ/TU 07-NQ/TU" can make them tie exactly, which the property test found), the
sentence goes to underthesea's own ``predict`` when the tagger has it as its fallback.

>>> tagger = FastCRFTagger.from_underthesea()
>>> tagger.tag(["Hội", "nghị", "quán", "triệt", "Nghị", "quyết", "."])
['B-W', 'I-W', 'B-W', 'I-W', 'B-W', 'I-W', 'B-W']
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

__all__ = ["CRFsuiteModel", "read_crfsuite", "FastCRFTagger", "ModelLayoutError", "underthesea_model_dir"]


class ModelLayoutError(ValueError):
    """The model file or its feature templates are not laid out the way this module reads them."""


@dataclass(frozen=True)
class CRFsuiteModel:
    """What a CRFsuite model holds: label and attribute names, state and transition weights."""

    labels: tuple[str, ...]
    attributes: tuple[str, ...]
    state: dict[int, dict[int, float]]  # attribute id -> {label id: weight}
    transitions: dict[tuple[int, int], float]  # (from label, to label) -> weight


def _cqdb_strings(data: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk (CRFsuite's string <-> id store), by id, read through its
    backward array."""
    magic, _size, _flag, byteorder, count, backward = struct.unpack_from("<4sIIIII", data, offset)
    if magic != b"CQDB" or byteorder != 0x62445371:
        raise ModelLayoutError(f"no CQDB string table at byte {offset}")
    strings = []
    for i, where in enumerate(struct.unpack_from(f"<{count}I", data, offset + backward)):
        record_id, length = struct.unpack_from("<II", data, offset + where)
        start = offset + where + 8
        if record_id != i or length < 1 or data[start + length - 1] != 0:
            raise ModelLayoutError(f"CQDB record {i} at byte {offset + where} is malformed")
        strings.append(data[start:start + length - 1].decode("utf-8"))
    return strings


def read_crfsuite(path: str | Path) -> CRFsuiteModel:
    """Read a CRFsuite (``lCRF``/``FOMC``) model file: the format underthesea_core loads.

    Feature records are (type, source, target, weight): type 0 is a state feature (attribute, label),
    type 1 a transition (label, label).
    """
    data = Path(path).read_bytes()
    header = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    magic, size, kind, _version, _, n_labels, n_attrs, off_features, off_labels, off_attrs = header[:10]
    if magic != b"lCRF" or kind != b"FOMC" or size != len(data):
        raise ModelLayoutError(f"{path} is not a CRFsuite first-order model")
    labels = _cqdb_strings(data, off_labels)
    attributes = _cqdb_strings(data, off_attrs)
    chunk, _size, n_features = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT" or len(labels) != n_labels or len(attributes) != n_attrs:
        raise ModelLayoutError(f"{path}: unexpected feature chunk or table sizes")
    state: dict[int, dict[int, float]] = {}
    transitions: dict[tuple[int, int], float] = {}
    records = data[off_features + 12:off_features + 12 + 20 * n_features]
    for ftype, source, target, weight in struct.iter_unpack("<IIId", records):
        if ftype == 0:
            state.setdefault(source, {})[target] = weight
        elif ftype == 1:
            transitions[(source, target)] = weight
        else:
            raise ModelLayoutError(f"{path}: feature type {ftype}")
    return CRFsuiteModel(tuple(labels), tuple(attributes), state, transitions)


# "T[-1]", "T[0,2].is_in_dict": the templates underthesea_core's featurizer understands, without the
# column index this module does not need.
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?\Z")
TIE_TOLERANCE = 1e-9  # two taggings closer than this are a tie: underthesea decides (see the module docstring)
_WINDOW = 2  # offsets -2..2
_SPAN = 3  # syllables in the longest n-gram
_KINDS = ("raw", "lower", "isdigit", "istitle", "is_in_dict")
_SYLLABLE_TEMPLATES = ["T[0]", "T[0].lower", "T[0].isdigit", "T[0].istitle", "T[0].is_in_dict"]
_BOS, _EOS = "BOS", "EOS"


def _parse_template(template: str) -> tuple[int, int, str]:
    """(offset of the first syllable, number of syllables, kind) of a template name."""
    match = _TEMPLATE.match(template)
    if not match:
        raise ModelLayoutError(f"feature template {template!r} is not one this module reads")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) is not None else first
    span = last - first + 1
    if not (-_WINDOW <= first <= _WINDOW) or not (1 <= span <= _SPAN) or last > _WINDOW:
        raise ModelLayoutError(f"feature template {template!r} reaches outside -{_WINDOW}..{_WINDOW}")
    return first, span, match.group(3) or "raw"


def underthesea_model_dir() -> Path:
    """The folder of the model behind ``underthesea.word_tokenize`` (models.bin, features.bin, dictionary.bin)."""
    import underthesea.pipeline.word_tokenize as module  # the word_tokenize package, not the function

    return Path(module.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"


class FastCRFTagger:
    """underthesea's word-segmentation CRF, decoded from cached per-n-gram emission scores.

    ``tag(syllables)`` returns the labels ``FastCRFSequenceTagger.predict([[s] for s in syllables])``
    returns. Caches hold at most ``cache_size`` triples and as many syllables; a full cache is
    emptied and refilled, so memory stays bounded however much text goes through.
    """

    def __init__(self, model: CRFsuiteModel, templates: Sequence[str], dictionary: set[str] | frozenset[str],
                 featurizer_class: Callable, fallback: Callable[[list[list[str]]], list[str]] | None = None,
                 cache_size: int = 1 << 16):
        if len(model.labels) != 2:
            raise ModelLayoutError(f"{len(model.labels)} labels; this tagger decodes two")
        self.labels = model.labels
        self.dictionary = dictionary
        self.cache_size = cache_size
        self._fallback = fallback
        self._probe = featurizer_class(list(_SYLLABLE_TEMPLATES), dictionary)
        parsed = {t: _parse_template(t) for t in templates}
        if len(set(parsed.values())) != len(parsed):
            raise ModelLayoutError("a feature template is listed twice")
        zero = (0.0,) * (2 * _WINDOW + 1)
        # Per (span, kind): value -> weight differences (label 1 minus label 0) by template offset.
        tables: dict[tuple[int, str], dict[str, list[float]]] = {
            (span, kind): {} for span in range(1, _SPAN + 1) for kind in _KINDS}
        for attr_id, name in enumerate(model.attributes):
            template, sep, value = name.partition("=")
            if not sep or template not in parsed:
                raise ModelLayoutError(f"model attribute {name!r} comes from no listed template")
            weights = model.state.get(attr_id, {})
            first, span, kind = parsed[template]
            # A syllable spelt "BOS" gives the padding's attribute string, in Rust as here.
            diff = weights.get(1, 0.0) - weights.get(0, 0.0)
            tables[(span, kind)].setdefault(value, list(zero))[first + _WINDOW] += diff
        self._tables = {key: {v: tuple(w) for v, w in table.items()} for key, table in tables.items()}
        self._zero = zero
        # G of a start before the sentence (every template there says BOS) and after it (EOS), and the
        # EOS terms of the n-grams of at least 2 or 3 syllables that start on the last syllables.
        self._all_bos = self._padding(_BOS, 1)
        self._all_eos = self._padding(_EOS, 1)
        self._eos_from = {span: self._padding(_EOS, span) for span in range(2, _SPAN + 1)}
        # The flag features of an n-gram of two or three syllables, by (in the dictionary, title):
        # "a b" never parses as an integer, so isdigit is always False there.
        self._flags = {}
        for span in range(2, _SPAN + 1):
            for in_dict in (False, True):
                for title in (False, True):
                    parts = [tables[(span, "isdigit")].get("False", zero),
                             tables[(span, "istitle")].get(str(title), zero),
                             tables[(span, "is_in_dict")].get(str(in_dict), zero)]
                    self._flags[(span, in_dict, title)] = tuple(sum(p[k] for p in parts) for k in range(len(zero)))
        t = model.transitions
        self._trans = (t.get((0, 0), 0.0), t.get((0, 1), 0.0), t.get((1, 0), 0.0), t.get((1, 1), 0.0))
        self._triples: dict[tuple, tuple[float, ...]] = {}
        self._syllables: dict[str, tuple] = {}
        self.stats = {"syllables": 0, "triple_misses": 0, "syllable_misses": 0, "fallbacks": 0, "ties": 0, "cache_resets": 0}

    def _padding(self, pad: str, min_span: int) -> tuple[float, ...]:
        """By offset: the weights of the attributes ``template=pad`` of every template of at least
        ``min_span`` syllables."""
        tables = [table for (span, _), table in self._tables.items() if span >= min_span]
        return tuple(sum(table.get(pad, self._zero)[k] for table in tables) for k in range(2 * _WINDOW + 1))

    @classmethod
    def from_underthesea(cls, model_dir: str | Path | None = None, **options) -> "FastCRFTagger":
        """The tagger of ``underthesea.word_tokenize``'s own model, with its featurizer for values."""
        import joblib
        from underthesea_core import CRFFeaturizer

        folder = Path(model_dir) if model_dir is not None else underthesea_model_dir()
        templates = joblib.load(folder / "features.bin")
        dictionary = joblib.load(folder / "dictionary.bin")
        return cls(read_crfsuite(folder / "models.bin"), templates, dictionary, CRFFeaturizer, **options)

    # -- per-syllable and per-triple terms ---------------------------------------------------------

    def _syllable(self, syllable: str) -> tuple:
        """(weight differences by offset of the syllable's own features, lower-case form, is title)."""
        info = self._syllables.get(syllable)
        if info is not None:
            return info
        self.stats["syllable_misses"] += 1
        features = self._probe.process([[[syllable]]])[0][0]
        values = [f.partition("=")[2] for f in features]
        raw, lower, isdigit, istitle, in_dict = values
        if raw != syllable:
            raise ModelLayoutError(f"the featurizer gave {raw!r} for the syllable {syllable!r}")
        tables, zero = self._tables, self._zero
        parts = [tables[(1, "raw")].get(raw, zero), tables[(1, "lower")].get(lower, zero),
                 tables[(1, "isdigit")].get(isdigit, zero), tables[(1, "istitle")].get(istitle, zero),
                 tables[(1, "is_in_dict")].get(in_dict, zero)]
        own = tuple(sum(p[k] for p in parts) for k in range(2 * _WINDOW + 1))
        info = (own, lower, istitle == "True")
        if len(self._syllables) >= self.cache_size:
            self._syllables.clear()
            self.stats["cache_resets"] += 1
        self._syllables[syllable] = info
        return info

    def _ngram_terms(self, span: int, raw: str, lower: str, title: bool) -> tuple[float, ...]:
        """Weight differences by offset of an n-gram's own features (two or three syllables)."""
        v = self._flags[(span, lower in self.dictionary, title)]
        x = self._tables[(span, "raw")].get(raw)
        if x is not None:
            v = (v[0] + x[0], v[1] + x[1], v[2] + x[2], v[3] + x[3], v[4] + x[4])
        x = self._tables[(span, "lower")].get(lower)
        if x is not None:
            v = (v[0] + x[0], v[1] + x[1], v[2] + x[2], v[3] + x[3], v[4] + x[4])
        return v

    def _triple(self, a: str, b: str | None, c: str | None) -> tuple[float, ...]:
        """G for an n-gram start holding syllable ``a`` followed by ``b`` and ``c`` (None: past the end)."""
        self.stats["triple_misses"] += 1
        syllables = self._syllables
        own, lower_a, title_a = syllables.get(a) or self._syllable(a)
        if b is None:
            v = self._eos_from[2]
        else:
            _, lower_b, title_b = syllables.get(b) or self._syllable(b)
            raw2, lower2, title2 = a + " " + b, lower_a + " " + lower_b, title_a and title_b
            v = self._ngram_terms(2, raw2, lower2, title2)
            if c is None:
                x = self._eos_from[3]
            else:
                _, lower_c, title_c = syllables.get(c) or self._syllable(c)
                x = self._ngram_terms(3, raw2 + " " + c, lower2 + " " + lower_c, title2 and title_c)
            v = (v[0] + x[0], v[1] + x[1], v[2] + x[2], v[3] + x[3], v[4] + x[4])
        value = (own[0] + v[0], own[1] + v[1], own[2] + v[2], own[3] + v[3], own[4] + v[4])
        if len(self._triples) >= self.cache_size:
            self._triples.clear()
            self.stats["cache_resets"] += 1
        self._triples[(a, b, c)] = value
        return value

    # -- decoding -------------------------------------------------------------------------------

    def tag(self, syllables: Sequence[str]) -> list[str]:
        """Labels of the syllables, as underthesea's ``predict`` gives them."""
        n = len(syllables)
        if n == 0:
            return []
        for s in syllables:
            if not s or " " in s:  # outside the composition above: underthesea's own path
                self.stats["fallbacks"] += 1
                if self._fallback is None:
                    raise ModelLayoutError(f"syllable {s!r} needs underthesea's own tagger")
                return self._fallback([[x] for x in syllables])
        self.stats["syllables"] += n
        cache = self._triples
        get = cache.get
        padded = list(syllables)
        padded.append(None)
        padded.append(None)
        g = [self._all_bos, self._all_bos]
        triple = self._triple
        for key in zip(padded, padded[1:], padded[2:]):
            value = get(key)
            if value is None:
                value = triple(*key)
            g.append(value)
        g.append(self._all_eos)
        g.append(self._all_eos)
        bb, bi, ib, ii = self._trans
        labels = self.labels
        # Position 0: label 0 scores 0 and label 1 the difference (Viterbi is unchanged by adding one
        # constant to both labels' emission at a position).
        score0 = 0.0
        score1 = g[0][0] + g[1][1] + g[2][2] + g[3][3] + g[4][4]
        back = []
        append = back.append
        closest = abs(score1 - score0) if n == 1 else float("inf")
        for i in range(1, n):
            d = g[i][0] + g[i + 1][1] + g[i + 2][2] + g[i + 3][3] + g[i + 4][4]
            # Rust keeps the first best previous label: the later one must be strictly better.
            from0, from1 = score0 + bb, score1 + ib
            gap0 = from1 - from0
            if from1 > from0:
                new0, b0 = from1, 1
            else:
                new0, b0 = from0, 0
            from0, from1 = score0 + bi, score1 + ii
            gap1 = from1 - from0
            if from1 > from0:
                new1, b1 = from1 + d, 2
            else:
                new1, b1 = from0 + d, 0
            score0, score1 = new0, new1
            append(b0 | b1)
            closest = min(closest, abs(gap0), abs(gap1))
        closest = min(closest, abs(score1 - score0))
        if closest <= TIE_TOLERANCE and self._fallback is not None:
            # Two taggings tie within rounding (a run of identical syllables can make them tie
            # exactly): which one wins depends on the order of the sums, so underthesea decides.
            self.stats["ties"] += 1
            return self._fallback([[x] for x in syllables])
        y = 1 if score1 > score0 else 0
        out = [0] * n
        out[n - 1] = y
        for i in range(n - 1, 0, -1):
            y = (back[i - 1] >> y) & 1
            out[i - 1] = y
        first, second = labels
        return [second if v else first for v in out]
