"""A provincial Party paper on the loopback, for the collector's tests.

`FixtureSite` serves, from a thread on 127.0.0.1, pages written for these tests in the style of a
provincial paper's site ("Báo Hòa Phong", an invented province paper, so that no real outlet is
quoted): robots.txt with a disallowed path and a Crawl-delay-free default group, a sitemap index
pointing to a plain and a gzip-compressed sitemap, an RSS feed, articles with their date in the
markup or only in a date line, bylines in both styles, a Windows-1258 page, a gzip-encoded page,
a slow page, a 404, a 500, redirects on the site and to another host, a PDF, PNG bytes served as
HTML, a page over the size cap, an article that is a copy of another, a page with no article
text, an article that is not about resolution work, a page that hangs until released (to kill a
collection in the middle), and the same article behind tracking parameters.

Every request is recorded (`requests`: method, path with query, User-Agent) so tests can check
what was (never) asked for. The site answers for the host names in `resolve` (the collector
connects to the loopback for them), so sitemaps and feeds carry realistic addresses.
"""
from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BANNER = "Hôm nay: Thứ Tư, 02/12/2026"  # a site's current-date banner: never a publication date


def page(title: str, body_paragraphs: list[str], *, meta_date: str | None = None, byline_meta: str | None = None,
         date_line: str | None = None, byline_end: str | None = None, charset: str = "utf-8",
         lede_code: str = "HPO") -> str:
    """An article page: banner, menu, the article, related links and a footer, as such sites do."""
    metas = [f'<meta charset="{charset}">', f"<title>{title} - Báo Hòa Phong điện tử</title>",
             f'<meta property="og:title" content="{title}">', '<meta property="og:site_name" content="Báo Hòa Phong">']
    if meta_date:
        metas.append(f'<meta property="article:published_time" content="{meta_date}">')
    if byline_meta:
        metas.append(f'<meta name="author" content="{byline_meta}">')
    paragraphs = list(body_paragraphs)
    if paragraphs and lede_code:
        paragraphs[0] = f"{lede_code} - {paragraphs[0]}"
    article = [f"<h1 class='title'>{title}</h1>"]
    if date_line:
        article.append(f"<div class='date'>{date_line}</div>")
    article += [f"<p>{p}</p>" for p in paragraphs]
    if byline_end:
        article.append(f"<p class='author'><strong>{byline_end}</strong></p>")
    return "\n".join([
        "<!DOCTYPE html>", "<html lang='vi'><head>", *metas,
        "<script>document.write('<p>CHẠY SCRIPT</p>'); fetch('/tracking-beacon');</script>",
        "</head><body>",
        f"<div class='top-banner'>{BANNER}</div>",
        "<nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/chinh-tri/'>Chính trị</a></li>"
        "<li><a href='/kinh-te/'>Kinh tế</a></li><li><a href='/xa-hoi/'>Xã hội</a></li></ul></nav>",
        "<main><article class='detail'>", *article, "</article>",
        "<aside><h3>Các tin khác</h3><ul><li><a href='/tin-tuc/a.html'>Tin liên quan một</a></li>"
        "<li><a href='/tin-tuc/b.html'>Tin liên quan hai</a></li></ul></aside></main>",
        "<footer>Báo Hòa Phong điện tử. Giấy phép số 00/GP-BTTTT. Truy cập hiện tại: 1234</footer>",
        "</body></html>",
    ])


QUAN_TRIET = page(
    "Tỉnh ủy Hòa Phong quán triệt Nghị quyết 07-NQ/TW",
    ["Sáng 15-3, Tỉnh ủy tổ chức hội nghị trực tuyến học tập, quán triệt và triển khai thực hiện Nghị quyết "
     "số 07-NQ/TW của Bộ Chính trị đến cán bộ chủ chốt các cấp.",
     "Hội nghị được kết nối tới 12 điểm cầu cấp huyện và 145 điểm cầu cấp xã, với hơn 6.500 cán bộ, đảng viên tham dự.",
     "Đồng chí Bí thư Tỉnh ủy yêu cầu các cấp ủy xây dựng chương trình hành động, kế hoạch cụ thể và tổ chức "
     "sơ kết việc thực hiện nghị quyết vào cuối năm."],
    meta_date="2024-03-15T09:30:00+07:00", byline_meta="Minh Khuê",
)
HOC_TAP = page(
    "Đảng bộ huyện Tân Lạc học tập chuyên đề năm 2024",
    ["Huyện ủy Tân Lạc vừa tổ chức hội nghị học tập, quán triệt chuyên đề năm 2024 cho 468 cán bộ, đảng viên.",
     "Tỷ lệ đảng viên tham gia học tập đạt trên 98%; 8/8 chi bộ trực thuộc đã xây dựng kế hoạch thực hiện Kết luận 01-KL/TW.",
     "Qua kiểm tra, vẫn còn một số chi bộ chưa tổ chức viết bài thu hoạch nghiêm túc."],
    date_line="Thứ Sáu, 19/04/2024, 08:11", byline_end="TRẦN THU HÀ",
)
NONG_NGHIEP = page(
    "Nông dân Hòa Phong trúng mùa cam",
    ["Vụ cam năm nay, nông dân các xã vùng cao thu hoạch hơn 2.000 tấn quả, giá bán ổn định.",
     "Nhiều hộ gia đình đã học tập kinh nghiệm trồng cam theo hướng hữu cơ từ các tỉnh bạn.",
     "Thời tiết thuận lợi giúp cây cho quả đều, ít sâu bệnh."],
    meta_date="2024-05-02T07:00:00+07:00", byline_meta="Hoàng Lan",
)
CP1258_ARTICLE = page(
    "Ban Thường vụ Tỉnh ủy sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW",
    ["Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.",
     "Các cấp ủy đã tuyên truyền, phổ biến sâu rộng nội dung chỉ thị tới 100% chi bộ.",
     "Hội nghị chỉ rõ những hạn chế cần khắc phục trong thời gian tới."],
    meta_date="2024-06-20T10:00:00+07:00", byline_meta="Đức Anh", charset="windows-1258",
)
GZIP_ARTICLE = page(
    "Ủy ban Kiểm tra Tỉnh ủy giám sát việc thực hiện Quy định 69-QĐ/TW",
    ["Ủy ban Kiểm tra Tỉnh ủy đã tiến hành kiểm tra, giám sát 14 tổ chức đảng về việc thực hiện Nghị quyết Đại hội.",
     "Qua giám sát, các tổ chức đảng cơ bản thực hiện tốt quy chế làm việc."],
    meta_date="2024-07-01T14:00:00+07:00", byline_meta="Phương Linh",
)
SAU_CHUYEN_HUONG = page(
    "Triển khai chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII",
    ["Tỉnh ủy ban hành Chương trình hành động số 12-CTr/TU triển khai thực hiện Nghị quyết Đại hội Đảng bộ tỉnh.",
     "Các huyện ủy, thành ủy hoàn thành việc cụ thể hóa nghị quyết trong quý II."],
    meta_date="2024-08-05T08:00:00+07:00",
)
TU_RSS = page(
    "Tuyên truyền kết quả thực hiện Nghị quyết Trung ương 4 khóa XIII",
    ["Ban Tuyên giáo Tỉnh ủy định hướng thông tin, tuyên truyền kết quả thực hiện nghị quyết trên mạng xã hội.",
     "Đã có 320 tin, bài được đăng tải trên các trang thông tin điện tử."],
    meta_date="2024-09-10T16:45:00+07:00", byline_meta="Thanh Tâm",
)
TREO = page(
    "Huyện ủy Mai Sơn quán triệt Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp",
    ["Huyện ủy Mai Sơn tổ chức hội nghị quán triệt Chỉ thị 35-CT/TW của Bộ Chính trị cho cán bộ chủ chốt.",
     "Các chi bộ trực thuộc đã xây dựng kế hoạch chuẩn bị đại hội."],
    meta_date="2024-10-01T08:00:00+07:00",
)
KILL_EXTRA = [
    page(f"Chi bộ thôn số {n} học tập Nghị quyết 0{n}-NQ/TU",
         [f"Chi bộ thôn số {n} tổ chức sinh hoạt chuyên đề học tập, quán triệt Nghị quyết 0{n}-NQ/TU của Tỉnh ủy.",
          f"Có {20 + n} đảng viên tham dự, đạt {90 + n}%."],
         meta_date=f"2024-11-0{n}T08:00:00+07:00")
    for n in range(1, 5)
]
# no date anywhere but a date widget in the header that shows the day of viewing
UNDATED = page(
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15",
    ["Ban Chấp hành Đảng bộ tỉnh họp hội nghị lần thứ 15 để kiểm tra, đánh giá việc thực hiện Nghị quyết Đại hội, "
     "bàn các giải pháp trong năm tới.", "Ngày 10/10/2023, Tỉnh ủy đã tổ chức tổng kết công tác năm."],
).replace("<div class='top-banner'>", "<div class='date'>")
OLD_2019 = page(
    "Sơ kết 3 năm thực hiện Nghị quyết Trung ương 4 khóa XII",
    ["Tỉnh ủy sơ kết 3 năm thực hiện Nghị quyết Trung ương 4 khóa XII về xây dựng, chỉnh đốn Đảng."],
    meta_date="2019-03-01T08:00:00+07:00",
)
NO_TEXT = "<html><head><title>Thư viện ảnh</title></head><body><nav><a href='/'>Trang chủ</a></nav></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    wait: float = 0.0                       # seconds before answering (a slow page)
    hold: threading.Event | None = None     # answer only once this is set (a page that hangs)
    length: bool = True                     # False: no Content-Length, the body ends when the connection closes
    drip: float = 0.0                       # seconds between 100-byte pieces of the body (a trickling server)


class FixtureSite:
    """The fixture site on 127.0.0.1 (a context manager); ``base`` is its http://127.0.0.1:PORT."""

    def __init__(self, max_bytes_page: int = 300_000):
        self.requests: list[tuple[str, str, str, str]] = []  # method, path, User-Agent, Host
        self.hold = threading.Event()
        self.held = threading.Event()       # set when the hanging page has been requested
        self._lock = threading.Lock()
        self.routes: dict[str, Route] = {}
        self.max_bytes_page = max_bytes_page
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server API
                with site._lock:
                    site.requests.append(("GET", self.path, self.headers.get("User-Agent", ""),
                                          self.headers.get("Host", "")))
                route = site.routes.get(self.path)
                if route is None:
                    route = Route(404, "<html><body><h1>404 - Không tìm thấy trang</h1></body></html>".encode())
                if route.hold is not None:
                    site.held.set()
                    route.hold.wait(30)
                if route.wait:
                    time.sleep(route.wait)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    if route.length:
                        self.send_header("Content-Length", str(len(route.body)))
                    else:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    piece = 100 if route.drip else 65536
                    for start in range(0, len(route.body), piece):
                        self.wfile.write(route.body[start:start + piece])
                        if route.drip:
                            self.wfile.flush()
                            time.sleep(route.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        # Two host names, both served by this server on the loopback (the collector's `resolve`):
        # the paper, and another site that one of its pages redirects to.
        self.host = "baohoaphong.vn"
        self.base = f"http://{self.host}"
        self.other_base = "http://media.baohoaphong-cdn.vn"
        self.loopback = f"http://127.0.0.1:{self.port}"
        self.resolve = {self.host: ("127.0.0.1", self.port), "www." + self.host: ("127.0.0.1", self.port),
                        "media.baohoaphong-cdn.vn": ("127.0.0.1", self.port)}
        self._build_routes()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FixtureSite":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        with self._lock:
            return [request[1] for request in self.requests]

    # ------------------------------------------------------------------ content

    def _build_routes(self) -> None:
        b = self.base
        html = lambda text: Route(body=text.encode("utf-8"))  # noqa: E731
        r = self.routes
        r["/robots.txt"] = Route(body=(
            "# Báo Hòa Phong\nUser-agent: *\nDisallow: /private/\nDisallow: /tim-kiem\n\n"
            f"Sitemap: {b}/sitemap_index.xml\n").encode(), content_type="text/plain")
        r["/sitemap_index.xml"] = Route(body=_sitemap_index([
            (f"{b}/sitemap-2024.xml", "2024-12-01"), (f"{b}/sitemap-2019.xml.gz", "2019-12-31")]),
            content_type="application/xml")
        articles_2024 = [
            "/tin-tuc/quan-triet-nghi-quyet-07.html", "/tin-tuc/hoc-tap-chuyen-de.html",
            "/private/bao-cao-noi-bo.html", "/tin-tuc/cham-trang.html", "/tin-tuc/khong-ton-tai.html",
            "/tin-cu/chuyen-huong.html", "/tin-tuc/cp1258.html", "/tai-lieu/van-ban.pdf",
            "/tin-tuc/trang-qua-lon.html", "/tin-tuc/nong-nghiep.html", "/tin-tuc/ban-sao.html",
            "/tin-tuc/gzip.html", "/tin-tuc/ra-ngoai.html", "/tin-tuc/anh.html", "/tin-tuc/thu-vien-anh.html",
            "/tin-tuc/loi-may-chu.html", "/tin-tuc/khong-do-dai.html", "/tin-tuc/bom-gzip.html",
            "/tin-tuc/khong-ngay.html",
            "/tin-tuc/quan-triet-nghi-quyet-07.html?utm_source=facebook&fbclid=x1",
        ]
        r["/sitemap-2024.xml"] = Route(body=_urlset([(b + p, "2024-11-30") for p in articles_2024]
                                                    + [("http://example.invalid/tin-tuc/ngoai.html", "2024-11-30")]),
                                       content_type="application/xml")
        r["/sitemap-2019.xml.gz"] = Route(body=gzip.compress(_urlset([(b + "/tin-tuc/2019/so-ket.html", "2019-03-01")]),
                                                             mtime=0), content_type="application/x-gzip")
        r["/rss.xml"] = Route(body=_rss([
            b + "/tin-tuc/quan-triet-nghi-quyet-07.html?utm_source=rss", b + "/tin-tuc/tu-rss.html",
            b + "/tin-tuc/hoc-tap-chuyen-de.html"]).encode(), content_type="application/rss+xml; charset=utf-8")
        r["/"] = html(page("Báo Hòa Phong điện tử", ["Trang chủ."]).replace(
            "</head>", f"<link rel='alternate' type='application/rss+xml' href='{b}/rss.xml'></head>"))
        r["/tin-tuc/quan-triet-nghi-quyet-07.html"] = html(QUAN_TRIET)
        r["/tin-tuc/hoc-tap-chuyen-de.html"] = html(HOC_TAP)
        r["/private/bao-cao-noi-bo.html"] = html(page("Báo cáo nội bộ", ["Không được thu thập."]))
        r["/tin-tuc/cham-trang.html"] = Route(body=QUAN_TRIET.encode(), wait=2.0)
        r["/tin-cu/chuyen-huong.html"] = Route(301, b"", headers={"Location": "/tin-tuc/sau-chuyen-huong.html"})
        r["/tin-tuc/sau-chuyen-huong.html"] = html(SAU_CHUYEN_HUONG)
        r["/tin-tuc/cp1258.html"] = Route(body=_cp1258(CP1258_ARTICLE), content_type="text/html")
        r["/tai-lieu/van-ban.pdf"] = Route(body=PDF, content_type="application/pdf")
        r["/tin-tuc/anh.html"] = Route(body=PNG, content_type="text/html")
        big = page("Trang rất lớn", ["Nghị quyết " * 20] * (self.max_bytes_page // 200 + 10))
        r["/tin-tuc/trang-qua-lon.html"] = html(big)
        r["/tin-tuc/khong-do-dai.html"] = Route(body=big.encode(), length=False)  # too large, no Content-Length
        r["/tin-tuc/bom-gzip.html"] = Route(body=gzip.compress(b" " * (self.max_bytes_page * 20), mtime=0),
                                            headers={"Content-Encoding": "gzip"})  # small on the wire, huge inflated
        r["/tin-tuc/nong-nghiep.html"] = html(NONG_NGHIEP)
        r["/tin-tuc/khong-ngay.html"] = html(UNDATED)
        r["/tin-tuc/ban-sao.html"] = html(QUAN_TRIET.replace("Báo Hòa Phong điện tử", "Báo Hòa Phong online"))
        r["/tin-tuc/gzip.html"] = Route(body=gzip.compress(GZIP_ARTICLE.encode(), mtime=0),
                                        headers={"Content-Encoding": "gzip"})
        r["/tin-tuc/ra-ngoai.html"] = Route(302, b"", headers={"Location": f"{self.other_base}/tin-tuc/ngoai.html"})
        r["/tin-tuc/thu-vien-anh.html"] = html(NO_TEXT)
        r["/tin-tuc/loi-may-chu.html"] = Route(500, b"<html><body>Internal Server Error</body></html>")
        r["/tin-tuc/tu-rss.html"] = html(TU_RSS)
        r["/tin-tuc/2019/so-ket.html"] = html(OLD_2019)
        # a sitemap for the kill-and-resume test: two articles, one that hangs, two more
        kill = ["/chi-bo/1.html", "/chi-bo/2.html", "/chi-bo/treo.html", "/chi-bo/3.html", "/chi-bo/4.html"]
        r["/sitemap-kill.xml"] = Route(body=_urlset([(b + p, None) for p in kill]), content_type="application/xml")
        for n, path in zip((1, 2, 3, 4), [kill[0], kill[1], kill[3], kill[4]]):
            r[path] = html(KILL_EXTRA[n - 1])
        r["/chi-bo/treo.html"] = Route(body=TREO.encode(), hold=self.hold)


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows software writes them: base letters plus
    combining tone marks (the code page has no precomposed toned letters for most)."""
    import unicodedata

    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in marks[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", marks[0] + "".join(m for m in marks[1:] if m not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def _urlset(entries) -> bytes:
    rows = []
    for loc, lastmod in entries:
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        rows.append(f"<url><loc>{loc.replace('&', '&amp;')}</loc>{mod}<changefreq>daily</changefreq></url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</urlset>\n").encode()


def _sitemap_index(entries) -> bytes:
    rows = [f"<sitemap><loc>{loc}</loc><lastmod>{mod}</lastmod></sitemap>" for loc, mod in entries]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</sitemapindex>\n").encode()


def _rss(links) -> str:
    items = "\n".join(f"<item><title>Tin {i}</title><link>{link.replace('&', '&amp;')}</link>"
                      f"<pubDate>Mon, 0{i + 1} Sep 2024 08:00:00 +0700</pubDate></item>" for i, link in enumerate(links))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Báo Hòa Phong - Chính trị</title>'
            f"<link>http://baohoaphong.vn/</link><description>Tin chính trị</description>\n{items}\n</channel></rss>\n")
