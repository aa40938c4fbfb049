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

use super::store::{self, FileKey, Outcome};
use super::{
    Parsed, Problem, ProblemKind, ReadError, Source, Stats, format_of, is_asset, parse_bytes,
};
use crate::model::Article;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod folder;
#[cfg(test)]
mod tests;

use folder::folder;

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
        batch: Vec::with_capacity(BATCH),
        hold: false,
    };
    let mut stats = Stats::default();
    let mut saves = Vec::new();
    // A store still being saved by the load before (a reload right after a first reading)
    // is waited for, not read whole again beside it.
    wait_for_saves(Duration::from_secs(60));
    match source {
        Source::Sample => {
            for (name, body) in crate::sample::FILES {
                let path = PathBuf::from(format!("sample:/{name}"));
                let read = format_of(&path).map_or_else(
                    || Err(ReadError::UnknownFormat("no extension".into())),
                    |f| parse_bytes(&path, f, body.as_bytes()),
                );
                out.file(&mut stats, &path, read);
            }
        }
        Source::Paths(paths) => {
            for root in paths {
                match std::fs::metadata(root) {
                    Err(e) => {
                        stats.unopened += 1;
                        out.problem(&mut stats, root, ProblemKind::Unreadable, io_reason(&e));
                    }
                    Ok(m) if m.is_dir() => {
                        if let Some(save) = folder(root, opts, &mut out, &mut stats) {
                            saves.push(spawn_save(save));
                        }
                    }
                    Ok(m) if m.is_file() => {
                        let read = examine(root, None);
                        out.outcome(&mut stats, root, read);
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
    // The stores are saved while the reader takes the last articles; this waits for them
    // (a command's next run finds them saved).
    for save in saves {
        if let Some(note) = save() {
            (out.sink)(Event::Note(note));
        }
    }
}

/// Stores being saved in this process ([`wait_for_saves`]).
static SAVING: (std::sync::Mutex<usize>, std::sync::Condvar) =
    (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// Waits until no store is being saved, at most `limit`: the reader calls it as it quits, so
/// that a store whose folder was just read whole is not lost (the list is complete before
/// the store is saved). Whether none is left.
pub fn wait_for_saves(limit: Duration) -> bool {
    let (count, done) = &SAVING;
    let guard = count
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (left, _) = done
        .wait_timeout_while(guard, limit, |n| *n > 0)
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *left == 0
}

/// A store being saved, counted in [`SAVING`] while it lives.
struct Saving;

impl Saving {
    fn start() -> Saving {
        *SAVING
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        Saving
    }
}

impl Drop for Saving {
    fn drop(&mut self) {
        let mut n = SAVING
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *n = n.saturating_sub(1);
        SAVING.1.notify_all();
    }
}

/// Saves a folder's store on a thread of its own (here and now, if none can be made); what
/// to tell about it, once it is saved.
fn spawn_save(save: folder::Save) -> impl FnOnce() -> Option<String> {
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(save)));
    let theirs = std::sync::Arc::clone(&slot);
    let saving = Saving::start();
    let thread = std::thread::Builder::new()
        .name("wxr-save".into())
        .spawn(move || {
            let _saving = saving;
            theirs.lock().ok()?.take()?.run()
        });
    let here = match thread {
        Ok(_) => None,
        Err(_) => slot.lock().ok().and_then(|mut s| s.take()?.run()),
    };
    move || match thread {
        Ok(t) => t.join().unwrap_or_else(|_| {
            Some("cannot write the library store: saving it failed (a bug)".into())
        }),
        Err(_) => here,
    }
}

/// Reads again what changed on disk while the reader runs (a watcher's paths): each path's
/// articles go ([`Event::Removed`]; a folder that went takes every file under it), and
/// what is there now comes back. No `Done`: the load it follows is done.
pub fn reread(paths: &[PathBuf], sink: &mut dyn FnMut(Event)) {
    let mut out = Out {
        sink,
        batch: Vec::new(),
        hold: false,
    };
    let mut stats = Stats::default();
    (out.sink)(Event::Removed(paths.to_vec()));
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_file() => {
                let read = examine(p, None);
                out.outcome(&mut stats, p, read);
            }
            Ok(m) if m.is_dir() => {
                for w in walk(p) {
                    match w {
                        Walked::File(f) => {
                            let read = examine(&f, None);
                            out.outcome(&mut stats, &f, read);
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
    let l = load_all_with(source, &Options::no_store()).sorted();
    (l.articles, l.problems, l.stats)
}

/// Everything a load gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Duplicates merged, in no particular order ([`Loaded::sorted`] puts them in the
    /// list's).
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
    pub stats: Stats,
    /// What there is to tell of the library store.
    pub notes: Vec<String>,
}

impl Loaded {
    /// The articles in the list's order (newest first), sorted by reference rather than by
    /// moving whole articles about.
    #[must_use]
    pub fn sorted(mut self) -> Loaded {
        let arts = &self.articles;
        let mut order: Vec<usize> = (0..arts.len()).collect();
        order.par_sort_by(|&a, &b| crate::model::list_order(&arts[a], &arts[b]));
        let mut slots: Vec<Option<Article>> = std::mem::take(&mut self.articles)
            .into_iter()
            .map(Some)
            .collect();
        self.articles = order.into_iter().filter_map(|i| slots[i].take()).collect();
        self
    }
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
        // Notes may quote an OS error naming a path: no control reaches a terminal.
        Event::Note(n) => notes.push(crate::sanitize::line(&n)),
        Event::Progress { .. } | Event::Listed => {}
        Event::Done(s) => stats = s,
    });
    stats.merged = lib.merged;
    let articles = lib.into_live();
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
    /// Articles are held back until [`Out::flush`]: those listed from a store being written
    /// go out only once what they point to is in its file.
    hold: bool,
}

/// Articles a batch: small while a folder is read (the first screen fills at once), big
/// when listed from a store (the reader places each batch in its ordered list).
const BATCH: usize = 64;
const STORED_BATCH: usize = 8192;

impl Out<'_> {
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let room = self.batch.capacity();
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(room));
            (self.sink)(Event::Articles(batch));
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

    /// What reading a file gave (its articles as parsed, or as the store being written lists
    /// them).
    fn file(&mut self, stats: &mut Stats, path: &Path, read: Result<Parsed, ReadError>) {
        stats.files += 1;
        match read {
            Ok(parsed) => {
                for reason in parsed.problems {
                    self.problem(stats, path, ProblemKind::Partial, reason);
                }
                let arts = parsed.articles;
                stats.articles += arts.len();
                self.batch.extend(arts);
                if self.batch.len() >= BATCH && !self.hold {
                    self.flush();
                }
            }
            Err(reason) => self.problem(stats, path, ProblemKind::Unreadable, reason.to_string()),
        }
    }

    fn outcome(&mut self, stats: &mut Stats, path: &Path, read: Read) {
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
            Read::Parsed(_, r) => self.file(stats, path, r),
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
                if self.batch.capacity() < STORED_BATCH {
                    self.batch.reserve(STORED_BATCH - self.batch.len());
                }
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
    Parsed(Option<FileKey>, Result<Parsed, ReadError>),
    /// Images, styles, scripts and fonts beside the articles: passed over silently.
    Asset,
    /// A format wxr does not read.
    Unknown(String),
}

/// Looks at one file: as the store has it (`old`: the key it recorded), or read and parsed.
fn examine(path: &Path, old: Option<FileKey>) -> Read {
    if old.is_none()
        && let Some(format) = format_of(path)
    {
        // Nothing to compare with: the key is had from the file opened for reading.
        return match open_regular(path) {
            Ok((file, meta)) => Read::Parsed(
                Some(FileKey::of(&meta)),
                read_opened(path, file, &meta, format),
            ),
            Err(e) => Read::Parsed(
                std::fs::metadata(path).ok().map(|m| FileKey::of(&m)),
                Err(e),
            ),
        };
    }
    let key = std::fs::metadata(path).ok().map(|m| FileKey::of(&m));
    examine_keyed(path, key, old)
}

/// [`examine`] of a file whose key the walk has already had (`key`).
fn examine_keyed(path: &Path, key: Option<FileKey>, old: Option<FileKey>) -> Read {
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
    if key.is_some() && key == old {
        return Read::Same;
    }
    Read::Parsed(key, read_file(path, format))
}

/// Reads and parses one file: at most [`MAX_FILE_BYTES`] of it are read (a bigger one is a
/// problem), and only if it is a regular file (a FIFO would block).
pub fn read_file(path: &Path, format: crate::model::Format) -> Result<Parsed, ReadError> {
    let (file, meta) = open_regular(path)?;
    read_opened(path, file, &meta, format)
}

/// Opens a file for [`read_file`]: with its metadata, if it is a regular file. Opened without
/// blocking: a FIFO put where a file was would otherwise wait for a writer forever.
fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), ReadError> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NONBLOCK);
    let file = o.open(path).map_err(|e| ReadError::Io(io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| ReadError::Io(io_reason(&e)))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, meta))
}

/// Reads and parses a file [`open_regular`] opened.
fn read_opened(
    path: &Path,
    mut file: std::fs::File,
    meta: &std::fs::Metadata,
    format: crate::model::Format,
) -> Result<Parsed, ReadError> {
    let mut bytes =
        Vec::with_capacity(usize::try_from(meta.len().min(MAX_FILE_BYTES)).unwrap_or(0) + 1);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| ReadError::Io(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    super::parse_owned(path, format, bytes)
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

pub enum Walked {
    File(PathBuf),
    Problem(Problem),
}

/// Files under `roots` whose inode changed (written, added, renamed, touched) since `since`
/// (ns since the epoch); hidden folders are not entered, as in [`walk`]. For the watcher,
/// which starts once a load is done: what changed while the load ran, after its walk had
/// passed, is read again. (A file removed meanwhile is not found this way: it stays listed
/// until the next open. A file written just before the load began was read by it whole, so
/// no margin is taken, which a file system with coarse times could make miss a change.)
pub fn changed_since(roots: &[PathBuf], since: i64) -> Vec<PathBuf> {
    roots
        .iter()
        .flat_map(|root| walk_keyed(root))
        .filter_map(|k| match k {
            Keyed::File(p, Some(k)) if k.ctime >= since => Some(p),
            _ => None,
        })
        .collect()
}

/// A file the keyed walk found, with what says it is unchanged.
pub enum Keyed {
    File(PathBuf, Option<FileKey>),
    Problem(Problem),
}

/// What [`walk`] finds, in the same order, with each file's key, on every core: folders
/// are read and their files looked at in parallel (each file's metadata had through its
/// folder, not its whole path), the results put together in order. For checking a folder
/// against its store, where nothing is shown until the walk is done.
pub fn walk_keyed(root: &Path) -> Vec<Keyed> {
    #[cfg(unix)]
    let id = |m: &std::fs::Metadata| {
        use std::os::unix::fs::MetadataExt;
        (m.dev(), m.ino())
    };
    #[cfg(not(unix))]
    let id = |_: &std::fs::Metadata| (0u64, 0u64);
    let Ok(meta) = std::fs::metadata(root) else {
        return Vec::new();
    };
    if !meta.is_dir() {
        return vec![Keyed::File(root.to_path_buf(), Some(FileKey::of(&meta)))];
    }
    keyed_dir(root, &[id(&meta)], &id)
}

fn keyed_dir(
    dir: &Path,
    ancestors: &[(u64, u64)],
    id: &(dyn Fn(&std::fs::Metadata) -> (u64, u64) + Sync),
) -> Vec<Keyed> {
    let problem = |path: &Path, reason: String| {
        Keyed::Problem(Problem {
            path: path.to_path_buf(),
            kind: ProblemKind::Unreadable,
            reason,
        })
    };
    // Each name had once, then sorted by it (as the streaming walk sorts).
    let mut entries: Vec<(std::ffi::OsString, std::fs::DirEntry)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| (e.file_name(), e))
            .collect(),
        Err(e) => return vec![problem(dir, io_reason(&e))],
    };
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let parts: Vec<Vec<Keyed>> = entries
        .par_iter()
        .map(|(name, e)| {
            let path = e.path();
            let Ok(ft) = e.file_type() else {
                return Vec::new();
            };
            // A link is followed: what it points to counts.
            let meta = if ft.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(m) => m,
                    Err(err) => return vec![problem(&path, io_reason(&err))],
                }
            } else {
                match e.metadata() {
                    Ok(m) => m,
                    Err(err) => return vec![problem(&path, io_reason(&err))],
                }
            };
            if meta.is_dir() {
                if name.to_string_lossy().starts_with('.') {
                    return Vec::new();
                }
                let me = id(&meta);
                if ancestors.contains(&me) {
                    return vec![problem(&path, "symlink loop".to_string())];
                }
                let mut below = ancestors.to_vec();
                below.push(me);
                keyed_dir(&path, &below, id)
            } else if meta.is_file() {
                vec![Keyed::File(path, Some(FileKey::of(&meta)))]
            } else {
                Vec::new()
            }
        })
        .collect();
    parts.into_iter().flatten().collect()
}

/// Files under `root` in a stable order (by name), following symlinks; hidden folders such as
/// `.git` are not entered. A symlink loop or unreadable folder becomes a problem, not a stop.
pub fn walk(root: &Path) -> impl Iterator<Item = Walked> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        // By file name: entries of one folder share their path up to it, so their whole
        // paths compare as their names do (and need no name taken out of them each time).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
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
