"""Every table's columns, types, sort keys and meaning, declared once.

The build writes each table with ``TABLES[name].arrow_schema`` (so an empty table still has the
right column types), sorts it by ``sort_keys`` and takes its column order from here; the parse
contract's keys (``CONTRACT_KEYS``) and the README's field tables (``markdown``) derive from it
too, and a test checks that the README shows exactly what ``markdown`` renders.

>>> TABLES["claims"].columns[:4]
['doc_id', 'claim_index', 'kind', 'text']
>>> str(TABLES["references"].arrow_schema.field("term").type)
'int64'
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

__all__ = ["Field", "Table", "TABLES", "TABLE_NAMES", "CONTRACT_KEYS", "CONTRACT_RECORD_KEYS", "markdown",
           "readme_tables"]

STRING = pa.large_string()
INT = pa.int64()
FLOAT = pa.float64()
BOOL = pa.bool_()


@dataclass(frozen=True)
class Field:
    """One column: its name, Arrow type and meaning (the README's field table row)."""

    name: str
    type: pa.DataType
    meaning: str


@dataclass(frozen=True)
class Table:
    """One table: fields in column order, the sort keys (a prefix that identifies a row), an intro."""

    name: str
    fields: tuple[Field, ...]
    sort_keys: tuple[str, ...]
    intro: str = ""
    # README rows that describe several columns at once: "doc_id, claim_index" -> one row
    groups: tuple[tuple[str, ...], ...] = ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(f.name, f.type) for f in self.fields])

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"table {self.name!r} has no column {name!r}; columns: {', '.join(self.columns)}")


def _table(name: str, sort_keys: tuple[str, ...], rows: list[tuple[str, pa.DataType | tuple, str]],
           intro: str = "") -> Table:
    """Build a table from README-style rows: ("a, b", (type_a, type_b), meaning) describes two columns."""
    fields: list[Field] = []
    groups: list[tuple[str, ...]] = []
    for names, types, meaning in rows:
        split = tuple(n.strip() for n in names.split(","))
        types = types if isinstance(types, tuple) else (types,) * len(split)
        if len(types) != len(split):
            raise ValueError(f"{name}: {names!r} needs {len(split)} types")
        groups.append(split)
        fields += [Field(n, t, meaning) for n, t in zip(split, types)]
    table = Table(name, tuple(fields), sort_keys, intro, tuple(groups))
    missing = [k for k in sort_keys if k not in table.columns]
    if missing:
        raise ValueError(f"{name}: sort keys {missing} are not columns")
    return table


DOCUMENTS = _table("documents", ("doc_id",), [
    ("doc_id", STRING, "stable id: SHA-256 (12 hex digits) of the normalised text"),
    ("path", STRING, "input file relative to the corpus folder (`file.jsonl#L3` for a line of a .jsonl file)"),
    ("format", STRING, "`txt`, `html` or `jsonl`"),
    ("encoding", STRING, "how the bytes were decoded (`utf-8`, `utf-8-sig`, `utf-16`, `windows-1258`; `tcvn3`, `vni`: legacy font encodings, converted; `...+html`)"),
    ("raw_sha256", STRING, "SHA-256 of the input bytes (of the line, for .jsonl)"),
    ("url", STRING, "the article's address when the input gives it"),
    ("title", STRING, "the headline (a given title wins)"),
    ("published", STRING,
     "publication date \"YYYY-MM-DD\" from the article's own date line (\"Thứ Tư, 08/04/2015, 08:11\", "
     "\"( 08/07/2015)\", \"Đăng ngày: ...\"); a dateline below the title beats a render stamp above it; never an "
     "event date in the body or a site's current-date banner, except that a news lede's opening date (\"LSO-Ngày "
     "23/5/2014, ... tổ chức\") replaces stamps above the title dated over a month later (the evidence then reads "
     "\"lede event date: ...\"); null when the article states none (a month alone is not a date)"),
    ("author, author_role", STRING,
     "byline (upper-case name at the end, name under the title, \"Tác giả: ...\") and the role line under it"),
    ("outlet", STRING, "the newspaper's mark (\"LSO\", \"TUAG\", \"QBĐT\")"),
    ("province", STRING,
     "the province the article is about: pre-2025 short name as in underthesea's address data (\"Lạng Sơn\", "
     "\"Hồ Chí Minh\", \"Huế\"); a district or commune (\"huyện Đô Lương\", \"xã Ya Ly\", also a 2025 commune) "
     "counts for the pre-2025 province it lay in; from 1 July 2025, \"tỉnh X\"/\"Tỉnh ủy X\" for a merged "
     "2025 province is labelled with the pre-2025 province of that name (noted in the evidence); null when "
     "unclear, or after that day when a merged 2025 province is named only in passing or by a web address"),
    ("province_2025", STRING, "its province after the merger of 1 July 2025 (34 provinces); set directly for articles "
     "published from that day"),
    ("province_confidence, province_evidence", (FLOAT, STRING),
     "share of the weighted mentions that point to it, and the mentions (title, lede, \"Tỉnh ủy X\", districts, "
     "communes, outlet mark, web address); when province is null, the reason comes first (\"no province: ...\", "
     "\"after 1 July 2025: ...\"); a post-merger label by name carries an \"after 1 July 2025: ...\" note first"),
    ("published_evidence", STRING, "the text the date was read from (\"variables\": given by the input; "
     "\"lede event date: ...\": the lede's event date, with the stamp it replaced)"),
    ("date_in_text, date_in_text_evidence", STRING,
     "APPROXIMATE, not the publication date: the first full date (day, month, year) written in the first two "
     "body paragraphs (\"Hôm nay 18/9/2020, ...\", \"Ngày 16-10-2020, ...\"), a cited document's date left out, "
     "\"YYYY-MM-DD\", and the words it was read from; timeliness uses it only to tell preparation from "
     "follow-up in an article without `published` and marks lags from it as approximate; null when none"),
    ("n_chars, n_paragraphs, n_sentences, n_words", INT,
     "size of the clean text (words: tokens with a letter or digit)"),
    ("n_removed", INT, "lines removed by the cleaner (see `removals`)"),
    ("variables", STRING, "JSON object of the document variables the input carried (jsonl fields, HTML metadata)"),
    ("text", STRING, "the clean text"),
])

REMOVALS = _table("removals", ("doc_id", "removal_index"), [
    ("doc_id, removal_index", (STRING, INT), "document and order of the removal"),
    ("kind", STRING, "`chrome-line`, `chrome-prefix` (a prefix cut from a line), `footer`, `navigation-label`, `repeated-paragraph`, or `decoding` (a repair note)"),
    ("rule", STRING, "the rule id in `chrome-rules.yaml` (or the repair)"),
    ("line", INT, "line of the normalised text that was removed (-1 for decoding notes)"),
    ("text", STRING, "the removed text"),
])

MANIFEST = _table("manifest", ("path",), [
    ("path, line", (STRING, INT), "the input (and its line, for .jsonl)"),
    ("format, bytes, sha256", (STRING, INT, STRING), "file type, size and hash of the input file"),
    ("encoding", STRING, "how it was decoded, when it was"),
    ("status", STRING, "`parsed`, `skipped` or `duplicate`"),
    ("reason", STRING, "why it was skipped, or which document it duplicates"),
    ("doc_id", STRING, "the document it became (or duplicates)"),
    ("duplicate_of", STRING, "doc_id of the document it duplicates"),
])

SENTENCES = _table("sentences", ("doc_id", "sentence_index"), [
    ("doc_id, sentence_index", (STRING, INT), "document and 0-based sentence number"),
    ("paragraph", INT, "0-based paragraph (line) of the clean text"),
    ("start, end, text", (INT, INT, STRING), "the sentence and its offsets"),
])

TOKENS = _table("tokens", ("doc_id", "position"), [
    ("doc_id, sentence_index", (STRING, INT), "document and sentence"),
    ("position", INT, "0-based token number within the document"),
    ("start, end", INT, "offsets of the token in the clean text"),
    ("token", STRING, "the surface form; underthesea's words may hold several syllables (\"học tập\", \"Tỉnh ủy\")"),
    ("norm", STRING, "lower-case, canonical tone marks (what matching and counting use)"),
    ("is_stop", BOOL,
     "punctuation, a number, a general stopword (underthesea's and stopwords-iso's lists, minus the protected "
     "words of `analysis/data/stoplist-protected.txt` and the codebook's terms), or officialese on "
     "`analysis/data/stoplist-officialese.txt`"),
])

CLAIMS = _table("claims", ("doc_id", "claim_index"), [
    ("doc_id, claim_index", (STRING, INT), "document and order"),
    ("kind", STRING, "`percent`, `fraction` or `count`"),
    ("text, start, end", (STRING, INT, INT),
     "the claim as written and its offsets (\"trên 98%\", \"8/8 chi bộ\", \"gần 15 nghìn cán bộ\")"),
    ("sentence_index, sentence", (INT, STRING), "the sentence it comes from"),
    ("low, high", FLOAT, "percent: the value (equal) or the bounds of a range (\"từ 80- 85%\" → 80, 85)"),
    ("qualifier", STRING, "\"trên\", \"hơn\", \"gần\", \"khoảng\", \"dưới\", \"gần như\", \"tối thiểu\" or empty"),
    ("numerator, denominator", FLOAT, "fraction parts (\"35.599/35.900\" → 35599, 35900)"),
    ("value", FLOAT, "count (thousands, \"nghìn\"/\"ngàn\", \"triệu\" applied); a fraction's numerator"),
    ("unit, unit_expanded", STRING,
     "the counted noun (\"lớp\", \"TCCSĐ\") and its expansion (\"tổ chức cơ sở đảng\")"),
    ("unit_kind", STRING,
     "`count` (things, people, events) or `measure` (km, money): filter measures out of participation counts"),
    ("subject", STRING, "who or what the number is about, when the sentence says (\"cán bộ, đảng viên\"); never a "
                        "fragment of a code or bracket, nor a yardstick or plan (\"(Nghị quyết là 90%)\", \"đạt 100% kế "
                        "hoạch\": empty)"),
    ("consistent", BOOL,
     "for a fraction and a percentage about the same thing in one sentence: do they agree (n/d rounded or "
     "truncated to the stated decimals)? A target (\"đạt chỉ tiêu 100%\") is never checked against a fraction"),
    ("paired_percent, paired_fraction", STRING, "the text of the percentage (or fraction) it was checked against"),
], intro="One row per quantitative claim (design contract: `python -m analysis parse`).")

REFERENCES = _table("references", ("doc_id", "ref_index"), [
    ("doc_id, ref_index", (STRING, INT), "document and order"),
    ("kind", STRING, "`document`, `congress` or `plenum`"),
    ("text, start, end, sentence_index, sentence", (STRING, INT, INT, INT, STRING),
     "as written, its offsets and sentence"),
    ("key", STRING,
     "canonical id. Documents: the code, then `:<year>` when the year is known (\"35-CT/TW:2019\"; "
     "a number is reused from year to year), then `@<province>` for provincial and lower documents "
     "(\"03-CTr/TU:2021@Hà Nội\", \"303/NQ-HĐND@Thanh Hóa\"). Congresses: `congress:national:12`, "
     "`congress:provincial:19@Bắc Ninh` (every level below national carries the province). Plenums: "
     "`plenum:11:4` (term 11, plenum 4; `plenum:?:4` when no term is written anywhere in the document)"),
    ("number, doc_type, issuer", STRING,
     "parts of a document code (doc_type NQ, CT, KH, QĐ, KL, HD, TB, CTr...; issuer TW (also written TƯ), TU, HU, "
     "ĐU, HĐND, UBND...)"),
    ("issued", STRING, "issue date when it follows the code (\"ngày 16-8-2011\" → 2011-08-16)"),
    ("level", STRING, "`central`, `provincial`, `district` or `state`"),
    ("issuing_body", STRING, "the body named after the code (\"Bộ Chính trị\", \"Ban Thường vụ Tỉnh ủy\")"),
    ("central_role", STRING, "for a central reference: `policy` (a policy document of the Party centre, \"/TW\" "
     "of type NQ, CT, KL, QĐ, QĐi, QC or HD; a national congress; a plenum), `agency` (a central Party agency's "
     "document: \"/VPTW\", \"/QUTW\", \"/BTGTW\"...) or `not policy` (another type of the centre: CV, TB, KH...); "
     "null below the centre (docs/central-resolutions.md)"),
    ("term, congress, congress_level, term_years, plenum", (INT, INT, STRING, STRING, INT),
     "khóa (int), congress number, `national`/`provincial`/`district`/`commune`/`cell` (chi bộ) or `local` "
     "(below national, level not written; no national congress after XIV), \"2020-2025\", plenum number"),
    ("year", INT, "a document's year: written in a state-style code, from its issue date, from the same code "
     "dated elsewhere in the article, from the plenum named after it, or the only catalogue document with "
     "that code issued by the article's date"),
], intro="One row per cited document, congress or plenum.")

CODINGS = _table("codings", ("doc_id", "sentence_index", "start", "category", "code"), [
    ("doc_id, sentence_index", (STRING, INT), "document and sentence"),
    ("category", STRING, "`stage`, `channel`, `audience`, `level`, `voice`, `concretisation`, `campaign`, "
                         "`party_building`, `model`, `propaganda`, `cause` or `output`"),
    ("code", STRING, "the code (see `analysis/data/codebook.yaml` and `docs/codebook.md`)"),
    ("term", STRING, "the codebook term that matched; for a voice code the voice model assigned without a codebook match, `model: ` and the words whose removal lowers the model's score most"),
    ("start, end", INT, "offsets of the matched words in the clean text"),
], intro="One row per codebook term matched in a sentence (count sentences, not rows, for shares).")

DENSITIES = _table("densities", ("doc_id", "category", "code"), [
    ("doc_id, category, code", STRING, "document and code"),
    ("n_words", INT, "word tokens of the document (punctuation excluded)"),
    ("matches, sentences", INT, "term matches and sentences with the code"),
    ("matches_per_1000, sentences_per_1000", FLOAT, "the same per 1,000 words"),
], intro="Per document and code (every code of the codebook for every document, zeros included).")

TABLES: dict[str, Table] = {t.name: t for t in (DOCUMENTS, REMOVALS, MANIFEST, SENTENCES, TOKENS, CLAIMS,
                                                REFERENCES, CODINGS, DENSITIES)}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

# `python -m analysis parse`: one object per input with these keys (design contract)
CONTRACT_KEYS: tuple[str, ...] = (
    "doc_id", "path", "title", "published", "author", "outlet", "province", "province_2025",
    "province_confidence", "province_evidence", "claims", "references", "skipped",
)
# Claims and references in the contract: their table columns without the table-only indexes.
CONTRACT_RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "claims": tuple(c for c in CLAIMS.columns if c not in ("doc_id", "claim_index")),
    "references": tuple(c for c in REFERENCES.columns if c not in ("doc_id", "ref_index")),
}


def markdown(name: str) -> str:
    """The README section of one table: its heading, intro and field table.

    >>> print(markdown("removals").splitlines()[0])
    ### removals
    """
    table = TABLES[name]
    lines = [f"### {name}"]
    if table.intro:
        lines += [table.intro, ""]
    lines += ["| field | meaning |", "|---|---|"]
    for group in table.groups:
        lines.append(f"| {', '.join(group)} | {table.field(group[0]).meaning} |")
    return "\n".join(lines)


def readme_tables() -> str:
    """Every table's README section, in build order."""
    return "\n\n".join(markdown(name) for name in TABLES)
