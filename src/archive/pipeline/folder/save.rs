//! A folder's store saved once all its articles are out: the one written during a first
//! reading finished, or one written anew after a check found changes.

use super::{Fresh, Kept};
use crate::archive::store::{self, Outcome, StoreWriter};
use std::path::{Path, PathBuf};

/// What is left to do with a folder's store once all its articles are out.
pub(super) enum Left {
    Nothing,
    /// The store written during a first reading, to be finished.
    Finish(StoreWriter),
    /// The store to write anew after a check found changes: unchanged files copied from
    /// the old store, files read afresh added, in the walk's order.
    Rewrite {
        order: Vec<Kept>,
        fresh: Vec<Fresh>,
        target: PathBuf,
        real: PathBuf,
        now: i64,
        settle: std::time::Duration,
    },
}

/// A folder's store to finish or write anew, owned (by a thread of its own: see
/// [`load_with`](crate::archive::load_with)), so that the reader has the whole list before
/// it is saved.
pub(in crate::archive::pipeline) struct Save {
    pub(super) root: PathBuf,
    pub(super) left: Left,
    pub(super) old: Option<store::Store>,
}

impl Save {
    /// Saves the store; what to tell about it.
    pub(in crate::archive::pipeline) fn run(self) -> Option<String> {
        let first = self.old.is_none();
        let saved = match self.left {
            Left::Nothing => return None,
            Left::Finish(w) => w.finish(),
            Left::Rewrite {
                order,
                mut fresh,
                target,
                real,
                now,
                settle,
            } => {
                let old = self.old.as_ref()?;
                rewrite(old, &order, &mut fresh, &target, &real, (now, settle))
            }
        };
        match saved {
            Ok(s) if first => Some(format!(
                "made the library store of {} ({} MB, {})",
                crate::sanitize::path(&self.root),
                s.bytes.div_ceil(1 << 20),
                crate::sanitize::path(&s.path)
            )),
            Err(e) => Some(format!("cannot write the library store: {e}")),
            Ok(_) => None,
        }
    }
}

/// The store written anew after a check found changes: unchanged files copied from the old
/// store, files read afresh (and settled: `settle` is the time now and how long a file
/// must have been left alone) added, in the walk's order.
fn rewrite(
    old: &store::Store,
    order: &[Kept],
    fresh: &mut [Fresh],
    target: &Path,
    real: &Path,
    settle: (i64, std::time::Duration),
) -> std::io::Result<store::Saved> {
    let files = old
        .files_again()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut w = StoreWriter::create(target, real)?;
    for k in order {
        match k {
            Kept::Old(i) => {
                let f = files
                    .get(*i)
                    .ok_or_else(|| std::io::Error::other("the store changed"))?;
                w.add_old(&old.data, f)?;
            }
            Kept::Fresh(i) => {
                let (path, Some(file_key), parsed) = &mut fresh[*i] else {
                    continue;
                };
                if !file_key.settled(settle.0, settle.1) {
                    continue;
                }
                let _ = match parsed {
                    Ok(p) => w.add_parsed(path, *file_key, &mut p.articles, &p.problems),
                    Err(reason) => {
                        let why = Outcome::Unreadable(reason.to_string());
                        w.add_failed(path.clone(), *file_key, why);
                        Ok(())
                    }
                };
            }
        }
    }
    w.finish()
}
