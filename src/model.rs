//! The article model: what every parser produces and every view reads.
//!
//! Owns [`Article`], [`Block`] and the stable [`ArticleId`]. Imports nothing from the UI.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// A stable identity for an article, independent of where its file lives.
///
/// Derived from the article's source URL when known (so a re-export or a move keeps the id),
/// else from title + account/author + date. The hash is FNV-1a 64, written out here so that
/// it can never change with a Rust or crate upgrade: read marks are keyed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u64);

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for ArticleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Text that is not an article id (shown quoted, cut at 40 characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an article id (16 hex digits, as `wxr list` prints): {0}")]
pub struct IdError(String);

impl std::str::FromStr for ArticleId {
    type Err = IdError;
    /// 16 hex digits, as `wxr list` prints them.
    fn from_str(s: &str) -> Result<Self, IdError> {
        let bad = || {
            // A long value is cut: it may be anything (a 200 MB line of a bad import).
            let head: String = s.chars().take(40).collect();
            let more = if head.len() < s.len() { "…" } else { "" };
            IdError(format!("{head:?}{more}"))
        };
        if s.len() != 16 {
            return Err(bad());
        }
        // By hand: the store parses 100,000 of these at start-up.
        let mut n = 0u64;
        for b in s.bytes() {
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(bad()),
            };
            n = n << 4 | u64::from(d);
        }
        Ok(ArticleId(n))
    }
}

impl<'de> serde::Deserialize<'de> for ArticleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

fn fnv1a64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            // A separator byte that cannot occur in sanitized text keeps ("ab","c") != ("a","bc").
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl ArticleId {
    /// The id of an article, from its URL when it has one.
    ///
    /// With neither account/author nor date (plain TXT exports, deleted pages), title alone
    /// would make two different articles one; then the start of the body text (`text`, see
    /// [`Article::fingerprint`]) joins the title.
    pub fn derive(
        url: Option<&str>,
        title: &str,
        who: Option<&str>,
        date: Option<&str>,
        text: &str,
    ) -> Self {
        if let Some(key) = url.and_then(url_key) {
            return ArticleId(fnv1a64(&["url", &key]));
        }
        if who.is_none() && date.is_none() {
            return ArticleId(fnv1a64(&["text", title.trim(), text]));
        }
        let day = date.map(|d| d.get(..10).unwrap_or(d));
        ArticleId(fnv1a64(&[
            "meta",
            title.trim(),
            who.unwrap_or("").trim(),
            day.unwrap_or(""),
        ]))
    }
}

/// The identity part of an article URL. For mp.weixin.qq.com long links that is
/// `__biz`+`mid`+`idx` (the rest — `sn`, `chksm`, tracking — varies between exports of the
/// same article); otherwise the URL without scheme, fragment and `&amp;` escaping.
pub fn url_key(url: &str) -> Option<String> {
    let url = url.trim().replace("&amp;", "&");
    let no_frag = url.split('#').next().unwrap_or("");
    let rest = no_frag
        .strip_prefix("https://")
        .or_else(|| no_frag.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return None;
    }
    if rest.starts_with("mp.weixin.qq.com/s?") || rest.starts_with("mp.weixin.qq.com/s/?") {
        let query = rest.split_once('?').map_or("", |(_, q)| q);
        let get = |k: &str| {
            query.split('&').find_map(|kv| {
                let (a, b) = kv.split_once('=')?;
                (a == k).then_some(b)
            })
        };
        if let (Some(biz), Some(mid), Some(idx)) = (get("__biz"), get("mid"), get("idx")) {
            return Some(format!("mp:{biz}:{mid}:{idx}"));
        }
    }
    Some(rest.trim_end_matches('/').to_string())
}

/// The file format an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Markdown,
    Html,
    Json,
    Jsonl,
    Csv,
    /// An RSS or Atom feed.
    Feed,
    /// A web archive (`.mhtml`) of a saved page.
    Mhtml,
    /// A spreadsheet of articles (`.xlsx`).
    Xlsx,
    /// A zip of article files.
    Zip,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Feed => "feed",
            Format::Mhtml => "mhtml",
            Format::Xlsx => "xlsx",
            Format::Zip => "zip",
        }
    }
}

/// Whether the article's text is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    #[default]
    Ok,
    /// Known only from a list (a CSV row, a JSON entry without content): title and link.
    NotDownloaded,
    /// The saved page says the article is gone: deleted by its author, blocked, …
    Unavailable { reason: String },
}

impl Status {
    /// A short mark for lists: empty for a readable article.
    pub fn label(&self) -> &str {
        match self {
            Status::Ok => "",
            Status::NotDownloaded => "未下载",
            Status::Unavailable { .. } => "已失效",
        }
    }
}

/// What kind of block a piece of article text is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading {
        level: u8,
    },
    /// An image; the block's text is its alt text (possibly empty). `local` is a file saved
    /// beside the article (an exporter's `assets/`), when there is one.
    Image {
        url: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        local: Option<String>,
    },
    Quote,
    /// An item of a list; `depth` 0 at the top level, 1 in a list inside an item, ….
    ListItem {
        ordinal: Option<u64>,
        #[serde(skip_serializing_if = "is_zero")]
        depth: u8,
    },
    Code,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// One block of an article body. `text` is sanitized, single-spaced and never empty except
/// for images without alt text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }
    pub fn image(url: impl Into<String>, alt: impl Into<String>) -> Self {
        Block {
            kind: BlockKind::Image {
                url: url.into(),
                local: None,
            },
            text: alt.into(),
        }
    }
}

/// An inline link: the text it covers in block `block` (found there again when the article
/// is laid out: parsers tidy a block's spaces after the link is seen) and where it points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub block: usize,
    pub text: String,
    pub url: String,
}

/// A piece of a store's section: offset, length in bytes, checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub offset: u64,
    pub len: u32,
    pub sum: u64,
}

/// Where a stored article's text and block shapes are, when its blocks are not in memory
/// (an article listed from the library store: see `archive::store`), and what merging
/// duplicates needs of its body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stored {
    /// Which store this process opened (`archive::store::opened`).
    pub file: u32,
    /// Its text, and its block shapes.
    pub text: Span,
    pub shape: Span,
    pub words: u32,
    pub images: u32,
    pub blocks: u32,
    /// [`Article::fingerprint`], kept only where the id needs it (no URL, account, author
    /// or date); [`Article::print`] stands for it elsewhere.
    pub fingerprint: String,
    /// [`Article::print`].
    pub print: u64,
}

/// An article as wxr holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    /// The public account (公众号) that published it.
    pub account: Option<String>,
    pub author: Option<String>,
    /// Publish date, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
    pub date: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// Where it was read from; `sample:/name` for the embedded sample.
    pub source: PathBuf,
    /// Other files that hold the same article (fewer or equal words), merged into this one.
    pub other_sources: Vec<PathBuf>,
    pub format: Format,
    /// The file's encoding when it was not UTF-8 (`GBK`, `Big5`, `UTF-16LE`).
    pub encoding: Option<String>,
    pub status: Status,
    /// Empty when the article is listed from the library store (`stored`).
    pub blocks: Vec<Block>,
    /// Inline links of the body, in reading order (with the blocks: empty when listed from
    /// the library store).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Where its body is when it is not in `blocks`.
    #[serde(skip)]
    pub stored: Option<Stored>,
}

impl Default for Article {
    fn default() -> Self {
        Article {
            id: ArticleId(0),
            title: String::new(),
            account: None,
            author: None,
            date: None,
            url: None,
            tags: Vec::new(),
            source: PathBuf::new(),
            other_sources: Vec::new(),
            format: Format::Txt,
            encoding: None,
            status: Status::Ok,
            blocks: Vec::new(),
            links: Vec::new(),
            stored: None,
        }
    }
}

impl Article {
    /// Takes block `i` out, keeping the links of the other blocks pointing at them (a link in
    /// the block taken goes with it).
    pub fn remove_block(&mut self, i: usize) -> Block {
        self.links.retain(|l| l.block != i);
        for l in &mut self.links {
            if l.block > i {
                l.block -= 1;
            }
        }
        self.blocks.remove(i)
    }

    /// Keeps the blocks `keep` says, the links of the kept ones pointing at them still (a
    /// link in a block taken out goes with it). One pass, whatever the number taken.
    pub fn retain_blocks(&mut self, keep: impl Fn(&Block) -> bool) {
        let mut kept = Vec::with_capacity(self.blocks.len());
        let mut n = 0;
        for b in &self.blocks {
            let k = keep(b);
            kept.push(k.then_some(n));
            n += usize::from(k);
        }
        if n == self.blocks.len() {
            return;
        }
        self.blocks.retain(|b| keep(b));
        self.links
            .retain_mut(|l| match kept.get(l.block).copied().flatten() {
                Some(to) => {
                    l.block = to;
                    true
                }
                None => false,
            });
    }

    /// Account if known, else author: what the list pane shows as "who".
    pub fn who(&self) -> Option<&str> {
        self.account.as_deref().or(self.author.as_deref())
    }

    /// Recomputes the id from the fields; parsers call this once everything is filled in.
    pub fn assign_id(&mut self) {
        // The start of the text joins the id only when nothing else tells articles apart.
        let text = if self.id_needs_text() {
            self.fingerprint()
        } else {
            String::new()
        };
        self.id = ArticleId::derive(
            self.url.as_deref(),
            &self.title,
            self.who(),
            self.date.as_deref(),
            &text,
        );
    }

    /// The first 80 characters of paragraph text, whitespace removed: what stays the same
    /// when one article is exported as TXT, Markdown or HTML.
    pub fn fingerprint(&self) -> String {
        if let Some(s) = self.stored.as_ref().filter(|_| self.blocks.is_empty()) {
            return s.fingerprint.clone();
        }
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .flat_map(|b| b.text.chars())
            .filter(|c| !c.is_whitespace())
            .take(80)
            .collect()
    }

    /// A hash of [`Article::fingerprint`] when it has 20 characters or more (else 0): what
    /// tells copies of one article apart from different articles of the same title.
    pub fn print(&self) -> u64 {
        if let Some(s) = self.stored.as_ref().filter(|_| self.blocks.is_empty()) {
            return s.print;
        }
        print_of(&self.fingerprint())
    }

    /// Whether the id needs the fingerprint: no URL identity, no account or author, no date.
    pub fn id_needs_text(&self) -> bool {
        self.url.as_deref().and_then(url_key).is_none()
            && self.who().is_none()
            && self.date.is_none()
    }

    /// The total number of characters of body text, for listings.
    pub fn body_chars(&self) -> usize {
        self.blocks.iter().map(|b| b.text.chars().count()).sum()
    }

    /// Characters of body text, whitespace not counted (how much of the article a copy
    /// holds).
    pub fn words(&self) -> usize {
        if let Some(s) = self.stored.as_ref().filter(|_| self.blocks.is_empty()) {
            return s.words as usize;
        }
        self.blocks
            .iter()
            .map(|b| crate::text::solid_chars(&b.text))
            .sum()
    }

    /// Blocks in the body.
    pub fn block_count(&self) -> usize {
        match &self.stored {
            Some(s) if self.blocks.is_empty() => s.blocks as usize,
            _ => self.blocks.len(),
        }
    }

    /// Images in the body.
    pub fn images(&self) -> usize {
        if let Some(s) = self.stored.as_ref().filter(|_| self.blocks.is_empty()) {
            return s.images as usize;
        }
        self.blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Image { .. }))
            .count()
    }

    /// Where an offset of [`Article::search_text`] falls: `None` for the title, else the
    /// block, and the offset within it.
    pub fn locate(&self, offset: usize) -> (Option<usize>, usize) {
        if offset <= self.title.len() {
            return (None, offset.min(self.title.len()));
        }
        let mut at = self.title.len() + 1;
        for (i, b) in self.blocks.iter().enumerate() {
            if offset <= at + b.text.len() {
                return (Some(i), offset - at);
            }
            at += b.text.len() + 1;
        }
        (None, 0)
    }

    /// The text a search looks at: the title, then every block's text (an image's alt
    /// text), each on its own line. What the library store keeps of an article's text.
    pub fn search_text(&self) -> String {
        let mut s = String::with_capacity(self.search_text_len());
        for part in self.search_text_parts() {
            s.push_str(part);
        }
        s
    }

    /// The pieces [`Article::search_text`] is made of, in order: the title, then a line break
    /// and the text of each block (for writing or hashing it without making it).
    pub fn search_text_parts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.title.as_str())
            .chain(self.blocks.iter().flat_map(|b| ["\n", b.text.as_str()]))
    }

    /// The length of [`Article::search_text`] in bytes.
    pub fn search_text_len(&self) -> usize {
        self.title.len() + self.blocks.iter().map(|b| b.text.len() + 1).sum::<usize>()
    }
}

/// [`Article::print`] of a fingerprint: its XXH3 (a store keeps it, and is used only by the
/// build that wrote it), 0 for one under 20 characters.
pub fn print_of(fingerprint: &str) -> u64 {
    if fingerprint.chars().nth(19).is_none() {
        return 0;
    }
    xxhash_rust::xxh3::xxh3_64(fingerprint.as_bytes()).max(1)
}

/// A date that [`date_key`] cannot stand for: only its text orders it.
pub const DATE_KEY_OTHER: u64 = u64::MAX;

/// A date (`YYYY-MM-DD`, or `YYYY-MM-DD HH:MM` with a time of day that exists) as a number
/// that orders as its text does (a day alone before its own 00:00), 0 for none,
/// [`DATE_KEY_OTHER`] for a date of another shape: the list compares two of these rather
/// than reaching into two articles' dates.
pub fn date_key(date: Option<&str>) -> u64 {
    let Some(d) = date else {
        return 0;
    };
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u64> {
        b.get(r)?.iter().try_fold(0u64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u64::from(c - b'0'))
        })
    };
    let day = || -> Option<u64> {
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        Some((digits(0..4)? * 100 + digits(5..7)?) * 100 + digits(8..10)?)
    };
    let time = || -> Option<u64> {
        match b.len() {
            10 => Some(0),
            16 if b[10] == b' ' && b[13] == b':' => {
                let (h, m) = (digits(11..13)?, digits(14..16)?);
                (h < 24 && m < 60).then_some(1 + h * 100 + m)
            }
            _ => None,
        }
    };
    // One more, so that no date's key is that of none.
    match (day(), time()) {
        (Some(day), Some(time)) => 1 + day * 10_000 + time,
        _ => DATE_KEY_OTHER,
    }
}

/// The first eight bytes of a title (zeros after its end) as a number that orders as they do.
pub fn title_key(title: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = title.len().min(8);
    b[..n].copy_from_slice(&title.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// Orders articles newest first; undated articles last, then by title.
pub fn list_order(a: &Article, b: &Article) -> std::cmp::Ordering {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.title.cmp(&b.title))
    .then_with(|| a.source.cmp(&b.source))
}

#[cfg(test)]
mod date_key_tests {
    use super::{DATE_KEY_OTHER, date_key};
    use proptest::prelude::*;

    #[test]
    fn dates_of_other_shapes_are_told_apart() {
        assert_eq!(date_key(None), 0);
        assert_eq!(date_key(Some("2024-03-05")), 20_240_305 * 10_000 + 1);
        assert_eq!(date_key(Some("2024-03-05 00:00")), 20_240_305 * 10_000 + 2);
        assert_eq!(
            date_key(Some("2024-03-05 23:59")),
            20_240_305 * 10_000 + 2361
        );
        assert_eq!(date_key(Some("0000-00-00")), 1, "not the key of none");
        for other in [
            "2024-3-5",
            "2024-03-05T08:00",
            "2024-03-05 08:00:01",
            "2024-03-05 24:00",
            "2024-03-05 99:99",
            "昨天",
            "",
            "２０２４-03-05",
        ] {
            assert_eq!(date_key(Some(other)), DATE_KEY_OTHER, "{other}");
        }
    }

    proptest! {
        /// Two dates whose keys both stand for them order as their texts do.
        #[test]
        fn keys_order_as_the_dates_do(
            a in "[0-9]{4}-[0-9]{2}-[0-9]{2}( ([01][0-9]|2[0-3]):[0-5][0-9])?",
            b in "[0-9]{4}-[0-9]{2}-[0-9]{2}( ([01][0-9]|2[0-3]):[0-5][0-9])?",
        ) {
            let (ka, kb) = (date_key(Some(&a)), date_key(Some(&b)));
            prop_assert!(ka != DATE_KEY_OTHER && kb != DATE_KEY_OTHER);
            prop_assert_eq!(ka.cmp(&kb), a.cmp(&b));
            prop_assert!(ka > 0);
        }

        /// Titles whose keys differ order as the keys do.
        #[test]
        fn title_keys_order_as_titles_do(a in "[a\\x00中文]{0,10}", b in "[a\\x00中文]{0,10}") {
            let (ka, kb) = (super::title_key(&a), super::title_key(&b));
            if ka != kb {
                prop_assert_eq!(ka.cmp(&kb), a.cmp(&b));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mp_long_link_identity_ignores_sn_and_tracking() {
        let a = "https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc&chksm=1#rd";
        let b = "http://mp.weixin.qq.com/s?__biz=MzA5&amp;mid=2650&amp;idx=1&amp;sn=zzz";
        assert_eq!(url_key(a), url_key(b));
        assert_eq!(url_key(a).as_deref(), Some("mp:MzA5:2650:1"));
    }

    #[test]
    fn id_from_url_wins_over_metadata() {
        let u = Some("https://mp.weixin.qq.com/s/AbC");
        assert_eq!(
            ArticleId::derive(u, "标题", Some("甲"), None, ""),
            ArticleId::derive(u, "另一个标题", None, Some("2024-01-01"), "")
        );
    }

    #[test]
    fn id_from_metadata_ignores_time_of_day() {
        let a = ArticleId::derive(None, "标题", Some("号"), Some("2024-07-05 10:00"), "");
        let b = ArticleId::derive(None, "标题", Some("号"), Some("2024-07-05"), "");
        assert_eq!(a, b);
        assert_ne!(
            a,
            ArticleId::derive(None, "标题", Some("号"), Some("2024-07-06"), "")
        );
    }

    #[test]
    fn without_who_or_date_the_text_tells_articles_apart() {
        let a = ArticleId::derive(None, "01", None, None, "该内容已被发布者删除");
        let b = ArticleId::derive(None, "01", None, None, "此内容因违规无法查看");
        assert_ne!(a, b);
        assert_eq!(
            a,
            ArticleId::derive(None, "01", None, None, "该内容已被发布者删除")
        );
    }

    #[test]
    fn ids_parse_back_from_their_display() {
        for n in [0u64, 1, 0xdead_beef_0123_4567, u64::MAX] {
            assert_eq!(
                ArticleId(n).to_string().parse::<ArticleId>(),
                Ok(ArticleId(n))
            );
        }
        assert_eq!("00000000000000AF".parse::<ArticleId>(), Ok(ArticleId(0xaf)));
        assert!("00000000000000ag".parse::<ArticleId>().is_err());
        assert!("abc".parse::<ArticleId>().is_err());
        assert!("０000000000000000".parse::<ArticleId>().is_err());
    }

    #[test]
    fn id_is_stable_across_builds() {
        // Read marks are keyed by this value: it must never change.
        let id = ArticleId::derive(None, "OpenAI", Some("微信文章"), None, "");
        assert_eq!(id.to_string(), format!("{:016x}", id.0));
        assert_eq!(id, ArticleId(fnv1a64(&["meta", "OpenAI", "微信文章", ""])));
        assert_eq!(fnv1a64(&["a"]), 0xaf63_dc4c_8601_ec8c);
    }
}
