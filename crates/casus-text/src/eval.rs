//! Scoring a segmentation against gold spans, as the CoNLL 2018 shared task does.
//!
//! CoNLL 2018 aligns system and gold tokens by their character offsets in the text
//! with whitespace removed; when both segment the very same text, as here, two spans
//! align exactly when their byte ranges are equal. Precision, recall and F1 count
//! exactly matching spans.

use casus_doc::TextRange;
use std::collections::HashSet;

/// Precision, recall and F1 of one kind of span.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SpanScore {
    pub gold: usize,
    pub system: usize,
    pub correct: usize,
}

impl SpanScore {
    /// Scores two span lists over the same text.
    pub fn of(gold: &[TextRange], system: &[TextRange]) -> SpanScore {
        let gold_set: HashSet<TextRange> = gold.iter().copied().collect();
        let correct = system.iter().filter(|r| gold_set.contains(r)).count();
        SpanScore {
            gold: gold.len(),
            system: system.len(),
            correct,
        }
    }

    pub fn add(&mut self, other: SpanScore) {
        self.gold += other.gold;
        self.system += other.system;
        self.correct += other.correct;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_exact_matches() {
        let r = |s, e| TextRange::new(s, e);
        let score = SpanScore::of(&[r(0, 3), r(4, 7), r(8, 9)], &[r(0, 3), r(4, 9)]);
        assert_eq!(score.correct, 1);
        assert!((score.precision() - 0.5).abs() < 1e-9);
        assert!((score.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((score.f1() - 0.4).abs() < 1e-9);
        assert_eq!(SpanScore::default().f1(), 0.0);
    }
}
