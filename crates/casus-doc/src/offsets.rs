//! Byte → character offset conversion, used only at the API boundary.

/// Converts byte offsets of one text into Unicode scalar (char) offsets and UTF-16
/// code-unit offsets in O(1) amortised time.
///
/// It keeps a checkpoint every [`CharOffsets::BLOCK`] bytes holding the number of chars
/// before it, so a conversion scans at most one block. Memory is 8 bytes per block
/// (about 3% of the text), where a full byte→char table would cost four times the text:
/// this matters for the 50 MB single documents casus must accept.
#[derive(Debug, Clone)]
pub struct CharOffsets<'t> {
    text: &'t str,
    /// `chars[k]` = number of chars starting in `text[..k * BLOCK]`.
    chars: Vec<u32>,
    /// `utf16[k]` = number of UTF-16 code units of `text[..k * BLOCK]`'s chars.
    utf16: Vec<u32>,
    ascii: bool,
}

impl<'t> CharOffsets<'t> {
    const BLOCK: usize = 256;

    pub fn new(text: &'t str) -> CharOffsets<'t> {
        let ascii = text.is_ascii();
        let mut chars = Vec::new();
        let mut utf16 = Vec::new();
        if !ascii {
            let bytes = text.as_bytes();
            let (mut c, mut u) = (0u32, 0u32);
            for block in bytes.chunks(Self::BLOCK) {
                chars.push(c);
                utf16.push(u);
                for &b in block {
                    let (dc, du) = unit_counts(b);
                    c += dc;
                    u += du;
                }
            }
            chars.push(c);
            utf16.push(u);
        }
        CharOffsets {
            text,
            chars,
            utf16,
            ascii,
        }
    }

    /// The char offset of byte offset `byte`. A byte offset inside a multi-byte
    /// character maps to the offset of the character after it.
    ///
    /// # Panics
    ///
    /// Panics if `byte` is beyond the end of the text.
    pub fn char_offset(&self, byte: u32) -> u32 {
        self.convert(byte, &self.chars, |b| unit_counts(b).0)
    }

    /// The UTF-16 code-unit offset of byte offset `byte` (what browsers index by).
    ///
    /// # Panics
    ///
    /// Panics if `byte` is beyond the end of the text.
    pub fn utf16_offset(&self, byte: u32) -> u32 {
        self.convert(byte, &self.utf16, |b| unit_counts(b).1)
    }

    fn convert(&self, byte: u32, table: &[u32], count: impl Fn(u8) -> u32) -> u32 {
        let byte = byte as usize;
        assert!(byte <= self.text.len(), "byte offset {byte} beyond text");
        if self.ascii {
            return byte as u32;
        }
        let block = byte / Self::BLOCK;
        let start = block * Self::BLOCK;
        let extra: u32 = self.text.as_bytes()[start..byte]
            .iter()
            .map(|&b| count(b))
            .sum();
        table[block] + extra
    }
}

/// How many chars and UTF-16 code units start at a byte with this value. Continuation
/// bytes (`10xxxxxx`) start nothing; a 4-byte lead byte starts a surrogate pair.
#[inline]
fn unit_counts(b: u8) -> (u32, u32) {
    if b & 0xC0 == 0x80 {
        (0, 0)
    } else if b >= 0xF0 {
        (1, 2)
    } else {
        (1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_is_identity() {
        let map = CharOffsets::new("hello world");
        assert_eq!(map.char_offset(0), 0);
        assert_eq!(map.char_offset(11), 11);
        assert_eq!(map.utf16_offset(5), 5);
    }

    #[test]
    fn multibyte() {
        let text = "Russia’s 😀 jets";
        let map = CharOffsets::new(text);
        let byte = text.find('s').unwrap() as u32; // first 's' of Russia
        assert_eq!(map.char_offset(byte), 2);
        let after_quote = text.find("s ").unwrap() as u32;
        assert_eq!(map.char_offset(after_quote), 7);
        let jets = text.find("jets").unwrap() as u32;
        assert_eq!(map.char_offset(jets), 11);
        assert_eq!(map.utf16_offset(jets), 12);
    }

    proptest! {
        #[test]
        fn matches_naive_count(text in "\\PC{0,700}") {
            let map = CharOffsets::new(&text);
            for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let naive = text[..byte].chars().count() as u32;
                let naive16 = text[..byte].encode_utf16().count() as u32;
                prop_assert_eq!(map.char_offset(byte as u32), naive);
                prop_assert_eq!(map.utf16_offset(byte as u32), naive16);
            }
        }
    }
}
