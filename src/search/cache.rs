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
//!   as they were. A file modified (or changed: its change time) within `settle` of the search
//!   (2 s in the CLI) is read but not kept: a second write in the same clock tick would not
//!   show in its times (git's "racily clean" files).
//! - A cache is only used by the build of wxr that wrote it (the key holds the version and
//!   the executable's size and time): another build may parse differently.
//! - A cache that cannot be read or does not add up is ignored and written anew; one that
//!   cannot be written leaves the search uncached, and the CLI says so once per search.
//! - At most [`MAX_CACHES`] caches and [`MAX_TOTAL`] bytes: the least recently used go. A
//!   folder with more text than that is not cached (and not tried again for a week).
//! - The first search of a folder, or one that finds more than 2,000 files changed, answers
//!   as without a cache; [`Update::save`] then reads what the cache lacks, after the answer
//!   is out. A search that finds fewer changed reads them itself.
//! - An article is looked at when its text holds one of the query's literals
//!   ([`super::files::prefilter`]), or always when the query has none. Each article records
//!   whether its title and id are unique in the folder: when every result comes from one
//!   folder's cache, such results skip the duplicate merging.
//!
//! Layout: a 32-byte header (magic, build key, text length, table length), every article's
//! [`super::index::search_text`], each followed by a NUL, then the table (the folder's path,
//! then per file: its path under the folder, size, times, inode, and per article its id,
//! format and whether it is unique, title, account, author, date and where its text is). The
//! texts come first so that a new cache is written as its files are read.

use super::files::Snippet;
use crate::archive::{self, Problem, ProblemKind, Walked};
use crate::model::{Article, ArticleId, Block, Format};
use memchr::memmem;
use std::collections::HashMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const MAGIC: &[u8; 8] = b"WXRSRCH\x03";
/// The bit of an article's format byte that says it is [`Meta::unique`].
const UNIQUE: u8 = 0x80;
const HEADER: u64 = 32;
/// The most caches kept.
pub const MAX_CACHES: usize = 32;
/// The most bytes of caches kept (and of one cache's text: a folder with more is searched
/// without one).
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
    /// Whether no other article of the folder's cache has its title or id (so that it can
    /// merge with no copy the cache knows of).
    pub unique: bool,
    /// A hash of its text ([`text_hash`]): copies with the same metadata and hash are the
    /// same article, word for word.
    pub hash: u64,
    /// Where its text starts in the text section, and its length.
    start: u64,
    len: u64,
}

/// A 64-bit hash of a text, eight bytes at a time (to tell identical copies apart from
/// different ones; no adversary to fear).
pub fn text_hash(t: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ t.len() as u64;
    let mut chunks = t.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
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
            unique: false,
            hash: 0,
            start: 0,
            len: 0,
        }
    }

    /// The article with the metadata the search shows and, given its text, one paragraph
    /// per line of it: the same [`super::index::search_text`], title, account, author and
    /// date as the parsed article, so the same matches, counts and snippets.
    pub fn into_article(self, source: PathBuf, text: Option<&str>) -> Article {
        let title_len = self.title.len();
        let mut a = Article {
            id: self.id,
            title: self.title,
            account: self.account,
            author: self.author,
            date: self.date,
            source,
            format: self.format,
            ..Article::default()
        };
        if let Some(rest) = text.and_then(|t| t.get(title_len..)?.strip_prefix('\n')) {
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
#[allow(
    clippy::unnecessary_wraps,
    reason = "`None` where paths are Unicode strings and this one is not"
)]
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
    #[allow(
        clippy::option_option,
        reason = "`None`: unreadable; `Some(None)`: absent"
    )]
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
        let mut fields = Reader { b: &head, at: 0 };
        if fields.take(8)? != MAGIC || fields.u64()? != build {
            return None;
        }
        let (text_len, table_len) = (fields.u64()?, fields.u64()?);
        if HEADER.checked_add(table_len)?.checked_add(text_len)? != len {
            return None;
        }
        let mut table = vec![0u8; usize::try_from(table_len).ok()?];
        read_at(&file, &mut table, HEADER + text_len).ok()?;
        let mut rd = Reader { b: &table, at: 0 };
        if rd.bytes()? != path_bytes(real)? {
            return None;
        }
        let n = rd.u32()?;
        let mut entries = Vec::with_capacity(usize::try_from(n).ok()?.min(1 << 20));
        let mut end = 0u64;
        for _ in 0..n {
            let rel_len = usize::try_from(rd.u32()?).ok()?;
            let rel_span = (rd.at, rd.at + rel_len);
            rd.take(rel_len)?;
            let key = FileKey {
                size: rd.u64()?,
                mtime: rd.i64()?,
                ctime: rd.i64()?,
                ino: rd.u64()?,
            };
            let count = rd.u32()?;
            let metas = rd.at;
            let start = end;
            // Skipped over here, decoded when a text matches.
            for _ in 0..count {
                rd.u64()?;
                format_of_code(rd.u8()? & !UNIQUE)?;
                rd.bytes()?;
                rd.opt_skip()?;
                rd.opt_skip()?;
                rd.opt_skip()?;
                let (s, l) = (rd.u64()?, rd.u64()?);
                rd.u64()?;
                // Texts follow one another, each with its NUL, inside the text section.
                if s != end || s.checked_add(l)?.checked_add(1)? > text_len {
                    return None;
                }
                end = s + l + 1;
            }
            entries.push(Entry {
                rel: rel_span,
                key,
                metas,
                n: count,
                span: (start, end),
            });
        }
        if rd.at != table.len() || end != text_len {
            return None;
        }
        Some(Loaded {
            file,
            text_at: HEADER,
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
                let id = ArticleId(r.u64()?);
                let code = r.u8()?;
                Some(Meta {
                    id,
                    format: format_of_code(code & !UNIQUE)?,
                    unique: code & UNIQUE != 0,
                    title: r.string()?,
                    account: r.opt()?,
                    author: r.opt()?,
                    date: r.opt()?,
                    start: r.u64()?,
                    len: r.u64()?,
                    hash: r.u64()?,
                })
            })
            .collect()
    }
}

/// An article's answer to a one-word query: its count, first match and snippet.
pub type Answer = (u32, (usize, usize), Snippet);

/// What the scan found in one file whose text holds a literal.
pub enum Scanned {
    /// Per article, for a one-word query: its count, first match and snippet if it has one.
    Answers(Vec<Option<Answer>>),
    /// Per article, its text, for the query to be run on.
    Texts(Vec<String>),
}

/// A file as cached whose text may match: its articles ([`Meta::into_article`]), made on the
/// scanning threads.
pub struct Hits {
    pub arts: Vec<Article>,
    /// Each article's [`Meta::hash`] (none when they are all unique).
    pub hashes: Vec<u64>,
    /// For a one-word query, each article's answer.
    pub answers: Option<Vec<Option<Answer>>>,
    /// Whether every article is [`Meta::unique`].
    pub unique: bool,
}

/// What the cache says of one file of the folder.
pub enum Cached {
    /// Nothing: it is new, changed, or its cached text does not read right. Read it.
    No,
    /// It is as cached, and nothing in it can match.
    Quiet,
    /// It is as cached and may match.
    Found(Hits),
}

/// What the scan says of one entry.
enum State {
    Quiet,
    Bad,
    Found(Hits),
}

/// The query as the scan uses it.
pub struct Scan<'q> {
    /// A file is looked at when its text holds one of these (all, if `None`).
    pub literals: Option<&'q [String]>,
    /// A one-word query answered by counting it ([`super::files`]'s quick needle).
    pub needle: Option<&'q str>,
    pub cols: usize,
}

/// The batches of the scan: runs of entries (index, span) about [`BATCH`] bytes of text.
fn batches(loaded: &Loaded) -> Vec<Vec<(usize, (u64, u64))>> {
    let mut out: Vec<Vec<(usize, (u64, u64))>> = Vec::new();
    let mut cur: Vec<(usize, (u64, u64))> = Vec::new();
    for (i, e) in loaded.entries.iter().enumerate() {
        if e.span.0 == e.span.1 {
            continue;
        }
        if cur.first().is_some_and(|f| e.span.1 - f.1.0 > BATCH) {
            out.push(std::mem::take(&mut cur));
        }
        cur.push((i, e.span));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The path of the file at `rel` under the folder `root`.
#[allow(
    clippy::unnecessary_wraps,
    reason = "`None` where paths are Unicode strings and this one is not"
)]
fn source_of(root: &Path, rel: &[u8]) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        Some(root.join(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(rel)))
    }
    #[cfg(not(unix))]
    {
        Some(root.join(std::str::from_utf8(rel).ok()?))
    }
}

/// What one scanning thread works with.
struct Scanner<'a> {
    root: &'a Path,
    loaded: &'a Loaded,
    finders: Option<Vec<memmem::Finder<'a>>>,
    needle: Option<memmem::Finder<'a>>,
    cols: usize,
}

impl Scanner<'_> {
    /// Scans one batch of entries' texts, read into `buf`.
    fn batch(
        &self,
        items: &[(usize, (u64, u64))],
        buf: &mut Vec<u8>,
        out: &mut Vec<(usize, State)>,
    ) {
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return;
        };
        let start = first.1.0;
        let len = usize::try_from(last.1.1 - start).unwrap_or(usize::MAX);
        // Grown, never shrunk: no fresh pages to fault in for every batch.
        if buf.len() < len {
            buf.resize(len.max(BATCH as usize), 0);
        }
        let buf = &mut buf[..len];
        if read_at(&self.loaded.file, buf, self.loaded.text_at + start).is_err() {
            out.extend(items.iter().map(|&(i, _)| (i, State::Bad)));
            return;
        }
        for &(i, (s, e)) in items {
            let hay = &buf
                [usize::try_from(s - start).unwrap_or(0)..usize::try_from(e - start).unwrap_or(0)];
            if let Some(fs) = &self.finders
                && fs.iter().all(|f| f.find(hay).is_none())
            {
                continue;
            }
            out.push((i, self.hits(i, s, hay).map_or(State::Bad, State::Found)));
        }
    }

    /// Entry `i`'s articles and what its texts (`hay`, from `base`) give the query.
    fn hits(&self, i: usize, base: u64, hay: &[u8]) -> Option<Hits> {
        let metas = self.loaded.metas(i)?;
        let sc = scanned(&metas, base, hay, self.needle.as_ref(), self.cols)?;
        let source = source_of(self.root, self.loaded.rel(i))?;
        let unique = metas.iter().all(|m| m.unique);
        // Only copies need them (a unique article has none): no allocation for the rest.
        let hashes = if unique {
            Vec::new()
        } else {
            metas.iter().map(|m| m.hash).collect()
        };
        Some(match sc {
            Scanned::Answers(answers) => Hits {
                arts: metas
                    .into_iter()
                    .map(|m| m.into_article(source.clone(), None))
                    .collect(),
                answers: Some(answers),
                unique,
                hashes,
            },
            Scanned::Texts(texts) => Hits {
                arts: metas
                    .into_iter()
                    .zip(&texts)
                    .map(|(m, t)| m.into_article(source.clone(), Some(t)))
                    .collect(),
                answers: None,
                unique,
                hashes,
            },
        })
    }
}

/// Walks `root` on one thread while `threads` others look at what it finds (each file's
/// size and times) and, whenever they have nothing to look at, scan batches of the cache's
/// texts for `how`: the files (in the order of [`archive::walk`]) with their keys, the
/// folders that could not be read, and per cache entry what the scan found.
fn walk_and_scan(
    root: &Path,
    loaded: Option<&Loaded>,
    how: &Scan<'_>,
    threads: usize,
) -> (Vec<Walk>, Vec<Problem>, Vec<State>) {
    let batches = loaded.map(batches).unwrap_or_default();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<Vec<(usize, PathBuf)>>();
    let rx = std::sync::Mutex::new(rx);
    let (problems, mine) = std::thread::scope(|s| {
        let walker = s.spawn(move || {
            let mut problems = Vec::new();
            let mut batch = Vec::with_capacity(64);
            let mut n = 0;
            for w in archive::walk(root) {
                match w {
                    Walked::File(path) => {
                        batch.push((n, path));
                        n += 1;
                        if batch.len() == 64 {
                            let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(64)));
                        }
                    }
                    Walked::Problem(p) => problems.push(p),
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            problems
        });
        let work = || {
            let scanner = loaded.map(|loaded| Scanner {
                root,
                loaded,
                finders: how.literals.map(|ls| {
                    ls.iter()
                        .map(|l| memmem::Finder::new(l.as_bytes()))
                        .collect()
                }),
                needle: how.needle.map(|n| memmem::Finder::new(n.as_bytes())),
                cols: how.cols,
            });
            let mut looked = Vec::new();
            let mut states = Vec::new();
            let mut buf = Vec::new();
            let stat = |batch: Vec<(usize, PathBuf)>, looked: &mut Vec<(usize, Walk)>| {
                for (n, path) in batch {
                    let key = std::fs::metadata(&path).ok().map(|m| FileKey::of(&m));
                    looked.push((n, Walk { path, key }));
                }
            };
            // Scans the next batch of texts, if any is left.
            let mut scan_next = |states: &mut Vec<(usize, State)>| {
                let b = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let (Some(items), Some(sc)) = (batches.get(b), &scanner) else {
                    return false;
                };
                sc.batch(items, &mut buf, states);
                true
            };
            let inbox = || rx.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            loop {
                let got = inbox().try_recv();
                match got {
                    Ok(batch) => stat(batch, &mut looked),
                    // Nothing to look at now: scan, or (nothing left to scan) wait for the walk.
                    Err(std::sync::mpsc::TryRecvError::Empty) => {
                        if !scan_next(&mut states) {
                            let got = inbox().recv();
                            match got {
                                Ok(batch) => stat(batch, &mut looked),
                                Err(_) => break,
                            }
                        }
                    }
                    // The walk is done: the rest of the scan.
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                        while scan_next(&mut states) {}
                        break;
                    }
                }
            }
            (looked, states)
        };
        let others: Vec<_> = (1..threads.max(1)).map(|_| s.spawn(work)).collect();
        let mut mine = vec![work()];
        mine.extend(others.into_iter().map(|h| h.join().unwrap_or_default()));
        (walker.join().unwrap_or_default(), mine)
    });
    let mut walked: Vec<(usize, Walk)> = Vec::new();
    let mut states: Vec<State> = (0..loaded.map_or(0, |l| l.entries.len()))
        .map(|_| State::Quiet)
        .collect();
    for (w, st) in mine {
        walked.extend(w);
        for (i, s) in st {
            states[i] = s;
        }
    }
    walked.sort_unstable_by_key(|(n, _)| *n);
    (
        walked.into_iter().map(|(_, w)| w).collect(),
        problems,
        states,
    )
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

/// The path of `p` under the folder whose path is `root` (a walked path is the folder's path
/// joined with more: its bytes start with the folder's).
fn rel_under<'p>(root: &[u8], p: &'p Path) -> Option<&'p [u8]> {
    let rest = path_bytes(p)?.strip_prefix(root)?;
    let sep = |b: &u8| std::path::is_separator(char::from(*b));
    let rest = match rest.first() {
        Some(b) if sep(b) => &rest[1..],
        _ if root.last().is_some_and(sep) => rest,
        _ => return None,
    };
    (!rest.is_empty()).then_some(rest)
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
    /// New or changed: its path under the folder, its path, key and format, and what
    /// reading it gave.
    New {
        rel: Vec<u8>,
        path: PathBuf,
        key: FileKey,
        format: Format,
        read: NewRead,
    },
    /// Not cacheable (no format, no key, a path not under the folder).
    Skip,
}

/// What reading a new file gave the cache.
enum NewRead {
    /// Not read yet: [`Update::save`] reads it.
    Unread,
    /// Its articles and their texts, to keep.
    Kept(Vec<(Meta, String)>),
    /// Nothing to keep: it could not be read, or it changed too recently.
    Dropped,
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
    /// The most bytes of text the cache may hold ([`MAX_TOTAL`]; less in tests).
    text_limit: u64,
}

/// Walks `root` and, on other threads meanwhile, reads its cache and scans the texts for
/// `how`. `None` when the folder cannot be cached (no cache folder, no real path).
pub fn folder(root: &Path, how: &Scan<'_>, opts: &Options, threads: usize) -> Option<Folder> {
    let began = SystemTime::now();
    let (path, real) = cache_file(opts, root)?;
    if too_big_lately(&path) {
        return None;
    }
    let build = build_key()?;
    let old = Loaded::open(&path, &real, build);
    let (files, problems, mut states) = walk_and_scan(root, old.as_ref(), how, threads);
    // Files are walked in the order they were written: each is looked for where the last
    // one was found first, and in a map of all only when it is not there.
    let mut map: Option<HashMap<&[u8], usize>> = None;
    let mut cursor = 0;
    let mut seen = 0;
    let mut changed = old.is_none();
    let mut slots = Vec::with_capacity(files.len());
    let mut cached = Vec::with_capacity(files.len());
    // A walked path is the root's path joined with more: its bytes start with the root's.
    let root_bytes = path_bytes(root).unwrap_or_default();
    for f in &files {
        let (Some(under), Some(key)) = (rel_under(root_bytes, &f.path), f.key) else {
            slots.push(Slot::Skip);
            cached.push(Cached::No);
            continue;
        };
        let entry = old.as_ref().and_then(|l| {
            if cursor < l.entries.len() && l.rel(cursor) == under {
                return Some(cursor);
            }
            let m =
                map.get_or_insert_with(|| (0..l.entries.len()).map(|i| (l.rel(i), i)).collect());
            m.get(under).copied()
        });
        let standing = entry.filter(|&i| {
            old.as_ref().is_some_and(|l| l.entries[i].key == key)
                && !matches!(states.get(i), Some(State::Bad))
        });
        if let Some(i) = entry {
            cursor = i + 1;
        }
        if let Some(i) = standing {
            seen += 1;
            slots.push(Slot::Old(i));
            let state = states
                .get_mut(i)
                .map(|s| std::mem::replace(s, State::Quiet));
            cached.push(match state {
                Some(State::Found(hits)) => Cached::Found(hits),
                _ => Cached::Quiet,
            });
        } else {
            // New or changed: read by the search ([`Update::fresh`]) or when the cache is
            // saved, if it is an article at all.
            let Some(format) = archive::format_of(&f.path) else {
                slots.push(Slot::Skip);
                cached.push(Cached::No);
                continue;
            };
            slots.push(Slot::New {
                rel: under.to_vec(),
                path: f.path.clone(),
                key,
                format,
                read: NewRead::Unread,
            });
            cached.push(Cached::No);
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
            text_limit: MAX_TOTAL,
        },
    })
}

impl Update {
    /// Whether file `k` of the folder is still to be read.
    pub fn unread(&self, k: usize) -> bool {
        matches!(
            self.slots.get(k),
            Some(Slot::New {
                read: NewRead::Unread,
                ..
            })
        )
    }

    /// Whether there is no old cache.
    pub fn is_new(&self) -> bool {
        self.old.is_none()
    }

    /// Records what reading file `k` of the folder gave (`None`: it could not be read), to
    /// keep it unless it changed too recently or cannot be cached.
    pub fn fresh(&mut self, k: usize, read: Option<(&[Article], Vec<String>)>) {
        let limit = self.limit();
        if let Some(Slot::New { key, read: r, .. }) = self.slots.get_mut(k) {
            *r = match read.and_then(|(arts, texts)| keepable(*key, limit, arts, texts)) {
                Some(kept) => NewRead::Kept(kept),
                None => NewRead::Dropped,
            };
        }
    }

    /// Files modified after this (nanoseconds since the epoch) are not kept.
    fn limit(&self) -> i64 {
        self.began
            .checked_sub(self.settle)
            .map_or(i64::MIN, ns_since_epoch)
    }

    /// Whether saving would write anything.
    pub fn changed(&self) -> bool {
        self.changed
            || self.slots.iter().any(|s| {
                matches!(
                    s,
                    Slot::New {
                        read: NewRead::Unread | NewRead::Kept(_),
                        ..
                    }
                )
            })
    }

    /// The cache file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the cache if anything changed (else marks it used): files not yet read are
    /// read and parsed now, a few hundred at a time on every core, and their texts written
    /// as they come, to a temporary file renamed over the old one at the end. Then drops the
    /// least recently used caches over the limits. Returns the bytes written.
    pub fn save(self) -> std::io::Result<u64> {
        if !self.changed() {
            if let Ok(f) = File::options().write(true).open(&self.path) {
                let _ = f.set_modified(SystemTime::now());
            }
            return Ok(0);
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        make_private_dir(dir)?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            self.path.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let written = self.write(&tmp);
        match written {
            Ok(n) => {
                std::fs::rename(&tmp, &self.path)?;
                evict(dir, &self.path);
                Ok(n)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                if e.kind() == std::io::ErrorKind::FileTooLarge {
                    // Not tried again for a week (each try reads the whole folder).
                    let _ = std::fs::remove_file(&self.path);
                    let _ = std::fs::write(self.path.with_extension("toobig"), "");
                }
                Err(e)
            }
        }
    }

    fn write(&self, tmp: &Path) -> std::io::Result<u64> {
        use std::io::Seek as _;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, private_file(tmp)?);
        w.write_all(&[0u8; HEADER as usize])?;
        let mut text = TextWriter {
            w: &mut w,
            len: 0,
            old: self.old.as_ref(),
            copy: None,
            buf: Vec::new(),
            limit: self.text_limit,
        };
        // Per file kept: its path under the folder, key, and articles (where their texts
        // are now).
        let mut files: Vec<(&[u8], FileKey, Vec<Meta>)> = Vec::with_capacity(self.slots.len());
        let limit = self.limit();
        let threads = archive::readers();
        for chunk in self.slots.chunks(256) {
            let mut read = read_chunk(chunk, limit, threads).into_iter();
            for slot in chunk {
                match slot {
                    Slot::Old(i) => {
                        let Some(old) = &self.old else { continue };
                        let Some(mut metas) = old.metas(*i) else {
                            continue;
                        };
                        for m in &mut metas {
                            m.start = text.old(m.start, m.len + 1)?;
                        }
                        files.push((old.rel(*i), old.entries[*i].key, metas));
                    }
                    Slot::New {
                        rel, key, read: r, ..
                    } => {
                        let fresh;
                        let kept = match r {
                            NewRead::Kept(k) => k,
                            NewRead::Unread => match read.next().flatten() {
                                Some(k) => {
                                    fresh = k;
                                    &fresh
                                }
                                None => continue,
                            },
                            NewRead::Dropped => continue,
                        };
                        let mut metas = Vec::with_capacity(kept.len());
                        for (m, t) in kept {
                            let mut m = m.clone();
                            m.start = text.text(t)?;
                            m.len = t.len() as u64;
                            metas.push(m);
                        }
                        files.push((rel, *key, metas));
                    }
                    Slot::Skip => {}
                }
            }
        }
        text.flush_copy()?;
        let text_len = text.len;
        // Which titles and ids more than one article has.
        let mut titles: HashMap<&str, u32> = HashMap::with_capacity(files.len());
        let mut ids: HashMap<ArticleId, u32> = HashMap::with_capacity(files.len());
        for (_, _, metas) in &files {
            for m in metas {
                *titles.entry(m.title.trim()).or_default() += 1;
                *ids.entry(m.id).or_default() += 1;
            }
        }
        let mut table = Writer(Vec::with_capacity(files.len() * 128));
        table.bytes(path_bytes(&self.real).unwrap_or_default());
        table.u32(u32::try_from(files.len()).unwrap_or(u32::MAX));
        for (rel, key, metas) in &files {
            table.bytes(rel);
            table.u64(key.size);
            table.i64(key.mtime);
            table.i64(key.ctime);
            table.u64(key.ino);
            table.u32(u32::try_from(metas.len()).unwrap_or(u32::MAX));
            for m in metas {
                table.u64(m.id.0);
                let unique = titles.get(m.title.trim()) == Some(&1) && ids.get(&m.id) == Some(&1);
                table
                    .0
                    .push(format_code(m.format) | if unique { UNIQUE } else { 0 });
                table.bytes(m.title.as_bytes());
                table.opt(m.account.as_deref());
                table.opt(m.author.as_deref());
                table.opt(m.date.as_deref());
                table.u64(m.start);
                table.u64(m.len);
                table.u64(m.hash);
            }
        }
        w.write_all(&table.0)?;
        let mut f = w
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        f.seek(std::io::SeekFrom::Start(0))?;
        let mut head = Vec::with_capacity(HEADER as usize);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&self.build.to_le_bytes());
        head.extend_from_slice(&text_len.to_le_bytes());
        head.extend_from_slice(&(table.0.len() as u64).to_le_bytes());
        f.write_all(&head)?;
        Ok(HEADER + text_len + table.0.len() as u64)
    }
}

/// What the cache keeps of a file: its articles' metadata and texts.
type Kept = Vec<(Meta, String)>;

/// What to keep of a file read afresh: its articles' metadata and texts, if it settled
/// before `limit` and every article reads back as cached (a title without line breaks,
/// which its text starts with).
fn keepable(
    key: FileKey,
    limit: i64,
    arts: &[Article],
    texts: Vec<String>,
) -> Option<Vec<(Meta, String)>> {
    // Its change time too: a copy that kept an old modification time (`cp -p`, `tar x`) was
    // still written just now.
    let ok = key.mtime.max(key.ctime) <= limit
        && arts.len() == texts.len()
        && arts
            .iter()
            .zip(&texts)
            .all(|(a, t)| !a.title.contains('\n') && t.starts_with(&a.title));
    ok.then(|| {
        arts.iter()
            .map(Meta::of)
            .zip(texts)
            .map(|(mut m, t)| {
                m.hash = text_hash(&t);
                (m, t)
            })
            .collect()
    })
}

/// Reads and parses the unread files of `chunk` on `threads` threads: for each, in order,
/// what to keep of it.
fn read_chunk(chunk: &[Slot], limit: i64, threads: usize) -> Vec<Option<Kept>> {
    let jobs: Vec<(usize, &Path, FileKey, Format)> = chunk
        .iter()
        .enumerate()
        .filter_map(|(j, s)| match s {
            Slot::New {
                path,
                key,
                format,
                read: NewRead::Unread,
                ..
            } => Some((j, path.as_path(), *key, *format)),
            _ => None,
        })
        .collect();
    super::par_map(&jobs, threads, |&(_, path, key, format)| {
        read_file(path, format).ok().and_then(|arts| {
            let texts = arts.iter().map(super::index::search_text).collect();
            keepable(key, limit, &arts, texts)
        })
    })
}

/// Writes the text section: new texts, and ranges of the old one copied in runs.
struct TextWriter<'a, W: std::io::Write> {
    w: &'a mut W,
    /// Bytes written so far.
    len: u64,
    old: Option<&'a Loaded>,
    /// A run of the old text section still to copy: its start and end.
    copy: Option<(u64, u64)>,
    /// The most bytes of text a cache may hold.
    limit: u64,
    buf: Vec<u8>,
}

impl<W: std::io::Write> TextWriter<'_, W> {
    /// Writes `t` and its NUL; returns where it starts.
    fn text(&mut self, t: &str) -> std::io::Result<u64> {
        self.flush_copy()?;
        let at = self.len;
        if at + t.len() as u64 >= self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "the folder holds more than {} GiB of text, too much to copy (not tried \
                     again for a week)",
                    self.limit >> 30
                ),
            ));
        }
        self.w.write_all(t.as_bytes())?;
        self.w.write_all(&[0])?;
        self.len += t.len() as u64 + 1;
        Ok(at)
    }

    /// Copies `n` bytes of the old text section from `from`; returns where they start.
    fn old(&mut self, from: u64, n: u64) -> std::io::Result<u64> {
        let at = self.len;
        self.copy = match self.copy {
            Some((s, e)) if e == from => Some((s, e + n)),
            _ => {
                self.flush_copy()?;
                Some((from, from + n))
            }
        };
        self.len += n;
        Ok(at)
    }

    fn flush_copy(&mut self) -> std::io::Result<()> {
        let (Some((mut at, end)), Some(old)) = (self.copy.take(), self.old) else {
            return Ok(());
        };
        while at < end {
            let n = (end - at).min(BATCH);
            self.buf.resize(usize::try_from(n).unwrap_or(0), 0);
            read_at(&old.file, &mut self.buf, old.text_at + at)?;
            self.w.write_all(&self.buf)?;
            at += n;
        }
        Ok(())
    }
}

/// A new file readable and writable by its owner only.
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut o = File::options();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// Whether the folder of the cache `path` was found too big to cache in the last week.
fn too_big_lately(path: &Path) -> bool {
    std::fs::metadata(path.with_extension("toobig"))
        .and_then(|m| m.modified())
        .is_ok_and(|t| {
            t.elapsed()
                .is_ok_and(|e| e < Duration::from_secs(7 * 24 * 3600))
        })
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
    let entries: Vec<std::fs::DirEntry> = rd.filter_map(Result::ok).collect();
    // Temporary files of saves that were cut short (killed) a day or more ago, and marks of
    // folders too big to cache older than a week.
    let day_ago = SystemTime::now() - Duration::from_secs(24 * 3600);
    for e in &entries {
        let p = e.path();
        let stale_after = match p.extension().and_then(|x| x.to_str()) {
            Some("tmp") => day_ago,
            Some("toobig") => day_ago - Duration::from_secs(6 * 24 * 3600),
            _ => continue,
        };
        if e.metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < stale_after)
        {
            let _ = std::fs::remove_file(p);
        }
    }
    let mut all: Vec<(SystemTime, u64, PathBuf)> = entries
        .into_iter()
        .filter(|e| e.path().extension().is_some_and(|x| x == "wxrc"))
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((m.modified().ok()?, m.len(), e.path()))
        })
        .collect();
    all.sort_by_key(|(t, _, _)| std::cmp::Reverse(*t));
    let mut total = 0u64;
    for (k, (_, len, path)) in all.iter().enumerate() {
        total += len;
        if path != mine && (k >= MAX_CACHES || total > MAX_TOTAL) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Reads and parses file `path` in full ([`archive::read_file`]): its articles, or why not.
pub fn read_file(path: &Path, format: Format) -> Result<Vec<Article>, Problem> {
    archive::read_file(path, format)
        .map(|p| p.articles)
        .map_err(|reason| Problem {
            path: path.to_path_buf(),
            kind: ProblemKind::Unreadable,
            reason,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::files::{Found, search_paths_cached, search_paths_with};
    use crate::search::parse;

    /// A folder of generated articles (some twice), the layouts the quick paths must read
    /// right, and a text copy of a Markdown article.
    fn folder_of_articles(dir: &Path) {
        for i in 0..60 {
            let a = crate::corpus_gen::article(5, i, 2_000);
            let md = crate::corpus_gen::markdown(&a);
            let sub = dir.join(format!("账号{}", i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("{i:03}.md")), &md).unwrap();
            if i % 10 == 0 {
                std::fs::write(sub.join(format!("{i:03}-copy.md")), &md).unwrap();
            }
        }
        for (name, text) in [
            (
                "fm.md",
                "---\ntitle: 软银的标题\nauthor: 某人\n---\n\n正文里的软银。\n\n# 软银标题\n",
            ),
            (
                "bold.md",
                "# 加粗\n\n原创 作者 账号甲 2024-01-02\n\n软**银**和软银。\n",
            ),
            (
                "wrap.md",
                "# 断行\n\n原创 作者 账号丁 2024-01-11\n\n这一行末尾是软\n银开头的下一行，后面还有软银。\n",
            ),
            (
                "copy-1.md",
                "# 同一篇文章\n\n原创 作者 账号乙 2024-02-01\n\n这是正文的开头，足够长的一段文字，用来比较两份拷贝是不是同一篇。\n\n第二段才讲软银和OpenAI。\n",
            ),
            (
                "copy-1.txt",
                "同一篇文章\n\n这是正文的开头，足够长的一段文字，用来比较两份拷贝是不是同一篇。\n\n第二段才讲软银和OpenAI。\n",
            ),
            ("notes.xyz", "not an article"),
        ] {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }

    /// An exporter-style Markdown article: title, the `原创 作者 ACCOUNT DATE` line, one
    /// paragraph.
    fn write_md(path: &Path, title: &str, account_date: &str, body: &str) {
        std::fs::write(
            path,
            format!("# {title}\n\n原创 作者 {account_date}\n\n{body}\n"),
        )
        .unwrap();
    }

    fn shown(f: &Found) -> Vec<String> {
        let mut v: Vec<String> = f
            .results
            .iter()
            .zip(&f.snippets)
            .map(|((a, h), made)| {
                // A snippet made while scanning is the one shown (an article answered from
                // the cache has no blocks to make one from).
                let (snip, hl) = made
                    .clone()
                    .unwrap_or_else(|| crate::search::snippet::snippet(a, h.first, 72));
                format!(
                    "{} {} {:?} {:?} {} {} {snip} {hl:?}",
                    a.id,
                    a.title,
                    a.who(),
                    a.date,
                    h.count,
                    a.source.display()
                )
            })
            .collect();
        v.sort();
        let mut p: Vec<String> = f.problems.iter().map(ToString::to_string).collect();
        p.sort();
        v.extend(p);
        v
    }

    fn opts(dir: &Path) -> Options {
        Options {
            dir: dir.to_path_buf(),
            settle: Duration::ZERO,
        }
    }

    const QUERIES: [&str; 14] = [
        "软银",
        "亿美元",
        "没有这个词吧",
        "第7篇",
        "openai",
        "title:软银",
        "软银 -亿美元",
        "\"同一篇文章\"",
        "re:软.{0,2}银",
        "rjd",
        "after:2020-01-01 电池",
        "account:账号乙",
        "company:软银",
        "ＯｐｅｎＡＩ 软银",
    ];

    /// Whatever the query, the cached search answers what reading every file answers: on
    /// the run that makes the cache and on the next, which reads no file.
    #[test]
    fn cached_answers_equal_reading_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        folder_of_articles(dir.path());
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive");
        let roots = [dir.path().to_path_buf(), fixtures];
        let o = opts(cache.path());
        let readable = roots
            .iter()
            .flat_map(|r| archive::walk(r))
            .filter(|w| match w {
                Walked::File(p) => archive::format_of(p).is_some_and(|f| read_file(p, f).is_ok()),
                Walked::Problem(_) => false,
            })
            .count();
        assert!(readable > 80, "{readable}");
        let mut answered = 0;
        for q in QUERIES {
            let query = parse(q).unwrap();
            let full = shown(&search_paths_with(&roots, &query, false, 72));
            let mut first = search_paths_cached(&roots, &query, 72, &o);
            for u in std::mem::take(&mut first.cache) {
                u.save().unwrap();
            }
            assert_eq!(shown(&first), full, "{q}: the run that makes the cache");
            let second = search_paths_cached(&roots, &query, 72, &o);
            assert_eq!(shown(&second), full, "{q}: from the cache");
            // A few files touched: read by the search itself, the rest from the cache.
            for name in ["账号0/000.md", "账号1/010-copy.md", "copy-1.txt"] {
                std::fs::File::options()
                    .write(true)
                    .open(dir.path().join(name))
                    .unwrap()
                    .set_modified(SystemTime::now())
                    .unwrap();
            }
            let mut touched = search_paths_cached(&roots, &query, 72, &o);
            assert_eq!(shown(&touched), full, "{q}: three files read again");
            // (A company query reads the files that may match.)
            let company = q.starts_with("company:");
            assert!(company || touched.from_cache == readable - 3, "{q}");
            for u in std::mem::take(&mut touched.cache) {
                u.save().unwrap();
            }
            // Every file that parses is answered from the cache.
            assert!(company || second.from_cache == readable, "{q}");
            assert!(second.cache.iter().all(|u| !u.changed()), "{q}");
            answered += full.len();
        }
        assert!(answered > 100, "the queries find things: {answered}");
    }

    fn search(root: &Path, q: &str, o: &Options) -> Found {
        let mut f = search_paths_cached(&[root.to_path_buf()], &parse(q).unwrap(), 72, o);
        for u in std::mem::take(&mut f.cache) {
            u.save().unwrap();
        }
        f
    }

    fn titles(f: &Found) -> Vec<String> {
        let mut t: Vec<String> = f.results.iter().map(|(a, _)| a.title.clone()).collect();
        t.sort();
        t
    }

    /// Copies of an article the cache knows to be identical are not parsed again to be
    /// merged; copies that differ are, and both give what reading every file gives.
    #[test]
    fn identical_copies_merge_without_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let o = opts(cache.path());
        let same = "# 同一篇\n\n原创 作者 账号甲 2024-01-02\n\n软银在这里出现了两次：软银。\n";
        for name in ["a/one.md", "b/one.md", "c/one.md"] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, same).unwrap();
        }
        // Same title and metadata, other words: parsed to be merged as the library would.
        write_md(
            &dir.path().join("a/two.md"),
            "另一篇",
            "账号乙 2024-01-03",
            "软银在这里。",
        );
        write_md(
            &dir.path().join("b/two.md"),
            "另一篇",
            "账号乙 2024-01-03",
            "软银在这里，多了几个字。",
        );
        let roots = [dir.path().to_path_buf()];
        for q in ["软银", "软银 -没有", "title:同一篇"] {
            let query = parse(q).unwrap();
            let full = shown(&search_paths_with(&roots, &query, false, 72));
            search(dir.path(), q, &o);
            let f = search_paths_cached(&roots, &query, 72, &o);
            assert_eq!(shown(&f), full, "{q}");
            assert_eq!(f.from_cache, 5, "{q}");
            // Only the two that differ (when the query's words are in them).
            assert!(f.parsed_again <= 2, "{q}: {}", f.parsed_again);
        }
        let f = search_paths_cached(&roots, &parse("软银").unwrap(), 72, &o);
        assert_eq!(f.parsed_again, 2);
        assert_eq!(
            f.results.len(),
            2,
            "one 同一篇 for three copies, one 另一篇"
        );
    }

    /// A file edited in place (same size, its modification time put back), added, removed
    /// or renamed is seen at once.
    #[test]
    fn changed_files_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let o = opts(cache.path());
        let a = dir.path().join("a.md");
        write_md(&a, "甲文", "账号甲 2024-01-02", "讲的是软银。");
        write_md(
            &dir.path().join("b.md"),
            "乙文",
            "账号乙 2024-01-03",
            "讲的是华为。",
        );
        assert_eq!(titles(&search(dir.path(), "软银", &o)), ["甲文"]);
        assert_eq!(search(dir.path(), "软银", &o).from_cache, 2);

        // Same size, same modification time: the change time and the text give it away.
        let mtime = std::fs::metadata(&a).unwrap().modified().unwrap();
        write_md(&a, "甲文", "账号甲 2024-01-02", "讲的是华为。");
        std::fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        assert_eq!(
            titles(&search(dir.path(), "软银", &o)),
            Vec::<String>::new()
        );
        assert_eq!(titles(&search(dir.path(), "华为", &o)), ["乙文", "甲文"]);

        write_md(
            &dir.path().join("c.md"),
            "丙文",
            "账号丙 2024-01-04",
            "讲的是华为。",
        );
        assert_eq!(
            titles(&search(dir.path(), "华为", &o)),
            ["丙文", "乙文", "甲文"]
        );
        std::fs::remove_file(dir.path().join("b.md")).unwrap();
        assert_eq!(titles(&search(dir.path(), "华为", &o)), ["丙文", "甲文"]);
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::rename(dir.path().join("c.md"), dir.path().join("sub/c.md")).unwrap();
        let f = search(dir.path(), "华为", &o);
        assert_eq!(titles(&f), ["丙文", "甲文"]);
        assert!(
            f.results
                .iter()
                .any(|(a, _)| a.source == dir.path().join("sub/c.md"))
        );
        let again = search(dir.path(), "华为", &o);
        assert_eq!(again.from_cache, 2, "all kept again");
    }

    /// A file modified within `settle` of the search is read but not kept.
    #[test]
    fn recent_files_are_read_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let o = Options {
            dir: cache.path().to_path_buf(),
            settle: Duration::from_secs(3600),
        };
        write_md(
            &dir.path().join("a.md"),
            "甲文",
            "账号甲 2024-01-02",
            "讲的是软银。",
        );
        for _ in 0..2 {
            let f = search(dir.path(), "软银", &o);
            assert_eq!(titles(&f), ["甲文"]);
            assert_eq!(f.from_cache, 0);
        }
    }

    /// A cache cut short, scribbled over or written by something else is not used (and
    /// nothing panics); the next search makes it anew.
    #[test]
    fn damaged_caches_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let o = opts(cache.path());
        folder_of_articles(dir.path());
        let want = titles(&search_paths_with(
            &[dir.path().to_path_buf()],
            &parse("软银").unwrap(),
            false,
            72,
        ));
        assert!(!want.is_empty());
        search(dir.path(), "软银", &o);
        let (file, _) = cache_file(&o, dir.path()).unwrap();
        let good = std::fs::read(&file).unwrap();
        // The header, the texts, then the table.
        let text_at = usize::try_from(HEADER).unwrap();
        let table_at = text_at
            + usize::try_from(u64::from_le_bytes(good[16..24].try_into().unwrap())).unwrap();
        assert!(table_at < good.len());
        let mut damaged: Vec<Vec<u8>> = Vec::new();
        for cut in [
            0,
            7,
            31,
            32,
            100,
            table_at - 1,
            table_at,
            table_at + 1,
            good.len() - 1,
        ] {
            damaged.push(good[..cut].to_vec());
        }
        // Flipped bytes all over the header and table.
        for at in (0..text_at).chain((table_at..good.len()).step_by(97)) {
            let mut g = good.clone();
            g[at] ^= 0x5a;
            damaged.push(g);
        }
        // A text that is not UTF-8 where a match is.
        let mut g = good.clone();
        let at = text_at + memmem::find(&good[text_at..table_at], "软银".as_bytes()).unwrap();
        g[at + 1] = 0xff;
        damaged.push(g);
        damaged.push(b"WXRSRCH\x01 and then nothing that adds up".to_vec());
        for (k, d) in damaged.into_iter().enumerate() {
            std::fs::write(&file, &d).unwrap();
            let f = search(dir.path(), "软银", &o);
            assert_eq!(titles(&f), want);
            let again = search(dir.path(), "软银", &o);
            assert_eq!(titles(&again), want);
            // An entry whose damage showed only when it was copied is read again once more.
            let third = search(dir.path(), "软银", &o);
            assert_eq!(titles(&third), want);
            assert_eq!(third.from_cache + 1, third.files, "made anew: damage {k}");
            assert!(third.cache.iter().all(|u| !u.changed()));
        }
    }

    /// No cache can be written: the search still answers, and saving says why.
    #[test]
    fn an_unwritable_cache_folder_costs_only_speed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let blocker = cache.path().join("file");
        std::fs::write(&blocker, "").unwrap();
        let o = opts(&blocker);
        write_md(
            &dir.path().join("a.md"),
            "甲文",
            "账号甲 2024-01-02",
            "讲的是软银。",
        );
        let mut f =
            search_paths_cached(&[dir.path().to_path_buf()], &parse("软银").unwrap(), 72, &o);
        assert_eq!(titles(&f), ["甲文"]);
        let u = f.cache.pop().unwrap();
        assert!(u.save().is_err());
    }

    /// A folder with more text than a cache may hold is not cached, and saving says why; the
    /// search answers all the same.
    #[test]
    fn a_folder_too_big_to_cache_is_searched_without() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let o = opts(cache.path());
        folder_of_articles(dir.path());
        let q = parse("软银").unwrap();
        let mut found = search_paths_cached(&[dir.path().to_path_buf()], &q, 72, &o);
        let want = shown(&found);
        let mut update = found.cache.pop().unwrap();
        update.text_limit = 10_000;
        let err = update.save().unwrap_err().to_string();
        assert!(err.contains("too much to copy"), "{err}");
        let (file, _) = cache_file(&o, dir.path()).unwrap();
        assert!(!file.exists());
        let left: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "the temporary file is gone: {left:?}");
        assert!(file.with_extension("toobig").exists());
        // For a week, the folder is searched without a cache and none is made.
        let again = search_paths_cached(&[dir.path().to_path_buf()], &q, 72, &o);
        assert_eq!(shown(&again), want);
        assert!(again.cache.is_empty());
    }

    /// Only so many caches are kept: the least recently used go first.
    #[test]
    fn old_caches_are_dropped() {
        let cache = tempfile::tempdir().unwrap();
        let dir = cache.path().join("search");
        std::fs::create_dir_all(&dir).unwrap();
        let now = SystemTime::now();
        for i in 0..MAX_CACHES + 3 {
            let p = dir.join(format!("{i:016x}.wxrc"));
            let f = std::fs::File::create(&p).unwrap();
            f.set_modified(now - Duration::from_secs(60 * (i as u64 + 1)))
                .unwrap();
        }
        let mine = dir.join("mine.wxrc");
        std::fs::write(&mine, "").unwrap();
        // A save killed two days ago left its temporary file; one running now has one too.
        let stale = dir.join(".0000000000000001.wxrc.123.tmp");
        std::fs::File::create(&stale)
            .unwrap()
            .set_modified(now - Duration::from_secs(2 * 24 * 3600))
            .unwrap();
        let running = dir.join(".0000000000000002.wxrc.456.tmp");
        std::fs::write(&running, "").unwrap();
        evict(&dir, &mine);
        assert!(!stale.exists());
        assert!(running.exists());
        std::fs::remove_file(&running).unwrap();
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), MAX_CACHES);
        assert!(mine.exists());
        assert!(
            dir.join(format!("{:016x}.wxrc", 0)).exists(),
            "the newest stays"
        );
        assert!(!dir.join(format!("{:016x}.wxrc", MAX_CACHES + 2)).exists());
    }
}
