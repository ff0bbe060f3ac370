"""``--relevant``: keep articles that report resolution work, drop the rest with a reason.

An article is relevant when its text names a step of the implementation chain (a ``stage`` term
of the codebook, ``analysis/data/codebook.yaml``: "quán triệt", "học tập", "triển khai", "sơ
kết"...) **and** what is being implemented: a Party or state document code ("07-NQ/TW",
"303/NQ-HĐND", the patterns of ``analysis.extract.references``) or a resolution word ("nghị
quyết", "chỉ thị", "kết luận", "văn kiện"). Matching is on folded text (case and tone-mark style
insensitive) at word boundaries; it is a cheap screen for harvesting, not the coding itself (the
build codes every kept article with the full codebook).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.coding.codebook import Codebook, load_codebook
from analysis.extract.references import PARTY_CODE, STATE_CODE
from analysis.read.normalize import fold, literal_alternation

__all__ = ["RelevanceFilter", "RESOLUTION_WORDS"]

# What a stage term must be about for an article to count as resolution work.
RESOLUTION_WORDS = ("nghị quyết", "chỉ thị", "kết luận", "văn kiện")
_EDGE = r"(?<![\wÀ-ỹ])(?:{})(?![\wÀ-ỹ])"


@dataclass
class RelevanceFilter:
    """``check(text)`` -> (relevant, reason). Built from a codebook's ``stage`` terms."""

    stage_terms: tuple[str, ...]
    _stage: re.Pattern
    _anchor: re.Pattern

    @classmethod
    def from_codebook(cls, codebook: Codebook | None = None) -> "RelevanceFilter":
        codebook = codebook or load_codebook()
        terms = sorted({" ".join(t.syllables) for c in codebook.codes_in("stage") for t in c.terms})
        if not terms:
            raise ValueError("the codebook has no 'stage' terms to build the relevance filter from")
        stage = re.compile(_EDGE.format(literal_alternation(terms)))
        anchor = re.compile(_EDGE.format(literal_alternation([fold(w) for w in RESOLUTION_WORDS])))
        return cls(tuple(terms), stage, anchor)

    def check(self, text: str) -> tuple[bool, str]:
        """Is ``text`` about resolution work? The reason names what was (not) found.

        >>> f = RelevanceFilter.from_codebook()
        >>> f.check("Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết 07-NQ/TW.")
        (True, "stage term 'quán triệt'; document code '07-NQ/TW'")
        >>> f.check("Giá lúa tăng mạnh trong tháng 5.")
        (False, 'no stage term of the codebook (quán triệt, học tập, triển khai, ...)')
        >>> f.check("Nông dân học tập kinh nghiệm trồng cam.")
        (False, "stage term 'học tập' but no document code or resolution word (nghị quyết, chỉ thị, kết luận, văn kiện)")
        """
        folded = fold(text)
        stage = self._stage.search(folded)
        if stage is None:
            return False, "no stage term of the codebook (quán triệt, học tập, triển khai, ...)"
        code = PARTY_CODE.search(text) or STATE_CODE.search(text)
        if code is not None:
            return True, f"stage term {stage.group()!r}; document code {code.group()!r}"
        word = self._anchor.search(folded)
        if word is not None:
            return True, f"stage term {stage.group()!r}; {word.group()!r}"
        return False, (f"stage term {stage.group()!r} but no document code or resolution word "
                       f"({', '.join(RESOLUTION_WORDS)})")
