//! Markdown articles, parsed with pulldown-cmark: YAML front matter (Jekyll archives), the
//! wechatDownload layout (cover image, `原创 author [account](javascript…)` line, trailing
//! `预览时标签不可点 …` boilerplate) and the wechat-article-exporter layout (`# Title`, meta
//! line `原创 author nick_name create_time province`, `> 原文地址: [url](url)`).
//!
//! The metadata lines are recognised on raw lines before parsing, since they are lines of a
//! known shape; the body is left to the Markdown parser.

use super::meta::{self, split_front_matter};
use super::{blank_article, paragraph_unless_debris};
use crate::model::{Article, Block, BlockKind, Format};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::Path;

pub fn parse(text: &str, path: &Path) -> Article {
    let (fm, body) = split_front_matter(text);
    let mut a = from_front_matter(path, fm);

    // Share posts saved by wechatDownload can carry a literal `\x0a` for each newline: each
    // becomes a hard line break (two of them, a paragraph break).
    let body = if memchr::memmem::find(body.as_bytes(), b"\\x0a").is_some() {
        std::borrow::Cow::Owned(body.replace("\\x0a", "  \n"))
    } else {
        std::borrow::Cow::Borrowed(body)
    };
    let body = drop_page_css(&body);
    let body = drop_interface_tail(body);
    let body = dedent_whole(body);
    let body = cut_boilerplate(&body);
    let repost = repost::read(body);
    let body = take_meta_lines(body, &mut a);
    let body = tidy_emphasis(&body);

    let mut b = Builder::default();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for ev in Parser::new_ext(&body, opts) {
        b.event(ev);
    }
    b.flush();
    a.blocks = b.blocks;
    a.links = b.links;
    if a.account.is_none() {
        a.account = b.js_link_text.filter(|t| !t.is_empty());
    }
    // A repost's source line and the original's byline: the byline's own account first,
    // then the source it names; an address without Markdown residue, never an archive copy.
    if a.account.is_none() {
        a.account = repost.byline_account.or(repost.source);
    }
    if a.author.is_none() {
        a.author = repost.author;
    }
    // A credit at the end (`作者：X，原载：Y`) when the start named nobody.
    if a.account.is_none() || a.author.is_none() {
        let (source, author) = repost::read_tail(&body);
        if a.account.is_none() {
            a.account = source;
        }
        if a.author.is_none() {
            a.author = author;
        }
    }
    if repost.published.is_some() {
        a.date = repost.published;
    }
    // `中国新闻周刊｜武汉之憾…`: the account's name before the title is not the title.
    if let Some(acc) = a.account.as_deref()
        && let Some(rest) = a.title.strip_prefix(acc)
        && let Some(t) = rest.trim_start().strip_prefix(['｜', '|'])
        && !t.trim().is_empty()
    {
        a.title = t.trim().to_string();
    }
    a.url = a.url.as_deref().and_then(repost::first_url).or(repost.url);

    // The first level-1 heading is the title when front matter gave none.
    if a.title.is_empty() {
        let h1 = a.blocks.iter().position(|x| {
            matches!(x.kind, BlockKind::Heading { level: 1 }) && !x.text.trim().is_empty()
        });
        if let Some(i) = h1.filter(|&i| i <= 2) {
            a.title = a.remove_block(i).text;
        }
    }
    // wechatDownload's layout of a shared article: `Title  原创` on a line of its own.
    if a.title.is_empty() {
        let shared = a.blocks.iter().take(8).position(|x| {
            x.kind == BlockKind::Paragraph
                && x.text.ends_with("原创")
                && x.text.len() > "原创".len()
        });
        if let Some(i) = shared {
            a.title = a
                .remove_block(i)
                .text
                .trim_end_matches("原创")
                .trim_end()
                .to_string();
        }
    }
    if a.date.is_none() {
        a.date = meta::date_from_file_name(path);
    }
    a
}

/// A Markdown article with the fields its front matter gives.
fn from_front_matter(path: &Path, fm: meta::FrontMatter) -> Article {
    let mut a = blank_article(path, Format::Markdown);
    a.title = fm.title.unwrap_or_default();
    a.author = fm.author;
    a.account = fm.account;
    a.date = fm.date;
    a.url = fm.url;
    a.tags = fm.tags;
    a
}

/// Markdown that is only a body (a feed's content written as Markdown): its blocks and links,
/// no title or byline taken out.
pub fn blocks(text: &str) -> (Vec<Block>, Vec<crate::model::Link>) {
    let body = tidy_emphasis(text);
    let mut b = Builder::default();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for ev in Parser::new_ext(&body, opts) {
        b.event(ev);
    }
    b.flush();
    (b.blocks, b.links)
}

/// Whether plain text is written as Markdown: an image, a link, a heading or bold markers.
pub fn looks_like_markdown(text: &str) -> bool {
    // Bold in pairs (`5**2` alone is arithmetic).
    let bold = text.split("**").nth(2).is_some() && text.matches("**").count().is_multiple_of(2);
    text.contains("](http")
        || bold
        || text
            .lines()
            .any(|l| l.starts_with("# ") || l.starts_with("## "))
}

/// Paired `**` bold markers are removed from each line outside code before parsing, keeping
/// the text between them. CommonMark would leave the stars showing in two common cases:
/// html2text (which wechatDownload uses) writes `** text  **` with spaces inside, and Chinese
/// bold that ends in punctuation before more text (`**…口罩。**有商户`) is not right-flanking.
/// The reading pane does not style inline bold, so nothing is lost.
fn tidy_emphasis(body: &str) -> String {
    if memchr::memmem::find(body.as_bytes(), b"**").is_none() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut fenced = false;
    // A paragraph's lines, gathered: html2text wraps lines inside a bold span.
    let mut para = String::new();
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        let code =
            fenced || t.starts_with("```") || line.starts_with("    ") || line.starts_with('\t');
        if code || line.trim().is_empty() {
            out.push_str(&unbold(&std::mem::take(&mut para)));
            out.push_str(line);
        } else {
            para.push_str(line);
        }
    }
    out.push_str(&unbold(&para));
    out
}

/// Removes paired `**` markers of one paragraph, keeping the text between them.
fn unbold(para: &str) -> String {
    let parts: Vec<&str> = para.split("**").collect();
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return para.to_string();
    }
    let mut out = String::with_capacity(para.len());
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && !part.trim().is_empty() {
            out.push_str(part.trim());
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Turns parser events into blocks.
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)] // independent states of one pass over the events
struct Builder {
    blocks: Vec<Block>,
    text: String,
    /// The kind of block the text being collected will become.
    kind: Option<BlockKind>,
    quote_depth: usize,
    /// One entry per open list: the next ordinal for ordered lists.
    lists: Vec<Option<u64>>,
    /// Inside an image: its URL and the alt text so far.
    image: Option<(String, String)>,
    /// A soft line break is pending; whether it becomes a space depends on its neighbours.
    soft: bool,
    table_row: Vec<String>,
    /// The rows of the table being read, and whether it has a header row.
    table: Vec<Vec<String>>,
    table_head: bool,
    in_cell: bool,
    /// Inside a `javascript:` link: wechatDownload's account link, whose text is the account
    /// name and whose content (an avatar) is page chrome, not article.
    in_js_link: bool,
    js_link_text: Option<String>,
    /// The link being read: where its text starts in `text`, and its address.
    link: Option<(usize, String)>,
    /// Links whose text is in `text` (they join the block it becomes), and the links of the
    /// blocks made so far.
    pending: Vec<(String, String)>,
    links: Vec<crate::model::Link>,
}

impl Builder {
    fn event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.push_text(&t),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            Event::SoftBreak => self.soft = true,
            Event::HardBreak => {
                self.soft = false;
                self.text.push('\n');
            }
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            Event::Rule
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.begin(self.context_kind()),
            Tag::Heading { level, .. } => {
                self.flush();
                self.kind = Some(BlockKind::Heading {
                    level: heading_level(level),
                });
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.kind = Some(BlockKind::Code);
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let ordinal = self.lists.last_mut().and_then(|n| {
                    let cur = *n;
                    if let Some(v) = n {
                        *v += 1;
                    }
                    cur
                });
                let depth = u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
                self.kind = Some(BlockKind::ListItem { ordinal, depth });
            }
            Tag::Link { dest_url, .. } if dest_url.starts_with("javascript:") => {
                self.in_js_link = true;
            }
            Tag::Link { dest_url, .. } => {
                if let Some(url) = super::link_target(&dest_url) {
                    self.link = Some((self.text.len(), url));
                }
            }
            Tag::Image { dest_url, .. } => {
                self.image = Some((dest_url.to_string(), String::new()));
            }
            Tag::TableRow | Tag::TableHead => self.table_row.clear(),
            Tag::TableCell => {
                self.in_cell = true;
                self.table_row.push(String::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item => {
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Link => {
                self.in_js_link = false;
                if let Some((start, url)) = self.link.take() {
                    let text = self.text.get(start..).unwrap_or("").trim();
                    self.pending.push((text.to_string(), url));
                }
            }
            TagEnd::Image => {
                if let Some((url, alt)) = self.image.take().filter(|_| !self.in_js_link) {
                    // An image splits the paragraph it sits in.
                    let kind = self.kind.clone();
                    self.flush();
                    let alt = if alt == "cover_image" {
                        "封面".to_string()
                    } else {
                        alt
                    };
                    self.blocks.push(Block::image(url, alt));
                    self.kind = kind;
                }
            }
            TagEnd::TableCell => self.in_cell = false,
            TagEnd::TableRow | TagEnd::TableHead => {
                let row: Vec<String> = self
                    .table_row
                    .drain(..)
                    .map(|c| c.trim().to_string())
                    .collect();
                self.table_head |= tag == TagEnd::TableHead;
                self.table.push(row);
            }
            TagEnd::Table => {
                let rows = std::mem::take(&mut self.table);
                let head = std::mem::take(&mut self.table_head);
                self.blocks
                    .extend(crate::archive::table_blocks(&rows, head));
            }
            _ => {}
        }
    }

    fn context_kind(&self) -> BlockKind {
        if let Some(k @ BlockKind::ListItem { .. }) = &self.kind {
            return k.clone();
        }
        if self.quote_depth > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    }

    fn begin(&mut self, kind: BlockKind) {
        if !self.text.is_empty() {
            self.flush();
        }
        self.kind = Some(kind);
    }

    fn push_text(&mut self, t: &str) {
        if self.in_js_link {
            if self.image.is_none() {
                self.js_link_text.get_or_insert_default().push_str(t.trim());
            }
            return;
        }
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(t);
            return;
        }
        if self.in_cell {
            if let Some(c) = self.table_row.last_mut() {
                c.push_str(t);
            }
            return;
        }
        if self.soft {
            self.soft = false;
            let prev_wide = self.text.chars().next_back().is_some_and(is_wide);
            let next_wide = t.chars().next().is_some_and(is_wide);
            // Chinese lines joined by a soft break need no space; Latin words do.
            if (!prev_wide || !next_wide) && !self.text.is_empty() {
                self.text.push(' ');
            }
        }
        self.text.push_str(t);
    }

    /// HTML inside Markdown (Jekyll archives): keep the text, turn `<br>` and block tags into
    /// line breaks and `<img src>` into image blocks. Full HTML parsing is the HTML parser's.
    fn html(&mut self, h: &str) {
        let mut rest = h;
        while let Some(lt) = rest.find('<') {
            self.push_text(&decode_entities(&rest[..lt]));
            let Some(gt) = rest[lt..].find('>') else {
                rest = "";
                break;
            };
            let tag = &rest[lt + 1..lt + gt];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            match name.as_str() {
                "br" => self.text.push('\n'),
                "p" | "div" | "section" | "h1" | "h2" | "h3" | "h4" | "li" | "blockquote"
                    if tag.starts_with('/') =>
                {
                    let kind = self.kind.clone();
                    self.flush();
                    self.kind = kind;
                }
                "img" => {
                    if let Some(src) = attr(tag, "data-src").or_else(|| attr(tag, "src")) {
                        let kind = self.kind.clone();
                        self.flush();
                        self.blocks
                            .push(Block::image(src, attr(tag, "alt").unwrap_or_default()));
                        self.kind = kind;
                    }
                }
                _ => {}
            }
            rest = &rest[lt + gt + 1..];
        }
        if !rest.is_empty() {
            self.push_text(&decode_entities(rest));
        }
    }

    fn flush(&mut self) {
        self.soft = false;
        let text = std::mem::take(&mut self.text);
        let kind = self.kind.take().unwrap_or_else(|| self.context_kind());
        if text.trim().is_empty() {
            return;
        }
        let block = match kind {
            BlockKind::Paragraph => paragraph_unless_debris(text),
            BlockKind::Heading { .. } if text.trim_matches(['#', ' ']).is_empty() => None,
            kind => Some(Block { kind, text }),
        };
        let pending = std::mem::take(&mut self.pending);
        if let Some(b) = block {
            self.blocks.push(b);
            let at = self.blocks.len() - 1;
            self.links
                .extend(pending.into_iter().map(|(text, url)| crate::model::Link {
                    block: at,
                    text,
                    url,
                }));
        }
        // A link being read goes on in the next block's text.
        if let Some((start, _)) = &mut self.link {
            *start = 0;
        }
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
        || crate::text::no_start(c) && !c.is_ascii()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = tag[at + name.len()..].trim_start();
        if let (true, Some(v)) = (before_ok, rest.strip_prefix('=')) {
            let v = v.trim_start();
            let (q, v) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
                _ => (None, v),
            };
            let end = match q {
                Some(q) => v.find(q).unwrap_or(v.len()),
                None => v
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(v.len()),
            };
            return Some(decode_entities(&v[..end]));
        }
    }
    None
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

mod byline;
mod page;
mod repost;

use byline::take_meta_lines;
use page::{cut_boilerplate, dedent_whole, drop_interface_tail, drop_page_css};

#[cfg(test)]
mod tests;
