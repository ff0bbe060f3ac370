"""Addresses: one canonical form per article URL, and the host key that politeness is counted by.

A canonical URL has a lower-case scheme and host, no default port, no fragment, no tracking
parameters (``utm_*``, ``fbclid``, ``gclid``, Zalo's ``zarsrc``/``gidzl``, ...), and non-ASCII
characters percent-encoded (the host IDNA-encoded), so that the same article listed by a sitemap
and shared with tracking parameters is fetched once.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "host_key", "is_http_url", "TRACKING_PARAMETERS"]

# Query parameters that identify a click or a campaign, never an article.
TRACKING_PARAMETERS = re.compile(
    r"^(?:utm_[a-z_]+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|zarsrc|gidzl|"
    r"ref_src|spm|share|sharetype)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are when percent-encoding a path or query (already-encoded "%xx" stays).
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) address with a host.

    >>> is_http_url("https://baolangson.vn/a.html"), is_http_url("javascript:alert(1)"), is_http_url("/a")
    (True, False, False)
    """
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:
        return False


def host_key(url: str) -> str:
    """The host a URL is on, as politeness counts it: lower-case name, port when not the default.

    >>> host_key("https://WWW.BaoLangSon.vn:443/x"), host_key("http://127.0.0.1:8123/a")
    ('www.baolangson.vn', '127.0.0.1:8123')
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        return f"{host}:{port}"
    return host


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL (raises ValueError for anything else).

    >>> canonical_url("HTTPS://BaoLangSon.vn:443/tin-tuc/a.html?utm_source=zalo&id=7&zarsrc=30#top")
    'https://baolangson.vn/tin-tuc/a.html?id=7'
    >>> canonical_url("http://example.vn/tỉnh-ủy")
    'http://example.vn/t%E1%BB%89nh-%E1%BB%A7y'
    """
    if not is_http_url(url):
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"invalid host name in {url!r}") from None
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETERS.match(k)]
    query = quote(urlencode(pairs, doseq=True, safe=_SAFE_QUERY), safe=_SAFE_QUERY) if pairs else ""
    return urlunsplit((scheme, netloc, path, query, ""))
