//! The library store: the parsed archive of one folder, kept on disk so that opening it again
//! reads one file instead of parsing every article (issue 12). The reader, `wxr list`, `wxr
//! search` and `wxr entities` all go through it ([`super::pipeline`]); it knows nothing of
//! queries: it hands out each file's articles (metadata at once, texts and block shapes by
//! range, read on demand with `pread`, so an archive's text is never all on the heap).
//!
//! Decisions:
//! - One store file per folder: `library/<FNV of the folder's real path>.wxrl` in the cache
//!   folder (`$WXR_CACHE_DIR`, else the platform's: `~/.cache/wxr`). The folder's path is
//!   kept in it and checked. It holds copies of the articles' text: the folder is made 0700
//!   (refused if another user owns it), files 0600.
//! - A file's record stands while its size, modification time, change time and inode are as
//!   recorded. A file changed within the settling time (2 s) is read but not kept (git's
//!   racily-clean files). Files that failed to read are kept too (with their reason), so a
//!   broken file is not read again until it changes.
//! - Only the build of wxr that wrote a store uses it (the key holds the version and the
//!   executable's size and time): another build may parse differently.
//! - A store is untrusted input: a header checksum, a checksum of the table (checked when
//!   opened), and one per article text and per article block shapes (checked when read); any
//!   mismatch means the store is not used and is written anew. Text read back is sanitized
//!   again. A store is opened without following links and only if it is a regular file.
//! - Written whole to a temporary file (`O_EXCL`, 0600) in the same folder and renamed over the
//!   old one: readers keep the file they opened; two processes saving at once never tear it
//!   (the last rename wins, and each wrote a whole store).
//! - At most [`MAX_STORES`] stores and [`MAX_TOTAL`] bytes are kept: the least recently used
//!   go. A folder with more text than that is not stored.
//!
//! Layout: a 64-byte header (magic, build key, section lengths, table checksum, header
//! checksum); the text section (each article's [`Article::search_text`] — title, then
//! each block's text, a line each — followed by a NUL); the shape section (each article's
//! block kinds, what they carry and their text lengths); the table (the folder's path, then
//! per file its path under the folder, key, and outcome: its articles' metadata with where
//! their text and shapes are, or why it was not read).

mod codec;
mod disk;
mod write;

pub use disk::{FileKey, ns_since_epoch, path_bytes, path_of_bytes, private_dir};
pub use write::{Prepared, Saved, StoreWriter, TextSink, into_listed, prepare, touch};

pub use crate::model::Span;
use crate::model::{Article, ArticleId, Block, BlockKind, Format, Link, Status, Stored};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

const MAGIC: &[u8; 8] = b"WXRLIB\x04\n";
const HEADER: u64 = 64;
/// The most stores kept.
pub const MAX_STORES: usize = 32;
/// The most bytes of stores kept (and of one store: a folder with more is not stored).
pub const MAX_TOTAL: u64 = 4 << 30;

/// Why a store was not used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read the library store: {0}")]
    Io(#[from] std::io::Error),
    #[error("the library store is damaged ({0}); it will be made anew")]
    Damaged(&'static str),
    #[error("the library store was written by another build of wxr; it will be made anew")]
    OtherBuild,
}

/// Where stores go: `$WXR_CACHE_DIR`, else the platform's cache folder for wxr; in its
/// `library/`.
pub fn store_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("WXR_CACHE_DIR").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => directories::ProjectDirs::from("", "", "wxr")?
            .cache_dir()
            .to_path_buf(),
    };
    Some(base.join("library"))
}

/// The store file of the folder whose real path is `real`.
pub fn store_path(dir: &Path, real: &Path) -> Option<PathBuf> {
    let name = format!("{:016x}.wxrl", disk::fnv(&[path_bytes(real)?]));
    Some(dir.join(name))
}

/// A block as stored: its kind and the length of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub kind: BlockKind,
    pub len: u32,
}

/// One article as the table keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub id: ArticleId,
    pub format: Format,
    pub status: Status,
    pub title: String,
    pub account: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub encoding: Option<String>,
    pub tags: Vec<String>,
    pub text: Span,
    pub shape: Span,
    /// Characters of body text (whitespace not counted) and images: how much of the article a
    /// copy holds, when duplicates merge.
    pub words: u32,
    pub images: u32,
    pub blocks: u32,
    /// [`Article::fingerprint`], kept only where the id is made of it.
    pub fingerprint: String,
    /// [`Article::print`].
    pub print: u64,
}

/// What a file gave when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Articles {
        articles: Vec<StoredArticle>,
        /// Parts that could not be read (bad JSONL lines, undecodable bytes).
        problems: Vec<String>,
    },
    /// Nothing could be read from it, and why.
    Unreadable(String),
    /// A format wxr does not read.
    Skipped(String),
}

/// One file as the table keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// Its path under the folder.
    pub rel: Vec<u8>,
    pub key: FileKey,
    pub outcome: Outcome,
}

/// An open store: its text and shape sections, read by range. (A store being written has
/// them in two temporary files; a finished one in one file.)
#[derive(Debug)]
pub struct StoreFile {
    texts: Section,
    shapes: Section,
    /// Where it was opened from (none while it is being written).
    path: Option<PathBuf>,
}

/// Where a section is: its file, its start there, its length (`u64::MAX` while written).
#[derive(Debug)]
struct Section {
    file: File,
    at: u64,
    len: u64,
}

/// Stores opened by this process, by number ([`Stored::file`] says which). A store stays
/// open while the process runs: articles listed from it read their text from it (even after
/// a newer store replaced it on disk).
fn registry() -> &'static Mutex<Vec<Arc<StoreFile>>> {
    static OPEN: OnceLock<Mutex<Vec<Arc<StoreFile>>>> = OnceLock::new();
    OPEN.get_or_init(|| Mutex::new(Vec::new()))
}

/// A store being written, readable as it grows (what was flushed).
fn live(texts: File, shapes: File) -> StoreFile {
    StoreFile {
        texts: Section {
            file: texts,
            at: HEADER,
            len: u64::MAX,
        },
        shapes: Section {
            file: shapes,
            at: 0,
            len: u64::MAX,
        },
        path: None,
    }
}

/// A text or block shapes of the store numbered `n` did not match its checksum: the store
/// file is removed, so that the next open reads the folder and writes it anew (this process
/// keeps reading what it opened, and reads damaged articles from their files).
pub fn damaged(n: u32) {
    if let Some(path) = opened(n).and_then(|f| f.path.clone()) {
        let _ = std::fs::remove_file(path);
    }
}

fn register(f: Arc<StoreFile>) -> u32 {
    let mut open = registry()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    open.push(f);
    u32::try_from(open.len() - 1).unwrap_or(u32::MAX)
}

/// The open store file number `n`.
pub fn opened(n: u32) -> Option<Arc<StoreFile>> {
    registry()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(n as usize)
        .cloned()
}

impl StoreFile {
    /// `r.len` bytes of a section (and `extra` more, which the checksum covers too).
    fn read_with(section: &Section, r: &Span, extra: u64) -> Result<Vec<u8>, StoreError> {
        let end = r
            .offset
            .checked_add(u64::from(r.len) + extra)
            .ok_or(StoreError::Damaged("a range past the end"))?;
        if end > section.len {
            return Err(StoreError::Damaged("a range past its section"));
        }
        let mut buf = vec![0u8; r.len as usize + extra as usize];
        disk::read_at(&section.file, &mut buf, section.at + r.offset)?;
        if xxhash_rust::xxh3::xxh3_64(&buf) != r.sum {
            return Err(StoreError::Damaged("a checksum does not match"));
        }
        buf.truncate(r.len as usize);
        Ok(buf)
    }

    /// An article's block shapes, checked.
    fn shape(&self, r: &Span) -> Result<Vec<u8>, StoreError> {
        Self::read_with(&self.shapes, r, 0)
    }

    /// An article's text ([`Article::search_text`]), checked (with the NUL after it).
    pub fn text(&self, r: &Span) -> Result<String, StoreError> {
        let b = Self::read_with(&self.texts, r, 1)?;
        String::from_utf8(b).map_err(|_| StoreError::Damaged("text is not UTF-8"))
    }

    /// Reads `buf.len()` bytes of the text section at `at` (a scan; not checked: a match
    /// found in it is, when its article's text is read).
    pub fn scan_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<()> {
        if at.saturating_add(buf.len() as u64) > self.texts.len {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        disk::read_at(&self.texts.file, buf, self.texts.at + at)
    }

    /// An article's blocks and links, from its text and shapes (both checked), sanitized
    /// again.
    pub fn blocks(
        &self,
        title: &str,
        text: &Span,
        shape: &Span,
    ) -> Result<(Vec<Block>, Vec<Link>), StoreError> {
        let text = self.text(text)?;
        let shapes = self.shape(shape)?;
        let mut reader = codec::Reader::new(&shapes);
        let shapes = codec::read_shapes(&mut reader)
            .ok_or(StoreError::Damaged("block shapes do not read"))?;
        let links: Vec<Link> = codec::read_links(&mut reader)
            .ok_or(StoreError::Damaged("links do not read"))?
            .into_iter()
            .filter(|l| l.block < shapes.len())
            .map(|l| Link {
                block: l.block,
                text: crate::sanitize::line(&l.text),
                url: crate::sanitize::line(&l.url),
            })
            .collect();
        let mut rest = text
            .strip_prefix(title)
            .ok_or(StoreError::Damaged("a text does not start with its title"))?;
        let mut blocks = Vec::with_capacity(shapes.len());
        for s in shapes {
            let body = rest
                .strip_prefix('\n')
                .ok_or(StoreError::Damaged("block texts do not add up"))?;
            let t = body
                .get(..s.len as usize)
                .ok_or(StoreError::Damaged("block texts do not add up"))?;
            rest = &body[s.len as usize..];
            blocks.push(Block {
                kind: s.kind,
                text: crate::sanitize::text(t),
            });
        }
        if !rest.is_empty() {
            return Err(StoreError::Damaged("block texts do not add up"));
        }
        Ok((blocks, links))
    }
}

/// An opened store: the folder's files as recorded, and the file to read texts from.
#[derive(Debug)]
pub struct Store {
    pub files: Vec<StoredFile>,
    pub data: Arc<StoreFile>,
    /// Its number among the stores this process opened ([`opened`]).
    pub number: u32,
    /// Where the table is, its checksum, and the folder's real path: to read it again.
    table: (u64, u64, u64),
    real: PathBuf,
}

impl Store {
    /// The table read again from the store's file (after `files` was taken apart to list
    /// the folder, to write a new store from it).
    pub fn files_again(&self) -> Result<Vec<StoredFile>, StoreError> {
        let (at, len, sum) = self.table;
        read_table(&self.data.shapes.file, at, len, sum, Some(&self.real))
    }
}

/// Reads and decodes a store's table: checksum, folder, file records.
fn read_table(
    file: &File,
    at: u64,
    len: u64,
    sum: u64,
    real: Option<&Path>,
) -> Result<Vec<StoredFile>, StoreError> {
    let mut t = vec![0u8; usize::try_from(len).map_err(|_| bad_size())?];
    disk::read_at(file, &mut t, at)?;
    if xxhash_rust::xxh3::xxh3_64(&t) != sum {
        return Err(StoreError::Damaged("the table's checksum does not match"));
    }
    let mut r = codec::Reader::new(&t);
    let folder = r.bytes().ok_or(StoreError::Damaged("no folder path"))?;
    if real.is_some_and(|real| Some(folder) != path_bytes(real)) {
        return Err(StoreError::Damaged("made for another folder"));
    }
    let n = r.count(33).ok_or(StoreError::Damaged("a bad file count"))?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        files.push(
            codec::read_file(&mut r).ok_or(StoreError::Damaged("a file record does not read"))?,
        );
    }
    if !r.done() {
        return Err(StoreError::Damaged("bytes after the table"));
    }
    Ok(files)
}

/// Opens the store at `path` for the folder whose real path is `real`. `Ok(None)` when
/// there is none.
pub fn open(path: &Path, real: &Path) -> Result<Option<Store>, StoreError> {
    open_with(path, Some(real))
}

/// The ids of every article in the library stores of this build: the archives wxr has read
/// (for `wxr mark`, which is given ids without their folders). A store that does not read
/// adds none.
pub fn stored_ids() -> std::collections::HashSet<ArticleId> {
    let mut ids = std::collections::HashSet::new();
    let Some(dir) = store_dir() else { return ids };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return ids;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "wxrl") {
            continue;
        }
        if let Ok(Some(store)) = open_with(&p, None) {
            for f in store.files {
                if let Outcome::Articles { articles, .. } = f.outcome {
                    ids.extend(articles.iter().map(|a| a.id));
                }
            }
        }
    }
    ids
}

fn open_with(path: &Path, real: Option<&Path>) -> Result<Option<Store>, StoreError> {
    let file = match disk::open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let len = file.metadata()?.len();
    if len < HEADER {
        return Err(StoreError::Damaged("shorter than its header"));
    }
    let mut head = [0u8; HEADER as usize];
    disk::read_at(&file, &mut head, 0)?;
    let mut h = codec::Reader::new(&head);
    let bad = StoreError::Damaged("a bad header");
    if h.take(8) != Some(MAGIC.as_slice()) {
        return Err(StoreError::Damaged("not a library store"));
    }
    if h.u64() != Some(disk::build_key(MAGIC)) {
        return Err(StoreError::OtherBuild);
    }
    let (Some(texts), Some(shapes), Some(table), Some(table_sum), Some(0), Some(head_sum)) =
        (h.u64(), h.u64(), h.u64(), h.u64(), h.u64(), h.u64())
    else {
        return Err(bad);
    };
    if xxhash_rust::xxh3::xxh3_64(&head[..56]) != head_sum {
        return Err(bad);
    }
    let total = HEADER
        .checked_add(texts)
        .and_then(|n| n.checked_add(shapes))
        .and_then(|n| n.checked_add(table))
        .ok_or(StoreError::Damaged("sections past the end"))?;
    if total != len {
        return Err(StoreError::Damaged("not as long as its header says"));
    }
    let table_at = HEADER + texts + shapes;
    let files = read_table(&file, table_at, table, table_sum, real)?;
    let data = Arc::new(StoreFile {
        texts: Section {
            file: file.try_clone()?,
            at: HEADER,
            len: texts,
        },
        shapes: Section {
            file,
            at: HEADER + texts,
            len: shapes,
        },
        path: Some(path.to_path_buf()),
    });
    let number = register(Arc::clone(&data));
    Ok(Some(Store {
        files,
        data,
        number,
        table: (table_at, table, table_sum),
        real: real.map(Path::to_path_buf).unwrap_or_default(),
    }))
}

fn bad_size() -> StoreError {
    StoreError::Damaged("a table too big for this machine")
}

impl StoredArticle {
    /// The article as the list shows it: metadata, no blocks; its text read from store
    /// number `store` when opened ([`body`]). Every field is sanitized again (a store is
    /// untrusted input).
    pub fn to_article(&self, source: PathBuf, store: u32) -> Article {
        self.clone().into_article(source, store)
    }

    /// [`StoredArticle::to_article`], its strings moved, not copied.
    pub fn into_article(self, source: PathBuf, store: u32) -> Article {
        let mut a = Article {
            id: self.id,
            title: self.title,
            account: self.account,
            author: self.author,
            date: self.date,
            url: self.url,
            tags: self.tags,
            source,
            other_sources: Vec::new(),
            format: self.format,
            encoding: self.encoding,
            status: self.status,
            blocks: Vec::new(),
            links: Vec::new(),
            stored: None,
        };
        listed_form(
            &mut a,
            Stored {
                file: store,
                text: self.text,
                shape: self.shape,
                words: self.words,
                images: self.images,
                blocks: self.blocks,
                fingerprint: self.fingerprint,
                print: self.print,
            },
        );
        a
    }
}

/// `a` made the article a store lists for its record (`stored`: where its text and shapes
/// are, its counts): every field sanitized, no blocks or links in memory, the fingerprint
/// kept only where the id is made of it. What [`StoredArticle::into_article`] gives, and what
/// a first reading lists for an article it has just stored.
pub fn listed_form(a: &mut Article, mut stored: Stored) {
    let line = crate::sanitize::line_owned;
    let opt = |s: &mut Option<String>| *s = s.take().map(line).filter(|s| !s.is_empty());
    a.title = line(std::mem::take(&mut a.title));
    for f in [
        &mut a.account,
        &mut a.author,
        &mut a.date,
        &mut a.url,
        &mut a.encoding,
    ] {
        opt(f);
    }
    for t in &mut a.tags {
        *t = line(std::mem::take(t));
    }
    if let Status::Unavailable { reason } = &mut a.status {
        *reason = line(std::mem::take(reason));
    }
    a.other_sources = Vec::new();
    a.blocks = Vec::new();
    a.links = Vec::new();
    if !a.id_needs_text() {
        stored.fingerprint = String::new();
    }
    a.stored = Some(stored);
}

/// `a` with its blocks: as it is when they are in memory, else read from its store; if the
/// store cannot give them (damaged since it was opened, a disk error), from its file again.
pub fn body(a: &Article) -> Result<Article, StoreError> {
    stored_body(a).or_else(|e| from_file(a).ok_or(e))
}

/// `a` with its blocks: as it is when they are in memory, else read from its store (only).
pub fn stored_body(a: &Article) -> Result<Article, StoreError> {
    let Some(stored) = &a.stored else {
        return Ok(a.clone());
    };
    let file = opened(stored.file).ok_or(StoreError::Damaged("a store that was never opened"))?;
    let (blocks, links) = file.blocks(&a.title, &stored.text, &stored.shape)?;
    Ok(Article {
        blocks,
        links,
        ..a.clone()
    })
}

/// `a` with its blocks as its file gives them now, if it still holds `a`: the article of the
/// same id, else of the same title (`a` may carry the id of a copy merged into it), else the
/// file's only one.
fn from_file(a: &Article) -> Option<Article> {
    let format = super::format_of(&a.source)?;
    let mut arts = super::read_file(&a.source, format).ok()?.articles;
    let at = arts
        .iter()
        .position(|b| b.id == a.id)
        .or_else(|| arts.iter().position(|b| b.title == a.title))
        .or_else(|| (arts.len() == 1).then_some(0))?;
    let found = arts.swap_remove(at);
    Some(Article {
        blocks: found.blocks,
        links: found.links,
        ..a.clone()
    })
}

/// The text of a stored article ([`Article::search_text`]), read from its store.
pub fn text_of(stored: &Stored) -> Result<String, StoreError> {
    let file = opened(stored.file).ok_or(StoreError::Damaged("a store that was never opened"))?;
    file.text(&stored.text)
}

#[cfg(test)]
mod tests;
