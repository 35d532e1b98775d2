//! Where and when: places named in the text, and each event's place and date.

use crate::{Date, Provenance, TextRange, TokenIdx};
use serde::Serialize;

/// How precisely a place is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacePrecision {
    City,
    /// A first-level subdivision: province, governorate, state, oblast.
    Admin1,
    Country,
    /// A named region without a city: "the Gaza Strip", "Donbas", "the Sahel".
    Region,
    /// A place named in a locative frame that the gazetteer does not know (a village,
    /// district, checkpoint): its span, no coordinates.
    Local,
}

/// A place named in the text and resolved against the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// The tokens naming the place.
    pub first: TokenIdx,
    pub end: TokenIdx,
    /// The gazetteer's name for it ("Ar Raqqah" for "Raqqa").
    pub name: String,
    /// The GeoNames id for cities and countries.
    pub geonames_id: Option<u32>,
    /// ISO 3166-1 alpha-3; the first of several for a region spanning countries.
    pub country: Option<String>,
    /// ISO 3166-2 code or GeoNames admin-1 code (`SY.11`).
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: PlacePrecision,
    /// The recognition rule and the gazetteer line that produced it.
    pub provenance: Provenance,
}

/// Where one event happened: an index into the places, and the rule that chose it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPlace {
    pub place: Option<u32>,
    pub provenance: Option<Provenance>,
}

/// How precisely an event's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    /// The date is the Monday of the week.
    Week,
    /// The date is the first of the month.
    Month,
    /// The date is the first of January.
    Year,
    /// No date in the text: the document's publication date.
    DocumentDate,
    /// A date expression that cannot be resolved without a document date
    /// ("on Thursday" in an undated document): kept as text.
    Relative,
    /// Neither a date expression nor a document date.
    Unknown,
}

/// When one event happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventDate {
    pub date: Option<Date>,
    pub precision: DatePrecision,
    /// The words that date the event ("on Thursday", "Sept. 29"), if any.
    pub expression: Option<TextRange>,
    pub provenance: Option<Provenance>,
}
