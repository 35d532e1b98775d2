//! Owned event records: the CONTRACT's event schema as plain data, with character
//! offsets. The JSONL writer serialises them, and the store (`casus-store`) keeps
//! them, so the schema is defined once, here.

use casus_doc::{CharOffsets, Document, TextRange, TokenIdx};
use serde::{Deserialize, Serialize};

/// A piece of the document's text: Unicode character offsets, end exclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpanRecord {
    pub text: String,
    pub start: u32,
    pub end: u32,
}

impl SpanRecord {
    pub(crate) fn new(doc: &Document, map: &CharOffsets<'_>, range: TextRange) -> SpanRecord {
        SpanRecord {
            text: doc.slice(range).to_string(),
            start: map.char_offset(range.start),
            end: map.char_offset(range.end),
        }
    }
}

/// An actor as written and coded: `{"text": "Russian warplanes", ..., "code": "RUSMIL"}`.
/// An implied actor ("300 were arrested": the police) has an empty span at the trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRecord {
    pub text: String,
    pub start: u32,
    pub end: u32,
    pub code: String,
}

/// Who the text says reported something: the speaker's words and, when the speaker
/// is a coded actor, the code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributionRecord {
    pub text: String,
    pub start: u32,
    pub end: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The cue: "said", "according to" ...
    #[serde(default)]
    pub cue: String,
}

/// A direct quotation and its speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    pub text: String,
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    pub speaker: Option<AttributionRecord>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRecord {
    pub text: String,
    pub start: u32,
    pub end: u32,
    /// ISO 3166-1 alpha-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<i64>,
    /// `city`, `admin1`, `country` or `region`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    /// The gazetteer's name for the place ("Ar Raqqah" for "Raqqa").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The rule that chose this place for the event, and the gazetteer line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
}

/// One coded event, as the batch contract (`CONTRACT.md`) defines it, plus
/// provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Stable: a hash of the document id, sentence, trigger and codes.
    pub id: String,
    pub sentence: u32,
    pub source: Option<ActorRecord>,
    pub target: Option<ActorRecord>,
    pub cameo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
    /// The PLOVER mode of the CAMEO code (manual 2.0), when PLOVER defines one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
    /// The PLOVER contexts of the CAMEO code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plover_context: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quad_class: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f32>,
    pub trigger: SpanRecord,
    pub location: Option<PlaceRecord>,
    /// The event's date (`YYYY-MM-DD`), resolved from the text against the document
    /// date, else the document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `day`, `week` (the date is the Monday), `month` (the 1st), `year` (Jan. 1),
    /// `document_date` (no date in the text), `relative` (a date in the text that an
    /// undated document cannot resolve) or `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<String>,
    /// The words that date the event ("on Thursday").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<SpanRecord>,
    pub negated: bool,
    /// `asserted`, `reported`, `hypothetical`, `future` or `intended`.
    pub modality: String,
    /// Who the text says reported the event ("X said Y attacked Z": X).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<AttributionRecord>,
    /// The rule that coded the event: stage, rule id, dictionary file and line.
    #[serde(default)]
    pub provenance: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actor_provenance: Vec<String>,
}

/// The document's events as records, in the order the coder found them.
pub fn event_records(doc: &Document) -> Vec<EventRecord> {
    event_records_with(doc, &doc.char_offsets())
}

pub(crate) fn event_records_with(doc: &Document, map: &CharOffsets<'_>) -> Vec<EventRecord> {
    let (Some(events), Some(mentions), Some(tokens)) = (doc.events(), doc.mentions(), doc.tokens())
    else {
        return Vec::new();
    };
    let ontology = casus_ontology::Ontology::builtin();
    let span_of = |first: TokenIdx, end: TokenIdx| {
        TextRange::new(
            tokens.ranges()[first.index()].start,
            tokens.ranges()[end.index() - 1].end,
        )
    };
    // A bare pronoun ("it", "they", "he") is shown by the name it stands for: the
    // nearest earlier mention with its code. (The pronoun itself stays in the
    // Mentions layer and in `pretty` output.)
    let named = |i: usize| -> &casus_doc::Mention {
        let m = &mentions[i];
        let bare_pronoun =
            m.kind == casus_doc::MentionKind::Pronoun && m.end.index() - m.first.index() == 1;
        if !bare_pronoun {
            return m;
        }
        mentions[..i]
            .iter()
            .rev()
            .find(|a| a.code == m.code && a.kind != casus_doc::MentionKind::Pronoun)
            .unwrap_or(m)
    };
    let actor = |m: Option<u32>| {
        m.map(|i| {
            let m = named(i as usize);
            let span = SpanRecord::new(doc, map, span_of(m.first, m.end));
            ActorRecord {
                text: span.text,
                start: span.start,
                end: span.end,
                code: m.code.clone(),
            }
        })
    };
    let places = doc.places().unwrap_or(&[]);
    let event_places = doc.event_places().unwrap_or(&[]);
    let event_dates = doc.event_dates().unwrap_or(&[]);
    let doc_date = doc.meta().date.map(|d| d.to_string());
    events
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let info = ontology.cameo(&e.cameo);
            let trigger = span_of(e.trigger_first, e.trigger_end);
            let key = format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{:?}\u{1f}{:?}",
                doc.meta().id,
                e.sentence.0,
                trigger.start,
                e.cameo,
                e.source.map(|m| &mentions[m as usize].code),
                e.target.map(|m| &mentions[m as usize].code)
            );
            // An implied source has no words: an empty span at the trigger.
            let implicit = e.implicit_source.as_ref().map(|code| ActorRecord {
                text: String::new(),
                start: map.char_offset(trigger.start),
                end: map.char_offset(trigger.start),
                code: code.clone(),
            });
            EventRecord {
                id: format!("{:016x}", casus_learn::hash_bytes(key.as_bytes())),
                sentence: e.sentence.0,
                source: actor(e.source).or(implicit),
                target: actor(e.target),
                cameo: e.cameo.clone(),
                plover: info.map(|c| c.plover.event_type.clone()),
                plover_mode: info.and_then(|c| c.plover.mode.clone()),
                plover_context: info.map(|c| c.plover.contexts.clone()).unwrap_or_default(),
                quad_class: info.map(|c| c.quad_class.number()),
                goldstein: info.map(|c| c.goldstein),
                trigger: SpanRecord::new(doc, map, trigger),
                location: event_places.get(k).and_then(|ep| {
                    let p = &places[ep.place? as usize];
                    let span = SpanRecord::new(doc, map, span_of(p.first, p.end));
                    Some(PlaceRecord {
                        text: span.text,
                        start: span.start,
                        end: span.end,
                        country: p.country.clone(),
                        admin1: p.admin1.clone(),
                        lat: p.lat,
                        lon: p.lon,
                        geonames_id: p.geonames_id.map(i64::from),
                        precision: Some(place_precision_name(p.precision).to_string()),
                        name: Some(p.name.clone()),
                        provenance: Some(match &ep.provenance {
                            Some(rule) => format!("{rule}; {}", p.provenance),
                            None => p.provenance.to_string(),
                        }),
                    })
                }),
                date: match event_dates.get(k) {
                    Some(d) => d.date.map(|d| d.to_string()),
                    None => doc_date.clone(),
                },
                date_precision: event_dates
                    .get(k)
                    .map(|d| date_precision_name(d.precision).to_string()),
                date_text: event_dates
                    .get(k)
                    .and_then(|d| d.expression)
                    .map(|r| SpanRecord::new(doc, map, r)),
                negated: e.negated,
                modality: modality_name(e.modality).to_string(),
                attribution: e
                    .attribution
                    .as_ref()
                    .map(|a| attribution_record(doc, map, a)),
                provenance: e.provenance.to_string(),
                actor_provenance: [e.source, e.target]
                    .into_iter()
                    .flatten()
                    .map(|m| mentions[m as usize].provenance.to_string())
                    .collect(),
            }
        })
        .collect()
}

/// The modality's name as written in output and the store.
pub fn modality_name(modality: casus_doc::Modality) -> &'static str {
    match modality {
        casus_doc::Modality::Asserted => "asserted",
        casus_doc::Modality::Reported => "reported",
        casus_doc::Modality::Hypothetical => "hypothetical",
        casus_doc::Modality::Future => "future",
        casus_doc::Modality::Intended => "intended",
    }
}

/// The place precision's name as written in output and the store.
pub fn place_precision_name(precision: casus_doc::PlacePrecision) -> &'static str {
    match precision {
        casus_doc::PlacePrecision::City => "city",
        casus_doc::PlacePrecision::Admin1 => "admin1",
        casus_doc::PlacePrecision::Country => "country",
        casus_doc::PlacePrecision::Region => "region",
        casus_doc::PlacePrecision::Local => "local",
    }
}

/// The date precision's name as written in output and the store.
pub fn date_precision_name(precision: casus_doc::DatePrecision) -> &'static str {
    match precision {
        casus_doc::DatePrecision::Day => "day",
        casus_doc::DatePrecision::Week => "week",
        casus_doc::DatePrecision::Month => "month",
        casus_doc::DatePrecision::Year => "year",
        casus_doc::DatePrecision::DocumentDate => "document_date",
        casus_doc::DatePrecision::Relative => "relative",
        casus_doc::DatePrecision::Unknown => "unknown",
    }
}

fn attribution_record(
    doc: &Document,
    map: &CharOffsets<'_>,
    a: &casus_doc::Attribution,
) -> AttributionRecord {
    let tokens = doc.tokens().expect("attributions are over tokens");
    let range = TextRange::new(
        tokens.ranges()[a.first.index()].start,
        tokens.ranges()[a.end.index() - 1].end,
    );
    let span = SpanRecord::new(doc, map, range);
    let cue = doc.slice(tokens.ranges()[a.cue.index()]);
    AttributionRecord {
        text: span.text,
        start: span.start,
        end: span.end,
        code: a
            .mention
            .and_then(|m| doc.mentions().map(|ms| ms[m as usize].code.clone())),
        cue: if cue.eq_ignore_ascii_case("according") {
            "according to".to_string()
        } else {
            cue.to_string()
        },
    }
}

/// The document's direct quotations.
pub fn quote_records(doc: &Document) -> Vec<QuoteRecord> {
    quote_records_with(doc, &doc.char_offsets())
}

pub(crate) fn quote_records_with(doc: &Document, map: &CharOffsets<'_>) -> Vec<QuoteRecord> {
    doc.quotes()
        .unwrap_or(&[])
        .iter()
        .map(|q| {
            let span = SpanRecord::new(doc, map, q.range);
            QuoteRecord {
                text: span.text,
                start: span.start,
                end: span.end,
                sentence: q.sentence.0,
                speaker: q.speaker.as_ref().map(|a| attribution_record(doc, map, a)),
            }
        })
        .collect()
}
