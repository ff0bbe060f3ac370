"""Bytes -> text: UTF-8 with or without BOM, UTF-16/32 with BOM, Windows-1258, repaired double
encoding (ftfy), legacy font encodings (TCVN3 with its VN1 or ABC table, VNI) converted
(`legacy`); binary files are recognised and refused with a reason that names them (`SkipFile`).
"""
from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

from .legacy import VN1_CONTROL_LETTERS, from_tcvn3, from_tcvn3_bytes, from_vni, tcvn3_variant

from .records import Removal, SkipFile

__all__ = ["decode_bytes"]


# Thresholds (shares of letters or characters) that decide what a text is:
# a legacy font encoding leaves its marker characters on more than 3% of the letters (a foreign
# name or two stays far below that); fewer than 40 letters say nothing either way.
LEGACY_MARKER_SHARE = 0.03
LEGACY_MIN_LETTERS = 40
# Decoded Windows-1258 Vietnamese has 20-30% letters with diacritics; 8% leaves room for short,
# name-heavy texts while rejecting Latin-1 gibberish.
CP1258_MIN_VIETNAMESE_SHARE = 0.08
# Real text has almost no control characters; 1% of them means binary data decoded as text.
BINARY_MAX_CONTROL_SHARE = 0.01
# NUL bytes in the first 4 KiB of a file without a UTF-16 byte-order mark mean binary data.
NUL_SCAN_BYTES = 4096
# A UTF-8 character is at most 4 bytes: a cut inside one leaves at most 3 bytes at the end.
MAX_CUT_CHARACTER_BYTES = 3

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\xd0\xcf\x11\xe0", "an MS Office (OLE) document such as .doc"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
]

# Letters that exist only in Vietnamese (with diacritics); a correctly decoded Vietnamese text is
# full of them, a mis-decoded one is not.
_VIETNAMESE_LETTERS = set(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
# TCVN3 maps small Vietnamese letters onto these Latin-1 code points (the same in its VN1 and ABC
# tables); text decoded from such a file (or typed in a TCVN3 font) shows them in large numbers
# and almost no real Vietnamese letters.
_TCVN3_MARKERS = set("¸µ¶·¹¨©ª«®¬¦§ÆÇË×ØÙÞßåæçëîïñöøûüþ")
_VNI_MARKERS = set("øûïäëöñæåÿ")
# VNI writes a base letter followed by a Latin-1 symbol for the diacritic ("Vieät", "ñaûng").
_TCVN3_MARKER = re.compile("[" + re.escape("".join(sorted(_TCVN3_MARKERS))) + "]")
_VNI_MARKER = re.compile("[" + re.escape("".join(sorted(_VNI_MARKERS))) + "]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_VNI_PATTERN = re.compile(r"[aeiouyAEIOUY][øùûõïâêôæåäöëáàéèò]|ñ[a-zø-ÿ]")


_VIETNAMESE_LETTER = re.compile("[" + "".join(sorted(_VIETNAMESE_LETTERS)) + "]")
_LETTER = re.compile(r"[^\W\d_]")


def _vietnamese_share(text: str) -> float:
    """Share of letters that exist only in Vietnamese (with diacritics)."""
    lowered = text.lower()
    letters = len(_LETTER.findall(lowered))
    return len(_VIETNAMESE_LETTER.findall(lowered)) / letters if letters else 0.0


def _legacy_encoding(text: str) -> str | None:
    """Name the legacy Vietnamese font encoding a decoded text seems to be in, if any.

    Both TCVN3 and VNI leave characters that never occur in Unicode Vietnamese (TCVN3: "¸µ¶·¹§";
    VNI: "ø û ï ä ë ö ñ" after vowels). A few of them (a foreign name) are fine; 3% of the
    letters is not.
    """
    # Regex scans, not per-character Python loops: this runs on every file of the corpus.
    letters = sum(map(len, _LETTER_RUN.findall(text)))
    if letters < LEGACY_MIN_LETTERS:
        return None
    tcvn3 = len(_TCVN3_MARKER.findall(text)) / letters
    vni = len(_VNI_MARKER.findall(text)) / letters
    if tcvn3 > LEGACY_MARKER_SHARE and tcvn3 >= vni:
        return "TCVN3"
    if vni > LEGACY_MARKER_SHARE and _VNI_PATTERN.search(text):
        return "VNI"
    return None


_MOJIBAKE = re.compile("Ã.|á»|áº|Ä‘|Æ°")


def _fix_double_utf8(text: str) -> str | None:
    """Repair UTF-8 that was decoded as Windows-1252 or Latin-1 and saved again ("Tá»‰nh á»§y",
    with C1 control characters where Windows-1252 has no character) with ftfy; None when the
    text shows no such damage or the repair would not make it more Vietnamese."""
    if not _MOJIBAKE.search(text):
        return None
    repaired = ftfy.fix_encoding(text)
    if repaired != text and _vietnamese_share(repaired) > _vietnamese_share(text):
        return repaired
    return None


def decode_bytes(data: bytes) -> tuple[str, str, list[Removal]]:
    """Decode the bytes of one article; return (text, encoding name, decoding notes).

    Raises `SkipFile` with a specific reason when the bytes are not Vietnamese text we can trust.

    >>> decode_bytes("Tỉnh ủy".encode("utf-8"))[:2]
    ('Tỉnh ủy', 'utf-8')
    >>> decode_bytes(codecs.BOM_UTF8 + "Tỉnh ủy".encode("utf-8"))[:2]
    ('Tỉnh ủy', 'utf-8-sig')
    """
    notes: list[Removal] = []
    if not data:
        raise SkipFile("empty file (0 bytes)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SkipFile(f"binary file: the bytes are {what}, not text")
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        encoding = "utf-32"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    else:
        encoding = None
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise SkipFile(f"invalid {encoding} text at byte {error.start} despite its byte-order mark") from None
    else:
        if b"\x00" in data[:NUL_SCAN_BYTES]:
            raise SkipFile("binary file: contains NUL bytes and no UTF-16 byte-order mark")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as error:
            tail = len(data) - error.start
            if error.reason == "unexpected end of data" and tail <= MAX_CUT_CHARACTER_BYTES:
                # The file was cut inside a multi-byte character: keep everything before it.
                text = data[: error.start].decode("utf-8")
                encoding = "utf-8"
                notes.append(Removal("decoding", "truncated-utf8", repr(data[error.start:]), -1))
            else:
                text, encoding = _decode_legacy(data, error, notes)
    # Double-encoded UTF-8 holds C1 control characters (bytes Windows-1252 leaves undefined):
    # repair it before deciding that control characters mean binary data.
    repaired = _fix_double_utf8(text)
    if repaired is not None:
        notes.append(Removal("decoding", "double-encoded-utf8", "text was UTF-8 decoded twice; repaired", -1))
        text = repaired
    legacy = _legacy_encoding(text)
    # TCVN3 VN1 has capital letters among the control characters: in a text that is otherwise
    # TCVN3 they are letters, not a sign of binary data.
    control_share = _control_share(text, letters_allowed=legacy == "TCVN3")
    if control_share > BINARY_MAX_CONTROL_SHARE:
        raise SkipFile(f"binary file: {control_share:.0%} control characters after decoding as {encoding}")
    if legacy:  # typed in a legacy font, then saved as Unicode text: convert the letters
        text = _converted(text, legacy, notes)
        encoding = f"{encoding}+{_LEGACY_NAMES[legacy]}"
    return text, encoding, notes


_LEGACY_NAMES = {"TCVN3": "tcvn3", "VNI": "vni"}
_TCVN3_NOTES = {
    "VN1": "converted from the TCVN3 font encoding (TCVN 5712:1993 VN1 table, capital letters with tone marks kept)",
    "ABC": "converted from the TCVN3 font encoding (ABC table: capital letters with tone marks cannot be told "
           "from small ones in ABC and come back small)",
}


def _converted(text: str, legacy: str, notes: list[Removal], data: bytes | None = None) -> str:
    """``text`` converted from a legacy font encoding (a decoding note records it); SkipFile when
    the conversion does not give Vietnamese. ``data``: the file's bytes when ``text`` is their
    Windows-1252 reading (TCVN3 is then decoded from the bytes)."""
    if legacy == "TCVN3":
        variant = tcvn3_variant(text)
        converted = from_tcvn3_bytes(data, variant) if data is not None else from_tcvn3(text, variant)
        note = _TCVN3_NOTES[variant]
    else:
        converted = from_vni(text)
        note = f"converted from the {legacy} font encoding"
    if _vietnamese_share(converted) <= CP1258_MIN_VIETNAMESE_SHARE:
        raise SkipFile(f"legacy Vietnamese font encoding {legacy} detected, but converting it does not give "
                       "Vietnamese text; convert the file to Unicode (e.g. with UniKey's converter) and add it again")
    notes.append(Removal("decoding", f"legacy-{_LEGACY_NAMES[legacy]}", note, -1))
    return converted


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The same without the characters that are letters in TCVN3 VN1 (0x01-0x17 but not tab, line
# feed or carriage return; 0x80-0x9F): a TCVN3 text may hold them.
_CONTROL_NOT_VN1 = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]
                  if chr(c) not in VN1_CONTROL_LETTERS) + "]"
)


def _control_share(text: str, letters_allowed: bool = False) -> float:
    """Share of control characters (other than line and tab breaks): high in binary data.
    ``letters_allowed``: the text is TCVN3, whose VN1 table has letters among them."""
    if not text:
        return 0.0
    return len((_CONTROL_NOT_VN1 if letters_allowed else _CONTROL).findall(text)) / len(text)


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError, notes: list[Removal]) -> tuple[str, str]:
    """Bytes that are not UTF-8: a legacy font encoding (read as Windows-1252, then converted) or
    Windows-1258, whichever gives Vietnamese; else skip."""
    invalid = (f"not valid UTF-8 (bad byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
               "and not recognisable as Windows-1258 Vietnamese")
    lenient = data.decode("utf-8", errors="replace")
    if _vietnamese_share(lenient) > CP1258_MIN_VIETNAMESE_SHARE:
        raise SkipFile(invalid)  # UTF-8 Vietnamese with a few bad bytes: not a legacy encoding
    western = data.decode("sloppy-windows-1252")
    legacy = _legacy_encoding(western)
    if legacy:
        return _converted(western, legacy, notes, data), _LEGACY_NAMES[legacy]
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        composed = unicodedata.normalize("NFC", text)
        if _vietnamese_share(composed) > CP1258_MIN_VIETNAMESE_SHARE:
            return composed, "windows-1258"
    raise SkipFile(invalid)

