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
    let mut out = Vec::with_capacity(feed.entries.len().min(super::MAX_ARTICLES_PER_FILE));
    for e in feed.entries.into_iter().take(super::MAX_ARTICLES_PER_FILE) {
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
            .and_then(|t| super::meta::from_unix_china(t.timestamp()));
        a.url = e
            .links
            .iter()
            .map(|l| l.href.trim().to_string())
            .find(|h| h.starts_with("http"));
        let body = e
            .content
            .and_then(|c| c.body)
            .filter(|b| !b.trim().is_empty())
            .or_else(|| {
                e.summary
                    .map(|s| s.content)
                    .filter(|s| !s.trim().is_empty())
            });
        if let Some(b) = body {
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
}
