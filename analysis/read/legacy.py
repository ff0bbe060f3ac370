"""Legacy Vietnamese font encodings converted to Unicode: TCVN3 (ABC) and VNI (VNI-Windows).

Before Unicode, Vietnamese text was typed in fonts that draw Vietnamese letters at the code points
of Western letters: a file in such a font, read as Windows-1252, shows "TØnh ñy" (TCVN3) or
"Tænh uûy" (VNI). Both tables are public (TCVN 5712:1993 VN3, the "ABC" set; VNI Software's
VNI-Windows); they are written out below.

- TCVN3 (ABC) maps each letter with diacritics to one code point. Its one font holds the small
  letters and the seven capital base letters (Ă Â Đ Ê Ô Ơ Ư); capital letters with tone marks are
  drawn by a second font (".VnTimeH") at the code points of the small ones, so in a plain text
  file they cannot be told apart and come back as small letters.
- VNI writes a base letter followed by one code point for its marks ("a" + "ù" = "á",
  "a" + "á" = "ấ"), with capital forms of the marks for capital letters, so case is kept.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["from_tcvn3", "from_vni", "TCVN3_LETTERS", "VNI_SEQUENCES"]

# TCVN3 (ABC): code point (as decoded from Windows-1252) -> letter.
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
_TCVN3_TABLE = str.maketrans(TCVN3_LETTERS)

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


def from_tcvn3(text: str) -> str:
    """Text in the TCVN3 (ABC) font encoding, read as Windows-1252, in Unicode.

    >>> from_tcvn3("TØnh ñy L¹ng S¬n qu¸n triÖt nghÞ quyÕt")
    'Tỉnh ủy Lạng Sơn quán triệt nghị quyết'
    """
    return text.translate(_TCVN3_TABLE)


def from_vni(text: str) -> str:
    """Text in the VNI-Windows font encoding, read as Windows-1252, in Unicode.

    >>> from_vni("Tænh uûy Laïng Sôn quaùn trieät nghò quyeát. ÑAÛNG")
    'Tỉnh ủy Lạng Sơn quán triệt nghị quyết. ĐẢNG'
    """
    return _VNI_PATTERN.sub(lambda m: VNI_SEQUENCES[m.group()], text)
