"""Command line: `python -m analysis build | parse | collect | reports | report | params | notebooks | bench |
schema | validate-real | train-voice`.

Each subcommand imports its stage when it runs (a `parse` of one file should not pay for
papermill, a `params` should not load the tokenizer). Output piped into a command that stops
reading early (`| head`) ends quietly.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

from .config import CACHE, SEEDS


def _cmd_build(args) -> int:
    from .build import build
    from .build.loader import tables_dir

    out = args.out if args.out is not None else tables_dir(args.corpus)
    summary = build(args.corpus, out, jobs=args.jobs, scheduler=args.scheduler,
                    cache_dir=None if args.no_cache else args.cache_dir, follow_symlinks=args.follow_symlinks,
                    max_bytes=args.max_bytes)
    print(summary.render())
    return 0


def _cmd_parse(args) -> int:
    from .build.parse import parse_files

    for record in parse_files(args.files):
        sys.stdout.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    return 0


def _cmd_collect(args) -> int:
    from .collect.cli import run_collect  # trafilatura and the HTTP client load only for `collect`

    return run_collect(args)


def _runs():
    return importlib.import_module("analysis.report.runs")


def _cmd_reports(args) -> int:
    return _runs().run_all_reports(jobs=args.jobs, corpus=args.corpus)


def _cmd_report(args) -> int:
    return _runs().run_one_report(args.notebook, args.params, tag=args.tag, corpus=args.corpus)


def _cmd_params(args) -> int:
    print(_runs().describe_parameters(args.notebook))
    return 0


def _cmd_notebooks(args) -> int:
    return _runs().execute_committed_notebooks(args.names)


def _cmd_bench(args) -> int:
    from .build.bench import main as bench_main

    return bench_main(args.sizes, jobs=args.jobs, repeats=args.repeats, big_file_mb=args.big_file_mb,
                      memory_only=args.memory, notebook=args.notebook)


def _cmd_schema(args) -> int:
    from .schema import readme_tables

    print(readme_tables())
    return 0


def _cmd_validate_real(args) -> int:
    from .validate import ALL_SPLITS, write_real_agreement

    splits = tuple(args.split or ALL_SPLITS)
    result = write_real_agreement(args.corpus, args.out, splits=splits)
    scored = result[(result["level"] == "category") & result["split"].isin(splits)]
    rows = scored[["split", "category", "n", "precision", "recall", "kappa"]]
    print(rows.to_string(index=False))
    return 0


def _cmd_train_voice(args) -> int:
    from .coding.voice_model import load_voice_model
    from .coding.voice_training import write_voice_model

    real = None
    if args.corpus is not None:
        from .validate import load_real_set, resolve_real_set
        real = resolve_real_set(load_real_set("dev"), args.corpus)
    path = write_voice_model(args.out, real=real)
    model = load_voice_model(path)
    trained = ", ".join(f"{k} {v}" for k, v in model.provenance.items() if not k.endswith("sha256"))
    print(f"{path}: trained on {trained}; {len(model.features)} features, "
          f"{model.trees_per_code()} trees per code ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help="build the tables from a corpus folder",
                            description="Read every article of a corpus folder and write the tables (Parquet).")
    p.add_argument("--corpus", type=Path, default=SEEDS,
                   help="folder (or .jsonl file) of articles: .txt, .html, .jsonl (default: seeds/)")
    p.add_argument("--out", type=Path, default=None,
                   help="tables folder (default: data/processed/ for seeds/, data/processed-<corpus>-<hash>/ for "
                        "another corpus, where notebooks and reports look for it)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--scheduler", default=None, help="run on a Dask cluster: tcp://HOST:PORT")
    p.add_argument("--cache-dir", type=Path, default=CACHE, help="per-document cache (default: data/cache/)")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="read symbolic links that lead outside the corpus folder (skipped by default)")
    p.add_argument("--max-bytes", type=int, default=20_000_000,
                   help="skip files larger than this, with their size (default: 20,000,000)")
    p.set_defaults(func=_cmd_build)

    p = commands.add_parser("parse", help="print one JSON object per input file (JSON Lines)",
                            description="Parse articles without building tables: one JSON object per input "
                                        "(per line of a .jsonl file) on standard output.")
    p.add_argument("files", nargs="+", type=Path, help="article files (.txt, .html, .jsonl)")
    p.set_defaults(func=_cmd_parse)

    p = commands.add_parser("collect", help="harvest articles from sitemaps and feeds into a JSON Lines corpus folder")
    importlib.import_module("analysis.collect.cli").add_arguments(p)  # light: argparse only
    p.set_defaults(func=_cmd_collect)

    p = commands.add_parser(
        "reports", help="run every notebook report for a corpus into reports/<corpus>/",
        description="Build the corpus's tables if needed, then run 00, 10 for every province with a document, "
                    "20 for both groupings, 30 for every central resolution cited by two or more provinces, "
                    "40 and 90, in parallel. Writes reports/<corpus>/<notebook>/<tag>/ (HTML without and with "
                    "code, the executed notebook, figures and CSVs) and reports/<corpus>/index.html. "
                    "Exits 1 when a report failed (a failed run never replaces a good report).")
    p.add_argument("--corpus", type=Path, default=SEEDS,
                   help="folder (or .jsonl file) of articles (default: seeds/); reports go to reports/<folder name>/")
    p.add_argument("--jobs", type=int, default=2,
                   help="reports run at the same time, each in its own worker process and kernel (default: 2)")
    p.set_defaults(func=_cmd_reports)

    p = commands.add_parser("report", help="run one notebook report with parameters",
                            description="Run one notebook with parameters into "
                                        "reports/<corpus>/<notebook>/<tag>/ and update that corpus's index.")
    p.add_argument("notebook", help="notebook name, e.g. 10-profile-province (`params` lists its parameters)")
    p.add_argument("--params", default="", help='"name=value;name=value" (values parsed as JSON when possible)')
    p.add_argument("--corpus", type=Path, default=None,
                   help="folder of articles (default: the corpus parameter, else seeds/)")
    p.add_argument("--tag", default=None,
                   help="name of the report's folder (default: derived from the parameters); "
                        "reduced to a safe file name")
    p.set_defaults(func=_cmd_report)

    p = commands.add_parser("params", help="show the parameters a notebook takes",
                            description="List a notebook's parameters with their types, defaults and meaning.")
    p.add_argument("notebook", help="notebook name, e.g. 20-compare-provinces")
    p.set_defaults(func=_cmd_params)

    p = commands.add_parser("notebooks", help="re-execute the committed notebooks in place",
                            description="Re-execute committed notebooks with their defaults on the seeds "
                                        "(the outputs nbval compares against); timestamps are stripped.")
    p.add_argument("names", nargs="*", help="notebook names (default: all)")
    p.set_defaults(func=_cmd_notebooks)

    p = commands.add_parser("bench", help="corpus-build benchmark",
                            description="Time building synthetic corpora made from the seeds.")
    p.add_argument("--sizes", type=int, nargs="+", default=[200, 2000],
                   help="corpus sizes (documents; e.g. 2000 6000 20000 for peak RSS against N)")
    p.add_argument("--big-file-mb", type=float, default=0,
                   help="also time one file of this many MB (build jobs=1, peak RSS, against bare tokenizing)")
    p.add_argument("--jobs", type=int, default=None, help="workers for jobs=all (default: all cores)")
    p.add_argument("--repeats", type=int, default=2,
                   help="alternating runs of the floor and the one-core build; the best of each is kept")
    p.add_argument("--memory", action="store_true",
                   help="only peak RSS against N: cold builds at jobs=1 and jobs=all (each filling a cache), "
                        "the unchanged rebuild (same output, same cache; its time), and a rebuild from the cache "
                        "(jobs=1) per size, with the ratio to the smallest size")
    p.add_argument("--notebook", default=None, metavar="NAME",
                   help="instead, time one notebook (e.g. 20-compare-provinces) on each size's synthetic corpus, "
                        "just built: the first run and a second one")
    p.set_defaults(func=_cmd_bench)

    p = commands.add_parser("schema", help="print the README's table documentation, rendered from analysis/schema.py",
                            description="Print the field tables of every table (Markdown), as in the README.")
    p.set_defaults(func=_cmd_schema)

    p = commands.add_parser("validate-real", help="score the codebook against the hand-coded real-text sentences "
                            "(analysis/data/validation/real-sentences.csv) rebuilt from a copy of the corpus")
    p.add_argument("--corpus", type=Path, required=True, help="folder (or .jsonl file) of the development corpus")
    p.add_argument("--out", type=Path, default=None,
                   help="result table (default: analysis/data/validation/real-agreement.csv)")
    # the splits of analysis.validate.ALL_SPLITS, spelt out so that `--help` does not import pandas
    p.add_argument("--split", action="append", choices=["dev", "heldout", "heldout2"], default=None,
                   help="score only this split (repeatable; default: every split); the table's rows "
                   "of the other splits are kept as they were")
    p.set_defaults(func=_cmd_validate_real)

    p = commands.add_parser("train-voice", help="retrain the voice model (analysis/data/voice-model.json) from "
                            "analysis/data/voice-training.csv and the hand-coded seed sentences",
                            description="Deterministic: the same files give the same model file, byte for byte. "
                            "Run it after changing the voice terms of the codebook or the training sentences.")
    p.add_argument("--out", type=Path, default=None, help="model file (default: analysis/data/voice-model.json)")
    p.add_argument("--corpus", type=Path, default=None,
                   help="development corpus: also train on the dev split of the real-text validation set "
                   "(the committed model was trained with it)")
    p.set_defaults(func=_cmd_train_voice)

    args = parser.parse_args(argv)
    try:
        status = args.func(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # the reader (`| head`) stopped: point stdout at /dev/null so the interpreter's final
        # flush does not raise again, and end quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
