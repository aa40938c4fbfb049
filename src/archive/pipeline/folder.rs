//! One folder through its library store: listed from the store at once, then checked file
//! by file; or, without a valid store, read whole with its store written as it goes.

use super::{Event, Options, Out, Read, Walked, examine, walk};
use crate::archive::store::{self, FileKey, Outcome, StoreWriter, StoredFile};
use crate::archive::{Parsed, ReadError, Stats};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use texts::{Storing, Texts, look_group};

mod save;
mod texts;

use save::Left;
pub(super) use save::Save;

/// Files a thread looks at in a row, their texts written into a store being written together
/// ([`look_group`]): a few files, so that the store's file is written in pieces of tens of KB
/// rather than one piece a file.
const GROUP: usize = 16;

/// Files listed from a store before the folder is checked: a first screenful at once.
const FIRST_LISTED: usize = 256;

/// A folder: from its store if it has a valid one (then checked file by file), else read
/// whole (its store written as it is read). What is left to save of its store is returned.
pub(super) fn folder(
    root: &Path,
    opts: &Options,
    out: &mut Out<'_>,
    stats: &mut Stats,
) -> Option<Save> {
    let real = std::fs::canonicalize(root).ok();
    let target = opts
        .store_dir
        .as_deref()
        .zip(real.as_deref())
        .and_then(|(dir, real)| store::store_path(dir, real));
    let mut old = match (&target, &real) {
        (Some(t), Some(real)) => match store::open(t, real) {
            Ok(s) => s,
            Err(store::StoreError::OtherBuild) => None,
            Err(e) => {
                (out.sink)(Event::Note(e.to_string()));
                None
            }
        },
        _ => None,
    };
    let mut files = old
        .as_mut()
        .map(|s| std::mem::take(&mut s.files))
        .unwrap_or_default()
        .into_iter();
    // Listed at once from the store (its records moved into the articles: the table is
    // read again if a new store is written): the first files before anything else, so the
    // reader has a screenful at once; then the rest while the folder is walked and its files
    // compared with the store on the other threads; what changed is put right after.
    let mut shown = Stats::default();
    let mut olds: Vec<OldFile> = Vec::with_capacity(files.len());
    let list = |out: &mut Out<'_>, shown: &mut Stats, f: StoredFile, number: u32| {
        if let Some(p) = store::path_of_bytes(&f.rel) {
            out.stored(shown, &root.join(p), f.outcome, number);
        }
    };
    if let Some(s) = &old {
        for f in files.by_ref().take(FIRST_LISTED) {
            olds.push(OldFile::of(&f));
            list(out, &mut shown, f, s.number);
        }
        out.flush();
    }
    let rest: Vec<StoredFile> = files.collect();
    olds.extend(rest.iter().map(OldFile::of));
    let by_rel: HashMap<&[u8], usize> = olds
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel.as_slice(), i))
        .collect();
    let looked = old.as_ref().map(|s| {
        std::thread::scope(|scope| {
            let looking = scope.spawn(|| look_all(root, &olds, &by_rel));
            for f in rest {
                list(out, &mut shown, f, s.number);
            }
            out.flush();
            (out.sink)(Event::Listed);
            looking.join().unwrap_or_default()
        })
    });
    let writer = match (&old, &target, &real) {
        (None, Some(t), Some(real)) => match StoreWriter::create(t, real) {
            Ok(w) => Some(w),
            Err(e) => {
                (out.sink)(Event::Note(format!(
                    "cannot write the library store: {e}; the folder is read in full each time"
                )));
                None
            }
        },
        _ => None,
    };
    let mut walk = Walker {
        root,
        note: None,
        old: old.as_ref(),
        olds: &olds,
        by_rel,
        seen: Vec::new(),
        writer,
        settle_now: store::ns_since_epoch(std::time::SystemTime::now()),
        opts,
        fresh: Vec::new(),
        order: Vec::new(),
        changed: false,
        found: 0,
        read: 0,
    };
    match looked {
        Some(looked) => walk.apply_all(looked, out, stats),
        None => walk.run(out, stats),
    }
    let left = walk.finish(out);
    (!matches!(left, Left::Nothing)).then(|| Save {
        root: root.to_path_buf(),
        left,
        old,
    })
}

/// What the walk found, in its order: files with what looking at them gave (and where
/// the store had them), and folders that could not be read.
enum Looked {
    File(PathBuf, Option<usize>, Read),
    Problem(crate::archive::Problem),
}

/// Walks `root` and looks at every file, on every core ([`super::walk_keyed`]): a file
/// whose size, times and inode are as the store has them is not opened.
fn look_all(root: &Path, olds: &[OldFile], by_rel: &HashMap<&[u8], usize>) -> Vec<Looked> {
    super::walk_keyed(root)
        .into_par_iter()
        .map(|w| match w {
            super::Keyed::File(p, key) => {
                let i = store::path_bytes(p.strip_prefix(root).unwrap_or(&p))
                    .and_then(|rel| by_rel.get(rel).copied());
                let r = super::examine_keyed(&p, key, i.map(|i| olds[i].key));
                Looked::File(p, i, r)
            }
            super::Keyed::Problem(p) => Looked::Problem(p),
        })
        .collect()
}

/// Where the store had each file, if it did.
fn lookup(root: &Path, by_rel: &HashMap<&[u8], usize>, files: &[PathBuf]) -> Vec<Option<usize>> {
    if by_rel.is_empty() {
        return vec![None; files.len()];
    }
    files
        .iter()
        .map(|p| {
            let rel = store::path_bytes(p.strip_prefix(root).ok()?)?;
            by_rel.get(rel).copied()
        })
        .collect()
}

/// Files found, looked at on every core, in the walk's order: where the store had each, what
/// it gave, and (`storing`: a store is being written) its texts written into it, its articles
/// then the ones the store lists ([`look_group`]).
fn look_chunk(
    root: &Path,
    olds: &[OldFile],
    by_rel: &HashMap<&[u8], usize>,
    storing: Option<&Storing>,
    files: Vec<PathBuf>,
) -> Vec<LookedAt> {
    let lookup = lookup(root, by_rel, &files);
    let looked: Vec<(Read, Texts)> = files
        .par_chunks(GROUP)
        .zip(lookup.par_chunks(GROUP))
        .flat_map_iter(|(paths, at)| {
            let reads = paths
                .iter()
                .zip(at)
                .map(|(p, i)| examine(p, i.map(|i| olds[i].key)));
            look_group(storing, reads)
        })
        .collect();
    files
        .into_iter()
        .zip(lookup)
        .zip(looked)
        .map(|((p, i), (r, t))| (p, i, r, t))
        .collect()
}

/// A file looked at: its path, where the store had it, what it gave, what became of its
/// texts.
type LookedAt = (PathBuf, Option<usize>, Read, Texts);

/// What the thread looking at files hands on: a chunk of them (with the number of files
/// found so far), or a problem of the walk.
enum Step {
    Chunk(Vec<LookedAt>, usize),
    Problem(super::Problem),
}

type Fresh = (Vec<u8>, Option<FileKey>, Result<Parsed, ReadError>);

/// A file for the store written anew: as the old store has it, or read afresh.
enum Kept {
    Old(usize),
    Fresh(usize),
}

/// What the check of a folder needs of a file its store listed.
struct OldFile {
    rel: Vec<u8>,
    key: FileKey,
    articles: usize,
    problems: usize,
    skipped: bool,
}

impl OldFile {
    fn of(f: &StoredFile) -> OldFile {
        let (articles, problems, skipped) = match &f.outcome {
            Outcome::Articles { articles, problems } => (articles.len(), problems.len(), false),
            Outcome::Unreadable(_) => (0, 1, false),
            Outcome::Skipped(_) => (0, 1, true),
        };
        OldFile {
            rel: f.rel.clone(),
            key: f.key,
            articles,
            problems,
            skipped,
        }
    }
}

/// The walk of one folder and what it found.
struct Walker<'a> {
    root: &'a Path,
    old: Option<&'a store::Store>,
    olds: &'a [OldFile],
    by_rel: HashMap<&'a [u8], usize>,
    /// Which of the old store's files the walk found.
    seen: Vec<bool>,
    /// The store being written while the folder is read for the first time.
    writer: Option<StoreWriter>,
    /// Why the store being written was given up.
    note: Option<String>,
    settle_now: i64,
    opts: &'a Options,
    /// Files read afresh (while checking a store), for the store: path under the folder,
    /// key, what they gave.
    fresh: Vec<Fresh>,
    /// The files the walk found that the store will keep, in its order.
    order: Vec<Kept>,
    changed: bool,
    found: usize,
    read: usize,
}

impl Walker<'_> {
    /// The walk runs on a thread of its own, ahead of the files being looked at; the files
    /// it found are looked at (read, parsed, made ready for the store) on every core, a
    /// chunk at a time, by a second thread, while this one applies the chunk before in
    /// order: reading folders, parsing files and writing the store overlap.
    fn run(&mut self, out: &mut Out<'_>, stats: &mut Stats) {
        self.seen = vec![false; self.olds.len()];
        let (root, olds) = (self.root, self.olds);
        let by_rel = std::mem::take(&mut self.by_rel);
        let storing = self.writer.as_ref().map(|w| Storing {
            sink: w.sink(),
            now: self.settle_now,
            settle: self.opts.settle,
        });
        let walked = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            // The walk runs ahead unbounded (a path is ~100 bytes: 10 MB for 100,000 files),
            // so that the status bar's "files found" is soon the folder's whole count.
            let (tx, rx) = std::sync::mpsc::channel::<Walked>();
            let walked = &walked;
            scope.spawn(move || {
                for w in walk(root) {
                    if matches!(w, Walked::File(_)) {
                        walked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    if tx.send(w).is_err() {
                        return;
                    }
                }
            });
            let (ctx, crx) = std::sync::mpsc::sync_channel::<Step>(2);
            let by_rel = &by_rel;
            scope.spawn(move || {
                let look = |files: Vec<PathBuf>, found: usize| {
                    let looked = look_chunk(root, olds, by_rel, storing.as_ref(), files);
                    let found = found.max(walked.load(std::sync::atomic::Ordering::Relaxed));
                    ctx.send(Step::Chunk(looked, found)).is_ok()
                };
                let (mut chunk, mut size, mut found) = (Vec::new(), 32, 0);
                for w in rx {
                    match w {
                        Walked::File(p) => {
                            found += 1;
                            chunk.push(p);
                            if chunk.len() >= size {
                                if !look(std::mem::take(&mut chunk), found) {
                                    return;
                                }
                                size = 512;
                            }
                        }
                        Walked::Problem(p) => {
                            if ctx.send(Step::Problem(p)).is_err() {
                                return;
                            }
                        }
                    }
                }
                look(chunk, found);
            });
            for step in crx {
                match step {
                    Step::Chunk(looked, found) => {
                        self.found = found;
                        self.apply(looked, out, stats);
                    }
                    Step::Problem(p) => {
                        stats.problems += 1;
                        (out.sink)(Event::Problem(p));
                    }
                }
            }
        });
        self.by_rel = by_rel;
    }

    /// What [`look_all`] found, applied in order.
    fn apply_all(&mut self, looked: Vec<Looked>, out: &mut Out<'_>, stats: &mut Stats) {
        self.seen = vec![false; self.olds.len()];
        let mut files = Vec::new();
        for l in looked {
            match l {
                Looked::File(p, i, r) => files.push((p, i, r, Texts::No)),
                Looked::Problem(p) => {
                    stats.problems += 1;
                    (out.sink)(Event::Problem(p));
                }
            }
        }
        self.found = files.len();
        self.apply(files, out, stats);
    }

    /// Files looked at, applied in order: counted, reported, kept for the store.
    fn apply(&mut self, files: Vec<LookedAt>, out: &mut Out<'_>, stats: &mut Stats) {
        let olds = self.olds;
        // Articles listed from the store being written go out after it is flushed below.
        out.hold = self.writer.is_some();
        for (path, i, read, texts) in files {
            if let Some(i) = i {
                self.seen[i] = true;
            }
            self.read += 1;
            let rel = path
                .strip_prefix(self.root)
                .ok()
                .and_then(store::path_bytes)
                .map(<[u8]>::to_vec);
            match read {
                Read::Same => {
                    // Counted as the store listed it.
                    if let Some(i) = i {
                        count(stats, &olds[i]);
                        stats.stored += 1;
                        self.order.push(Kept::Old(i));
                    }
                }
                Read::Parsed(key, r) => {
                    if i.is_some() {
                        self.changed = true;
                        out.flush();
                        (out.sink)(Event::Removed(vec![path.clone()]));
                    }
                    let mut r = r;
                    self.write(rel.as_deref(), &path, key, &mut r, texts);
                    // Kept for the store written at the end (a few files changed: the
                    // copy is small).
                    if self.old.is_some()
                        && let Some(rel) = rel
                    {
                        self.changed = true;
                        self.order.push(Kept::Fresh(self.fresh.len()));
                        self.fresh.push((rel, key, r.clone()));
                    }
                    out.outcome(stats, &path, Read::Parsed(key, r));
                }
                other => out.outcome(stats, &path, other),
            }
        }
        if let Some(w) = &mut self.writer
            && let Err(e) = w.flush()
        {
            self.give_up::<()>(&e);
        }
        out.hold = false;
        out.flush();
        if self.old.is_none() {
            (out.sink)(Event::Progress {
                read: self.read,
                found: self.found,
            });
        }
    }

    /// Adds a file read during a first reading to the store being written: its articles
    /// are then the ones the store lists (no blocks in memory), if it was stored.
    fn write(
        &mut self,
        rel: Option<&[u8]>,
        path: &Path,
        key: Option<FileKey>,
        read: &mut Result<Parsed, ReadError>,
        texts: Texts,
    ) {
        let added = match (texts, self.writer.as_mut(), rel, key) {
            (Texts::Failed(e), ..) => Err(e),
            (Texts::Written(shapes), Some(w), Some(rel), Some(key)) => match read {
                Ok(p) => w.add_listed(rel, key, &mut p.articles, shapes, &p.problems),
                Err(_) => Ok(()),
            },
            // (Written texts always come with a writer, a path under the folder and a key.)
            (Texts::Written(_), ..) => Err(std::io::Error::other("texts written for no store")),
            (Texts::No, Some(w), Some(rel), Some(key))
                if key.settled(self.settle_now, self.opts.settle) =>
            {
                match read {
                    Ok(p) => w.add_parsed(rel, key, &mut p.articles, &p.problems),
                    Err(reason) => {
                        w.add_failed(rel.to_vec(), key, Outcome::Unreadable(reason.to_string()));
                        Ok(())
                    }
                }
            }
            (Texts::No, ..) => Ok(()),
        };
        if let Err(e) = added {
            self.give_up::<()>(&e);
            // Articles made ready for the given-up store (their blocks dropped) are read
            // again from their file (rare: the store failed).
            if let Ok(p) = read
                && p.articles
                    .iter()
                    .any(|a| a.blocks.is_empty() && a.stored.is_some())
                && let Some(again) =
                    super::format_of(path).and_then(|format| super::read_file(path, format).ok())
            {
                p.articles = again.articles;
            }
        }
    }

    /// The store being written is given up (too big, or unwritable): the rest is read
    /// without one.
    fn give_up<T>(&mut self, e: &std::io::Error) -> Option<T> {
        if let Some(w) = self.writer.take() {
            w.sink().close();
            self.note = Some(format!("cannot write the library store: {e}"));
        }
        None
    }

    /// Files of the store the walk did not find are gone; what is left to do with the store
    /// (finish the one written, or write it anew if anything changed).
    fn finish(mut self, out: &mut Out<'_>) -> Left {
        out.flush();
        if let Some(n) = self.note.take() {
            (out.sink)(Event::Note(n));
        }
        if self.old.is_some() {
            let gone: Vec<PathBuf> = self
                .olds
                .iter()
                .zip(&self.seen)
                .filter(|(_, seen)| !**seen)
                .filter_map(|(f, _)| Some(self.root.join(store::path_of_bytes(&f.rel)?)))
                .collect();
            if !gone.is_empty() {
                self.changed = true;
                (out.sink)(Event::Removed(gone));
            }
        }
        if let Some(w) = self.writer.take() {
            return Left::Finish(w);
        }
        let Some(target) = self.old.and_then(|_| self.target()) else {
            return Left::Nothing;
        };
        if !self.changed {
            store::touch(&target);
            return Left::Nothing;
        }
        let Ok(real) = std::fs::canonicalize(self.root) else {
            return Left::Nothing;
        };
        Left::Rewrite {
            order: std::mem::take(&mut self.order),
            fresh: std::mem::take(&mut self.fresh),
            target,
            real,
            now: self.settle_now,
            settle: self.opts.settle,
        }
    }

    fn target(&self) -> Option<PathBuf> {
        let real = std::fs::canonicalize(self.root).ok()?;
        store::store_path(self.opts.store_dir.as_deref()?, &real)
    }
}

/// Counts a file the store listed (and the check found unchanged) into `stats`.
fn count(stats: &mut Stats, f: &OldFile) {
    stats.files += 1;
    stats.articles += f.articles;
    stats.problems += f.problems;
    if f.skipped {
        stats.skipped += 1;
    }
}
