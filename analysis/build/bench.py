"""Corpus-build benchmark: how close is the build to the physical floor (the word tokenizer)?

`python -m analysis bench [--sizes 200 2000] [--jobs N]` generates a realistic synthetic corpus of
N articles (paragraphs and sentences of the seeds recombined, with varied provinces, numbers,
dates, outlets and bylines; deterministic for a given N), then measures in one run:

- bare `underthesea.word_tokenize` over the same texts, one core (the floor);
- the build with jobs=1 and jobs=all (no cache), in MB/s and documents/s, and its ratio to the
  floor; the parallel speed-up;
- a cached rebuild of the unchanged corpus (tables kept), and a rebuild from the per-document cache
  into an empty output folder (every table re-assembled, nothing tokenized);
- peak resident memory (RSS) of the build's process tree, sampled every 20 ms.

`--memory` measures only peak RSS against N (the build must be flat in N): per size, a cold build
(jobs=all, filling a cache) and a rebuild from that cache into a new folder (jobs=1: the build
process alone, doing nothing but assembling and writing tables), each with its ratio to the
smallest size.

Builds run in subprocesses so that their memory is measured alone; their own timers exclude
interpreter start-up. Numbers are printed, never asserted: this is not a timed test.
"""
from __future__ import annotations

import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from underthesea import word_tokenize

from analysis.coding import code_sentences, load_codebook, tokenize_sentences
from analysis.config import SEEDS
from analysis.extract import extract_document
from analysis.extract.gazetteer import PROVINCES
from analysis.extract.references import CITY_PROVINCES
from analysis.read import normalize_text, read_corpus, split_sentences

__all__ = ["generate_corpus", "main", "render_memory"]

_OUTLETS = ["LSO", "TUAG", "QBĐT", "BNS", "HNM", "THO", "NA", "ĐCSVN", "BTN", "KTĐT"]
_NAMES = ["NGUYỄN VĂN AN", "TRẦN THỊ BÌNH", "LÊ HOÀNG CHÂU", "PHẠM MINH ĐỨC", "HOÀNG THU HÀ", "VŨ QUỐC KHÁNH",
          "ĐẶNG THỊ LAN", "BÙI VĂN MẠNH", "ĐỖ THANH NGA", "NGÔ ĐỨC PHÚC"]
_WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]  # Monday first
_SEED_PROVINCES = ["Lạng Sơn", "Thanh Hóa", "Bắc Ninh", "An Giang"]
_PERCENT = re.compile(r"\b\d{1,2}(?:,\d)?%")
_COUNT = re.compile(r"\b\d{2,3}(?= (?:lớp|hội nghị|đảng viên|chi bộ|học viên|cán bộ))")


def _seed_paragraphs() -> list[str]:
    paragraphs = []
    for document in read_corpus([SEEDS]).documents:
        paragraphs += [p for p in document.text.split("\n") if len(p) > 150]
    return paragraphs


def generate_corpus(n: int, folder: Path, seed: int = 20251) -> int:
    """Write `n` synthetic articles into `folder`; return their total size in bytes."""
    paragraphs = _seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        rng = random.Random(seed * 100_003 + i)
        province = rng.choice(PROVINCES)
        # As papers write them: "TP Hồ Chí Minh" (bare "Hồ Chí Minh" is the person), "Thành ủy" in the five cities
        written = "TP Hồ Chí Minh" if province == "Hồ Chí Minh" else province
        committee = "Thành ủy" if province in CITY_PROVINCES else "Tỉnh ủy"
        year = rng.randint(2011, 2025)
        day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        date = f"{_WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"  # a weekday that fits the date, as on real pages
        body = []
        for paragraph in rng.sample(paragraphs, k=rng.randint(4, 8)):
            for old in _SEED_PROVINCES:
                paragraph = paragraph.replace(old, written)
            paragraph = _PERCENT.sub(lambda m: f"{rng.randint(60, 100)}%", paragraph)
            paragraph = _COUNT.sub(lambda m: str(rng.randint(10, 900)), paragraph)
            sentences = paragraph.split(". ")
            rng.shuffle(sentences)  # recombine sentences too, so documents are not paragraph collages only
            body.append(". ".join(sentences))
        title = rng.choice([
            f"{written} đẩy mạnh học tập, quán triệt và triển khai thực hiện nghị quyết của Đảng",
            f"{committee} {written} tổ chức hội nghị quán triệt Nghị quyết Trung ương {rng.randint(2, 10)}",
            f"{written}: kết quả triển khai thực hiện Nghị quyết Đại hội Đảng bộ",
        ])
        text = "\n\n".join([date, title, f"{rng.choice(_OUTLETS)} - " + body[0], *body[1:], rng.choice(_NAMES)])
        data = text.encode("utf-8")
        (folder / f"article-{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def _tokenize_only(folder: Path) -> float:
    """Seconds for bare word_tokenize over every paragraph of every file, one core."""
    texts = [normalize_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    word_tokenize("Khởi động")  # load the model outside the timing, as the build's timer does
    started = time.perf_counter()
    for text in texts:
        for paragraph in text.split("\n"):
            if paragraph.strip():
                word_tokenize(paragraph)
    return time.perf_counter() - started


def _tree_rss(pid: int) -> int:
    try:
        process = psutil.Process(pid)
        return process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
    except psutil.Error:
        return 0


def _tree_pss(pid: int) -> int:
    """Proportional set size of a process tree: pages shared by several processes (the worker
    processes are forked from the build process, tokenizer model loaded) are counted once in
    total, where summed RSS counts them once per process. 0 where the system does not report it."""
    try:
        process = psutil.Process(pid)
        return sum(getattr(p.memory_full_info(), "pss", 0) for p in [process, *process.children(recursive=True)])
    except psutil.Error:
        return 0


def _timed_build(corpus: Path, out: Path, jobs: int, cache: Path | None,
                 max_bytes: int | None = None) -> tuple[float, int, int]:
    """Run a build in a subprocess; return (seconds measured inside it, peak tree RSS in bytes,
    peak tree PSS in bytes: RSS sampled every 20 ms, PSS, which costs more to read, every 100 ms)."""
    limit = f", max_bytes={max_bytes}" if max_bytes else ""
    code = ("import json, sys, time; from analysis.build import build; from analysis.coding import tokenize; "
            "tokenize('Khởi động.'); t = time.perf_counter(); "
            f"build({str(corpus)!r}, {str(out)!r}, jobs={jobs}, cache_dir={str(cache) if cache else None!r}, "
            f"progress=False{limit}); print(json.dumps(time.perf_counter() - t))")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        tick = 0
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            if tick % 5 == 0:
                peak_pss = max(peak_pss, _tree_pss(process.pid))
            tick += 1
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"benchmark build failed with exit code {process.returncode}")
    return float(output.strip().splitlines()[-1]), peak, peak_pss


def stage_costs(folder: Path) -> dict:
    """Seconds of each step on the same texts, in this process: sentence splitting, word tokens
    (the floor), extraction, and coding; the last two as ratios to tokenizing."""
    documents = read_corpus([folder]).documents
    codebook = load_codebook()
    tokenize_sentences("Khởi động.", split_sentences("Khởi động."))  # load the model outside the timing
    timings = {"split": 0.0, "tokenize": 0.0, "extract": 0.0, "code": 0.0}
    for document in documents:
        started = time.perf_counter()
        sentences = split_sentences(document.text)
        timings["split"] += time.perf_counter() - started
        started = time.perf_counter()
        tokens = tokenize_sentences(document.text, sentences)
        timings["tokenize"] += time.perf_counter() - started
        started = time.perf_counter()
        extract_document(document.text, document.variables)
        timings["extract"] += time.perf_counter() - started
        started = time.perf_counter()
        code_sentences(document.text, sentences, tokens, codebook)
        timings["code"] += time.perf_counter() - started
    return {
        "stage_split_s": timings["split"], "stage_tokenize_s": timings["tokenize"],
        "stage_extract_s": timings["extract"], "stage_code_s": timings["code"],
        "ratio_extract_to_tokenize": timings["extract"] / timings["tokenize"],
        "ratio_code_to_tokenize": timings["code"] / timings["tokenize"],
    }


def run(n: int, jobs: int, workdir: Path, repeats: int = 2) -> dict:
    """Measure one corpus size. The floor and the one-core build are timed ``repeats`` times,
    alternately, and the best time of each is kept: on a shared virtual machine the same work
    varies by 15-30% from minute to minute, and alternating keeps both sides under the same
    conditions."""
    corpus = workdir / f"corpus-{n}"
    size = generate_corpus(n, corpus)
    mb = size / 1e6
    tokenize_runs: list[float] = []
    serial_runs: list[float] = []
    serial_rss = 0
    for attempt in range(max(1, repeats)):
        tokenize_runs.append(_tokenize_only(corpus))
        out = workdir / f"out-{n}-j1-{attempt}"
        seconds, rss, _ = _timed_build(corpus, out, 1, None)
        shutil.rmtree(out, ignore_errors=True)
        serial_runs.append(seconds)
        serial_rss = max(serial_rss, rss)
    tokenize_seconds, serial = min(tokenize_runs), min(serial_runs)
    stages = stage_costs(corpus)
    cache = workdir / f"cache-{n}"
    parallel, parallel_rss, _ = _timed_build(corpus, workdir / f"out-{n}-jall", jobs, cache)
    unchanged, _, _ = _timed_build(corpus, workdir / f"out-{n}-jall", jobs, cache)
    from_cache, cache_rss, _ = _timed_build(corpus, workdir / f"out-{n}-fromcache", jobs, cache)
    return {
        "documents": n, "MB": mb, "jobs": jobs, "repeats": max(1, repeats),
        "tokenize_only_runs_s": tokenize_runs, "build_j1_runs_s": serial_runs,
        "tokenize_only_s": tokenize_seconds, "tokenize_only_MBps": mb / tokenize_seconds,
        "build_j1_s": serial, "build_j1_MBps": mb / serial, "build_j1_docs_per_s": n / serial,
        "build_jall_s": parallel, "build_jall_MBps": mb / parallel, "build_jall_docs_per_s": n / parallel,
        "ratio_build_j1_to_tokenize": (mb / serial) / (mb / tokenize_seconds),
        "speedup": serial / parallel,
        "rebuild_unchanged_s": unchanged, "rebuild_from_cache_s": from_cache,
        "peak_rss_j1_MB": serial_rss / 1e6, "peak_rss_jall_MB": parallel_rss / 1e6,
        "peak_rss_from_cache_MB": cache_rss / 1e6,
        **stages,
    }


def run_big_file(megabytes: float, workdir: Path) -> dict:
    """One file of about ``megabytes`` MB (synthetic articles one after another, numbered so the
    cleaner keeps them): build time and peak RSS at jobs=1, against bare word_tokenize of the
    same text in this process."""
    parts = workdir / "big-parts"
    n, size = 0, 0
    while size < megabytes * 1e6:  # about 6.3 KB per synthetic article
        batch = max(1, int((megabytes * 1e6 - size) / 6000))
        size += generate_corpus(batch, parts / f"b{n}", seed=20251 + n)
        n += 1
    folder = workdir / "big"
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(parts.rglob("*.txt"))
    text = "\n\n".join(f"Bài {i}.\n{p.read_text(encoding='utf-8')}" for i, p in enumerate(files))
    (folder / "one-big-file.txt").write_text(text, encoding="utf-8")
    shutil.rmtree(parts, ignore_errors=True)
    mb = (folder / "one-big-file.txt").stat().st_size / 1e6
    tokenize_seconds = _tokenize_only(folder)
    seconds, rss, _ = _timed_build(folder, workdir / "out-big", 1, None, max_bytes=int(mb * 1e6) + 1)
    return {"big_file_MB": mb, "big_file_build_s": seconds, "big_file_tokenize_only_s": tokenize_seconds,
            "big_file_ratio_build_to_tokenize": tokenize_seconds / seconds, "big_file_peak_rss_MB": rss / 1e6}


def run_memory(n: int, jobs: int, workdir: Path) -> dict:
    """Peak RSS against N, each build in a child process: a cold build at jobs=1 and one at
    jobs=all (each filling its own cache), the unchanged rebuild (the jobs=all build again, same
    output, same cache: what a second ``make build`` costs) and a rebuild from the cache into a new
    folder (jobs=1: the build process alone, only assembling tables)."""
    corpus = workdir / f"corpus-{n}"
    size = generate_corpus(n, corpus)
    cache_j1, cache = workdir / f"cache-{n}-j1", workdir / f"cache-{n}"
    out_j1, out_cold, out_cache = workdir / f"out-{n}-cold-j1", workdir / f"out-{n}-cold", workdir / f"out-{n}-fromcache"
    cold_j1, cold_j1_rss, cold_j1_pss = _timed_build(corpus, out_j1, 1, cache_j1)
    shutil.rmtree(out_j1, ignore_errors=True)
    shutil.rmtree(cache_j1, ignore_errors=True)
    cold, cold_rss, cold_pss = _timed_build(corpus, out_cold, jobs, cache)
    unchanged, unchanged_rss, _ = _timed_build(corpus, out_cold, jobs, cache)
    from_cache, cache_rss, cache_pss = _timed_build(corpus, out_cache, 1, cache)
    for folder in (corpus, cache, out_cold, out_cache):
        shutil.rmtree(folder, ignore_errors=True)
    return {"documents": n, "MB": size / 1e6, "jobs": jobs,
            "build_j1_s": cold_j1, "peak_rss_j1_MB": cold_j1_rss / 1e6, "peak_pss_j1_MB": cold_j1_pss / 1e6,
            "build_jall_s": cold, "peak_rss_jall_MB": cold_rss / 1e6, "peak_pss_jall_MB": cold_pss / 1e6,
            "rebuild_unchanged_s": unchanged, "peak_rss_unchanged_MB": unchanged_rss / 1e6,
            "rebuild_from_cache_j1_s": from_cache, "peak_rss_from_cache_j1_MB": cache_rss / 1e6,
            "peak_pss_from_cache_j1_MB": cache_pss / 1e6}


def render_memory(results: list[dict]) -> str:
    """Peak RSS per N, with the ratio to the smallest N (flat memory: ratios near 1), and the
    unchanged rebuild's time."""
    base = min(results, key=lambda r: r["documents"])
    columns = [("cold jobs=1", "build_j1_s", "peak_rss_j1_MB"), ("cold jobs=all", "build_jall_s", "peak_rss_jall_MB"),
               ("from cache jobs=1", "rebuild_from_cache_j1_s", "peak_rss_from_cache_j1_MB")]
    header = f"{'N':>8} {'MB':>7}" + "".join(f" {name + ': s':>21} {'peak RSS MB':>12} {'ratio':>6}"
                                            for name, _, _ in columns) + f" {'unchanged rebuild: s':>21}"
    lines = [header, "-" * len(header)]
    for r in results:
        line = f"{r['documents']:>8} {r['MB']:>7.1f}"
        for _, seconds, rss in columns:
            line += f" {r[seconds]:>21.1f} {r[rss]:>12.0f} {r[rss] / base[rss]:>6.2f}"
        lines.append(line + f" {r['rebuild_unchanged_s']:>21.2f}")
    if all(r.get(rss.replace("rss", "pss")) for r in results for _, _, rss in columns):
        # summed RSS counts the pages the forked workers share with the build process once per
        # process; PSS shares them out, so the tree's PSS is what the build really holds
        lines.append("peak PSS of the same process trees (MB): " + "; ".join(
            f"N={r['documents']}: " + " / ".join(f"{r[rss.replace('rss', 'pss')]:.0f}" for _, _, rss in columns)
            for r in results) + "  (cold jobs=1 / cold jobs=all / from cache)")
    return "\n".join(lines)


def render(results: list[dict]) -> str:
    rows = [
        ("documents", "documents", "{:.0f}"), ("corpus size (MB)", "MB", "{:.1f}"),
        ("bare word_tokenize, 1 core (MB/s)", "tokenize_only_MBps", "{:.3f}"),
        ("build jobs=1 (MB/s)", "build_j1_MBps", "{:.3f}"), ("build jobs=1 (documents/s)", "build_j1_docs_per_s", "{:.1f}"),
        ("build jobs=all (MB/s)", "build_jall_MBps", "{:.3f}"),
        ("build jobs=all (documents/s)", "build_jall_docs_per_s", "{:.1f}"),
        ("ratio build jobs=1 / bare tokenize (target >= 0.9)", "ratio_build_j1_to_tokenize", "{:.2f}"),
        ("parallel speed-up (target >= 1.7 on 2 cores)", "speedup", "{:.2f}"),
        ("rebuild, corpus unchanged (s; target < 5)", "rebuild_unchanged_s", "{:.2f}"),
        ("rebuild from per-document cache, new output (s)", "rebuild_from_cache_s", "{:.2f}"),
        ("in-process: sentence splitting (s)", "stage_split_s", "{:.2f}"),
        ("in-process: word tokens with offsets (s)", "stage_tokenize_s", "{:.2f}"),
        ("in-process: extraction (s)", "stage_extract_s", "{:.2f}"),
        ("in-process: coding (s)", "stage_code_s", "{:.2f}"),
        ("ratio extraction / word tokens", "ratio_extract_to_tokenize", "{:.2f}"),
        ("ratio coding / word tokens (target <= 0.25)", "ratio_code_to_tokenize", "{:.2f}"),
        ("peak RSS, build jobs=1 (MB)", "peak_rss_j1_MB", "{:.0f}"),
        ("peak RSS, build jobs=all (MB)", "peak_rss_jall_MB", "{:.0f}"),
        ("peak RSS, rebuild from cache (MB)", "peak_rss_from_cache_MB", "{:.0f}"),
    ]
    header = f"{'measure':<52}" + "".join(f"{'N=' + str(r['documents']):>12}" for r in results)
    lines = [header, "-" * len(header)]
    for label, key, fmt in rows:
        lines.append(f"{label:<52}" + "".join(f"{fmt.format(r[key]):>12}" for r in results))
    return "\n".join(lines)


def run_notebook(notebook: str, n: int, workdir: Path, jobs: int) -> dict:
    """Execute one notebook (papermill, its defaults, ``corpus`` set) on a synthetic corpus of ``n``
    articles whose tables were just built: the first run pays for the near-duplicate search of the
    first ``load()`` after a build, the second reads it from beside the tables. Returns both times
    and the three slowest cells of the second run."""
    import nbformat

    from analysis.build.loader import tables_dir
    from analysis.config import KERNEL_ARGUMENTS, NOTEBOOKS

    import papermill

    corpus = workdir / f"notebook-bench-{n}"
    generate_corpus(n, corpus)
    tables = tables_dir(corpus)
    try:
        subprocess.run([sys.executable, "-m", "analysis", "build", "--corpus", str(corpus), "--no-cache",
                        "--jobs", str(jobs)], check=True, capture_output=True)
        times, cells = [], []
        for attempt in ("cold", "warm"):
            output = workdir / f"{notebook}-{n}-{attempt}.ipynb"
            start = time.perf_counter()
            papermill.execute_notebook(str(NOTEBOOKS / f"{notebook}.ipynb"), str(output),
                                       parameters={"corpus": str(corpus)}, cwd=str(NOTEBOOKS), progress_bar=False,
                                       log_output=False, kernel_name="python3", extra_arguments=KERNEL_ARGUMENTS)
            times.append(time.perf_counter() - start)
            executed = nbformat.read(output, as_version=4)
            cells = sorted(((c.metadata.get("papermill", {}).get("duration") or 0.0, i, c.source.split("\n")[0][:60])
                            for i, c in enumerate(executed.cells) if c.cell_type == "code"), reverse=True)[:3]
    finally:
        shutil.rmtree(tables, ignore_errors=True)  # the bench's tables are not the project's
    return {"notebook": notebook, "documents": n, "cold_s": times[0], "warm_s": times[1],
            "slowest_cells_warm": [{"cell": i, "s": round(d, 2), "source": src} for d, i, src in cells]}


def main(sizes: list[int], jobs: int | None = None, repeats: int = 2, big_file_mb: float = 0,
         memory_only: bool = False, notebook: str | None = None) -> int:
    jobs = jobs or os.cpu_count() or 1
    workdir = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    try:
        if notebook:
            results = [run_notebook(notebook, n, workdir, jobs) for n in sizes]
            for r in results:
                slow = "; ".join(f"cell {c['cell']} {c['s']:.1f} s ({c['source']})" for c in r["slowest_cells_warm"])
                print(f"{notebook} on {r['documents']} synthetic articles: {r['cold_s']:.1f} s after the build "
                      f"(with the near-duplicate search of the first load), {r['warm_s']:.1f} s again; slowest: {slow}")
            print(json.dumps(results, indent=1, ensure_ascii=False))
            return 0
        if memory_only:
            results = []
            for n in sorted(sizes):
                results.append(run_memory(n, jobs, workdir))
                print(f"N={n} done", file=sys.stderr, flush=True)
            print(f"machine: {os.cpu_count()} cores; jobs=all means {jobs}; peak RSS of each build's process tree")
            print(render_memory(results))
            print(json.dumps(results, indent=1))
            return 0
        results = []
        for n in sizes:
            results.append(run(n, jobs, workdir, repeats))
            print(f"N={n} done", file=sys.stderr, flush=True)
        print(f"machine: {os.cpu_count()} cores; jobs=all means {jobs}; floor and jobs=1 build: best of "
              f"{max(1, repeats)} alternating runs")
        if results:
            print(render(results))
        if big_file_mb:
            big = run_big_file(big_file_mb, workdir)
            print(f"one file of {big['big_file_MB']:.1f} MB: build jobs=1 {big['big_file_build_s']:.1f} s, "
                  f"peak RSS {big['big_file_peak_rss_MB']:.0f} MB; bare word_tokenize of the same text "
                  f"{big['big_file_tokenize_only_s']:.1f} s (ratio {big['big_file_ratio_build_to_tokenize']:.2f})")
            results.append(big)
        print(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0
