//! The folder search's cache: what parsing each file of a folder gave the search (each
//! article's id, title, account, author, date and searchable text), kept on disk so that the
//! next `wxr search WORD DIR` looks at each file's size and times instead of opening,
//! reading and parsing it.
//!
//! Decisions, since nobody else will make them:
//! - One cache file per folder searched: `search/<hash of the folder's real path>.wxrc` in
//!   the cache folder (`$WXR_CACHE_DIR`, else the platform's, e.g. `~/.cache/wxr`). The
//!   folder's path is kept in it and checked. It holds a copy of the articles' text, so the
//!   folder is made readable by its owner only; deleting it at any time is safe.
//! - A file's entry stands while its size, modification time, change time and inode are all
//!   as they were. A file modified within `settle` of the search (2 s in the CLI) is read but
//!   not kept: a second write in the same clock tick would not show in its times (git's
//!   "racily clean" files).
//! - A cache is only used by the build of wxr that wrote it (the key holds the version and
//!   the executable's size and time): another build may parse differently.
//! - A cache that cannot be read or does not add up is ignored and written anew; one that
//!   cannot be written leaves the search uncached, and the CLI says so once per search.
//! - At most [`MAX_CACHES`] caches and [`MAX_TOTAL`] bytes: the least recently used go.
//! - An article is looked at when its text holds one of the query's literals
//!   ([`super::files::prefilter`]), or always when the query has none.
//!
//! Layout: a 32-byte header (magic, build key, table length, text length), the table (the
//! folder's path, then per file: its path under the folder, size, times, inode, and per
//! article its id, format, title, account, author, date and where its text is), then every
//! article's [`super::index::search_text`], each followed by a NUL.

use super::files::Snippet;
use crate::archive::{self, Problem, ProblemKind, Walked};
use crate::model::{Article, ArticleId, Block, Format};
use memchr::memmem;
use std::collections::HashMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const MAGIC: &[u8; 8] = b"WXRSRCH\x01";
const HEADER: u64 = 32;
/// The most caches kept.
pub const MAX_CACHES: usize = 32;
/// The most bytes of caches kept.
pub const MAX_TOTAL: u64 = 4 << 30;
/// Bytes of text read at a time by each scanning thread.
const BATCH: u64 = 1 << 20;

/// Where caches go: `$WXR_CACHE_DIR`, else the platform's cache folder for wxr.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("WXR_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "wxr").map(|p| p.cache_dir().to_path_buf())
}

/// How the cache is used.
#[derive(Debug, Clone)]
pub struct Options {
    /// The cache folder (caches go in its `search/`).
    pub dir: PathBuf,
    /// Files modified this recently are read but not kept.
    pub settle: Duration,
}

impl Options {
    /// The CLI's: the cache folder of [`cache_dir`], files settled for 2 s.
    pub fn standard() -> Option<Options> {
        Some(Options {
            dir: cache_dir()?,
            settle: Duration::from_secs(2),
        })
    }
}

/// What says a file is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileKey {
    size: u64,
    /// Nanoseconds since the epoch.
    mtime: i64,
    ctime: i64,
    ino: u64,
}

impl FileKey {
    pub fn of(m: &std::fs::Metadata) -> FileKey {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            FileKey {
                size: m.len(),
                mtime: ns(m.mtime(), m.mtime_nsec()),
                ctime: ns(m.ctime(), m.ctime_nsec()),
                ino: m.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            FileKey {
                size: m.len(),
                mtime: m.modified().map_or(0, ns_since_epoch),
                ctime: 0,
                ino: 0,
            }
        }
    }
}

fn ns_since_epoch(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

/// One article as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub id: ArticleId,
    pub format: Format,
    pub title: String,
    pub account: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// Where its text starts in the text section, and its length.
    start: u64,
    len: u64,
}

impl Meta {
    fn of(a: &Article) -> Meta {
        Meta {
            id: a.id,
            format: a.format,
            title: a.title.clone(),
            account: a.account.clone(),
            author: a.author.clone(),
            date: a.date.clone(),
            start: 0,
            len: 0,
        }
    }

    /// The article with the metadata the search shows and, given its text, one paragraph
    /// per line of it: the same [`super::index::search_text`], title, account, author and
    /// date as the parsed article, so the same matches, counts and snippets.
    pub fn article(&self, source: &Path, text: Option<&str>) -> Article {
        let mut a = Article {
            id: self.id,
            title: self.title.clone(),
            account: self.account.clone(),
            author: self.author.clone(),
            date: self.date.clone(),
            source: source.to_path_buf(),
            format: self.format,
            ..Article::default()
        };
        if let Some(rest) = text.and_then(|t| t.get(self.title.len()..)?.strip_prefix('\n')) {
            a.blocks = rest.split('\n').map(Block::paragraph).collect();
        }
        a
    }
}

/// One file as the cache keeps it: where its fields are in the table.
#[derive(Debug, Clone)]
struct Entry {
    /// Its path under the folder, as a range of the table.
    rel: (usize, usize),
    key: FileKey,
    /// Where its articles' metadata start in the table, and how many there are.
    metas: usize,
    n: u32,
    /// Its texts, NULs included, in the text section (`start == end`: no articles).
    span: (u64, u64),
}

/// A cache read from disk: its table (decoded as needed), and the file to read texts from.
pub struct Loaded {
    file: File,
    text_at: u64,
    table: Vec<u8>,
    entries: Vec<Entry>,
}
/// A file's path under the folder, as bytes (a path that is not Unicode on a system whose
/// paths are Unicode strings is not cached).
fn path_bytes(p: &Path) -> Option<&[u8]> {
    #[cfg(unix)]
    {
        Some(std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()))
    }
    #[cfg(not(unix))]
    {
        p.to_str().map(str::as_bytes)
    }
}

/// FNV-1a: stable across builds and platforms, which the names of cache files must be.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The key of this build of wxr: a cache written by another is not used.
fn build_key() -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let k = FileKey::of(&std::fs::metadata(exe).ok()?);
    Some(fnv(&[
        MAGIC,
        env!("CARGO_PKG_VERSION").as_bytes(),
        &k.size.to_le_bytes(),
        &k.mtime.to_le_bytes(),
    ]))
}

/// Reads the table's fields, `None` at the first that does not add up.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()?;
        self.take(usize::try_from(n).ok()?)
    }
    fn string(&mut self) -> Option<String> {
        Some(std::str::from_utf8(self.bytes()?).ok()?.to_owned())
    }
    fn opt_skip(&mut self) -> Option<()> {
        match self.u8()? {
            0 => {}
            1 => {
                self.bytes()?;
            }
            _ => return None,
        }
        Some(())
    }
    fn opt(&mut self) -> Option<Option<String>> {
        Some(match self.u8()? {
            0 => None,
            1 => Some(self.string()?),
            _ => return None,
        })
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    fn i64(&mut self, n: i64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(u32::try_from(b.len()).unwrap_or(u32::MAX));
        self.0
            .extend_from_slice(&b[..b.len().min(u32::MAX as usize)]);
    }
    fn opt(&mut self, s: Option<&str>) {
        match s {
            None => self.0.push(0),
            Some(s) => {
                self.0.push(1);
                self.bytes(s.as_bytes());
            }
        }
    }
}

fn format_code(f: Format) -> u8 {
    match f {
        Format::Txt => 0,
        Format::Markdown => 1,
        Format::Html => 2,
        Format::Json => 3,
        Format::Jsonl => 4,
        Format::Csv => 5,
    }
}

fn format_of_code(c: u8) -> Option<Format> {
    Some(match c {
        0 => Format::Txt,
        1 => Format::Markdown,
        2 => Format::Html,
        3 => Format::Json,
        4 => Format::Jsonl,
        5 => Format::Csv,
        _ => return None,
    })
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(windows)]
fn read_at(f: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_read(buf, at) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The cache file of the folder `root`, if there is a cache folder and the folder's real
/// path can be had.
fn cache_file(opts: &Options, root: &Path) -> Option<(PathBuf, PathBuf)> {
    let real = std::fs::canonicalize(root).ok()?;
    let name = format!("{:016x}.wxrc", fnv(&[path_bytes(&real)?]));
    Some((opts.dir.join("search").join(name), real))
}

impl Loaded {
    /// The cache at `path` for the folder `real`, if it is there, whole and this build's.
    fn open(path: &Path, real: &Path, build: u64) -> Option<Loaded> {
        let mut file = File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut head = [0u8; HEADER as usize];
        std::io::Read::read_exact(&mut file, &mut head).ok()?;
        let mut h = Reader { b: &head, at: 0 };
        if h.take(8)? != MAGIC || h.u64()? != build {
            return None;
        }
        let (table_len, text_len) = (h.u64()?, h.u64()?);
        if HEADER.checked_add(table_len)?.checked_add(text_len)? != len {
            return None;
        }
        let mut table = vec![0u8; usize::try_from(table_len).ok()?];
        std::io::Read::read_exact(&mut file, &mut table).ok()?;
        let mut r = Reader { b: &table, at: 0 };
        if r.bytes()? != path_bytes(real)? {
            return None;
        }
        let n = r.u32()?;
        let mut entries = Vec::with_capacity(usize::try_from(n).ok()?.min(1 << 20));
        let mut end = 0u64;
        for _ in 0..n {
            let rel_len = usize::try_from(r.u32()?).ok()?;
            let rel = (r.at, r.at + rel_len);
            r.take(rel_len)?;
            let key = FileKey {
                size: r.u64()?,
                mtime: r.i64()?,
                ctime: r.i64()?,
                ino: r.u64()?,
            };
            let k = r.u32()?;
            let metas = r.at;
            let start = end;
            // Skipped over here, decoded when a text matches.
            for _ in 0..k {
                r.u64()?;
                format_of_code(r.u8()?)?;
                r.bytes()?;
                r.opt_skip()?;
                r.opt_skip()?;
                r.opt_skip()?;
                let (s, l) = (r.u64()?, r.u64()?);
                // Texts follow one another, each with its NUL, inside the text section.
                if s != end || s.checked_add(l)?.checked_add(1)? > text_len {
                    return None;
                }
                end = s + l + 1;
            }
            entries.push(Entry {
                rel,
                key,
                metas,
                n: k,
                span: (start, end),
            });
        }
        if r.at != table.len() || end != text_len {
            return None;
        }
        Some(Loaded {
            file,
            text_at: HEADER + table_len,
            table,
            entries,
        })
    }

    fn rel(&self, i: usize) -> &[u8] {
        let (s, e) = self.entries[i].rel;
        &self.table[s..e]
    }

    /// Entry `i`'s articles, `None` if the table does not read right.
    fn metas(&self, i: usize) -> Option<Vec<Meta>> {
        let e = &self.entries[i];
        let mut r = Reader {
            b: &self.table,
            at: e.metas,
        };
        (0..e.n)
            .map(|_| {
                Some(Meta {
                    id: ArticleId(r.u64()?),
                    format: format_of_code(r.u8()?)?,
                    title: r.string()?,
                    account: r.opt()?,
                    author: r.opt()?,
                    date: r.opt()?,
                    start: r.u64()?,
                    len: r.u64()?,
                })
            })
            .collect()
    }
}

/// What the scan found in one file whose text holds a literal.
pub enum Scanned {
    /// Per article, for a one-word query: its count, first match and snippet if it has one.
    Answers(Vec<Option<(u32, (usize, usize), Snippet)>>),
    /// Per article, its text, for the query to be run on.
    Texts(Vec<String>),
}

/// What the cache says of one file of the folder.
pub enum Cached {
    /// Nothing: it is new, changed, or its cached text does not read right. Read it.
    No,
    /// It is as cached, and nothing in it can match.
    Quiet,
    /// It is as cached and may match: its articles, and what the scan found in them.
    Found(Vec<Meta>, Scanned),
}

/// What the scan says of one entry.
enum State {
    Quiet,
    Bad,
    Found(Vec<Meta>, Scanned),
}

/// The query as the scan uses it.
pub struct Scan<'q> {
    /// A file is looked at when its text holds one of these (all, if `None`).
    pub literals: Option<&'q [String]>,
    /// A one-word query answered by counting it ([`super::files`]'s quick needle).
    pub needle: Option<&'q str>,
    pub cols: usize,
}

/// Scans every entry's text on `threads` threads, about [`BATCH`] bytes read at a time: per
/// entry, what was found.
fn scan(loaded: &Loaded, how: &Scan<'_>, threads: usize) -> Vec<State> {
    let spans: Vec<(usize, (u64, u64))> = loaded
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.span.0 < e.span.1)
        .map(|(i, e)| (i, e.span))
        .collect();
    let total: u64 = spans.iter().map(|(_, (s, e))| e - s).sum();
    let per = total / threads.max(1) as u64 + 1;
    let mut parts: Vec<&[(usize, (u64, u64))]> = Vec::new();
    let (mut from, mut acc) = (0, 0);
    for (k, (_, (s, e))) in spans.iter().enumerate() {
        acc += e - s;
        if acc >= per {
            parts.push(&spans[from..=k]);
            from = k + 1;
            acc = 0;
        }
    }
    parts.push(&spans[from..]);
    let part = |items: &[(usize, (u64, u64))]| -> Vec<(usize, State)> {
        let finders: Option<Vec<memmem::Finder<'_>>> = how.literals.map(|ls| {
            ls.iter()
                .map(|l| memmem::Finder::new(l.as_bytes()))
                .collect()
        });
        let needle = how.needle.map(|n| memmem::Finder::new(n.as_bytes()));
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut k = 0;
        while k < items.len() {
            // A batch of whole files.
            let start = items[k].1.0;
            let mut j = k;
            while j + 1 < items.len() && items[j + 1].1.1 - start <= BATCH {
                j += 1;
            }
            let end = items[j].1.1;
            buf.resize(usize::try_from(end - start).unwrap_or(usize::MAX), 0);
            let ok = read_at(&loaded.file, &mut buf, loaded.text_at + start).is_ok();
            for &(i, (s, e)) in &items[k..=j] {
                if !ok {
                    out.push((i, State::Bad));
                    continue;
                }
                let hay = &buf[usize::try_from(s - start).unwrap_or(0)
                    ..usize::try_from(e - start).unwrap_or(0)];
                if let Some(fs) = &finders
                    && fs.iter().all(|f| f.find(hay).is_none())
                {
                    continue;
                }
                let found = loaded.metas(i).and_then(|metas| {
                    let sc = scanned(&metas, s, hay, needle.as_ref(), how.cols)?;
                    Some(State::Found(metas, sc))
                });
                out.push((i, found.unwrap_or(State::Bad)));
            }
            k = j + 1;
        }
        out
    };
    let found = std::thread::scope(|sc| {
        let handles: Vec<_> = parts[1..]
            .iter()
            .map(|p| sc.spawn(move || part(p)))
            .collect();
        let mut all = part(parts[0]);
        for h in handles {
            all.extend(h.join().unwrap_or_default());
        }
        all
    });
    let mut states: Vec<State> = (0..loaded.entries.len()).map(|_| State::Quiet).collect();
    for (i, s) in found {
        states[i] = s;
    }
    states
}

/// What one file's texts (`hay`, starting at `base` in the text section) give the query;
/// `None` if they do not read right.
fn scanned(
    metas: &[Meta],
    base: u64,
    hay: &[u8],
    needle: Option<&memmem::Finder<'_>>,
    cols: usize,
) -> Option<Scanned> {
    let mut answers = Vec::new();
    let mut texts = Vec::new();
    for m in metas {
        let at = usize::try_from(m.start.checked_sub(base)?).ok()?;
        let bytes = hay.get(at..at + usize::try_from(m.len).ok()?)?;
        if !bytes.starts_with(m.title.as_bytes()) {
            return None;
        }
        match needle {
            Some(f) => {
                let mut it = f.find_iter(bytes);
                let Some(first) = it.next() else {
                    answers.push(None);
                    continue;
                };
                let count = 1 + u32::try_from(it.count()).unwrap_or(u32::MAX - 1);
                let end = first + f.needle().len();
                // Only the match's line makes the snippet: only it need be UTF-8.
                let ls = memchr::memrchr(b'\n', &bytes[..first]).map_or(0, |i| i + 1);
                let le = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i);
                let line = simdutf8::basic::from_utf8(&bytes[ls..le]).ok()?;
                let snippet = super::snippet::snippet_in(line, (first - ls, end - ls), cols);
                answers.push(Some((count, (first, end), snippet)));
            }
            None => texts.push(simdutf8::basic::from_utf8(bytes).ok()?.to_owned()),
        }
    }
    Some(if needle.is_some() {
        Scanned::Answers(answers)
    } else {
        Scanned::Texts(texts)
    })
}

/// One file found by the walk.
pub struct Walk {
    pub path: PathBuf,
    /// Its key, if it could be looked at.
    pub key: Option<FileKey>,
}

/// The files under `root` (in the order of [`archive::walk`]) with their keys, and the
/// folders that could not be read.
fn walk(root: &Path) -> (Vec<Walk>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for w in archive::walk(root) {
        match w {
            Walked::File(path) => {
                let key = std::fs::metadata(&path).ok().map(|m| FileKey::of(&m));
                files.push(Walk { path, key });
            }
            Walked::Problem(p) => problems.push(p),
        }
    }
    (files, problems)
}

/// A folder's files with what the cache says of them.
pub struct Folder {
    pub files: Vec<Walk>,
    pub problems: Vec<Problem>,
    pub cached: Vec<Cached>,
    pub update: Update,
}

/// What one file will be in the next cache.
enum Slot {
    /// The old entry, as it was.
    Old(usize),
    /// Read afresh: its path under the folder, and what to keep once read (`None`: nothing).
    New(Vec<u8>, Option<(FileKey, Vec<(Meta, String)>)>),
    /// Not cacheable (its path).
    Skip,
}

/// What to write to the cache once the search has answered.
pub struct Update {
    path: PathBuf,
    real: PathBuf,
    build: u64,
    old: Option<Loaded>,
    /// Per file of the folder, in walk order.
    slots: Vec<Slot>,
    /// Whether anything differs from the old cache.
    changed: bool,
    /// When the search began, against which files are settled.
    began: SystemTime,
    settle: Duration,
}

/// Walks `root` and, on other threads meanwhile, reads its cache and scans the texts for
/// `how`. `None` when the folder cannot be cached (no cache folder, no real path).
pub fn folder(root: &Path, how: &Scan<'_>, opts: &Options, threads: usize) -> Option<Folder> {
    let began = SystemTime::now();
    let (path, real) = cache_file(opts, root)?;
    let build = build_key()?;
    let ((files, problems), (old, states)) = std::thread::scope(|s| {
        let walker = s.spawn(|| walk(root));
        let old = Loaded::open(&path, &real, build);
        let states = old
            .as_ref()
            .map(|l| scan(l, how, threads))
            .unwrap_or_default();
        (walker.join().unwrap_or_default(), (old, states))
    });
    let mut states = states;
    // Files are walked in the order they were written: each is looked for where the last
    // one was found first, and in a map of all only when it is not there.
    let mut map: Option<HashMap<&[u8], usize>> = None;
    let mut cursor = 0;
    let mut seen = 0;
    let mut changed = old.is_none();
    let mut slots = Vec::with_capacity(files.len());
    let mut cached = Vec::with_capacity(files.len());
    for f in &files {
        let rel = f.path.strip_prefix(root).ok().and_then(path_bytes);
        let (Some(rel), Some(key)) = (rel, f.key) else {
            slots.push(Slot::Skip);
            cached.push(Cached::No);
            continue;
        };
        let entry = old.as_ref().and_then(|l| {
            if cursor < l.entries.len() && l.rel(cursor) == rel {
                return Some(cursor);
            }
            let m =
                map.get_or_insert_with(|| (0..l.entries.len()).map(|i| (l.rel(i), i)).collect());
            m.get(rel).copied()
        });
        let standing = entry.filter(|&i| {
            old.as_ref().is_some_and(|l| l.entries[i].key == key)
                && !matches!(states.get(i), Some(State::Bad))
        });
        if let Some(i) = entry {
            cursor = i + 1;
        }
        match standing {
            Some(i) => {
                seen += 1;
                slots.push(Slot::Old(i));
                let state = states
                    .get_mut(i)
                    .map(|s| std::mem::replace(s, State::Quiet));
                cached.push(match state {
                    Some(State::Found(metas, sc)) => Cached::Found(metas, sc),
                    _ => Cached::Quiet,
                });
            }
            None => {
                changed = true;
                slots.push(Slot::New(rel.to_vec(), None));
                cached.push(Cached::No);
            }
        }
    }
    if old.as_ref().is_some_and(|l| l.entries.len() != seen) {
        changed = true;
    }
    Some(Folder {
        files,
        problems,
        cached,
        update: Update {
            path,
            real,
            build,
            old,
            slots,
            changed,
            began,
            settle: opts.settle,
        },
    })
}

impl Update {
    /// Records what reading file `k` of the folder gave, to keep it unless it changed too
    /// recently or cannot be cached (an article whose source is another file, a title with a
    /// line break).
    pub fn fresh(&mut self, k: usize, key: Option<FileKey>, arts: &[Article], texts: Vec<String>) {
        let Some(key) = key else { return };
        let Some(Slot::New(_, keep)) = self.slots.get_mut(k) else {
            return;
        };
        let limit = self
            .began
            .checked_sub(self.settle)
            .map_or(i64::MIN, ns_since_epoch);
        let ok = key.mtime <= limit
            && arts.len() == texts.len()
            && arts
                .iter()
                .zip(&texts)
                .all(|(a, t)| !a.title.contains('\n') && t.starts_with(&a.title));
        if ok {
            *keep = Some((key, arts.iter().map(Meta::of).zip(texts).collect()));
        }
    }

    /// Whether saving would write anything.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// The cache file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the cache (to a temporary file, then renamed over the old one) if anything
    /// changed, else marks it used; then drops the least recently used caches over the
    /// limits. Returns the bytes written.
    pub fn save(self) -> std::io::Result<u64> {
        if !self.changed {
            if let Ok(f) = File::options().write(true).open(&self.path) {
                let _ = f.set_modified(SystemTime::now());
            }
            return Ok(0);
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        make_private_dir(dir)?;
        let mut body = Writer(Vec::new());
        let mut n = 0u32;
        let mut text_len = 0u64;
        // The text section, in order: ranges of the old one to copy, or new texts.
        let mut pieces: Vec<Piece<'_>> = Vec::new();
        let old_metas: Vec<Option<Vec<Meta>>> = self
            .slots
            .iter()
            .map(|s| match (s, &self.old) {
                (Slot::Old(i), Some(l)) => l.metas(*i),
                _ => None,
            })
            .collect();
        for (slot, metas) in self.slots.iter().zip(&old_metas) {
            let (rel, key, arts): (&[u8], FileKey, Vec<(&Meta, Option<&str>)>) = match (slot, metas)
            {
                (Slot::Old(i), Some(metas)) => {
                    let Some(l) = &self.old else { continue };
                    (
                        l.rel(*i),
                        l.entries[*i].key,
                        metas.iter().map(|m| (m, None)).collect(),
                    )
                }
                (Slot::New(rel, Some((key, arts))), _) => (
                    rel,
                    *key,
                    arts.iter().map(|(m, t)| (m, Some(t.as_str()))).collect(),
                ),
                _ => continue,
            };
            n += 1;
            body.bytes(rel);
            body.u64(key.size);
            body.i64(key.mtime);
            body.i64(key.ctime);
            body.u64(key.ino);
            body.u32(u32::try_from(arts.len()).unwrap_or(u32::MAX));
            for (m, text) in arts {
                body.u64(m.id.0);
                body.0.push(format_code(m.format));
                body.bytes(m.title.as_bytes());
                body.opt(m.account.as_deref());
                body.opt(m.author.as_deref());
                body.opt(m.date.as_deref());
                let len = text.map_or(m.len, |t| t.len() as u64);
                body.u64(text_len);
                body.u64(len);
                match text {
                    Some(t) => pieces.push(Piece::New(t)),
                    None => match pieces.last_mut() {
                        Some(Piece::Old(_, e)) if *e == m.start => *e = m.start + m.len + 1,
                        _ => pieces.push(Piece::Old(m.start, m.start + m.len + 1)),
                    },
                }
                text_len += len + 1;
            }
        }
        let mut table = Writer(Vec::with_capacity(body.0.len() + 64));
        table.bytes(path_bytes(&self.real).unwrap_or_default());
        table.u32(n);
        table.0.extend_from_slice(&body.0);
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            self.path.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let written = (|| -> std::io::Result<()> {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, private_file(&tmp)?);
            w.write_all(MAGIC)?;
            w.write_all(&self.build.to_le_bytes())?;
            w.write_all(&(table.0.len() as u64).to_le_bytes())?;
            w.write_all(&text_len.to_le_bytes())?;
            w.write_all(&table.0)?;
            let mut buf = Vec::new();
            for p in &pieces {
                match p {
                    Piece::New(t) => {
                        w.write_all(t.as_bytes())?;
                        w.write_all(&[0])?;
                    }
                    Piece::Old(s, e) => {
                        let Some(old) = &self.old else { continue };
                        let mut at = *s;
                        while at < *e {
                            let n = (*e - at).min(BATCH);
                            buf.resize(usize::try_from(n).unwrap_or(0), 0);
                            read_at(&old.file, &mut buf, old.text_at + at)?;
                            w.write_all(&buf)?;
                            at += n;
                        }
                    }
                }
            }
            w.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            std::fs::rename(&tmp, &self.path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        evict(dir, &self.path);
        Ok(HEADER + table.0.len() as u64 + text_len)
    }
}

enum Piece<'a> {
    /// A range of the old text section.
    Old(u64, u64),
    New(&'a str),
}

/// A new file readable and writable by its owner only.
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut o = File::options();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// Creates the cache folder readable by its owner only (it holds copies of articles).
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Drops the least recently used caches in `dir` beyond [`MAX_CACHES`] and [`MAX_TOTAL`],
/// never `mine`.
fn evict(dir: &Path, mine: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut all: Vec<(SystemTime, u64, PathBuf)> = rd
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "wxrc"))
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((m.modified().ok()?, m.len(), e.path()))
        })
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0));
    let mut total = 0u64;
    for (k, (_, len, path)) in all.iter().enumerate() {
        total += len;
        if path != mine && (k >= MAX_CACHES || total > MAX_TOTAL) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Reads and parses file `path` in full, for the cache: its articles and their texts.
pub fn read_file(path: &Path, format: Format) -> Result<Vec<Article>, Problem> {
    let problem = |reason: String| Problem {
        path: path.to_path_buf(),
        kind: ProblemKind::Unreadable,
        reason,
    };
    let mut file = File::open(path).map_err(|e| problem(archive::io_reason(&e)))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, archive::MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| problem(archive::io_reason(&e)))?;
    if bytes.len() as u64 > archive::MAX_FILE_BYTES {
        return Err(problem(format!(
            "larger than 64 MiB ({} bytes)",
            file.metadata().map_or(bytes.len() as u64, |m| m.len())
        )));
    }
    archive::parse_bytes(path, format, &bytes)
        .map(|p| p.articles)
        .map_err(problem)
}
