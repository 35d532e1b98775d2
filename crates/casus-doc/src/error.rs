//! Typed errors of the document model.

use crate::pipeline::Layer;

/// Building a [`crate::Document`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// Offsets are `u32`, so a single document is limited to 4 GiB of text.
    #[error("document of {len} bytes exceeds the 4 GiB limit")]
    TooLarge { len: usize },
}

/// Attaching a layer to a document failed: the layer breaks one of the invariants
/// its type promises (in bounds, ordered, on character boundaries ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LayerError {
    #[error("layer {layer:?} is already set; each layer has exactly one writer")]
    AlreadySet { layer: Layer },
    #[error("layer {layer:?} needs layer {needs:?}, which is not set")]
    Missing { layer: Layer, needs: Layer },
    #[error("layer {layer:?} item {index}: range {start}..{end} is out of bounds or not on a char boundary")]
    BadRange {
        layer: Layer,
        index: usize,
        start: u32,
        end: u32,
    },
    #[error("layer {layer:?} item {index} overlaps or precedes the item before it")]
    Unordered { layer: Layer, index: usize },
    #[error("layer {layer:?} item {index}: {reason}")]
    Invalid {
        layer: Layer,
        index: usize,
        reason: &'static str,
    },
}
