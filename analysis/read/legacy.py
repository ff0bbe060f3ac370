"""Legacy Vietnamese font encodings converted to Unicode: TCVN3 (TCVN 5712:1993, VN1 and ABC)
and VNI (VNI-Windows).

Before Unicode, Vietnamese text was typed in fonts that draw Vietnamese letters at the code points
of Western letters: a file in such a font, read as Windows-1252, shows "TØnh ñy" (TCVN3) or
"Tænh uûy" (VNI). The tables are public (TCVN 5712:1993; VNI Software's VNI-Windows); they are
written out below.

- TCVN3 maps each letter with diacritics to one byte. The standard has two tables that share
  their small letters:
  - VN1, the full one, also gives every capital letter with a tone mark a byte of its own: some in
    the control range 0x01-0x17 (never tab, line feed or carriage return), all of 0x80-0x9F and
    free places among 0xAF-0xFF; 0xB0-0xB4 are the five tone marks as combining marks.
  - VN3, the "ABC" set of the .VnTime fonts, leaves 0x00-0x1F and 0x80-0x9F to Windows (there a
    file has its punctuation: "–", "…", curly quotes) and holds only the small letters and the
    seven capital base letters (Ă Â Đ Ê Ô Ơ Ư); capital letters with tone marks are drawn by a
    second font (".VnTimeH") at the code points of the small ones, so in a plain text file they
    cannot be told apart and come back as small letters.
  Which of the two a text is in is decided by `tcvn3_variant`.
- VNI writes a base letter followed by one code point for its marks ("a" + "ù" = "á",
  "a" + "á" = "ấ"), with capital forms of the marks for capital letters, so case is kept.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["from_tcvn3", "from_tcvn3_bytes", "tcvn3_variant", "from_vni",
           "TCVN3_VN1", "TCVN3_LETTERS", "VN1_CONTROL_LETTERS", "VNI_SEQUENCES"]

# TCVN 5712:1993 VN1: byte -> letter (or combining tone mark), for every byte that is not the
# same character as in ASCII / Latin-1. Derived once, at development time, from glibc's iconv
# (charset TCVN5712-1, glibc 2.36): each of the 134 precomposed Vietnamese letters (12 vowels with
# and without their 5 tone marks, ă â ê ô ơ ư đ, small and capital) encoded with
# `printf %s LETTER | iconv -f utf-8 -t TCVN5712-1` gives exactly one byte, all different, and
# every byte decoded with `iconv -f TCVN5712-1 -t utf-8` gives this table back. The small letters
# and the seven capital base letters are the ABC (VN3) table below; tests/test_build_trust.py
# checks that, and compares encoded seeds with iconv where it is installed.
TCVN3_VN1: dict[int, str] = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ",
    0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ", 0x80: "À", 0x81: "Ả", 0x82: "Ã", 0x83: "Á",
    0x84: "Ạ", 0x85: "Ặ", 0x86: "Ậ", 0x87: "È", 0x88: "Ẻ", 0x89: "Ẽ", 0x8A: "É", 0x8B: "Ẹ",
    0x8C: "Ệ", 0x8D: "Ì", 0x8E: "Ỉ", 0x8F: "Ĩ", 0x90: "Í", 0x91: "Ị", 0x92: "Ò", 0x93: "Ỏ",
    0x94: "Õ", 0x95: "Ó", 0x96: "Ọ", 0x97: "Ộ", 0x98: "Ờ", 0x99: "Ở", 0x9A: "Ỡ", 0x9B: "Ớ",
    0x9C: "Ợ", 0x9D: "Ù", 0x9E: "Ủ", 0x9F: "Ũ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô",
    0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ",
    0xAD: "ư", 0xAE: "đ", 0xAF: "Ằ", 0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301",
    0xB4: "\u0323", 0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ", 0xBA: "Ẳ", 0xBB: "ằ",
    0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ",
    0xC4: "Ấ", 0xC5: "Ề", 0xC6: "ặ", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCD: "Ể", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ", 0xD2: "ề", 0xD3: "ể",
    0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ", 0xD7: "ì", 0xD8: "ỉ", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ",
    0xDC: "ĩ", 0xDD: "í", 0xDE: "ị", 0xDF: "ò", 0xE0: "Ổ", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó",
    0xE4: "ọ", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ", 0xEA: "ờ", 0xEB: "ở",
    0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ", 0xEF: "ù", 0xF0: "Ỗ", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú",
    0xF4: "ụ", 0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự", 0xFA: "ỳ", 0xFB: "ỷ",
    0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ", 0xFF: "Ố",
}

# TCVN3 (ABC, VN3): code point (as decoded from Windows-1252) -> letter, written out from the
# ABC table itself (small letters in tone order), independently of the VN1 table above.
_TCVN3_SMALL = {
    "a": "µ¸¶·¹", "ă": "»¾¼½Æ", "â": "ÇÊÈÉË", "e": "ÌÐÎÏÑ", "ê": "ÒÕÓÔÖ", "i": "×ÝØÜÞ",
    "o": "ßãáâä", "ô": "åèæçé", "ơ": "êíëìî", "u": "ïóñòô", "ư": "õøö÷ù", "y": "úýûüþ",
}
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below (TCVN3 order)
TCVN3_LETTERS: dict[str, str] = {"¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
                                 "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ"}
for _base, _codes in _TCVN3_SMALL.items():
    for _code, _tone in zip(_codes, _TONES):
        TCVN3_LETTERS[_code] = unicodedata.normalize("NFC", _base + _tone)
_ABC_TABLE = str.maketrans(TCVN3_LETTERS)


def _windows_1252(byte: int) -> str:
    """The character Windows-1252 gives a byte; its five undefined bytes as the C1 control
    characters of the same number (as ftfy's "sloppy-windows-1252" reads them)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# VN1 over text: a file read as Windows-1252 (or typed in a VN1 font and saved as Unicode) has
# the capitals of 0x80-0x9F as Windows punctuation ("Ủ" is "ž", "Ọ" is "–") or, where Windows-1252
# has no character, as C1 control characters; Latin-1 readings (C1 controls) are accepted too.
_VN1_TEXT: dict[str, str] = {}
for _byte, _letter in TCVN3_VN1.items():
    _VN1_TEXT[chr(_byte)] = _letter
    _VN1_TEXT[_windows_1252(_byte)] = _letter
_VN1_TABLE = str.maketrans(_VN1_TEXT)
# VN1 over bytes: a charmap decoding table (bytes outside the table are ASCII / Latin-1).
_VN1_DECODING = "".join(TCVN3_VN1.get(byte, chr(byte)) for byte in range(256))

# Bytes that only VN1 gives a meaning: its letters among the control characters (0x01-0x17) and
# where Windows-1252 has no character (0x81 0x8D 0x8F 0x90 0x9D). Any of them decides for VN1.
_VN1_ONLY = "".join(sorted({chr(b) for b in TCVN3_VN1 if b < 0x20} | {chr(b) for b in range(0x80, 0xA0)}))
# The control characters (C0 and C1) that are letters in VN1, in any reading of its bytes.
VN1_CONTROL_LETTERS = frozenset(_VN1_ONLY)
_VN1_ONLY_PATTERN = re.compile("[" + re.escape(_VN1_ONLY) + "]")
# Code points that are letters in VN1 and something else in ABC files: Windows punctuation at
# 0x80-0x9F ("–" or Ọ?) and the free places of ABC among 0xAF-0xFF ("À" or Ắ?).
_CONTESTED = "".join(sorted(
    _windows_1252(b) for b, letter in TCVN3_VN1.items()
    if 0x80 <= b < 0xA0 and _windows_1252(b) != chr(b) or b >= 0xA0 and chr(b) not in TCVN3_LETTERS
    and not unicodedata.combining(letter) and chr(b) != letter
))
_CONTESTED_WORD = re.compile(r"[^\W\d_]*[" + re.escape(_CONTESTED) + r"][^\W\d_]*")
_TONE_MARKS = re.compile("[" + _TONES + "]")
# A Vietnamese syllable without its tone mark: onset, vowel cluster, final consonant.
_SYLLABLE = re.compile(
    "(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    "(?:uyê|uya|uyu|oai|oay|oeo|uây|uôi|ươi|ươu|iêu|yêu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|"
    "ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|ưa|ưi|ươ|ưu|uy|yê|[aăâeêioôơuưy])"
    "(?:ch|nh|ng|[cmnpt])?"
)
_COMBINED = re.compile(r"[^\W\d_][\u0300\u0301\u0303\u0309\u0323]+")


def _is_syllable(word: str) -> bool:
    bare = unicodedata.normalize("NFC", _TONE_MARKS.sub("", unicodedata.normalize("NFD", word.lower())))
    return _SYLLABLE.fullmatch(bare) is not None


def tcvn3_variant(text: str) -> str:
    r"""Which TCVN3 table a text (read as Windows-1252) is in: "VN1" or "ABC".

    VN1 when a character only VN1 explains is there (a letter among the control characters or
    at a byte Windows-1252 leaves undefined); otherwise the words that hold a contested
    character ("ž" in "žy": Ủ or punctuation?) vote: read with VN1, a valid Vietnamese syllable
    ("Ủy") is a vote for VN1, anything else ("“Nghị" as "Ỏnghị", "don’t") one for ABC; a
    contested character standing alone ("–") does not vote. A tie is ABC.

    >>> tcvn3_variant("\x16 kiÕn"), tcvn3_variant("žy ban nh©n d©n"), tcvn3_variant("“NghÞ quyÕt” – 2024")
    ('VN1', 'VN1', 'ABC')
    """
    if _VN1_ONLY_PATTERN.search(text):
        return "VN1"
    votes = 0
    for match in _CONTESTED_WORD.finditer(text):
        word = match.group()
        if len(word) == 1:
            continue
        votes += 1 if _is_syllable(word.translate(_VN1_TABLE)) else -1
    return "VN1" if votes > 0 else "ABC"


def _composed(text: str) -> str:
    """VN1's combining tone marks (0xB0-0xB4) composed with the letter before them (NFC)."""
    return _COMBINED.sub(lambda m: unicodedata.normalize("NFC", m.group()), text)


def from_tcvn3(text: str, variant: str | None = None) -> str:
    r"""Text in the TCVN3 font encoding, read as Windows-1252, in Unicode; ``variant`` "VN1" or
    "ABC", else decided by `tcvn3_variant`.

    >>> from_tcvn3("TØnh ñy L¹ng S¬n qu¸n triÖt nghÞ quyÕt")
    'Tỉnh ủy Lạng Sơn quán triệt nghị quyết'
    >>> from_tcvn3("™ TØnh žy, \x81nh \x16 kiÕn")
    'Ở Tỉnh Ủy, Ảnh Ý kiến'
    """
    if (variant or tcvn3_variant(text)) == "VN1":
        return _composed(text.translate(_VN1_TABLE))
    return text.translate(_ABC_TABLE)


def from_tcvn3_bytes(data: bytes, variant: str | None = None) -> str:
    r"""The bytes of a TCVN3 file in Unicode: VN1 decoded from the bytes themselves (its
    capitals at control-character places and at bytes Windows-1252 has no character for);
    ABC as `from_tcvn3` of the Windows-1252 reading.

    >>> from_tcvn3_bytes(bytes([0x9E]) + b"y ban nh\xa9n d\xa9n t\xd8nh")
    'Ủy ban nhân dân tỉnh'
    """
    western = data.decode("latin-1").translate(_LATIN1_TO_1252)
    if (variant or tcvn3_variant(western)) == "VN1":
        return _composed(codecs.charmap_decode(data, "strict", _VN1_DECODING)[0])
    return western.translate(_ABC_TABLE)


_LATIN1_TO_1252 = str.maketrans({chr(b): _windows_1252(b) for b in range(0x80, 0xA0)})


# VNI: base letter + mark code point(s) -> letter; the marks of capital letters are the capital
# forms of those of small letters.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_I = {"í": "\u0301", "ì": "\u0300", "æ": "\u0309", "ó": "\u0303", "ò": "\u0323"}


def _vni_sequences() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(code: str, letter: str) -> None:
        table[code] = unicodedata.normalize("NFC", letter)
        table[code.upper()] = unicodedata.normalize("NFC", letter).upper()

    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            add(base + mark, base + tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(base + mark, base + "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "a\u0306" + tone)
    for code, letter in (("ô", "ơ"), ("ö", "ư")):
        add(code, letter)
        for mark, tone in _VNI_TONES.items():
            add(code + mark, letter + tone)
    for mark, tone in _VNI_I.items():
        add(mark, "i" + tone)
    add("î", "ỵ")
    add("ñ", "đ")
    return table


VNI_SEQUENCES = _vni_sequences()
_VNI_PATTERN = re.compile("|".join(re.escape(code) for code in sorted(VNI_SEQUENCES, key=len, reverse=True)))


def from_vni(text: str) -> str:
    """Text in the VNI-Windows font encoding, read as Windows-1252, in Unicode.

    >>> from_vni("Tænh uûy Laïng Sôn quaùn trieät nghò quyeát. ÑAÛNG")
    'Tỉnh ủy Lạng Sơn quán triệt nghị quyết. ĐẢNG'
    """
    return _VNI_PATTERN.sub(lambda m: VNI_SEQUENCES[m.group()], text)
