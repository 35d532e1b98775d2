//! Byte ranges into the source text and typed indices into the layers.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open range `start..end` of **byte** offsets into a document's source text.
///
/// Every `TextRange` satisfies `start <= end`; [`TextRange::new`] enforces it.
/// Whether it lies on `char` boundaries of a particular text is checked when a layer
/// is attached to a [`crate::Document`], since only the document knows its text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    /// # Panics
    ///
    /// Panics if `start > end`: an inverted range is always a programming error.
    #[inline]
    pub fn new(start: u32, end: u32) -> TextRange {
        assert!(start <= end, "inverted text range {start}..{end}");
        TextRange { start, end }
    }

    /// Builds a range from `usize` offsets.
    ///
    /// # Panics
    ///
    /// Panics if `start > end` or an offset exceeds `u32::MAX`; documents are capped
    /// below 4 GiB when they are built, so a stage that works on a document never
    /// produces such an offset.
    #[inline]
    pub fn from_usize(start: usize, end: usize) -> TextRange {
        let start = u32::try_from(start).expect("offset beyond the 4 GiB document limit");
        let end = u32::try_from(end).expect("offset beyond the 4 GiB document limit");
        TextRange::new(start, end)
    }

    #[inline]
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[inline]
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    #[inline]
    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

macro_rules! typed_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// # Panics
            ///
            /// Panics if `i` exceeds `u32::MAX` (a layer never holds that many items,
            /// since a document is shorter than 4 GiB).
            #[inline]
            pub fn from_usize(i: usize) -> Self {
                $name(u32::try_from(i).expect("layer index beyond u32"))
            }
        }
    };
}

typed_index!(
    /// Index of a token in the document's token layer.
    TokenIdx
);
typed_index!(
    /// Index of a sentence in the document's sentence layer.
    SentIdx
);
typed_index!(
    /// Index of a paragraph in the document's paragraph layer.
    ParaIdx
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_basics() {
        let r = TextRange::new(3, 7);
        assert_eq!(r.len(), 4);
        assert!(!r.is_empty());
        assert!(r.contains_range(TextRange::new(3, 3)));
        assert!(r.contains_range(TextRange::new(4, 7)));
        assert!(!r.contains_range(TextRange::new(2, 5)));
        assert_eq!(r.as_usize(), 3..7);
        assert_eq!(format!("{r:?}"), "3..7");
    }

    #[test]
    #[should_panic(expected = "inverted")]
    fn inverted_range_panics() {
        let _ = TextRange::new(5, 4);
    }
}
