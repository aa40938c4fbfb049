//! The one way in: paths to articles. Walk → one bounded read → decode → sanitize → parse, on
//! every core (rayon), reported in the walk's order; through the folder's library store
//! ([`super::store`]) when there is one. The reader, every command and the store itself come
//! in here: one size limit, one set of problem kinds and texts.
//!
//! A folder with a valid store is listed from it at once; then its files are walked and each
//! one's size, times and inode compared with the store's: a file that changed is read again
//! (its old articles are reported [`Event::Removed`] first), one that went is reported
//! removed, and the store is written anew if anything changed. A folder without a store is
//! read whole, and its store written as it is read; the articles reported keep no blocks in
//! memory: their text is read from the store when needed ([`super::store::body`]).
//!
//! Merging duplicates is the consumer's ([`super::Library`]): it applies [`Event::Removed`]
//! too.

use super::store::{self, FileKey, Outcome, StoreWriter, StoredFile};
use super::{Parsed, Problem, ProblemKind, Source, Stats, format_of, is_asset, parse_bytes};
use crate::model::Article;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Files larger than this are not read: no article is that big, and reading one would stall.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What a load reports as it goes. Articles come in batches so a UI can show them early.
#[derive(Debug, Clone)]
pub enum Event {
    Articles(Vec<Article>),
    Problem(Problem),
    /// These files changed or went since the store listed them: what they gave goes (a
    /// changed file's new articles follow).
    Removed(Vec<PathBuf>),
    /// A folder read for the first time: files read, of files found so far.
    Progress {
        read: usize,
        found: usize,
    },
    /// A folder's store listed all it has: what follows are the changes the check finds.
    Listed,
    /// Something to tell about the library store (made, damaged, not writable).
    Note(String),
    Done(Stats),
}

/// How a load uses the library store.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where stores are; `None`: none is read or written.
    pub store_dir: Option<PathBuf>,
    /// A file changed this recently is read but not stored.
    pub settle: Duration,
}

impl Options {
    /// The store in the cache folder ([`store::store_dir`]), files settled for 2 s.
    pub fn standard() -> Options {
        Options {
            store_dir: store::store_dir(),
            settle: Duration::from_secs(2),
        }
    }

    /// No store: every file is read.
    pub fn no_store() -> Options {
        Options {
            store_dir: None,
            settle: Duration::from_secs(2),
        }
    }
}

/// Loads with the standard store ([`Options::standard`]).
pub fn load(source: &Source, sink: &mut dyn FnMut(Event)) {
    load_with(source, &Options::standard(), sink);
}

/// Loads articles from `source`, reporting through `sink` as it goes. Never panics on a bad
/// file; never stops early.
pub fn load_with(source: &Source, opts: &Options, sink: &mut dyn FnMut(Event)) {
    let mut out = Out {
        sink,
        batch: Vec::new(),
    };
    let mut stats = Stats::default();
    match source {
        Source::Sample => {
            for (name, body) in crate::sample::FILES {
                let path = PathBuf::from(format!("sample:/{name}"));
                let read = format_of(&path).map_or_else(
                    || Err("unknown format".to_string()),
                    |f| parse_bytes(&path, f, body.as_bytes()),
                );
                out.file(&mut stats, &path, read, None);
            }
        }
        Source::Paths(paths) => {
            for root in paths {
                match std::fs::metadata(root) {
                    Err(e) => {
                        stats.unopened += 1;
                        out.problem(&mut stats, root, ProblemKind::Unreadable, io_reason(&e));
                    }
                    Ok(m) if m.is_dir() => folder(root, opts, &mut out, &mut stats),
                    Ok(m) if m.is_file() => {
                        let read = examine(root, None);
                        out.outcome(&mut stats, root, read, None);
                    }
                    Ok(_) => {
                        stats.unopened += 1;
                        out.problem(
                            &mut stats,
                            root,
                            ProblemKind::Unreadable,
                            "not a file or folder (a device, FIFO or socket)".into(),
                        );
                    }
                }
            }
        }
    }
    out.flush();
    (out.sink)(Event::Done(stats));
}

/// Reads again what changed on disk while the reader runs (a watcher's paths): each path's
/// articles go ([`Event::Removed`]; a folder that went takes every file under it), and
/// what is there now comes back. No `Done`: the load it follows is done.
pub fn reread(paths: &[PathBuf], sink: &mut dyn FnMut(Event)) {
    let mut out = Out {
        sink,
        batch: Vec::new(),
    };
    let mut stats = Stats::default();
    (out.sink)(Event::Removed(paths.to_vec()));
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_file() => {
                let read = examine(p, None);
                out.outcome(&mut stats, p, read, None);
            }
            Ok(m) if m.is_dir() => {
                for w in walk(p) {
                    match w {
                        Walked::File(f) => {
                            let read = examine(&f, None);
                            out.outcome(&mut stats, &f, read, None);
                        }
                        Walked::Problem(pr) => (out.sink)(Event::Problem(pr)),
                    }
                }
            }
            _ => {}
        }
    }
    out.flush();
}

/// Loads everything at once with no store, duplicates merged: for tests and the sample.
pub fn load_all(source: &Source) -> (Vec<Article>, Vec<Problem>, Stats) {
    let l = load_all_with(source, &Options::no_store());
    (l.articles, l.problems, l.stats)
}

/// Everything a load gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Duplicates merged, in list order.
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
    pub stats: Stats,
    /// What there is to tell of the library store.
    pub notes: Vec<String>,
}

/// Loads everything at once, duplicates merged, problems of changed files dropped: for the
/// commands.
pub fn load_all_with(source: &Source, opts: &Options) -> Loaded {
    let mut lib = super::Library::default();
    let (mut probs, mut stats, mut notes) = (Vec::new(), Stats::default(), Vec::new());
    load_with(source, opts, &mut |e| match e {
        Event::Articles(a) => {
            for x in a {
                lib.add(x);
            }
        }
        Event::Problem(p) => probs.push(p),
        Event::Removed(paths) => {
            for p in &paths {
                lib.remove_file(p);
            }
            probs.retain(|p: &Problem| !paths.contains(&p.path));
        }
        Event::Note(n) => notes.push(n),
        Event::Progress { .. } | Event::Listed => {}
        Event::Done(s) => stats = s,
    });
    stats.merged = lib.merged;
    let mut articles = lib.into_live();
    articles.par_sort_by(crate::model::list_order);
    Loaded {
        articles,
        problems: probs,
        stats,
        notes,
    }
}

/// Where reports go, with the batch being filled.
struct Out<'s> {
    sink: &'s mut dyn FnMut(Event),
    batch: Vec<Article>,
}

/// Articles a batch: small while a folder is read (the first screen fills at once), big
/// when listed from a store (the reader places each batch in its ordered list).
const BATCH: usize = 64;
const STORED_BATCH: usize = 8192;

impl Out<'_> {
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            (self.sink)(Event::Articles(std::mem::take(&mut self.batch)));
        }
    }

    fn problem(&mut self, stats: &mut Stats, path: &Path, kind: ProblemKind, reason: String) {
        stats.problems += 1;
        (self.sink)(Event::Problem(Problem {
            path: path.to_path_buf(),
            kind,
            reason,
        }));
    }

    /// What reading a file gave (`listed`: its articles as listed from a store, instead
    /// of the parsed ones).
    fn file(
        &mut self,
        stats: &mut Stats,
        path: &Path,
        read: Result<Parsed, String>,
        listed: Option<Vec<Article>>,
    ) {
        stats.files += 1;
        match read {
            Ok(parsed) => {
                for reason in parsed.problems {
                    self.problem(stats, path, ProblemKind::Partial, reason);
                }
                let arts = listed.unwrap_or(parsed.articles);
                stats.articles += arts.len();
                self.batch.extend(arts);
                if self.batch.len() >= BATCH {
                    self.flush();
                }
            }
            Err(reason) => self.problem(stats, path, ProblemKind::Unreadable, reason),
        }
    }

    fn outcome(
        &mut self,
        stats: &mut Stats,
        path: &Path,
        read: Read,
        listed: Option<Vec<Article>>,
    ) {
        match read {
            Read::Asset => {
                stats.files += 1;
                stats.skipped += 1;
            }
            Read::Unknown(reason) => {
                stats.files += 1;
                stats.skipped += 1;
                self.problem(stats, path, ProblemKind::Skipped, reason);
            }
            Read::Parsed(_, r) => self.file(stats, path, r, listed),
            Read::Same => {}
        }
    }

    /// A file as the store has it (its records moved into the articles listed).
    fn stored(&mut self, stats: &mut Stats, path: &Path, outcome: Outcome, store: u32) {
        stats.files += 1;
        match outcome {
            Outcome::Articles { articles, problems } => {
                for p in problems {
                    self.problem(stats, path, ProblemKind::Partial, p);
                }
                stats.articles += articles.len();
                self.batch.extend(
                    articles
                        .into_iter()
                        .map(|a| a.into_article(path.to_path_buf(), store)),
                );
                if self.batch.len() >= STORED_BATCH {
                    self.flush();
                }
            }
            Outcome::Unreadable(r) => self.problem(stats, path, ProblemKind::Unreadable, r),
            Outcome::Skipped(r) => {
                stats.skipped += 1;
                self.problem(stats, path, ProblemKind::Skipped, r);
            }
        }
    }
}

/// What looking at one file gave.
enum Read {
    /// As the store has it.
    Same,
    /// Read and parsed, with the key it had when read (none if it could not be had).
    Parsed(Option<FileKey>, Result<Parsed, String>),
    /// Images, styles, scripts and fonts beside the articles: passed over silently.
    Asset,
    /// A format wxr does not read.
    Unknown(String),
}

/// Looks at one file: as the store has it (`old`: the key it recorded), or read and parsed.
fn examine(path: &Path, old: Option<FileKey>) -> Read {
    let Some(format) = format_of(path) else {
        if is_asset(path) {
            return Read::Asset;
        }
        let ext = path.extension().map_or_else(
            || "no extension".to_string(),
            |e| format!(".{}", e.to_string_lossy()),
        );
        return Read::Unknown(format!("unknown format ({ext})"));
    };
    let key = std::fs::metadata(path).ok().map(|m| FileKey::of(&m));
    if key.is_some() && key == old {
        return Read::Same;
    }
    Read::Parsed(key, read_file(path, format))
}

/// Reads and parses one file: at most [`MAX_FILE_BYTES`] of it are read (a bigger one is a
/// problem), and only if it is a regular file (a FIFO would block).
pub fn read_file(path: &Path, format: crate::model::Format) -> Result<Parsed, String> {
    let mut file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let meta = file.metadata().map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("larger than 64 MiB ({} bytes)", meta.len()));
    }
    parse_bytes(path, format, &bytes)
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// A folder: from its store if it has a valid one (then checked file by file), else read
/// whole (its store written as it is read).
fn folder(root: &Path, opts: &Options, out: &mut Out<'_>, stats: &mut Stats) {
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
    // Listed at once from the store (its records moved into the articles: the table is
    // read again if a new store is written); what changed is put right below.
    let mut olds: Vec<OldFile> = Vec::new();
    if let Some(s) = &mut old {
        let files = std::mem::take(&mut s.files);
        olds.reserve(files.len());
        let mut shown = Stats::default();
        for f in files {
            olds.push(OldFile::of(&f));
            if let Some(p) = store::path_of_bytes(&f.rel) {
                out.stored(&mut shown, &root.join(p), f.outcome, s.number);
            }
        }
        out.flush();
        (out.sink)(Event::Listed);
    }
    let by_rel: HashMap<&[u8], usize> = olds
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel.as_slice(), i))
        .collect();
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
    walk.run(out, stats);
    walk.finish(out);
}

type Fresh = (Vec<u8>, Option<FileKey>, Result<Parsed, String>);

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
    fn run(&mut self, out: &mut Out<'_>, stats: &mut Stats) {
        self.seen = vec![false; self.olds.len()];
        let mut chunk: Vec<PathBuf> = Vec::new();
        let mut size = 32;
        for w in walk(self.root) {
            match w {
                Walked::File(p) => {
                    self.found += 1;
                    chunk.push(p);
                    if chunk.len() >= size {
                        self.chunk(std::mem::take(&mut chunk), out, stats);
                        size = 512;
                    }
                }
                Walked::Problem(p) => {
                    stats.problems += 1;
                    (out.sink)(Event::Problem(p));
                }
            }
        }
        self.chunk(chunk, out, stats);
    }

    /// Files found, looked at on every core, applied in order.
    fn chunk(&mut self, files: Vec<PathBuf>, out: &mut Out<'_>, stats: &mut Stats) {
        let olds = self.olds;
        let lookup: Vec<Option<usize>> = files
            .iter()
            .map(|p| {
                let rel = store::path_bytes(p.strip_prefix(self.root).ok()?)?;
                self.by_rel.get(rel).copied()
            })
            .collect();
        let reads: Vec<Read> = files
            .par_iter()
            .zip(&lookup)
            .map(|(p, i)| examine(p, i.map(|i| olds[i].key)))
            .collect();
        for ((path, read), i) in files.into_iter().zip(reads).zip(lookup) {
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
                    let listed = self.write(rel.as_deref(), &path, key, &r);
                    // Kept for the store written at the end (a few files changed: the
                    // copy is small).
                    if self.old.is_some()
                        && let Some(rel) = rel
                    {
                        self.changed = true;
                        self.order.push(Kept::Fresh(self.fresh.len()));
                        self.fresh.push((rel, key, r.clone()));
                    }
                    out.outcome(stats, &path, Read::Parsed(key, r), listed);
                }
                other => out.outcome(stats, &path, other, None),
            }
        }
        if let Some(w) = &mut self.writer {
            if let Err(e) = w.flush() {
                (out.sink)(Event::Note(format!("cannot write the library store: {e}")));
                self.writer = None;
            }
            out.flush();
        }
        if self.old.is_none() {
            (out.sink)(Event::Progress {
                read: self.read,
                found: self.found,
            });
        }
    }

    /// Adds a file read during a first reading to the store being written: its articles
    /// as listed from it (no blocks in memory), if it was written.
    fn write(
        &mut self,
        rel: Option<&[u8]>,
        path: &Path,
        key: Option<FileKey>,
        read: &Result<Parsed, String>,
    ) -> Option<Vec<Article>> {
        let w = self.writer.as_mut()?;
        let (rel, key) = (rel?, key?);
        if !key.settled(self.settle_now, self.opts.settle) {
            return None;
        }
        let r = match read {
            Ok(p) => w
                .add_parsed(rel.to_vec(), key, &p.articles, &p.problems)
                .map(|()| Some(w.listed(path))),
            Err(reason) => {
                w.add_failed(rel.to_vec(), key, Outcome::Unreadable(reason.clone()));
                Ok(None)
            }
        };
        r.unwrap_or_else(|_| {
            // Too big or unwritable: the rest is read without a store.
            self.writer = None;
            None
        })
    }

    /// Files of the store the walk did not find are gone; the store is written if
    /// anything changed.
    fn finish(mut self, out: &mut Out<'_>) {
        out.flush();
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
        let saved = if let Some(w) = self.writer.take() {
            Some(w.finish())
        } else if self.changed {
            self.rewrite()
        } else {
            if let Some(t) = self.old.and_then(|_| self.target()) {
                store::touch(&t);
            }
            None
        };
        match saved {
            Some(Ok(s)) if self.old.is_none() => (out.sink)(Event::Note(format!(
                "made the library store of {} ({} MB, {})",
                crate::sanitize::path(self.root),
                s.bytes.div_ceil(1 << 20),
                crate::sanitize::path(&s.path)
            ))),
            Some(Err(e)) => (out.sink)(Event::Note(format!("cannot write the library store: {e}"))),
            _ => {}
        }
    }

    fn target(&self) -> Option<PathBuf> {
        let real = std::fs::canonicalize(self.root).ok()?;
        store::store_path(self.opts.store_dir.as_deref()?, &real)
    }

    /// The store written anew after a check found changes: unchanged files copied from the
    /// old store, files read afresh added, in the walk's order.
    fn rewrite(&self) -> Option<std::io::Result<store::Saved>> {
        let old = self.old?;
        let target = self.target()?;
        let real = std::fs::canonicalize(self.root).ok()?;
        let run = || -> std::io::Result<store::Saved> {
            let files = old
                .files_again()
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            let mut w = StoreWriter::create(&target, &real)?;
            for k in &self.order {
                match k {
                    Kept::Old(i) => {
                        let f = files
                            .get(*i)
                            .ok_or_else(|| std::io::Error::other("the store changed"))?;
                        w.add_old(&old.data, f)?;
                    }
                    Kept::Fresh(i) => self.add_fresh(&mut w, &self.fresh[*i]),
                }
            }
            w.finish()
        };
        Some(run())
    }

    fn add_fresh(&self, w: &mut StoreWriter, f: &Fresh) {
        let (rel, Some(key), read) = f else {
            return;
        };
        if !key.settled(self.settle_now, self.opts.settle) {
            return;
        }
        let _ = match read {
            Ok(p) => w.add_parsed(rel.clone(), *key, &p.articles, &p.problems),
            Err(reason) => {
                w.add_failed(rel.clone(), *key, Outcome::Unreadable(reason.clone()));
                Ok(())
            }
        };
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

pub enum Walked {
    File(PathBuf),
    Problem(Problem),
}

/// Files under `root` in a stable order (by name), following symlinks; hidden folders such as
/// `.git` are not entered. A symlink loop or unreadable folder becomes a problem, not a stop.
pub fn walk(root: &Path) -> impl Iterator<Item = Walked> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.'))
        })
        .filter_map(|r| match r {
            Ok(e) if e.file_type().is_file() => Some(Walked::File(e.into_path())),
            Ok(_) => None,
            Err(e) => {
                let path = e.path().map_or_else(PathBuf::new, Path::to_path_buf);
                let reason = if e.loop_ancestor().is_some() {
                    "symlink loop".to_string()
                } else if let Some(io) = e.io_error() {
                    io_reason(io)
                } else {
                    e.to_string()
                };
                Some(Walked::Problem(Problem {
                    path,
                    kind: ProblemKind::Unreadable,
                    reason,
                }))
            }
        })
}
