"""``collect()``: sitemaps, feeds and URL lists -> a dated JSON Lines corpus folder.

Order of work: read the sitemaps and feeds (and URL files), keep the article URLs on the hosts
given that match ``include`` and were not collected before, then fetch them one at a time,
hosts taken in turn, each page: fetched politely (`fetch.Fetcher`) -> extracted
(`article.page_to_article`) -> filtered (``since``, ``relevant``) -> de-duplicated by URL and by
normalised text -> appended to ``articles.jsonl``, its raw page to ``raw/`` and a row to
``collect-log.csv`` (`store.CorpusStore`). Interrupting at any moment loses at most the page in
flight; the next run repairs a torn last line and carries on.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from .article import SkipPage, page_to_article
from .discover import Discovery, discover_feeds, discover_sitemaps, read_url_file
from .fetch import DEFAULT_DELAY, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, Fetcher, Response
from .store import CorpusStore
from .urls import host_key, is_http_url

__all__ = ["CollectOptions", "CollectSummary", "collect", "utc_now"]


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class CollectOptions:
    out: Path
    contact: str
    sitemaps: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    url_files: list[Path] = field(default_factory=list)
    include: str | None = None
    since: dt.date | None = None
    max_articles: int | None = None
    refresh: bool = False
    relevant: bool = False
    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class CollectSummary:
    out: Path
    discovered: int = 0
    already: int = 0
    excluded: int = 0
    skipped_by_lastmod: int = 0
    queued: int = 0
    tried: int = 0
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    repairs: list = field(default_factory=list)
    schedule: list = field(default_factory=list)  # (host, path, clock time) of every request, in order

    def render(self) -> str:
        lines = [f"corpus    {self.out}",
                 f"found     {self.discovered} article URLs ({self.already} collected before, "
                 f"{self.excluded} not matching --include, {self.skipped_by_lastmod} older than --since by sitemap lastmod)",
                 f"tried     {self.tried} of {self.queued} queued; {self.requests} HTTP requests in {self.seconds:.1f} s"]
        for status, count in sorted(self.statuses.items()):
            lines.append(f"  {status:<20} {count}")
        for name, cut in self.repairs:
            lines.append(f"repaired  {name}: removed a torn last line ({cut} bytes) left by an interrupted run")
        return "\n".join(lines)


def _allowed_hosts(urls) -> set[str]:
    hosts = set()
    for url in urls:
        if is_http_url(url):
            host = host_key(url)
            hosts.add(host)
            hosts.add(host[4:] if host.startswith("www.") else "www." + host)
    return hosts


def _describe(options: CollectOptions, fetcher: Fetcher) -> str:
    """The run's settings, for its ``run`` row in the log (what a citation of the corpus needs)."""
    parts = [f"user agent {fetcher.user_agent}"]
    for name, values in (("sitemap", options.sitemaps), ("feed", options.feeds),
                         ("urls", [Path(p).name for p in options.url_files])):
        parts += [f"--{name} {value}" for value in values]
    for name, value in (("include", options.include), ("since", options.since), ("max", options.max_articles)):
        if value is not None:
            parts.append(f"--{name} {value}")
    parts += [flag for flag, on in (("--refresh", options.refresh), ("--relevant", options.relevant)) if on]
    parts.append(f"--delay {options.delay:g} --timeout {options.timeout:g} --max-bytes {options.max_bytes}")
    return "; ".join(parts)


def _interleave(urls: list[str]) -> list[str]:
    """Hosts taken in turn (first URL of each host, then the second...), order kept per host."""
    by_host: OrderedDict[str, list[str]] = OrderedDict()
    for url in urls:
        by_host.setdefault(host_key(url), []).append(url)
    out = []
    queues = [list(reversed(q)) for q in by_host.values()]
    while queues:
        for queue in queues:
            out.append(queue.pop())
        queues = [q for q in queues if q]
    return out


def collect(options: CollectOptions, *, clock: Callable[[], float] | None = None,
            sleep: Callable[[float], None] | None = None, now: Callable[[], str] = utc_now,
            proxies: dict | None = None, resolve: dict | None = None,
            progress: bool | None = None) -> CollectSummary:
    """Harvest into ``options.out`` (see the module docstring); returns what happened.

    ``clock``/``sleep`` replace the real ones (tests check the per-host schedule without waiting),
    ``now`` gives ``fetched_at``; ``proxies`` replaces the environment's proxy settings and
    ``resolve`` maps host names to (address, port) (tests serve a site on the loopback);
    ``progress`` (default: when stderr is a terminal) shows a bar.
    """
    started = time.monotonic()
    url_lines = []
    for path in options.url_files:
        url_lines.append((Path(path), Path(path).read_text(encoding="utf-8-sig")))
    starts = list(options.sitemaps) + list(options.feeds)
    for _, text in url_lines:
        starts += [line.strip() for line in text.splitlines() if is_http_url(line.strip())]
    hosts = _allowed_hosts(starts)
    if not hosts:
        raise ValueError("nothing to collect: give --sitemap, --feed or --urls with http(s) addresses")
    include = re.compile(options.include) if options.include else None
    relevance = None
    if options.relevant:
        from .relevance import RelevanceFilter  # loads the codebook (and the coding stage) only when asked

        relevance = RelevanceFilter.from_codebook()

    store = CorpusStore(Path(options.out)).open()
    summary = CollectSummary(Path(options.out), repairs=list(store.repairs))

    def log(url: str, kind: str, response: Response, note: str, **extra) -> None:
        row = {"time": now(), "kind": kind, "url": url, "final_url": response.final_url if response.final_url != url else "",
               "status": "fetched" if response.ok and kind != "article" else response.outcome,
               "http": response.http_status or "", "bytes": len(response.body) if response.body else "",
               "reason": note or response.reason}
        row.update(extra)
        store.log(row)
        if kind == "article":
            summary.statuses[row["status"]] += 1

    fetcher = Fetcher(
        hosts, options.contact, delay=options.delay, timeout=options.timeout,
        total_timeout=options.total_timeout, max_bytes=options.max_bytes,
        clock=clock or time.monotonic, sleep=sleep or time.sleep, proxies=proxies, resolve=resolve,
        on_robots=lambda url, response: log(url, "robots", response, response.reason),
    )
    store.log({"time": now(), "kind": "run", "status": "started", "reason": _describe(options, fetcher)})
    finished = "interrupted"
    try:
        for name, repaired in store.repairs:
            store.log({"time": now(), "kind": "repair", "url": name, "status": "repaired",
                       "bytes": repaired, "reason": "removed a torn last line left by an interrupted run"})
        found = Discovery()
        if options.sitemaps:
            discover_sitemaps(options.sitemaps, fetcher, log, since=options.since, found=found)
        if options.feeds:
            discover_feeds(options.feeds, fetcher, log, found=found)
        for path, text in url_lines:
            _, bad = read_url_file(text, found, name=f"url list {path.name}")
            for line in bad:
                if line in store.done:
                    continue
                store.log({"time": now(), "kind": "article", "url": line, "status": "bad-url",
                           "source": f"url list {path.name}", "reason": "not an absolute http(s) URL"})
                summary.statuses["bad-url"] += 1
        summary.skipped_by_lastmod = found.skipped_by_lastmod

        queue: list[str] = []
        seen: set[str] = set()
        for url in found.urls:
            if url in seen:
                continue  # listed twice (sitemap and feed, or with tracking parameters): fetched once
            seen.add(url)
            summary.discovered += 1
            if include is not None and not include.search(url):
                summary.excluded += 1
                continue
            if url in store.done and not options.refresh:
                summary.already += 1
                continue
            queue.append(url)
        duplicates = Counter(found.urls)
        queue = _interleave(queue)
        if options.max_articles is not None:
            queue = queue[: max(0, options.max_articles)]
        summary.queued = len(queue)
        show = sys.stderr.isatty() if progress is None else progress
        with tqdm(total=len(queue), unit="page", disable=not show, desc="collect") as bar:
            for url in queue:
                _collect_one(url, found.source.get(url, ""), duplicates[url], fetcher, store, options,
                             relevance, log, now)
                summary.tried += 1
                bar.update(1)
        finished = "finished"
    finally:
        counts = ", ".join(f"{status} {count}" for status, count in sorted(summary.statuses.items()))
        store.log({"time": now(), "kind": "run", "status": finished,
                   "reason": f"{summary.tried} of {summary.queued} queued URLs tried; {counts or 'nothing new'}"})
        store.close()
        summary.requests = len(fetcher.requests)
        summary.schedule = list(fetcher.requests)
        summary.seconds = time.monotonic() - started
    return summary


def _collect_one(url, source, listed, fetcher, store, options, relevance, log, now) -> None:
    extra = {"source": source + (f" (listed {listed} times)" if listed > 1 else "")}
    response = fetcher.get(url)
    if not response.ok:
        log(url, "article", response, "", **extra)
        return
    final = response.final_url
    if final != url and final in store.collected and not options.refresh:
        response.outcome = "duplicate-url"
        log(url, "article", response, f"redirects to {final}, already collected", **extra)
        return
    fetched_at = now()
    try:
        article = page_to_article(response.body, final, response.content_type, fetched_at, response.charset)
    except SkipPage as skip:
        response.outcome = skip.status
        log(url, "article", response, skip.reason, **extra)
        return
    except Exception as error:  # noqa: BLE001 - one page must not stop a harvest; retried next run
        response.outcome = "extract-error"
        log(url, "article", response, f"extraction failed: {error.__class__.__name__}: {error}", **extra)
        return
    record = article.record
    sha = record["sha256"]
    store.write_raw(response.body, sha)
    extra.update(sha256=sha, doc_id=article.doc_id, encoding=article.encoding)

    def finish(status: str, reason: str) -> None:
        response.outcome = status
        log(url, "article", response, reason, **extra)

    if relevance is not None:
        keep, why = relevance.check(article.clean_text)
        if not keep:
            return finish("irrelevant", why)
    if options.since is not None and record["published"] and record["published"] < options.since.isoformat():
        return finish("before-since", f"published {record['published']} ({article.published_from}), "
                                      f"before --since {options.since.isoformat()}")
    if final in store.collected:
        old_doc_id, old_fetched = store.collected[final]
        if old_doc_id == article.doc_id:
            return finish("unchanged", f"same text as collected at {old_fetched}")
        return finish("changed", f"text differs from the version collected at {old_fetched}; "
                                 "articles.jsonl keeps that version, raw/ holds both pages")
    original = store.texts.get(article.doc_id)
    if original is not None:
        return finish("duplicate-text", f"same normalised text as {original}")
    store.append_article(record, article.doc_id)
    note = f"published {record['published']} from the {article.published_from}" if record["published"] else "no date found"
    if options.since is not None and not record["published"]:
        note += "; kept (--since cannot apply)"
    finish("saved", note)
