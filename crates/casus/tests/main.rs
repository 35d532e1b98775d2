//! Integration tests of the casus facade (one binary).
