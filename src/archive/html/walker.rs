//! The walk over a page's DOM that turns it into blocks and links: block elements end a
//! block, `<br>` breaks a line, `<img>` is an image block, `<a href>` a link of the block its
//! text lands in, tables become aligned text.

use super::{collapse, image_url_line};
use crate::archive::script::html_unescape;
use crate::model::{Block, BlockKind, Link};
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};
use std::path::Path;

/// A list item's number: `None` in a bulleted list.
type Ordinal = Option<u64>;

/// Turns a DOM subtree into blocks.
pub(super) struct Walker<'d> {
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
    /// The table's first row is a header (`th` cells).
    table_head: bool,
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
    pub(super) fn run(root: ElementRef<'_>, dir: &'d Path) -> (Vec<Block>, Vec<Link>) {
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
            table_head: false,
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
                    .and_then(crate::archive::link_target)
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
                // A first row of `th` cells is the header.
                if name == "th" && self.table.as_ref().is_some_and(|r| r.len() == 1) {
                    self.table_head = true;
                }
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
                    let rows: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| r.iter().map(|c| collapse(c)).collect())
                        .collect();
                    let head = std::mem::take(&mut self.table_head);
                    self.blocks
                        .extend(crate::archive::table_blocks(&rows, head));
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
            BlockKind::ListItem {
                ordinal,
                depth: u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX),
            }
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
