//! Integration tests of the casus facade, compiled into one binary.

mod coding;
mod example_article;
mod geo;
mod syntax_golden;
