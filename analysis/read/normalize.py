"""Vietnamese text normalisation that keeps character offsets meaningful.

Everything downstream (sentences, claims, references, codings) stores offsets into the
*clean text* of a document, so the steps here are either applied before cleaning
(`normalize_text`: NFC, one tone-mark style, whitespace tidying) or are strictly
length-preserving (`canonical_tones`, `fold`).

The tone-mark style is the "old" one that underthesea's dictionaries use: the mark sits
on the first vowel of the open syllables "oa", "oe", "uy" ("hòa", "khỏe", "thủy"), not on
the second ("hoà", "khoẻ", "thuỷ").
"""
from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "normalize_text",
    "canonical_tones",
    "fold",
    "strip_diacritics",
    "literal_alternation",
    "slug",
    "collation_key",
    "TONE_MARKS",
]

# Combining tone marks: grave, acute, hook above, tilde, dot below.
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_TONE_SET = frozenset(TONE_MARKS)

_VOWEL_CHARS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"


def _split_tone(ch: str) -> tuple[str, str]:
    """Return (base letter without tone, tone mark or '') for one precomposed letter."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONE_SET)
    base = "".join(c for c in decomposed if c not in _TONE_SET)
    return unicodedata.normalize("NFC", base), tone


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _toned(letters: str) -> str:
    return "".join(_with_tone(b, t) for b in letters for t in TONE_MARKS)


# "oa", "oe", "uy" with the tone on the second vowel, closing the syllable (no letter after),
# not after "q" ("quý" keeps its tone on y in both styles).
# The vowel comes first and the "not after q" test second: a pattern that starts with a character
# class lets the regex engine skip quickly to the next o/u instead of testing every position.
_NEW_STYLE = re.compile(
    r"([oO])(?<![qQ].)([" + _toned("aAeE") + r"])(?![\w])"
    r"|([uU])(?<![qQ].)([" + _toned("yY") + r"])(?![\w])"
)


def _move_tone(match: re.Match) -> str:
    first = match.group(1) or match.group(3)
    second = match.group(2) or match.group(4)
    base2, tone = _split_tone(second)
    return _with_tone(first, tone) + base2


def canonical_tones(text: str) -> str:
    """Move tone marks to the old style ("hoà" -> "hòa", "uỷ" -> "ủy"), length-preserving.

    The input must be NFC. Only open syllables ending in oa/oe/uy change; "hoàn", "quý",
    "thuế" and "khuỷu" are the same in both styles and are left alone.

    >>> canonical_tones("Tỉnh uỷ Thanh Hoá, hoà bình, khoẻ, quý, hoàn thành")
    'Tỉnh ủy Thanh Hóa, hòa bình, khỏe, quý, hoàn thành'
    >>> len(canonical_tones("Uỷ ban")) == len("Uỷ ban")
    True
    """
    return _NEW_STYLE.sub(_move_tone, text)


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_LIKE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_MULTI_SPACE = re.compile(r" {2,}")
_TRAILING_SPACE = re.compile(r"[ ]+\n")
_LEADING_SPACE = re.compile(r"\n[ ]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalize_text(raw: str) -> str:
    """Normalise decoded article text: NFC, old tone style, tidy whitespace.

    Line structure is kept (paragraphs are separated by one blank line); NBSP, tabs and
    exotic spaces become plain spaces, zero-width characters and soft hyphens are dropped,
    runs of spaces collapse, and whitespace-only lines disappear.

    >>> normalize_text("Tỉnh uỷ\\u00a0\\u00a0Lạng Sơn\\r\\n\\r\\n\\r\\n  quán triệt\\u200b ")
    'Tỉnh ủy Lạng Sơn\\n\\nquán triệt'
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    text = _MULTI_SPACE.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _LEADING_SPACE.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    text = canonical_tones(text)
    return text.strip()


def fold(text: str) -> str:
    """Lower-case and canonicalise tones, length-preserving (for matching, not display).

    >>> fold("Uỷ Ban") == "ủy ban"
    True
    """
    folded = canonical_tones(unicodedata.normalize("NFC", text).lower())
    if len(folded) != len(text):  # a few exotic letters change length when lower-cased
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        folded = canonical_tones(folded)
    return folded


def strip_diacritics(text: str) -> str:
    """Remove all diacritics (and map đ to d): an ASCII key for gazetteer lookups.

    >>> strip_diacritics("Thừa Thiên Huế, Đắk Lắk")
    'Thua Thien Hue, Dak Lak'
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with the
# Latin letters Vietnamese does not use (f j w z) in their Latin places; tones are compared only
# when the letters tie, in dictionary order (none, huyền, hỏi, ngã, sắc, nặng).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# base letter + breve, circumflex or horn -> the letter of the alphabet it makes
_MODIFIED = {"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ", "u\u031b": "ư"}
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter_and_tone(ch: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[:1], decomposed[1:]
    tone = next((m for m in marks if m in _TONE_SET), "")
    for mark in marks:
        base = _MODIFIED.get(base + mark, base)
    return base, tone


@functools.lru_cache(maxsize=4096)
def collation_key(text: str) -> str:
    """A sort key that puts Vietnamese names in dictionary order (``sorted(names, key=collation_key)``).

    Python sorts by code point, which puts "Bình" before "Bạc" and "Hưng Yên" before "Hải Phòng";
    here letters compare first (đ after d, ư after u), then tones, then the text itself.

    >>> sorted(["Hưng Yên", "Bình Định", "Đà Nẵng", "Bạc Liêu", "Hải Phòng", "Điện Biên", "Cà Mau"], key=collation_key)
    ['Bạc Liêu', 'Bình Định', 'Cà Mau', 'Đà Nẵng', 'Điện Biên', 'Hải Phòng', 'Hưng Yên']
    """
    text = unicodedata.normalize("NFC", str(text))
    letters, tones = [], []
    for ch in text:
        base, tone = _letter_and_tone(ch)
        rank = _LETTER_RANK.get(base)
        # letters in alphabet order; anything else (spaces, digits, punctuation) sorts before letters
        letters.append(chr(0x3000 + rank) if rank is not None else base)
        tones.append(str(_TONE_RANK[tone]))
    return "".join(letters) + "\x00" + "".join(tones) + "\x00" + text


def literal_alternation(words) -> str:
    """A regex that matches any of ``words`` literally, the longest first, as a prefix tree.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; hundreds of
    place names that way cost milliseconds per article. Factoring common prefixes
    ("Quảng (?:Bình|Nam|Ngãi|Ninh|Trị)") makes a failed position cost one character test.
    At every node the longer continuation is tried before stopping, so with backtracking the
    match is the longest word that the surrounding pattern accepts, as with a
    longest-first alternation.

    >>> pattern = re.compile(literal_alternation(["Hà Nam", "Hà Nội", "Hà", "Nam Định"]))
    >>> [m.group() for m in pattern.finditer("Hà Nội, Hà Nam và Nam Định; Hà")]
    ['Hà Nội', 'Hà Nam', 'Nam Định', 'Hà']
    >>> re.fullmatch(literal_alternation(["a.b", "a"]), "a.b") is not None
    True
    """
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return render(trie)


def slug(value: str) -> str:
    """ASCII, lower-case, hyphenated file-name part.

    >>> slug("Lạng Sơn"), slug("Trung ương 4 khóa XII"), slug("07-NQ/TW")
    ('lang-son', 'trung-uong-4-khoa-xii', '07-nq-tw')
    """
    ascii_value = strip_diacritics(str(value)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_value).strip("-") or "all"
