//! casus-geo: where and when.
//!
//! - [`gazetteer`]: the places casus knows, compiled in and indexed at start.
//! - [`toponyms`]: the `places` stage, recognising place names over the parse and
//!   resolving them in the document's context.
//! - [`locate`]: the `event_places` stage, reading each event's place off the parse.
//! - [`dates`]: the `event_dates` stage, finding and resolving each event's date.

pub mod dates;
pub mod gazetteer;
pub mod locate;
pub mod toponyms;
mod tree;

pub use dates::EventDater;
pub use gazetteer::{normalize_name, Entry, Gazetteer, GazetteerError, PlaceKind};
pub use locate::EventLocator;
pub use toponyms::Toponyms;
