//! Integration tests of casus-syntax, one binary.

mod models;
