"""Polite, bounded HTTP for the collector: robots.txt, a per-host delay, caps and timeouts.

Every request of a collection goes through one `Fetcher`, strictly one at a time (so never more
than one connection to a host), and:

* only to ``http(s)`` URLs whose host is one of the hosts given (``allowed_hosts``);
* only when the host's robots.txt allows our user agent (``urllib.robotparser``; fetched once per
  origin; a 401/403 robots.txt or one that cannot be fetched (5xx, timeout) disallows the whole
  host, any other 4xx allows it, as Python's robot parser and RFC 9309 do);
* at least ``delay`` seconds (or the robots.txt ``Crawl-delay``, if longer; a ``Retry-After`` on
  429/503) after the previous response from the same host. ``clock`` and ``sleep`` are injectable
  so tests check the schedule without waiting;
* with an identifying User-Agent that carries the user's contact;
* with a per-read socket ``timeout`` and a ``total_timeout`` per response (a server that drips
  one byte at a time is cut off), and a size cap (``max_bytes``) checked against Content-Length
  and while reading, and again after gzip decompression (no decompression bombs);
* following at most ``max_redirects`` redirects itself, each hop checked like a new request
  (scheme, host, robots.txt, delay).

Nothing fetched is executed: bodies are bytes handed to parsers.
"""
from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit

from .urls import canonical_url, host_key, is_http_url

__all__ = ["Fetcher", "Response", "AGENT_TOKEN", "user_agent", "gunzip_capped", "TRANSIENT"]

AGENT_TOKEN = "analysis-collect"
AGENT_VERSION = "0.1"
DEFAULT_DELAY = 2.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_TOTAL_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
# RFC 9309: crawlers must parse at least the first 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512 * 1024
# A Retry-After longer than this is treated as "not in this run" (the URL stays retryable).
MAX_RETRY_AFTER = 600.0
CHUNK = 64 * 1024

# Outcomes worth trying again on the next run; every other outcome is final for that URL.
TRANSIENT = frozenset({"timeout", "connection-error", "server-error", "rate-limited", "robots-unreachable",
                       "extract-error"})


def user_agent(contact: str) -> str:
    """The User-Agent every request sends.

    >>> user_agent("researcher@example.org")
    'analysis-collect/0.1 (research corpus collection; contact: researcher@example.org)'
    """
    return f"{AGENT_TOKEN}/{AGENT_VERSION} (research corpus collection; contact: {contact})"


@dataclass
class Response:
    """What one `Fetcher.get` returned: ``outcome`` is ``"ok"`` or the status word of a failure."""

    url: str
    final_url: str
    outcome: str
    reason: str = ""
    http_status: int | None = None
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


class _Stop(Exception):
    """A hop ended without a usable body (outcome, reason, HTTP status)."""

    def __init__(self, outcome: str, reason: str, status: int | None = None):
        super().__init__(reason)
        self.outcome, self.reason, self.status = outcome, reason, status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are returned to the Fetcher, which checks every hop itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401 - urllib API
        return None


class _Resolving(urllib.request.HTTPHandler):
    """Connects to fixed addresses for some host names (like curl's ``--resolve``; for tests on
    the loopback: the Host header and every check still see the URL's own host)."""

    def __init__(self, resolve: dict[str, tuple[str, int]]):
        super().__init__()
        self.resolve = dict(resolve)

    def http_open(self, req):
        return self.do_open(self._connection, req)

    def _connection(self, host, **kwargs):
        connection = http.client.HTTPConnection(host, **kwargs)
        target = self.resolve.get(host.lower())
        if target is not None:
            connection.host, connection.port = target
        return connection


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing more than ``max_bytes`` of output (ValueError).

    >>> import gzip
    >>> gunzip_capped(gzip.compress(b"abc"), 10)
    b'abc'
    >>> gunzip_capped(gzip.compress(b"a" * 100), 10)
    Traceback (most recent call last):
    ValueError: more than 10 bytes after decompression
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise ValueError(f"invalid gzip data ({error})") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise ValueError(f"more than {max_bytes} bytes after decompression")
    return out


class Fetcher:
    """One polite HTTP client per collection (see the module docstring)."""

    def __init__(
        self,
        allowed_hosts,
        contact: str,
        *,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        proxies: dict | None = None,
        resolve: dict[str, tuple[str, int]] | None = None,
        on_robots: Callable[[str, Response], None] | None = None,
    ):
        if not contact or not contact.strip():
            raise ValueError("a contact (e-mail or web page) for the User-Agent is required")
        self.allowed_hosts = frozenset(allowed_hosts)
        self.user_agent = user_agent(contact.strip())
        self.delay = float(delay)
        self.timeout = float(timeout)
        self.total_timeout = float(total_timeout)
        self.max_bytes = int(max_bytes)
        self.max_redirects = int(max_redirects)
        self.clock = clock
        self.sleep = sleep
        self.on_robots = on_robots
        handlers = [_NoRedirect()]
        if proxies is not None:
            handlers.append(urllib.request.ProxyHandler(proxies))
        if resolve:
            handlers.append(_Resolving(resolve))
        self._opener = urllib.request.build_opener(*handlers)
        self._ready_at: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        # (host, path-and-query, clock time) of every request sent, in order: the schedule tests read.
        self.requests: list[tuple[str, str, float]] = []

    # ------------------------------------------------------------------ checks

    def check(self, url: str) -> tuple[str, str] | None:
        """Why ``url`` must not be requested (outcome, reason), or None when it may be."""
        if not is_http_url(url):
            return "bad-url", "not an absolute http(s) URL"
        if host_key(url) not in self.allowed_hosts:
            return "off-host", f"host {host_key(url)} is not one of the hosts given"
        robots = self._robots_for(url)
        if not robots.can_fetch(AGENT_TOKEN, url):
            if robots.disallow_all and getattr(robots, "unreachable", False):
                return "robots-unreachable", "robots.txt could not be fetched: the host is treated as disallowed"
            return "disallowed", "disallowed by robots.txt"
        return None

    def robots_text(self, url: str) -> str | None:
        """The robots.txt of ``url``'s host as fetched for the checks (None when there is none)."""
        if not is_http_url(url) or host_key(url) not in self.allowed_hosts:
            return None
        return getattr(self._robots_for(url), "text", None)

    def delay_for(self, host: str) -> float:
        robots = self._robots.get(host)
        crawl_delay = None
        if robots is not None:
            try:
                crawl_delay = robots.crawl_delay(AGENT_TOKEN)
            except (TypeError, ValueError):
                crawl_delay = None
        return max(self.delay, float(crawl_delay or 0.0))

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        host = host_key(url)
        if host in self._robots:
            return self._robots[host]
        parts = urlsplit(url)
        robots_url = f"{parts.scheme.lower()}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        # Placeholder while robots.txt itself is fetched (it is never checked against itself).
        parser.allow_all = True
        self._robots[host] = parser
        response = self._get(robots_url, max_bytes=ROBOTS_MAX_BYTES, check_robots=False)
        if response.ok:
            parser.allow_all = False
            parser.text = response.body.decode("utf-8", errors="replace")
            parser.parse(parser.text.splitlines())
            # the wait after robots.txt itself follows its Crawl-delay too
            self._ready_at[host] = max(self._ready_at.get(host, 0.0), self.clock() + self.delay_for(host))
        elif response.http_status in (401, 403):
            parser.allow_all, parser.disallow_all = False, True
            response.reason = f"robots.txt answered {response.http_status}: the host is treated as disallowed"
        elif response.http_status is not None and 400 <= response.http_status < 500:
            response.reason = f"no robots.txt (HTTP {response.http_status}): everything allowed"
        else:
            parser.allow_all, parser.disallow_all = False, True
            parser.unreachable = True
            response.reason = f"robots.txt unreachable ({response.reason}): the host is treated as disallowed"
        if self.on_robots is not None:
            self.on_robots(robots_url, response)
        return parser

    # ------------------------------------------------------------------ requests

    def get(self, url: str, *, max_bytes: int | None = None) -> Response:
        """Fetch ``url`` (checked, delayed, capped; redirects followed and checked hop by hop)."""
        return self._get(url, max_bytes=max_bytes or self.max_bytes, check_robots=True)

    def _get(self, url: str, *, max_bytes: int, check_robots: bool) -> Response:
        try:
            current = canonical_url(url)
        except ValueError as error:
            return Response(url, url, "bad-url", str(error))
        redirects: list[str] = []
        for _ in range(self.max_redirects + 1):
            refusal = self.check(current) if check_robots else (
                None if host_key(current) in self.allowed_hosts else
                ("off-host", f"host {host_key(current)} is not one of the hosts given"))
            if refusal:
                outcome, reason = refusal
                if redirects:
                    reason = f"redirected to {current}: {reason}"
                    outcome = "off-host-redirect" if outcome == "off-host" else outcome
                return Response(url, current, outcome, reason, redirects=redirects)
            try:
                status, headers, body = self._hop(current, max_bytes)
            except _Stop as stop:
                return Response(url, current, stop.outcome, stop.reason, stop.status, redirects=redirects)
            if status in (301, 302, 303, 307, 308):
                location = headers.get("Location")
                if not location:
                    return Response(url, current, "http-error", f"HTTP {status} without a Location", status,
                                    redirects=redirects)
                target = urljoin(current, location.strip())
                if not is_http_url(target):
                    return Response(url, current, "bad-url", f"redirected to a non-http(s) address {target!r}",
                                    status, redirects=redirects)
                redirects.append(current)
                current = canonical_url(target)
                continue
            content_type = headers.get_content_type() if headers is not None else ""
            charset = headers.get_content_charset() if headers is not None else None
            return Response(url, current, "ok", "", status, body, content_type, charset, redirects)
        return Response(url, current, "too-many-redirects", f"more than {self.max_redirects} redirects",
                        redirects=redirects)

    def _hop(self, url: str, max_bytes: int):
        """One request, after the host's delay: (status, headers, body) for 2xx/3xx, else `_Stop`."""
        host = host_key(url)
        ready = self._ready_at.get(host)
        if ready is not None:
            pause = ready - self.clock()
            if pause > 0:
                self.sleep(pause)
        parts = urlsplit(url)
        self.requests.append((host, parts.path + (f"?{parts.query}" if parts.query else ""), self.clock()))
        request = urllib.request.Request(url, headers={
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip",
            "Accept-Language": "vi,en;q=0.5",
        })
        retry_after = None
        try:
            try:
                response = self._opener.open(request, timeout=self.timeout)
            except urllib.error.HTTPError as error:
                status = error.code
                headers = error.headers
                error.close()
                if status in (301, 302, 303, 307, 308):
                    return status, headers, b""
                if status in (429, 503):
                    retry_after = _retry_after(headers)
                    outcome = "rate-limited" if status == 429 else "server-error"
                    raise _Stop(outcome, f"HTTP {status}" + (f" (Retry-After {retry_after:g} s)" if retry_after else ""),
                                status) from None
                if status >= 500:
                    raise _Stop("server-error", f"HTTP {status}", status) from None
                outcome = "not-found" if status in (404, 410) else "http-error"
                raise _Stop(outcome, f"HTTP {status}", status) from None
            with response:
                status = response.status
                headers = response.headers
                body = self._read_capped(response, headers, max_bytes)
            return status, headers, body
        except _Stop:
            raise
        except (TimeoutError, socket.timeout):
            raise _Stop("timeout", f"no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise _Stop("timeout", f"no answer within {self.timeout:g} s") from None
            raise _Stop("connection-error", f"cannot connect: {error.reason}") from None
        except (http.client.HTTPException, ConnectionError, OSError) as error:
            raise _Stop("connection-error", f"connection failed: {error.__class__.__name__}: {error}") from None
        finally:
            wait = self.delay_for(host)
            if retry_after is not None:
                wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
            self._ready_at[host] = self.clock() + wait

    def _read_capped(self, response, headers, max_bytes: int) -> bytes:
        length = headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise _Stop("too-large", f"Content-Length {int(length)} bytes is over the cap of {max_bytes}",
                        response.status)
        started = time.monotonic()
        chunks: list[bytes] = []
        total = 0
        while True:
            if time.monotonic() - started > self.total_timeout:
                raise _Stop("timeout", f"response not complete within {self.total_timeout:g} s", response.status)
            # read1: what has arrived (one socket read), so a server that drips bytes cannot hold
            # a read past the total timeout the way read(n), which waits for all n bytes, would
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise _Stop("too-large", f"more than {max_bytes} bytes (cap)", response.status)
            chunks.append(chunk)
        body = b"".join(chunks)
        encoding = (headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            try:
                body = gunzip_capped(body, max_bytes)
            except ValueError as error:
                outcome = "too-large" if "after decompression" in str(error) else "http-error"
                raise _Stop(outcome, f"gzip body: {error}", response.status) from None
        elif encoding not in ("", "identity"):
            raise _Stop("http-error", f"unsupported Content-Encoding {encoding!r}", response.status)
        return body


def _retry_after(headers) -> float | None:
    value = (headers.get("Retry-After") or "").strip() if headers is not None else ""
    return float(value) if value.isdigit() else None
