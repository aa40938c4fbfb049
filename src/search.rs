//! Searching the archive and one article.
//!
//! Owns the query language ([`query`]), folding ([`fold`] and the fold-aware [`matcher`]),
//! snippets, and the one engine ([`engine`]) that runs a query over a corpus of article
//! texts — in memory or in a library store — for the reader and the commands alike. Brute
//! force over the texts is near the hardware limit at 100,000 articles (REFERENCE.md §5),
//! and a growing query only rescans the previous hits. Must not import ratatui or
//! crossterm.

pub mod engine;
pub mod fold;
pub mod matcher;
pub mod query;
pub mod rank;
pub mod snippet;

pub use engine::{Corpus, Hit};

use crate::model::{Article, list_order};
use std::cmp::Ordering;

/// Result order everywhere (the search line, `wxr search`): most hits first, then the
/// list's order (newest first); the id last, so that the order is total (one file can
/// hold several articles) and an unstable sort gives it every time.
pub fn by_relevance(a: &Article, x: &Hit, b: &Article, y: &Hit) -> Ordering {
    y.count
        .cmp(&x.count)
        .then_with(|| list_order(a, b))
        .then_with(|| a.id.cmp(&b.id))
}
pub use query::{Clause, Field, Query, parse};
