//! The loaded archive with duplicates merged: the same article in several files or formats
//! (same URL identity, or same title + account + day, or same title + start of text) is held
//! once, with the richest body; the other files are listed in its `other_sources`.
//!
//! Articles live in slots whose index never changes (the reader keeps indices). A file that
//! changes or goes takes its articles out ([`Library::remove_file`]): a slot whose only copy
//! came from it is emptied ([`Library::live`] says so), one with other copies is merged
//! again from them.

use crate::model::{Article, Status};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::path::Path;
use std::sync::Arc;

/// Maps from 64-bit keys (hashes of a file's path, of title + account + day, of title +
/// fingerprint, and ids) to slots. The hashes are seeded per process (foldhash), so crafted
/// titles cannot make the maps slow; a match is confirmed on the article itself, so a
/// collision never merges two different articles.
type Slots = HashMap<u64, usize, foldhash::fast::RandomState>;

#[derive(Debug, Default)]
pub struct Library {
    /// Merged articles by slot; an emptied slot keeps its last article (see `live`).
    /// Shared: the reader hands them to its search worker without copying.
    pub articles: Vec<Arc<Article>>,
    live: Vec<bool>,
    /// The copies of a slot that merged more than one file, as each file gave it, in the
    /// order they came.
    copies: HashMap<usize, Vec<Article>>,
    /// The slots each file's articles went to, by a hash of its path.
    by_file: HashMap<u64, Vec<usize>, foldhash::fast::RandomState>,
    by_id: Slots,
    by_meta: Slots,
    by_text: Slots,
    by_stem: Slots,
    /// Every article by its title, and the bare ones ([`bare`]) by theirs.
    by_title: Slots,
    by_bare: Slots,
    keys: foldhash::quality::RandomState,
    /// How many files' articles merged into an article already held.
    pub merged: usize,
}

/// What [`Library::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New(usize),
    /// Merged into the article at this index, which may have changed (body, fields, id).
    Merged(usize),
}

/// Title + account (or author) + day.
fn meta_key(a: &Article) -> Option<(&str, &str, &str)> {
    let who = a.who()?.trim();
    let day = a.date.as_deref()?.get(..10)?;
    Some((a.title.trim(), who, day))
}

/// The folder and file name without its extension, for the formats an exporter writes one
/// article a file in: the same article saved as `x.md` and `x.html` (wechatDownload), or as
/// `20250702_title.md` beside its metadata `20250702_title.json` (we-mp-rss's export).
fn stem_key(a: &Article) -> Option<(&[u8], &[u8])> {
    use crate::model::Format;
    if !matches!(
        a.format,
        Format::Markdown | Format::Html | Format::Mhtml | Format::Txt | Format::Json
    ) {
        return None;
    }
    // On the path's bytes (a file's path as the walk made it): its folder, and its name up
    // to the last dot (a name that starts with its only dot is a stem whole), as
    // `Path::parent` and `Path::file_stem` give without parsing the path twice an article.
    let b = a.source.as_os_str().as_encoded_bytes();
    let (dir, name) = match memchr::memrchr(b'/', b) {
        Some(at) => (&b[..at], &b[at + 1..]),
        None => (&b[..0], b),
    };
    let stem = match memchr::memrchr(b'.', name) {
        Some(at) if at > 0 => &name[..at],
        _ => name,
    };
    (!stem.is_empty() && name != b"..").then_some((dir, stem))
}

/// Whether two articles of one stem are one article: the titles agree (one begins the other),
/// or one is only metadata (a listing, not downloaded) for a body without any.
fn same_by_stem(a: &Article, b: &Article) -> bool {
    if a.source == b.source || a.format == b.format {
        return false;
    }
    let (x, y) = (a.title.trim(), b.title.trim());
    let titles = !x.is_empty() && !y.is_empty() && (x.starts_with(y) || y.starts_with(x));
    let listing_for_body = |l: &Article, body: &Article| {
        l.status == Status::NotDownloaded && body.status == Status::Ok && body.url.is_none()
    };
    titles || listing_for_body(a, b) || listing_for_body(b, a)
}

/// A copy that holds nothing but its title (no account, author, date, address or text: an
/// image share the exporter saved without its pictures and data): one with the same title is
/// the same article.
fn bare(a: &Article) -> bool {
    a.who().is_none()
        && a.date.is_none()
        && a.url.is_none()
        && a.block_count() == 0
        && matches!(a.status, Status::Unavailable { .. })
}

/// Title + the start of the body text (whitespace removed, as [`Article::print`]): the same
/// article exported as TXT and Markdown has no account or date in the TXT, but the same
/// words.
fn text_key(a: &Article) -> Option<(&str, u64)> {
    let print = a.print();
    (print != 0).then(|| (a.title.trim(), print))
}

/// How much of an article a copy holds: downloaded text beats a listing; then the words
/// (whitespace and indents not counted), images and known fields; the first file wins a tie.
fn richness(a: &Article) -> (bool, usize) {
    let fields = [&a.account, &a.author, &a.date, &a.url]
        .iter()
        .filter(|f| f.is_some())
        .count();
    (
        a.status == Status::Ok,
        a.words() + 20 * a.images() + 5 * fields,
    )
}

/// How clean a format's copy of an article is: a parsed page over the exporter's own data over
/// text converted from the page (Markdown by html2text or Turndown keeps the page's buttons,
/// comments and CSS), plain text last.
fn cleanliness(f: crate::model::Format) -> u8 {
    use crate::model::Format;
    match f {
        Format::Html | Format::Mhtml => 3,
        Format::Json | Format::Jsonl | Format::Feed | Format::Xlsx => 2,
        Format::Markdown => 1,
        Format::Txt | Format::Csv | Format::Zip => 0,
    }
}

/// Whether copy `new` should give the body rather than `old`: downloaded text beats a
/// listing; between two copies of about the same length (within 2×) the cleaner format wins
/// (the longer one is usually longer by its page chrome); else the richer one.
fn better(new: &Article, old: &Article) -> bool {
    let (n, o) = (richness(new), richness(old));
    if n.0 != o.0 {
        return n.0;
    }
    let (wn, wo) = (new.words(), old.words());
    let comparable = wn * 2 >= wo && wo * 2 >= wn;
    let (cn, co) = (cleanliness(new.format), cleanliness(old.format));
    if comparable && cn != co {
        return cn > co;
    }
    n > o
}

/// The article that copies `all` (in the order they came) merge into.
fn merge_all(all: &[Article]) -> Article {
    let mut it = all.iter();
    let mut keep = it.next().cloned().unwrap_or_default();
    for a in it {
        keep = merge(keep, a.clone());
    }
    keep
}

/// Two copies of one article merged: the better one's body ([`better`]), the fields it lacks
/// from the other, both files named.
fn merge(old: Article, new: Article) -> Article {
    let (mut keep, mut other) = if better(&new, &old) {
        (new, old)
    } else {
        (old, new)
    };
    // A title that is only the start of the other's (cut by a file name), or a body's guess
    // beside a listing's metadata, gives way to the other's.
    let theirs = other.title.trim();
    let cut_short = theirs.len() > keep.title.trim().len() && theirs.starts_with(keep.title.trim());
    let guessed = other.status == Status::NotDownloaded && keep.url.is_none() && !theirs.is_empty();
    if cut_short || guessed {
        keep.title.clone_from(&other.title);
    }
    // A date with its time comes from the article's data; a day alone may be a file name's
    // (we-mp-rss names its export by the UTC day, a day before the morning's China date).
    if let (Some(mine), Some(theirs)) = (&keep.date, &other.date)
        && mine.len() == 10
        && theirs.len() > 10
        && theirs.get(..10).is_some_and(|d| d != mine.as_str())
    {
        keep.date = other.date.take();
    }
    for (mine, theirs) in [
        (&mut keep.account, other.account.take()),
        (&mut keep.author, other.author.take()),
        (&mut keep.date, other.date.take()),
        (&mut keep.url, other.url.take()),
        (&mut keep.encoding, other.encoding.take()),
    ] {
        if mine.is_none() {
            *mine = theirs;
        }
    }
    keep.other_sources.push(other.source);
    keep.other_sources.append(&mut other.other_sources);
    keep.other_sources.sort();
    keep.other_sources.dedup();
    keep.assign_id();
    keep
}

impl Library {
    /// Whether slot `i` holds an article (its files have not all gone).
    pub fn live(&self, i: usize) -> bool {
        self.live.get(i).copied().unwrap_or(false)
    }

    /// The articles held, with their slots.
    pub fn iter_live(&self) -> impl Iterator<Item = (usize, &Article)> {
        self.articles
            .iter()
            .enumerate()
            .filter(|(i, _)| self.live(*i))
            .map(|(i, a)| (i, &**a))
    }

    fn hash(&self, k: impl Hash) -> u64 {
        self.keys.hash_one(k)
    }

    /// A file's key in `by_file`: its path's bytes (hashing a `Path` walks its components).
    fn path_hash(&self, p: &Path) -> u64 {
        self.hash(p.as_os_str().as_encoded_bytes())
    }

    /// The live slot holding a copy of `a`: same id, else same title + account + day, else
    /// same title + start of text.
    fn find(&self, a: &Article) -> Option<usize> {
        let live = |i: &&usize| self.live(**i);
        if let Some(&i) = self.by_id.get(&a.id.0).filter(live)
            && self.articles[i].id == a.id
        {
            return Some(i);
        }
        if let Some(k) = meta_key(a)
            && let Some(&i) = self.by_meta.get(&self.hash(k)).filter(live)
            && meta_key(&self.articles[i]) == Some(k)
        {
            return Some(i);
        }
        if let Some(k) = text_key(a)
            && let Some(&i) = self.by_text.get(&self.hash(k)).filter(live)
            && text_key(&self.articles[i]) == Some(k)
        {
            return Some(i);
        }
        if let Some(k) = stem_key(a)
            && let Some(&i) = self.by_stem.get(&self.hash(k)).filter(live)
            && same_by_stem(&self.articles[i], a)
        {
            return Some(i);
        }
        let title = a.title.trim();
        if !title.is_empty() {
            let by = if bare(a) {
                &self.by_title
            } else {
                &self.by_bare
            };
            if let Some(&i) = by.get(&self.hash(title)).filter(live)
                && self.articles[i].title.trim() == title
                && self.articles[i].source != a.source
            {
                return Some(i);
            }
        }
        None
    }

    pub fn add(&mut self, a: Article) -> Added {
        let file = self.path_hash(&a.source);
        let Some(i) = self.find(&a) else {
            let i = self.articles.len();
            self.index(&a, i);
            self.articles.push(Arc::new(a));
            self.live.push(true);
            self.by_file.entry(file).or_default().push(i);
            return Added::New(i);
        };
        self.merged += 1;
        let first = &self.articles[i];
        let copies = self
            .copies
            .entry(i)
            .or_insert_with(|| vec![(**first).clone()]);
        copies.push(a.clone());
        let old = Arc::unwrap_or_clone(std::mem::take(&mut self.articles[i]));
        self.unindex(&old, i);
        let keep = merge(old, a);
        self.index(&keep, i);
        self.articles[i] = Arc::new(keep);
        self.by_file.entry(file).or_default().push(i);
        Added::Merged(i)
    }

    /// Takes out what the file `path` gave. Returns the slots that changed: emptied (no
    /// longer [`Library::live`]) or merged again from their other copies.
    pub fn remove_file(&mut self, path: &Path) -> Vec<usize> {
        let key = self.path_hash(path);
        let Some(mut slots) = self.by_file.remove(&key) else {
            return Vec::new();
        };
        // Another path with the same hash: its slots stay.
        let (mine, others): (Vec<usize>, Vec<usize>) =
            slots.into_iter().partition(|&i| self.came_from(i, path));
        if !others.is_empty() {
            self.by_file.insert(key, others);
        }
        slots = mine;
        slots.sort_unstable();
        slots.dedup();
        for &i in &slots {
            let old = std::mem::take(&mut self.articles[i]);
            self.unindex(&old.clone(), i);
            let Some(mut copies) = self.copies.remove(&i) else {
                // Its one copy came from this file.
                self.articles[i] = old;
                self.live[i] = false;
                continue;
            };
            let before = copies.len();
            copies.retain(|c| c.source != path);
            self.merged -= (before - 1) - copies.len().saturating_sub(1);
            if copies.is_empty() {
                self.articles[i] = old;
                self.live[i] = false;
                continue;
            }
            let view = merge_all(&copies);
            self.index(&view, i);
            self.articles[i] = Arc::new(view);
            if copies.len() > 1 {
                self.copies.insert(i, copies);
            }
        }
        slots
    }

    /// The files held articles came from that are among `paths` or under one of them (a
    /// folder that went): one pass over the articles for all the paths that are not files
    /// held (looked up by their hash), none when all are.
    pub fn files_under(&self, paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        let mut rest: std::collections::HashSet<&Path> = std::collections::HashSet::new();
        for p in paths {
            if self.holds_file(p) {
                out.push(p.clone());
            } else {
                rest.insert(p);
            }
        }
        if !rest.is_empty() {
            for (i, _) in self.iter_live() {
                for src in self.sources(i) {
                    if src.ancestors().any(|up| rest.contains(up)) {
                        out.push(src.clone());
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether articles held came from the file `path`.
    fn holds_file(&self, path: &Path) -> bool {
        self.by_file
            .get(&self.path_hash(path))
            .is_some_and(|slots| slots.iter().any(|&i| self.came_from(i, path)))
    }

    /// The files the article at slot `i` came from: its own, those merged into it, and its
    /// copies'.
    fn sources(&self, i: usize) -> impl Iterator<Item = &std::path::PathBuf> {
        let a = &self.articles[i];
        let copies = self.copies.get(&i).into_iter().flatten().map(|c| &c.source);
        std::iter::once(&a.source)
            .chain(&a.other_sources)
            .chain(copies)
    }

    /// Whether the article at slot `i` came (also) from the file `path`.
    fn came_from(&self, i: usize, path: &Path) -> bool {
        self.sources(i).any(|p| p == path)
    }

    fn index(&mut self, a: &Article, i: usize) {
        self.by_id.insert(a.id.0, i);
        if let Some(k) = meta_key(a) {
            let h = self.hash(k);
            self.by_meta.insert(h, i);
        }
        if let Some(k) = text_key(a) {
            let h = self.hash(k);
            self.by_text.insert(h, i);
        }
        if let Some(k) = stem_key(a) {
            let h = self.hash(k);
            self.by_stem.insert(h, i);
        }
        let t = self.hash(a.title.trim());
        self.by_title.insert(t, i);
        if bare(a) {
            self.by_bare.insert(t, i);
        }
    }

    /// Drops the keys of `a` that lead to slot `i`.
    fn unindex(&mut self, a: &Article, i: usize) {
        if self.by_id.get(&a.id.0) == Some(&i) {
            self.by_id.remove(&a.id.0);
        }
        if let Some(k) = meta_key(a).map(|k| self.hash(k))
            && self.by_meta.get(&k) == Some(&i)
        {
            self.by_meta.remove(&k);
        }
        if let Some(k) = text_key(a).map(|k| self.hash(k))
            && self.by_text.get(&k) == Some(&i)
        {
            self.by_text.remove(&k);
        }
        if let Some(k) = stem_key(a).map(|k| self.hash(k))
            && self.by_stem.get(&k) == Some(&i)
        {
            self.by_stem.remove(&k);
        }
        let t = self.hash(a.title.trim());
        for by in [&mut self.by_title, &mut self.by_bare] {
            if by.get(&t) == Some(&i) {
                by.remove(&t);
            }
        }
    }

    /// The articles held, slots dropped: for a load that is done.
    pub fn into_live(self) -> Vec<Article> {
        let live = self.live;
        self.articles
            .into_iter()
            .zip(live)
            .filter_map(|(a, l)| l.then(|| Arc::unwrap_or_clone(a)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{blank_article, finish};
    use crate::model::{Block, Format};
    use std::path::Path;

    fn art(path: &str, url: Option<&str>, paras: usize) -> Article {
        let mut a = blank_article(Path::new(path), Format::Markdown);
        a.title = "同一篇".into();
        a.account = Some("号".into());
        a.date = Some("2025-01-02 10:00".into());
        a.url = url.map(str::to_string);
        a.blocks = (0..paras)
            .map(|i| Block::paragraph(format!("第{i}段文字内容比较长")))
            .collect();
        finish(a).unwrap()
    }

    #[test]
    fn same_url_merges_keeping_the_richest_body() {
        let mut lib = Library::default();
        assert_eq!(
            lib.add(art("a.md", Some("https://mp.weixin.qq.com/s/X"), 1)),
            Added::New(0)
        );
        assert_eq!(
            lib.add(art("b.html", Some("https://mp.weixin.qq.com/s/X"), 3)),
            Added::Merged(0)
        );
        assert_eq!(lib.articles.len(), 1);
        assert_eq!(lib.articles[0].source, Path::new("b.html"));
        assert_eq!(lib.articles[0].other_sources, vec![Path::new("a.md")]);
        assert_eq!(lib.articles[0].blocks.len(), 3);
    }

    /// An image share saved without its data (title only) beside its JSON copy; a copy with
    /// metadata of its own is never joined by title alone.
    #[test]
    fn a_copy_with_only_a_title_joins_the_article_of_that_title() {
        let mut lib = Library::default();
        let mut b = blank_article(Path::new("x/index.html"), Format::Html);
        b.title = "同一篇".into();
        b.status = crate::model::Status::Unavailable {
            reason: "空".into(),
        };
        let bare_copy = finish(b).unwrap();
        assert_eq!(lib.add(bare_copy.clone()), Added::New(0));
        assert_eq!(lib.add(art("a.json", None, 2)), Added::Merged(0));
        assert_eq!(lib.articles[0].account.as_deref(), Some("号"));
        let mut lib = Library::default();
        lib.add(art("a.json", None, 2));
        assert_eq!(lib.add(bare_copy), Added::Merged(0));
        // A short poem with no metadata is not a bare copy of a longer article of its title.
        let mut poem = blank_article(Path::new("诗/同一篇.md"), Format::Markdown);
        poem.title = "同一篇".into();
        poem.blocks = vec![Block::paragraph("床前明月光")];
        assert_eq!(lib.add(finish(poem).unwrap()), Added::New(1));
        let mut other = art("b.md", None, 2);
        other.account = Some("另一个号".into());
        other.blocks = vec![Block::paragraph("完全不同的另一篇文章的正文内容")];
        let other = finish(other).unwrap();
        assert_eq!(lib.add(other), Added::New(2));
    }

    #[test]
    fn the_cleaner_copy_wins_over_a_slightly_longer_converted_one() {
        let url = Some("https://mp.weixin.qq.com/s/Y");
        let mut lib = Library::default();
        // The Markdown copy is longer by its page chrome; the page is the cleaner copy.
        lib.add(art("a.md", url, 5));
        let mut page = art("a.html", url, 4);
        page.format = Format::Html;
        lib.add(page);
        assert_eq!(lib.articles[0].source, Path::new("a.html"));
        // Far shorter (a page saved without its text) loses even so.
        let mut lib = Library::default();
        lib.add(art("b.md", url, 9));
        let mut stub = art("b.html", url, 2);
        stub.format = Format::Html;
        lib.add(stub);
        assert_eq!(lib.articles[0].source, Path::new("b.md"));
    }

    /// we-mp-rss's export: `20250702_降准之后.md` (no title line) beside its metadata
    /// `20250702_降准之后.json`; wechatDownload's `x.md` beside `x.html`.
    #[test]
    fn files_of_one_stem_are_one_article() {
        let mut lib = Library::default();
        let mut body = blank_article(Path::new("/e/20250702_降准之后.md"), Format::Markdown);
        body.blocks = vec![Block::paragraph(
            "央行宣布降准0.5个百分点，释放长期流动性约1万亿元。",
        )];
        let body = finish(body).unwrap();
        let mut meta = blank_article(Path::new("/e/20250702_降准之后.json"), Format::Json);
        meta.title = "降准之后，钱去了哪里".into();
        meta.url = Some("https://mp.weixin.qq.com/s/Rss01".into());
        meta.date = Some("2025-07-02 08:00".into());
        meta.status = Status::NotDownloaded;
        meta.blocks = vec![Block::paragraph("央行宣布降准0.5个百分点。")];
        let meta = finish(meta).unwrap();
        lib.add(body);
        assert_eq!(lib.add(meta), Added::Merged(0));
        let a = &lib.articles[0];
        assert_eq!(a.title, "降准之后，钱去了哪里");
        assert_eq!(a.url.as_deref(), Some("https://mp.weixin.qq.com/s/Rss01"));
        assert_eq!(a.status, Status::Ok);
        assert!(a.blocks[0].text.contains("释放长期流动性"));
        // Different articles that share a stem in different folders stay apart.
        let mut other = blank_article(Path::new("/f/20250702_降准之后.json"), Format::Json);
        other.title = "另一篇".into();
        other.status = Status::NotDownloaded;
        other.blocks = vec![Block::paragraph("无关")];
        assert_eq!(lib.add(finish(other).unwrap()), Added::New(1));
    }

    #[test]
    fn same_title_account_day_merges_and_takes_the_url_id() {
        let mut lib = Library::default();
        lib.add(art("a.txt", None, 2));
        let r = lib.add(art("a.md", Some("https://mp.weixin.qq.com/s/Y"), 1));
        assert_eq!(r, Added::Merged(0));
        let a = &lib.articles[0];
        assert_eq!(a.source, Path::new("a.txt"), "the longer body stays");
        assert_eq!(a.url.as_deref(), Some("https://mp.weixin.qq.com/s/Y"));
        assert_eq!(
            a.id,
            crate::model::ArticleId::derive(a.url.as_deref(), "", None, None, "")
        );
    }

    #[test]
    fn a_listing_never_wins_over_text() {
        let mut lib = Library::default();
        lib.add(art("a.md", Some("https://mp.weixin.qq.com/s/Z"), 1));
        let mut listing = art("list.csv", Some("https://mp.weixin.qq.com/s/Z"), 5);
        listing.status = Status::NotDownloaded;
        lib.add(listing);
        assert_eq!(lib.articles[0].status, Status::Ok);
    }

    /// A file that goes takes its copy out: the slot is merged again from the others, or
    /// emptied when it was the only one; the same file read again merges as before.
    #[test]
    fn removing_a_file_merges_again_from_the_rest() {
        let mut lib = Library::default();
        let one = art("a.md", Some("https://mp.weixin.qq.com/s/X"), 1);
        let three = art("b.html", Some("https://mp.weixin.qq.com/s/X"), 3);
        lib.add(one.clone());
        lib.add(three.clone());
        let mut other = art("c.md", Some("https://mp.weixin.qq.com/s/other"), 1);
        other.title = "另一篇".into();
        lib.add(other);
        assert_eq!(lib.merged, 1);
        assert_eq!(lib.remove_file(Path::new("b.html")), vec![0]);
        assert!(lib.live(0));
        assert_eq!(*lib.articles[0], one, "back to the one copy left");
        assert_eq!(lib.merged, 0);
        assert_eq!(lib.remove_file(Path::new("a.md")), vec![0]);
        assert!(!lib.live(0));
        assert_eq!(lib.iter_live().count(), 1);
        // Read again: a new slot, found by its keys as before.
        assert_eq!(lib.add(one), Added::New(2));
        assert_eq!(lib.add(three), Added::Merged(2));
        assert_eq!(lib.articles[2].blocks.len(), 3);
        assert!(lib.remove_file(Path::new("none.md")).is_empty());
    }
}
