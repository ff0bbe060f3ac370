"""Article metadata from clean text: title, publication date, author byline, outlet code.

Rules (each documented where it is implemented):

* **title**: the first line that is not a date line, an outlet-coded lede, a byline, a
  photo caption or, in a Vietnamese text, a line typed without diacritics (a video label or a
  slug); a trailing "( 08/07/2015)" date is removed from it (and used as the date).
* **published**: only dates that a site prints as the article's own date count - a date in
  parentheses at the end of the title, a labelled date ("Đăng ngày:", "Ngày đăng:", "Ngày cập nhật:",
  "Cập nhật lúc 05:37, Thứ Năm, 08/04/2021", "Ngày xuất bản:"), or a header line near the title made
  of a weekday and/or time and a date ("Thứ năm, 20/01/2022", "Thứ Tư, 08/04/2015, 08:11 [GMT+7]",
  "20/01/2022 08:11"). Dates inside body sentences (events) are never used; a date line that
  contradicts its own weekday is rejected as a site banner; when several header dates
  appear, a labelled one beats one with a time, which beats a bare weekday line; at equal rank a
  line below the title (the article's own dateline) beats one above it (a page's render stamp or
  current-date banner), and then the one nearest the title wins. Month-only dates
  ("tháng 4-2024") never give a published date.
* **lede date** (recorded as such, used in one case only): a news report's first paragraph opening
  with a full date and an event verb ("LSO-Ngày 23/5/2014, Tỉnh ủy ... đã tổ chức hội nghị") gives
  the event's date; the report appeared on it or soon after. It replaces the header dates only when
  all of them stand above the title, unlabelled, and more than LEDE_BANNER_DAYS days after it: they
  are then the page's render stamp or date banner, not the article's date (a page stamped 2020
  above a report of a 2014 conference). The evidence reads "lede event date: ..." and names the
  rejected stamp. An article without any header date stays undated: its lede date is an event
  date, and nothing on the page says when the report appeared. Dates inside the body, and ledes
  about a document ("Ngày 14-11-2016, Ban Chấp hành ... đã ban hành Nghị quyết"), never count.

Precedence: source variables > a date closing the title > header and labelled date lines (as
above), unless the lede date rejects them as a page stamp > none.
* **date_in_text** (a separate, approximate field; never the publication date): the first full date
  (day, month and year: "Hôm nay 18/9/2020, ...", "Ngày 16-10-2020, ...", "ngày 5 tháng 3 năm 2021")
  written in the article's first DATE_IN_TEXT_PARAGRAPHS body paragraphs, leaving out the date lines
  above and a cited document's date ("Nghị quyết số 33-NQ/TW ngày 9/6/2014"). The article was
  written on or after an event it reports, so for an undated article it says roughly when; timeliness
  uses it only to tell preparation from follow-up and marks any lag from it as approximate. Its
  evidence ("date_in_text_evidence") quotes the date in its context.
* **author**: an upper-case name on its own line at the end ("HỒ XUÂN HƯƠNG"), a name line followed
  by a role line at the end ("TRÌNH LAM SINH" / "Tỉnh ủy viên, Phó Trưởng Ban Tuyên giáo Tỉnh ủy"),
  a short name line right under the title ("Thảo Nguyên"), or "Tác giả: ...", "Bài và ảnh: ...".
* **outlet**: the code that opens the lede: "LSO -", "(TUAG)-", "(QBĐT) -", "(Baoquangngai.vn) -".

Values given by the source (jsonl variables) win over detection but are validated: a published
value must parse as a real date, a province must resolve in the gazetteer.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import yaml

from analysis.config import data_file
from analysis.read.normalize import normalize_text

from .dates import find_dates, valid_date, weekday_matches
from .gazetteer import resolve_province

__all__ = ["detect_title", "detect_published", "detect_date_in_text", "detect_author", "detect_outlet",
           "extract_metadata", "normalise_published"]

_WEEKDAY = r"(?:[Tt]hứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[2-7])|[Cc]hủ\s+[Nn]hật|CN)"
_TIME = r"(?:\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?)"  # "08:11", "16:39:25", "02:39 PM"
_DATE = r"(?:\d{1,2}\s?[/\-.]\s?\d{1,2}\s?[/\-.]\s?\d{4}|(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s*năm\s+\d{4})"
_LABEL = (
    r"(?:Đăng\s+ngày|Ngày\s+đăng|Ngày\s+cập\s+nhật|Cập\s+nhật(?:\s+(?:lúc|ngày))?|Ngày\s+xuất\s+bản|"
    r"Xuất\s+bản(?:\s+(?:lúc|ngày))?|Đăng\s+lúc|Đăng\s+tải|Thời\s+gian(?:\s+đăng)?|Ngày|Posted|Published|Updated)"
)
_SEP = r"\s*[,|\-–•]?\s*"
LEDE_BANNER_DAYS = 31  # a report is not published a month after its event: a later stamp above the title is the page's
# A news lede's opening date: "LSO-Ngày 23/5/2014, ...", "(TUAG) - Sáng ngày 06/4/2022, ...", "Chiều 26/11/2024, ..."
_LEDE_DATE = re.compile(
    r"^(?:\(?[A-ZĐ][\w.&]{1,20}\)?\s*[-–—]+\s*)?(?:(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm)\s+)?(?:[Nn]gày\s+)?"
    r"(?P<date>\d{1,2}\s?[/\-.]\s?\d{1,2}\s?[/\-.]\s?\d{4})\s*,\s*(?P<rest>[^.;!?\n]{0,240})"
)
# The lede reports an event held that day (not a document issued or signed that day)
_EVENT_VERB = re.compile(
    r"(?<![\wÀ-ỹ])(?:tổ\s+chức|diễn\s+ra|khai\s+mạc|bế\s+mạc|phát\s+động|họp|làm\s+việc|chủ\s+trì|"
    r"tiến\s+hành|gặp\s+mặt|thông\s+báo\s+nhanh|kỷ\s+niệm|dự)(?![\wÀ-ỹ])"
)
_GMT = r"(?:\(?\[?\s*GMT\s*\+\s*0?7(?::00)?\s*\]?\)?)"
# A line that is a date header: [label:] [time] [weekday,] [time,] [ngày] date [time] [GMT+7] ("Thứ ba,
# 20:02, 23/09/2025" puts the time between weekday and date), optionally
# followed by a short tail after a separator ("| Lượt xem: 1.234").
DATE_LINE = re.compile(
    rf"^\s*(?:[-•]\s*)?(?:(?P<label>{_LABEL})\s*:?\s*)?(?:(?P<time1>{_TIME}){_SEP})?(?:(?P<weekday>{_WEEKDAY}){_SEP}"
    rf"(?:(?P<time3>{_TIME}){_SEP})?(?:ngày\s+)?)?"
    rf"(?P<date>{_DATE})(?:{_SEP}(?P<time2>{_TIME}))?\s*{_GMT}?\s*(?:[|•]\s*[^|•]{{0,40}})?\s*$",
    re.IGNORECASE,
)
# A labelled date anywhere in a line ("Tác giả : X. Đăng ngày: 08/07/2015").
LABELLED_DATE = re.compile(
    rf"(?P<label>Đăng\s+ngày|Ngày\s+đăng|Ngày\s+cập\s+nhật|Cập\s+nhật(?:\s+(?:lúc|ngày))?|Ngày\s+xuất\s+bản|"
    rf"Xuất\s+bản\s+ngày|Đăng\s+lúc)\s*:?\s*(?:{_TIME}{_SEP})?(?:(?P<weekday>{_WEEKDAY}){_SEP})?(?P<date>{_DATE})",
    re.IGNORECASE,
)
TITLE_DATE = re.compile(
    rf"\s*(?:[(\[]\s*(?P<date>{_DATE})(?:\s+{_TIME})?\s*[)\]]|\s[-–|]\s*(?P<date2>{_DATE})(?:\s+{_TIME})?"
    # a stamp closing the headline with its time: "... Khánh Hòa 22/09/2025 12:48"
    rf"|\s(?P<date3>\d{{1,2}}/\d{{1,2}}/\d{{4}})\s+{_TIME})\s*$")
OUTLET = re.compile(
    r"^\s*(?:\((?P<paren>[A-ZĐ][A-ZĐa-zđ&.]{1,14}|[\w.-]+\.(?:vn|com|net))\)|(?P<bare>[A-ZĐ][A-ZĐ&]{1,9}))"
    r"\s*[-–—]+\s*(?=\S)"
    # "(CMO) Sáng 5/3, ...": a parenthesised upper-case code or domain may stand without a dash
    r"|^\s*\((?P<paren2>[A-ZĐ][A-ZĐ&]{1,9}|[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net))\)\s+(?=[A-ZĐÀ-Ỹ])"
)
_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]*(?:'[A-ZĐÀ-Ỹa-zà-ỹđ][a-zà-ỹđ]*)?"  # also "H'Yâo", "Y Biêr Niê"
_UPPER_NAME = re.compile(r"^(?:(?:TS|ThS|PGS|GS|PGS\.TS|GS\.TS|NGUYỄN)\.?\s*)?[A-ZĐÀ-Ỹ]+(?:\s+[A-ZĐÀ-Ỹ]+){1,4}\s*$")
_TITLE_NAME = re.compile(rf"^(?:(?:TS|ThS|PGS\.TS|GS\.TS|PGS|GS|Đại tá|Thượng tá|Trung tá)\.?\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}\s*(?:\((?:tổng hợp|TH|lược dịch|CTV)\))?$")
_ROLE_WORDS = re.compile(
    r"(?:Tỉnh ủy viên|Thành ủy viên|Ủy viên|UVBTV|UVTV|Phó|Trưởng|Bí thư|Chủ tịch|Giám đốc|Chủ nhiệm|"
    r"Tổng biên tập|Phóng viên|Ban Tuyên giáo|Ban Tổ chức|Tỉnh ủy|Huyện ủy|Đảng ủy|Học viện|Trường|"
    r"Đại học|Viện|Sở|Vụ|Cục|TS\.|ThS\.|PGS|Giảng viên|Nguyên|Đại tá|Thượng tá)"
)
_AUTHOR_LABEL = re.compile(
    r"^\s*(?:Tác\s+giả|Bài(?:\s+(?:và|,)\s+ảnh)?|Bài,\s*ảnh|Tin(?:\s+và\s+ảnh)?|Tin,\s*ảnh|Người\s+viết|Theo|T/h|TH|Tổng\s+hợp)\s*:\s*"
    r"(?P<name>[^.;:\n]{3,60}?)\s*(?:[.;]|$|\s+Đăng\s+ngày)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _rules() -> dict:
    return yaml.safe_load(data_file("metadata_rules").read_text(encoding="utf-8")) or {}


def _not_name_words() -> set[str]:
    """Capitalised words never in a personal name (``not_name_words`` in data/metadata-rules.yaml)."""
    return set(_rules().get("not_name_words") or ())


@lru_cache(maxsize=1)
def _caption_start() -> re.Pattern:
    words = sorted(_rules().get("caption_starts") or (), key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _menu_start() -> re.Pattern:
    words = sorted(_rules().get("menu_starts") or (), key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _site_names() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in _rules().get("site_name_patterns") or ())


# Page furniture a scrape leaves above the article: "Skip to main content", "Print", "Quay về
# E-magazine", "Theo dõi Báo X trên Google News", "Tổng số lượt truy cập:", an inlined image.
_FURNITURE_LINE = re.compile(
    r"^(?:[•·▪►»]\s|skip\s+to\s+(?:main\s+)?content|print\b|in\s+trang\b|quay\s+(?:về|lại)\b|theo\s+dõi\s+.{0,60}google\s+news|"
    r"(?:tổng\s+)?(?:số\s+)?lượt\s+truy\s+cập|<image>|data:image|!\[|đường\s+dây\s+nóng|hotline|"
    r"(?:điện\s+thoại|email|fax)\s*:)",
    re.IGNORECASE,
)
# What is left of a date line once its date, weekday, time and stamp words are taken out: at most a
# place ("Hải Phòng, ngày 26 tháng 02 năm 2020") or nothing ("Hôm nay, Thứ ba ngày 22/06/2021").
_DATE_PARTS = re.compile(
    rf"{_DATE}|{_WEEKDAY}|{_TIME}|{_GMT}|\b\d{{1,2}}\s*:\s*\d{{1,2}}'?|\b(?:print|gốc|hôm\s+nay|hôm\s+qua|ngày|cập\s+nhật|lúc)\b",
    re.IGNORECASE,
)
# A caption that needs no closing full stop: it opens by naming the picture, not an event.
_CAPTION_ONLY_START = re.compile(
    r"^(?:Quang\s+cảnh|Toàn\s+cảnh|(?:Các\s+)?[Đđ]ại\s+biểu\s+(?:tham\s+)?dự|Các\s+đại\s+biểu\s+tại)\b", re.IGNORECASE)


# Marks only a photo caption carries: the position of a person in the picture ("(thứ hai, từ trái
# sang)", "(thứ nhất tính từ bên phải qua)") or the picture's source ("..._Nguồn: baoX.vn").
_CAPTION_MARK = re.compile(
    r"\((?:[^()]{0,20}\s)?(?:tính\s+)?từ\s+(?:bên\s+)?(?:trái|phải)\b|(?:^|[\s_])Nguồn\s*:\s*\S{1,40}\s*$", re.IGNORECASE)
# A caption names what a person does at the event the article is about, without naming it: "Đồng chí
# X phát biểu chỉ đạo tại hội nghị.", "... nhận khen thưởng tại Hội nghị". A headline names the event.
_CAPTION_AT_EVENT = re.compile(
    r"\b(?:phát\s+biểu|chủ\s+trì|trao|tặng|nhận|chúc\s+mừng|tham\s+dự|dự)\b[^.]{0,60}?\btại\s+"
    r"(?:hội\s+nghị|đại\s+hội|buổi\s+lễ|lễ|buổi\s+làm\s+việc|chương\s+trình)\s*\.?$", re.IGNORECASE)


# A site's name in English on an all-ASCII line ("Thanh Hoa Radio and Television").
_ENGLISH_SITE_NAME = re.compile(r"^[\x20-\x7e]+$")
_ENGLISH_SITE_WORD = re.compile(r"\b(?:radio|television|TV|news|online|portal|newspaper|magazine)\b", re.IGNORECASE)


def _date_stamp_line(line: str) -> bool:
    """A line that is a date stamp with furniture around it, or a place and date."""
    if not re.search(rf"{_DATE}|{_WEEKDAY}", line, re.IGNORECASE):
        return False
    rest = re.findall(r"[^\W\d_]+", _DATE_PARTS.sub(" ", line))
    return len(rest) <= 3


# A first line that is already the body (an excerpt that starts below the title): a dated news
# lede ("Sáng 27/9, Đại hội ... khai mạc."), a long sentence closed by a full stop, or a line that
# breaks off at a comma.
_LEDE_OPENING = re.compile(
    r"^(?:(?:Sáng|Chiều|Tối|Trưa|Đêm)(?:\s+(?:nay|qua))?\s+|Hôm\s+(?:nay|qua)\s+|Ngày\s+)(?:ngày\s+)?\(?\d{1,2}\s*[/\-.]\s*\d{1,2}"
    r"(?:\s*[/\-.]\s*\d{4})?\)?\s*,", re.IGNORECASE)


def _body_line(line: str, below: str | None) -> bool:
    """``below``: the next line; a dateline right under a long sentence makes it the title."""
    if _LEDE_OPENING.match(line) or line.endswith(",") or re.search(r"\bnhư\s+sau\s*:$", line):
        return True  # "..., " breaks off; "Nội dung Chỉ thị như sau:" introduces a quoted text
    long_sentence = len(line.split()) >= 25 and re.search(r"\.(?:/\.)?$", line)
    return bool(long_sentence and not (below and (_is_date_line(below) or LABELLED_DATE.match(below))))


def _not_a_title(line: str) -> bool:
    """A photo caption ("Quang cảnh hội nghị."), a menu label ("Tin tức trong Huyện"), the site's
    name, page furniture ("Skip to main content") or a date stamp ("Print Thứ Bảy, 26/01/2019 19:26")."""
    if _FURNITURE_LINE.match(line) or _date_stamp_line(line):
        return True
    if _ENGLISH_SITE_NAME.match(line) and _ENGLISH_SITE_WORD.search(line):
        return True
    if _CAPTION_ONLY_START.match(line) and len(line.split()) <= 15:
        return True
    if _caption_start().match(line) and (line.endswith(".") or re.search(r"\(\s*Ảnh\s*:", line)):
        return True
    if re.search(r"[(\[]\s*Ảnh\s*:[^)\]]*[)\]]\s*\.?$|^Ảnh\s*:|\s?[-–]\s*Ảnh\s*:\s*[^.;:]{1,40}$", line):
        return True  # "... (Ảnh: Minh Hà)" or "... - Ảnh: Minh Hà" closes a caption
    if _CAPTION_MARK.search(line) or _CAPTION_AT_EVENT.search(line):
        return True  # "(thứ hai từ trái sang)", "_Nguồn: ...", "X phát biểu tại hội nghị."
    if _menu_start().match(line) and len(line.split()) <= int(_rules().get("menu_max_words") or 5):
        return True
    return any(p.search(line) for p in _site_names())


_PHOTO_CREDIT = re.compile(r"\s*[-–]\s*Ảnh\s*:.*$")
_INITIALS = re.compile(r"(?:[A-ZĐ]\.){1,3}\s?[A-ZĐ](?:[a-zà-ỹđ]+)?\.?")

_CHROME_LINE = re.compile(
    r"^(?:Truy\s+cập|Đang\s+có\s+\d|Trang\s+chủ|Tin\s+tức\s*$|Xem\s+thêm|Các\s+tin|Tin\s+liên\s+quan|"
    r"Bài\s+viết\s+liên\s+quan|Chia\s+sẻ|Bình\s+luận|Lượt\s+xem|Số\s+lần\s+xem|Đăng\s+nhập|Tìm\s+kiếm)",
    re.IGNORECASE,
)


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) for every non-empty line."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        if stripped:
            out.append((m.start() + lead, m.start() + lead + len(stripped), stripped))
    return out


def _date_of(date_text: str) -> dt.date | None:
    found = find_dates(date_text)
    return found[0].date if found else None


def normalise_published(value) -> str | None:
    """Validate a given publication date (ISO string, date, or a Vietnamese form) to "YYYY-MM-DD".

    >>> normalise_published("2015-07-08"), normalise_published("08/07/2015"), normalise_published("2015-02-30")
    ('2015-07-08', '2015-07-08', None)
    >>> normalise_published("2021-04-08T05:37:00+07:00"), normalise_published(None)
    ('2021-04-08', None)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$", text)
    if m:
        date = valid_date(int(m[1]), int(m[2]), int(m[3]))
        return date.isoformat() if date else None
    date = _date_of(text)
    return date.isoformat() if date else None


def _is_date_line(line: str) -> bool:
    return bool(DATE_LINE.match(line))


def detect_outlet(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The outlet code opening the lede, and its span.

    >>> detect_outlet("Tiêu đề\\nLSO - Xác định được vai trò")[0], detect_outlet("(TUAG)- Học tập")[0]
    ('LSO', 'TUAG')
    >>> detect_outlet("(QBĐT) - Sáng nay")[0], detect_outlet("TP. Thanh Hóa cũng là")[0]
    ('QBĐT', None)
    """
    for start, end, line in _lines(text)[:8]:
        m = OUTLET.match(line)
        if m:
            code = m.group("paren") or m.group("bare") or m.group("paren2")
            if code in ("TP", "UBND", "HĐND", "MTTQ") or re.fullmatch(r"[IVXLC]+", code):
                continue
            code_start = start + line.index(code)
            return code, (code_start, code_start + len(code))
    return None, None


# Sentences run on inside one line: a full stop, then the next sentence's capital.
_SENTENCE_JOIN = re.compile(r"[.!?…]\s+[\"“]?(\w)")


def _paragraph(line: str) -> bool:
    """A line of several sentences ("... năm 2020. Hội nghị ...") is body text, never a title."""
    return any(m.group(1).isupper() for m in _SENTENCE_JOIN.finditer(line))


def detect_title(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The title line (without a trailing "( dd/mm/yyyy)") and its span in ``text``.

    >>> detect_title("Thứ năm, 20/01/2022\\nLạng Sơn tích cực quán triệt\\nLSO - Xác định")[0]
    'Lạng Sơn tích cực quán triệt'
    >>> detect_title("Lạng Sơn nâng cao chất lượng ( 08/07/2015)\\nThân bài.")[0]
    'Lạng Sơn nâng cao chất lượng'
    """
    all_lines = _lines(text)
    lines = all_lines[:7]
    for k, (start, end, line) in enumerate(lines[:6]):
        if _is_date_line(line) or LABELLED_DATE.match(line) or OUTLET.match(line):
            continue
        if len(line) > 300 and _paragraph(line):
            return None, None  # a paragraph of sentences: the excerpt starts in the body, below its title
        if len(line.split()) < 4 or _UPPER_NAME.match(line) or len(line) > 300:
            continue  # "Trang chủ", a lone byline or a run of menu words is not a title
        if line.endswith("/."):
            continue  # "./." closes an article: the end of the body, not a title
        if k == len(all_lines) - 1 and k > 0 and not re.search(r"[.!?…:\"”)]$", line):
            continue  # the excerpt's last line, cut off mid-word, is what is left of the body
        if re.search(r"\s(?:>|»|›|/|\|)\s", line) and not TITLE_DATE.search(line):
            continue  # a breadcrumb: "Trang chủ > Xây dựng Đảng > Tin tức"
        if _CHROME_LINE.match(line):
            continue  # site furniture the cleaner may have left: "Truy cập hiện tại", "Đang có 50 khách"
        if _not_a_title(line):
            continue  # a photo caption, a menu label, the site's name or a date stamp
        if line.isascii() and not text.isascii():
            continue  # typed without diacritics in a Vietnamese text: a video label or a slug ("HOI NGHI LAN THU 12 ...")
        if _body_line(line, lines[k + 1][2] if k + 1 < len(lines) else None):
            return None, None  # the excerpt starts below its title: the first line of text is the body
        m = TITLE_DATE.search(line)
        if m:
            line = line[: m.start()].rstrip()
            end = start + len(line)
        return line, (start, end)
    return None, None


def detect_published(text: str, title_span: tuple[int, int] | None = None) -> tuple[str | None, str | None]:
    """(ISO publication date or None, the evidence: the text the date came from).

    >>> detect_published("Thứ năm, 20/01/2022\\nTiêu đề bài\\nNội dung ngày 15-1-2024.")
    ('2022-01-20', 'Thứ năm, 20/01/2022')
    >>> detect_published("Tiêu đề ( 08/07/2015)\\nNội dung")[0]
    '2015-07-08'
    >>> detect_published("Tiêu đề\\nHội nghị tổ chức ngày 15-1-2024, tháng 4-2024.")
    (None, None)
    """
    lines = _lines(text)
    if not lines:
        return None, None
    # 1. A date closing the title line: "Tiêu đề ( 08/07/2015)", "Tiêu đề - 08/07/2015".
    if title_span is not None:
        head = [ln for ln in lines[:8] if ln[0] <= title_span[0] < ln[1] + 1]
    else:
        head = [ln for ln in lines[:3] if not _is_date_line(ln[2])][:1]
    for start, end, line in head:
        m = TITLE_DATE.search(line)
        if m and not _is_date_line(line):
            date = _date_of(m.group("date") or m.group("date2") or m.group("date3"))
            if date:
                return date.isoformat(), line[m.start():].strip()
    candidates: list[tuple[int, int, str, dt.date]] = []  # (rank, distance, evidence, date)
    title_index = None
    if title_span:
        for i, (start, end, line) in enumerate(lines):
            if start <= title_span[0] < end + 1:
                title_index = i
                break
    # 2. Header lines near the top (before the body gets going) and lines after the byline at the end.
    zone = list(enumerate(lines[:8]))
    for i, (start, end, line) in zone:
        m = DATE_LINE.match(line)
        if not m:
            continue
        date = _date_of(m.group("date"))
        if not date:
            continue
        weekday = m.group("weekday")
        if weekday and weekday_matches(weekday, date) is False:
            continue  # a date that contradicts its weekday is not trustworthy
        rank = 0 if m.group("label") else (1 if (m.group("time1") or m.group("time2") or m.group("time3")) else 2)
        distance = abs(i - title_index) if title_index is not None else i
        above = 1 if title_index is not None and i < title_index else 0
        candidates.append((rank, above, distance, line, date))
    # 3. Labelled dates anywhere ("Đăng ngày: 08/07/2015"), unless they form a list (related links).
    labelled = [m for m in LABELLED_DATE.finditer(text)]
    if len(labelled) == 1:
        m = labelled[0]
        date = _date_of(m.group("date"))
        weekday = m.group("weekday")
        if date and not (weekday and weekday_matches(weekday, date) is False):
            candidates.append((0, 0, 0, m.group().strip(), date))
    # 4. A bare date line among the last lines (some sites print the date under the byline).
    for start, end, line in lines[-3:]:
        m = DATE_LINE.match(line)
        if m and len(lines) > 3:
            date = _date_of(m.group("date"))
            if date:
                candidates.append((3, 0, 0, line, date))
    lede = _lede_date(lines, title_index)
    if lede and candidates and all(rank > 0 and above and (date - lede[0]).days > LEDE_BANNER_DAYS
                                   for rank, above, _, _, date in candidates):
        stamps = "; ".join(f"'{c[3]}'" for c in sorted(candidates, key=lambda c: c[:3]))
        return lede[0].isoformat(), (f"lede event date: {lede[1]} (above the title, {stamps} is later: "
                                     f"the page's date stamp, not the article's)")
    if not candidates:
        return None, None
    candidates.sort(key=lambda c: c[:3])
    return candidates[0][4].isoformat(), candidates[0][3]


def _lede_date(lines: list[tuple[int, int, str]], title_index: int | None) -> tuple[dt.date, str] | None:
    """The date opening a news lede (the first paragraph after the title) when it reports an event."""
    start = title_index + 1 if title_index is not None else 0
    for _, _, line in lines[start:start + 4]:
        if _is_date_line(line) or LABELLED_DATE.match(line) or len(line) < 60:
            continue  # a date line, a byline or a caption before the lede
        m = _LEDE_DATE.match(line)
        if not m or not _EVENT_VERB.search(m.group("rest")):
            return None
        date = _date_of(m.group("date"))
        return (date, line[:m.end("date")].strip()) if date else None
    return None


DATE_IN_TEXT_PARAGRAPHS = 2  # the lede and the paragraph after it: later dates are history or plans
# A cited document's date: the date follows its number or code ("số 33-NQ/TW ngày 9/6/2014",
# "Kế hoạch 12-KH/TU, ngày ...", "Quyết định số 15 ngày ...")
_CITED_DOCUMENT_BEFORE = re.compile(
    r"(?:\d+\s*[-/]\s*[A-ZĐ]{1,6}(?:\s*/\s*[A-ZĐ]{1,6})*|\bsố\s+\S+)\s*,?\s*(?:của\s+[^,.;]{0,60}?\s*,?\s*)?(?:ban\s+hành\s+)?"
    r"(?:ngày\s+)?$", re.IGNORECASE)


def detect_date_in_text(text: str, title_span: tuple[int, int] | None = None) -> tuple[str | None, str | None]:
    """(ISO date or None, evidence): the first full date written in the first body paragraphs.

    Approximate, and not a publication date: the date of an event the article reports (see the
    module notes). Date lines above the body and the dates of cited documents do not count.

    >>> detect_date_in_text("Tiêu đề bài viết đủ dài\\nSáng nay 3/4/2019, tỉnh ủy tổ chức hội nghị quán triệt cho cán bộ chủ chốt.")
    ('2019-04-03', 'first full date in the first paragraphs: "Sáng nay 3/4/2019, tỉnh ủy tổ chức hội nghị quán"')
    >>> detect_date_in_text("Tiêu đề bài\\nKỷ niệm 90 năm Ngày thành lập Đảng (3/2/1930 - 3/2/2020), xã tổ chức lễ trao huy hiệu.")
    (None, None)
    >>> detect_date_in_text("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, huyện ủy tổ chức học tập.")
    (None, None)
    """
    paragraphs = []
    for start, end, line in _lines(text)[:9]:
        if title_span is not None and start <= title_span[0] < end + 1:
            continue  # the title (an excerpt may open with its lede above a caption taken for the title)
        if _is_date_line(line) or LABELLED_DATE.match(line) or _date_stamp_line(line) or len(line) < 60:
            continue  # a date line, a byline, a caption or a stamp: not the body
        paragraphs.append(line)
        if len(paragraphs) == DATE_IN_TEXT_PARAGRAPHS:
            break
    for line in paragraphs:
        for found in find_dates(line):
            if _CITED_DOCUMENT_BEFORE.search(line[max(0, found.start - 80):found.start]):
                continue
            if re.match(r"\s*[–—-]\s*\d", line[found.end:]) or re.search(r"\d\s*[–—-]\s*$", line[:found.start]):
                continue  # a span of dates is an anniversary ("(3/2/1930 – 3/2/2020)"), not the day of writing
            left = line.rfind(" ", 0, max(0, found.start - 12)) + 1 if found.start > 12 else 0
            right = line.find(" ", min(len(line), found.end + 30))
            snippet = line[left:right if right > 0 else len(line)].strip()
            return found.date.isoformat(), f'first full date in the first paragraphs: "{snippet}"'
    return None, None


def detect_author(text: str, title_span: tuple[int, int] | None = None) -> dict:
    """The byline: ``{"author", "author_role", "author_span"}`` (None values when absent).

    >>> detect_author("Tiêu đề\\nThân bài dài dòng.\\nHỒ XUÂN HƯƠNG")["author"]
    'HỒ XUÂN HƯƠNG'
    >>> d = detect_author("Tiêu đề\\nThân bài.\\nTRÌNH LAM SINH\\nTỉnh ủy viên, Phó Trưởng Ban Tuyên giáo Tỉnh ủy")
    >>> d["author"], d["author_role"]
    ('TRÌNH LAM SINH', 'Tỉnh ủy viên, Phó Trưởng Ban Tuyên giáo Tỉnh ủy')
    >>> detect_author("Bắc Ninh: tiêu đề\\nThảo Nguyên\\nCác cấp ủy Đảng đã hoàn thành.", (0, 17))["author"]
    'Thảo Nguyên'
    """
    none = {"author": None, "author_role": None, "author_span": None}
    lines = _lines(text)
    if not lines:
        return none
    # Labelled bylines: "Tác giả: ...", "Bài và ảnh: ...", "Theo: ..." - unless several lines carry
    # such labels (a list of related articles left by the scraper).
    labelled = [ln for ln in lines if _AUTHOR_LABEL.match(ln[2])]
    for start, end, line in (lines[:4] + lines[-4:]) if len(labelled) <= 1 else []:
        m = _AUTHOR_LABEL.match(line)
        if m:
            name = m.group("name").strip()
            return {"author": name, "author_role": None,
                    "author_span": (start + m.start("name"), start + m.start("name") + len(name))}
    if len(labelled) > 1:
        # drop the related-article list (and its headings) from the end before looking for the byline
        while lines and (_AUTHOR_LABEL.match(lines[-1][2]) or lines[-1][2] in ("Các bài trước", "Các bài tiếp")):
            lines = lines[:-1]
        if not lines:
            return none
    # "Minh Hà - Ảnh: Thu Trang": the photo credit is not the author
    start, end, line = lines[-1]
    credit = _PHOTO_CREDIT.search(line)
    if credit and credit.start() > 0:
        lines = lines[:-1] + [(start, start + credit.start(), line[: credit.start()])]
    start, end, line = lines[-1]
    # "Minh Hà – Thu Trang": two authors
    pair = re.fullmatch(r"(?P<a>[^–\-()]{4,40}?)\s+[–-]\s+(?P<b>[^–\-()]{4,40})", line)
    if pair and _looks_like_name(pair["a"].strip()) and _looks_like_name(pair["b"].strip()):
        return {"author": line, "author_role": None, "author_span": (start, end)}
    # "H.P", "T.H.", "N.Hà": initials closing the text
    if _INITIALS.fullmatch(line):
        return {"author": line, "author_role": None, "author_span": (start, end)}
    # "NGUYỄN VĂN A - Phó Trưởng Ban Tổ chức Tỉnh ủy", "Trần Thị B (Trường Chính trị tỉnh)" closing the text
    inline = re.match(r"^(?P<name>[^()\-–]{4,45}?)\s*(?:[-–]\s*(?P<role1>.+)|\((?P<role2>[^()]+)\))\s*$", line)
    if inline and _looks_like_name(inline.group("name").strip()):
        role = (inline.group("role1") or inline.group("role2")).strip()
        if _ROLE_WORDS.search(role) and len(role) < 160:
            name = inline.group("name").strip()
            return {"author": name, "author_role": role, "author_span": (start, start + len(name))}
    # Byline at the end: the last line, or the line before a role line.
    tail = lines[-3:]
    for j in range(len(tail) - 1, -1, -1):
        start, end, line = tail[j]
        if _looks_like_name(line):
            role = None
            if j + 1 < len(tail) and _ROLE_WORDS.search(tail[j + 1][2]) and len(tail[j + 1][2]) < 160:
                role = tail[j + 1][2]
            elif j != len(tail) - 1:
                continue  # a name line must close the article or be followed by its role line
            if _UPPER_NAME.match(line) or role or j == len(tail) - 1:
                name = re.sub(r"\s*\((?:tổng hợp|TH|lược dịch|CTV)\)\s*$", "", line)
                return {"author": name, "author_role": role, "author_span": (start, start + len(name))}
    # A short name line right under the title, perhaps with an affiliation in brackets:
    # "Thảo Nguyên", "Nguyễn Văn An (Trường Chính trị tỉnh)".
    if title_span is not None:
        for i, (start, end, line) in enumerate(lines[:6]):
            if start >= title_span[1]:
                if _looks_like_name(line):
                    return {"author": line, "author_role": None, "author_span": (start, end)}
                affiliated = re.fullmatch(r"(?P<name>[^()]{4,45}?)\s*\((?P<role>[^()]{3,120})\)", line)
                if affiliated and _looks_like_name(affiliated["name"].strip()) and _ROLE_WORDS.search(affiliated["role"]):
                    name = affiliated["name"].strip()
                    return {"author": name, "author_role": affiliated["role"].strip(),
                            "author_span": (start, start + len(name))}
                break
    return none


def _looks_like_name(line: str) -> bool:
    if len(line) > 45 or any(c.isdigit() for c in line) or resolve_province(line):
        return False
    if _UPPER_NAME.match(line):
        words = line.split()
        return 2 <= len(words) <= 5 and not any(w.title() in _not_name_words() for w in words)
    if _TITLE_NAME.match(line):
        words = re.sub(r"\(.*\)", "", line).split()
        return not any(w in _not_name_words() for w in words)
    return False


def extract_metadata(text: str, variables: dict | None = None) -> dict:
    """Title, published, author, outlet (+ spans and evidence) for one clean document.

    Given variables (``title``, ``published``, ``author``, ``outlet``) win when valid.
    """
    variables = variables or {}
    title, title_span = detect_title(text)
    given_title = variables.get("title")
    if isinstance(given_title, str) and given_title.strip():
        given_title = normalize_text(given_title).replace("\n", " ")
        found = text.find(given_title[:60])
        title = given_title
        title_span = (found, found + len(given_title)) if 0 <= found < 2000 and text.startswith(given_title, found) else None
    published, published_evidence = detect_published(text, title_span)
    if variables.get("published") not in (None, ""):
        given = normalise_published(variables.get("published"))
        if given:
            published, published_evidence = given, "variables"
    date_in_text, date_in_text_evidence = detect_date_in_text(text, title_span)
    byline = detect_author(text, title_span)
    author = byline["author"]
    if isinstance(variables.get("author"), str) and variables["author"].strip():
        author = normalize_text(variables["author"]).replace("\n", " ")
        byline = {**byline, "author_role": byline["author_role"] if byline["author"] == author else None}
    outlet, outlet_span = detect_outlet(text)
    if isinstance(variables.get("outlet"), str) and variables["outlet"].strip():
        outlet = variables["outlet"].strip()
    return {
        "title": title,
        "title_span": list(title_span) if title_span else None,
        "published": published,
        "published_evidence": published_evidence,
        "date_in_text": date_in_text,
        "date_in_text_evidence": date_in_text_evidence,
        "author": author,
        "author_role": byline["author_role"],
        "outlet": outlet,
    }
