//! Actor and event coding for casus.
//!
//! This crate starts with the dictionaries the coder reads: countries, people (with
//! date ranges), organisations and agents, in casus's own readable format
//! (`resources/dictionaries/FORMAT.md`). [`dict::Dictionaries`] loads them, checks them,
//! and reports every problem at once as `path:line: code: message`, so `casus dict
//! lint` can show a reviewer the whole list.

pub mod actors;
pub mod builtin;
pub mod dict;
pub mod events;
pub mod petrarch;
pub mod quotes;

pub use actors::{ActorMatcher, Actors};
pub use events::{EventMatcher, Events};
pub use quotes::Quotes;
