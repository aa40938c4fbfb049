//! Finding article files, detecting their format, decoding and parsing them into articles.
//!
//! Owns the walk over the user's paths, the per-format parsers ([`txt`], [`markdown`]) and the
//! [`Problem`] report for every file that could not be read. Everything a parser returns goes
//! through [`finish`], which sanitizes every field (REFERENCE.md §6) and assigns the stable id.
//! Must not import ratatui or crossterm: the TUI runs [`load`] on a worker thread.

pub mod markdown;
pub mod meta;
pub mod txt;

use crate::model::{Article, Block, BlockKind, Format};
use crate::sanitize;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are not read: no article is that big, and reading one would stall.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What a load reports as it goes. Articles come in batches so a UI can show them early.
#[derive(Debug, Clone)]
pub enum Event {
    Articles(Vec<Article>),
    Problem(Problem),
    Done(Stats),
}

/// Counts for a finished load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files looked at (all extensions).
    pub files: usize,
    pub articles: usize,
    /// Files skipped because wxr does not read their format.
    pub skipped: usize,
    pub problems: usize,
    /// Paths given by the user that could not be opened at all.
    pub unopened: usize,
}

const BATCH: usize = 64;

/// The format a file name says, if wxr reads it.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Txt),
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        _ => None,
    }
}

/// Parses one file's bytes. `Err` is the reason it could not be read.
pub fn parse_bytes(path: &Path, format: Format, bytes: &[u8]) -> Result<Article, String> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    let text = sanitize::text(&text);
    let article = match format {
        Format::Txt => txt::parse(&text, path),
        Format::Markdown => markdown::parse(&text, path),
    };
    finish(article).ok_or_else(|| "no text in file".to_string())
}

fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF])
    {
        return Err("binary file (contains NUL bytes)".to_string());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!(
            "not valid UTF-8 (bad byte at offset {}); other encodings are not read yet",
            e.valid_up_to()
        )),
    }
}

/// Sanitizes every field, drops empty blocks, fills a missing title and assigns the id.
/// `None` when nothing readable is left.
pub fn finish(mut a: Article) -> Option<Article> {
    a.title = sanitize::line(&a.title);
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
        if let BlockKind::Image { url } = &mut b.kind {
            *url = sanitize::line(url);
        }
    }
    a.blocks
        .retain(|b| !b.text.is_empty() || matches!(b.kind, BlockKind::Image { .. }));
    if a.blocks.is_empty() && a.title.is_empty() {
        return None;
    }
    if a.title.is_empty() {
        // No title in the file: the start of the first text block, else the file name.
        let from_text = a
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Image { .. }))
            .map(|b| sanitize::line(&b.text).chars().take(40).collect::<String>())
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
fn tidy_block(s: &str) -> String {
    let lines: Vec<&str> = s.split('\n').map(|l| l.trim_end_matches(' ')).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(f), Some(l)) => lines[f..=l].join("\n"),
        _ => String::new(),
    }
}

/// An empty article shell for a parser to fill.
pub fn blank_article(path: &Path, format: Format) -> Article {
    Article {
        id: crate::model::ArticleId(0),
        title: String::new(),
        account: None,
        author: None,
        date: None,
        url: None,
        tags: Vec::new(),
        source: path.to_path_buf(),
        format,
        blocks: Vec::new(),
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

/// Loads articles from `source`, reporting through `sink` as it goes: batches of articles,
/// each problem, and finally the counts. Never panics on a bad file; never stops early.
pub fn load(source: &Source, sink: &mut dyn FnMut(Event)) {
    let mut l = Loader {
        stats: Stats::default(),
        batch: Vec::new(),
        sink,
    };
    match source {
        Source::Sample => {
            for (name, body) in crate::sample::FILES {
                l.stats.files += 1;
                let path = PathBuf::from(format!("sample:/{name}"));
                let Some(format) = format_of(&path) else {
                    continue;
                };
                let r = parse_bytes(&path, format, body.as_bytes()).map_err(|reason| Problem {
                    path: path.clone(),
                    reason,
                });
                l.emit(r);
            }
        }
        Source::Paths(paths) => {
            for root in paths {
                if let Err(e) = std::fs::metadata(root) {
                    l.stats.unopened += 1;
                    l.emit(Err(Problem {
                        path: root.clone(),
                        reason: io_reason(&e),
                    }));
                    continue;
                }
                for entry in walk(root) {
                    match entry {
                        Walked::File(path) => {
                            l.stats.files += 1;
                            let Some(format) = format_of(&path) else {
                                l.stats.skipped += 1;
                                continue;
                            };
                            let r = read_file(&path, format).map_err(|reason| Problem {
                                path: path.clone(),
                                reason,
                            });
                            l.emit(r);
                        }
                        Walked::Problem(p) => l.emit(Err(p)),
                    }
                }
            }
        }
    }
    if !l.batch.is_empty() {
        (l.sink)(Event::Articles(std::mem::take(&mut l.batch)));
    }
    (l.sink)(Event::Done(l.stats));
}

struct Loader<'s> {
    stats: Stats,
    batch: Vec<Article>,
    sink: &'s mut dyn FnMut(Event),
}

impl Loader<'_> {
    fn emit(&mut self, r: Result<Article, Problem>) {
        match r {
            Ok(a) => {
                self.stats.articles += 1;
                self.batch.push(a);
                if self.batch.len() >= BATCH {
                    (self.sink)(Event::Articles(std::mem::take(&mut self.batch)));
                }
            }
            Err(p) => {
                self.stats.problems += 1;
                (self.sink)(Event::Problem(p));
            }
        }
    }
}

/// Loads everything at once: for the CLI and tests.
pub fn load_all(source: &Source) -> (Vec<Article>, Vec<Problem>, Stats) {
    let (mut arts, mut probs, mut stats) = (Vec::new(), Vec::new(), Stats::default());
    load(source, &mut |e| match e {
        Event::Articles(a) => arts.extend(a),
        Event::Problem(p) => probs.push(p),
        Event::Done(s) => stats = s,
    });
    arts.sort_by(crate::model::list_order);
    (arts, probs, stats)
}

fn read_file(path: &Path, format: Format) -> Result<Article, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("larger than 64 MiB ({} bytes)", meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| io_reason(&e))?;
    parse_bytes(path, format, &bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

enum Walked {
    File(PathBuf),
    Problem(Problem),
}

/// Files under `root` in a stable order (by name), following symlinks; hidden folders such as
/// `.git` are not entered. A symlink loop or unreadable folder becomes a problem, not a stop.
fn walk(root: &Path) -> impl Iterator<Item = Walked> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.'))
        })
        .filter_map(|r| match r {
            Ok(e) if e.file_type().is_file() => Some(Walked::File(e.into_path())),
            Ok(_) => None,
            Err(e) => {
                let path = e.path().map_or_else(PathBuf::new, Path::to_path_buf);
                let reason = if e.loop_ancestor().is_some() {
                    "symlink loop".to_string()
                } else if let Some(io) = e.io_error() {
                    io_reason(io)
                } else {
                    e.to_string()
                };
                Some(Walked::Problem(Problem { path, reason }))
            }
        })
}

/// A paragraph block, or nothing when the text is only markup debris (`__ _ _`, `***`).
pub fn paragraph_unless_debris(text: String) -> Option<Block> {
    let debris = text
        .chars()
        .all(|c| matches!(c, '_' | '*' | '-' | ' ' | '\n' | '#' | '='));
    (!debris).then(|| Block::paragraph(text))
}
