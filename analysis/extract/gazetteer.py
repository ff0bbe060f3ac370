"""Province gazetteer built on underthesea's address data (63 pre-2025 provinces, 34 from 2025).

The data file ``underthesea/address/data/mapping.json`` ships with underthesea (offline). It holds
the 63 pre-2025 provinces (``old_province_names``), the 34 provinces of 1 July 2025
(``province_names``), the old-to-new province mapping and, through the ward mapping, every pre-2025
district with its province. It is read once, lazily, and cached; everything exposed here is
read-only.

Names are the data's short names ("Lạng Sơn", "Hồ Chí Minh", "Huế", "Bà Rịa - Vũng Tàu"), in NFC
with the old tone style ("Hòa", "Thủy") used across the project. Lists are sorted the way a
Vietnamese reader expects: by the name without diacritics, then by the name itself ("Đà Nẵng"
sits among the D's, not after "Yên Bái").

The ward mapping also gives every commune-level unit (xã, phường, thị trấn) twice: as it was
before 1 July 2025 (``old_ward``, with its pre-2025 district and province) and as it is after
(``new_ward``, in a 2025 province, made of one or more old wards). ``commune_places`` reads both,
so a commune created or renamed in 2025 ("xã Ya Ly" of the 2025 Quảng Ngãi) still points to the
pre-2025 province its old wards lay in (Kon Tum).

Public API: ``PROVINCES``, ``PROVINCES_2025`` (module attributes, loaded on first access),
``province_2025``, ``members_2025``, ``resolve_province``, ``district_provinces``,
``district_index``, ``province_full_name``, ``commune_places``, ``district_ascii_provinces``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import underthesea
import yaml

from analysis.config import data_file
from analysis.read.normalize import canonical_tones, fold, strip_diacritics

__all__ = [
    "PROVINCES",
    "PROVINCES_2025",
    "province_2025",
    "members_2025",
    "resolve_province",
    "district_provinces",
    "district_index",
    "province_full_name",
    "District",
    "sort_key",
    "CITY_LEVEL",
    "province_surface_forms",
    "district_surface_forms",
    "commune_places",
    "district_ascii_provinces",
]

# Centrally-run cities (thành phố trực thuộc trung ương) before 2025, plus Huế (from 1 January 2025):
# their "Thành ủy" is a provincial Party committee.
CITY_LEVEL = ("Cần Thơ", "Đà Nẵng", "Hà Nội", "Hải Phòng", "Hồ Chí Minh", "Huế")

_ALIASES_FILE = data_file("province_aliases")

# Administrative prefixes stripped before matching a province or district name.
_PROVINCE_PREFIX = re.compile(
    r"^(?:tỉnh|thành phố|thanh pho|tinh|tp\s*\.?|t\.p\s*\.?)\s*", re.IGNORECASE
)
_DISTRICT_KINDS = ("huyện", "quận", "thị xã", "thành phố")
_COMMUNE_PREFIX = re.compile(r"^(?:xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class District:
    """A pre-2025 district-level unit: ``kind`` is "huyện", "quận", "thị xã" or "thành phố"."""

    name: str
    kind: str
    province: str


def _clean(name: str) -> str:
    return canonical_tones(unicodedata.normalize("NFC", name.strip()))


def sort_key(name: str) -> tuple[str, str]:
    """Sort key for Vietnamese place names: diacritics-free lower-case first, then the name.

    >>> sorted(["Yên Bái", "Đà Nẵng", "Cà Mau"], key=sort_key)
    ['Cà Mau', 'Đà Nẵng', 'Yên Bái']
    """
    return (strip_diacritics(name).lower(), name)


def _match_key(name: str) -> str:
    """Lookup key: NFC, canonical tones, lower case, no prefix, hyphens and dots as spaces."""
    text = fold(_clean(name))
    text = _PROVINCE_PREFIX.sub("", text)
    text = re.sub(r"[\s\-–.]+", " ", text).strip()
    return text


@lru_cache(maxsize=1)
def _mapping_path() -> Path:
    return Path(underthesea.__file__).resolve().parent / "address" / "data" / "mapping.json"


@dataclass(frozen=True)
class _Data:
    provinces: tuple[str, ...]
    provinces_2025: tuple[str, ...]
    full_names: dict
    old_to_new: dict
    exact: dict  # match key -> province short name
    ascii: dict  # ascii key -> province short name (only unambiguous keys)
    districts: dict  # district match key (no kind prefix) -> tuple[District, ...]
    communes: dict  # commune match key (no kind prefix) -> frozenset of (pre-2025, 2025) province pairs


@lru_cache(maxsize=1)
def _data() -> _Data:
    raw = json.loads(_mapping_path().read_text(encoding="utf-8"))
    old = {key: _clean(v["short"]) for key, v in raw["old_province_names"].items()}
    new = {key: _clean(v["short"]) for key, v in raw["province_names"].items()}
    full_names = {_clean(v["short"]): _clean(v["name"]) for v in raw["old_province_names"].values()}
    old_to_new = {old[o]: new[n] for o, n in raw["province_mapping"].items()}

    exact: dict[str, str] = {}
    for key, short in old.items():
        exact[_match_key(short)] = short
        exact[_match_key(full_names[short])] = short
    aliases = yaml.safe_load(_ALIASES_FILE.read_text(encoding="utf-8")) or {}
    for short, spellings in aliases.items():
        short = _clean(short)
        if short not in full_names:
            raise ValueError(f"{_ALIASES_FILE.name}: unknown province {short!r}")
        for spelling in spellings:
            exact.setdefault(_match_key(spelling), short)
    by_ascii: dict[str, set] = {}
    for key, short in exact.items():
        by_ascii.setdefault(strip_diacritics(key).replace(" ", ""), set()).add(short)
    ascii_map = {k: next(iter(v)) for k, v in by_ascii.items() if len(v) == 1}

    short_by_full = {full: short for short, full in full_names.items()}
    districts: dict[str, set] = {}
    communes: dict[str, set] = {}
    for ward in raw["ward_mapping"]:
        full = _clean(ward["old_district"])
        province = short_by_full.get(_clean(ward["old_province"]))
        if province is None:
            continue
        kind, bare = _split_district(full)
        districts.setdefault(_match_key(bare), set()).add(District(bare, kind, province))
        pair = (province, new.get(ward.get("new_province_key")) or old_to_new.get(province))
        for ward_name in (ward.get("old_ward"), ward.get("new_ward")):
            if ward_name:
                bare_ward = _COMMUNE_PREFIX.sub("", _clean(ward_name))
                if bare_ward and not bare_ward[0].isdigit():  # "Phường 1" names nothing on its own
                    communes.setdefault(_match_key(bare_ward), set()).add(pair)
    district_map = {
        k: tuple(sorted(v, key=lambda d: (sort_key(d.province), d.kind))) for k, v in districts.items()
    }
    return _Data(
        provinces=tuple(sorted(old.values(), key=sort_key)),
        provinces_2025=tuple(sorted(new.values(), key=sort_key)),
        full_names=full_names,
        old_to_new=old_to_new,
        exact=exact,
        ascii=ascii_map,
        districts=district_map,
        communes={k: frozenset(v) for k, v in communes.items()},
    )


def _split_district(full: str) -> tuple[str, str]:
    lowered = full.lower()
    for kind in _DISTRICT_KINDS:
        if lowered.startswith(kind + " "):
            return kind, full[len(kind) + 1:].strip()
    return "", full


def __getattr__(name: str):  # lazy module attributes (PEP 562)
    if name == "PROVINCES":
        return list(_data().provinces)
    if name == "PROVINCES_2025":
        return list(_data().provinces_2025)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def resolve_province(name_or_alias: str | None) -> str | None:
    """Return the pre-2025 province short name for a name or alias, or None.

    Case, tone style, a "tỉnh"/"thành phố"/"TP." prefix and missing diacritics do not matter.

    >>> resolve_province("TP.HCM"), resolve_province("Thừa Thiên Huế"), resolve_province("Thủ đô")
    ('Hồ Chí Minh', 'Huế', 'Hà Nội')
    >>> resolve_province("tỉnh Thanh Hoá"), resolve_province("lang son"), resolve_province("Paris")
    ('Thanh Hóa', 'Lạng Sơn', None)
    """
    if not name_or_alias or not isinstance(name_or_alias, str):
        return None
    data = _data()
    key = _match_key(name_or_alias)
    if not key:
        return None
    if key in data.exact:
        return data.exact[key]
    return data.ascii.get(strip_diacritics(key).replace(" ", ""))


def province_2025(name: str | None) -> str | None:
    """The 2025 province (34) that a pre-2025 province (or alias) belongs to.

    A 2025 province name maps to itself (every 2025 short name is also a pre-2025 one).

    >>> province_2025("Bắc Kạn"), province_2025("Hà Giang"), province_2025("TP.HCM")
    ('Thái Nguyên', 'Tuyên Quang', 'Hồ Chí Minh')
    >>> province_2025("Bình Dương"), province_2025("Thừa Thiên Huế"), province_2025("Atlantis")
    ('Hồ Chí Minh', 'Huế', None)
    """
    old = resolve_province(name) if name else None
    if old is None:
        return None
    return _data().old_to_new.get(old)


def members_2025() -> dict[str, list[str]]:
    """Each 2025 province mapped to the sorted pre-2025 provinces merged into it.

    >>> members_2025()["Tuyên Quang"]
    ['Hà Giang', 'Tuyên Quang']
    """
    data = _data()
    out: dict[str, list[str]] = {p: [] for p in data.provinces_2025}
    for old, new in data.old_to_new.items():
        out[new].append(old)
    return {k: sorted(v, key=sort_key) for k, v in out.items()}


def province_full_name(name: str) -> str | None:
    """Official pre-2025 name with its prefix ("Tỉnh Lạng Sơn", "Thành phố Hồ Chí Minh").

    >>> province_full_name("lạng sơn")
    'Tỉnh Lạng Sơn'
    """
    short = resolve_province(name)
    return _data().full_names.get(short) if short else None


def district_provinces(name: str) -> list[str]:
    """Pre-2025 provinces having a district-level unit of that name (prefix optional).

    Several provinces share some names ("Châu Thành" exists in ten): the list then has more than
    one element and the caller should treat the name as ambiguous.

    >>> district_provinces("huyện Mường Lát")
    ['Thanh Hóa']
    >>> len(district_provinces("Châu Thành")) > 1
    True
    >>> district_provinces("Atlantis")
    []
    """
    key = _match_key(_split_district(_clean(name))[1])
    units = _data().districts.get(key, ())
    return sorted({u.province for u in units}, key=sort_key)


def district_index() -> dict[str, tuple[District, ...]]:
    """All district-level units keyed by a folded bare name ("mường lát"); read-only copy."""
    return dict(_data().districts)


@lru_cache(maxsize=1)
def province_surface_forms() -> dict[str, str]:
    """How provinces are written in running text (case-sensitive) -> pre-2025 short name (cached, read-only).

    Short names, official names without their prefix, and the capitalised aliases of
    ``data/province_aliases.yaml`` ("TP.HCM", "Thừa Thiên Huế", "Thủ đô").

    >>> forms = province_surface_forms()
    >>> forms["Lạng Sơn"], forms["Thừa Thiên Huế"], forms["TP.HCM"]
    ('Lạng Sơn', 'Huế', 'Hồ Chí Minh')
    """
    data = _data()
    forms: dict[str, str] = {}
    for short, full in data.full_names.items():
        forms[short] = short
        bare = re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", full)
        forms.setdefault(bare, short)
    aliases = yaml.safe_load(_ALIASES_FILE.read_text(encoding="utf-8")) or {}
    for short, spellings in aliases.items():
        for spelling in spellings:
            spelling = _clean(spelling)
            if spelling[:1].isupper() and any(c.isalpha() and not c.isascii() for c in spelling) or spelling.isupper() or "." in spelling:
                forms.setdefault(spelling, _clean(short))
    for form, short in list(forms.items()):
        if " - " in form:
            forms.setdefault(form.replace(" - ", " – "), short)  # "Bà Rịa – Vũng Tàu" with an en dash
            forms.setdefault(form.replace(" - ", "-"), short)
    return dict(sorted(forms.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=1)
def _extra_districts() -> dict[str, str]:
    """Districts underthesea's data lacks (``extra_districts`` in ``data/province-rules.yaml``)."""
    rules = yaml.safe_load(data_file("province_rules").read_text(encoding="utf-8")) or {}
    return {_clean(name): resolve_province(province) for name, province in (rules.get("extra_districts") or {}).items()}


@lru_cache(maxsize=1)
def district_surface_forms() -> dict[str, tuple[str, ...]]:
    """Bare district names as written ("Mường Lát") -> provinces having a district of that name.

    Cached: treat the returned mapping as read-only.
    """
    out: dict[str, set] = {}
    for units in _data().districts.values():
        for unit in units:
            out.setdefault(unit.name, set()).add(unit.province)
    for name, province in _extra_districts().items():
        out.setdefault(name, set()).add(province)
    return {k: tuple(sorted(v, key=sort_key)) for k, v in sorted(out.items(), key=lambda kv: (-len(kv[0]), kv[0]))}


def commune_places(name: str, within: str | None = None) -> list[tuple[str, str]]:
    """(pre-2025 province, 2025 province) pairs of the commune-level units called ``name``.

    Both the pre-2025 communes and those of 1 July 2025 count; a 2025 commune contributes the
    provinces of the old wards it was made from. ``within`` (a province name, read both as a
    pre-2025 and as a 2025 province) keeps only the units that lie in it, as an address such as
    "xã Ya Ly, tỉnh Quảng Ngãi" does. Sorted; empty when no unit has that name.

    >>> commune_places("xã Ya Ly")
    [('Kon Tum', 'Quảng Ngãi')]
    >>> commune_places("Vĩnh Điều", within="An Giang")
    [('Kiên Giang', 'An Giang')]
    >>> len({old for old, _ in commune_places("Tân Lập")}) > 1, commune_places("Atlantis")
    (True, [])
    """
    key = _match_key(_COMMUNE_PREFIX.sub("", _clean(name)))
    pairs = _data().communes.get(key, frozenset())
    if within:
        home = resolve_province(within)
        pairs = {(old, new) for old, new in pairs if home in (old, new)}
    return sorted(pairs, key=lambda p: (sort_key(p[0]), sort_key(p[1] or "")))


@lru_cache(maxsize=1)
def _ascii_units() -> tuple[dict, dict]:
    districts: dict[str, set] = {}
    for units in _data().districts.values():
        for unit in units:
            districts.setdefault(strip_diacritics(unit.name).lower().replace(" ", ""), set()).add(unit.province)
    for name, province in _extra_districts().items():
        districts.setdefault(strip_diacritics(name).lower().replace(" ", ""), set()).add(province)
    communes: dict[str, set] = {}
    for key, pairs in _data().communes.items():
        communes.setdefault(strip_diacritics(key).replace(" ", ""), set()).update(pairs)
    return districts, communes


def district_ascii_provinces(label: str, within: str | None = None) -> list[str]:
    """Pre-2025 provinces of the district- or commune-level units whose name, without diacritics
    or spaces, is ``label`` (a web address label: "doluong", "vinhdieu").

    Districts are looked up first; communes only when no district has that name, and only
    ``within`` a province (read both as pre-2025 and as 2025 province), since commune names
    repeat across the country.

    >>> district_ascii_provinces("doluong"), district_ascii_provinces("kimson", within="Ninh Bình")
    (['Nghệ An'], ['Ninh Bình'])
    >>> district_ascii_provinces("vinhdieu", within="An Giang"), district_ascii_provinces("vinhdieu")
    (['Kiên Giang'], [])
    """
    districts, communes = _ascii_units()
    label = label.lower().replace("-", "")
    home = resolve_province(within) if within else None
    found = districts.get(label, set())
    if home:
        found = {p for p in found if home in (p, province_2025(p))}
    if found:
        return sorted(found, key=sort_key)
    if not home:
        return []
    return sorted({old for old, new in communes.get(label, ()) if home in (old, new)}, key=sort_key)
