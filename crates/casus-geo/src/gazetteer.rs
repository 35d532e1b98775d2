//! The gazetteer: every place casus can name, from `resources/geo/gazetteer.tsv`
//! (GeoNames cities of 5,000 people or more and countries, ISO 3166-2 subdivisions,
//! and hand-written news regions; see that folder's README).
//!
//! The file is compiled into the binary and indexed at start: each matchable name is
//! normalised ([`normalize_name`]) and hashed, and the hashes are sorted next to the
//! row they name, so a lookup is a binary search with no per-name allocation.

use std::fmt;

/// The gazetteer file format this build reads.
pub const GAZETTEER_FORMAT: &str = "#! casus gazetteer v1";

/// What a gazetteer row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Country,
    Admin1,
    City,
    Region,
}

impl PlaceKind {
    fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "country" => PlaceKind::Country,
            "admin1" => PlaceKind::Admin1,
            "city" => PlaceKind::City,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
        }
    }
}

/// One gazetteer row.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// GeoNames id, ISO 3166-2 code or `R:<slug>`.
    pub id: Box<str>,
    pub kind: PlaceKind,
    pub name: Box<str>,
    /// ISO 3166-1 alpha-3 codes, comma-separated (several only for regions).
    pub countries: Box<str>,
    pub admin1: Box<str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: Option<u64>,
    /// 1-based line in the gazetteer file, for provenance.
    pub line: u32,
}

impl Entry {
    /// The first (or only) country.
    pub fn country(&self) -> Option<&str> {
        self.countries.split(',').next().filter(|c| !c.is_empty())
    }

    pub fn in_country(&self, iso3: &str) -> bool {
        self.countries.split(',').any(|c| c == iso3)
    }

    /// The GeoNames id, for countries and cities.
    pub fn geonames_id(&self) -> Option<u32> {
        matches!(self.kind, PlaceKind::City | PlaceKind::Country)
            .then(|| self.id.parse().ok())
            .flatten()
    }
}

/// A malformed gazetteer file: path, line and reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct GazetteerError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// The loaded gazetteer.
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// (hash of a normalised name, entry index), sorted.
    index: Vec<(u64, u32)>,
    path: String,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("path", &self.path)
            .field("entries", &self.entries.len())
            .field("names", &self.index.len())
            .finish()
    }
}

/// Lowercases, folds Latin diacritics, treats hyphens as spaces and drops dots and
/// apostrophes, so that "Al-Raqqa", "al Raqqa" and "AL RAQQA" meet, as do "Ḩamāh"
/// and "Hamah", "St. Petersburg" and "St Petersburg".
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = true; // drop leading spaces
    for c in name.chars() {
        let mut buf = [0u8; 4];
        let folded: &str = if c.is_ascii() {
            let l = c.to_ascii_lowercase();
            match l {
                '-' | ' ' | '\t' | '\n' | '/' | ',' => " ",
                '.' | '\'' | '`' => "",
                _ => l.encode_utf8(&mut buf),
            }
        } else {
            fold_char(c).unwrap_or_else(|| {
                if c.is_whitespace() || matches!(c, '\u{2010}'..='\u{2015}') {
                    " "
                } else if matches!(
                    c,
                    '\u{2018}' | '\u{2019}' | '\u{02bb}' | '\u{02bf}' | '\u{02be}'
                ) {
                    ""
                } else {
                    // Unknown letters are kept, lowercased where that is one char.
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => l.encode_utf8(&mut buf),
                        _ => c.encode_utf8(&mut buf),
                    }
                }
            })
        };
        for ch in folded.chars() {
            if ch == ' ' {
                if !space {
                    out.push(' ');
                    space = true;
                }
            } else {
                out.push(ch);
                space = false;
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Latin letters with diacritics to their base letters (Latin-1 Supplement, Latin
/// Extended-A and the common Extended Additional letters of transliterated Arabic).
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' | 'Ạ' | 'ạ' | 'Ả' | 'ả' => {
            "a"
        }
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' | 'Ḍ' | 'ḍ' => "d",
        'È'..='Ë'
        | 'è'..='ë'
        | 'Ē'
        | 'ē'
        | 'Ĕ'
        | 'ĕ'
        | 'Ė'
        | 'ė'
        | 'Ę'
        | 'ę'
        | 'Ě'
        | 'ě'
        | 'Ẹ'
        | 'ẹ'
        | 'Ə'
        | 'ə' => "e",
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' | 'Ḥ' | 'ḥ' | 'Ḩ' | 'ḩ' | 'Ḫ' | 'ḫ' => "h",
        'Ì'..='Ï'
        | 'ì'..='ï'
        | 'Ĩ'
        | 'ĩ'
        | 'Ī'
        | 'ī'
        | 'Ĭ'
        | 'ĭ'
        | 'Į'
        | 'į'
        | 'İ'
        | 'ı'
        | 'Ị'
        | 'ị' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' | 'Ḳ' | 'ḳ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' | 'Ọ' | 'ọ' => {
            "o"
        }
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ṣ' | 'ṣ' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ṭ' | 'ṭ' | 'Ț' | 'ț' => "t",
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų'
        | 'Ụ'
        | 'ụ' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' | 'Ẓ' | 'ẓ' => "z",
        'Þ' | 'þ' => "th",
        _ => return None,
    })
}

fn name_hash(normalized: &str) -> u64 {
    casus_learn::hash_bytes(normalized.as_bytes())
}

impl Gazetteer {
    /// The gazetteer shipped with casus.
    ///
    /// # Errors
    ///
    /// Never in a tested release (a test loads it); a malformed file otherwise.
    pub fn builtin() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::parse(
            include_str!("../../../resources/geo/gazetteer.tsv"),
            "resources/geo/gazetteer.tsv",
        )
    }

    /// Parses a gazetteer file; `path` names it in errors.
    ///
    /// # Errors
    ///
    /// A wrong format line, or a row with the wrong number of fields, an unknown kind,
    /// or unreadable coordinates or population: [`GazetteerError`] with its line.
    pub fn parse(text: &str, path: &str) -> Result<Gazetteer, GazetteerError> {
        let err = |line: usize, message: String| GazetteerError {
            path: path.to_string(),
            line,
            message,
        };
        let mut lines = text.lines();
        match lines.next() {
            Some(first) if first.trim_end() == GAZETTEER_FORMAT => {}
            Some(first) => {
                return Err(err(
                    1,
                    format!("expected `{GAZETTEER_FORMAT}`, found `{first}`"),
                ))
            }
            None => return Err(err(1, "empty file".into())),
        }
        let mut entries = Vec::with_capacity(80_000);
        let mut index = Vec::with_capacity(600_000);
        let mut normalized = String::new();
        for (i, line) in lines.enumerate() {
            let line_no = i + 2;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 9 {
                return Err(err(
                    line_no,
                    format!("expected 9 tab-separated fields, found {}", f.len()),
                ));
            }
            let kind = PlaceKind::parse(f[1])
                .ok_or_else(|| err(line_no, format!("unknown kind `{}`", f[1])))?;
            let coord = |s: &str, what: &str, max: f64| -> Result<Option<f64>, GazetteerError> {
                if s.is_empty() {
                    return Ok(None);
                }
                match s.parse::<f64>() {
                    Ok(v) if v.abs() <= max => Ok(Some(v)),
                    _ => Err(err(line_no, format!("bad {what} `{s}`"))),
                }
            };
            let population = if f[7].is_empty() {
                None
            } else {
                Some(
                    f[7].parse::<u64>()
                        .map_err(|_| err(line_no, format!("bad population `{}`", f[7])))?,
                )
            };
            let entry_index = entries.len() as u32;
            let mut push_name = |name: &str| {
                normalized.clear();
                normalized.push_str(&normalize_name(name));
                if !normalized.is_empty() {
                    index.push((name_hash(&normalized), entry_index));
                }
            };
            push_name(f[2]);
            for name in f[8].split('|') {
                push_name(name);
            }
            entries.push(Entry {
                id: f[0].into(),
                kind,
                name: f[2].into(),
                countries: f[3].into(),
                admin1: f[4].into(),
                lat: coord(f[5], "latitude", 90.0)?,
                lon: coord(f[6], "longitude", 180.0)?,
                population,
                line: line_no as u32,
            });
        }
        index.sort_unstable();
        index.dedup();
        Ok(Gazetteer {
            entries,
            index,
            path: path.to_string(),
        })
    }

    /// The file the gazetteer was read from (for provenance).
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    /// Rows whose name or alternate name normalises to `normalized` (see
    /// [`normalize_name`]), as indices.
    pub fn lookup_normalized(&self, normalized: &str) -> impl Iterator<Item = u32> + '_ {
        let h = name_hash(normalized);
        let start = self.index.partition_point(|&(k, _)| k < h);
        self.index[start..]
            .iter()
            .take_while(move |&&(k, _)| k == h)
            .map(|&(_, i)| i)
    }

    /// Rows a name may refer to, most populous first (countries and regions before
    /// places of the same population).
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        let mut rows: Vec<&Entry> = self
            .lookup_normalized(&normalize_name(name))
            .map(|i| self.entry(i))
            .collect();
        rows.sort_by(|a, b| {
            let rank = |e: &Entry| match e.kind {
                PlaceKind::Country => 0,
                PlaceKind::Region => 1,
                _ => 2,
            };
            rank(a)
                .cmp(&rank(b))
                .then(b.population.unwrap_or(0).cmp(&a.population.unwrap_or(0)))
                .then(a.line.cmp(&b.line))
        });
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_across_spelling_variants() {
        assert_eq!(normalize_name("Al-Raqqa"), normalize_name("al Raqqa"));
        assert_eq!(normalize_name("Ḩamāh"), "hamah");
        assert_eq!(normalize_name("St. Petersburg"), "st petersburg");
        assert_eq!(normalize_name("  Kyiv  "), "kyiv");
        assert_eq!(normalize_name("Bogotá"), "bogota");
        assert_eq!(normalize_name("N’Djamena"), "ndjamena");
    }

    #[test]
    fn malformed_files_name_their_line() {
        let e = Gazetteer::parse("#! casus gazetteer v2\n", "g.tsv").unwrap_err();
        assert_eq!((e.line, e.path.as_str()), (1, "g.tsv"));
        let bad = "#! casus gazetteer v1\n# c\n1\tcity\tX\tSYR\t\t99.0\t1\t\tX\n";
        let e = Gazetteer::parse(bad, "g.tsv").unwrap_err();
        assert_eq!(e.to_string(), "g.tsv:3: bad latitude `99.0`");
        let e = Gazetteer::parse("#! casus gazetteer v1\n1\ttown\tX\n", "g.tsv").unwrap_err();
        assert!(e.to_string().starts_with("g.tsv:2: expected 9"), "{e}");
    }
}
