//! Searching the archive and one article.
//!
//! Owns the query language ([`query`]), folding ([`fold`]) and the archive index
//! ([`index`]): every article's folded text in one buffer, scanned with `memchr::memmem` on
//! both cores. Brute force over one in-memory haystack is near the hardware limit at
//! 100,000 articles (REFERENCE.md §5), and a growing query only rescans the previous hits.
//! Must not import ratatui or crossterm.

pub mod cache;
pub mod companies;
pub mod files;
pub mod fold;
pub mod index;
pub mod query;
pub mod snippet;

pub use index::{Hit, Index};

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

/// `f` of each item, on up to `threads` threads (the calling one among them), in the items'
/// order: for reading and parsing files, where items take very different times.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                mine.push((i, f(item)));
            }
            mine
        };
        let others: Vec<_> = (1..threads.min(items.len()))
            .map(|_| s.spawn(work))
            .collect();
        let mut all = work();
        for o in others {
            all.extend(o.join().unwrap_or_default());
        }
        all
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
