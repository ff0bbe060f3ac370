"""The real-text validation set: references only, frozen held-out split, floors on dev only.

The sentences themselves live in the development corpus, not in the project; tests that need them
run only where the corpus is (``DEV_CORPUS`` or ../shared/dev-corpus) and skip elsewhere. The
committed result table (``real-agreement.csv``) is checked everywhere.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import data_file
from analysis.validate import (FROZEN_SPLITS, REAL_COLUMNS, agreement, draw_fourth_sample, draw_second_sample,
                               draw_third_sample,
                               frozen_sha256,
                               load_real_set, real_agreement, resolve_real_set)

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = data_file("real_validation").with_suffix(".md")
# the development corpus sits beside the checkout (../shared/dev-corpus); it is never copied into it
_NEARBY = [p / "shared" / "dev-corpus" for p in (ROOT.parent, ROOT.parent.parent)]
CORPUS = Path(os.environ.get("DEV_CORPUS") or next((p for p in _NEARBY if p.exists()), _NEARBY[0]))
CATEGORIES = ["stage", "channel", "audience", "level", "voice"]
# Floors on the dev split only (measured 2026-12-02 on its first 80 rows, coder A: stage 0.904,
# channel 0.943, audience 0.844, level 0.842, voice 0.892; on all 200 rows, coders A and B, after
# the voice revision: stage 0.894, channel 0.969, audience 0.830, level 0.870, voice 0.905). Floors
# only rise; the held-out splits are reported, never floored or tuned on.
FLOORS_DEV_AB = {"stage": 0.88, "channel": 0.95, "audience": 0.82, "level": 0.85, "voice": 0.88}
# The third draw (coders C and D, 360 rows) enlarged dev to 560 rows. The floors above still hold on
# the 200 rows they were measured on (checked where the corpus is); the whole dev split gets its own
# floors, measured 2026-12-02 after the third voice round: stage 0.852, channel 0.956, audience
# 0.829, level 0.898, voice 0.812.
FLOORS_DEV = {"stage": 0.84, "channel": 0.95, "audience": 0.82, "level": 0.88, "voice": 0.80}
# The fourth draw (coders F, G and H, 480 rows, r761-r1240) enlarged dev to 1,040 rows. It was
# scored first with the codebook fixed before it (voice 0.643): sentences no rule had seen, so the
# whole split scores lower. The floors above still hold on the 560 rows they were measured on
# (coders A-D; checked where the corpus is); the whole dev split of the committed table gets its
# own floors, measured 2026-12-02 after the fourth voice round: stage 0.847, channel 0.948,
# audience 0.822, level 0.895, voice 0.749.
FLOORS_DEV_ALL = {"stage": 0.84, "channel": 0.94, "audience": 0.82, "level": 0.89, "voice": 0.74}
# The voice model (analysis.coding.voice_model) is trained on the dev split, so the committed table
# scores dev voice out of fold (each coder group by a model trained without it): 0.773 when the
# model was added (the codebook's own terms: 0.749). Floors on the model, out of fold:
FLOORS_DEV_VOICE_MODEL = {"dev": 0.78, "A-D": 0.83, "F-H": 0.73}  # measured 0.798, 0.848, 0.743 (trees)
DEV_CODERS_A_TO_D = ["A", "B", "C", "D"]


def test_set_holds_references_not_text():
    table = load_real_set()
    assert list(table.columns) == REAL_COLUMNS
    assert len(table) >= 150 and table["id"].is_unique
    assert set(table["split"]) == {"dev", *FROZEN_SPLITS}
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in table["sha256"])
    assert all(u.startswith("http") for u in table["url"])
    assert (table["end"].astype(int) > table["start"].astype(int)).all()


def test_frozen_splits_are_frozen():
    recorded = re.findall(r"`([0-9a-f]{64})`\. A test checks it", PROTOCOL.read_text(encoding="utf-8"))
    assert recorded == [frozen_sha256(split=split) for split in FROZEN_SPLITS]
    with pytest.raises(ValueError, match="not a frozen split"):
        frozen_sha256(split="dev")


def test_committed_scores_meet_dev_floors_and_report_heldout():
    result = pd.read_csv(data_file("real_agreement"))
    cats = result[result["level"] == "category"].set_index(["split", "category"])
    for category, floor in FLOORS_DEV_ALL.items():
        assert cats.loc[("dev", category), "kappa"] >= floor, category
    assert set(cats.index.get_level_values("split")) == {"dev", *FROZEN_SPLITS}
    assert result["corpus_sha256"].nunique() == 1


@pytest.mark.skipif(not (CORPUS / "articles.jsonl").exists(), reason="development corpus not here")
def test_first_200_dev_rows_keep_their_floors():
    dev = load_real_set("dev")
    first = dev[dev["coder"].isin(["A", "B"])].reset_index(drop=True)
    assert len(first) == 200
    # the floors were measured on the codebook's own terms (the voice model came later)
    scores = real_agreement(CORPUS, "dev", labels=first, use_model=False).query("level == 'category'")
    scores = scores.set_index("category")
    for category, floor in FLOORS_DEV_AB.items():
        assert scores.loc[category, "kappa"] >= floor, category


@pytest.mark.skipif(not (CORPUS / "articles.jsonl").exists(), reason="development corpus not here")
def test_first_560_dev_rows_keep_their_floors():
    dev = load_real_set("dev")
    first = dev[dev["coder"].isin(DEV_CODERS_A_TO_D)].reset_index(drop=True)
    assert len(first) == 560
    scores = real_agreement(CORPUS, "dev", labels=first, use_model=False).query("level == 'category'")
    scores = scores.set_index("category")
    for category, floor in FLOORS_DEV.items():
        assert scores.loc[category, "kappa"] >= floor, category


def test_second_coder_table_in_the_protocol_is_what_the_labels_give():
    from analysis.validate import intercoder_agreement

    text = PROTOCOL.read_text(encoding="utf-8")
    section = text[text.index("## A second coder on the frozen splits"):]
    documented = {m.group(1): float(m.group(2)) for m in re.finditer(r"^\| (\w+) \| (0\.\d{3}) \|$", section, re.M)}
    scores = intercoder_agreement().query("level == 'category'").set_index("category")["kappa"]
    assert documented == {category: round(float(kappa), 3) for category, kappa in scores.items()}


def test_second_coder_file_must_cover_the_frozen_sentences(tmp_path):
    from analysis.validate import SECOND_CODER, intercoder_agreement

    partial = tmp_path / "partial.csv"
    rows = SECOND_CODER.read_text(encoding="utf-8").splitlines()
    partial.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not those of the frozen splits"):
        intercoder_agreement(path=partial)


def test_scoring_can_fail():
    """Shuffled hand codes must score far below the floors: the measure is not a tautology."""
    table = load_real_set("dev")
    shuffled = table.copy()
    shuffled["voice"] = list(reversed(table["voice"].tolist()))
    scores = agreement(table, shuffled.assign(id=table["id"]), categories=["voice"])
    assert scores.query("level == 'category'")["kappa"].iloc[0] < FLOORS_DEV["voice"]


def test_a_changed_sentence_is_refused(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"url": "http://x/1", "text": "Tỉnh ủy tổ chức hội nghị quán triệt nghị quyết."}\n',
                      encoding="utf-8")
    labels = pd.DataFrame([{"id": "t1", "split": "dev", "line": "1", "url": "http://x/1", "start": "0",
                            "end": "10", "sha256": "0" * 64}])
    with pytest.raises(ValueError, match="do not match"):
        resolve_real_set(labels, corpus)


def _ids_between(table: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Rows whose id number (r001 -> 1, r1240 -> 1240) lies in [first, last]; ids do not sort as text."""
    numbers = table["id"].str[1:].astype(int)
    return table[(numbers >= first) & (numbers <= last)]


needs_corpus = pytest.mark.skipif(not (CORPUS / "articles.jsonl").exists(), reason="development corpus not here")


def _committed_equals_fresh(split: str) -> None:
    result = pd.read_csv(data_file("real_agreement"))
    result["code"] = result["code"].fillna("")
    fresh = real_agreement(CORPUS, split)
    committed = result[result["split"] == split].drop(columns=["split", "corpus_sha256", "scored_on"])
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), committed.reset_index(drop=True),
                                  check_dtype=False)


@needs_corpus
def test_committed_dev_table_is_what_the_codebook_scores_now():
    _committed_equals_fresh("dev")


@needs_corpus
@pytest.mark.parametrize("split", FROZEN_SPLITS)
def test_committed_frozen_tables_are_what_the_codebook_scores_now(split):
    # Checking that the committed numbers are current is not tuning; a failure names the split
    # only, so a run made while tuning rules on dev never shows held-out values.
    try:
        _committed_equals_fresh(split)
    except AssertionError:
        pytest.fail(f"real-agreement.csv is stale for the frozen split {split!r}: rescore with "
                    f"`python -m analysis validate-real --corpus DIR` after the codebook changed", pytrace=False)


def _assert_same_references(stored: pd.DataFrame, drawn: pd.DataFrame) -> None:
    """The committed rows reference exactly the sentences a draw gives, in order."""
    for column in ("id", "url", "sha256"):
        assert stored[column].tolist() == drawn[column].tolist(), column
    for column in ("line", "start", "end"):
        assert stored[column].astype(int).tolist() == drawn[column].astype(int).tolist(), column


@needs_corpus
def test_second_draw_reproduces_the_dev_rows():
    """The second draw (seed 20261202, real-sentences.md) gives the dev rows r281-r400 exactly."""
    drawn = draw_second_sample(CORPUS)
    assert len(drawn) == 240 and drawn["id"].iloc[0] == "r161" and drawn["id"].iloc[-1] == "r400"
    assert list(drawn["split"]) == ["heldout2"] * 120 + ["dev"] * 120
    first = set(_ids_between(load_real_set(), 1, 160)["sha256"])
    assert not first & set(drawn["sha256"])
    dev = drawn[drawn["split"] == "dev"].reset_index(drop=True)
    stored = _ids_between(load_real_set("dev"), 281, 400).reset_index(drop=True)
    assert list(stored["coder"].unique()) == ["B"]
    _assert_same_references(stored, dev)


@needs_corpus
def test_third_draw_reproduces_the_dev_rows():
    """The third draw (seed 20261203, real-sentences.md) gives the dev rows r401-r760 exactly."""
    drawn = draw_third_sample(CORPUS)
    assert len(drawn) == 360 and drawn["id"].iloc[0] == "r401" and drawn["id"].iloc[-1] == "r760"
    assert set(drawn["split"]) == {"dev"}
    earlier = set(_ids_between(load_real_set(), 1, 400)["sha256"])
    assert not earlier & set(drawn["sha256"])
    stored = _ids_between(load_real_set("dev"), 401, 760).reset_index(drop=True)
    assert stored["coder"].tolist() == ["C"] * 180 + ["D"] * 180
    _assert_same_references(stored, drawn)


@needs_corpus
def test_fourth_draw_reproduces_the_dev_rows():
    """The fourth draw (seed 20261204, real-sentences.md) gives the dev rows r761-r1240 exactly: every
    sentence the first three draws left."""
    drawn = draw_fourth_sample(CORPUS)
    assert len(drawn) == 480 and drawn["id"].iloc[0] == "r761" and drawn["id"].iloc[-1] == "r1240"
    assert set(drawn["split"]) == {"dev"}
    earlier = load_real_set().iloc[:760]
    assert earlier["id"].iloc[-1] == "r760" and not set(earlier["sha256"]) & set(drawn["sha256"])
    stored = load_real_set().iloc[760:].reset_index(drop=True)
    assert stored["coder"].tolist() == ["F"] * 160 + ["G"] * 160 + ["H"] * 160
    assert set(stored["split"]) == {"dev"}
    _assert_same_references(stored, drawn)


@needs_corpus
def test_voice_model_out_of_fold_meets_its_floors():
    """Each dev coder group scored by a model trained without it (as the committed table is)."""
    dev = load_real_set("dev")
    result = pd.read_csv(data_file("real_agreement"))
    committed = result.query("split == 'dev' and level == 'category' and category == 'voice'")["kappa"].iloc[0]
    assert committed >= FLOORS_DEV_VOICE_MODEL["dev"]
    for name, coders in (("A-D", DEV_CODERS_A_TO_D), ("F-H", ["F", "G", "H"])):
        part = dev[dev["coder"].isin(coders)].reset_index(drop=True)
        scores = real_agreement(CORPUS, "dev", labels=part)
        kappa = scores.query("level == 'category' and category == 'voice'")["kappa"].iloc[0]
        assert kappa >= FLOORS_DEV_VOICE_MODEL[name], name


@needs_corpus
def test_pooled_frozen_row_is_the_score_of_both_frozen_splits_together():
    """Notebook 90's "frozen (both)" row sums the committed counts: it must equal scoring the 200
    frozen sentences as one set."""
    from analysis.report.validation import FROZEN_POOLED, real_text_agreement
    frozen = load_real_set().query("split in @FROZEN_SPLITS").reset_index(drop=True).assign(split="heldout")
    scored = real_agreement(CORPUS, labels=frozen).query("level == 'category'").set_index("category")
    pooled = real_text_agreement().query("split == @FROZEN_POOLED").set_index("category")
    assert sorted(pooled.index) == sorted(scored.index)
    for column in ("n", "tp", "fp", "fn", "kappa"):
        assert pooled[column].to_dict() == scored.loc[pooled.index, column].to_dict(), column
