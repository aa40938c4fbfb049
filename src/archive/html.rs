//! HTML articles, parsed with scraper (html5ever): saved mp.weixin.qq.com pages (normal
//! articles, image shares `item_show_type` 8, text shares 10, deleted or blocked pages),
//! wechat-article-exporter's HTML folder export (`<name>/index.html` + `assets/`),
//! wechatDownload's and `wechat_articles_spider`'s saved pages, and plain HTML.
//!
//! The body is walked iteratively (`traverse`), never recursively, so a page nested ten
//! thousand levels deep cannot overflow the stack.

use super::meta::{self, from_unix_china};
use super::script::{self, html_unescape};
use super::{blank_article, image_url_line};
use crate::model::{Article, Block, Format, Status};
use scraper::{Html, Selector};
use std::path::Path;

fn sel(s: &str) -> Selector {
    // The selectors are literals written here; a typo is a bug caught by every HTML test.
    Selector::parse(s).unwrap_or_else(|_| panic!("bad selector {s}"))
}

fn first_text(doc: &Html, selector: &str) -> Option<String> {
    doc.select(&sel(selector))
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

fn meta_content(doc: &Html, selector: &str) -> Option<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr("content"))
        // Share pages write line breaks into `og:title` as a literal `\n`.
        .map(|c| c.replace("\\n", "\n"))
        .map(|c| {
            c.lines()
                .map(collapse)
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string()
        })
        .find(|t| !t.is_empty())
}

/// Collapses runs of HTML whitespace (and no-break spaces) to one space, trimmed.
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_ascii_whitespace() || c == '\u{a0}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The blocks and links of an HTML fragment (an article's content held in a JSON feed or
/// cache: we-mp-rss), images beside `dir` found as a page's are.
pub fn fragment(html: &str, dir: &Path) -> (Vec<Block>, Vec<crate::model::Link>) {
    let doc = Html::parse_fragment(&depth::cap(html));
    Walker::run(doc.root_element(), dir)
}

/// An article's content as a feed or a table holds it: HTML parsed as a page's content is
/// ([`fragment`]), Markdown as Markdown (we-mp-rss's feed asked for as `.md`), else plain
/// text, a paragraph a line.
pub fn content(text: &str, dir: &Path) -> (Vec<Block>, Vec<crate::model::Link>) {
    if looks_like_html(text) {
        return fragment(text, dir);
    }
    if super::markdown::looks_like_markdown(text) {
        return super::markdown::blocks(text);
    }
    let blocks = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(Block::paragraph)
        .collect();
    (blocks, Vec::new())
}

/// Whether `text` is HTML rather than plain text: it opens with a tag, or holds paragraph
/// or break tags.
pub fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start();
    let tagged = |s: &str| {
        [
            "<p",
            "<div",
            "<section",
            "<br",
            "<img",
            "<span",
            "<h1",
            "<h2",
            "<h3",
            "<ul",
            "<ol",
            "<table",
            "<blockquote",
            "<strong",
            "<a ",
        ]
        .iter()
        .any(|tag| s.contains(tag))
    };
    let mut head = t.len().min(4096);
    while !t.is_char_boundary(head) {
        head -= 1;
    }
    (t.starts_with('<') && t.contains('>')) || tagged(&t[..head].to_ascii_lowercase())
}

pub fn parse(text: &str, path: &Path) -> Result<Article, super::ReadError> {
    let doc = Html::parse_document(&depth::cap(text));
    let mut a = blank_article(path, Format::Html);

    let has_article = doc
        .select(&sel("#js_article, #js_content"))
        .next()
        .is_some();
    if !has_article {
        if let Some(reason) = first_text(&doc, ".weui-msg__title") {
            // Deleted or blocked: the page carries only the reason.
            let desc = first_text(&doc, ".weui-msg__desc");
            a.title = meta::title_from_file_name(path);
            // A blocked page may still carry its account in the page data.
            a.account = script::value(text, &["nick_name:", "nick_name :", "var nickname = "])
                .map(|s| collapse(&s))
                .filter(|s| !s.is_empty())
                .or_else(|| meta::account_from_file_name(path));
            a.date = meta::date_from_file_name(path);
            a.status = Status::Unavailable {
                reason: reason.clone(),
            };
            a.blocks.push(Block::paragraph(reason));
            a.blocks.extend(desc.map(Block::paragraph));
            return Ok(a);
        }
        let profile_title = first_text(&doc, "title").is_some_and(|t| t == "关于公众号");
        if profile_title || doc.select(&sel("#js_auth_info")).next().is_some() {
            return Err(super::ReadError::NotAnArticle(
                "not an article (an account profile page)".to_string(),
            ));
        }
    }

    let show_type = script::value(
        text,
        &[
            "var item_show_type = ",
            "window.item_show_type = ",
            "item_show_type = ",
        ],
    )
    .and_then(|v| v.parse::<u32>().ok())
    .unwrap_or(0);
    let msg_title = script::value(text, &["var msg_title = ", "window.msg_title = "]);

    a.title = first_text(&doc, "#activity-name")
        .or_else(|| meta_content(&doc, "meta[property='og:title']"))
        .or_else(|| msg_title.as_deref().map(first_line))
        .or_else(|| first_text(&doc, "h1"))
        .or_else(|| first_text(&doc, "title"))
        .unwrap_or_default();
    // wechat-article-exporter's HTML export strips the scripts: what the page's own elements
    // keep is read too (`.wx_follow_nickname` of a text share, the author's
    // `#meta_content span.rich_media_meta_text`).
    a.account = first_text(&doc, "#js_name")
        .or_else(|| script::value(text, &["var nickname = ", "nick_name:", "nick_name :"]))
        .or_else(|| first_text(&doc, ".wx_follow_nickname"))
        .map(|s| collapse(&s));
    a.author = meta_content(&doc, "meta[name='author']")
        .or_else(|| script::value(text, &["var author = "]))
        .or_else(|| first_text(&doc, "#js_author_name"))
        .or_else(|| first_text(&doc, "#meta_content span.rich_media_meta_text"))
        .map(|s| collapse(&s));
    // `var ct` is unix seconds; `create_time` is seconds in one place and a formatted
    // `JsDecode('2025-10-16 07:30')` in another: take whichever reads.
    a.date = [
        "var ct = ",
        "create_time:",
        "var create_time = ",
        "oriCreateTime",
    ]
    .iter()
    .filter_map(|k| script::value(text, &[k]))
    .find_map(|v| match v.parse::<i64>() {
        Ok(secs) => from_unix_china(secs),
        Err(_) => meta::normalize_date(&v),
    })
    .or_else(|| first_text(&doc, "#publish_time").and_then(|t| meta::normalize_date(&t)))
    .or_else(|| meta::date_from_file_name(path));
    a.url = meta_content(&doc, "meta[property='og:url']")
        .or_else(|| script::value(text, &["var msg_link = "]))
        .map(|u| html_unescape(&u))
        .or_else(|| {
            let biz = script::value(text, &["var biz = "])?;
            let mid = script::value(text, &["var mid = "])?;
            let idx = script::value(text, &["var idx = "])?;
            Some(format!(
                "https://mp.weixin.qq.com/s?__biz={biz}&mid={mid}&idx={idx}"
            ))
        });

    let dir = path.parent().unwrap_or(Path::new(""));
    // A text share saved without its scripts (wechat-article-exporter's HTML export) is told
    // by its text element; its `<title>` is the whole text.
    let share_text = doc
        .select(&sel("#js_text_desc"))
        .next()
        .map(text_with_breaks);
    let show_type = if show_type == 0 && share_text.as_ref().is_some_and(|t| !t.trim().is_empty()) {
        10
    } else {
        show_type
    };
    match show_type {
        10 => {
            // Text share: the body element is filled by script; the text is in the page data
            // (`content_noencode`), or is the whole "title" when the author gave none.
            let body = script::value(text, &["content_noencode:", "content_noencode :"])
                .or_else(|| msg_title.clone())
                .or(share_text)
                .unwrap_or_default();
            let own_title = meta_content(&doc, "meta[property='og:title']")
                .or(msg_title)
                .filter(|t| !body.starts_with(t.as_str()) && !t.trim().is_empty());
            a.title = own_title.unwrap_or_else(|| first_line(&body));
            let mut lines = body.split('\n').filter(|l| !l.trim().is_empty()).peekable();
            // The first line is the title when it fits whole.
            lines.next_if(|l| l.trim() == a.title);
            a.blocks = lines.map(|l| Block::paragraph(l.trim())).collect();
        }
        8 => {
            // Image share: a caption and a list of pictures held in script.
            if let Some(t) = msg_title.filter(|t| t.trim() != a.title) {
                a.blocks.push(Block::paragraph(t));
            }
            a.blocks
                .extend(picture_list(text).into_iter().map(|u| Block::image(u, "")));
            let desc = doc.select(&sel("#js_image_desc")).next();
            let (desc, desc_links) = desc.map(|d| Walker::run(d, dir)).unwrap_or_default();
            // The text under the pictures is often only in the page data, as for text shares.
            if desc.iter().all(|b| b.text.trim().is_empty()) {
                let body = script::value(text, &["content_noencode:", "content_noencode :"])
                    .unwrap_or_default();
                a.blocks.extend(
                    body.split('\n')
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && *l != a.title)
                        .map(Block::paragraph),
                );
            } else {
                let at = a.blocks.len();
                a.links.extend(desc_links.into_iter().map(|mut l| {
                    l.block += at;
                    l
                }));
                a.blocks.extend(desc);
            }
            // An export that kept neither the pictures nor their text has nothing to show.
            if a.blocks.is_empty() {
                a.status = Status::Unavailable {
                    reason: "保存的页面里没有图片也没有文字".to_string(),
                };
            }
        }
        _ => {
            let body = doc
                .select(&sel("#js_content"))
                .next()
                .or_else(|| doc.select(&sel("article")).next())
                .or_else(|| doc.select(&sel("main")).next())
                .or_else(|| doc.select(&sel("body")).next());
            (a.blocks, a.links) = body.map(|b| Walker::run(b, dir)).unwrap_or_default();
            // A generic page's body repeats its title as the first heading.
            if a.blocks.first().is_some_and(|b| b.text == a.title) {
                a.remove_block(0);
            }
        }
    }
    // A page whose article is gone but whose frame was saved: nothing to read, and the
    // reason somewhere in the page (`该内容暂时无法查看`).
    if a.blocks.iter().all(|b| {
        b.text.trim().is_empty() && !matches!(b.kind, crate::model::BlockKind::Image { .. })
    }) && let Some(reason) = GONE.iter().find(|r| text.contains(**r))
    {
        a.status = Status::Unavailable {
            reason: (*reason).to_string(),
        };
        a.blocks = vec![Block::paragraph(*reason)];
    }
    Ok(a)
}

/// What WeChat shows instead of an article that is gone.
const GONE: &[&str] = &[
    "该内容已被发布者删除",
    "此内容因违规无法查看",
    "该内容暂时无法查看",
    "此内容被投诉且经审核涉嫌侵权",
    "此内容因涉嫌违反相关法律法规和政策暂时无法查看",
    "该公众号已迁移",
    "此帐号已被屏蔽",
    "此帐号已自主注销",
];

/// An element's text with its `<br>`s as line breaks.
fn text_with_breaks(e: scraper::ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in e.descendants() {
        match node.value() {
            scraper::Node::Text(t) => out.push_str(t),
            scraper::Node::Element(el) if el.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn first_line(s: &str) -> String {
    let line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    crate::text::truncate(line, 80).into_owned()
}

/// `cdn_url`s of an image share's `picture_page_info_list`, without watermark and share
/// cover variants.
fn picture_list(text: &str) -> Vec<String> {
    let Some(list) = script::array_after(text, "picture_page_info_list = ") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = list[from..].find("cdn_url") {
        let at = from + i;
        from = at + 7;
        let owner = list[..at]
            .rfind('{')
            .map_or("", |b| &list[b.saturating_sub(40)..b]);
        if owner.contains("watermark_info") || owner.contains("share_cover") {
            continue;
        }
        if let Some(u) = script::value(&list[at..], &["cdn_url:"]) {
            out.push(html_unescape(&u));
        }
    }
    out
}

mod walker;
use walker::Walker;

mod depth;

#[cfg(test)]
mod tests;
