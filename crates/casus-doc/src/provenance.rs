//! Where an annotation came from: the stage, the rule and the data-file line.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// A line of a data file (dictionary, pattern list, gazetteer source) that produced
/// an annotation: printed as `path:line`, like a compiler diagnostic.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize)]
pub struct SourceLoc {
    /// Path relative to the resource root, e.g. `dictionaries/countries.txt`.
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u32,
}

impl fmt::Display for SourceLoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Why an annotation exists. Every mention, event, place and every non-trivial
/// classification (such as a paragraph marked as a byline) carries one, so that a
/// user can audit any output back to the rule and data line that made it.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize)]
pub struct Provenance {
    /// The stage that wrote the annotation (its [`crate::Stage::name`]).
    pub stage: &'static str,
    /// A stable rule identifier, e.g. `byline.author-label`.
    pub rule: Arc<str>,
    /// The data-file line behind the rule, when the rule is data-driven.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceLoc>,
}

impl Provenance {
    pub fn rule(stage: &'static str, rule: impl Into<Arc<str>>) -> Provenance {
        Provenance {
            stage,
            rule: rule.into(),
            source: None,
        }
    }

    pub fn with_source(mut self, source: SourceLoc) -> Provenance {
        self.source = Some(source);
        self
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.stage, self.rule)?;
        if let Some(source) = &self.source {
            write!(f, " ({source})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_stage_rule_and_line() {
        let p = Provenance::rule("segmenter", "byline.author-label").with_source(SourceLoc {
            file: "text/bylines.txt".into(),
            line: 12,
        });
        assert_eq!(
            p.to_string(),
            "segmenter/byline.author-label (text/bylines.txt:12)"
        );
    }
}
