//! RSS and Atom feeds (`.rss`, `.atom`, `.xml`), read with feed-rs: each entry an article —
//! its title, link, author, published (else updated) time in China time, the feed's title as
//! the account, and its content (or summary), HTML parsed as a page's content is. An entry
//! with neither is listed `[未下载]` with its link, as a list's rows are.

use super::{ReadError, blank_article};
use crate::model::{Article, Block, Format, Status};
use std::path::Path;

pub fn parse(text: &str, path: &Path) -> Result<Vec<Article>, ReadError> {
    let xml = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("xml"));
    let feed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| {
        // Any XML file may sit in a folder: one that is no feed is of another format.
        if xml {
            ReadError::UnknownFormat("xml".into())
        } else {
            ReadError::Broken(format!("not an RSS or Atom feed ({e})"))
        }
    })?;
    let account = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let dir = path.parent().unwrap_or(Path::new("."));
    // What feed-rs leaves out, read from the XML itself: an Atom entry's `content:encoded`
    // and dates with no zone or RFC 822 dates in Atom (we-mp-rss writes both).
    let needed = feed.entries.iter().any(|e| {
        e.content.as_ref().and_then(|c| c.body.as_ref()).is_none()
            || (e.published.is_none() && e.updated.is_none())
    });
    let raw = if needed {
        raw_entries(text)
    } else {
        Vec::new()
    };
    let raw = if raw.len() == feed.entries.len() {
        raw
    } else {
        Vec::new()
    };
    let mut out = Vec::with_capacity(feed.entries.len().min(super::MAX_ARTICLES_PER_FILE));
    for (n, e) in feed
        .entries
        .into_iter()
        .take(super::MAX_ARTICLES_PER_FILE)
        .enumerate()
    {
        let raw = raw.get(n);
        let mut a = blank_article(path, Format::Feed);
        a.title = e
            .title
            .as_ref()
            .map(|t| t.content.trim().to_string())
            .unwrap_or_default();
        a.account.clone_from(&account);
        a.author = e
            .authors
            .iter()
            .find_map(|p| p.name.clone())
            .filter(|n| !n.trim().is_empty());
        a.date = e
            .published
            .or(e.updated)
            .and_then(|t| super::meta::from_unix_china(t.timestamp()))
            .or_else(|| raw.and_then(|r| r.date.as_deref()).and_then(feed_date));
        a.url = e
            .links
            .iter()
            .map(|l| l.href.trim().to_string())
            .find(|h| h.starts_with("http"));
        let body = e
            .content
            .and_then(|c| c.body)
            .filter(|b| !b.trim().is_empty())
            .or_else(|| raw.and_then(|r| r.encoded.clone()))
            .or_else(|| {
                e.summary
                    .map(|s| s.content)
                    .filter(|s| !s.trim().is_empty())
            });
        if let Some(b) = body {
            let b = unwrap_cdata(&b);
            (a.blocks, a.links) = super::html::content(&b, dir);
        } else {
            a.status = Status::NotDownloaded;
            a.blocks.extend(
                a.url
                    .clone()
                    .map(|u| Block::paragraph(format!("原文链接：{u}"))),
            );
        }
        if a.title.is_empty() && a.blocks.is_empty() {
            continue;
        }
        out.push(a);
    }
    if out.is_empty() {
        return Err(ReadError::NotAnArticle("a feed without entries".into()));
    }
    Ok(out)
}

/// What feed-rs does not give of an entry (`<item>` or `<entry>`), read from the XML.
#[derive(Debug, Default)]
struct RawEntry {
    /// `content:encoded`, unescaped.
    encoded: Option<String>,
    /// `published`, `pubDate` or `updated`, as written.
    date: Option<String>,
}

/// The entries of a feed in order, each with its raw `content:encoded` and date.
fn raw_entries(xml: &str) -> Vec<RawEntry> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some((start, close)) = next_entry(rest) {
        let body = &rest[start..];
        let end = body.find(close).unwrap_or(body.len());
        let e = &body[..end];
        out.push(RawEntry {
            encoded: element(e, "content:encoded").filter(|s| !s.trim().is_empty()),
            date: ["published", "pubDate", "updated"]
                .iter()
                .find_map(|t| element(e, t)),
        });
        rest = &body[end..];
    }
    out
}

/// Where the next `<entry>` or `<item>` (with or without attributes) begins, and the tag that
/// closes it.
fn next_entry(s: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    while let Some(i) = s[from..].find('<') {
        let at = from + i;
        let tag = &s[at + 1..];
        for (name, close) in [("entry", "</entry>"), ("item", "</item>")] {
            if tag.starts_with(name)
                && tag[name.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
            {
                return Some((at, close));
            }
        }
        from = at + 1;
    }
    None
}

/// The text of the first element `name` in `s`: CDATA kept as is, entities decoded.
fn element(s: &str, name: &str) -> Option<String> {
    let open = format!("<{name}");
    let mut from = 0;
    let start = loop {
        let i = from + s[from..].find(&open)?;
        let after = &s[i + open.len()..];
        if after.starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            break i + open.len() + after.find('>')? + 1;
        }
        from = i + 1;
    };
    let end = start + s[start..].find(&format!("</{name}>"))?;
    let inner = s[start..end].trim();
    Some(match inner.strip_prefix("<![CDATA[") {
        Some(c) => c.strip_suffix("]]>").unwrap_or(c).to_string(),
        None => super::script::html_unescape(inner),
    })
}

/// A feed's date as written when feed-rs could not read it: RFC 822 without a zone
/// (`Sat, 05 Jul 2025 19:00:00 `, China time, as we-mp-rss's first versions write it) or an
/// ISO date without a zone.
fn feed_date(s: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let s = s.trim();
    let s = s.split_once(',').map_or(s, |(_, r)| r).trim();
    let parts: Vec<&str> = s.split_whitespace().collect();
    if let [day, month, year, rest @ ..] = parts.as_slice()
        && let Some(m) = MONTHS.iter().position(|x| month.starts_with(x))
    {
        let time = rest.first().copied().unwrap_or("");
        return super::meta::normalize_date(&format!("{year}-{:02}-{day} {time}", m + 1));
    }
    super::meta::normalize_date(s)
}

/// Content whose CDATA markers were escaped with it (we-mp-rss's CDATA option): the markers
/// go, the content stays.
fn unwrap_cdata(b: &str) -> String {
    let t = b.trim();
    match t.strip_prefix("<![CDATA[") {
        Some(inner) => inner.strip_suffix("]]>").unwrap_or(inner).to_string(),
        None => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As we-mp-rss serves a public account's articles (RSS 2.0, content:encoded HTML).
    #[test]
    fn rss_items_are_articles_with_their_html_content() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>硅谷观察室</title><link>https://example.com/</link><description>d</description>
<item><title>降准之后，钱去了哪里</title><link>https://mp.weixin.qq.com/s/Rss01</link>
<author>王五</author><pubDate>Wed, 02 Jul 2025 00:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>央行宣布降准<strong>0.5个百分点</strong>。</p><img src="https://mmbiz.qpic.cn/a/640">]]></content:encoded></item>
<item><title>只有标题</title><link>https://mp.weixin.qq.com/s/Rss02</link></item>
</channel></rss>"#;
        let arts = parse(rss, Path::new("feed.rss")).unwrap();
        assert_eq!(arts.len(), 2);
        let a = &arts[0];
        assert_eq!(a.title, "降准之后，钱去了哪里");
        assert_eq!(a.account.as_deref(), Some("硅谷观察室"));
        assert_eq!(a.date.as_deref(), Some("2025-07-02 08:00"));
        assert_eq!(a.url.as_deref(), Some("https://mp.weixin.qq.com/s/Rss01"));
        assert_eq!(a.blocks[0].text, "央行宣布降准0.5个百分点。");
        assert!(matches!(
            a.blocks[1].kind,
            crate::model::BlockKind::Image { .. }
        ));
        assert_eq!(arts[1].status, Status::NotDownloaded);
    }

    #[test]
    fn atom_entries_and_what_is_not_a_feed() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>出海手记</title><id>x</id><updated>2024-07-05T10:00:00Z</updated>
<entry><title>独立站的第一笔订单</title><id>e1</id><link href="https://mp.weixin.qq.com/s/Atom1"/>
<updated>2024-07-05T10:00:00Z</updated><author><name>陈小舟</name></author>
<summary>第一笔订单来自德国。</summary></entry></feed>"#;
        let arts = parse(atom, Path::new("feed.atom")).unwrap();
        assert_eq!(arts[0].author.as_deref(), Some("陈小舟"));
        assert_eq!(arts[0].date.as_deref(), Some("2024-07-05 18:00"));
        assert_eq!(arts[0].blocks[0].text, "第一笔订单来自德国。");
        let e = parse(
            "<urlset><url><loc>x</loc></url></urlset>",
            Path::new("sitemap.xml"),
        );
        assert!(matches!(e, Err(ReadError::UnknownFormat(_))), "{e:?}");
        let e = parse("<rss><oops", Path::new("feed.rss"));
        assert!(matches!(e, Err(ReadError::Broken(_))), "{e:?}");
    }

    /// we-mp-rss's Atom: the HTML in `content:encoded` (feed-rs reads it only in RSS), dates
    /// with no zone (its first versions), CDATA markers escaped with the content.
    #[test]
    fn what_feed_rs_leaves_is_read_from_the_xml() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>山城慢生活</title><id>f</id>
<entry><id>1</id><title>旧书市集</title><link href="https://mp.weixin.qq.com/s/A1"/><updated>Sat, 05 Jul 2025 19:00:00 </updated>
<summary>摘要</summary><content:encoded>&lt;p&gt;只请每位摊主捐出一本书&lt;/p&gt;</content:encoded></entry>
<entry><id>2</id><title>二</title><updated>Wed, 02 Jul 2025 07:30:00 </updated><content type="html">&lt;![CDATA[&lt;p&gt;正文&lt;/p&gt;]]&gt;</content></entry></feed>"#;
        let arts = parse(atom, Path::new("x.atom")).unwrap();
        assert_eq!(arts[0].blocks[0].text, "只请每位摊主捐出一本书");
        assert_eq!(arts[0].date.as_deref(), Some("2025-07-05 19:00"));
        assert_eq!(arts[1].date.as_deref(), Some("2025-07-02 07:30"));
        assert_eq!(arts[1].blocks[0].text, "正文");
        assert_eq!(
            super::super::script::html_unescape("a &amp; b &#x4e2d;&#25991; &bogus; &"),
            "a & b 中文 &bogus; &"
        );
    }
}
