"""One fetched page -> one article record (the fields of a collected ``articles.jsonl`` line).

The bytes are decoded by the project's decoder (`analysis.read.decode`: UTF-8, Windows-1258
composed to NFC, legacy font encodings and binary data refused with a reason), with the page's
declared charset as the fallback when the decoder's guess is unsure; trafilatura
extracts the main text and the metadata (title, author). The markup is parsed, never executed.

Publication date, in this order:

1. the article's own date line in the extracted text, read by the project's rules
   (``analysis.extract.metadata``: "Thứ Năm, 20/01/2022 08:11", "Đăng ngày: ...", a line with a
   weekday that contradicts its date rejected as a banner);
2. the date the page declares in its ``<head>`` (``article:published_time`` and other meta tags,
   structured data) or in its URL, read by htmldate (trafilatura's date library) from the head
   alone: date widgets in the page body show the day the page is viewed ("Hôm nay: Thứ Tư,
   02/12/2026"), and htmldate would take one of them, even as a month ("2026-12-01");
3. none (null), never a guess.

Author: trafilatura's, else the project's byline rules.
"""
from __future__ import annotations

import codecs
import copy
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

import trafilatura
from htmldate import find_date
from lxml import html as lxml_html
from trafilatura.utils import load_html

from analysis.extract.metadata import extract_metadata, normalise_published
from analysis.read.clean import clean_text
from analysis.read.corpus import doc_id_for
from analysis.read.decode import decode_bytes
from analysis.read.legacy import VN1_CONTROL_LETTERS, from_tcvn3, tcvn3_variant
from analysis.read.normalize import normalize_text
from analysis.read.records import SkipFile

from .urls import host_key

__all__ = ["Article", "SkipPage", "page_to_article", "declared_charset", "HTML_TYPES", "outlet_of"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Markup, scripts, style sheets and comments, removed to see the text of a page (`_font_letters_kept`).
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)
_VN1_CONTROLS = re.compile("[" + re.escape("".join(sorted(VN1_CONTROL_LETTERS))) + "]")
# Less main text than this is a gallery, an index or a menu that trafilatura fell back to.
MIN_TEXT_CHARS = 80
# htmldate on the page head: declared dates only (no free-text search).
DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}
# Vietnamese sites print dates in Indochina Time (UTC+7).
SITE_TIME = dt.timezone(dt.timedelta(hours=7))


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


def declared_charset(body: bytes, header_charset: str | None = None) -> str | None:
    """The character set a page declares: the HTTP header's, else a ``<meta charset>`` (or
    ``http-equiv`` Content-Type) in its first 4 KiB; None when it names none Python knows.

    >>> declared_charset(b'<html><head><meta charset="windows-1258">')
    'cp1258'
    >>> declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=UTF-8'>", None)
    'utf-8'
    """
    name = header_charset
    if not name:
        match = _META_CHARSET.search(body[:4096])
        name = match.group(1).decode("ascii") if match else None
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode like a file on disk (`decode_bytes`); when that refuses the bytes as neither UTF-8
    nor Windows-1258 Vietnamese (markup dilutes the Vietnamese letters the guess counts), use
    the charset the page declares. Legacy font encodings are checked on the extracted text."""
    try:
        html, encoding, _notes = decode_bytes(body)
        return _font_letters_kept(html, encoding)
    except SkipFile as error:
        reason = str(error)
        status = "not-html" if reason.startswith("binary") else "undecodable"
        declared = declared_charset(body, header_charset)
        if status == "not-html" or not reason.startswith("not valid UTF-8") or declared in (None, "utf-8"):
            raise SkipPage(status, reason) from None
    try:
        html = unicodedata.normalize("NFC", body.decode(declared))
    except UnicodeDecodeError as error:
        raise SkipPage("undecodable", f"not valid {declared} as declared (bad byte at offset {error.start})") from None
    return html, f"{declared} (declared)"


def _font_letters_kept(html: str, encoding: str) -> tuple[str, str]:
    """A page typed in a TCVN3 VN1 font and saved as Unicode holds capital letters as control
    characters ("Ý" is U+0016), which the HTML parser drops: when the text of the page (markup
    removed) is TCVN3, convert the page before parsing. Pages the decoder already converted, and
    pages without such characters, are returned as they are."""
    if encoding.endswith(("tcvn3", "vni")) or not _VN1_CONTROLS.search(html):
        return html, encoding
    visible = _MARKUP.sub(" ", html)
    try:
        _text, text_encoding, _notes = decode_bytes(visible.encode("utf-8"))
    except SkipFile:
        return html, encoding
    if not text_encoding.endswith("tcvn3"):
        return html, encoding
    return from_tcvn3(html, tcvn3_variant(visible)), f"{encoding}+tcvn3"


def page_to_article(body: bytes, url: str, content_type: str, fetched_at: str,
                    charset: str | None = None) -> Article:
    """Extract the article of one page; raises `SkipPage` when the page holds none.
    ``charset``: the one the HTTP header declares, if any."""
    if content_type and content_type not in HTML_TYPES:
        raise SkipPage("not-html", f"content type {content_type}, not an HTML page")
    html, encoding = _decode(body, charset)
    tree = load_html(html)
    if tree is None:
        raise SkipPage("no-text", "the page could not be parsed as HTML")
    declared = _declared_date(tree, url, fetched_at)
    extracted = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
    )
    data = {}
    if extracted is not None:
        data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body_text = (data.get("text") or "").strip()
    if not body_text:
        raise SkipPage("no-text", "trafilatura found no main text on the page")
    try:  # the decoder's checks on the article text itself, where markup cannot dilute them:
        converted, text_encoding, _notes = decode_bytes(body_text.encode("utf-8"))
    except SkipFile as error:
        raise SkipPage("undecodable", f"main text decoded as {encoding}: {error}") from None
    if text_encoding != "utf-8":  # legacy font encoding (TCVN3, VNI) found in the text
        if encoding.endswith("(declared)"):
            # decoded through the declared charset first, the font bytes are already altered:
            # converting again would give mojibake, so the page is refused
            raise SkipPage("undecodable", f"main text decoded as {encoding} is in a legacy font encoding "
                                          f"({text_encoding.split('+')[-1].upper()}): refused, not converted twice")
        body_text, encoding = converted, f"{encoding}+{text_encoding.split('+')[-1]}"
    normalised = normalize_text(body_text)
    if not normalised:
        raise SkipPage("no-text", "no text left after normalisation")
    clean, _removals = clean_text(normalised)
    if len(clean) < MIN_TEXT_CHARS:
        raise SkipPage("no-text", f"only {len(clean)} characters of main text (under {MIN_TEXT_CHARS}): "
                                  "not an article page")
    title = _tidy(data.get("title"))
    detected = extract_metadata(clean, {"title": title} if title else {})
    published, published_from = detected["published"], "date line in the text"
    if not published:
        published, published_from = declared, "page head or URL"
    if not published:
        published_from = None
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


def _declared_date(tree, url: str, fetched_at: str) -> str | None:
    """The publication date the page declares in its head (meta tags, structured data) or URL."""
    head = tree.find("head")
    page = lxml_html.fromstring("<html><body></body></html>")
    if head is not None:
        page.insert(0, copy.deepcopy(head))
    try:
        found = find_date(page, url=url, max_date=_collection_day(fetched_at), **DATE_PARAMS)
    except (ValueError, TypeError):
        return None
    return normalise_published(found) if found else None


def _collection_day(fetched_at: str) -> str:
    """The day of collection in site time ("2026-12-02T20:00:00Z" -> "2026-12-03")."""
    try:
        moment = dt.datetime.strptime(fetched_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):
        moment = dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(SITE_TIME).date().isoformat()


def _tidy(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
