"""The learned voice decision: reproducible from the project's own files, evidence-linked, used
only with the codebook it was trained on, and able to learn a planted rule."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.coding import code_text
from analysis.coding.codebook import load_codebook
from analysis.coding.voice_model import (FEATURE_VERSION, MODEL_KIND, VOICE_CODES, VoiceModel, VoiceModelError, codebook_fingerprint,
                                         load_voice_model)
from analysis.coding.voice_training import (featurize, train_voice_model, training_provenance, training_sentences,
                                            write_voice_model)
from analysis.config import data_file
from analysis.read.normalize import fold
from analysis.validate import load_real_set, sentence_sha256


CORPUS_HERE = (Path(__file__).resolve().parents[2] / "shared" / "dev-corpus")
CORPUS = Path(os.environ.get("DEV_CORPUS") or CORPUS_HERE)


def test_committed_model_records_the_current_training_files():
    """Checked everywhere: a change of the training sentences, seeds or dev labels since training
    is a stale model (retrain with `python -m analysis train-voice --corpus DIR`)."""
    from analysis.validate import load_real_set
    assert load_voice_model().provenance == training_provenance(load_real_set("dev"))


@pytest.mark.skipif(not (CORPUS / "articles.jsonl").exists(), reason="development corpus not here")
def test_committed_model_is_what_the_training_files_give(tmp_path):
    from analysis.validate import load_real_set, resolve_real_set
    rebuilt = write_voice_model(tmp_path / "voice-model.json", real=resolve_real_set(load_real_set("dev"), CORPUS))
    assert rebuilt.read_bytes() == data_file("voice_model").read_bytes(), (
        "voice-model.json is stale: run `python -m analysis train-voice --corpus DIR`")


def test_training_is_deterministic(tmp_path):
    own = training_sentences().iloc[::7].reset_index(drop=True)
    first = train_voice_model(own, load_codebook()).to_json()
    assert train_voice_model(own, load_codebook()).to_json() == first


def test_committed_model_fits_the_committed_codebook():
    assert load_voice_model().codebook_sha256 == codebook_fingerprint(load_codebook())


def test_training_sentences_are_the_projects_own():
    written = pd.read_csv(data_file("voice_training"), dtype=str, keep_default_na=False)
    assert list(written.columns) == ["id", "sentence", "voice", "writer", "written_on"]
    assert written["id"].is_unique and (written["sentence"].str.len() > 0).all()
    allowed = set(VOICE_CODES)
    assert all(set(filter(None, v.split(";"))) <= allowed for v in written["voice"])
    # no sentence of the real-text validation set (development corpus) is among them
    real = set(load_real_set()["sha256"])
    assert not real & {sentence_sha256(s) for s in written["sentence"]}
    assert len(training_sentences()) == len(written) + len(pd.read_csv(data_file("hand_coded_seeds")))


def test_model_assigned_voice_points_at_words_in_the_sentence():
    # a result claimed with no listed achievement word: the model's evidence is words of the sentence
    sentence = "Công tác phát triển đảng viên mới được các chi bộ chú trọng hơn."
    records = [r for r in code_text(sentence) if r["category"] == "voice"]
    for r in records:
        assert sentence[r["start"]:r["end"]] == r["match"]
        if r["term"].startswith("model: "):
            assert fold(r["match"]) == r["term"][len("model: "):]
    assert {r["code"] for r in records} == {"achievement"}


def test_a_matched_code_the_model_rejects_is_dropped_and_one_it_keeps_keeps_its_evidence():
    codes = {r["code"]: r for r in code_text("Các cấp ủy cần tiếp tục đẩy mạnh tuyên truyền nghị quyết.")
             if r["category"] == "voice"}
    assert set(codes) == {"prescription"} and not codes["prescription"]["term"].startswith("model: ")
    # an agenda with "sẽ": a schedule, no voice
    assert not [r for r in code_text("Đại hội sẽ bầu Ban Chấp hành khóa mới và bầu đoàn đại biểu.")
                if r["category"] == "voice"]


def test_another_codebook_keeps_its_own_voice_terms():
    import yaml

    from analysis.coding.codebook import parse_codebook
    data = yaml.safe_load(data_file("codebook").read_text(encoding="utf-8"))
    for code in data["codes"]:
        if code["code"] == "achievement":
            code["terms"] = ["đạt"]
    custom = parse_codebook(data, "custom")
    assert codebook_fingerprint(custom) != codebook_fingerprint(load_codebook())
    sentence = "Công tác phát triển đảng viên mới được các chi bộ chú trọng hơn."
    assert not [r for r in code_text(sentence, custom) if r["category"] == "voice"]  # its own terms: none match
    assert [r["code"] for r in code_text("Tỷ lệ đảng viên học tập đạt 98%.", custom)
            if r["category"] == "voice"] == ["achievement"]


def test_trainer_learns_a_planted_rule():
    # "xuất sắc" marks achievement, "cần" prescription; every other word is noise
    rows = []
    for i in range(40):
        rows.append({"sentence": f"Đơn vị số {i} hoàn thành xuất sắc nhiệm vụ năm nay.", "voice": "achievement"})
        rows.append({"sentence": f"Đơn vị số {i} cần rà soát nhiệm vụ năm nay.", "voice": "prescription"})
        rows.append({"sentence": f"Đơn vị số {i} họp bàn nhiệm vụ năm nay.", "voice": ""})
    frame = pd.DataFrame(rows)
    codebook = load_codebook()
    model = train_voice_model(frame, codebook)
    achieved = featurize("Đơn vị số 99 hoàn thành xuất sắc nhiệm vụ năm nay.", codebook)
    decided = model.decide(achieved)
    assert set(decided) == {"achievement"}
    # its evidence is a word only the achievement sentences have, not the shared frame ("đơn vị", "nhiệm vụ")
    shared = set(featurize(rows[2]["sentence"], codebook)) | set(featurize(rows[1]["sentence"], codebook))
    assert decided["achievement"] not in shared and decided["achievement"] in achieved
    assert set(model.decide(featurize("Đơn vị số 99 cần rà soát nhiệm vụ năm nay.", codebook))) == {"prescription"}
    assert model.decide(featurize("Đơn vị số 99 họp bàn nhiệm vụ năm nay.", codebook)) == {}
    probabilities = model.probabilities(featurize("Đơn vị số 99 họp bàn nhiệm vụ năm nay.", codebook))
    assert max(probabilities.values()) < 0.2


def test_a_broken_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "voice-model.json"
    bad.write_text('{"feature_version": %d, "model": "%s", "codes": {}}' % (FEATURE_VERSION, MODEL_KIND),
                   encoding="utf-8")
    with pytest.raises(VoiceModelError, match="not a voice model file"):
        load_voice_model(bad)
    model = load_voice_model()
    garbled = tmp_path / "garbled.json"
    # LightGBM would abort the process on this text: the recorded hash stops it first
    garbled.write_text(model.to_json().replace("num_leaves=", "num_leavez=", 1), encoding="utf-8")
    with pytest.raises(VoiceModelError, match="does not match its recorded SHA-256"):
        load_voice_model(garbled)
    logistic = tmp_path / "logistic.json"   # the earlier model kind, same feature version
    logistic.write_text('{"feature_version": %d, "bias": {}, "weights": {}}' % FEATURE_VERSION, encoding="utf-8")
    with pytest.raises(VoiceModelError, match="retrain"):
        load_voice_model(logistic)
    old = tmp_path / "old.json"
    old.write_text('{"feature_version": 0}', encoding="utf-8")
    with pytest.raises(VoiceModelError, match="retrain"):
        load_voice_model(old)
    with pytest.raises(VoiceModelError, match="train-voice"):
        load_voice_model(tmp_path / "missing.json")


def test_model_file_round_trips():
    model = load_voice_model()
    again = VoiceModel(model.features, model.models, model.threshold, model.codebook_sha256, model.provenance,
                       model.keep_matched)
    assert again.to_json() == data_file("voice_model").read_text(encoding="utf-8")
