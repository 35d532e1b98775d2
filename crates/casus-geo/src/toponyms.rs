//! The `places` stage: place names recognised over the parse and resolved in the
//! document's context.
//!
//! Recognition: the longest token span (up to six tokens) whose normalised text is a
//! gazetteer name, ending in a capitalised word and tagged as a proper noun, that is
//! not part of a person's or organisation's name ("Jordan Henderson", "the Washington
//! Post") and, when it is a seat of power coded as an actor ("Washington said"), only
//! in a locative frame ("in Washington"). Country adjectives heading a place noun
//! ("southern Russian air bases", "Syrian territory") name a place in that country.
//!
//! Disambiguation scores every row a name may refer to: population (log scale), the
//! kind (countries and news regions first; a subdivision when "province" or "region"
//! follows), the countries the document is about (its actors' countries, its
//! unambiguous places, its dateline), and an exact match of the preferred name.

use crate::gazetteer::{normalize_name, Entry, Gazetteer, PlaceKind};
use crate::tree::Tree;
use casus_doc::{
    Document, Layer, MentionKind, Place, PlacePrecision, Provenance, SentenceKind, SourceLoc,
    Stage, StageError, TokenIdx, TokenKind,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

const STAGE: &str = "places";

/// Prepositions that put what follows at a place.
pub(crate) const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "around",
    "across",
    "inside",
    "into",
    "within",
    "throughout",
    "over",
    "along",
    "off",
    "on",
    "onto",
    "towards",
    "toward",
    "to",
    "nearby",
    "beyond",
    "between",
    "among",
    "amid",
    "upon",
    "from",
    "via",
    "through",
    "by",
];

/// Prepositions that put an event in a place even when the place is also an actor
/// ("strikes into Syria", "fighting inside Iraq"), unlike "at", "to" or "on", which
/// also mark whom an act is aimed at ("railing at Russia", "sold arms to Iraq").
pub(crate) const STRICT_LOCATIVE: &[&str] = &[
    "in",
    "inside",
    "into",
    "near",
    "within",
    "across",
    "throughout",
    "outside",
    "around",
    "over",
    "off",
    "along",
    "nearby",
];

/// Nouns after which "of X" names a place ("the town of X", "north of X").
pub(crate) const PLACE_NOUNS: &[&str] = &[
    "village",
    "town",
    "city",
    "province",
    "region",
    "district",
    "governorate",
    "state",
    "county",
    "outskirts",
    "suburb",
    "suburbs",
    "area",
    "capital",
    "port",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "centre",
    "center",
    "heart",
    "streets",
    "territory",
    "part",
    "parts",
    "border",
    "borders",
    "coast",
    "island",
    "islands",
    "municipality",
    "neighbourhood",
    "neighborhood",
    "district",
    "oblast",
    "valley",
    "base",
    "bases",
    "airbase",
    "soil",
    "airspace",
    "waters",
    "camp",
    "frontier",
    "side",
    "mainland",
    "countryside",
    "enclave",
    "strip",
    "corridor",
    "zone",
    "front",
];

/// Words that may open a place name in lower case ("northern Gaza").
const DIRECTION_WORDS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "occupied",
    "upper",
    "lower",
    "greater",
];

/// Lower-case words allowed inside a name ("Strait of Hormuz", "Bosnia and
/// Herzegovina", "Dar es Salaam").
const CONNECTORS: &[&str] = &[
    "of", "and", "de", "del", "da", "do", "dos", "das", "al", "el", "la", "le", "les", "du", "des",
    "der", "den", "es", "en", "upon", "on", "the", "sur", "am", "an", "i", "y",
];

/// Nouns that, following a name, make it a subdivision ("Idlib province").
const ADMIN_NOUNS: &[&str] = &[
    "province",
    "governorate",
    "region",
    "state",
    "oblast",
    "district",
    "prefecture",
    "county",
    "department",
    "krai",
    "canton",
];

/// The `places` stage.
#[derive(Debug, Clone)]
pub struct Toponyms {
    gazetteer: Arc<Gazetteer>,
    /// Country code → its gazetteer row.
    countries: Arc<HashMap<String, u32>>,
}

/// A recognised name before resolution.
struct Candidate {
    first: usize,
    end: usize,
    rows: Vec<u32>,
    /// The normalised text matched.
    normalized: String,
    rule: &'static str,
    /// "province", "region" ... follows.
    admin_noun: bool,
    dateline: bool,
}

impl Toponyms {
    pub fn new(gazetteer: Arc<Gazetteer>) -> Toponyms {
        let countries = (0..gazetteer.len() as u32)
            .filter(|&i| gazetteer.entry(i).kind == PlaceKind::Country)
            .filter_map(|i| gazetteer.entry(i).country().map(|c| (c.to_string(), i)))
            .collect();
        Toponyms {
            gazetteer,
            countries: Arc::new(countries),
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The places of a document, in text order.
    pub fn find(&self, doc: &Document) -> Vec<Place> {
        let Some(sentences) = doc.sentences() else {
            return Vec::new();
        };
        // One tree per news sentence, shared by the three recognisers below.
        let trees: Vec<Option<Tree<'_>>> = sentences
            .iter()
            .map(|s| (s.kind != SentenceKind::NonNews).then(|| Tree::new(doc, s)))
            .collect();
        let mut candidates = Vec::new();
        for (sentence, tree) in sentences.iter().zip(&trees) {
            if let Some(tree) = tree {
                self.sentence_candidates(doc, tree, sentence.dateline, &mut candidates);
            }
        }
        // The document's countries: its actors' and its unambiguous places'.
        let mut context: HashSet<String> = HashSet::new();
        for m in doc.mentions().unwrap_or(&[]) {
            // A capital standing for its government is as ambiguous as the place name
            // it is ("Tripoli"): it cannot be its own context.
            if m.kind == MentionKind::Metonym {
                continue;
            }
            if let Some(c) = m.code.get(..3) {
                if self.countries.contains_key(c) {
                    context.insert(c.to_string());
                }
            }
        }
        for c in &candidates {
            let mut countries = c
                .rows
                .iter()
                .filter_map(|&r| self.gazetteer.entry(r).country());
            if let Some(first) = countries.next() {
                if countries.all(|x| x == first) || c.dateline {
                    context.insert(first.to_string());
                }
            }
        }
        let mut places: Vec<Place> = candidates
            .iter()
            .filter_map(|c| self.resolve(c, &context))
            .collect();
        places.extend(local_places(doc, &trees, &places, &context));
        places.extend(self.country_adjective_places(doc, &trees, &places));
        places.sort_by_key(|p| p.first);
        // Overlaps (a country adjective inside a recognised name) keep the first.
        let mut out: Vec<Place> = Vec::with_capacity(places.len());
        for p in places {
            if out.last().is_none_or(|last| last.end <= p.first) {
                out.push(p);
            }
        }
        out
    }

    fn sentence_candidates(
        &self,
        doc: &Document,
        tree: &Tree<'_>,
        dateline: Option<casus_doc::TextRange>,
        out: &mut Vec<Candidate>,
    ) {
        let tokens = doc.tokens().expect("tokens");
        let kinds = tokens.kinds();
        let ranges = tokens.ranges();
        let mentions = doc.mentions().unwrap_or(&[]);
        let capitalised = |t: usize| tree.text(t).chars().next().is_some_and(char::is_uppercase);
        let mut i = tree.first;
        while i < tree.end {
            let text = tree.text(i);
            let lower = text.to_lowercase();
            let opens = kinds[i] == TokenKind::Word
                && (capitalised(i) || DIRECTION_WORDS.contains(&lower.as_str()) || lower == "the");
            if !opens {
                i += 1;
                continue;
            }
            // From `i`, and from the word after a leading "the" ("the Gulf" is a
            // region, "the Gulf of Aden" another): the longest match wins.
            let mut best: Option<(usize, Vec<u32>, String)> = None;
            let mut start = i;
            if lower == "the" {
                if let Some(found) = self.longest_match(doc, tree, i + 1) {
                    start = i + 1;
                    best = Some(found);
                }
            }
            if let Some(found) = self.longest_match(doc, tree, i) {
                if best.as_ref().is_none_or(|b| found.0 > b.0) {
                    start = i;
                    best = Some(found);
                }
            }
            let Some((end, rows, normalized)) = best else {
                i += 1;
                continue;
            };
            let first = start;
            // "March", "Friday", "May": calendar words, never a place on their own.
            if end == first + 1 && is_calendar_word(&tree.text(first).to_lowercase()) {
                i = end;
                continue;
            }
            let in_dateline = dateline
                .is_some_and(|d| ranges[first].start >= d.start && ranges[end - 1].end <= d.end);
            if self.acceptable(tree, mentions, first, end, in_dateline) {
                let next = (end < tree.end).then(|| tree.lemma(end).to_lowercase());
                out.push(Candidate {
                    first,
                    end,
                    rows,
                    normalized,
                    rule: if in_dateline {
                        "toponym.dateline"
                    } else {
                        "toponym.name"
                    },
                    admin_noun: next.is_some_and(|n| ADMIN_NOUNS.contains(&n.as_str())),
                    dateline: in_dateline,
                });
            }
            i = end;
        }
    }

    /// The longest gazetteer name starting at token `i` (up to six tokens, ending in a
    /// capitalised word; lower-case connectors inside): its end, rows and normal form.
    fn longest_match(
        &self,
        doc: &Document,
        tree: &Tree<'_>,
        i: usize,
    ) -> Option<(usize, Vec<u32>, String)> {
        if i >= tree.end {
            return None;
        }
        let tokens = doc.tokens().expect("tokens");
        let (kinds, ranges) = (tokens.kinds(), tokens.ranges());
        let capitalised = |t: usize| tree.text(t).chars().next().is_some_and(char::is_uppercase);
        let mut best = None;
        for j in i + 1..=(i + 6).min(tree.end) {
            let last = j - 1;
            let word = kinds[last] == TokenKind::Word
                || (last > i && matches!(tree.text(last), "-" | "'s"));
            if !word {
                break;
            }
            let last_lower = tree.text(last).to_lowercase();
            if !capitalised(last) {
                if CONNECTORS.contains(&last_lower.as_str()) || last == i {
                    continue;
                }
                break;
            }
            let span = doc.slice(casus_doc::TextRange::new(ranges[i].start, ranges[last].end));
            let normalized = normalize_name(span);
            let rows: Vec<u32> = self.gazetteer.lookup_normalized(&normalized).collect();
            if !rows.is_empty() {
                best = Some((j, rows, normalized));
            }
        }
        best
    }

    /// The guards against common words, people, organisations and actors.
    fn acceptable(
        &self,
        tree: &Tree<'_>,
        mentions: &[casus_doc::Mention],
        first: usize,
        end: usize,
        dateline: bool,
    ) -> bool {
        if dateline {
            return true;
        }
        let proper =
            (first..end).any(|t| tree.upos(t) == "PROPN" || tree.xpos(t).starts_with("NNP"));
        if !proper {
            return false;
        }
        // A name that continues into more capitalised words is a longer name ("Deidra
        // Lane", "the Syrian Arab Army", "the Washington Post"), unless what follows
        // is a place noun ("Idlib Province") or what precedes is a direction.
        let name_word = |t: usize| {
            tree.text(t).chars().next().is_some_and(char::is_uppercase)
                && matches!(tree.upos(t), "PROPN" | "ADJ")
                && !is_calendar_word(&tree.text(t).to_lowercase())
        };
        // Only a proper noun continues a name to the right ("ANKARA More than 80 ...":
        // "More" is no part of it).
        if end < tree.end && name_word(end) && tree.upos(end) == "PROPN" {
            let next = tree.lemma(end).to_lowercase();
            if !PLACE_NOUNS.contains(&next.as_str()) && !ADMIN_NOUNS.contains(&next.as_str()) {
                return false;
            }
        }
        if first > tree.first && name_word(first - 1) {
            let prev = tree.text(first - 1).to_lowercase();
            if !DIRECTION_WORDS.contains(&prev.as_str()) && tree.upos(first - 1) == "PROPN" {
                return false;
            }
        }
        let head = tree.span_head(first, end);
        // A name inside a person's or organisation's name is not a place.
        for m in mentions {
            let (mf, me) = (m.first.index(), m.end.index());
            if mf < end && first < me {
                match m.kind {
                    MentionKind::Person | MentionKind::Organisation => return false,
                    // "Washington said": the government acting, not a place.
                    MentionKind::Metonym
                        if !locative(tree, head, true)
                            && matches!(tree.rel(head), "nsubj" | "obl" | "nmod" | "csubj")
                            && !tree.case_markers(head).any(|m| m != "by") =>
                    {
                        return false
                    }
                    _ => {}
                }
            }
        }
        // "Jordan Henderson": a flat name continuing outside the span.
        if tree.rel(head) == "flat"
            && tree.head(head).is_some_and(|h| {
                (h < first || h >= end) && !is_calendar_word(&tree.text(h).to_lowercase())
            })
        {
            return false;
        }
        if tree.children(head).iter().any(|&c| {
            (c < first || c >= end)
                && tree.rel(c) == "flat"
                && !is_calendar_word(&tree.text(c).to_lowercase())
        }) {
            return false;
        }
        // "the Washington Post", "Moscow Times": a name modifying another proper noun
        // that is not a place noun.
        if tree.rel(head) == "compound" {
            if let Some(h) = tree.head(head) {
                let noun = tree.lemma(h).to_lowercase();
                let proper_head = tree.upos(h) == "PROPN";
                if proper_head
                    && !PLACE_NOUNS.contains(&noun.as_str())
                    && !ADMIN_NOUNS.contains(&noun.as_str())
                {
                    return false;
                }
            }
        }
        true
    }

    fn score(&self, entry: &Entry, candidate: &Candidate, context: &HashSet<String>) -> f64 {
        let population = match (entry.population, entry.kind) {
            (Some(p), _) => (p as f64 + 1.0).log10(),
            (None, PlaceKind::Admin1) => 5.5,
            (None, _) => 5.0,
        };
        let kind = match entry.kind {
            PlaceKind::Country => 5.0,
            PlaceKind::Region => 3.0,
            PlaceKind::Admin1 if candidate.admin_noun => 4.0,
            PlaceKind::Admin1 => 0.5,
            PlaceKind::City if candidate.admin_noun => 0.0,
            PlaceKind::City => 1.0,
        };
        let in_context = entry.countries.split(',').any(|c| context.contains(c));
        let exact = normalize_name(&entry.name) == candidate.normalized;
        population + kind + if in_context { 3.0 } else { 0.0 } + if exact { 1.0 } else { 0.0 }
    }

    fn resolve(&self, c: &Candidate, context: &HashSet<String>) -> Option<Place> {
        let best = c
            .rows
            .iter()
            .map(|&r| (r, self.score(self.gazetteer.entry(r), c, context)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
        let e = self.gazetteer.entry(best.0);
        Some(place_from_entry(
            e,
            self.gazetteer.path(),
            c.first,
            c.end,
            c.rule,
        ))
    }

    /// "southern Russian air bases": a country adjective (coded as a country mention)
    /// modifying a place noun names a place in that country, spanning the noun phrase.
    fn country_adjective_places(
        &self,
        doc: &Document,
        trees: &[Option<Tree<'_>>],
        found: &[Place],
    ) -> Vec<Place> {
        let (Some(mentions), Some(sentences)) = (doc.mentions(), doc.sentences()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in mentions {
            let t = m.first.index();
            let Some(country) = m.code.get(..3).filter(|c| self.countries.contains_key(*c)) else {
                continue;
            };
            if !matches!(m.kind, MentionKind::Country | MentionKind::Compound) {
                continue;
            }
            let Some(tree) = sentences
                .iter()
                .position(|s| s.first_token.index() <= t && t < s.end_token.index())
                .and_then(|i| trees[i].as_ref())
            else {
                continue;
            };
            if !(tree.upos(t) == "ADJ" || tree.xpos(t) == "JJ") || tree.rel(t) != "amod" {
                continue;
            }
            let Some(noun) = tree.head(t) else { continue };
            // Lemma or surface: "bases" is lemmatised "basis" as often as "base".
            let place_noun = PLACE_NOUNS.contains(&tree.lemma(noun).to_lowercase().as_str())
                || PLACE_NOUNS.contains(&tree.text(noun).to_lowercase().as_str());
            if !place_noun || noun < t {
                continue;
            }
            // Extend left over the noun's modifiers before the adjective ("southern").
            let first = tree
                .children(noun)
                .iter()
                .copied()
                .filter(|&c| c < t && matches!(tree.rel(c), "amod" | "compound" | "nummod"))
                .min()
                .unwrap_or(t);
            let overlaps = found
                .iter()
                .any(|p| p.first.index() < noun + 1 && first < p.end.index());
            if overlaps {
                continue;
            }
            let entry = self.gazetteer.entry(self.countries[country]);
            out.push(place_from_entry(
                entry,
                self.gazetteer.path(),
                first,
                noun + 1,
                "toponym.country-adjective",
            ));
        }
        out
    }
}

fn place_from_entry(e: &Entry, path: &str, first: usize, end: usize, rule: &'static str) -> Place {
    Place {
        first: TokenIdx(first as u32),
        end: TokenIdx(end as u32),
        name: e.name.to_string(),
        geonames_id: e.geonames_id(),
        country: e.country().map(str::to_string),
        admin1: (!e.admin1.is_empty()).then(|| e.admin1.to_string()),
        lat: e.lat,
        lon: e.lon,
        precision: match e.kind {
            PlaceKind::City => PlacePrecision::City,
            PlaceKind::Admin1 => PlacePrecision::Admin1,
            PlaceKind::Country => PlacePrecision::Country,
            PlaceKind::Region => PlacePrecision::Region,
        },
        provenance: Provenance::rule(STAGE, rule).with_source(SourceLoc {
            file: path.trim_start_matches("resources/").into(),
            line: e.line,
        }),
    }
}

/// Whether the token heading a place is in a locative frame: a locative preposition
/// ("in Aleppo"), "of" after a place noun ("the town of Kobani", "north of Mosul"), or
/// a modifier of a noun that is itself locative ("at her Reshimbagh residence").
/// `strict` leaves out the prepositions that also mark recipients ("to", "from").
pub(crate) fn locative(tree: &Tree<'_>, head: usize, strict: bool) -> bool {
    let marked = |t: usize| {
        tree.case_markers(t).any(|m| {
            if strict {
                STRICT_LOCATIVE.contains(&m.as_str())
            } else {
                LOCATIVE.contains(&m.as_str())
            }
        })
    };
    if marked(head) {
        return true;
    }
    // Climb a short chain of nominal modifiers: "in Pattani province's capital city"
    // (Pattani → province → city ← in), "at the Reshimbagh residence".
    let mut node = head;
    for _ in 0..3 {
        let of = tree.case_markers(node).any(|m| m == "of");
        let Some(h) = tree.head(node) else {
            return false;
        };
        let noun = tree.lemma(h).to_lowercase();
        // "the streets of Lilongwe" ("streets" lemmatised "street"), "north of Tikrit".
        let place_noun = PLACE_NOUNS.contains(&noun.as_str())
            || PLACE_NOUNS.contains(&tree.text(h).to_lowercase().as_str())
            || PLACE_NOUNS.contains(&format!("{noun}s").as_str());
        let direction = node == head
            && tree.children(node).iter().any(|&c| {
                tree.rel(c) == "advmod"
                    && PLACE_NOUNS.contains(&tree.lemma(c).to_lowercase().as_str())
            });
        if of && (place_noun || direction) {
            return true;
        }
        let modifier = matches!(
            tree.rel(node),
            "compound" | "amod" | "nmod" | "appos" | "flat"
        );
        if !modifier || !matches!(tree.upos(h), "NOUN" | "PROPN") {
            return false;
        }
        if marked(h) {
            return true;
        }
        node = h;
    }
    false
}

impl Stage for Toponyms {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Sentences,
            Layer::Tags,
            Layer::Lemmas,
            Layer::Deps,
            Layer::Mentions,
        ]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Places]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let places = self.find(doc);
        doc.set_places(places).map_err(|source| StageError::Layer {
            stage: STAGE,
            source,
        })
    }
}

/// Month and weekday names (and their news abbreviations).
fn is_calendar_word(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// Nouns that mark a local place when they follow a name ("Krongpinang district",
/// "the Al-Rasoul Checkpoint", "Thardeh Mountains") or govern it with "of" ("the
/// village of Miringa").
const LOCAL_PLACE_NOUNS: &[&str] = &[
    "district",
    "province",
    "village",
    "town",
    "city",
    "camp",
    "checkpoint",
    "mountain",
    "mountains",
    "township",
    "neighbourhood",
    "neighborhood",
    "county",
    "governorate",
    "valley",
    "river",
    "sea",
    "crossing",
    "airport",
    "airbase",
    "base",
    "prison",
    "market",
    "square",
    "street",
    "road",
    "highway",
    "bridge",
    "area",
    "region",
    "suburb",
    "quarter",
    "hill",
    "hills",
    "island",
    "port",
    "border",
    "state",
    "municipality",
    "settlement",
    "refinery",
    "oilfield",
    "field",
    "dam",
    "lake",
    "strait",
    "gulf",
    "bay",
    "coast",
    "forest",
    "desert",
    "plain",
    "plains",
    "canal",
    "mosque",
    "church",
    "hospital",
];

/// Places the gazetteer does not know (villages, districts, checkpoints, mountains:
/// much of where conflict happens), recognised by frame alone: a run of capitalised
/// proper nouns that is not an actor, in a locative frame ("in Krongpinang
/// district", "near Mainok", "the village of Miringa"). They keep their span; the
/// country is the document's when it names only one.
fn local_places(
    doc: &Document,
    trees: &[Option<Tree<'_>>],
    known: &[Place],
    context: &HashSet<String>,
) -> Vec<Place> {
    let Some(mentions) = doc.mentions() else {
        return Vec::new();
    };
    let country = if context.len() == 1 {
        context.iter().next().cloned()
    } else {
        None
    };
    let mut out = Vec::new();
    for tree in trees.iter().flatten() {
        let capital_propn = |t: usize| {
            tree.text(t).chars().next().is_some_and(char::is_uppercase)
                && (tree.upos(t) == "PROPN" || tree.xpos(t).starts_with("NNP"))
        };
        let mut t = tree.first;
        while t < tree.end {
            if !capital_propn(t) || (t > tree.first && capital_propn(t - 1)) {
                t += 1;
                continue;
            }
            let mut end = t + 1;
            while end < tree.end
                && end - t < 5
                && (capital_propn(end)
                    || (tree.text(end) == "-" && end + 1 < tree.end && capital_propn(end + 1)))
            {
                end += 1;
            }
            let (first, span_end) = (t, end);
            t = end;
            let taken = known
                .iter()
                .any(|p| p.first.index() < span_end && first < p.end.index())
                || mentions
                    .iter()
                    .any(|m| m.first.index() < span_end && first < m.end.index());
            let calendar =
                (first..span_end).any(|x| is_calendar_word(&tree.text(x).to_lowercase()));
            if taken || calendar || first == tree.first {
                continue;
            }
            let head = tree.span_head(first, span_end);
            let last_lower = tree.lemma(span_end - 1).to_lowercase();
            let next_noun = (span_end < tree.end)
                .then(|| tree.lemma(span_end).to_lowercase())
                .is_some_and(|n| LOCAL_PLACE_NOUNS.contains(&n.as_str()));
            let named_noun =
                span_end - first > 1 && LOCAL_PLACE_NOUNS.contains(&last_lower.as_str());
            let framed = tree.case_markers(head).any(|m| {
                matches!(
                    m.as_str(),
                    "in" | "at"
                        | "near"
                        | "outside"
                        | "inside"
                        | "around"
                        | "towards"
                        | "toward"
                        | "into"
                        | "through"
                )
            });
            let of_place = tree.case_markers(head).any(|m| m == "of")
                && tree.head(head).is_some_and(|h| {
                    LOCAL_PLACE_NOUNS.contains(&tree.lemma(h).to_lowercase().as_str())
                });
            let place_noun_framed = (next_noun || named_noun) && locative(tree, head, false);
            // "Kasi's hometown": a possessor is a person more often than a place.
            let possessor = span_end < tree.end && tree.text(span_end) == "'s";
            if possessor || !(framed || of_place || place_noun_framed || named_noun) {
                continue;
            }
            out.push(Place {
                first: TokenIdx(first as u32),
                end: TokenIdx(span_end as u32),
                name: doc
                    .slice(casus_doc::TextRange::new(
                        doc.tokens().expect("tokens").ranges()[first].start,
                        doc.tokens().expect("tokens").ranges()[span_end - 1].end,
                    ))
                    .to_string(),
                geonames_id: None,
                country: country.clone(),
                admin1: None,
                lat: None,
                lon: None,
                precision: PlacePrecision::Local,
                provenance: Provenance::rule(STAGE, "toponym.local-frame"),
            });
        }
    }
    out
}
