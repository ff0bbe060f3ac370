"""Stage 5, compare: comparative statistics on the built tables.

Pure functions: DataFrames in (``documents``, ``sentences``, ``tokens``, ``codings``,
``claims``, ``references`` as written by ``python -m analysis build``), a tidy DataFrame out,
sorted deterministically, floats unrounded (notebooks round for display). Every group-level
function takes ``grouping="province"`` (63 pre-2025 provinces) or ``grouping="province_2025"`` (the 34
provinces of 1 July 2025) and, for the latter, adds the regrouping note ``members`` (the old
provinces each new one contains) and ``members_in_corpus``.

Submodules:

* :mod:`~analysis.compare.profiles`: reporting profiles (stage/channel/audience/level/voice
  shares) with seeded bootstrap CIs over documents.
* :mod:`~analysis.compare.vocabulary`: distinctive words, weighted log-odds with an
  informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).
* :mod:`~analysis.compare.formulas`: shared passages, formulaic share, widespread formulas,
  exact and near-duplicate documents.
* :mod:`~analysis.compare.timeliness`: lags from central resolutions to provincial follow-ups,
  censored where none is observed, preparation apart; the central catalogue in
  ``analysis/data/central-events.csv`` and ``central-documents.csv``.
* :mod:`~analysis.compare.claims_audit`: participation/completion claims by audience and level,
  base-less claims, mismatches, round-number heaping.
* :mod:`~analysis.compare.candour`: limitation versus achievement sentences.
* :mod:`~analysis.compare.formalism`: procedural versus substantive outputs.
* :mod:`~analysis.compare.genre`: article genre (congress, study session, review, contest, ...)
  from the title and lede, the genre mix of each group, and candour or formalism adjusted for it.
"""
from __future__ import annotations

from ._common import (GROUPINGS, MIN_DOCUMENTS, documents_without_duplicates, interval_label, order_groups,
                      province_members, sort_by_group)
from .candour import document_candour, group_candour
from .claims_audit import (CLAIM_TYPES, HEAPING_TYPES, UNIT_LEVELS, claim_unit_level, MIN_HEAPING_VALUES, NO_GROUP, baseless_claims, heaping_values, claim_contexts, claims_audit, classify_claim,
                           flag_repeats, mismatched_claims, participation_claims, round_number_heaping)
from .formalism import document_formalism, group_formalism
from .genre import (GENRES, MIN_GENRE_DOCUMENTS, document_genres, genre_adjusted, genre_agreement, genre_comparison,
                    genre_means, genre_mix, group_genre_adjusted)
from .formulas import (formulaic_share, match_sequences, near_duplicates, shared_passages,
                       widespread_formulas)
from .profiles import document_profiles, group_profiles, reporting_profiles, sentence_codes
from .timeliness import DATE_BASES, central_catalogue, central_dates, citations, follow_up_events, timeliness
from .vocabulary import (distinctive_words, distinctive_words_by_group, log_odds_dirichlet,
                         word_counts)

__all__ = [
    "GROUPINGS", "MIN_DOCUMENTS", "interval_label", "province_members", "documents_without_duplicates",
    "order_groups", "sort_by_group",
    "sentence_codes", "document_profiles", "group_profiles", "reporting_profiles",
    "log_odds_dirichlet", "word_counts", "distinctive_words", "distinctive_words_by_group",
    "match_sequences", "shared_passages", "formulaic_share", "widespread_formulas", "near_duplicates",
    "DATE_BASES", "central_catalogue", "central_dates", "citations", "follow_up_events", "timeliness",
    "claim_contexts", "participation_claims", "baseless_claims", "mismatched_claims",
    "round_number_heaping", "heaping_values", "UNIT_LEVELS", "claim_unit_level", "HEAPING_TYPES", "MIN_HEAPING_VALUES", "claims_audit", "CLAIM_TYPES", "NO_GROUP", "classify_claim", "flag_repeats",
    "document_candour", "group_candour", "document_formalism", "group_formalism",
    "GENRES", "MIN_GENRE_DOCUMENTS", "document_genres", "genre_mix", "genre_means", "genre_adjusted",
    "group_genre_adjusted", "genre_comparison", "genre_agreement",
]
