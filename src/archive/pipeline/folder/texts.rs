//! A first reading's texts: written into the store being written by the threads that parse
//! the files.

use crate::archive::store::{self, prepare};

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
    /// Written into the store, the articles made the ones it lists
    /// ([`store::into_listed`]): their block shapes, to be added with them.
    Written(Vec<Vec<u8>>),
    /// The store could not take them: it is given up (the articles keep their blocks).
    Failed(std::io::Error),
}

/// Files looked at one after the other by one thread ([`examine`](super::examine) gives
/// `reads`), their texts (`storing`: when a store is written, for files settled enough)
/// laid out as each is parsed ([`prepare`]) and written into the store together
/// ([`store::TextSink::put`]: one write for a few files), the articles of each then made the
/// ones the store lists, their blocks dropped where they were made: no text outlives its
/// group of files, none is freed by another thread.
pub(super) fn look_group(
    storing: Option<&Storing>,
    reads: impl Iterator<Item = super::Read>,
) -> Vec<(super::Read, Texts)> {
    use super::Read;
    let Some(s) = storing else {
        return reads.map(|r| (r, Texts::No)).collect();
    };
    let mut texts = Vec::with_capacity(1 << 17);
    let mut group: Vec<(Read, Option<Vec<store::Prepared>>)> = reads
        .map(|r| {
            let prepared = match &r {
                Read::Parsed(Some(key), Ok(parsed)) if key.settled(s.now, s.settle) => {
                    Some(prepare(&parsed.articles, &mut texts))
                }
                _ => None,
            };
            (r, prepared)
        })
        .collect();
    let mut files: Vec<&mut Vec<store::Prepared>> =
        group.iter_mut().filter_map(|(_, p)| p.as_mut()).collect();
    let put = if files.is_empty() {
        Ok(())
    } else {
        s.sink.put(&texts, &mut files)
    };
    drop(texts);
    group
        .into_iter()
        .map(|(mut r, prepared)| {
            let t = match (prepared, &put, &mut r) {
                (Some(p), Ok(()), Read::Parsed(_, Ok(parsed))) => {
                    Texts::Written(store::into_listed(&mut parsed.articles, p, s.sink.number))
                }
                (Some(_), Err(e), _) => Texts::Failed(std::io::Error::new(e.kind(), e.to_string())),
                _ => Texts::No,
            };
            (r, t)
        })
        .collect()
}
