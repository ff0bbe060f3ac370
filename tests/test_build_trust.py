"""A build you can trust: no cached errors, a self-checking cache, derived stage keys, complete
table generations, and no input that can stop a build."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from analysis.build import build, load
from analysis.build.cache import MAGIC, decode_entry, encode_entry
from analysis.build.generations import BuildLocked, TableStore
from analysis.build.versions import STAGE_ENTRIES, stage_digest, stage_files
from analysis.config import DATA_FILES, PACKAGE
from analysis.schema import TABLE_NAMES

from conftest import ROOT, SEEDS

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in SEED_NAMES:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def _clear_versions():
    from analysis.build.versions import current_stage_versions

    current_stage_versions.cache_clear()


# -- 1. errors are never cached -------------------------------------------------------------------

def test_a_broken_codebook_fails_the_build_and_a_fixed_one_builds_every_document(corpus, tmp_path, monkeypatch):
    from analysis.coding.codebook import CodebookError

    cache = tmp_path / "cache"
    broken = tmp_path / "codebook.yaml"
    text = DATA_FILES["codebook"].read_text(encoding="utf-8")
    first_code = text.index("  - code: ")
    second_code = text.index("  - code: ", first_code + 1)
    broken.write_text(text + "\n" + text[first_code:second_code], encoding="utf-8")  # the first code twice
    monkeypatch.setitem(DATA_FILES, "codebook", broken)
    _clear_versions()
    with pytest.raises(CodebookError, match="duplicate code"):
        build(corpus, tmp_path / "out", jobs=1, cache_dir=cache)
    broken.write_text(text, encoding="utf-8")  # fixed
    _clear_versions()
    summary = build(corpus, tmp_path / "out", jobs=1, cache_dir=cache)
    assert (summary.parsed, summary.skipped) == (5, 0)
    _clear_versions()


def test_an_exception_while_coding_is_reported_and_never_cached(corpus, tmp_path, monkeypatch):
    import analysis.build.code_stage as code_stage

    cache = tmp_path / "cache"

    def explode(*args, **kwargs):
        raise RuntimeError("planted coding failure")

    with monkeypatch.context() as patch:
        patch.setattr(code_stage, "code_sentences", explode)
        failed = build(corpus, tmp_path / "failed", jobs=1, cache_dir=cache)
    assert failed.parsed == 0 and failed.skipped == 5
    assert all("internal error while coding: RuntimeError: planted coding failure" in reason
               for _, reason in failed.skipped_reasons)
    summary = build(corpus, tmp_path / "out", jobs=1, cache_dir=cache)
    assert (summary.parsed, summary.skipped) == (5, 0)
    assert _digests(tmp_path / "out") == _digests(_reference_build(corpus, tmp_path))


def test_an_exception_while_reading_is_never_cached(corpus, tmp_path, monkeypatch):
    import analysis.build.read_stage as read_stage

    cache = tmp_path / "cache"
    with monkeypatch.context() as patch:
        patch.setattr(read_stage, "extract_document", lambda *a, **k: 1 / 0)
        failed = build(corpus, tmp_path / "failed", jobs=1, cache_dir=cache)
    assert failed.skipped == 5 and "ZeroDivisionError" in failed.skipped_reasons[0][1]
    assert not list(cache.rglob("*.pickle"))
    assert build(corpus, tmp_path / "out", jobs=1, cache_dir=cache).parsed == 5


def _reference_build(corpus: Path, tmp_path: Path) -> Path:
    out = tmp_path / "reference"
    if not out.exists():
        build(corpus, out, jobs=1, cache_dir=None)
    return out


# -- 3. table sets are generations ----------------------------------------------------------------

_KILL_AFTER_FIRST_TABLE = """
import os, signal, sys
import analysis.build.run as run
real = run.write_table
def write_then_die(name, frame, path):
    real(name, frame, path)
    os.kill(os.getpid(), signal.SIGKILL)
run.write_table = write_then_die
run.build(sys.argv[1], sys.argv[2], jobs=1, cache_dir=None)
"""


def test_a_kill_between_table_writes_leaves_the_previous_complete_set(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1, cache_dir=None)
    before = _digests(out)
    (corpus / "extra.txt").write_text((SEEDS / SEED_NAMES[0]).read_text("utf-8") + "\nThêm một đoạn mới.",
                                      encoding="utf-8")
    process = subprocess.run([sys.executable, "-c", _KILL_AFTER_FIRST_TABLE, str(corpus), str(out)], cwd=ROOT)
    assert process.returncode == -signal.SIGKILL
    assert _digests(out) == before  # the previous set, every table of it
    documents = load("documents", out=out, corpus=corpus, rebuild="never")
    assert len(documents) == 5 and set(load("tokens", out=out, rebuild="never")["doc_id"]) == set(documents["doc_id"])
    summary = build(corpus, out, jobs=1, cache_dir=None)  # the next build repairs: a complete new set
    assert not summary.unchanged and summary.parsed == 6
    tables = load(out=out, corpus=corpus, rebuild="never")
    assert set(tables["tokens"]["doc_id"]) == set(tables["documents"]["doc_id"]) and len(tables["documents"]) == 6
    generations = [p for p in (out / "generations").iterdir()]
    assert len(generations) == 2 and all((p / "build.json").exists() for p in generations)  # partial one pruned


def test_a_mixed_set_of_the_old_single_folder_layout_is_never_kept(corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SEEDS / SEED_NAMES[0], other / SEED_NAMES[0])
    build(other, tmp_path / "small", jobs=1, cache_dir=None)
    build(corpus, tmp_path / "full", jobs=1, cache_dir=None)
    legacy = tmp_path / "legacy"  # the old layout: plain files; documents from another build
    legacy.mkdir()
    for name in TABLE_NAMES:
        shutil.copy(tmp_path / "full" / f"{name}.parquet", legacy / f"{name}.parquet")
    shutil.copy(tmp_path / "small" / "documents.parquet", legacy / "documents.parquet")
    info = json.loads((tmp_path / "full" / "build.json").read_text())
    (legacy / "build.json").write_text(json.dumps(info))
    summary = build(corpus, legacy, jobs=1, cache_dir=None)
    assert not summary.unchanged
    assert _digests(legacy) == _digests(tmp_path / "full")


def test_an_altered_table_is_detected_by_build_and_load(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1, cache_dir=None)
    before = _digests(out)
    target = (out / "documents.parquet").resolve()
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    assert TableStore(out).verified(TABLE_NAMES) is None
    with pytest.raises(FileNotFoundError, match="verified"):
        load(out=out, corpus=corpus, rebuild="never")
    assert len(load("documents", out=out, corpus=corpus)) == 5  # if-stale: rebuilt
    assert _digests(out) == before
    assert build(corpus, out, jobs=1, cache_dir=None).unchanged


def test_build_records_digests_and_what_tokenized(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1, cache_dir=None)
    info = json.loads((out / "build.json").read_text())
    assert set(info["digests"]) == set(TABLE_NAMES)
    assert info["tokenizer"].startswith("underthesea 9.5") and "syllable tagger" in info["tokenizer"]
    assert os.readlink(out / "current").startswith("generations/")


def test_two_builds_into_one_folder_take_turns(tmp_path):
    store = TableStore(tmp_path / "out")
    with store.lock():
        with pytest.raises(BuildLocked, match="another build is writing"):
            with TableStore(tmp_path / "out").lock(timeout=0.3):
                pass
    with TableStore(tmp_path / "out").lock(timeout=0.3):  # released
        pass


def test_a_second_build_waits_for_the_first(corpus, tmp_path):
    out = tmp_path / "out"
    store = TableStore(out)
    finished = []
    with store.lock():
        worker = threading.Thread(target=lambda: finished.append(build(corpus, out, jobs=1, cache_dir=None)))
        worker.start()
        time.sleep(1.0)
        assert not finished  # waiting on the lock
    worker.join(300)
    assert finished and finished[0].parsed == 5


# -- 4. the cache checks itself -------------------------------------------------------------------

def test_every_single_bit_flip_of_a_cache_entry_is_detected():
    entry = encode_entry({"province": "Lạng Sơn", "values": list(range(50))})
    assert decode_entry(entry) == {"province": "Lạng Sơn", "values": list(range(50))}
    flips = 0
    for position in range(len(MAGIC), len(entry)):
        for bit in (0, 3, 7):
            flipped = bytearray(entry)
            flipped[position] ^= 1 << bit
            with pytest.raises(ValueError):
                decode_entry(bytes(flipped))
            flips += 1
    assert flips > 300


def test_corrupt_cache_entries_are_named_recomputed_and_never_served(corpus, tmp_path):
    cache = tmp_path / "cache"
    build(corpus, tmp_path / "first", jobs=1, cache_dir=cache)
    entries = sorted(cache.glob("read-*/*/*.pickle"))
    assert len(entries) == 5
    # The Lạng Sơn seed edited to say "Lạng Sơm" (same length), one entry truncated, one with a bit flipped.
    edited = next(p for p in entries if "Lạng Sơn".encode() in p.read_bytes())
    edited.write_bytes(edited.read_bytes().replace("Lạng Sơn".encode(), "Lạng Sơm".encode()))
    truncated, flipped = [p for p in entries if p != edited][:2]
    truncated.write_bytes(truncated.read_bytes()[:-40])
    data = bytearray(flipped.read_bytes())
    data[len(data) // 3] ^= 0x10
    flipped.write_bytes(bytes(data))
    garbage = sorted(cache.glob("code-*/*/*.pickle"))[-1]
    garbage.write_bytes(b"\xff\xfe not a pickle at all")
    summary = build(corpus, tmp_path / "second", jobs=1, cache_dir=cache)
    assert len(summary.cache_corrupt) == 4
    for path in (edited, truncated, flipped, garbage):
        assert any(entry.startswith(str(path)) for entry in summary.cache_corrupt)
    assert "corrupt entries recomputed" in summary.render()
    assert _digests(tmp_path / "first") == _digests(tmp_path / "second")
    assert "Lạng Sơm" not in set(load("documents", out=tmp_path / "second", rebuild="never")["province"].dropna())
    again = build(corpus, tmp_path / "third", jobs=1, cache_dir=cache)  # rewritten entries are whole again
    assert again.cache_corrupt == [] and again.cached == 5


# -- 5. stage keys are derived ------------------------------------------------------------------------

def test_stage_files_follow_imports_and_data_files():
    read, code = stage_files(STAGE_ENTRIES["read"]), stage_files(STAGE_ENTRIES["code"])
    assert {"analysis.extract.claims", "analysis.extract.numbers", "analysis.read.decode",
            "analysis.coding.tokens"} <= set(read.modules)
    assert "analysis.coding.codebook" not in read.modules and "analysis.coding.stoplists" not in read.modules
    assert {"analysis.coding.codebook", "analysis.coding.matching", "analysis.coding.stoplists"} <= set(code.modules)
    assert not any(m.startswith(("analysis.compare", "analysis.report")) for m in read.modules + code.modules)
    assert {"chrome_rules", "units", "abbreviations", "province_aliases", "outlets"} <= set(read.data)
    assert "claim_kinds" not in read.data + code.data and "codebook" not in read.data
    assert {"central_events", "central_documents"} <= set(read.data)  # reference keys resolve years from them
    # the voice model is read by the coding stage; its training set and the validation data are not
    assert set(code.data) == {"codebook", "stoplist", "stoplist_protected", "stoplist_general", "voice_model"}
    assert "analysis.coding.voice_model" in code.modules and "analysis.coding.voice_training" not in code.modules
    assert "analysis.validate" not in code.modules
    # stages named in cited titles are dropped with a pattern of its own, not the reference extractor
    assert "analysis.extract.cited_titles" in code.modules and "analysis.extract.references" not in code.modules


@pytest.fixture()
def package_copy(tmp_path) -> tuple[Path, dict[str, Path]]:
    copy = tmp_path / "pkg" / "analysis"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    data = {name: copy / path.relative_to(PACKAGE) for name, path in DATA_FILES.items()}
    return copy, data


def _keys(copy: Path, data: dict[str, Path]) -> tuple[str, str]:
    versions = {"underthesea": "9.5.0"}
    return tuple(stage_digest(STAGE_ENTRIES[s], copy, "analysis", data, versions) for s in ("read", "code"))


def test_stage_keys_change_with_imported_code_and_read_data_only(package_copy):
    copy, data = package_copy
    read, code = _keys(copy, data)
    (copy / "compare" / "profiles.py").write_text("# edited\n", encoding="utf-8")
    data["claim_kinds"].write_text("# edited\n", encoding="utf-8")
    data["preparation_cues"].write_text("edited\n", encoding="utf-8")  # compare-only
    assert _keys(copy, data) == (read, code)  # nothing a stage runs or reads
    data["stoplist"].write_text(data["stoplist"].read_text(encoding="utf-8") + "\nthêm\n", encoding="utf-8")
    read2, code2 = _keys(copy, data)
    assert read2 == read and code2 != code  # a stoplist edit re-codes, never re-tokenizes
    numbers = copy / "extract" / "numbers.py"
    numbers.write_text(numbers.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _keys(copy, data)[0] != read
    # A module added later and imported by a stage counts without being listed anywhere.
    (copy / "extract" / "helper_new.py").write_text("X = 1\n", encoding="utf-8")
    claims = copy / "extract" / "claims.py"
    claims.write_text("from .helper_new import X\n" + claims.read_text(encoding="utf-8"), encoding="utf-8")
    before = _keys(copy, data)[0]
    (copy / "extract" / "helper_new.py").write_text("X = 2\n", encoding="utf-8")
    assert _keys(copy, data)[0] != before


def test_stage_keys_change_with_the_crf_decoder(package_copy):
    copy, data = package_copy
    assert "analysis.coding.crf" in stage_files(STAGE_ENTRIES["read"]).modules
    read, code = _keys(copy, data)
    decoder = copy / "coding" / "crf.py"
    decoder.write_text(decoder.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _keys(copy, data)[0] != read  # a decoder edit re-tokenizes


def test_stage_keys_include_the_tokenizer_version(package_copy):
    copy, data = package_copy
    read = stage_digest(STAGE_ENTRIES["read"], copy, "analysis", data, {"underthesea": "9.5.0"})
    assert stage_digest(STAGE_ENTRIES["read"], copy, "analysis", data, {"underthesea": "9.6.0"}) != read


def test_a_tokenizer_without_its_fast_path_fails_loudly(monkeypatch):
    import analysis.coding.tokens as tokens

    tokens._segmenter.cache_clear()
    monkeypatch.setattr("underthesea.pipeline.word_tokenize.word_tokenize_model", None, raising=False)
    monkeypatch.setattr(tokens, "word_tokenize", lambda text: ["Khởi động"])
    try:
        with pytest.raises(tokens.TokenizerError, match="syllable tagger cannot be used"):
            tokens.tokenize("Hội nghị quán triệt.")
    finally:
        monkeypatch.undo()
        tokens._segmenter.cache_clear()
    assert [t.text for t in tokens.tokenize("Hội nghị quán triệt.")] == ["Hội nghị", "quán triệt", "."]


# -- 8. load() sees edits made during its own build --------------------------------------------------

def test_load_notices_an_edit_made_while_it_was_building(corpus, tmp_path, monkeypatch):
    import analysis.build.read_stage as read_stage

    out = tmp_path / "out"
    real = read_stage.read_stage
    edited = []

    def edit_during_build(source):
        if not edited:  # a researcher saves a file while the build runs
            target = corpus / SEED_NAMES[0]  # already read by this build
            target.write_text(target.read_text("utf-8") + "\nĐoạn bổ sung trong lúc dựng bảng.", encoding="utf-8")
            edited.append(True)
        return real(source)

    with monkeypatch.context() as patch:
        patch.setattr(read_stage, "read_stage", edit_during_build)
        load("documents", out=out, corpus=corpus)
    documents = load("documents", out=out, corpus=corpus).set_index("path")  # stale: rebuilt with the edit
    edited_sha = hashlib.sha256((corpus / SEED_NAMES[0]).read_bytes()).hexdigest()
    assert documents.loc[SEED_NAMES[0], "raw_sha256"] == edited_sha


# -- 2, 6. no input can stop a build --------------------------------------------------------------

ARTICLE = (SEEDS / SEED_NAMES[1]).read_text("utf-8")


@pytest.fixture()
def hostile_corpus(tmp_path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    shutil.copy(SEEDS / SEED_NAMES[0], folder / "a-seed.txt")
    (folder / os.fsdecode(b"tin-\xff\xfe.txt")).write_text(ARTICLE, encoding="utf-8")  # not UTF-8
    lines = [
        '{"text": "Tỉnh ủy \\ud83d quán triệt nghị quyết"}',  # lone surrogate in the text
        json.dumps({"text": "Bản đăng lại trên trang khác.\n" + ARTICLE, "title": "x"}, ensure_ascii=False)
        .replace('"title": "x"', '"title": "Tin \\udc00 mới"'),  # lone surrogate in a metadata field
        "[" * 200_000 + "]" * 200_000,  # nested beyond any parser's stack
        '{"text": ' + '{"a": ' * 50 + "1" + "}" * 50 + "}",  # deep, but under the bound: not a string
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "inside-link.txt").symlink_to(folder / "a-seed.txt")
    (folder / "folder-link").symlink_to(folder)  # a loop, if it were followed
    (folder / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "huge.txt").write_text(ARTICLE * 100, encoding="utf-8")
    return folder


HOSTILE_REASONS = {
    "feed.jsonl#L1": "line 1: the 'text' field holds a lone surrogate escape",
    "feed.jsonl#L3": "line 3: JSON nested deeper than 64 levels",
    "feed.jsonl#L4": "line 4: no article text",
    "pipe.txt": "not a regular file (a FIFO (named pipe)): not read",
    "zero.txt": "symbolic link leading outside the corpus folder: not followed",
    "passwd.txt": "symbolic link leading outside the corpus folder: not followed",
    "folder-link": "symbolic link to a folder: not followed",
    ".hidden.txt": "hidden file (its name starts with '.'): not read",
    ".git": "hidden folder (its name starts with '.'): not read",
    "huge.txt": "file too large:",
}


def test_hostile_inputs_each_become_a_manifest_row_and_the_build_finishes(hostile_corpus, tmp_path):
    out = tmp_path / "out"
    process = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--corpus", str(hostile_corpus), "--out", str(out),
         "--jobs", "1", "--no-cache", "--max-bytes", "500000"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stderr
    manifest = pd.read_parquet(out / "manifest.parquet").set_index("path")
    for path, reason in HOSTILE_REASONS.items():
        assert manifest.loc[path, "status"] == "skipped", path
        assert manifest.loc[path, "reason"].startswith(reason), (path, manifest.loc[path, "reason"])
    assert manifest.loc["tin-\\xff\\xfe.txt", "status"] == "parsed"  # the name shown safely, the file read
    assert manifest.loc["feed.jsonl#L2", "status"] == "parsed"
    assert manifest.loc["inside-link.txt", "status"] == "duplicate"  # a link inside the corpus is read
    assert manifest.loc["a-seed.txt", "status"] == "parsed"
    documents = pd.read_parquet(out / "documents.parquet").set_index("path")
    assert documents.loc["feed.jsonl#L2", "title"] == "Tin \ufffd mới"
    assert len(manifest) == 14


def test_outside_symlinks_are_read_when_asked(hostile_corpus, tmp_path):
    from analysis.read import read_corpus

    target = tmp_path / "elsewhere.txt"
    target.write_text("Một đoạn chỉ có ở bản này.\n" + ARTICLE, encoding="utf-8")
    (hostile_corpus / "outside.txt").symlink_to(target)
    entries = {m.path: m for m in read_corpus(hostile_corpus, max_bytes=500_000).manifest}
    assert entries["outside.txt"].status == "skipped"
    entries = {m.path: m for m in read_corpus(hostile_corpus, follow_symlinks=True, max_bytes=500_000).manifest}
    assert entries["outside.txt"].status == "parsed"
    assert entries["zero.txt"].reason == "not a regular file (a character device): not read"
    assert entries["passwd.txt"].status in ("parsed", "skipped")  # read like any file when asked


def test_parse_survives_hostile_inputs(hostile_corpus):
    process = subprocess.run([sys.executable, "-m", "analysis", "parse", str(hostile_corpus)],
                             cwd=ROOT, capture_output=True, timeout=600)
    assert process.returncode == 0, process.stderr.decode()
    records = [json.loads(line) for line in process.stdout.decode("utf-8").splitlines()]
    by_path = {Path(r["path"]).name: r for r in records}
    assert by_path["tin-\\xff\\xfe.txt"]["skipped"] is None
    assert by_path["pipe.txt"]["skipped"].startswith("not a regular file")
    assert len(records) == 14


# -- 7. encodings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["latin-1", "sloppy-windows-1252", "cp1252-where-defined"])
def test_double_encoded_seed_is_repaired_to_the_seed_doc_id(codec, seed_documents, tmp_path):
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    from analysis.read import read_corpus

    stem = SEED_NAMES[0].removesuffix(".txt")
    raw = (SEEDS / SEED_NAMES[0]).read_bytes()
    if codec == "cp1252-where-defined":  # strict Windows-1252, undefined bytes kept as Latin-1
        mojibake = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)
    else:
        mojibake = raw.decode(codec)
    (tmp_path / "double.txt").write_bytes(mojibake.encode("utf-8"))
    result = read_corpus(tmp_path)
    assert [m.status for m in result.manifest] == ["parsed"], result.manifest[0].reason
    document = result.documents[0]
    assert document.doc_id == seed_documents[stem].doc_id
    assert document.text == seed_documents[stem].text
    assert any(r.rule == "double-encoded-utf8" for r in document.removals)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis.read.legacy import (  # noqa: E402
    TCVN3_LETTERS, TCVN3_VN1, VNI_SEQUENCES, from_tcvn3, from_tcvn3_bytes, from_vni,
)

_TO_VNI = {letter: code for code, letter in VNI_SEQUENCES.items()}
_TO_TCVN3 = {letter: code for code, letter in TCVN3_LETTERS.items()}
_TO_VN1 = {letter: byte for byte, letter in TCVN3_VN1.items()}
_VIETNAMESE = sorted(set(_TO_VNI) | set("abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY .,;:-0123456789\n"))
# Every precomposed Vietnamese letter, worked out from Unicode (not from the tables under test):
# the 12 vowels with each of the 5 tone marks, ă â ê ô ơ ư đ, small and capital.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_PRECOMPOSED = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in _TONE_MARKS}
    | set("ăâêôơưđ")
)
_PRECOMPOSED += [letter.upper() for letter in _PRECOMPOSED]
# The typographic marks the seeds use that VN1 has no place for (it gives 0x80-0x9F to capital
# letters): a VN1 file holds them in ASCII.
_NOT_IN_VN1 = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "•": "*"})


def _to_vni(text: str) -> str:
    return "".join(_TO_VNI.get(ch, ch) for ch in text)


def _to_tcvn3(text: str) -> str:
    """An ABC file: capital letters with tone marks are the small letters' code points."""
    return "".join(_TO_TCVN3.get(ch, _TO_TCVN3.get(ch.lower(), ch)) for ch in text)


def _to_vn1(text: str) -> bytes:
    """A TCVN3 VN1 file: the inverse of the table (ASCII and Latin-1 outside it as themselves)."""
    return bytes(_TO_VN1.get(ch, ord(ch)) for ch in text)


def test_the_vn1_table_is_a_bijection_onto_the_vietnamese_letters():
    assert len(_PRECOMPOSED) == 134
    letters = [letter for letter in TCVN3_VN1.values() if not unicodedata.combining(letter)]
    assert sorted(letters) == sorted(_PRECOMPOSED)  # each letter once: the table is one-to-one
    assert len(set(TCVN3_VN1.values())) == len(TCVN3_VN1) == 134 + 5
    assert {TCVN3_VN1[b] for b in range(0xB0, 0xB5)} == set(_TONE_MARKS)  # the combining tone marks
    assert all(0 < byte < 0x100 and not 0x20 <= byte < 0x7F for byte in TCVN3_VN1)  # never ASCII text
    assert not {0x09, 0x0A, 0x0D} & set(TCVN3_VN1)  # tab, line feed, carriage return stay themselves
    # the ABC table (written out separately) is VN1's small letters and its seven capital bases
    assert {ord(code): letter for code, letter in TCVN3_LETTERS.items()} == {
        byte: letter for byte, letter in TCVN3_VN1.items()
        if letter.islower() or letter in "ĂÂĐÊÔƠƯ"}


def test_the_vn1_table_is_glibcs_tcvn5712_1():
    # places named in glibc's TCVN5712-1 charmap, checked without iconv
    assert {letter: _TO_VN1[letter] for letter in "ỦẤỞỨẢỴ"} == {
        "Ủ": 0x9E, "Ấ": 0xC4, "Ở": 0x99, "Ứ": 0x11, "Ả": 0x81, "Ỵ": 0x17}
    if not shutil.which("iconv"):
        pytest.skip("iconv is not installed: the table is not compared with glibc's")
    for letter in _PRECOMPOSED:
        done = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=letter.encode("utf-8"),
                              capture_output=True, timeout=60)
        if done.returncode != 0:
            pytest.skip(f"this iconv has no TCVN5712-1: {done.stderr.decode(errors='replace')}")
        assert done.stdout == bytes([_TO_VN1[letter]]), letter


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VIETNAMESE), max_size=80).map("".join))
def test_vni_and_abc_tables_invert_exactly(text):
    text = unicodedata.normalize("NFC", text)
    assert from_vni(_to_vni(text)) == text
    small_toned = "".join(ch.lower() if ch.lower() in _TO_TCVN3 and ch not in _TO_TCVN3 else ch for ch in text)
    assert from_tcvn3(_to_tcvn3(text)) == small_toned


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PRECOMPOSED + list("abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY .,;:-0123456789\n\t")),
                max_size=80).map("".join))
def test_vn1_round_trips_every_vietnamese_letter_string(text):
    data = _to_vn1(text)
    assert from_tcvn3_bytes(data, "VN1") == text
    assert from_tcvn3(data.decode("sloppy-windows-1252"), "VN1") == text  # the same over text


def test_vn1_combining_tone_marks_are_composed():
    # VN1 0xB0-0xB4: grave, hook above, tilde, acute, dot below, after the letter they mark
    assert from_tcvn3_bytes(b"Ti\xaa\xb4n A\xb0 \xa9\xb3 \xad\xb1", "VN1") == "Tiện À ấ ử"
    assert from_tcvn3_bytes(b"\x16 ki\xaa\xb3n") == "Ý kiến"


def _vn1_seed(stem_index: int, tmp_path: Path) -> tuple[str, str, Path]:
    """A seed as a TCVN3 VN1 file (only the punctuation VN1 cannot hold in ASCII): (stem, the
    seed's text as VN1 can hold it, the file)."""
    name = SEED_NAMES[stem_index]
    text = (SEEDS / name).read_text("utf-8").translate(_NOT_IN_VN1)
    data = _to_vn1(text)
    if shutil.which("iconv"):  # glibc's TCVN5712-1 (VN1) gives the same bytes
        done = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=text.encode("utf-8"),
                              capture_output=True, timeout=60)
        if done.returncode == 0:
            assert done.stdout == data
    folder = tmp_path / "vn1"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return name.removesuffix(".txt"), text, folder / name


# seed 004 has capitals only VN1 can hold (Ả at 0x81, Ự at 0x12); seed 001's toned capitals (Ở, Ủ)
# are all at places that Windows-1252 reads as punctuation ("™", "ž")
@pytest.mark.parametrize("index", [4, 1])
def test_tcvn3_vn1_version_of_a_seed_gives_the_seed_doc_id_and_text(index, seed_documents, tmp_path):
    from analysis.read import read_corpus

    stem, text, path = _vn1_seed(index, tmp_path)
    assert any(ch.isupper() and unicodedata.decomposition(ch) for ch in text)  # toned capitals to keep
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / path.name).write_text(text, encoding="utf-8")
    reference = read_corpus(tmp_path / "reference").documents[0]
    result = read_corpus(path)
    assert [m.encoding for m in result.manifest] == ["tcvn3"], result.manifest[0].reason
    document = result.documents[0]
    assert document.doc_id == reference.doc_id
    assert document.text == reference.text
    assert document.text == seed_documents[stem].text.translate(_NOT_IN_VN1)  # the seed, letter for letter
    assert [(r.kind, r.rule) for r in document.removals if r.kind == "decoding"] == [("decoding", "legacy-tcvn3")]
    assert "VN1" in document.removals[0].text
    if "“" not in seed_documents[stem].text:
        assert document.doc_id == seed_documents[stem].doc_id


def test_tcvn3_vn1_seeds_through_the_build(seed_documents, tmp_path):
    from analysis.read import read_corpus

    texts = {}
    for index in (4, 1):
        stem, texts[SEED_NAMES[index]], _path = _vn1_seed(index, tmp_path)
    (tmp_path / "reference").mkdir()
    for name, text in texts.items():
        (tmp_path / "reference" / name).write_text(text, encoding="utf-8")
    reference = {d.path: d for d in read_corpus(tmp_path / "reference").documents}
    out = tmp_path / "out"
    build(tmp_path / "vn1", out, jobs=1, cache_dir=None)
    manifest = pd.read_parquet(out / "manifest.parquet").set_index("path")
    documents = pd.read_parquet(out / "documents.parquet").set_index("path")
    removals = pd.read_parquet(out / "removals.parquet")
    for name in texts:
        assert manifest.loc[name, "status"] == "parsed" and manifest.loc[name, "encoding"] == "tcvn3"
        assert documents.loc[name, "doc_id"] == reference[name].doc_id
        assert documents.loc[name, "text"] == reference[name].text
        notes = removals[(removals.doc_id == reference[name].doc_id) & (removals.kind == "decoding")]
        assert list(notes.rule) == ["legacy-tcvn3"]


def test_vni_version_of_a_seed_gives_the_seed_doc_id(seed_documents, tmp_path):
    from analysis.read import read_corpus

    stem = SEED_NAMES[4].removesuffix(".txt")
    text = (SEEDS / SEED_NAMES[4]).read_text("utf-8")
    (tmp_path / "vni.txt").write_bytes(_to_vni(text).encode("cp1252"))
    result = read_corpus(tmp_path)
    assert [m.encoding for m in result.manifest] == ["vni"], result.manifest[0].reason
    assert result.documents[0].doc_id == seed_documents[stem].doc_id
    assert result.documents[0].text == seed_documents[stem].text


def test_abc_version_of_a_seed_keeps_its_punctuation_and_gives_small_toned_capitals(tmp_path):
    """An ABC (VN3) file, capitals typed in the .VnTimeH font: its curly quotes (0x93/0x94, where
    VN1 has Ỏ and Õ) stay quotes, and the toned capitals come back small, as ABC cannot tell."""
    from analysis.read import read_corpus

    text = (SEEDS / SEED_NAMES[4]).read_text("utf-8")
    assert "“" in text and any(ch.isupper() and ch.lower() in _TO_TCVN3 and ch not in _TO_TCVN3 for ch in text)
    (tmp_path / "abc.txt").write_bytes(_to_tcvn3(text).encode("cp1252"))
    (tmp_path / "expected").mkdir()
    expected = "".join(ch.lower() if ch.lower() in _TO_TCVN3 and ch not in _TO_TCVN3 else ch for ch in text)
    (tmp_path / "expected" / "abc.txt").write_text(expected, encoding="utf-8")
    converted = read_corpus(tmp_path / "abc.txt")
    reference = read_corpus(tmp_path / "expected")
    assert [m.encoding for m in converted.manifest] == ["tcvn3"], converted.manifest[0].reason
    assert converted.documents[0].doc_id == reference.documents[0].doc_id
    assert converted.documents[0].text == reference.documents[0].text
    assert "ABC table" in converted.documents[0].removals[0].text


def test_a_folder_that_cannot_be_listed_is_a_manifest_row(tmp_path, monkeypatch):
    from analysis.read import read_corpus

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    real = os.scandir

    def deny(path="."):  # root lists any folder: the refusal is planted
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", deny)
    entries = {m.path: m for m in read_corpus(tmp_path).manifest}
    assert entries["locked"].reason == "cannot list folder: Permission denied"
    assert entries["b.txt"].status == "parsed" and len(entries) == 2


def test_a_corpus_given_as_a_symbolic_link_is_walked(tmp_path):
    from analysis.read import read_corpus

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    entries = {m.path: m.status for m in read_corpus(tmp_path / "link").manifest}
    assert entries == {"a.txt": "parsed"}


def test_load_reads_a_table_only_when_it_is_used(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(corpus, out, jobs=1, cache_dir=None)
    read = []
    real = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda path, *a, **k: read.append(Path(path).stem) or real(path, *a, **k))
    tables = load(out=out, corpus=corpus, rebuild="never")
    assert set(tables) == set(TABLE_NAMES) and read == []
    assert len(tables["documents"]) == 5 and tables["documents"] is tables["documents"]
    assert read == ["documents"]  # tokens never read
