"""The ``collect`` subcommand's arguments and entry point (argparse only at import time)."""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sys
from pathlib import Path

__all__ = ["add_arguments", "run_collect"]

CONTACT_VARIABLE = "ANALYSIS_CONTACT"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        raise argparse.ArgumentTypeError(f"not a regular expression ({error}): {value!r}") from None
    return value


def _non_negative(kind):
    def parse(value: str):
        number = kind(value)
        if number < 0:
            raise argparse.ArgumentTypeError(f"must be >= 0: {value!r}")
        return number
    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, help="corpus folder to create or extend (e.g. corpus/baolangson)")
    p.add_argument("--sitemap", nargs="+", action="extend", default=[], metavar="URL",
                   help="sitemap or sitemap index (a site's home page: the sitemaps its robots.txt lists)")
    p.add_argument("--feed", nargs="+", action="extend", default=[], metavar="URL",
                   help="RSS/Atom/JSON feed, or a page that announces feeds")
    p.add_argument("--urls", type=Path, action="append", default=[], metavar="FILE",
                   help="text file of article URLs, one per line (# comments)")
    p.add_argument("--include", type=_regex, metavar="REGEX", help="only article URLs matching this regular expression")
    p.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                   help="only articles published on or after this date (undated articles are kept)")
    p.add_argument("--max", type=_non_negative(int), dest="max_articles", metavar="N",
                   help="fetch at most N article pages in this run")
    p.add_argument("--refresh", action="store_true", help="fetch again URLs collected or tried before")
    p.add_argument("--relevant", action="store_true",
                   help="keep only articles about resolution work (codebook stage terms + document codes)")
    p.add_argument("--contact", default=os.environ.get(CONTACT_VARIABLE),
                   help=f"your e-mail or web page, sent in the User-Agent (default: ${CONTACT_VARIABLE}); required")
    p.add_argument("--delay", type=_non_negative(float), default=2.0,
                   help="seconds between requests to one host (default 2; robots.txt Crawl-delay wins if longer)")
    p.add_argument("--timeout", type=_non_negative(float), default=20.0, help="seconds to wait for a server (default 20)")
    p.add_argument("--max-bytes", type=_non_negative(int), default=5 * 1024 * 1024,
                   help="largest page accepted, in bytes (default 5 MiB; sitemaps up to 50 MiB, the protocol limit)")


def run_collect(args) -> int:
    if not args.contact:
        print("collect: give --contact EMAIL-OR-URL (or set $ANALYSIS_CONTACT): site operators must be able "
              "to reach whoever is crawling them", file=sys.stderr)
        return 2
    if not (args.sitemap or args.feed or args.urls):
        print("collect: give at least one --sitemap, --feed or --urls", file=sys.stderr)
        return 2
    from .run import CollectOptions, collect

    # trafilatura and htmldate warn on stderr about every link they discard; collect-log.csv
    # records what happened to each URL, so only their errors are shown.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)

    options = CollectOptions(
        out=args.out, contact=args.contact, sitemaps=args.sitemap, feeds=args.feed, url_files=args.urls,
        include=args.include, since=args.since, max_articles=args.max_articles, refresh=args.refresh,
        relevant=args.relevant, delay=args.delay, timeout=args.timeout, max_bytes=args.max_bytes,
    )
    try:
        summary = collect(options)
    except KeyboardInterrupt:
        print("collect: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except (ValueError, OSError) as error:
        print(f"collect: {error}", file=sys.stderr)
        return 2
    print(summary.render())
    return 0
