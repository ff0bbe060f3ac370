"""Formalism (bệnh hình thức): how much a report counts procedures rather than results.

The codebook's ``output`` category marks sentences reporting a *procedural* output (meetings,
classes or briefings held, people who studied, plans and documents issued) and sentences reporting
or setting a *substantive* one (targets and indicators, money, deadlines, outcomes in the economy,
society or the Party's organisation). Per document::

    formalism = procedural sentences / (procedural + substantive sentences)

NaN when a document has neither (it reports no output at all, which is not the same as 0). A
sentence carrying both counts in both. Per group: the mean over documents with a defined value,
with a seeded bootstrap interval shown only from ``MIN_DOCUMENTS`` documents, and the pooled ratio.

Gao (2015) and Wallace (2016) read Chinese cadre reporting the same way: counting activities is
what a reporting system rewards when results are hard to verify. Limits: a dictionary sees words,
not whether a target was met; a study conference is the proper output of a "học tập" article, so
compare provinces on the same genre (the stage profile tells which), and read the sentences
(``analysis.kwic(documents, "output:procedural", by="code")``) before concluding.
"""
from __future__ import annotations

import pandas as pd

from .candour import document_candour, group_candour

__all__ = ["document_formalism", "group_formalism"]

_RENAME = {"n_limitation": "n_procedural", "n_achievement": "n_substantive", "candour": "formalism",
           "pooled_candour": "pooled_formalism", "limitation_share": "procedural_share",
           "achievement_share": "substantive_share"}


# candour's readings in the words of formalism
_READINGS = {
    "undefined: no limitation or achievement sentence": "undefined: no procedural or substantive output sentence",
    "0: achievements only, no limitation admitted": "0: substantive outputs only",
    "1: limitations only, no achievement claimed": "1: procedural outputs only",
    "both limitations and achievements": "both procedural and substantive outputs"}


def document_formalism(documents: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """``doc_id, n_sentences, n_procedural, n_substantive, formalism, procedural_share,
    substantive_share, reading`` per document, sorted by doc_id.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "n_sentences": [4, 2]})
    >>> cod = pd.DataFrame({"doc_id": ["a", "a", "a"], "sentence_index": [0, 1, 2], "category": ["output"] * 3,
    ...                     "code": ["procedural", "procedural", "substantive"]})
    >>> document_formalism(docs, cod)[["doc_id", "n_procedural", "n_substantive", "formalism"]].round(3).to_dict("records")
    [{'doc_id': 'a', 'n_procedural': 2, 'n_substantive': 1, 'formalism': 0.667}, {'doc_id': 'b', 'n_procedural': 0, 'n_substantive': 0, 'formalism': nan}]
    """
    out = document_candour(documents, codings, limitation_code="procedural", achievement_code="substantive",
                           category="output")
    out["reading"] = out["reading"].replace(_READINGS)
    return out.rename(columns=_RENAME)


def group_formalism(doc_formalism: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                    n_boot: int = 2000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Per group: ``<grouping>, n_documents, n_documents_defined, n_procedural, n_substantive,
    formalism, pooled_formalism, ci_low, ci_high, ci_degenerate, ci_shown, interval, reading``."""
    back = {v: k for k, v in _RENAME.items()}
    out = group_candour(doc_formalism.rename(columns=back), documents, grouping=grouping, n_boot=n_boot,
                        seed=seed, ci=ci)
    out["reading"] = out["reading"].replace(_READINGS)
    return out.rename(columns=_RENAME)
