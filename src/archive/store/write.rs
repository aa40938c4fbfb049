//! Writing a store: texts go straight to a temporary file as files are read (written at
//! their places by the threads that parsed them, [`TextSink`]), block shapes to a second
//! one; at the end the shapes are copied after the texts, the table and the header
//! written, and the file renamed over the old store. Then the least recently used stores
//! beyond the limits are removed, with temporary files of saves killed a day ago.

use super::codec::{self, Writer};
use super::{
    FileKey, HEADER, MAGIC, MAX_STORES, MAX_TOTAL, Outcome, Span, StoreFile, StoredFile, disk,
};
use crate::model::{Article, BlockKind, Stored};
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Prefix of the store's temporary files, so that stale ones can be told apart.
const TMP_PREFIX: &str = ".wxrl-";

/// An article made ready for a store on any thread: its block shapes encoded, and what its
/// listed form keeps of it ([`Stored`]: the checksums of its text and shapes, its counts),
/// its text's place filled in by [`TextSink::put`].
pub struct Prepared {
    shape: Vec<u8>,
    stored: Stored,
}

/// [`Prepared`] articles of a file, the costly part of storing them (the texts laid out, the
/// checksums, the counts), done where the file was parsed: each article's text and a NUL
/// after it are added one after the other to `texts` (the texts of a few files are written
/// together), where the text offsets point until [`TextSink::put`] places them in the store.
pub fn prepare(articles: &[Article], texts: &mut Vec<u8>) -> Vec<Prepared> {
    articles
        .iter()
        .map(|a| {
            let start = texts.len();
            for part in a.search_text_parts() {
                texts.extend_from_slice(part.as_bytes());
            }
            let end = texts.len();
            texts.push(0);
            // The body's characters: the title and the line breaks between blocks are not
            // counted ([`Article::words`]).
            let words = crate::text::solid_chars_of_utf8(&texts[start + a.title.len()..end]);
            let mut w = Writer::default();
            let shapes = a
                .blocks
                .iter()
                .map(|b| (&b.kind, u32::try_from(b.text.len()).unwrap_or(u32::MAX)));
            codec::shapes_of(&mut w, shapes);
            codec::links(&mut w, &a.links);
            // The fingerprint made once, for the print and, where the id is made of it, kept.
            let fingerprint = a.fingerprint();
            let print = crate::model::print_of(&fingerprint);
            let stored = Stored {
                file: 0,
                text: Span {
                    offset: start as u64,
                    len: u32::try_from(end - start).unwrap_or(u32::MAX),
                    sum: xxhash_rust::xxh3::xxh3_64(&texts[start..=end]),
                },
                shape: Span {
                    offset: 0,
                    len: 0,
                    sum: xxhash_rust::xxh3::xxh3_64(&w.0),
                },
                words: u32::try_from(words).unwrap_or(u32::MAX),
                images: u32::try_from(
                    a.blocks
                        .iter()
                        .filter(|b| matches!(b.kind, BlockKind::Image { .. }))
                        .count(),
                )
                .unwrap_or(u32::MAX),
                blocks: u32::try_from(a.blocks.len()).unwrap_or(u32::MAX),
                fingerprint: if a.id_needs_text() {
                    fingerprint
                } else {
                    String::new()
                },
                print,
            };
            Prepared { shape: w.0, stored }
        })
        .collect()
}

/// A file's articles whose texts [`TextSink::put`] placed, made the articles the store
/// being written lists ([`super::listed_form`]); their encoded block shapes, in order, for
/// [`StoreWriter::add_listed`].
pub fn into_listed(articles: &mut [Article], prepared: Vec<Prepared>, number: u32) -> Vec<Vec<u8>> {
    articles
        .iter_mut()
        .zip(prepared)
        .map(|(a, p)| {
            super::listed_form(
                a,
                Stored {
                    file: number,
                    ..p.stored
                },
            );
            p.shape
        })
        .collect()
}

/// The texts section of a store being written, shared by every thread that writes texts:
/// whichever thread parsed a file writes its texts ([`TextSink::put`], `pwrite` at a place
/// it reserves), so that copying texts into the store is spread over every core, from
/// memory the parse has just touched, and no text is held longer than its group of files'
/// parse.
/// Texts lie in the order their files were parsed, not listed: readers go by the records'
/// offsets.
pub struct TextSink {
    file: File,
    /// Bytes of the section placed so far.
    len: AtomicU64,
    /// The store's number as an open store ([`super::opened`]).
    pub number: u32,
    closed: std::sync::atomic::AtomicBool,
    /// Tests: files whose texts are written before the rest fail (a store in a folder whose name
    /// holds `wxr-test-fail-after-N`), as a full disk would make them.
    #[cfg(test)]
    fail_after: std::sync::atomic::AtomicI64,
}

impl TextSink {
    /// Writes the `texts` that [`prepare`] laid out for a few `files` into the store, at a
    /// place reserved for them, and moves the records' offsets there. Fails once the store
    /// would hold more than [`MAX_TOTAL`] (and from then on), or once it was given up
    /// ([`TextSink::close`]).
    pub fn put(&self, texts: &[u8], files: &mut [&mut Vec<Prepared>]) -> io::Result<()> {
        if self.closed.load(Ordering::Relaxed) {
            return Err(io::Error::other("the store was given up"));
        }
        #[cfg(test)]
        {
            let n = i64::try_from(files.len()).unwrap_or(i64::MAX);
            if self.fail_after.fetch_sub(n, Ordering::Relaxed) < n {
                return Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device",
                ));
            }
        }
        let at = self.reserve(texts.len() as u64)?;
        self.file.write_all_at(texts, HEADER + at)?;
        for p in files.iter_mut().flat_map(|f| f.iter_mut()) {
            p.stored.text.offset += at;
        }
        Ok(())
    }

    /// The store is given up: texts are no longer written.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
    }

    /// Reserves `n` bytes; where they begin.
    fn reserve(&self, n: u64) -> io::Result<u64> {
        let at = self.len.fetch_add(n, Ordering::Relaxed);
        if at.saturating_add(n) > MAX_TOTAL {
            return Err(too_big());
        }
        Ok(at)
    }
}

/// A store being written.
pub struct StoreWriter {
    target: PathBuf,
    real: PathBuf,
    main: tempfile::NamedTempFile,
    sink: Arc<TextSink>,
    /// Texts written one at a time ([`StoreWriter::add_old`]) wait here to be written
    /// together, from `pending_at` on.
    pending: Vec<u8>,
    pending_at: u64,
    shapes: BufWriter<File>,
    shapes_len: u64,
    /// The table's records of the files added so far, encoded as they come (not held as
    /// records: a first reading of 100,000 articles would hold them twice).
    table: Writer,
    files: usize,
    /// Its number as an open store ([`super::opened`]): what it has flushed can be read.
    pub number: u32,
}

/// A store written.
#[derive(Debug, Clone)]
pub struct Saved {
    pub path: PathBuf,
    pub bytes: u64,
}

fn too_big() -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("more than {} GiB of text: not stored", MAX_TOTAL >> 30),
    )
}

impl StoreWriter {
    /// A new store for the folder whose real path is `real`, to replace `target`.
    pub fn create(target: &Path, real: &Path) -> io::Result<StoreWriter> {
        let dir = target.parent().unwrap_or(Path::new("."));
        disk::private_dir(dir)?;
        let main = tempfile::Builder::new()
            .prefix(TMP_PREFIX)
            .tempfile_in(dir)?;
        main.as_file().write_all_at(&[0u8; HEADER as usize], 0)?;
        let shapes_file = tempfile::tempfile_in(dir)?;
        let number = super::register(Arc::new(super::live(
            main.as_file().try_clone()?,
            shapes_file.try_clone()?,
        )));
        let shapes = BufWriter::with_capacity(1 << 18, shapes_file);
        Ok(StoreWriter {
            number,
            target: target.to_path_buf(),
            real: real.to_path_buf(),
            sink: Arc::new(TextSink {
                file: main.as_file().try_clone()?,
                len: AtomicU64::new(0),
                number,
                closed: std::sync::atomic::AtomicBool::new(false),
                #[cfg(test)]
                fail_after: std::sync::atomic::AtomicI64::new(
                    target
                        .to_string_lossy()
                        .split("wxr-test-fail-after-")
                        .nth(1)
                        .and_then(|r| r.split('/').next()?.parse().ok())
                        .unwrap_or(i64::MAX),
                ),
            }),
            main,
            pending: Vec::new(),
            pending_at: 0,
            shapes,
            shapes_len: 0,
            table: Writer::default(),
            files: 0,
        })
    }

    /// Where texts go, for the threads that write them ([`TextSink`]).
    pub fn sink(&self) -> Arc<TextSink> {
        Arc::clone(&self.sink)
    }

    /// Writes a text and the NUL after it, with its checksum (made by [`prepare`] or kept by
    /// an older store): after what was placed before it.
    fn put_text(&mut self, b: &[u8], sum: u64) -> io::Result<Span> {
        let len = u32::try_from(b.len()).map_err(|_| too_big())?;
        let at = self.sink.reserve(u64::from(len) + 1)?;
        if self.pending_at + self.pending.len() as u64 != at {
            self.write_pending()?;
        }
        if self.pending.is_empty() {
            self.pending_at = at;
        }
        self.pending.extend_from_slice(b);
        self.pending.push(0);
        if self.pending.len() >= 1 << 20 {
            self.write_pending()?;
        }
        Ok(Span {
            offset: at,
            len,
            sum,
        })
    }

    fn write_pending(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.sink
                .file
                .write_all_at(&self.pending, HEADER + self.pending_at)?;
            self.pending.clear();
        }
        Ok(())
    }

    fn put_shape(&mut self, b: &[u8], sum: u64) -> io::Result<Span> {
        let r = Span {
            offset: self.shapes_len,
            len: u32::try_from(b.len()).map_err(|_| too_big())?,
            sum,
        };
        self.shapes.write_all(b)?;
        self.shapes_len += b.len() as u64;
        Ok(r)
    }

    /// Adds a file read afresh: its articles (with their blocks) and partial problems. The
    /// articles are made the ones the store lists ([`into_listed`]).
    pub fn add_parsed(
        &mut self,
        rel: &[u8],
        key: FileKey,
        articles: &mut [Article],
        problems: &[String],
    ) -> io::Result<()> {
        let mut texts = Vec::new();
        let mut prepared = prepare(articles, &mut texts);
        for p in &mut prepared {
            let t = p.stored.text;
            let at = usize::try_from(t.offset).unwrap_or(usize::MAX);
            let text = texts.get(at..at + t.len as usize).unwrap_or_default();
            p.stored.text = self.put_text(text, t.sum)?;
        }
        let shapes = into_listed(articles, prepared, self.number);
        self.add_listed(rel, key, articles, shapes, problems)
    }

    /// Adds a file read afresh whose articles are listed from this store ([`into_listed`]):
    /// what is left is their shapes (`shapes`, in order) and the table's records.
    pub fn add_listed(
        &mut self,
        rel: &[u8],
        key: FileKey,
        articles: &mut [Article],
        shapes: Vec<Vec<u8>>,
        problems: &[String],
    ) -> io::Result<()> {
        for (a, shape) in articles.iter_mut().zip(shapes) {
            let Some(s) = &mut a.stored else {
                return Err(io::Error::other("an article not made ready for the store"));
            };
            s.shape = self.put_shape(&shape, s.shape.sum)?;
        }
        let records = articles
            .iter()
            .filter_map(|a| Some(codec::Record::listed(a, a.stored.as_ref()?)));
        let records: Vec<codec::Record<'_>> = records.collect();
        codec::listed_file(&mut self.table, rel, key, records.into_iter(), problems);
        self.files += 1;
        Ok(())
    }

    /// Adds a file that gave no articles, and why.
    pub fn add_failed(&mut self, rel: Vec<u8>, key: FileKey, outcome: Outcome) {
        codec::file(&mut self.table, &StoredFile { rel, key, outcome });
        self.files += 1;
    }

    /// Keeps a file as an older store has it: its texts and shapes are copied (and checked).
    pub fn add_old(&mut self, old: &StoreFile, f: &StoredFile) -> io::Result<()> {
        let mut f = f.clone();
        if let Outcome::Articles { articles, .. } = &mut f.outcome {
            for a in articles {
                let text = old
                    .text(&a.text)
                    .map_err(|e| io::Error::other(e.to_string()))?;
                let shape = old
                    .shape(&a.shape)
                    .map_err(|e| io::Error::other(e.to_string()))?;
                a.text = self.put_text(text.as_bytes(), a.text.sum)?;
                a.shape = self.put_shape(&shape, a.shape.sum)?;
            }
        }
        codec::file(&mut self.table, &f);
        self.files += 1;
        Ok(())
    }

    /// Makes what was added so far readable through [`super::opened`]`(self.number)`.
    pub fn flush(&mut self) -> io::Result<()> {
        self.write_pending()?;
        self.shapes.flush()
    }

    /// Files added so far.
    pub fn len(&self) -> usize {
        self.files
    }

    pub fn is_empty(&self) -> bool {
        self.files == 0
    }

    /// Writes the rest and puts the store in place.
    pub fn finish(mut self) -> io::Result<Saved> {
        self.write_pending()?;
        let StoreWriter {
            target,
            real,
            main,
            sink,
            shapes,
            shapes_len,
            table,
            files,
            ..
        } = self;
        let texts_len = sink.len.load(Ordering::Relaxed);
        if texts_len > MAX_TOTAL {
            return Err(too_big());
        }
        let mut shapes = shapes
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        shapes.seek(io::SeekFrom::Start(0))?;
        let out = main.as_file();
        let mut at = HEADER + texts_len;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = io::Read::read(&mut shapes, &mut buf)?;
            if n == 0 {
                break;
            }
            out.write_all_at(&buf[..n], at)?;
            at += n as u64;
        }
        if at != HEADER + texts_len + shapes_len {
            return Err(io::Error::other("block shapes were cut short"));
        }
        let mut t = Writer(Vec::with_capacity(table.0.len() + 4096));
        t.bytes(disk::path_bytes(&real).unwrap_or_default());
        t.count(files);
        t.0.extend_from_slice(&table.0);
        drop(table);
        out.write_all_at(&t.0, at)?;
        let mut head = Writer(Vec::with_capacity(HEADER as usize));
        head.0.extend_from_slice(MAGIC);
        head.u64(disk::build_key(MAGIC));
        head.u64(texts_len);
        head.u64(shapes_len);
        head.u64(t.0.len() as u64);
        head.u64(xxhash_rust::xxh3::xxh3_64(&t.0));
        head.u64(0);
        let sum = xxhash_rust::xxh3::xxh3_64(&head.0);
        head.u64(sum);
        out.write_all_at(&head.0, 0)?;
        let bytes = HEADER + texts_len + shapes_len + t.0.len() as u64;
        main.persist(&target).map_err(|e| e.error)?;
        if let Some(dir) = target.parent() {
            evict(dir, &target);
        }
        Ok(Saved {
            path: target,
            bytes,
        })
    }
}

/// Marks a store used (its modification time is what eviction goes by).
pub fn touch(path: &Path) {
    if let Ok(f) = File::options().write(true).open(path) {
        let _ = f.set_modified(SystemTime::now());
    }
}

/// Drops the least recently used stores in `dir` beyond [`MAX_STORES`] and [`MAX_TOTAL`],
/// never `mine`; and temporary files of saves cut short a day or more ago.
fn evict(dir: &Path, mine: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<std::fs::DirEntry> = rd.filter_map(Result::ok).collect();
    let day_ago = SystemTime::now() - Duration::from_secs(24 * 3600);
    for e in &entries {
        let stale = e.file_name().to_string_lossy().starts_with(TMP_PREFIX)
            && e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < day_ago);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let mut all: Vec<(SystemTime, u64, PathBuf)> = entries
        .into_iter()
        .filter(|e| e.path().extension().is_some_and(|x| x == "wxrl"))
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((m.modified().ok()?, m.len(), e.path()))
        })
        .collect();
    all.sort_by_key(|(t, _, _)| std::cmp::Reverse(*t));
    let mut total = 0u64;
    for (n, (_, len, path)) in all.into_iter().enumerate() {
        total = total.saturating_add(len);
        if path != mine && (n >= MAX_STORES || total > MAX_TOTAL) {
            let _ = std::fs::remove_file(&path);
        }
    }
}
