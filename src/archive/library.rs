//! The loaded archive with duplicates merged: the same article in several files or formats
//! (same URL identity, or same title + account + day) is held once, with the richest body;
//! the other files are listed in its `other_sources`.

use crate::model::{Article, ArticleId, Status};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Library {
    pub articles: Vec<Article>,
    by_id: HashMap<ArticleId, usize>,
    by_meta: HashMap<(String, String, String), usize>,
    by_text: HashMap<(String, String), usize>,
    /// How many files were merged into an article already held.
    pub merged: usize,
}

/// What [`Library::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New(usize),
    /// Merged into the article at this index, which may have changed (body, fields, id).
    Merged(usize),
}

fn meta_key(a: &Article) -> Option<(String, String, String)> {
    let who = a.who()?.trim().to_string();
    let day = a.date.as_deref()?.get(..10)?.to_string();
    Some((a.title.trim().to_string(), who, day))
}

/// Title + the start of the body text (whitespace removed): the same article exported as TXT
/// and Markdown has no account or date in the TXT, but the same words.
fn text_key(a: &Article) -> Option<(String, String)> {
    let body = a.fingerprint();
    (body.chars().count() >= 20).then(|| (a.title.trim().to_string(), body))
}

/// How much of an article a copy holds: downloaded text beats a listing; then the words
/// (whitespace and indents not counted), images and known fields; the first file wins a tie.
fn richness(a: &Article) -> (bool, usize) {
    let text = a.words();
    let images = a.images();
    let fields = [&a.account, &a.author, &a.date, &a.url]
        .iter()
        .filter(|f| f.is_some())
        .count();
    (a.status == Status::Ok, text + 20 * images + 5 * fields)
}

impl Library {
    pub fn add(&mut self, a: Article) -> Added {
        let found = self
            .by_id
            .get(&a.id)
            .or_else(|| meta_key(&a).and_then(|k| self.by_meta.get(&k)))
            .or_else(|| text_key(&a).and_then(|k| self.by_text.get(&k)))
            .copied();
        let Some(i) = found else {
            let i = self.articles.len();
            self.index(&a, i);
            self.articles.push(a);
            return Added::New(i);
        };
        self.merged += 1;
        let old = &mut self.articles[i];
        let (mut keep, mut other) = if richness(&a) > richness(old) {
            let prev = std::mem::replace(old, a);
            (std::mem::take(old), prev)
        } else {
            (std::mem::take(old), a)
        };
        // Fields the richer copy lacks come from the other.
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
        self.index(&keep, i);
        self.articles[i] = keep;
        Added::Merged(i)
    }

    fn index(&mut self, a: &Article, i: usize) {
        self.by_id.insert(a.id, i);
        if let Some(k) = meta_key(a) {
            self.by_meta.insert(k, i);
        }
        if let Some(k) = text_key(a) {
            self.by_text.insert(k, i);
        }
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
}
