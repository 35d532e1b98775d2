//! Integration tests of casus-text, compiled into one binary (ripgrep's layout).

mod ewt;
mod example_article;
mod news;
mod properties;
mod shared;
