//! A first reading's texts: where they go in the store being written, and their writing a
//! chunk at a time by one thread.

use super::LookedAt;
use crate::archive::pipeline::Read;
use crate::archive::store::{self, Prepared};

/// What a first reading stores, for the threads that look at files: where texts go, and
/// which files are settled enough to be stored.
#[derive(Clone)]
pub(super) struct Storing {
    pub sink: std::sync::Arc<store::TextSink>,
    pub now: i64,
    pub settle: std::time::Duration,
}

/// What became of a file's texts when it was looked at.
pub(super) enum Texts {
    /// Not stored by the thread that looked at it (no store, or not settled).
    No,
    /// Given their place in the store, not yet written.
    Placed(Vec<Prepared>),
    /// Written into the store: the articles' records, their blocks dropped.
    Written(Vec<Prepared>),
    /// The store could not take them: it is given up (the articles keep their blocks).
    Failed(std::io::Error),
}

/// The texts of a chunk's files given their place, written into the store in one go
/// (by one thread: see [`store::TextSink::write`]), their blocks dropped.
pub(super) fn write_texts(sink: &store::TextSink, looked: &mut [LookedAt]) {
    let placed = looked
        .iter()
        .filter_map(|(_, _, read, texts)| match (read, texts) {
            (Read::Parsed(_, Ok(parsed)), Texts::Placed(p)) => Some((&parsed.articles[..], &p[..])),
            _ => None,
        });
    let written = sink.write(placed);
    for (_, _, read, texts) in looked {
        let Texts::Placed(p) = std::mem::replace(texts, Texts::No) else {
            continue;
        };
        *texts = match (&written, read) {
            (Ok(()), Read::Parsed(_, Ok(parsed))) => {
                for a in &mut parsed.articles {
                    a.blocks = Vec::new();
                }
                Texts::Written(p)
            }
            (Err(e), _) => Texts::Failed(std::io::Error::new(e.kind(), e.to_string())),
            (Ok(()), _) => Texts::No,
        };
    }
}
