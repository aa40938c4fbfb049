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
use crate::model::{Article, Block, BlockKind, Format, Link, Status};
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};
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
    a.account = first_text(&doc, "#js_name")
        .or_else(|| script::value(text, &["var nickname = ", "nick_name:", "nick_name :"]))
        .map(|s| collapse(&s));
    a.author = meta_content(&doc, "meta[name='author']")
        .or_else(|| script::value(text, &["var author = "]))
        .or_else(|| first_text(&doc, "#js_author_name"));
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
    match show_type {
        10 => {
            // Text share: the body element is filled by script; the text is in the page data
            // (`content_noencode`), or is the whole "title" when the author gave none.
            let body = script::value(text, &["content_noencode:", "content_noencode :"])
                .or_else(|| msg_title.clone())
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

/// A list item's number: `None` in a bulleted list.
type Ordinal = Option<u64>;

/// Turns a DOM subtree into blocks.
struct Walker<'d> {
    blocks: Vec<Block>,
    text: String,
    dir: &'d Path,
    skip: usize,
    pre: usize,
    quote: usize,
    heading: Option<u8>,
    lists: Vec<Option<u64>>,
    /// Inside a list item that has not produced its bulleted block yet: its ordinal.
    item: Option<Ordinal>,
    table: Option<Vec<Vec<String>>>,
    /// The link being read: where its text starts in `text`, and its address.
    link: Option<(usize, String)>,
    /// Links whose text is in `text`, and the links of the blocks made so far.
    pending: Vec<(String, String)>,
    links: Vec<Link>,
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "head",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "center",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "main",
    "address",
    "details",
    "summary",
];

impl<'d> Walker<'d> {
    fn run(root: ElementRef<'_>, dir: &'d Path) -> (Vec<Block>, Vec<Link>) {
        let mut w = Walker {
            link: None,
            pending: Vec::new(),
            links: Vec::new(),
            blocks: Vec::new(),
            text: String::new(),
            dir,
            skip: 0,
            pre: 0,
            quote: 0,
            heading: None,
            lists: Vec::new(),
            item: None,
            table: None,
        };
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Text(t) if w.skip == 0 => w.push_text(t),
                    Node::Element(e) => w.open(e),
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(e) = node.value() {
                        w.close(e);
                    }
                }
            }
        }
        w.flush();
        (w.blocks, w.links)
    }

    fn push_text(&mut self, t: &str) {
        if let Some(rows) = &mut self.table {
            if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                cell.push_str(t);
            }
            return;
        }
        if self.pre > 0 {
            self.text.push_str(t);
            return;
        }
        // HTML whitespace collapses to one space.
        let mut space = self.text.ends_with([' ', '\n']) || self.text.is_empty();
        for c in t.chars() {
            if c.is_ascii_whitespace() || c == '\u{a0}' {
                if !space {
                    self.text.push(' ');
                    space = true;
                }
            } else {
                self.text.push(c);
                space = false;
            }
        }
    }

    fn open(&mut self, e: &scraper::node::Element) {
        let name = e.name();
        if SKIP.contains(&name) {
            self.skip += 1;
            return;
        }
        if self.skip > 0 {
            return;
        }
        match name {
            "br" if self.table.is_none() => self.text.push('\n'),
            "img" => self.image(e),
            "a" if self.table.is_none() => {
                self.link = e
                    .attr("href")
                    .and_then(super::link_target)
                    .map(|u| (self.text.len(), u));
            }
            "pre" => {
                self.flush();
                self.pre += 1;
            }
            "blockquote" => {
                self.flush();
                self.quote += 1;
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading = name[1..].parse().ok();
            }
            "ul" | "ol" => {
                self.flush();
                let start = (name == "ol")
                    .then(|| e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1));
                self.lists.push(start);
            }
            "li" => {
                self.flush();
                let ordinal = self.lists.last_mut().and_then(|n| {
                    let cur = *n;
                    if let Some(v) = n {
                        *v += 1;
                    }
                    cur
                });
                self.item = Some(ordinal);
            }
            "table" => {
                self.flush();
                self.table = Some(Vec::new());
            }
            "tr" => {
                if let Some(rows) = &mut self.table {
                    rows.push(Vec::new());
                }
            }
            "td" | "th" => {
                if let Some(row) = self.table.as_mut().and_then(|r| r.last_mut()) {
                    row.push(String::new());
                }
            }
            n if BLOCK.contains(&n) => self.flush(),
            _ => {}
        }
    }

    fn close(&mut self, e: &scraper::node::Element) {
        let name = e.name();
        if SKIP.contains(&name) {
            self.skip = self.skip.saturating_sub(1);
            return;
        }
        if self.skip > 0 {
            return;
        }
        match name {
            "pre" => {
                self.flush();
                self.pre = self.pre.saturating_sub(1);
            }
            "blockquote" => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading = None;
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
            }
            "li" => {
                self.flush();
                self.item = None;
            }
            "a" => {
                if let Some((start, url)) = self.link.take() {
                    let text = collapse(self.text.get(start..).unwrap_or(""));
                    self.pending.push((text, url));
                }
            }
            "table" => {
                if let Some(rows) = self.table.take() {
                    self.blocks.extend(table_block(&rows));
                }
            }
            n if BLOCK.contains(&n) => self.flush(),
            _ => {}
        }
    }

    fn image(&mut self, e: &scraper::node::Element) {
        let remote = ["data-src", "src", "data-original"]
            .iter()
            .filter_map(|a| e.attr(a))
            .map(|u| html_unescape(u.trim()))
            .find(|u| u.starts_with("http"));
        let local = ["src", "data-src"]
            .iter()
            .filter_map(|a| e.attr(a))
            .map(str::trim)
            .find(|u| !u.is_empty() && !u.contains("://") && !u.starts_with("data:"))
            .map(|u| self.dir.join(u.trim_start_matches("./")))
            .filter(|p| p.is_file())
            .map(|p| p.display().to_string());
        let Some(url) = remote.or_else(|| local.clone()) else {
            return;
        };
        if self.table.is_some() {
            return;
        }
        self.flush();
        let alt = e.attr("alt").map(collapse).unwrap_or_default();
        self.blocks.push(Block {
            kind: BlockKind::Image { url, local },
            text: alt,
        });
    }

    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        if let Some((start, _)) = &mut self.link {
            *start = 0;
        }
        let before = self.blocks.len();
        self.flush_text();
        // The links read in the text join the block it became (if it became one).
        if self.blocks.len() > before {
            let at = self.blocks.len() - 1;
            self.links
                .extend(pending.into_iter().map(|(text, url)| Link {
                    block: at,
                    text,
                    url,
                }));
        }
    }

    fn flush_text(&mut self) {
        let text = std::mem::take(&mut self.text);
        let text = if self.pre > 0 {
            text.trim_matches('\n').to_string()
        } else {
            tidy(&text)
        };
        if text.trim().is_empty() {
            return;
        }
        // A paragraph that is only an image URL is an image (some exporters write them so).
        if let Some(url) = image_url_line(&text).filter(|_| self.pre == 0) {
            self.blocks.push(Block::image(url, ""));
            return;
        }
        let kind = if self.pre > 0 {
            BlockKind::Code
        } else if let Some(level) = self.heading {
            BlockKind::Heading { level }
        } else if let Some(ordinal) = self.item.take() {
            BlockKind::ListItem { ordinal }
        } else if self.quote > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        };
        self.blocks.push(Block { kind, text });
    }
}

/// Trims each line of collapsed text.
fn tidy(s: &str) -> String {
    s.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

/// A table as aligned text: columns padded to their widest cell (display width).
fn table_block(rows: &[Vec<String>]) -> Option<Block> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| collapse(c)).collect::<Vec<_>>())
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| crate::text::width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let lines: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut line = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = r.get(i).map_or("", String::as_str);
                line.push_str(cell);
                if i + 1 < cols {
                    line.push_str(&" ".repeat(w - crate::text::width(cell) + 2));
                }
            }
            line.trim_end().to_string()
        })
        .collect();
    Some(Block {
        kind: BlockKind::Code,
        text: lines.join("\n"),
    })
}

mod depth;

#[cfg(test)]
mod tests;
