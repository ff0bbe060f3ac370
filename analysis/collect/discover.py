"""Article addresses from sitemaps, feeds and URL lists, with trafilatura's discovery logic.

trafilatura's ``sitemap_search`` and ``find_feed_urls`` download with their own client (no
robots.txt, their own delay, a Google News probe for feeds). The collector uses the parts of them
that read what was downloaded - ``SitemapObject.process`` (XML and text sitemaps, sitemap indexes,
same-site filtering), ``extract_robots_sitemaps``, ``feeds.extract_links`` (RSS, Atom, JSON
Feed) and ``feeds.determine_feed`` (feed links announced by an HTML page) - and downloads
everything itself through the polite `Fetcher`. Sitemap ``<lastmod>`` dates are read as well
(lxml, no entities, no network) so that ``--since`` skips what cannot be new.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree
from trafilatura import feeds, sitemaps

from .fetch import Fetcher, Response, gunzip_capped
from .urls import canonical_url, is_http_url

__all__ = ["Discovery", "discover_sitemaps", "discover_feeds", "read_url_file", "MAX_SITEMAPS"]

MAX_SITEMAPS = 2000
# The sitemap protocol's own limit (50,000 URLs, 50 MB uncompressed); pages keep the smaller cap.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
# Feeds read from one page that announces feeds (a site's home page lists a handful).
MAX_ANNOUNCED_FEEDS = 10
_GZIP = b"\x1f\x8b"
_LASTMOD_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


@dataclass
class Discovery:
    """Article URLs found, in order, with where each came from and its sitemap lastmod if any."""

    urls: list[str] = field(default_factory=list)
    source: dict[str, str] = field(default_factory=dict)
    lastmod: dict[str, str] = field(default_factory=dict)
    skipped_by_lastmod: int = 0

    def add(self, url: str, source: str, lastmod: str | None = None) -> None:
        self.urls.append(url)
        self.source.setdefault(url, source)
        if lastmod:
            self.lastmod.setdefault(url, lastmod)


# A fetched document other than an article (robots, sitemap, feed): (url, kind, response, note).
LogDocument = Callable[[str, str, Response, str], None]


def _text_of(response: Response, max_bytes: int) -> str:
    body = response.body
    if body.startswith(_GZIP):
        body = gunzip_capped(body, max_bytes)
    return body.decode(response.charset or "utf-8", errors="replace").lstrip("\ufeff")


def _lastmods(content: str) -> dict[str, str]:
    """``loc`` -> ``lastmod`` date ("YYYY-MM-DD") for the entries of an XML sitemap that have one."""
    if "lastmod" not in content:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        tree = etree.fromstring(content.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return {}
    if tree is None:
        return {}
    found = {}
    for entry in tree.iter("{*}url", "{*}sitemap", "url", "sitemap"):
        loc = entry.find("{*}loc")
        mod = entry.find("{*}lastmod")
        if loc is None:
            loc = entry.find("loc")
        if mod is None:
            mod = entry.find("lastmod")
        if loc is not None and mod is not None and loc.text and mod.text:
            match = _LASTMOD_DATE.match(mod.text)
            if match:
                found[loc.text.strip()] = match.group(1)
    return found


def _canonical_or_none(url: str) -> str | None:
    try:
        return canonical_url(url)
    except ValueError:
        return None


def discover_sitemaps(start_urls, fetcher: Fetcher, log: LogDocument, since: dt.date | None = None,
                      found: Discovery | None = None, max_sitemaps: int = MAX_SITEMAPS) -> Discovery:
    """Article URLs listed by the sitemaps at ``start_urls`` (nested sitemap indexes followed).

    A start URL that is a site's home page (path "/") is looked up in its robots.txt
    ``Sitemap:`` lines, then at ``/sitemap.xml``. With ``since``, sitemap entries whose
    ``lastmod`` is older are skipped without being fetched.
    """
    found = found or Discovery()
    queue: list[str] = []
    for start in start_urls:
        url = _canonical_or_none(start)
        if url is None:
            log(start, "sitemap", Response(start, start, "bad-url", "not an absolute http(s) URL"), "")
            continue
        domain, base = sitemaps.get_hostinfo(url)
        if url.rstrip("/") == base:
            listed = sitemaps.extract_robots_sitemaps(fetcher.robots_text(url), base)
            queue.extend(listed or [base + "/sitemap.xml"])
        else:
            queue.append(url)
    seen: set[str] = set()
    while queue and len(seen) < max_sitemaps:
        current = _canonical_or_none(queue.pop(0))
        if current is None or current in seen:
            continue
        seen.add(current)
        response = fetcher.get(current, max_bytes=max(fetcher.max_bytes, SITEMAP_MAX_BYTES))
        if not response.ok:
            log(current, "sitemap", response, "")
            continue
        try:
            content = _text_of(response, max(fetcher.max_bytes, SITEMAP_MAX_BYTES))
        except ValueError as error:
            response.outcome, response.reason = "too-large", f"gzip sitemap: {error}"
            log(current, "sitemap", response, "")
            continue
        domain, base = sitemaps.get_hostinfo(response.final_url)
        sitemap = sitemaps.SitemapObject(base, domain, [])
        sitemap.current_url = response.final_url
        sitemap.content = content
        sitemap.process()
        dates = _lastmods(content)
        children = 0
        articles = 0
        for child in sitemap.sitemap_urls:
            if since and dates.get(child) and dates[child] < since.isoformat():
                found.skipped_by_lastmod += 1
                continue
            queue.append(child)
            children += 1
        for link in sitemap.urls:
            if since and dates.get(link) and dates[link] < since.isoformat():
                found.skipped_by_lastmod += 1
                continue
            url = _canonical_or_none(link)
            if url:
                found.add(url, f"sitemap {current}", dates.get(link))
                articles += 1
        note = f"{articles} article URL(s), {children} sitemap(s)"
        if not articles and not children:
            note = "no URLs found (not a sitemap?)"
        log(current, "sitemap", response, note)
    return found


def discover_feeds(start_urls, fetcher: Fetcher, log: LogDocument, found: Discovery | None = None) -> Discovery:
    """Article URLs of the RSS/Atom/JSON feeds at ``start_urls``; a start URL that is an HTML page
    is searched for the feeds it announces (``<link rel="alternate">``), which are then read."""
    found = found or Discovery()
    for start in start_urls:
        url = _canonical_or_none(start)
        if url is None:
            log(start, "feed", Response(start, start, "bad-url", "not an absolute http(s) URL"), "")
            continue
        response = fetcher.get(url)
        if not response.ok:
            log(url, "feed", response, "")
            continue
        try:
            content = _text_of(response, fetcher.max_bytes)
        except ValueError as error:
            response.outcome, response.reason = "too-large", f"gzip feed: {error}"
            log(url, "feed", response, "")
            continue
        domain, base = feeds.get_hostinfo(response.final_url)
        params = feeds.FeedParameters(base, domain, response.final_url)
        links = feeds.extract_links(content, params)
        if links:
            for link in links:
                article = _canonical_or_none(link)
                if article:
                    found.add(article, f"feed {url}")
            log(url, "feed", response, f"{len(links)} article URL(s)")
            continue
        announced = feeds.determine_feed(content, params)[:MAX_ANNOUNCED_FEEDS]
        log(url, "feed", response, f"an HTML page announcing {len(announced)} feed(s)" if announced
            else "no feed items and no feed announced")
        for feed_url in announced:
            feed_url = _canonical_or_none(feed_url)
            if feed_url is None:
                continue
            feed_response = fetcher.get(feed_url)
            if not feed_response.ok:
                log(feed_url, "feed", feed_response, "")
                continue
            try:
                feed_links = feeds.extract_links(_text_of(feed_response, fetcher.max_bytes), params)
            except ValueError as error:
                feed_response.outcome, feed_response.reason = "too-large", f"gzip feed: {error}"
                log(feed_url, "feed", feed_response, "")
                continue
            for link in feed_links:
                article = _canonical_or_none(link)
                if article:
                    found.add(article, f"feed {feed_url}")
            log(feed_url, "feed", feed_response, f"{len(feed_links)} article URL(s)")
    return found


def read_url_file(text: str, found: Discovery | None = None, name: str = "url list") -> tuple[Discovery, list[str]]:
    """Article URLs from a text file: one per line; blank lines and ``#`` comments ignored.
    Returns the discovery and the lines that are not http(s) URLs."""
    found = found or Discovery()
    bad = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        url = _canonical_or_none(line) if is_http_url(line) else None
        if url is None:
            bad.append(line)
            continue
        found.add(url, name)
    return found, bad
