//! Integration tests of casus-syntax, one binary.

mod ewt;
mod models;
mod shared;
