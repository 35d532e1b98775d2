//! The example article's segmentation, pinned exactly.
