//! A first reading's texts: written into the store being written by the threads that parse
//! the files.

use crate::archive::store::{self, Prepared, prepare};
use crate::model::Article;

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
    /// Written into the store: the articles' records, their blocks dropped.
    Written(Vec<Prepared>),
    /// The store could not take them: it is given up (the articles keep their blocks).
    Failed(std::io::Error),
}

/// A file's texts written into the store by the thread that parsed it ([`prepare`] lays them
/// out in `buf`, [`store::TextSink::put`] writes them), and its articles' blocks and links
/// dropped there (the articles are listed from the store from then on): no text outlives
/// its file's parse, none is freed by another thread.
pub(super) fn store_texts(
    sink: &store::TextSink,
    articles: &mut [Article],
    buf: &mut Vec<u8>,
) -> Texts {
    let mut prepared = prepare(articles, buf);
    let put = sink.put(buf, &mut prepared);
    // A file's texts are a few KB; a buffer grown by a big one is not kept.
    if buf.capacity() > 1 << 20 {
        *buf = Vec::new();
    }
    match put {
        Ok(()) => {
            for a in articles {
                a.blocks = Vec::new();
                a.links = Vec::new();
            }
            Texts::Written(prepared)
        }
        Err(e) => Texts::Failed(e),
    }
}
