//! Finding article files, detecting their format, decoding and parsing them into articles.
//!
//! Owns the walk over the user's paths, the per-format parsers ([`txt`], [`markdown`]) and the
//! [`Problem`] report for every file that could not be read. Everything a parser returns goes
//! through [`finish`], which sanitizes every field (REFERENCE.md §6) and assigns the stable id.
//! Must not import ratatui or crossterm: the TUI runs [`load`] on a worker thread.

pub mod chrome;
pub mod csv_list;
pub mod decode;
pub mod evidence;
pub mod feed;
pub mod html;
pub mod json;
pub mod library;
pub mod markdown;
pub mod meta;
pub mod mhtml;
pub mod pipeline;
pub mod script;
pub mod store;
mod table;
pub mod txt;
pub mod xlsx;
pub mod zipped;

pub use table::table_blocks;

pub use library::{Added, Library};
pub use pipeline::{
    Event, Loaded, MAX_FILE_BYTES, Options, Walked, io_reason, load, load_all, load_all_with,
    load_with, read_file, wait_for_saves, walk,
};

use crate::model::{Article, Block, BlockKind, Format};
use crate::sanitize;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The sample archive embedded in the binary.
    Sample,
    /// Files and folders (searched recursively) given by the user.
    Paths(Vec<PathBuf>),
}

/// A file that was skipped or only partly read, with a plain reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: PathBuf,
    pub kind: ProblemKind,
    pub reason: String,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Nothing could be read from the file.
    Unreadable,
    /// Articles were read, but part of the file was not (bad lines, undecodable bytes).
    Partial,
    /// A file of a format wxr does not read.
    Skipped,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// Counts for a finished load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files looked at (all extensions).
    pub files: usize,
    pub articles: usize,
    /// Files skipped because wxr does not read their format (assets included).
    pub skipped: usize,
    /// Files whose article was already loaded from another file, merged into it.
    pub merged: usize,
    pub problems: usize,
    /// Paths given by the user that could not be opened at all.
    pub unopened: usize,
    /// Files answered by a library store without being read.
    pub stored: usize,
}

/// The format a file name says, if wxr reads it.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    // Without lower-casing a copy: this runs for every file of a folder.
    let is = |names: &[&str]| names.iter().any(|n| ext.eq_ignore_ascii_case(n));
    if is(&["md", "markdown", "mdown", "mkd"]) {
        Some(Format::Markdown)
    } else if is(&["html", "htm", "xhtml", "shtml"]) {
        Some(Format::Html)
    } else if is(&["txt", "text"]) {
        Some(Format::Txt)
    } else if is(&["json"]) {
        Some(Format::Json)
    } else if is(&["jsonl", "ndjson"]) {
        Some(Format::Jsonl)
    } else if is(&["csv"]) {
        Some(Format::Csv)
    } else if is(&["rss", "atom", "xml"]) {
        Some(Format::Feed)
    } else if is(&["mhtml", "mht"]) {
        Some(Format::Mhtml)
    } else if is(&["xlsx", "xlsm", "xls", "ods"]) {
        Some(Format::Xlsx)
    } else if is(&["zip"]) {
        Some(Format::Zip)
    } else {
        None
    }
}

/// Files that sit beside articles in exports (images, styles, scripts, fonts, media) and are
/// not articles by nature: skipped without a problem report.
pub fn is_asset(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    hidden
        || ext.is_some_and(|e| {
            matches!(
                e.as_str(),
                "jpg"
                    | "jpeg"
                    | "png"
                    | "gif"
                    | "webp"
                    | "bmp"
                    | "svg"
                    | "ico"
                    | "avif"
                    | "heic"
                    | "tif"
                    | "tiff"
                    | "css"
                    | "js"
                    | "map"
                    | "woff"
                    | "woff2"
                    | "ttf"
                    | "otf"
                    | "eot"
                    | "mp3"
                    | "mp4"
                    | "m4a"
                    | "wav"
                    | "ogg"
                    | "webm"
                    | "mov"
            )
        })
}

/// Why nothing could be read from a file (what the problems list and `wxr list` show).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// It could not be opened or read (no such file, permission denied, …).
    #[error("{0}")]
    Io(String),
    #[error("not a regular file")]
    NotRegular,
    #[error("larger than 64 MiB ({0} bytes)")]
    TooLarge(u64),
    #[error("binary file (contains NUL bytes)")]
    Binary,
    /// Not text in any encoding wxr knows.
    #[error("{0}")]
    Undecodable(String),
    #[error("empty file")]
    Empty,
    #[error("no text in file")]
    NoText,
    /// Readable, but not an article (an account profile page, a list without titles).
    #[error("{0}")]
    NotAnArticle(String),
    /// Its format is broken (bad JSON, a bad CSV header).
    #[error("{0}")]
    Broken(String),
    /// unknown format (.docx)
    #[error("unknown format ({0})")]
    UnknownFormat(String),
    /// A bug met while parsing it ([`crate::guard`]).
    #[error(transparent)]
    Internal(#[from] crate::guard::Failure),
}

/// What one file yielded: its articles, and problems with parts of it (bad JSONL lines,
/// undecodable bytes) when it was only partly read.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub articles: Vec<Article>,
    pub problems: Vec<String>,
}

/// Parses one file's bytes. `Err` is the reason nothing could be read from it; a bug met
/// in a parser is such a reason too (the other files load as ever).
pub fn parse_bytes(path: &Path, format: Format, bytes: &[u8]) -> Result<Parsed, ReadError> {
    crate::guard::isolate(|| parse_unguarded(path, format, bytes))
        .unwrap_or_else(|f| Err(ReadError::Internal(f)))
}

/// The longest title kept as a title, in characters (longer ones go to the body).
pub const MAX_TITLE_CHARS: usize = 200;

/// The most articles one file gives (a list of a million rows would otherwise take
/// gigabytes); the rest are reported as a problem of the file.
pub const MAX_ARTICLES_PER_FILE: usize = 100_000;

/// The problem of a file with more articles than [`MAX_ARTICLES_PER_FILE`].
pub(crate) fn too_many_articles() -> String {
    format!(
        "partly read: more than {MAX_ARTICLES_PER_FILE} articles in one file; the first {MAX_ARTICLES_PER_FILE} were read"
    )
}

/// Parses a file's bytes, taking them: they are freed before the articles are finished (a big
/// file is not held twice).
pub fn parse_owned(path: &Path, format: Format, bytes: Vec<u8>) -> Result<Parsed, ReadError> {
    crate::guard::isolate(|| {
        let raw = raw_articles(path, format, &bytes)?;
        drop(bytes);
        finish_all(raw)
    })
    .unwrap_or_else(|f| Err(ReadError::Internal(f)))
}

fn parse_unguarded(path: &Path, format: Format, bytes: &[u8]) -> Result<Parsed, ReadError> {
    finish_all(raw_articles(path, format, bytes)?)
}

/// What a parser made of a file, before [`finish`]: its articles, problems and encoding.
pub(crate) struct Raw {
    articles: Vec<Article>,
    problems: Vec<String>,
    encoding: Option<&'static str>,
}

pub(crate) fn raw_articles(path: &Path, format: Format, bytes: &[u8]) -> Result<Raw, ReadError> {
    crate::guard::failpoint("parse");
    // A spreadsheet is a zip of XML, not text; a zip holds files.
    if matches!(format, Format::Xlsx | Format::Zip) {
        let (articles, problems) = if format == Format::Xlsx {
            xlsx::parse(bytes, path)?
        } else {
            zipped::parse(bytes, path)?
        };
        return Ok(Raw {
            articles,
            problems,
            encoding: None,
        });
    }
    let d = decode::decode(bytes)?;
    if d.text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let mut problems = Vec::new();
    if d.bad_bytes > 0 {
        let enc = d.encoding.unwrap_or("UTF-8");
        problems.push(format!(
            "partly read: {} undecodable bytes (read as {enc})",
            d.bad_bytes
        ));
    }
    let text = sanitize::text(&d.text);
    let sniffed_from = format;
    let format = sniffed(format, &text);
    let articles = match format {
        Format::Txt => vec![txt::parse(&text, path)],
        Format::Markdown => vec![markdown::parse(&text, path)],
        Format::Html => vec![html::parse(&text, path)?],
        Format::Json => {
            let (a, p) = json::parse_capped(&text, path)?;
            problems.extend(p);
            a
        }
        Format::Jsonl => {
            let (a, p) = json::parse_lines(&text, path);
            problems.extend(p);
            a
        }
        Format::Csv => {
            let (a, p) = csv_list::parse(&text, path)?;
            problems.extend(p);
            a
        }
        // A text file that only looked like a feed is read as what its name says.
        Format::Feed if sniffed_from != Format::Feed => match feed::parse(&text, path) {
            Ok(a) => a,
            Err(_) if sniffed_from == Format::Markdown => vec![markdown::parse(&text, path)],
            Err(_) => vec![txt::parse(&text, path)],
        },
        Format::Feed => feed::parse(&text, path)?,
        Format::Xlsx | Format::Zip => unreachable!("read before decoding"),
        Format::Mhtml => {
            let mut a = html::parse(&mhtml::html_of(&text)?, path)?;
            a.format = Format::Mhtml;
            vec![a]
        }
    };
    Ok(Raw {
        articles,
        problems,
        encoding: d.encoding,
    })
}

/// The format a text file's content shows when its extension lies: a feed saved as `.md` or
/// `.txt` (we-mp-rss serves any feed path it is asked for, `feed.md` too, as Atom XML).
fn sniffed(format: Format, text: &str) -> Format {
    if !matches!(format, Format::Markdown | Format::Txt) {
        return format;
    }
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let mut head = t.len().min(1024);
    while !t.is_char_boundary(head) {
        head -= 1;
    }
    let head = &t[..head];
    if (t.starts_with("<?xml") || t.starts_with("<rss") || t.starts_with("<feed"))
        && (head.contains("<rss") || head.contains("<feed"))
    {
        Format::Feed
    } else {
        format
    }
}

fn finish_all(raw: Raw) -> Result<Parsed, ReadError> {
    let mut out = Parsed {
        problems: raw.problems,
        ..Parsed::default()
    };
    for mut a in raw.articles {
        a.encoding = raw.encoding.map(str::to_string);
        out.articles.extend(finish(a));
    }
    if out.articles.is_empty() {
        return Err(out
            .problems
            .pop()
            .map_or(ReadError::NoText, ReadError::Broken));
    }
    Ok(out)
}

/// Sanitizes every field, drops empty blocks, fills a missing title and assigns the id.
/// `None` when nothing readable is left.
pub fn finish(mut a: Article) -> Option<Article> {
    // HTML entities left in metadata by exporters (`&quot;`) are characters, so that copies
    // of one article agree on its title.
    a.title = sanitize::line(&script::html_unescape(&a.title));
    for f in [&mut a.account, &mut a.author] {
        *f = f.as_deref().map(script::html_unescape);
    }
    let file_title = meta::title_from_file_name(&a.source);
    evidence::check(&mut a, &file_title);
    for f in [&mut a.account, &mut a.author, &mut a.date, &mut a.url] {
        *f = f.as_deref().map(sanitize::line).filter(|s| !s.is_empty());
    }
    a.tags = a
        .tags
        .iter()
        .map(|t| sanitize::line(t))
        .filter(|t| !t.is_empty())
        .collect();
    for b in &mut a.blocks {
        b.text = match b.kind {
            BlockKind::Code => sanitize::text(&b.text).trim_end_matches('\n').to_string(),
            _ => tidy_block(&sanitize::text(&b.text)),
        };
        if let BlockKind::Image { url, .. } = &mut b.kind {
            *url = sanitize::line(url);
        }
    }
    chrome::strip(&mut a);
    // Empty blocks go; the links keep pointing at their blocks.
    a.retain_blocks(|b| !b.text.is_empty() || matches!(b.kind, BlockKind::Image { .. }));
    let links = std::mem::take(&mut a.links);
    a.links = links
        .into_iter()
        .filter_map(|mut l| {
            l.text = sanitize::line(&l.text);
            l.url = sanitize::line(&l.url);
            (!l.url.is_empty()).then_some(l)
        })
        .collect();
    if a.blocks.is_empty() && a.title.is_empty() {
        return None;
    }
    // A title longer than any real one (a TXT export with the whole article on one line, a
    // file of one letter) goes to the body whole; the title is then the file's name, else
    // the start of that text.
    if a.title.chars().nth(MAX_TITLE_CHARS).is_some() {
        let whole = std::mem::take(&mut a.title);
        let name = sanitize::line(&meta::title_from_file_name(&a.source));
        a.title = if name.is_empty() {
            whole.chars().take(40).chain(['…']).collect()
        } else {
            name
        };
        a.blocks.insert(0, Block::paragraph(whole));
        for l in &mut a.links {
            l.block += 1;
        }
    }
    // No title in the file: the title its name gives when it is one (exporters name files by
    // the title: we-mp-rss's `20250702_社区食堂开张第一周.md` has no title line) — two
    // Chinese characters at least, so that `01.html` or `a1b2c3.md` is none.
    let one_a_file = matches!(
        a.format,
        Format::Markdown | Format::Txt | Format::Html | Format::Mhtml
    );
    let default_name = ["新建文本文档", "新建文件", "未命名", "无标题"]
        .iter()
        .any(|d| file_title.starts_with(d));
    if a.title.is_empty()
        && one_a_file
        && !default_name
        && file_title
            .chars()
            .filter(|c| crate::highlight::words::is_han(*c))
            .count()
            >= 2
    {
        a.title = sanitize::line(file_title.trim());
    }
    if a.title.is_empty() {
        // No title in the file: the start of the first text block, else the file name.
        let from_text = a
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Image { .. }))
            .map(|b| {
                let head: String = b.text.chars().take(200).collect();
                sanitize::line(&head).chars().take(40).collect::<String>()
            })
            .find(|t| !t.is_empty());
        let from_name = || {
            let stem = a
                .source
                .file_stem()
                .map(|s| sanitize::line(&s.to_string_lossy()));
            stem.filter(|s| !s.is_empty())
        };
        a.title = from_text
            .or_else(from_name)
            .unwrap_or_else(|| "（无标题）".to_string());
    }
    if a.title.is_empty() && a.blocks.is_empty() {
        return None;
    }
    a.assign_id();
    Some(a)
}

/// Trims a prose block: no trailing spaces on its lines, no blank lines at either end.
/// Runs of spaces inside a line become one (html2text pads with them); leading spaces and
/// `　　` indents stay.
fn tidy_block(s: &str) -> String {
    // One line (most paragraphs): the same as below, without the vector.
    if !s.contains('\n') {
        let t = s.trim_end_matches(' ');
        return if t.trim().is_empty() {
            String::new()
        } else {
            squeeze_spaces(t)
        };
    }
    tidy_by_lines(s)
}

/// [`tidy_block`] without its one-line fast path.
fn tidy_by_lines(s: &str) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| squeeze_spaces(l.trim_end_matches(' ')))
        .collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(f), Some(l)) => lines[f..=l].join("\n"),
        _ => String::new(),
    }
}

fn squeeze_spaces(line: &str) -> String {
    if !line.contains("  ") {
        return line.to_string();
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut out = String::with_capacity(line.len());
    out.push_str(&line[..indent]);
    let mut prev_space = false;
    for c in line[indent..].chars() {
        if c == ' ' && prev_space {
            continue;
        }
        prev_space = c == ' ';
        out.push(c);
    }
    out
}

/// Where a link in an article points, when it is somewhere a reader can go: a web address
/// or mail (`javascript:`, `#anchor` and empty ones are not links to follow).
pub fn link_target(href: &str) -> Option<String> {
    let h = script::html_unescape(href.trim());
    let lower = h.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        .then_some(h)
}

/// An empty article shell for a parser to fill.
pub fn blank_article(path: &Path, format: Format) -> Article {
    Article {
        source: path.to_path_buf(),
        format,
        ..Article::default()
    }
}

/// Whether a whole line is just an image URL (forum reposts and TXT exports put them so).
pub fn image_url_line(line: &str) -> Option<&str> {
    let l = line.trim();
    let l = l
        .strip_prefix("[img]")
        .and_then(|x| x.strip_suffix("[/img]"))
        .unwrap_or(l);
    if !(l.starts_with("https://") || l.starts_with("http://")) || l.contains(char::is_whitespace) {
        return None;
    }
    let lower = l.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or("");
    let looks_image = lower.contains("mmbiz.qpic.cn")
        || lower.contains("wx_fmt=")
        || [".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"]
            .iter()
            .any(|e| path.ends_with(e));
    looks_image.then_some(l)
}

/// A paragraph block, or nothing when the text is only markup debris (`__ _ _`, `***`).
pub fn paragraph_unless_debris(text: String) -> Option<Block> {
    let debris = text
        .chars()
        .all(|c| matches!(c, '_' | '*' | '-' | ' ' | '\n' | '#' | '='));
    (!debris).then(|| Block::paragraph(text))
}

#[cfg(test)]
mod tidy_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn one_line_fast_path_agrees(s in "[a-z中文 \u{3000}\t]{0,30}") {
            prop_assert_eq!(tidy_block(&s), tidy_by_lines(&s));
        }
    }
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    /// Issue 11: a parser bug on one file makes that file a problem, with the reason.
    #[test]
    fn a_parser_bug_is_a_problem_of_that_file() {
        crate::guard::install_hook();
        let path = Path::new("a.md");
        let bytes = "# 标题\n\n正文。".as_bytes();
        let err = {
            let _armed = crate::guard::arm("parse");
            parse_bytes(path, Format::Markdown, bytes)
                .unwrap_err()
                .to_string()
        };
        assert!(
            err.starts_with("internal error (failpoint parse at "),
            "{err}"
        );
        assert_eq!(
            parse_bytes(path, Format::Markdown, bytes)
                .unwrap()
                .articles
                .len(),
            1
        );
    }
}
