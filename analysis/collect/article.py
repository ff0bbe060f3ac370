"""One fetched page -> one article record (the fields of a collected ``articles.jsonl`` line).

The bytes are decoded by the project's decoder (`analysis.read.decode`: UTF-8, Windows-1258
composed to NFC, legacy font encodings and binary data refused with a reason); trafilatura
extracts the main text and the metadata (title, author, and the date through htmldate, which
reads the page's own markup: meta tags, structured data, ``<time>`` elements, the URL; its
free-text date search is off, so a site's current-date banner is not taken for the article's
date). When the markup gives no date or no author, the project's own rules (``analysis.extract.
metadata``: date lines such as "Thứ Năm, 20/01/2022 08:11", upper-case bylines at the end) read
them from the extracted text. The markup is parsed, never executed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import trafilatura

from analysis.extract.metadata import extract_metadata, normalise_published
from analysis.read.clean import clean_text
from analysis.read.corpus import doc_id_for
from analysis.read.decode import decode_bytes
from analysis.read.normalize import normalize_text
from analysis.read.records import SkipFile

from .urls import host_key

__all__ = ["Article", "SkipPage", "page_to_article", "HTML_TYPES", "outlet_of"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Less main text than this is a gallery, an index or a menu that trafilatura fell back to.
MIN_TEXT_CHARS = 80
# htmldate: the page's own markup only (no free-text search that could take a banner date).
DATE_PARAMS = {"original_date": True, "extensive_search": False}


class SkipPage(Exception):
    """A fetched page that does not become an article: ``status`` (log word) and the reason."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class Article:
    """An extracted article: the JSONL record plus what the log and the filters need."""

    record: dict
    clean_text: str
    doc_id: str
    encoding: str
    published_from: str | None


def outlet_of(url: str) -> str:
    """The outlet of a collected page: its host without "www." (a provincial paper's domain
    such as "baolangson.vn" is evidence for the province, see `analysis.extract.province`).

    >>> outlet_of("https://www.baolangson.vn/tin/a.html")
    'baolangson.vn'
    """
    host = host_key(url)
    return host[4:] if host.startswith("www.") else host


def page_to_article(body: bytes, url: str, content_type: str, fetched_at: str) -> Article:
    """Extract the article of one page; raises `SkipPage` when the page holds none."""
    if content_type and content_type not in HTML_TYPES:
        raise SkipPage("not-html", f"content type {content_type}, not an HTML page")
    try:
        html, encoding, _notes = decode_bytes(body)
    except SkipFile as error:
        status = "not-html" if str(error).startswith("binary") else "undecodable"
        raise SkipPage(status, str(error)) from None
    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, date_extraction_params=dict(DATE_PARAMS),
    )
    data = {}
    if extracted is not None:
        data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body_text = (data.get("text") or "").strip()
    if not body_text:
        raise SkipPage("no-text", "trafilatura found no main text on the page")
    normalised = normalize_text(body_text)
    if not normalised:
        raise SkipPage("no-text", "no text left after normalisation")
    clean, _removals = clean_text(normalised)
    if len(clean) < MIN_TEXT_CHARS:
        raise SkipPage("no-text", f"only {len(clean)} characters of main text (under {MIN_TEXT_CHARS}): "
                                  "not an article page")
    title = _tidy(data.get("title"))
    detected = extract_metadata(clean, {"title": title} if title else {})
    published, published_from = normalise_published(data.get("date")), "page markup"
    if not published:
        published = detected["published"]
        published_from = "date line in the text" if published else None
    author = _tidy(data.get("author")) or detected["author"]
    record = {
        "url": url,
        "title": title or detected["title"],
        "published": published,
        "author": author,
        "outlet": outlet_of(url),
        "fetched_at": fetched_at,
        "sha256": hashlib.sha256(body).hexdigest(),
        "text": body_text,
    }
    return Article(record, clean, doc_id_for(normalised), encoding, published_from)


def _tidy(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
