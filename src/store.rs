//! Read marks, reading positions and bookmarks, durable on disk.
//!
//! Owns the state file in the data directory: an append-only journal (`state.log`) of one
//! JSON record a line, each append `fsync`ed before it returns, so a mark the screen shows
//! is on disk. On open the journal is replayed, and compacted (write a temporary file,
//! `fsync`, rename over, `fsync` the folder) when most of it is superseded. A lock file
//! (`state.lock`) keeps processes apart: appends share it, compaction takes it alone, so two
//! wxr processes on one data directory lose neither's marks. Appends reopen the journal each
//! time, so an append never lands in a file that compaction has replaced.
//!
//! A record cut short by a crash (SIGKILL mid-write) is skipped: every record starts on a
//! fresh line, so it cannot damage the next one. Anything else unreadable means the file is
//! damaged: it is moved aside (never overwritten), what can be read is kept, and the caller
//! gets a warning to show. Must not import ratatui or crossterm.

mod journal;

pub use journal::Record;

use crate::model::ArticleId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub const JOURNAL: &str = "state.log";
const LOCK: &str = "state.lock";
/// Positions are kept in thousandths of the article (layout-independent: the width changes).
pub const POS_END: u16 = 1000;

/// What is known about the user's reading, by stable article id.
///
/// Hash sets, not trees: loading 100,000 marks is mostly inserting them. Exports and
/// compacted journals are sorted, so they stay stable to diff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(serialize_with = "sorted_set")]
    pub read: IdSet,
    /// Reading position in thousandths, for articles started and not finished.
    #[serde(serialize_with = "sorted_map")]
    pub positions: HashMap<ArticleId, u16, IdHash>,
    #[serde(serialize_with = "sorted_set")]
    pub bookmarks: IdSet,
}

/// A set of article ids. An id is already a 64-bit hash (FNV-1a): hashing it again, as the
/// default hasher would, only costs time.
pub type IdSet = HashSet<ArticleId, IdHash>;

/// Hashes an [`ArticleId`] as itself.
pub type IdHash = std::hash::BuildHasherDefault<IdHasher>;

#[derive(Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn sorted_set<S: serde::Serializer>(v: &IdSet, s: S) -> Result<S::Ok, S::Error> {
    v.iter().collect::<BTreeSet<_>>().serialize(s)
}

fn sorted_map<S: serde::Serializer>(
    v: &HashMap<ArticleId, u16, IdHash>,
    s: S,
) -> Result<S::Ok, S::Error> {
    v.iter().collect::<BTreeMap<_, _>>().serialize(s)
}

impl State {
    pub fn apply(&mut self, r: &Record) {
        match *r {
            Record::Read { id } => {
                self.read.insert(id);
            }
            Record::Unread { id } => {
                self.read.remove(&id);
            }
            Record::Pos { id, p } => {
                if p == 0 {
                    self.positions.remove(&id);
                } else {
                    self.positions.insert(id, p.min(POS_END));
                }
            }
            Record::Bookmark { id } => {
                self.bookmarks.insert(id);
            }
            Record::Unbookmark { id } => {
                self.bookmarks.remove(&id);
            }
        }
    }

    /// How many records [`State::records`] would give.
    pub fn len(&self) -> usize {
        self.read.len() + self.positions.len() + self.bookmarks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_read(&self, id: ArticleId) -> bool {
        self.read.contains(&id)
    }

    /// The fewest records that rebuild this state.
    pub fn records(&self) -> Vec<Record> {
        let mut read: Vec<_> = self.read.iter().map(|&id| Record::Read { id }).collect();
        let mut pos: Vec<_> = self
            .positions
            .iter()
            .map(|(&id, &p)| Record::Pos { id, p })
            .collect();
        let mut bm: Vec<_> = self
            .bookmarks
            .iter()
            .map(|&id| Record::Bookmark { id })
            .collect();
        read.sort_unstable_by_key(Record::id);
        pos.sort_unstable_by_key(Record::id);
        bm.sort_unstable_by_key(Record::id);
        read.into_iter().chain(pos).chain(bm).collect()
    }

    /// Records that add `other` to this state (for `wxr state import`): its read marks,
    /// bookmarks and positions; nothing is unmarked.
    pub fn merge_records(&self, other: &State) -> Vec<Record> {
        let mut out: Vec<Record> = other
            .records()
            .into_iter()
            .filter(|r| match *r {
                Record::Read { id } => !self.read.contains(&id),
                Record::Bookmark { id } => !self.bookmarks.contains(&id),
                Record::Pos { id, p } => self.positions.get(&id) != Some(&p),
                Record::Unread { .. } | Record::Unbookmark { .. } => false,
            })
            .collect();
        // Read marks, then bookmarks, then positions, as the tests expect them.
        out.sort_by_key(|r| match r {
            Record::Read { .. } => 0u8,
            Record::Bookmark { .. } => 1,
            _ => 2,
        });
        out
    }
}

/// The store of one data directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    pub state: State,
    /// Why changes cannot be saved, when they cannot (read-only folder, unreadable file).
    pub read_only: Option<String>,
}

/// The data directory: `$WXR_DATA_DIR`, else the platform's (XDG on Linux) via `directories`.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("WXR_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "wxr").map(|p| p.data_dir().to_path_buf())
}

/// Moves the damaged journal `path` aside under a name no earlier copy has
/// (`state.log.damaged-<time>`, then `-2`, `-3`…: a link is never made over an existing
/// file); where it went.
fn move_aside(path: &Path, dir: &Path) -> Option<PathBuf> {
    let stamp = now();
    (1..1000).find_map(|n| {
        let name = if n == 1 {
            format!("{JOURNAL}.damaged-{stamp}")
        } else {
            format!("{JOURNAL}.damaged-{stamp}-{n}")
        };
        let aside = dir.join(name);
        match fs::hard_link(path, &aside) {
            Ok(()) => Some(fs::remove_file(path).is_ok().then_some(aside)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
            // No hard links here (some file systems): renamed if the name is free.
            Err(_) if !aside.exists() => Some(fs::rename(path, &aside).is_ok().then_some(aside)),
            Err(_) => None,
        }
    })?
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Store {
    /// Opens (creating if needed) the store in `dir`. Never fails: problems come back as
    /// warnings for the screen and stderr, and the store keeps working in memory.
    pub fn open(dir: &Path) -> (Store, Vec<String>) {
        let mut warnings = Vec::new();
        let mut store = Store {
            dir: dir.to_path_buf(),
            state: State::default(),
            read_only: None,
        };
        if let Err(e) = fs::create_dir_all(dir) {
            let why = format!("cannot create the data folder {}: {e}", dir.display());
            store.refuse(why, "marks will not be saved", &mut warnings);
            return (store, warnings);
        }
        let lock = match open_lock(dir) {
            Ok(l) => Some(l),
            Err(e) => {
                // A read-only folder: the journal may still be readable.
                store.read_only = Some(format!("{} is not writable: {e}", dir.display()));
                None
            }
        };
        if let Some(l) = &lock {
            let _ = l.lock();
        }
        let path = dir.join(JOURNAL);
        let text = match read_journal(&path) {
            Ok(t) => t,
            Err(e) => {
                let why = format!("cannot read {}: {e}", path.display());
                let then = "marks start empty and will not be saved (the file is left as it is)";
                store.refuse(why, then, &mut warnings);
                return (store, warnings);
            }
        };
        let replay = journal::replay(&text);
        store.state = replay.state;
        if store.read_only.is_none()
            && let Err(e) = OpenOptions::new().append(true).create(true).open(&path)
        {
            store.read_only = Some(format!("{} is not writable: {e}", path.display()));
        }
        if let Some(damage) = replay.damage {
            // Never overwrite a damaged file: move it aside, keep what could be read.
            let aside = store
                .read_only
                .is_none()
                .then(|| move_aside(&path, dir))
                .flatten();
            let moved = aside.is_some();
            let aside = aside.unwrap_or_default();
            if moved {
                let kept = store.state.len();
                warnings.push(format!(
                    "the state file was damaged ({damage}); it was moved to {} and {kept} marks were recovered from it",
                    aside.display()
                ));
                if let Err(e) = write_compacted(dir, &store.state) {
                    warnings.push(format!("cannot rewrite the state file: {e}"));
                }
            } else {
                let why = format!("the state file {} is damaged ({damage})", path.display());
                let then = "it is left as it is, marks recovered from it are shown but changes will not be saved";
                store.refuse(why, then, &mut warnings);
            }
        } else if store.read_only.is_none() && replay.records > 2 * store.state.len() + 1000 {
            // Mostly superseded records: rewrite the journal with the state alone.
            let _ = write_compacted(dir, &store.state);
        }
        if let Some(why) = &store.read_only
            && warnings.is_empty()
        {
            warnings.push(format!("{why}; marks will not be saved"));
        }
        drop(lock);
        (store, warnings)
    }
}

/// Why marks could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The store was opened read-only (a read-only folder, a damaged journal): why.
    #[error("{0}")]
    ReadOnly(String),
    #[error("cannot save marks: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot save marks to {path}: {err}")]
    Write { path: String, err: std::io::Error },
}

impl Store {
    /// Stops saving for `why`, with a warning saying so and what follows from it.
    fn refuse(&mut self, why: String, then: &str, warnings: &mut Vec<String>) {
        warnings.push(format!("{why}; {then}"));
        self.read_only = Some(why);
    }

    /// Appends records durably (written and `fsync`ed), then applies them. On error nothing
    /// is applied and the reason comes back.
    pub fn append(&mut self, records: &[Record]) -> Result<(), SaveError> {
        if records.is_empty() {
            return Ok(());
        }
        if let Some(why) = &self.read_only {
            return Err(SaveError::ReadOnly(why.clone()));
        }
        let mut buf = Vec::new();
        for r in records {
            // A leading newline isolates this record from one cut short by a crash.
            buf.push(b'\n');
            serde_json::to_writer(&mut buf, r).map_err(std::io::Error::from)?;
            buf.push(b'\n');
        }
        let lock = open_lock(&self.dir)?;
        lock.lock_shared()?;
        let path = self.dir.join(JOURNAL);
        let existed = path.exists();
        let write = |path: &Path| -> std::io::Result<()> {
            let mut f = OpenOptions::new().append(true).create(true).open(path)?;
            f.write_all(&buf).and_then(|()| f.sync_data())
        };
        write(&path).map_err(|e| SaveError::Write {
            path: crate::sanitize::path(&path),
            err: e,
        })?;
        if !existed {
            sync_dir(&self.dir);
        }
        drop(lock);
        for r in records {
            self.state.apply(r);
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn open_lock(dir: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK))
}

fn read_journal(path: &Path) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    match File::open(path) {
        Ok(mut f) => {
            f.read_to_end(&mut bytes)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(String::new()),
        Err(e) => return Err(e),
    }
    // Invalid UTF-8 is damage, reported by the replay as such, not a read error.
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replaces the journal with the state's records: temporary file, `fsync`, rename, `fsync`
/// the folder. Called with the lock held alone.
fn write_compacted(dir: &Path, state: &State) -> std::io::Result<()> {
    let mut buf = Vec::new();
    for r in state.records() {
        buf.push(b'\n');
        serde_json::to_writer(&mut buf, &r).map_err(std::io::Error::other)?;
        buf.push(b'\n');
    }
    // Temporary files of compactions killed midway (an hour old) go.
    let prefix = format!("{JOURNAL}.tmp-");
    if let Ok(entries) = fs::read_dir(dir) {
        let old = |e: &fs::DirEntry| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|d| d.as_secs() > 3600))
        };
        for e in entries.filter_map(Result::ok) {
            if e.file_name().to_string_lossy().starts_with(&prefix) && old(&e) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    // A new file (`O_EXCL`) removed again if anything below fails (a full disk): no
    // temporary file is left behind.
    let mut f = tempfile::Builder::new().prefix(&prefix).tempfile_in(dir)?;
    f.write_all(&buf)?;
    f.as_file().sync_all()?;
    f.persist(dir.join(JOURNAL)).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

#[cfg(test)]
mod tests;
