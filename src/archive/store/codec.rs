//! The store's binary encoding: little-endian integers, length-prefixed byte strings, and the
//! records of files, articles and block shapes. Decoding never panics and never trusts a
//! length: every read is checked against what is left.

use super::{FileKey, Outcome, Shape, Span, StoredArticle, StoredFile};
use crate::model::{Article, ArticleId, Format, Status, Stored};

/// Reads fields off a byte slice; `None` when it runs out or a field is malformed.
pub struct Reader<'a> {
    pub b: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, at: 0 }
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u32()?).ok()?;
        self.take(n)
    }

    pub fn string(&mut self) -> Option<String> {
        std::str::from_utf8(self.bytes()?).ok().map(str::to_string)
    }

    // `None`: the bytes do not read; `Some(None)`: no value was stored.
    #[allow(clippy::option_option)]
    pub fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    /// A count of items that each take at least `min` bytes: never more than what is left
    /// could hold (a scribbled count does not make a huge allocation).
    pub fn count(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.u32()?).ok()?;
        let left = self.b.len().saturating_sub(self.at);
        (n.saturating_mul(min.max(1)) <= left).then_some(n)
    }

    pub fn done(&self) -> bool {
        self.at == self.b.len()
    }
}

/// Appends fields to a byte vector.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, n: u8) {
        self.0.push(n);
    }

    pub fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub fn i64(&mut self, n: i64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.u32(u32::try_from(b.len()).unwrap_or(u32::MAX));
        self.0
            .extend_from_slice(&b[..b.len().min(u32::MAX as usize)]);
    }

    pub fn string(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    pub fn opt(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.string(s);
            }
        }
    }

    pub fn count(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
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
        Format::Feed => 6,
        Format::Mhtml => 7,
        Format::Xlsx => 8,
        Format::Zip => 9,
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
        6 => Format::Feed,
        7 => Format::Mhtml,
        8 => Format::Xlsx,
        9 => Format::Zip,
        _ => return None,
    })
}

fn text_ref(w: &mut Writer, t: &Span) {
    w.u64(t.offset);
    w.u32(t.len);
    w.u64(t.sum);
}

fn read_text_ref(r: &mut Reader<'_>) -> Option<Span> {
    Some(Span {
        offset: r.u64()?,
        len: r.u32()?,
        sum: r.u64()?,
    })
}

/// One file's record in the table.
pub fn file(w: &mut Writer, f: &StoredFile) {
    match &f.outcome {
        Outcome::Articles { articles, problems } => {
            listed_file(
                w,
                &f.rel,
                f.key,
                articles.iter().map(Record::from),
                problems,
            );
        }
        Outcome::Unreadable(reason) => {
            file_key(w, &f.rel, f.key);
            w.u8(1);
            w.string(reason);
        }
        Outcome::Skipped(reason) => {
            file_key(w, &f.rel, f.key);
            w.u8(2);
            w.string(reason);
        }
    }
}

/// The record of a file that gave articles, from their records.
pub fn listed_file<'a>(
    w: &mut Writer,
    rel: &[u8],
    key: FileKey,
    articles: impl ExactSizeIterator<Item = Record<'a>>,
    problems: &[String],
) {
    file_key(w, rel, key);
    w.u8(0);
    w.count(articles.len());
    for a in articles {
        article(w, &a);
    }
    w.count(problems.len());
    for p in problems {
        w.string(p);
    }
}

fn file_key(w: &mut Writer, rel: &[u8], key: FileKey) {
    w.bytes(rel);
    w.u64(key.size);
    w.i64(key.mtime);
    w.i64(key.ctime);
    w.u64(key.ino);
}

/// An article's record as the table holds it: borrowed from one read back
/// ([`StoredArticle`]) or from an article listed from the store being written
/// ([`Record::listed`]), so that both are written by one encoder.
pub struct Record<'a> {
    id: ArticleId,
    format: Format,
    status: &'a Status,
    title: &'a str,
    account: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<&'a str>,
    url: Option<&'a str>,
    encoding: Option<&'a str>,
    tags: &'a [String],
    text: Span,
    shape: Span,
    words: u32,
    images: u32,
    blocks: u32,
    fingerprint: &'a str,
    print: u64,
}

/// A [`Record`] of an article's metadata (`$a`) and its place and counts in the store (`$s`):
/// both a [`StoredArticle`] for one read back, an [`Article`] and its [`Stored`] for one
/// listed.
macro_rules! record {
    ($a:expr, $s:expr) => {
        Record {
            id: $a.id,
            format: $a.format,
            status: &$a.status,
            title: &$a.title,
            account: $a.account.as_deref(),
            author: $a.author.as_deref(),
            date: $a.date.as_deref(),
            url: $a.url.as_deref(),
            encoding: $a.encoding.as_deref(),
            tags: &$a.tags,
            text: $s.text,
            shape: $s.shape,
            words: $s.words,
            images: $s.images,
            blocks: $s.blocks,
            fingerprint: &$s.fingerprint,
            print: $s.print,
        }
    };
}

impl<'a> From<&'a StoredArticle> for Record<'a> {
    fn from(a: &'a StoredArticle) -> Record<'a> {
        record!(a, a)
    }
}

impl<'a> Record<'a> {
    /// The record of an article listed from a store (its `stored` part set).
    pub fn listed(a: &'a Article, s: &'a Stored) -> Record<'a> {
        record!(a, s)
    }
}

pub fn read_file(r: &mut Reader<'_>) -> Option<StoredFile> {
    let rel = r.bytes()?.to_vec();
    let key = FileKey {
        size: r.u64()?,
        mtime: r.i64()?,
        ctime: r.i64()?,
        ino: r.u64()?,
    };
    let outcome = match r.u8()? {
        0 => {
            let n = r.count(40)?;
            let mut articles = Vec::with_capacity(n);
            for _ in 0..n {
                articles.push(read_article(r)?);
            }
            let n = r.count(4)?;
            let mut problems = Vec::with_capacity(n);
            for _ in 0..n {
                problems.push(r.string()?);
            }
            Outcome::Articles { articles, problems }
        }
        1 => Outcome::Unreadable(r.string()?),
        2 => Outcome::Skipped(r.string()?),
        _ => return None,
    };
    Some(StoredFile { rel, key, outcome })
}

fn article(w: &mut Writer, a: &Record<'_>) {
    w.u64(a.id.0);
    w.u8(format_code(a.format));
    match a.status {
        Status::Ok => w.u8(0),
        Status::NotDownloaded => w.u8(1),
        Status::Unavailable { reason } => {
            w.u8(2);
            w.string(reason);
        }
    }
    w.string(a.title);
    w.opt(a.account);
    w.opt(a.author);
    w.opt(a.date);
    w.opt(a.url);
    w.opt(a.encoding);
    w.count(a.tags.len());
    for t in a.tags {
        w.string(t);
    }
    text_ref(w, &a.text);
    text_ref(w, &a.shape);
    w.u32(a.words);
    w.u32(a.images);
    w.u32(a.blocks);
    w.string(a.fingerprint);
    w.u64(a.print);
}

fn read_article(r: &mut Reader<'_>) -> Option<StoredArticle> {
    let id = ArticleId(r.u64()?);
    let format = format_of_code(r.u8()?)?;
    let status = match r.u8()? {
        0 => Status::Ok,
        1 => Status::NotDownloaded,
        2 => Status::Unavailable {
            reason: r.string()?,
        },
        _ => return None,
    };
    let title = r.string()?;
    let account = r.opt()?;
    let author = r.opt()?;
    let date = r.opt()?;
    let url = r.opt()?;
    let encoding = r.opt()?;
    let n = r.count(4)?;
    let mut tags = Vec::with_capacity(n);
    for _ in 0..n {
        tags.push(r.string()?);
    }
    Some(StoredArticle {
        id,
        format,
        status,
        title,
        account,
        author,
        date,
        url,
        encoding,
        tags,
        text: read_text_ref(r)?,
        shape: read_text_ref(r)?,
        words: r.u32()?,
        images: r.u32()?,
        blocks: r.u32()?,
        fingerprint: r.string()?,
        print: r.u64()?,
    })
}

/// An article's block shapes: per block its kind, what the kind carries, and its text's
/// length in bytes (the texts themselves are in the text section, after the title), from
/// the blocks' kinds and lengths.
pub fn shapes_of<'a>(
    w: &mut Writer,
    shapes: impl ExactSizeIterator<Item = (&'a crate::model::BlockKind, u32)>,
) {
    use crate::model::BlockKind;
    w.count(shapes.len());
    for (kind, len) in shapes {
        match kind {
            BlockKind::Paragraph => w.u8(0),
            BlockKind::Heading { level } => {
                w.u8(1);
                w.u8(*level);
            }
            BlockKind::Image { url, local } => {
                w.u8(2);
                w.string(url);
                w.opt(local.as_deref());
            }
            BlockKind::Quote => w.u8(3),
            BlockKind::ListItem { ordinal, depth } => {
                w.u8(4);
                match ordinal {
                    None => w.u8(0),
                    Some(n) => {
                        w.u8(1);
                        w.u64(*n);
                    }
                }
                w.u8(*depth);
            }
            BlockKind::Code => w.u8(5),
        }
        w.u32(len);
    }
}

/// An article's links, after its shapes: block, text, address.
pub fn links(w: &mut Writer, links: &[crate::model::Link]) {
    w.count(links.len());
    for l in links {
        w.u32(u32::try_from(l.block).unwrap_or(u32::MAX));
        w.string(&l.text);
        w.string(&l.url);
    }
}

pub fn read_links(r: &mut Reader<'_>) -> Option<Vec<crate::model::Link>> {
    let n = r.count(9)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(crate::model::Link {
            block: r.u32()? as usize,
            text: r.string()?,
            url: r.string()?,
        });
    }
    Some(out)
}

pub fn read_shapes(r: &mut Reader<'_>) -> Option<Vec<Shape>> {
    use crate::model::BlockKind;
    let n = r.count(5)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let kind = match r.u8()? {
            0 => BlockKind::Paragraph,
            1 => BlockKind::Heading { level: r.u8()? },
            2 => BlockKind::Image {
                url: r.string()?,
                local: r.opt()?,
            },
            3 => BlockKind::Quote,
            4 => BlockKind::ListItem {
                ordinal: match r.u8()? {
                    0 => None,
                    1 => Some(r.u64()?),
                    _ => return None,
                },
                depth: r.u8()?,
            },
            5 => BlockKind::Code,
            _ => return None,
        };
        out.push(Shape {
            kind,
            len: r.u32()?,
        });
    }
    Some(out)
}
