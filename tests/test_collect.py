"""`python -m analysis collect` against a provincial paper served on the loopback (tests/collect_site.py).

No test leaves 127.0.0.1: the fixture site answers for its host names through the collector's
``resolve`` map (or is addressed as 127.0.0.1 directly), and the per-host delay runs on a fake
clock whose sleeps are recorded, so the schedule is checked without waiting.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.collect import CollectOptions, collect
from analysis.collect.fetch import Fetcher, user_agent
from analysis.collect.store import repair_torn_tail
from analysis.collect.urls import canonical_url
from collect_site import BANNER, FixtureSite
from conftest import ROOT

CONTACT = "corpus-team@example.org"
MAX_BYTES = 300_000


class FakeClock:
    """A clock that moves only when slept on; every sleep is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def run(site: FixtureSite, out: Path, clock: FakeClock | None = None, **options):
    clock = clock or FakeClock()
    defaults = dict(out=out, contact=CONTACT, sitemaps=[site.base + "/sitemap_index.xml"], feeds=[site.base + "/"],
                    delay=2.0, timeout=0.5, max_bytes=MAX_BYTES)
    defaults.update(options)
    counter = iter(range(3600))

    def now() -> str:
        second = next(counter)
        return f"2026-12-02T10:{second // 60:02d}:{second % 60:02d}Z"

    return collect(CollectOptions(**defaults), clock=clock, sleep=clock.sleep, proxies={}, resolve=site.resolve,
                   now=now, progress=False)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_log(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def article_rows(out: Path) -> dict[str, dict]:
    rows = {}
    for row in read_log(out / "collect-log.csv"):
        if row["kind"] == "article":
            rows.setdefault(row["url"].split("baohoaphong.vn", 1)[-1], row)
    return rows


@pytest.fixture(scope="module")
def harvest(tmp_path_factory):
    """One full collection of the fixture site (delay 2 s on the fake clock)."""
    out = tmp_path_factory.mktemp("collect") / "hoa-phong"
    clock = FakeClock()
    with FixtureSite(MAX_BYTES) as site:
        summary = run(site, out, clock)
        requests = list(site.requests)
    return {"out": out, "summary": summary, "clock": clock, "requests": requests, "site": site}


# ---------------------------------------------------------------------------------------- the corpus


def test_articles_carry_dates_titles_bylines_and_provenance(harvest):
    records = {r["url"].split("baohoaphong.vn", 1)[1]: r for r in read_jsonl(harvest["out"] / "articles.jsonl")}
    assert set(records) == {
        "/tin-tuc/quan-triet-nghi-quyet-07.html", "/tin-tuc/hoc-tap-chuyen-de.html",
        "/tin-tuc/sau-chuyen-huong.html", "/tin-tuc/cp1258.html", "/tin-tuc/nong-nghiep.html",
        "/tin-tuc/gzip.html", "/tin-tuc/2019/so-ket.html", "/tin-tuc/tu-rss.html", "/tin-tuc/khong-ngay.html",
    }
    first = records["/tin-tuc/quan-triet-nghi-quyet-07.html"]
    assert first["title"] == "Tỉnh ủy Hòa Phong quán triệt Nghị quyết 07-NQ/TW"
    assert first["published"] == "2024-03-15"       # article:published_time
    assert first["author"] == "Minh Khuê"           # <meta name="author">
    assert first["outlet"] == "baohoaphong.vn"
    assert "07-NQ/TW" in first["text"] and "6.500 cán bộ, đảng viên" in first["text"]
    second = records["/tin-tuc/hoc-tap-chuyen-de.html"]
    assert second["published"] == "2024-04-19"      # only the date line "Thứ Sáu, 19/04/2024, 08:11"
    assert second["author"] == "TRẦN THU HÀ"        # upper-case byline at the end
    assert records["/tin-tuc/2019/so-ket.html"]["published"] == "2019-03-01"
    # no date but the header widget's "02/12/2026" (and an event date in the body): none is taken
    assert records["/tin-tuc/khong-ngay.html"]["published"] is None
    for path, record in records.items():
        assert list(record) == ["url", "title", "published", "author", "outlet", "fetched_at", "sha256", "text"]
        assert record["published"] != "2026-12-02", path      # the site's date banner is never the date
        assert BANNER not in record["text"]
        assert "CHẠY SCRIPT" not in record["text"]            # script content is not text
        assert "Các tin khác" not in record["text"]           # related-article list left out
        assert dt.datetime.strptime(record["fetched_at"], "%Y-%m-%dT%H:%M:%SZ")


def test_windows_1258_page_is_decoded(harvest):
    record = next(r for r in read_jsonl(harvest["out"] / "articles.jsonl") if r["url"].endswith("/cp1258.html"))
    assert record["title"] == "Ban Thường vụ Tỉnh ủy sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW"
    assert "tuyên truyền, phổ biến sâu rộng nội dung chỉ thị tới 100% chi bộ" in record["text"]
    assert record["author"] == "Đức Anh"
    row = article_rows(harvest["out"])["/tin-tuc/cp1258.html"]
    assert row["encoding"] == "windows-1258"


def test_every_url_tried_has_one_log_row_with_its_outcome(harvest):
    rows = article_rows(harvest["out"])
    expected = {
        "/tin-tuc/quan-triet-nghi-quyet-07.html": ("saved", "200"),
        "/tin-tuc/hoc-tap-chuyen-de.html": ("saved", "200"),
        "/private/bao-cao-noi-bo.html": ("disallowed", ""),
        "/tin-tuc/cham-trang.html": ("timeout", ""),
        "/tin-tuc/khong-ton-tai.html": ("not-found", "404"),
        "/tin-cu/chuyen-huong.html": ("saved", "200"),
        "/tin-tuc/cp1258.html": ("saved", "200"),
        "/tai-lieu/van-ban.pdf": ("not-html", "200"),
        "/tin-tuc/trang-qua-lon.html": ("too-large", "200"),
        "/tin-tuc/khong-do-dai.html": ("too-large", "200"),
        "/tin-tuc/bom-gzip.html": ("too-large", "200"),
        "/tin-tuc/nong-nghiep.html": ("saved", "200"),
        "/tin-tuc/ban-sao.html": ("duplicate-text", "200"),
        "/tin-tuc/gzip.html": ("saved", "200"),
        "/tin-tuc/ra-ngoai.html": ("off-host-redirect", ""),
        "/tin-tuc/anh.html": ("not-html", "200"),
        "/tin-tuc/thu-vien-anh.html": ("no-text", "200"),
        "/tin-tuc/loi-may-chu.html": ("server-error", "500"),
        "/tin-tuc/2019/so-ket.html": ("saved", "200"),
        "/tin-tuc/tu-rss.html": ("saved", "200"),
        "/tin-tuc/khong-ngay.html": ("saved", "200"),
    }
    assert {path: (row["status"], row["http"]) for path, row in rows.items()} == expected
    log = read_log(harvest["out"] / "collect-log.csv")
    assert sum(row["kind"] == "article" for row in log) == len(expected)  # one row per URL tried
    assert rows["/tin-cu/chuyen-huong.html"]["final_url"].endswith("/tin-tuc/sau-chuyen-huong.html")
    assert rows["/tin-tuc/ban-sao.html"]["reason"].endswith("/tin-tuc/quan-triet-nghi-quyet-07.html")
    assert rows["/tin-tuc/ban-sao.html"]["doc_id"] == rows["/tin-tuc/quan-triet-nghi-quyet-07.html"]["doc_id"]
    # the same article from the sitemap, the feed and with tracking parameters: fetched once
    assert "listed 3 times" in rows["/tin-tuc/quan-triet-nghi-quyet-07.html"]["source"]
    assert "media.baohoaphong-cdn.vn" in rows["/tin-tuc/ra-ngoai.html"]["reason"]
    runs = [row for row in log if row["kind"] == "run"]
    assert [row["status"] for row in runs] == ["started", "finished"]
    assert "--sitemap http://baohoaphong.vn/sitemap_index.xml" in runs[0]["reason"]
    assert user_agent(CONTACT) in runs[0]["reason"] and "--delay 2" in runs[0]["reason"]
    assert "saved 9" in runs[1]["reason"]
    kinds = [(row["kind"], row["url"].rsplit("/", 1)[-1]) for row in log if row["kind"] not in ("article", "run")]
    assert kinds[:4] == [("robots", "robots.txt"), ("sitemap", "sitemap_index.xml"), ("sitemap", "sitemap-2024.xml"),
                         ("sitemap", "sitemap-2019.xml.gz")]
    assert ("feed", "rss.xml") in kinds


def test_raw_pages_are_content_addressed_and_match_the_hashes(harvest):
    out = harvest["out"]
    records = read_jsonl(out / "articles.jsonl")
    raw_files = sorted((out / "raw").rglob("*.html.gz"))
    for record in records:
        path = out / "raw" / record["sha256"][:2] / f"{record['sha256']}.html.gz"
        assert hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest() == record["sha256"]
    for path in raw_files:
        assert hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest() == path.name.split(".")[0]
    logged = {row["sha256"] for row in read_log(out / "collect-log.csv") if row["sha256"]}
    assert {p.name.split(".")[0] for p in raw_files} == logged
    cp1258 = next(r for r in records if r["url"].endswith("/cp1258.html"))
    page = gzip.decompress((out / "raw" / cp1258["sha256"][:2] / f"{cp1258['sha256']}.html.gz").read_bytes())
    assert b'charset="windows-1258"' in page  # the bytes as served, not re-encoded


# ---------------------------------------------------------------------------------------- politeness


def test_disallowed_paths_scripts_and_other_hosts_are_never_requested(harvest):
    paths = [path for _, path, _, _ in harvest["requests"]]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not [p for p in paths if p.startswith("/private/")]
    assert "/tracking-beacon" not in paths                 # no JavaScript runs
    assert "/tin-tuc/ngoai.html" not in paths              # the redirect to another host is not followed
    assert {host for *_, host in harvest["requests"]} == {"baohoaphong.vn"}
    assert {agent for _, _, agent, _ in harvest["requests"]} == {user_agent(CONTACT)}
    assert CONTACT in user_agent(CONTACT)


def test_the_per_host_delay_is_honoured(harvest):
    schedule = harvest["summary"].schedule
    assert len(schedule) == len(harvest["requests"]) == harvest["summary"].requests
    assert [path for _, path, _ in schedule] == [path for _, path, _, _ in harvest["requests"]]
    gaps = [later[2] - earlier[2] for earlier, later in zip(schedule, schedule[1:])]
    assert gaps and min(gaps) >= 2.0
    # one wait before every request but the first (all on one host; the fake clock moves only when slept on)
    assert len(harvest["clock"].sleeps) == len(schedule) - 1


def test_no_delay_means_no_sleeping(tmp_path):
    clock = FakeClock()
    with FixtureSite(MAX_BYTES) as site:
        summary = run(site, tmp_path / "c", clock, delay=0.0, max_articles=4)
    assert clock.sleeps == [] and summary.tried == 4


def test_crawl_delay_and_retry_after_lengthen_the_wait(tmp_path):
    from collect_site import Route

    clock = FakeClock()
    with FixtureSite(MAX_BYTES) as site:
        site.routes["/robots.txt"] = Route(body=b"User-agent: analysis-collect\nCrawl-delay: 7\nDisallow: /private/\n",
                                           content_type="text/plain")
        site.routes["/busy.html"] = Route(429, b"busy", headers={"Retry-After": "30"})
        fetcher = Fetcher({site.host}, CONTACT, delay=1.0, clock=clock, sleep=clock.sleep, proxies={},
                          resolve=site.resolve)
        assert fetcher.get(site.base + "/tin-tuc/gzip.html").ok
        busy = fetcher.get(site.base + "/busy.html")
        assert fetcher.get(site.base + "/tin-tuc/tu-rss.html").ok
        assert fetcher.check(site.base + "/private/x.html")[0] == "disallowed"
    assert busy.outcome == "rate-limited" and busy.http_status == 429
    times = [t for *_, t in fetcher.requests]
    assert [b - a for a, b in zip(times, times[1:])] == [7.0, 7.0, 30.0]  # robots, page, 429, page


def test_a_trickling_server_is_cut_off_at_the_total_timeout(tmp_path):
    from collect_site import Route

    with FixtureSite(MAX_BYTES) as site:
        # 100 bytes every 0.05 s: each read is quick, the whole page would take ~10 s
        site.routes["/tin-tuc/nho-giot.html"] = Route(body=b"<html>" + b"x" * 20_000 + b"</html>", drip=0.05)
        fetcher = Fetcher({site.host}, CONTACT, delay=0, timeout=5, total_timeout=0.5, proxies={},
                          resolve=site.resolve)
        response = fetcher.get(site.base + "/tin-tuc/nho-giot.html")
    assert response.outcome == "timeout" and "response not complete within 0.5 s" in response.reason


def test_robots_txt_that_cannot_be_fetched_disallows_the_host(tmp_path):
    from collect_site import Route

    with FixtureSite(MAX_BYTES) as site:
        site.routes["/robots.txt"] = Route(503, b"down")
        fetcher = Fetcher({site.host}, CONTACT, delay=0, proxies={}, resolve=site.resolve)
        response = fetcher.get(site.base + "/tin-tuc/gzip.html")
        paths = site.paths()
    assert response.outcome == "robots-unreachable"
    assert paths == ["/robots.txt"]


def test_only_http_urls_on_the_given_hosts_are_requested(tmp_path):
    with FixtureSite(MAX_BYTES) as site:
        fetcher = Fetcher({site.host}, CONTACT, delay=0, proxies={}, resolve=site.resolve)
        outcomes = [fetcher.get(url).outcome for url in (
            "file:///etc/passwd", "ftp://baohoaphong.vn/a", "javascript:alert(1)",
            site.other_base + "/tin-tuc/ngoai.html")]
        paths = site.paths()
    assert outcomes == ["bad-url", "bad-url", "bad-url", "off-host"]
    assert paths == []
    with pytest.raises(ValueError, match="contact"):
        Fetcher({site.host}, "  ")


# ---------------------------------------------------------------------------------------- filters and runs


def test_a_second_run_fetches_only_what_failed_for_a_transient_reason(harvest, tmp_path):
    out = tmp_path / "again"
    with FixtureSite(MAX_BYTES) as site:
        run(site, out)
        before = (out / "articles.jsonl").read_bytes()
        site.requests.clear()
        summary = run(site, out)
        paths = site.paths()
    articles = [p for p in paths if p.startswith(("/tin-", "/tai-", "/private"))]
    assert sorted(articles) == ["/tin-tuc/cham-trang.html", "/tin-tuc/loi-may-chu.html"]  # timeout, HTTP 500
    assert (out / "articles.jsonl").read_bytes() == before
    assert summary.already == 19 and summary.tried == 2


def test_refresh_fetches_again_and_keeps_one_line_per_url(tmp_path):
    out = tmp_path / "refresh"
    with FixtureSite(MAX_BYTES) as site:
        run(site, out, include=r"/tin-tuc/(gzip|tu-rss)\.html")
        before = (out / "articles.jsonl").read_bytes()
        site.routes["/tin-tuc/tu-rss.html"].body = site.routes["/tin-tuc/tu-rss.html"].body.replace(
            "320 tin, bài".encode(), "350 tin, bài".encode())
        run(site, out, include=r"/tin-tuc/(gzip|tu-rss)\.html", refresh=True)
    assert (out / "articles.jsonl").read_bytes() == before
    rows = [r for r in read_log(out / "collect-log.csv") if r["kind"] == "article"]
    assert [(r["url"].rsplit("/", 1)[-1], r["status"]) for r in rows] == [
        ("gzip.html", "saved"), ("tu-rss.html", "saved"), ("gzip.html", "unchanged"), ("tu-rss.html", "changed")]
    changed = rows[-1]
    assert (out / "raw" / changed["sha256"][:2] / f"{changed['sha256']}.html.gz").exists()


def test_since_skips_old_sitemaps_unfetched_and_drops_older_articles(tmp_path):
    out = tmp_path / "since"
    with FixtureSite(MAX_BYTES) as site:
        summary = run(site, out, since=dt.date(2024, 6, 1))
        paths = site.paths()
    assert "/sitemap-2019.xml.gz" not in paths and "/tin-tuc/2019/so-ket.html" not in paths
    assert summary.skipped_by_lastmod == 1
    rows = article_rows(out)
    assert rows["/tin-tuc/quan-triet-nghi-quyet-07.html"]["status"] == "before-since"
    assert "2024-03-15" in rows["/tin-tuc/quan-triet-nghi-quyet-07.html"]["reason"]
    kept = [r["published"] for r in read_jsonl(out / "articles.jsonl")]
    assert None in kept  # undated: kept, the log says so
    assert "kept (--since cannot apply)" in rows["/tin-tuc/khong-ngay.html"]["reason"]
    assert min(d for d in kept if d) >= "2024-06-01"


def test_relevant_keeps_resolution_work_and_logs_what_it_drops(tmp_path):
    out = tmp_path / "relevant"
    with FixtureSite(MAX_BYTES) as site:
        summary = run(site, out, relevant=True)
    rows = article_rows(out)
    assert rows["/tin-tuc/nong-nghiep.html"]["status"] == "irrelevant"
    assert "học tập" in rows["/tin-tuc/nong-nghiep.html"]["reason"]  # a stage word, but about oranges
    assert summary.statuses["irrelevant"] == 1
    urls = {r["url"].rsplit("/", 1)[-1] for r in read_jsonl(out / "articles.jsonl")}
    assert "nong-nghiep.html" not in urls and "quan-triet-nghi-quyet-07.html" in urls and len(urls) == 8


def test_include_and_max_bound_the_article_requests(tmp_path):
    with FixtureSite(MAX_BYTES) as site:
        summary = run(site, tmp_path / "m", include=r"/tin-tuc/", max_articles=3)
        paths = site.paths()
    assert [p for p in paths if p.startswith(("/tin-", "/tai-", "/private"))] == [
        "/tin-tuc/quan-triet-nghi-quyet-07.html", "/tin-tuc/hoc-tap-chuyen-de.html", "/tin-tuc/cham-trang.html"]
    assert summary.excluded == 3  # /private/, /tin-cu/, /tai-lieu/


# ---------------------------------------------------------------------------------------- kill and resume


def _cli(out: Path, urls: Path) -> list[str]:
    return [sys.executable, "-m", "analysis", "collect", "--out", str(out), "--urls", str(urls),
            "--contact", CONTACT, "--delay", "0", "--timeout", "5"]


def test_resume_after_a_kill_in_the_middle(tmp_path):
    out = tmp_path / "killed"
    with FixtureSite(MAX_BYTES) as site:
        urls = tmp_path / "urls.txt"
        names = ["1", "2", "treo", "3", "4"]
        urls.write_text("# chi bo\n" + "".join(f"{site.loopback}/chi-bo/{n}.html\n" for n in names), encoding="utf-8")
        env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
        child = subprocess.Popen(_cli(out, urls), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert site.held.wait(60), "the collector never reached the hanging page"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(30)
        assert child.returncode == -signal.SIGKILL
        first = read_jsonl(out / "articles.jsonl")
        assert [r["url"].rsplit("/", 1)[-1] for r in first] == ["1.html", "2.html"]
        # a kill in the middle of writing a line leaves a torn line: simulate one
        with open(out / "articles.jsonl", "ab") as handle:
            handle.write(b'{"url": "http://127.0.0.1/chi-bo/3.html", "title": "Chi b\xe1\xbb')
        site.hold.set()
        done = subprocess.run(_cli(out, urls), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "removed a torn last line" in done.stdout
    text = (out / "articles.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["url"].rsplit("/", 1)[-1] for r in records] == ["1.html", "2.html", "treo.html", "3.html", "4.html"]
    assert len({r["url"] for r in records}) == len(records)
    log = read_log(out / "collect-log.csv")
    assert [row["status"] for row in log if row["kind"] == "repair"] == ["repaired"]
    # the killed run never wrote its end; the second one did
    assert [row["status"] for row in log if row["kind"] == "run"] == ["started", "started", "finished"]
    saved = [row["url"].rsplit("/", 1)[-1] for row in log if row["status"] == "saved"]
    assert saved == ["1.html", "2.html", "treo.html", "3.html", "4.html"]


@settings(max_examples=60, deadline=None)
@given(records=st.lists(st.dictionaries(st.sampled_from(["url", "title", "text"]), st.text(max_size=40)),
                        min_size=0, max_size=6),
       cut=st.integers(min_value=0, max_value=2000))
def test_torn_line_repair_keeps_exactly_the_complete_lines(tmp_path_factory, records, cut):
    path = tmp_path_factory.mktemp("torn") / "articles.jsonl"
    lines = [(json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8") for r in records]
    data = b"".join(lines)
    cut = min(cut, len(data))
    path.write_bytes(data[:cut])
    removed = repair_torn_tail(path)
    kept = path.read_bytes()
    complete = b""
    for line in lines:
        if len(complete) + len(line) > cut:
            break
        complete += line
    assert kept == complete
    assert removed == data[len(complete):cut]
    kept_lines = kept.split(b"\n")[:-1]  # not str.splitlines: JSON text may hold U+0085 or U+2028
    assert [json.loads(line) for line in kept_lines] == records[: len(kept_lines)]
    assert repair_torn_tail(path) == b""  # idempotent


@given(st.sampled_from(["http", "https", "HTTP"]), st.sampled_from(["baohoaphong.vn", "WWW.BaoHoaPhong.VN"]),
       st.lists(st.sampled_from(["tin-tuc", "tỉnh-ủy", "a b", "%C3%A1", "x.html"]), max_size=3),
       st.lists(st.tuples(st.sampled_from(["id", "utm_source", "fbclid", "zarsrc", "p"]),
                          st.sampled_from(["1", "x y", "đ"])), max_size=3))
def test_canonical_urls_are_stable_and_drop_tracking(scheme, host, segments, query):
    from urllib.parse import urlencode

    url = f"{scheme}://{host}/" + "/".join(segments) + (f"?{urlencode(query)}" if query else "") + "#frag"
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "#" not in once and once.isascii()
    assert not any(name in once for name in ("utm_source", "fbclid", "zarsrc"))


# ---------------------------------------------------------------------------------------- the build reads it


def test_build_reads_the_collected_folder(harvest, tmp_path):
    from analysis.build import build
    from analysis.read import iter_sources

    folder = harvest["out"]
    records = read_jsonl(folder / "articles.jsonl")
    sources = list(iter_sources([folder]))
    articles = [s for s in sources if s.error is None]
    assert len(articles) == len(records) and {s.shown_path.split("#")[0] for s in articles} == {"articles.jsonl"}
    bookkeeping = [s for s in sources if s.error is not None]
    assert bookkeeping and all("record of `analysis collect`" in s.error for s in bookkeeping)
    summary = build(folder, tmp_path / "tables", jobs=1, cache_dir=None)
    import pandas as pd

    documents = pd.read_parquet(tmp_path / "tables" / "documents.parquet")
    assert summary.parsed == len(records) == len(documents)
    by_url = documents.set_index("url")
    for record in records:
        row = by_url.loc[record["url"]]
        variables = json.loads(row["variables"])
        assert variables["fetched_at"] == record["fetched_at"] and variables["sha256"] == record["sha256"]
        assert (None if pd.isna(row["published"]) else row["published"]) == record["published"]
        assert row["outlet"] == "baohoaphong.vn"
    assert by_url.loc[next(r["url"] for r in records if r["url"].endswith("hoc-tap-chuyen-de.html")), "author"] == "TRẦN THU HÀ"
    manifest = pd.read_parquet(tmp_path / "tables" / "manifest.parquet")
    assert set(manifest.loc[manifest["status"] == "skipped", "path"]) == {s.shown_path for s in bookkeeping}


def test_cli_requires_a_contact(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_CONTACT"}
    done = subprocess.run([sys.executable, "-m", "analysis", "collect", "--out", str(tmp_path / "x"),
                           "--sitemap", "http://127.0.0.1:9/sitemap.xml"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--contact" in done.stderr
    assert not (tmp_path / "x").exists()


def test_a_home_page_as_sitemap_uses_the_sitemaps_robots_txt_lists(tmp_path):
    with FixtureSite(MAX_BYTES) as site:
        summary = run(site, tmp_path / "home", sitemaps=[site.base + "/"], feeds=[], max_articles=0)
        paths = site.paths()
    assert paths == ["/robots.txt", "/sitemap_index.xml", "/sitemap-2024.xml", "/sitemap-2019.xml.gz"]
    assert summary.discovered == 20


def test_an_unexpected_error_on_one_page_is_logged_and_the_harvest_goes_on(tmp_path, monkeypatch):
    import analysis.collect.run as run_module

    real = run_module.page_to_article

    def flaky(body, url, *args, **kwargs):
        if url.endswith("/gzip.html"):
            raise RuntimeError("parser exploded")
        return real(body, url, *args, **kwargs)

    monkeypatch.setattr(run_module, "page_to_article", flaky)
    out = tmp_path / "flaky"
    with FixtureSite(MAX_BYTES) as site:
        run(site, out, include=r"/tin-tuc/(gzip|tu-rss)\.html")
        monkeypatch.setattr(run_module, "page_to_article", real)
        site.requests.clear()
        run(site, out, include=r"/tin-tuc/(gzip|tu-rss)\.html")  # retried: extract-error is not final
        paths = site.paths()
    rows = [r for r in read_log(out / "collect-log.csv") if r["kind"] == "article"]
    assert [(r["url"].rsplit("/", 1)[-1], r["status"]) for r in rows] == [
        ("gzip.html", "extract-error"), ("tu-rss.html", "saved"), ("gzip.html", "saved")]
    assert "RuntimeError: parser exploded" in rows[0]["reason"]
    assert "/tin-tuc/tu-rss.html" not in paths


def test_one_collection_per_folder_at_a_time(tmp_path):
    from analysis.collect.store import CorpusStore

    first = CorpusStore(tmp_path / "busy").open()
    try:
        with pytest.raises(BlockingIOError, match="another collection is writing"):
            CorpusStore(tmp_path / "busy").open()
    finally:
        first.close()
    CorpusStore(tmp_path / "busy").open().close()  # free again


def test_cli_refuses_a_bad_include_pattern(tmp_path):
    done = subprocess.run([sys.executable, "-m", "analysis", "collect", "--out", str(tmp_path / "x"),
                           "--sitemap", "http://127.0.0.1:9/sitemap.xml", "--include", "([",
                           "--contact", CONTACT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "not a regular expression" in done.stderr


def test_a_markup_heavy_windows_1258_page_is_decoded_by_its_declared_charset():
    from collect_site import CP1258_ARTICLE, _cp1258

    from analysis.collect.article import SkipPage, page_to_article

    # a long style sheet dilutes the Vietnamese letters that the decoder's Windows-1258 guess counts
    heavy = CP1258_ARTICLE.replace("</head>", "<style>" + ".menu a { color: red; }\n" * 600 + "</style></head>")
    article = page_to_article(_cp1258(heavy), "http://baohoaphong.vn/a.html", "text/html", "2026-12-02T10:00:00Z")
    assert article.encoding == "cp1258 (declared)"
    assert article.record["title"] == "Ban Thường vụ Tỉnh ủy sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW"
    assert "tuyên truyền, phổ biến sâu rộng" in article.record["text"]
    # a TCVN3 (ABC font) page that claims to be Windows-1258 is refused, never turned into mojibake
    tcvn3 = ("<html><head><meta charset='windows-1258'><style>" + ".menu a { color: red; }\n" * 600 + "</style></head>"
             "<body><p>" + "Tæ chøc héi nghÞ qu¸n triÖt nghÞ quyÕt cña TØnh ñy vµ ®¶ng viªn. " * 20 + "</p></body></html>")
    with pytest.raises(SkipPage) as refused:
        page_to_article(tcvn3.encode("cp1252"), "http://baohoaphong.vn/b.html", "text/html", "2026-12-02T10:00:00Z")
    assert refused.value.status == "undecodable" and "TCVN3" in refused.value.reason


@pytest.mark.parametrize("heavy", [False, True])
def test_a_tcvn3_vn1_page_keeps_its_capital_letters_like_the_reader(heavy):
    """A page in TCVN3 VN1 (capitals among the control bytes: "Ý" is 0x16, "Ả" 0x81) gives the
    article of the same page in Unicode, as bytes and typed in the font and saved as UTF-8 (whose
    control characters the HTML parser would drop); with a long style sheet too."""
    from collect_site import page

    from analysis.collect.article import page_to_article
    from analysis.read.legacy import TCVN3_VN1

    to_vn1 = {letter: byte for byte, letter in TCVN3_VN1.items()}
    paragraphs = ["Ý kiến của Ủy ban nhân dân tỉnh về Ứng dụng nghị quyết: Ở cơ sở, Ảnh hưởng của Đảng bộ "
                  "tỉnh đối với công tác xây dựng Đảng, ĐẢNG VIÊN, HỌC TẬP, TỔ CHỨC, Ừ, Ỵ, Ữ và Ự."] * 6
    html = page("Ý kiến của Ủy ban", paragraphs, charset="utf-8")
    if heavy:
        html = html.replace("</head>", "<style>" + ".menu a { color: red; }\n" * 600 + "</style></head>")
    unicode_page = page_to_article(html.encode("utf-8"), "http://baohoaphong.vn/a.html", "text/html",
                                   "2026-12-02T10:00:00Z")
    vn1 = bytes(to_vn1.get(ch, ord(ch)) for ch in html)
    bodies = {"utf-8+tcvn3": vn1.decode("sloppy-windows-1252").encode("utf-8")}
    if not heavy:  # as bytes, a page drowned in markup is refused as undecodable (as ABC pages are)
        bodies["tcvn3"] = vn1
    for encoding, body in bodies.items():
        article = page_to_article(body, "http://baohoaphong.vn/a.html", "text/html", "2026-12-02T10:00:00Z")
        assert article.encoding == encoding
        assert article.record["title"] == unicode_page.record["title"] == "Ý kiến của Ủy ban"
        assert article.record["text"] == unicode_page.record["text"]
        assert article.doc_id == unicode_page.doc_id


def test_a_kill_between_the_article_and_its_log_row_loses_nothing(tmp_path):
    from analysis.collect.store import CorpusStore
    from analysis.read import doc_id_for, normalize_text

    store = CorpusStore(tmp_path / "c").open()
    record = {"url": "http://baohoaphong.vn/a.html", "title": "T", "published": None, "author": None,
              "outlet": "baohoaphong.vn", "fetched_at": "2026-12-02T10:00:00Z", "sha256": "0" * 64,
              "text": "Tỉnh ủy quán triệt Nghị quyết 07-NQ/TW."}
    doc_id = doc_id_for(normalize_text(record["text"]))
    store.append_article(record, doc_id)
    store.close()  # no "saved" row: the process died before writing it
    again = CorpusStore(tmp_path / "c").open()
    again.close()
    assert record["url"] in again.done
    assert again.texts == {doc_id: record["url"]}


def test_progress_bar_only_when_asked_or_in_a_terminal(tmp_path, capsys):
    with FixtureSite(MAX_BYTES) as site:
        clock = FakeClock()
        options = CollectOptions(out=tmp_path / "p", contact=CONTACT, sitemaps=[site.base + "/sitemap-2024.xml"],
                                 delay=0, timeout=0.5, max_bytes=MAX_BYTES, max_articles=2)
        collect(options, clock=clock, sleep=clock.sleep, proxies={}, resolve=site.resolve, progress=True)
        shown = capsys.readouterr().err
        options.out = tmp_path / "q"
        collect(options, clock=clock, sleep=clock.sleep, proxies={}, resolve=site.resolve)  # stderr is no terminal here
        hidden = capsys.readouterr().err
    assert "collect: 100%" in shown and "2/2" in shown
    assert "collect:" not in hidden


def test_reports_run_end_to_end_on_a_collected_folder(harvest, tmp_path, monkeypatch):
    """`collect` then `reports --corpus`: every planned report of the collected corpus succeeds and
    the index agrees with the summary (the build reads the folder as it is)."""
    import analysis.report.runs as runs

    monkeypatch.setattr(runs, "REPORTS", tmp_path / "reports")
    assert runs.run_all_reports(jobs=2, corpus=harvest["out"]) == 0
    name = runs._report_name(harvest["out"])
    summary = runs.summarise(name)
    assert summary["reports"] >= 4 and summary["failed"] == 0
    index = (tmp_path / "reports" / name / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{summary['reports']}</strong> reports, <strong>0</strong> failed" in index
    assert "00-explore-corpus" in index
    assert not list((tmp_path / "reports").glob("*/*/*/failed.html"))
